//! Conflicts kept for someone to resolve: a record that arrives with the same modification time as
//! ours but a different content (edited on two machines, or versions that diverged) is not
//! applied; both versions are kept here until the user keeps ours or takes the one from the
//! bundle. Taking it goes through the same code as an import, in one transaction; the version not
//! chosen stays in the history.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::bundle::import::apply_chosen_version;
use crate::bundle::format::{BundleKind, FORMAT_VERSION, Manifest, OfficeRef};
use crate::bundle::records::{RECORD_TABLES, Record, Row, spec};
use crate::bundle::signatures::Verdict;
use crate::error::{Error, OrNotFound, Result};
use crate::store::{self, SCHEMA_VERSION, Store};

/// Resolved conflicts listed after the pending ones.
const HISTORY_LIMIT: i64 = 50;

/// What the user chose for a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConflictChoice {
    /// "Giữ bản trên máy này": nothing changes; the bundle's version stays in the history.
    KeepLocal,
    /// "Dùng bản trong gói": the bundle's version is applied as an import would.
    UseIncoming,
}

/// How a conflict ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConflictResolution {
    Local,
    Incoming,
    /// A later version of the record arrived and was applied, so the question no longer arises.
    Superseded,
}

impl ConflictResolution {
    fn as_sql(self) -> &'static str {
        match self {
            ConflictResolution::Local => "local",
            ConflictResolution::Incoming => "incoming",
            ConflictResolution::Superseded => store::record_conflicts::SUPERSEDED,
        }
    }

    fn from_sql(text: &str) -> Option<Self> {
        [ConflictResolution::Local, ConflictResolution::Incoming, ConflictResolution::Superseded]
            .into_iter()
            .find(|r| r.as_sql() == text)
    }
}

/// One field (or list of child rows) that differs between the two versions, as displayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldDifference {
    pub field: String,
    /// Vietnamese label of the field.
    pub label: String,
    pub local: String,
    pub incoming: String,
}

/// A conflict as the exchange screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordConflict {
    #[ts(type = "number")]
    pub id: i64,
    pub table: String,
    /// "Văn bản", "Báo cáo" …
    pub table_label: String,
    pub record_id: String,
    /// What the record is, for people: a title, a name, or the report's date.
    pub title: String,
    pub sender: String,
    pub file_name: String,
    pub found_at: String,
    pub reason: String,
    pub differences: Vec<FieldDifference>,
    pub resolution: Option<ConflictResolution>,
    pub resolved_at: Option<String>,
}

/// A kept conflict with both versions read back.
struct StoredConflict {
    row: store::record_conflicts::StoredConflict,
    incoming: Record,
    local: Record,
}

fn read(row: store::record_conflicts::StoredConflict) -> Result<StoredConflict> {
    let record = |json: &str| -> Result<Record> {
        serde_json::from_str(json).map_err(|e| Error::Internal(format!("xung đột số {} lưu sai định dạng ({e})", row.id)))
    };
    Ok(StoredConflict { incoming: record(&row.incoming)?, local: record(&row.local)?, row })
}

impl Store {
    /// The conflicts waiting for a choice (oldest first), then the most recently resolved ones.
    pub fn record_conflicts(&self) -> Result<Vec<RecordConflict>> {
        store::record_conflicts::pending_then_resolved(&self.conn, HISTORY_LIMIT)?
            .into_iter()
            .map(|row| self.shown(read(row)?))
            .collect()
    }

