//! What a sender may say. A record of a bundle has passed the owner check (only the owner changes
//! a record) and carries its owner's signature; here it meets the rest before it is written: what
//! it points at stays where its owner may act (a report for the owner's own or a sub-office's
//! deadline, a receipt only from an office above the one that reported, offices only inside the
//! sender's subtree, tasks only on the owner's plans or those sent down to it and only for offices
//! below it, rules only on the owner's tasks), every value passes the same checks as the app's own
//! input (the domain functions both call), and no modification time is ahead of the bundle's
//! clock. A record that fails is refused with a Vietnamese reason naming it. The rules, table by
//! table, are in `docs/bundle-format.md` ("What a sender may say").


use chrono::{DateTime, Datelike, Local, NaiveDate, SecondsFormat, TimeDelta, Utc};
use rusqlite::Connection;
use serde_json::Value;

use crate::bundle::format::{BundleKind, Manifest};
use crate::bundle::records::{Record, Row};
use crate::model::outlines::ReportOutline;
use crate::model::rules::RuleSpec;
use crate::deadlines::pass_down::check_passed_down_from;
use crate::documents::attachments::{MAX_ATTACHMENT_BYTES, check_sha256};
use crate::documents::{self, DocKind, DocumentInput, NumberStyle};
use crate::error::{Error, Result};
use crate::ids::{DocumentId, InstanceId, OfficeId, ReportId, RuleId, TaskId};
use crate::offices::{self, OfficeInput, OfficeTree};
use crate::plans::tasks::{Assignee, TaskInput, validated_task};
use crate::reports::{self, Channel};
use crate::store;
use crate::text::clean;

/// How far ahead a clock is believed: the bundle's creation time ahead of this machine's, and a
/// record's modification time ahead of the bundle's creation. An hour each keeps a laptop whose
/// clock drifted by some minutes (or up to two hours in all) working, while a record can win over
/// honest corrections made after it for at most two hours instead of for ever.
pub(crate) fn clock_margin() -> TimeDelta {
    TimeDelta::hours(1)
}

/// The checks of one import run, with what they learnt along the way.
pub(crate) struct Admission {
    sender: OfficeId,
    recipient: OfficeId,
    /// A setup or recovery bundle: from the parent, into a store not set up yet.
    setup: bool,
    /// The sender is our parent (or sets this store up): it speaks for the tree around us.
    from_parent: Option<bool>,
    /// The latest modification time a record may carry.
    latest: DateTime<Utc>,
    /// The bundle's creation time as far as it is believed (no later than our clock + margin).
    created: DateTime<Utc>,
    /// The last day a report may be submitted or received on: the sender's today, as far as its
    /// clock is believed, or ours when that is later.
    today: NaiveDate,
    /// The office tree [`reports::may_record`] and [`reports::may_receive`] read, read again
    /// whenever an office record may have changed it.
    tree: Option<OfficeTree>,
}

/// Why a record is refused, or a failure of the store itself (which stops the import).
enum Problem {
    Refused(String),
    Store(Error),
}

type Checked = std::result::Result<(), Problem>;

impl From<Error> for Problem {
    fn from(error: Error) -> Self {
        match error {
            Error::InvalidInput(_) | Error::Conflict(_) | Error::NotFound { .. } => Problem::Refused(error.to_string()),
            other => Problem::Store(other),
        }
    }
}

impl From<rusqlite::Error> for Problem {
    fn from(error: rusqlite::Error) -> Self {
        Problem::Store(error.into())
    }
}

impl From<String> for Problem {
    fn from(reason: String) -> Self {
        Problem::Refused(reason)
    }
}

impl From<&str> for Problem {
    fn from(reason: &str) -> Self {
        Problem::Refused(reason.to_string())
    }
}

impl Admission {
    /// The checks for the records of the bundle `manifest` describes, imported on `today`.
    pub fn new(manifest: &Manifest, today: NaiveDate) -> Admission {
        let now = Utc::now();
        let claimed = DateTime::parse_from_rfc3339(&manifest.created_at).map(|t| t.with_timezone(&Utc)).unwrap_or(now);
        let created = claimed.min(now + clock_margin());
        Admission {
            sender: manifest.sender.id,
            recipient: manifest.recipient.id,
            setup: manifest.kind != BundleKind::Data,
            from_parent: None,
            latest: created + clock_margin(),
            created,
            today: today.max(created.with_timezone(&Local).date_naive()),
            tree: None,
        }
    }

