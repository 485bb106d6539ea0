//! `skh`: Sổ Kế Hoạch from the command line. It calls the same core functions as the application,
//! so whatever the app can do, a script can do too; tests use it to build and compare stores.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use sokehoach_core::Store;
use sokehoach_core::documents::{DocumentOrder, DocumentSummary};

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
    Demo,
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
enum OfficeCommand {
    /// List offices in tree order.
    List,
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
        Err(message) => {
            eprintln!("skh: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let db = cli.db.or_else(default_db).ok_or("không xác định được thư mục dữ liệu; hãy chỉ rõ --db PATH")?;
    let mut store = Store::open(&db).map_err(|e| e.to_string())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = |r: std::io::Result<()>| r.map_err(|e| format!("không ghi được kết quả: {e}"));
    match cli.command {
        Command::Demo => {
            let summary = store.load_demo().map_err(|e| e.to_string())?;
            written(writeln!(
                out,
                "Đã nạp dữ liệu mẫu: thêm {} đơn vị, {} văn bản.",
                summary.offices, summary.documents
            ))?;
        }
        Command::Dump => store.dump(&mut out).map_err(|e| e.to_string())?,
        Command::Doc { command: DocCommand::List { order, json } } => {
            let docs = store.list_documents(order.into()).map_err(|e| e.to_string())?;
            if json {
                written(writeln!(out, "{}", to_json(&docs)?))?;
            } else {
                for doc in &docs {
                    written(writeln!(out, "{}", summary_line(doc)))?;
                }
            }
        }
        Command::Office { command: OfficeCommand::List } => {
            let levels = store.office_levels().map_err(|e| e.to_string())?;
            let offices = store.list_offices().map_err(|e| e.to_string())?;
            for office in &offices {
                let depth = ancestors(&offices, office);
                let level = levels.iter().find(|l| l.rank == office.level).map_or("?", |l| l.name.as_str());
                let own = if office.is_own { "  (đơn vị của tôi)" } else { "" };
                written(writeln!(out, "{}{}\t{}\t[{level}]{own}", "  ".repeat(depth), office.code, office.name))?;
            }
        }
        Command::Search { text, json } => {
            let hits = store.search_documents(&text.join(" ")).map_err(|e| e.to_string())?;
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

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}

fn summary_line(doc: &DocumentSummary) -> String {
    let date = doc.issued_on.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|| "__/__/____".into());
    let number = if doc.number_line.is_empty() { "(chưa có số)".to_string() } else { doc.number_line.clone() };
    format!("{}\t{date}\t{number}\t{}\t{}", doc.id, doc.kind.info().name, doc.title)
}

fn ancestors(offices: &[sokehoach_core::offices::Office], office: &sokehoach_core::offices::Office) -> usize {
    let mut depth = 0;
    let mut parent = office.parent_id;
    while let Some(id) = parent.filter(|_| depth < offices.len()) {
        depth += 1;
        parent = offices.iter().find(|o| o.id == id).and_then(|o| o.parent_id);
    }
    depth
}
