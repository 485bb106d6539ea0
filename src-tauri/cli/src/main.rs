//! `skh`: Sổ Kế Hoạch from the command line. It calls the same core functions as the application,
//! so whatever the app can do, a script can do too; tests use it to build and compare stores.

mod backup;
mod bench;
mod bench_bundle;
mod bench_reports;
mod failure;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};
use sokehoach_core::Store;
use sokehoach_core::bundle::ConflictChoice;
use sokehoach_core::deadlines::DeadlineQuery;
use sokehoach_core::documents::{DocumentOrder, DocumentSummary};
use sokehoach_core::checklists::{ChecklistKind, ChecklistRequest};
use sokehoach_core::compose::{ReportStyle, SkeletonOptions, SynthesisRequest};
use sokehoach_core::ids::{DocumentId, InstanceId, RuleId};
use sokehoach_core::model::outlines::ReportOutline;
use sokehoach_core::offices::Reorganisation;
use sokehoach_core::plans::PlanFile;
use sokehoach_core::reports::{Channel, ReportInput};

use crate::failure::Failure;

#[derive(Debug, Parser)]
#[command(name = "skh", version, about = "Sổ Kế Hoạch: kế hoạch, hạn báo cáo và dữ liệu trao đổi giữa các cấp Hội")]
struct Cli {
    /// The database file (default: $SKH_DB, else the application's data folder).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the sample data (a province, its sub-offices and real plans).
    Demo {
        /// The same province after the 2025 reform: its districts dissolved from 1/7/2025, two
        /// communes merged, and a plan of 2026 for the communes under the province.
        #[arg(long)]
        reform_2025: bool,
    },
    /// Print every record as canonical JSON lines (stable order, for comparing stores).
    Dump,
    /// Documents.
    Doc {
        #[command(subcommand)]
        command: DocCommand,
    },
    /// Offices.
    Office {
        #[command(subcommand)]
        command: OfficeCommand,
    },
    /// Plans entered from a plan JSON file (docs/plan-json.md).
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Reports submitted against deadlines.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Every deadline instance with its office, due date and status on a day, as JSON.
    Status {
        /// The day statuses are computed for (YYYY-MM-DD); today by default.
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
        /// Only this office's deadlines (its code).
        #[arg(long, value_name = "CODE")]
        office: Option<String>,
    },
    /// Write a bundle (.skh) for the office above or a sub-office; prints its path.
    Export {
        /// The folder to write to (the USB stick).
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// The recipient's code; the office above by default.
        #[arg(long, value_name = "CODE")]
        recipient: Option<String>,
        /// Write the setup bundle for a new installation of this sub-office instead.
        #[arg(long, conflicts_with = "recovery")]
        setup: bool,
        /// Write the recovery bundle for this sub-office, whose machine was lost: the new
        /// installation imports it and becomes that office again, with its history.
        #[arg(long)]
        recovery: bool,
    },
    /// Import a bundle: prints the preview (with --dry-run) or the outcome as JSON.
    /// Exit 0 when applied or nothing to apply, 3 when refused (nothing changed).
    Import {
        file: PathBuf,
        /// Only show what would change.
        #[arg(long)]
        dry_run: bool,
    },
    /// Back up off the machine: `--to DIR` writes one backup file (database, attached files, the
    /// signing key sealed with the passphrase in $SKH_PASSPHRASE or --passphrase-file); `--list`
    /// prints the backups found, as JSON.
    Backup {
        /// Where to write the backup: its SoKeHoach-SaoLuu folder (made if missing), e.g. a USB stick's root.
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        /// List the backups in the --in folders (default: the backups folder beside the database).
        #[arg(long)]
        list: bool,
        #[arg(long = "in", value_name = "DIR")]
        places: Vec<PathBuf>,
        /// Remind after this many days without a backup off the machine (0: never).
        #[arg(long, value_name = "DAYS")]
        remind_days: Option<i64>,
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// Replace this store with a backup (a backup file or an automatic copy); the store as it was
    /// is kept aside in the backups folder, so restoring that file undoes this. Prints what was done.
    Restore {
        file: PathBuf,
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// This installation's key fingerprint and the keys pinned for other offices, as JSON.
    Keys {
        /// Replace this installation's key (a new machine for the office).
        #[arg(long, conflicts_with = "reissue")]
        rotate: bool,
        /// "Cấp lại khóa": trust the new key of the sub-office that sent this bundle, set up again
        /// from the recovery bundle written for it; bundles signed by its old key are refused after.
        #[arg(long, value_name = "BUNDLE")]
        reissue: Option<PathBuf>,
    },
    /// Conflicting versions kept at import, as JSON (pending first, then the recently resolved);
    /// with --keep-local or --use-incoming, resolve one and print it.
    Conflicts {
        /// Keep this machine's version of the conflict with this id.
        #[arg(long, value_name = "ID", conflicts_with = "use_incoming")]
        keep_local: Option<i64>,
        /// Apply the bundle's version of the conflict with this id.
        #[arg(long, value_name = "ID")]
        use_incoming: Option<i64>,
    },
    /// Print a deadline checklist as an A4 PDF, or export it as an Excel workbook (by the
    /// extension of --out: .pdf or .xlsx).
    Checklist {
        #[arg(long, value_enum)]
        kind: ChecklistKindArg,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: NaiveDate,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: NaiveDate,
        /// The office (its code): whose deadlines, or whose sub-offices; our own by default.
        #[arg(long, value_name = "CODE")]
        office: Option<String>,
        /// The plan's document id (for --kind plan, or to narrow --kind matrix).
        #[arg(long, value_name = "ID")]
        plan: Option<DocumentId>,
        /// Name printed under "NGƯỜI LẬP".
        #[arg(long, default_value = "")]
        prepared_by: String,
        #[arg(long, value_name = "FILE.pdf|FILE.xlsx")]
        out: PathBuf,
    },
    /// Read a plan (.docx, .pdf with text, .txt, .md) and print its draft as JSON: the plan file
    /// with the evidence for every field and what still needs a reviewer.
    Extract {
        file: PathBuf,
        /// Print only the plan file (the input of `skh plan add`).
        #[arg(long)]
        plan: bool,
        /// Match the assignees against the offices of the store (--db).
        #[arg(long)]
        resolve: bool,
    },
    /// Benchmarks on a generated store (created at --db when it does not exist yet).
    Bench {
        #[arg(long, default_value_t = 100)]
        offices: u32,
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// Monthly rules assigned to every office (84 × 100 offices × 120 months ≈ 1,000,000 instances).
        #[arg(long, default_value_t = 84)]
        rules: u32,
        #[arg(long, default_value_t = 50_000)]
        documents: u32,
    },
    /// Times a district's bundle to its province (export, then import in a copy of the province's
    /// store) against `sqlite3` and `sha256sum` + `cp` over the same data (generated under --dir
    /// on first run), with the import's peak memory.
    BenchBundle {
        /// Where the generated stores and the runs live.
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        #[arg(long, default_value_t = 100_000)]
        records: u32,
        /// Megabytes of attached files.
        #[arg(long, default_value_t = 200)]
        megabytes: u64,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Instead, import hostile bundles under 10 MB (many offices and monthly rules from long
        /// ago, long lines, many small files) and report time and peak memory.
        #[arg(long)]
        hostile: bool,
    },
    /// Time "Tổng hợp báo cáo" on generated Word reports (docs/benchmarks.md).
    BenchReports {
        /// Where the synthesis is written.
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        #[arg(long, default_value_t = 100)]
        reports: usize,
        /// Pages of each report.
        #[arg(long, default_value_t = 10)]
        pages: usize,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Accent-insensitive full-text search over documents ("dang" finds "Đảng").
    Search {
        /// Words to look for.
        #[arg(required = true)]
        text: Vec<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum DocCommand {
    /// List documents.
    List {
        #[arg(long, value_enum, default_value_t = Order::Title)]
        order: Order,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum PlanCommand {
    /// Store a plan with its tasks and deadlines (all or nothing); prints the document id.
    Add {
        /// The plan JSON file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// Record a report for a deadline: by instance id, or by office code and due date.
    Add {
        /// The deadline instance (from `skh status`).
        #[arg(long, value_name = "ID", required_unless_present = "office")]
        instance: Option<InstanceId>,
        /// The submitting office's code (with --due, instead of --instance).
        #[arg(long, value_name = "CODE", requires = "due")]
        office: Option<String>,
        /// The due date of the deadline (with --office).
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<NaiveDate>,
        /// When the report was submitted.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        /// Who submitted it.
        #[arg(long, value_name = "NAME")]
        by: String,
        #[arg(long, value_enum, default_value_t = ReportChannel::Usb)]
        channel: ReportChannel,
        #[arg(long, default_value = "")]
        note: String,
        /// When this office received it (a sub-office's report); today by default.
        #[arg(long, value_name = "YYYY-MM-DD")]
        received: Option<NaiveDate>,
        /// Word, PDF or Excel files sent with the report.
        #[arg(long = "file", value_name = "PATH")]
        files: Vec<PathBuf>,
    },
    /// "Soạn báo cáo": write the Word skeleton of this office's report for a deadline (the
    /// outline's headings, laid out after Nghị định 30/2020); prints what was written as JSON.
    Draft {
        /// The deadline instance (from `skh status`), one of this office's.
        #[arg(long, value_name = "ID")]
        instance: InstanceId,
        /// The .docx file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The heading style; by the office's name when absent.
        #[arg(long, value_enum)]
        style: Option<ReportStyleArg>,
        /// Who signs, and their title (lines separated by "\n"); as the office's latest document when absent.
        #[arg(long, value_name = "NAME")]
        signer: Option<String>,
        #[arg(long, value_name = "TITLE")]
        signer_title: Option<String>,
        /// The report's date; the day and month are left blank when absent.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
    },
    /// "Tổng hợp báo cáo": for one deadline (a rule and a period, or one of its instances), read
    /// the reports the sub-offices sent and write one Word file with each office's passage under
    /// each heading of the outline; prints what became of each office as JSON.
    Compile {
        /// The rule (the `ruleId` of `skh status`), with --period.
        #[arg(long, value_name = "ID", requires = "period", required_unless_present = "instance")]
        rule: Option<RuleId>,
        /// The period: "once", "2026", "2026-H1", "2026-Q3", "2026-05".
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// Any instance of the deadline (a sub-office's), instead of --rule and --period.
        #[arg(long, value_name = "ID", conflicts_with = "rule")]
        instance: Option<InstanceId>,
        /// The .docx file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The outline (đề cương) of a deadline's report: print it as JSON, set it from an outline
    /// document (.docx, .pdf, .txt) or a JSON file, or clear it.
    Outline {
        /// The rule (the `ruleId` of `skh status`).
        #[arg(long, value_name = "ID")]
        rule: RuleId,
        /// Read the outline from this document.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "clear"])]
        from: Option<PathBuf>,
        /// Set the outline from this JSON file (docs/reports.md).
        #[arg(long, value_name = "FILE", conflicts_with = "clear")]
        json: Option<PathBuf>,
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportStyleArg {
    /// Quốc hiệu and tiêu ngữ.
    State,
    /// "ĐẢNG CỘNG SẢN VIỆT NAM".
    Party,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ChecklistKindArg {
    /// An office's deadlines in the period.
    Office,
    /// One plan's tasks and deadlines.
    Plan,
    /// What each sub-office still owes.
    SubOffices,
    /// Offices × deadlines.
    Matrix,
}

impl From<ChecklistKindArg> for ChecklistKind {
    fn from(kind: ChecklistKindArg) -> Self {
        match kind {
            ChecklistKindArg::Office => ChecklistKind::Office,
            ChecklistKindArg::Plan => ChecklistKind::Plan,
            ChecklistKindArg::SubOffices => ChecklistKind::SubOffices,
            ChecklistKindArg::Matrix => ChecklistKind::Matrix,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportChannel {
    Usb,
    Post,
    Email,
    InPerson,
}

impl From<ReportChannel> for Channel {
    fn from(channel: ReportChannel) -> Self {
        match channel {
            ReportChannel::Usb => Channel::Usb,
            ReportChannel::Post => Channel::Post,
            ReportChannel::Email => Channel::Email,
            ReportChannel::InPerson => Channel::InPerson,
        }
    }
}

#[derive(Debug, Subcommand)]
enum OfficeCommand {
    /// List offices in tree order.
    List,
    /// Check a sheet of offices (.xlsx or .csv: Mã đơn vị, Tên đơn vị, Cấp, Mã đơn vị cấp trên)
    /// and print what importing it does as JSON; with --apply, import it. A sheet with a wrong
    /// row is refused with every wrong row numbered (exit 2) and nothing is written.
    Import {
        file: PathBuf,
        #[arg(long)]
        apply: bool,
    },
    /// Write the sheet to fill in (.xlsx, or .csv by the extension), with our offices in it.
    Template { out: PathBuf },
    /// Reorganise the office tree: prints what changes, as JSON; writes only with --apply.
    Reorganise {
        #[command(subcommand)]
        change: ReorganiseCommand,
        /// Apply the change (without it, only the preview).
        #[arg(long, global = true)]
        apply: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ReorganiseCommand {
    /// A new name and code from a day (the former ones are kept for earlier periods).
    Rename {
        office: String,
        #[arg(long)]
        name: String,
        /// The new code; the same code by default.
        #[arg(long)]
        code: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: NaiveDate,
    },
    /// Under another parent.
    Move {
        office: String,
        #[arg(long, value_name = "CODE")]
        under: String,
    },
    /// Merge offices into one of them or another office from a day.
    Merge {
        #[arg(required = true)]
        offices: Vec<String>,
        #[arg(long, value_name = "CODE")]
        into: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: NaiveDate,
    },
    /// Dissolve an office from a day: its sub-offices report to its parent.
    Dissolve {
        office: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: NaiveDate,
    },
    /// Close an office from a day: no deadline falls due on it from then on.
    Close {
        office: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: NaiveDate,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Order {
    Title,
    Issuer,
    Date,
}

impl From<Order> for DocumentOrder {
    fn from(order: Order) -> Self {
        match order {
            Order::Title => DocumentOrder::Title,
            Order::Issuer => DocumentOrder::Issuer,
            Order::Date => DocumentOrder::IssuedOn,
        }
    }
}

/// Where the application keeps its database when nothing else is said; the same folder Tauri
/// derives from the identifier `vn.sokehoach.app`.
fn default_db() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SKH_DB").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    dirs::data_local_dir().map(|d| d.join("vn.sokehoach.app").join("sokehoach.db"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    if let Command::BenchReports { dir, reports, pages, runs } = &cli.command {
        let mut out = std::io::stdout().lock();
        for line in bench_reports::run(dir, *reports, *pages, *runs).map_err(Failure::system)? {
            writeln!(out, "{line}").map_err(not_written)?;
        }
        return Ok(());
    }
    if let Command::BenchBundle { dir, hostile: true, runs, .. } = &cli.command {
        let mut out = std::io::stdout().lock();
        for line in bench_bundle::run_hostile(dir, (*runs).max(1)).map_err(Failure::system)? {
            writeln!(out, "{line}").map_err(not_written)?;
        }
        return Ok(());
    }
    if let Command::BenchBundle { dir, records, megabytes, runs, .. } = &cli.command {
        let size = sokehoach_core::bundle::bench::ExchangeSize { records: *records, attachment_bytes: megabytes * 1_000_000 };
        let mut out = std::io::stdout().lock();
        for line in bench_bundle::run(dir, size, (*runs).max(1)).map_err(Failure::system)? {
            writeln!(out, "{line}").map_err(not_written)?;
        }
        return Ok(());
    }
    let db = cli.db.or_else(default_db).ok_or_else(|| Failure::bad_input("không xác định được thư mục dữ liệu; hãy chỉ rõ --db PATH"))?;
    if let Command::Extract { file, plan, resolve } = &cli.command {
        let extraction = if *resolve {
            Store::open(&db).and_then(|store| store.draft_plan_file(file))
        } else {
            sokehoach_core::extract::extract_file(file)
        }
        ?;
        let json = if *plan { to_json(&extraction.plan)? } else { to_json(&extraction)? };
        return writeln!(std::io::stdout().lock(), "{json}").map_err(not_written);
    }
    if let Command::Bench { offices, years, rules, documents } = cli.command {
        let size = sokehoach_core::bench::BenchSize { offices, years, monthly_rules: rules, documents };
        let mut out = std::io::stdout().lock();
        for line in bench::run(&db, size).map_err(Failure::system)? {
            writeln!(out, "{line}").map_err(not_written)?;
        }
        return Ok(());
    }
    if let Command::Restore { file, passphrase_file } = &cli.command {
        let passphrase = backup::passphrase(passphrase_file.as_deref())?;
        let outcome = Store::open(&db)?.restore(file, passphrase.as_deref(), &mut |_| {})?;
        return writeln!(std::io::stdout().lock(), "{}", to_json(&outcome)?).map_err(not_written);
    }
    let mut store = Store::open(&db)?;
    store.extend_instances_horizon(Local::now().date_naive())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = |r: std::io::Result<()>| r.map_err(not_written);
    match cli.command {
        Command::Demo { reform_2025 } => {
            let summary = if reform_2025 { store.load_reform_demo()? } else { store.load_demo()? };
            written(writeln!(
                out,
                "Đã nạp dữ liệu mẫu: thêm {} đơn vị, {} văn bản.",
                summary.offices, summary.documents
            ))?;
        }
        Command::Dump => store.dump(&mut out)?,
        Command::Doc { command: DocCommand::List { order, json } } => {
            let docs = store.list_documents(order.into())?;
            if json {
                written(writeln!(out, "{}", to_json(&docs)?))?;
            } else {
                for doc in &docs {
                    written(writeln!(out, "{}", summary_line(doc)))?;
                }
            }
        }
        Command::Office { command: OfficeCommand::Reorganise { change, apply } } => {
            let id = |code: &str| store.office_by_code(code).map(|o| o.id);
            let change = match change {
                ReorganiseCommand::Rename { office, name, code, from } => {
                    Reorganisation::Rename { office: id(&office)?, name, code: code.unwrap_or(office), from }
                }
                ReorganiseCommand::Move { office, under } => Reorganisation::Move { office: id(&office)?, parent: id(&under)? },
                ReorganiseCommand::Merge { offices, into, from } => Reorganisation::Merge {
                    offices: offices.iter().map(|code| id(code)).collect::<Result<_, _>>()?,
                    into: id(&into)?,
                    from,
                },
                ReorganiseCommand::Dissolve { office, from } => Reorganisation::Dissolve { office: id(&office)?, from },
                ReorganiseCommand::Close { office, from } => Reorganisation::Close { office: id(&office)?, from },
            };
            let outcome = store.reorganise(&change, apply)?;
            written(writeln!(out, "{}", to_json(&outcome)?))?;
        }
        Command::Office { command: OfficeCommand::List } => {
            let levels = store.office_levels()?;
            let offices = store.list_offices()?;
            let tree = store.office_tree()?;
            for office in &offices {
                let depth = tree.depth(office.id);
                let level = levels.iter().find(|l| l.rank == office.level).map_or("?", |l| l.name.as_str());
                let own = if office.is_own { "  (đơn vị của tôi)" } else { "" };
                let closed = office.closed_on.map(|d| format!("  (không còn từ {})", d.format("%d/%m/%Y"))).unwrap_or_default();
                let former: String = store
                    .former_names(office.id)?
                    .iter()
                    .map(|(_, name, until)| format!("  (tên cũ «{name}» đến trước {})", until.format("%d/%m/%Y")))
                    .collect();
                let closed = closed + &former;
                written(writeln!(out, "{}{}\t{}\t[{level}]{own}{closed}", "  ".repeat(depth), office.code, office.name))?;
            }
        }
        Command::Office { command: OfficeCommand::Import { file, apply } } => {
            let preview = if apply { store.import_office_sheet(&file, None)? } else { store.preview_office_sheet(&file)? };
            written(writeln!(out, "{}", to_json(&preview)?))?;
            if !preview.problems.is_empty() {
                let lines: Vec<String> = preview.problems.iter().map(|p| format!("Dòng {}: {}", p.row, p.message)).collect();
                return Err(Failure::bad_input(format!(
                    "bảng đơn vị «{}» có {} dòng sai:\n{}",
                    preview.file_name,
                    lines.len(),
                    lines.join("\n")
                )));
            }
        }
        Command::Office { command: OfficeCommand::Template { out: file } } => {
            store.save_office_sheet_template(&file)?;
            written(writeln!(out, "{}", file.display()))?;
        }
        Command::Plan { command: PlanCommand::Add { file } } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::bad_input(format!("không đọc được tệp kế hoạch {}: {e}", file.display())))?;
            let plan = PlanFile::from_json(&text)?;
            let document = store.add_plan(&plan)?;
            written(writeln!(out, "{}", document.id))?;
        }
        Command::Report { command: ReportCommand::Add { instance, office, due, date, by, channel, note, received, files } } => {
            let today = Local::now().date_naive();
            let instance = match (instance, office, due) {
                (Some(id), _, _) => id,
                (None, Some(code), Some(due)) => find_instance(&store, &code, due, today)?,
                _ => return Err(Failure::bad_input("hãy cho --instance ID, hoặc --office CODE cùng --due YYYY-MM-DD")),
            };
            let input = ReportInput {
                instance_id: instance,
                submitted_on: date,
                submitted_by: by,
                channel: channel.into(),
                note,
                received_on: received,
            };
            let report = store.record_report(&input, today)?;
            for file in &files {
                store.attach_report_file(report.id, file)?;
            }
            let report = store.get_report(report.id)?;
            written(writeln!(out, "{}", to_json(&report)?))?;
        }
        Command::Report { command: ReportCommand::Draft { instance, out: file, style, signer, signer_title, date } } => {
            let today = Local::now().date_naive();
            let options = SkeletonOptions {
                style: style.map(|s| match s {
                    ReportStyleArg::State => ReportStyle::State,
                    ReportStyleArg::Party => ReportStyle::Party,
                }),
                signer,
                signer_title: signer_title.map(|t| t.replace("\\n", "\n")),
                date,
            };
            let saved = store.save_report_skeleton(instance, &options, today, &file)?;
            written(writeln!(out, "{}", to_json(&saved)?))?;
        }
        Command::Report { command: ReportCommand::Compile { rule, period, instance, out: file } } => {
            let today = Local::now().date_naive();
            let request = match (rule, period, instance) {
                (Some(rule_id), Some(period), _) => SynthesisRequest { rule_id, period },
                (_, _, Some(instance)) => store.synthesis_request_of(instance, today)?,
                _ => return Err(Failure::bad_input("hãy cho --rule ID cùng --period KỲ, hoặc --instance ID")),
            };
            let outcome = store.save_compiled_reports(&request, today, &file)?;
            written(writeln!(out, "{}", to_json(&outcome)?))?;
        }
        Command::Report { command: ReportCommand::Outline { rule, from, json, clear } } => {
            let outline = match (from, json, clear) {
                (Some(path), _, _) => Some(sokehoach_core::extract::outline_file(&path)?),
                (None, Some(path), _) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| Failure::bad_input(format!("không đọc được tệp đề cương {}: {e}", path.display())))?;
                    Some(serde_json::from_str::<ReportOutline>(&text).map_err(|e| {
                        Failure::bad_input(format!("tệp đề cương không đúng định dạng (dòng {}, cột {}): {e}", e.line(), e.column()))
                    })?)
                }
                (None, None, true) => None,
                (None, None, false) => {
                    written(writeln!(out, "{}", to_json(&store.rule_outline(rule)?)?))?;
                    return Ok(());
                }
            };
            let kept = store.set_rule_outline(rule, outline.as_ref())?;
            written(writeln!(out, "{}", to_json(&kept)?))?;
        }
        Command::Status { on, office } => {
            let today = on.unwrap_or_else(|| Local::now().date_naive());
            let office_ids = match office {
                Some(code) => Some(vec![store.office_by_code(&code)?.id]),
                None => None,
            };
            let items = store
                .deadline_items(&DeadlineQuery { office_ids, ..DeadlineQuery::default() }, today)
                ?;
            written(writeln!(out, "{}", to_json(&items)?))?;
        }
        Command::Export { to, recipient, setup, recovery } => {
            let today = Local::now().date_naive();
            let own = store.require_own_office()?;
            let recipient = match recipient {
                Some(code) => store.office_by_code(&code)?.id,
                None => own.parent_id.ok_or_else(|| Failure::bad_input("đơn vị này không có cấp trên; hãy chỉ rõ --recipient CODE"))?,
            };
            let result = if setup {
                store.export_setup_bundle(recipient, &to, today)
            } else if recovery {
                store.export_recovery_bundle(recipient, &to, today)
            } else {
                store.export_bundle(recipient, &to, today, &mut |_| {})
            }
            ?;
            written(writeln!(out, "{}", result.path))?;
        }
        Command::Import { file, dry_run } => {
            let today = Local::now().date_naive();
            if dry_run {
                let preview = store.preview_import(&file, today)?;
                written(writeln!(out, "{}", to_json(&preview)?))?;
            } else {
                let outcome = store.import_bundle(&file, today)?;
                written(writeln!(out, "{}", to_json(&outcome)?))?;
            }
        }
        Command::Backup { to, list, places, remind_days, passphrase_file } => {
            backup::run(&mut store, to, list, places, remind_days, passphrase_file.as_deref(), &mut out)?;
        }
        Command::Keys { reissue: Some(bundle), .. } => {
            let reissued = store.reissue_key(&bundle)?;
            written(writeln!(out, "{}", to_json(&reissued)?))?;
        }
        Command::Keys { rotate, reissue: None } => {
            let own = if rotate { store.rotate_key() } else { store.own_key() }?;
            let pinned = store.pinned_keys()?;
            let keys = serde_json::json!({ "own": own, "pinned": pinned });
            written(writeln!(out, "{}", to_json(&keys)?))?;
        }
        Command::Conflicts { keep_local, use_incoming } => {
            let choice = match (keep_local, use_incoming) {
                (Some(id), _) => Some((id, ConflictChoice::KeepLocal)),
                (None, Some(id)) => Some((id, ConflictChoice::UseIncoming)),
                (None, None) => None,
            };
            let json = match choice {
                Some((id, choice)) => to_json(
                    &store.resolve_conflict(id, choice, Local::now().date_naive())?,
                )?,
                None => to_json(&store.record_conflicts()?)?,
            };
            written(writeln!(out, "{json}"))?;
        }
        Command::Checklist { kind, from, to, office, plan, prepared_by, out: file } => {
            let office_id = match office {
                Some(code) => Some(store.office_by_code(&code)?.id),
                None => None,
            };
            let request = ChecklistRequest { kind: kind.into(), from, to, office_id, document_id: plan, prepared_by };
            let extension = file.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            match extension.as_str() {
                "pdf" => store.save_checklist_pdf(&request, Local::now().date_naive(), &file)?,
                "xlsx" => store.save_checklist_xlsx(&request, Local::now().date_naive(), &file)?,
                _ => return Err(Failure::bad_input("--out phải là tệp .pdf (in) hoặc .xlsx (Excel)")),
            }
            written(writeln!(out, "{}", file.display()))?;
        }
        Command::Bench { .. } | Command::BenchBundle { .. } | Command::BenchReports { .. } | Command::Extract { .. } | Command::Restore { .. } => {
            handled_before_opening()?
        }
        Command::Search { text, json } => {
            let hits = store.search_documents(&text.join(" "))?;
            if json {
                written(writeln!(out, "{}", to_json(&hits)?))?;
            } else {
                for hit in &hits {
                    written(writeln!(out, "{}\n    {}", summary_line(&hit.document), hit.snippet))?;
                }
                if hits.is_empty() {
                    eprintln!("Không tìm thấy văn bản nào.");
                }
            }
        }
    }
    Ok(())
}

/// `bench`, `bench-bundle` and `extract` are handled before the store is opened.
fn handled_before_opening() -> Result<(), Failure> {
    Err(Failure::system("lệnh này chạy trước khi mở sổ"))
}

/// Standard output could not be written (a closed pipe, a full disk behind a redirection).
fn not_written(error: std::io::Error) -> Failure {
    Failure::system(format!("không ghi được kết quả: {error}"))
}

/// The one live deadline of an office due on a date.
fn find_instance(store: &Store, code: &str, due: NaiveDate, today: NaiveDate) -> Result<InstanceId, Failure> {
    let office = store.office_by_code(code)?;
    let query = DeadlineQuery { office_ids: Some(vec![office.id]), due_from: Some(due), due_to: Some(due), ..Default::default() };
    let items = store.deadline_items(&query, today)?;
    match items.as_slice() {
        [one] => Ok(one.instance_id),
        [] => Err(Failure::bad_input(format!("{} không có hạn nào vào ngày {}", office.name, due.format("%d/%m/%Y")))),
        many => Err(Failure::bad_input(format!(
            "{} có {} hạn vào ngày {}; hãy chọn bằng --instance: {}",
            office.name,
            many.len(),
            due.format("%d/%m/%Y"),
            many.iter().map(|i| format!("{} ({})", i.instance_id, i.label)).collect::<Vec<_>>().join(", ")
        ))),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure::system(format!("không viết được kết quả dạng JSON: {e}")))
}

fn summary_line(doc: &DocumentSummary) -> String {
    let date = doc.issued_on.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|| "__/__/____".into());
    let number = if doc.number_line.is_empty() { "(chưa có số)".to_string() } else { doc.number_line.clone() };
    format!("{}\t{date}\t{number}\t{}\t{}", doc.id, doc.kind.info().name, doc.title)
}