    /// Whether `record` may be written; the error is why it is refused, naming the record.
    pub fn check(&mut self, tx: &Connection, record: &Record) -> Result<std::result::Result<(), String>> {
        if record.table == "offices" {
            self.tree = None;
        }
        match self.problem(tx, record) {
            Ok(()) => Ok(Ok(())),
            Err(Problem::Store(error)) => Err(error),
            Err(Problem::Refused(reason)) => Ok(Err(format!("{} bị từ chối: {}", describe(tx, record)?, lowercase_start(&reason)))),
        }
    }

    fn problem(&mut self, tx: &Connection, record: &Record) -> Checked {
        let row = Fields(&record.row);
        let live = !row.flag("deleted")?;
        self.time(&row, "updated_at")?;
        match record.table.as_str() {
            "offices" => self.office(tx, &row, record, live),
            "documents" => self.document(&row, record, live),
            "tasks" => self.task(tx, &row, record, live),
            "deadline_rules" => self.rule(tx, &row, record, live),
            "reports" => self.report(tx, &row, record, live),
            "receipts" => self.receipt(tx, &row, live),
            _ => Ok(()),
        }
    }

    /// Going up, an office only inside the sender's subtree; going down, anywhere the tree stays
    /// one tree. Either way the same checks as an office typed in.
    fn office(&mut self, tx: &Connection, row: &Fields<'_>, record: &Record, live: bool) -> Checked {
        let id: OfficeId = row.id("id")?;
        row.id::<OfficeId>("owner_office_id")?;
        let parent_id: Option<OfficeId> = row.opt_id("parent_id")?;
        let level = row.int("level")?;
        let level = u8::try_from(level).map_err(|_| format!("cấp {level} không hợp lệ"))?;
        let input =
            OfficeInput { code: row.text("code")?.to_string(), name: row.text("name")?.to_string(), level, parent_id };
        if !live {
            return Ok(());
        }
        // A reorganisation: the day it closed, the office that inherits from it, its former names.
        row.opt_date("closed_on")?;
        if let Some(successor) = row.opt_id::<OfficeId>("successor_id")? {
            if successor == id {
                return Err("đơn vị không thể kế thừa chính nó".into());
            }
            store::offices::get(tx, successor, None)?.ok_or_else(|| format!("đơn vị kế thừa (mã bản ghi {successor}) không có ở máy này"))?;
        }
        for former in children(record, "office_names") {
            former.text("code")?;
            former.text("name")?;
            former.date("until")?;
        }
        let parent = match parent_id {
            Some(p) => Some(
                store::offices::get(tx, p, None)?.ok_or_else(|| format!("đơn vị cấp trên của nó (mã bản ghi {p}) không có ở máy này"))?,
            ),
            None => None,
        };
        if self.from_parent(tx)? {
            if parent.is_none() && store::offices::other_top_exists(tx, id)? {
                return Err("cây đơn vị ở máy này đã có đơn vị cấp cao nhất; không thêm được một đơn vị cấp cao nhất thứ hai.".into());
            }
        } else {
            let (sender, sender_id) = (offices::name_of(tx, self.sender)?, self.sender);
            match &parent {
                None => {
                    return Err(format!(
                        "«{sender}» chỉ lập được đơn vị cấp dưới của mình, không lập được đơn vị cấp cao nhất."
                    )
                    .into());
                }
                Some(p) if !self.tree(tx)?.within(p.id, sender_id) => {
                    return Err(format!(
                        "«{sender}» chỉ lập hoặc chuyển được đơn vị vào dưới chính mình; «{}» không thuộc «{sender}».",
                        p.name
                    )
                    .into());
                }
                Some(_) => {}
            }
        }
        offices::validated_office(tx, id, &input, parent.as_ref())?;
        Ok(())
    }