    /// Resolves a pending conflict. `UseIncoming` applies the bundle's version through the import
    /// code, with the same checks, in one transaction; if it cannot be applied nothing changes.
    pub fn resolve_conflict(&mut self, id: i64, choice: ConflictChoice, today: NaiveDate) -> Result<RecordConflict> {
        let stored = read(store::record_conflicts::get(&self.conn, id)?.or_not_found("xung đột", id)?)?;
        if stored.row.resolution.is_some() {
            return Err(Error::invalid("Xung đột này đã được xử lý rồi. Hãy tải lại màn hình Trao đổi dữ liệu."));
        }
        let own = self.require_own_office()?;
        let horizon = self.instances_horizon()?;
        let resolution = match choice {
            ConflictChoice::KeepLocal => ConflictResolution::Local,
            ConflictChoice::UseIncoming => ConflictResolution::Incoming,
        };
        self.transact(|tx| {
            if choice == ConflictChoice::UseIncoming {
                let source = origin(&stored, OfficeRef { id: own.id, code: own.code.clone(), name: own.name.clone() })?;
                let verdict = match (&stored.row.signed_by, &stored.incoming.signature) {
                    (Some(key), Some(signature)) => Verdict::Signed(key.clone(), signature.clone()),
                    _ => Verdict::VouchedByBundle,
                };
                apply_chosen_version(tx, &source, today, horizon, stored.incoming.clone(), &stored.local, verdict)?
                    .map_err(|reason| Error::invalid(format!("Không dùng được bản trong gói: {reason}")))?;
            }
            store::record_conflicts::resolve(tx, id, resolution.as_sql())
        })?;
        let updated = store::record_conflicts::get(&self.conn, id)?.or_not_found("xung đột", id)?;
        self.shown(read(updated)?)
    }

    fn shown(&self, c: StoredConflict) -> Result<RecordConflict> {
        let office_name = |id: &str| -> Result<Option<String>> {
            store::offices::name(&self.conn, id)
        };
        let mut differences = Vec::new();
        let fields: std::collections::BTreeSet<&String> = c.local.row.keys().chain(c.incoming.row.keys()).collect();
        for field in fields {
            let (local, incoming) = (c.local.row.get(field), c.incoming.row.get(field));
            if local == incoming {
                continue;
            }
            let show = |v: Option<&Value>| -> Result<String> {
                let text = display(v);
                if OFFICE_FIELDS.contains(&field.as_str()) {
                    return Ok(office_name(&text)?.unwrap_or(text));
                }
                Ok(text)
            };
            differences.push(FieldDifference {
                field: field.clone(),
                label: label(field).to_string(),
                local: show(local)?,
                incoming: show(incoming)?,
            });
        }
        let children: std::collections::BTreeSet<&String> = c.local.children.keys().chain(c.incoming.children.keys()).collect();
        for child in children {
            let (local, incoming) = (c.local.children.get(child), c.incoming.children.get(child));
            if local.map(Vec::as_slice).unwrap_or_default() == incoming.map(Vec::as_slice).unwrap_or_default() {
                continue;
            }
            differences.push(FieldDifference {
                field: child.clone(),
                label: label(child).to_string(),
                local: display_rows(child, local),
                incoming: display_rows(child, incoming),
            });
        }
        // Named as this machine knows the record (the bundle's version when ours has no name).
        let row = if c.local.row.is_empty() { &c.incoming.row } else { &c.local.row };
        let text = |name: &str| row.get(name).and_then(Value::as_str).unwrap_or_default().to_string();
        let title = match c.row.table.as_str() {
            "reports" => format!(
                "Báo cáo của «{}» nộp ngày {}",
                office_name(&text("office_id"))?.unwrap_or_default(),
                vietnamese_date(&text("submitted_on"))
            ),
            "receipts" => format!("Biên nhận ngày {}", vietnamese_date(&text("received_on"))),
            _ => ["title", "name", "label"].iter().map(|f| text(f)).find(|t| !t.is_empty()).unwrap_or_else(|| c.row.key.clone()),
        };
        Ok(RecordConflict {
            id: c.row.id,
            table_label: label(&c.row.table).to_string(),
            table: c.row.table,
            record_id: c.row.key,
            title,
            sender: c.row.sender,
            file_name: c.row.file_name,
            found_at: c.row.found_at,
            reason: c.row.reason,
            differences,
            resolution: c.row.resolution.as_deref().and_then(ConflictResolution::from_sql),
            resolved_at: c.row.resolved_at,
        })
    }
}