    /// A document points at nothing another office owns: its values only.
    fn document(&mut self, row: &Fields<'_>, record: &Record, live: bool) -> Checked {
        row.id::<DocumentId>("id")?;
        row.id::<OfficeId>("owner_office_id")?;
        let kind = DocKind::parse(row.text("kind")?)?;
        let number_style = NumberStyle::parse(row.text("number_style")?)?;
        let issued_on = row.opt_date("issued_on")?;
        let recipients: Vec<String> =
            serde_json::from_str(row.text("recipients")?).map_err(|_| "danh sách nơi nhận không đọc được".to_string())?;
        self.time(row, "created_at")?;
        let mut references = Vec::new();
        for reference in children(record, "document_references") {
            reference.int("position")?;
            references.push(reference.text("text")?.to_string());
        }
        for file in children(record, "attachments") {
            self.file(&file)?;
        }
        if live {
            documents::validated(&DocumentInput {
                kind,
                number: row.text("number")?.to_string(),
                symbol: row.text("symbol")?.to_string(),
                number_style,
                issued_on,
                place: row.text("place")?.to_string(),
                issuer: row.text("issuer")?.to_string(),
                title: row.text("title")?.to_string(),
                signer: row.text("signer")?.to_string(),
                signer_title: row.text("signer_title")?.to_string(),
                recipients,
                references,
                body: row.text("body")?.to_string(),
            })?;
        }
        Ok(())
    }

    /// A task on a plan of its owner or one sent down to it, for its owner and the offices below.
    fn task(&mut self, tx: &Connection, row: &Fields<'_>, record: &Record, live: bool) -> Checked {
        row.id::<TaskId>("id")?;
        let document: DocumentId = row.id("document_id")?;
        row.int("position")?;
        let owner: OfficeId = row.id("owner_office_id")?;
        let report_to_office_id: Option<OfficeId> = row.opt_id("report_to_office_id")?;
        let mut assignees = Vec::new();
        for assignee in children(record, "task_assignees") {
            assignee.int("position")?;
            let office: OfficeId = assignee.id("office_id")?;
            let role = if assignee.value("role").is_null() { None } else { Some(assignee.text("role")?) };
            assignees.push(match (assignee.opt_int("level")?, role) {
                (None, None) => Assignee::Office { office_id: office },
                (None, Some(role)) => Assignee::Role { office_id: office, role: role.to_string() },
                (Some(_), Some(_)) => {
                    return Err(Problem::Refused("người được giao không thể vừa là một cấp vừa là một chức danh".into()));
                }
                (Some(level), None) => Assignee::Level {
                    under: office,
                    level: u8::try_from(level).map_err(|_| format!("cấp {level} của người được giao không hợp lệ"))?,
                },
            });
        }
        let input = TaskInput {
            title: row.text("title")?.to_string(),
            description: row.text("description")?.to_string(),
            assignees,
            report_to_office_id,
            deadlines: Vec::new(),
        };
        if !live {
            return Ok(());
        }
        let document_owner =
            store::documents::owner(tx, document)?.ok_or("kế hoạch của nhiệm vụ này không có ở máy này")?;
        validated_task(tx, self.tree(tx)?, owner, document_owner, &input)?;
        Ok(())
    }

    /// A rule of a task its owner made, with dates the store keeps.
    fn rule(&mut self, tx: &Connection, row: &Fields<'_>, record: &Record, live: bool) -> Checked {
        row.id::<RuleId>("id")?;
        let task: TaskId = row.id("task_id")?;
        row.int("position")?;
        let label = row.text("label")?;
        let spec = rule_spec(row.text("spec")?)?;
        row.text("source_text")?;
        let outline = rule_outline(row)?;
        let passed_down_from: Option<InstanceId> = row.opt_id("passed_down_from")?;
        let owner: OfficeId = row.id("owner_office_id")?;
        let mut previous = Vec::new();
        for change in children(record, "deadline_rule_changes") {
            change.int("position")?;
            self.time(&change, "changed_at")?;
            change.text("note")?;
            previous.push(rule_spec(change.text("previous_spec")?)?);
        }
        if !live {
            return Ok(());
        }
        let task_owner = store::tasks::owner_of(tx, task)?.ok_or("nhiệm vụ của hạn này không có ở máy này")?;
        if task_owner != owner {
            return Err(format!(
                "hạn của một nhiệm vụ chỉ do đơn vị lập nhiệm vụ đó («{}») đặt.",
                offices::name_of(tx, task_owner)?
            )
            .into());
        }
        if clean(label).is_empty() {
            return Err("hạn không có tên việc phải nộp.".into());
        }
        spec.validate()?;
        for spec in &previous {
            spec.validate()?;
        }
        if let Some(outline) = outline {
            outline.validated()?;
        }
        if let Some(upper) = passed_down_from {
            if let Some(office) = store::deadline_instances::office_of(tx, &upper.to_string())? {
                check_passed_down_from(office, owner)?;
            }
        }
        Ok(())
    }