/// The bundle a conflict came from, as far as applying one of its records needs it.
fn origin(c: &StoredConflict, recipient: OfficeRef) -> Result<Manifest> {
    if spec(&c.row.table).is_none() {
        return Err(Error::invalid(format!("Loại bản ghi lạ «{}».", c.row.table)));
    }
    Ok(Manifest {
        format: FORMAT_VERSION,
        capabilities: Vec::new(),
        schema_version: SCHEMA_VERSION,
        kind: BundleKind::Data,
        bundle_id: c.row.bundle_id.clone(),
        created_at: c.row.found_at.clone(),
        sender: OfficeRef { id: c.row.sender_id.parse()?, code: String::new(), name: c.row.sender.clone() },
        sender_public_key: String::new(),
        sender_installation: String::new(),
        recipient,
        seq_from: 0,
        seq_to: 0,
        ack_seq: 0,
        key_rotation: None,
        forwarded_keys: Vec::new(),
        refused: Vec::new(),
        entries: Vec::new(),
        key_reissues: Vec::new(),
        recovered_from: None,
        recipient_last_heard: None,
    })
}

/// Columns holding an office id, shown by the office's name.
const OFFICE_FIELDS: &[&str] =
    &["owner_office_id", "office_id", "parent_id", "report_to_office_id", "receiver_office_id", "successor_id"];

/// Vietnamese labels of tables and columns; a column without one is shown by its name.
const LABELS: &[(&str, &str)] = &[
    ("offices", "Đơn vị"),
    ("documents", "Văn bản"),
    ("tasks", "Nhiệm vụ"),
    ("deadline_rules", "Hạn báo cáo"),
    ("reports", "Báo cáo"),
    ("receipts", "Biên nhận"),
    ("document_references", "Văn bản căn cứ"),
    ("attachments", "Tệp đính kèm"),
    ("task_assignees", "Đơn vị thực hiện"),
    ("deadline_rule_changes", "Lần đổi hạn"),
    ("report_files", "Tệp báo cáo"),
    ("office_names", "Tên cũ"),
    ("closed_on", "Không còn từ ngày"),
    ("successor_id", "Đơn vị kế thừa"),
    ("until", "Dùng đến trước ngày"),
    ("code", "Mã"),
    ("name", "Tên"),
    ("level", "Cấp"),
    ("parent_id", "Đơn vị cấp trên"),
    ("owner_office_id", "Đơn vị quản lý"),
    ("kind", "Loại văn bản"),
    ("number", "Số"),
    ("symbol", "Ký hiệu"),
    ("number_style", "Kiểu số, ký hiệu"),
    ("issued_on", "Ngày ban hành"),
    ("place", "Địa danh"),
    ("issuer", "Cơ quan ban hành"),
    ("title", "Trích yếu / tên"),
    ("signer", "Người ký"),
    ("signer_title", "Chức vụ người ký"),
    ("recipients", "Nơi nhận"),
    ("body", "Nội dung"),
    ("description", "Mô tả"),
    ("report_to_office_id", "Báo cáo về"),
    ("label", "Tên hạn"),
    ("spec", "Thời hạn"),
    ("source_text", "Câu gốc trong văn bản"),
    ("office_id", "Đơn vị"),
    ("instance_id", "Hạn"),
    ("submitted_on", "Ngày nộp"),
    ("submitted_by", "Người nộp"),
    ("channel", "Hình thức gửi"),
    ("note", "Ghi chú"),
    ("received_on", "Ngày nhận"),
    ("receiver_office_id", "Đơn vị nhận"),
    ("position", "Thứ tự"),
    ("deleted", "Đã xóa"),
    ("created_at", "Tạo lúc"),
    ("updated_at", "Sửa lần cuối lúc"),
];

pub(crate) fn label(name: &str) -> &str {
    LABELS.iter().find(|(n, _)| *n == name).map_or(name, |(_, l)| l)
}

fn display(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "(trống)".into(),
        Some(Value::String(s)) if s.is_empty() => "(trống)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Child rows one a line, each as its values (the link to the parent left out).
fn display_rows(child_table: &str, rows: Option<&Vec<Row>>) -> String {
    let rows = rows.map(Vec::as_slice).unwrap_or_default();
    if rows.is_empty() {
        return "(không có)".into();
    }
    let parent_column = RECORD_TABLES
        .iter()
        .flat_map(|t| t.children)
        .find(|c| c.table == child_table)
        .map_or("", |c| c.parent_column);
    rows.iter()
        .map(|row| {
            row.iter()
                .filter(|(k, _)| k.as_str() != parent_column)
                .map(|(_, v)| display(Some(v)))
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `2026-11-10` → `10/11/2026`; anything else unchanged.
fn vietnamese_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|_| iso.to_string())
}