    /// A report for a deadline of its owner or of an office below it, with the same facts as one
    /// typed in.
    fn report(&mut self, tx: &Connection, row: &Fields<'_>, record: &Record, live: bool) -> Checked {
        row.id::<ReportId>("id")?;
        let instance: InstanceId = row.id("instance_id")?;
        let office: OfficeId = row.id("office_id")?;
        let submitted_on = row.date("submitted_on")?;
        let submitted_by = row.text("submitted_by")?;
        let channel = row.text("channel")?;
        Channel::from_code(channel).ok_or_else(|| format!("hình thức gửi «{channel}» không hợp lệ"))?;
        let note = row.text("note")?;
        let owner: OfficeId = row.id("owner_office_id")?;
        for file in children(record, "report_files") {
            self.file(&file)?;
            if live {
                reports::check_file_name(file.text("file_name")?)?;
            }
        }
        if !live {
            return Ok(());
        }
        let deadline_office = store::deadline_instances::office_of(tx, &instance.to_string())?.ok_or("hạn của báo cáo này không có ở máy này (kế hoạch có thể đã bị xóa hoặc hạn đã đổi).")?;
        if deadline_office != office {
            return Err(format!(
                "báo cáo ghi là của «{}» nhưng hạn là của «{}».",
                offices::name_of(tx, office)?,
                offices::name_of(tx, deadline_office)?
            )
            .into());
        }
        if !reports::may_record(self.tree(tx)?, owner, office) {
            reports::check_recorder(tx, owner, office)?;
        }
        reports::checked(submitted_on, submitted_by, note, self.today)?;
        Ok(())
    }

    /// A receipt only from an office above the one that reported, dated as one typed in.
    fn receipt(&mut self, tx: &Connection, row: &Fields<'_>, live: bool) -> Checked {
        let report: ReportId = row.id("report_id")?;
        let received_on = row.date("received_on")?;
        let receiver: OfficeId = row.id("receiver_office_id")?;
        if !live {
            return Ok(());
        }
        let (office, submitted_on) = store::reports::office_and_date(tx, report)?.ok_or("báo cáo của biên nhận này không có ở máy này")?;
        if !reports::may_receive(self.tree(tx)?, receiver, office) {
            reports::check_receiver(tx, receiver, office)?;
        }
        reports::check_received_on(submitted_on, received_on, self.today)?;
        Ok(())
    }

    /// An attached file as the store keeps it: named by its SHA-256, within the size limit.
    fn file(&self, file: &Fields<'_>) -> Checked {
        check_sha256(file.text("sha256")?)?;
        if file.text("file_name")?.trim().is_empty() {
            return Err("tệp đính kèm không có tên".into());
        }
        let size = file.int("size")?;
        if !(0..=MAX_ATTACHMENT_BYTES as i64).contains(&size) {
            return Err(format!("kích thước tệp đính kèm {size} byte không hợp lệ").into());
        }
        self.time(file, "added_at")
    }

    /// A time in the store's form, not later than the bundle was made (as far as that is believed).
    fn time(&self, row: &Fields<'_>, name: &str) -> Checked {
        let text = row.text(name)?;
        let at = DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
            .filter(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true) == text && t.year() >= 1970)
            .ok_or_else(|| format!("{} «{text}» không phải là một thời điểm hợp lệ", label(name)))?;
        if at > self.latest {
            let shown = |t: DateTime<Utc>| t.with_timezone(&Local).format("%H:%M %d/%m/%Y").to_string();
            return Err(format!(
                "{} {} muộn hơn lúc tạo gói ({}) quá {} phút: đồng hồ của máy đã sửa bản ghi chạy nhanh. Hãy chỉnh \
                 ngày giờ trên máy đó; bản ghi được nhận khi gửi lại trong một gói tạo sau thời điểm ấy.",
                label(name),
                shown(at),
                shown(self.created),
                clock_margin().num_minutes()
            )
            .into());
        }
        Ok(())
    }

    fn from_parent(&mut self, tx: &Connection) -> Result<bool> {
        if let Some(known) = self.from_parent {
            return Ok(known);
        }
        let (sender, recipient) = (self.sender, self.recipient);
        let from_parent = self.setup || self.tree(tx)?.above(sender, recipient);
        self.from_parent = Some(from_parent);
        Ok(from_parent)
    }

    /// The office tree as it stands, read once until an office record may change it.
    fn tree(&mut self, tx: &Connection) -> Result<&OfficeTree> {
        if self.tree.is_none() {
            self.tree = Some(store::offices::tree(tx)?);
        }
        Ok(self.tree.get_or_insert_default())
    }
}

fn rule_spec(text: &str) -> std::result::Result<RuleSpec, Problem> {
    serde_json::from_str(text).map_err(|_| Problem::Refused(format!("hạn không đọc được («{text}»)")))
}

/// A rule's outline (đề cương), when it has one: JSON that parses.
fn rule_outline(row: &Fields<'_>) -> std::result::Result<Option<ReportOutline>, Problem> {
    if row.value("outline").is_null() {
        return Ok(None);
    }
    let text = row.text("outline")?;
    serde_json::from_str(text).map(Some).map_err(|_| Problem::Refused("đề cương báo cáo của hạn không đọc được".into()))
}

/// The child rows of one table of a record.
fn children<'r>(record: &'r Record, table: &str) -> impl Iterator<Item = Fields<'r>> {
    record.children.get(table).into_iter().flatten().map(Fields)
}

/// A carried row, read field by field with the reason a field is wrong.
struct Fields<'a>(&'a Row);

impl<'a> Fields<'a> {
    fn value(&self, name: &str) -> &'a Value {
        self.0.get(name).unwrap_or(&Value::Null)
    }

    fn text(&self, name: &str) -> std::result::Result<&'a str, Problem> {
        self.value(name).as_str().ok_or_else(|| Problem::Refused(format!("{} phải là chữ", label(name))))
    }

    fn int(&self, name: &str) -> std::result::Result<i64, Problem> {
        self.value(name).as_i64().ok_or_else(|| Problem::Refused(format!("{} phải là số nguyên", label(name))))
    }

    fn opt_int(&self, name: &str) -> std::result::Result<Option<i64>, Problem> {
        if self.value(name).is_null() { Ok(None) } else { self.int(name).map(Some) }
    }

    /// 0 or 1.
    fn flag(&self, name: &str) -> std::result::Result<bool, Problem> {
        match self.value(name).as_i64() {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            _ => Err(Problem::Refused(format!("{} phải là 0 hoặc 1", label(name)))),
        }
    }

    /// A record id as the store writes it (a lowercase hyphenated UUID), since ids are compared
    /// as text.
    fn id<T: std::str::FromStr>(&self, name: &str) -> std::result::Result<T, Problem> {
        let text = self.text(name)?;
        uuid::Uuid::parse_str(text)
            .ok()
            .filter(|u| u.hyphenated().to_string() == text)
            .and_then(|_| text.parse().ok())
            .ok_or_else(|| Problem::Refused(format!("{} «{text}» không phải là mã bản ghi hợp lệ", label(name))))
    }

    fn opt_id<T: std::str::FromStr>(&self, name: &str) -> std::result::Result<Option<T>, Problem> {
        if self.value(name).is_null() { Ok(None) } else { self.id(name).map(Some) }
    }

    /// A real date written `yyyy-mm-dd` (dates are compared as text), in the years the store keeps.
    fn date(&self, name: &str) -> std::result::Result<NaiveDate, Problem> {
        let text = self.text(name)?;
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|d| d.format("%Y-%m-%d").to_string() == text)
            .ok_or_else(|| Problem::Refused(format!("{} «{text}» không phải là một ngày có thật", label(name))))?;
        let mut what = label(name);
        if let Some(first) = what.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        crate::calendar::check_year(date, &what)?;
        Ok(date)
    }

    fn opt_date(&self, name: &str) -> std::result::Result<Option<NaiveDate>, Problem> {
        if self.value(name).is_null() { Ok(None) } else { self.date(name).map(Some) }
    }
}

/// A sentence made to follow a colon: "Tên đơn vị …" → "tên đơn vị …" (a code such as "LCU" stays).
fn lowercase_start(sentence: &str) -> String {
    let first_word = sentence.split_whitespace().next().unwrap_or_default();
    let mut chars = first_word.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() && chars.all(char::is_lowercase) => {
            first.to_lowercase().chain(sentence.chars().skip(1)).collect()
        }
        _ => sentence.to_string(),
    }
}

/// A column as a person reads it.
fn label(column: &str) -> String {
    match column {
        "updated_at" => "thời điểm sửa",
        "created_at" => "thời điểm tạo",
        "added_at" => "thời điểm đính kèm",
        "changed_at" => "thời điểm đổi hạn",
        "submitted_on" => "ngày nộp",
        "received_on" => "ngày nhận",
        "issued_on" => "ngày ban hành",
        "submitted_by" => "người nộp",
        "channel" => "hình thức gửi",
        "level" => "cấp",
        "role" => "chức danh",
        "position" => "thứ tự",
        "size" => "kích thước tệp",
        "deleted" => "dấu xóa",
        "code" => "mã đơn vị",
        "name" => "tên",
        "title" => "tiêu đề",
        "label" => "tên hạn",
        "spec" => "hạn",
        "closed_on" => "ngày không còn đơn vị",
        "successor_id" => "đơn vị kế thừa",
        "until" => "ngày hết dùng tên cũ",
        "outline" => "đề cương báo cáo",
        other => return format!("trường «{other}»"),
    }
    .to_string()
}

/// The record in words, for the reason it is refused: "Báo cáo nộp ngày 19/11/2026 cho hạn «Báo
/// cáo sơ kết» của «Hội LHPN huyện Phong Thổ»".
fn describe(tx: &Connection, record: &Record) -> Result<String> {
    let field = |name: &str| record.row.get(name).and_then(Value::as_str).unwrap_or_default();
    let quoted = |text: &str, otherwise: &str| if text.trim().is_empty() { otherwise.to_string() } else { format!("«{text}»") };
    let date = |text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(|_| format!("«{text}»"), |d| d.format("%d/%m/%Y").to_string())
    };
    Ok(match record.table.as_str() {
        "offices" => format!("Đơn vị {} (mã «{}»)", quoted(field("name"), "không tên"), field("code")),
        "documents" => format!("Văn bản {}", quoted(field("title"), "không có trích yếu")),
        "tasks" => format!("Nhiệm vụ {}", quoted(field("title"), "không tên")),
        "deadline_rules" => format!("Hạn {}", quoted(field("label"), "không tên")),
        "reports" => format!(
            "Báo cáo nộp ngày {} {}",
            date(field("submitted_on")),
            deadline_words(tx, field("instance_id"), field("office_id"))?
        ),
        "receipts" => {
            match store::reports::instance_and_office(tx, field("report_id"))? {
                Some((instance, office)) => format!("Biên nhận báo cáo {}", deadline_words(tx, &instance, &office)?),
                None => format!("Biên nhận của báo cáo {}", field("report_id")),
            }
        }
        other => format!("Bản ghi «{other}»"),
    })
}

/// "cho hạn «label» của «office»", or "của «office»" when the deadline is not known here.
fn deadline_words(tx: &Connection, instance: &str, office: &str) -> Result<String> {
    Ok(match store::deadline_instances::label_and_office_name(tx, instance)? {
        Some((label, name)) => format!("cho hạn «{label}» của «{name}»"),
        None => {
            let name = store::offices::name(tx, office)?;
            format!("của «{}»", name.unwrap_or_else(|| office.to_string()))
        }
    })
}
