//! Conflicts kept for someone to resolve: a record that arrives with the same modification time as
//! ours but a different content (edited on two machines, or versions that diverged) is not
//! applied; both versions are kept here until the user keeps ours or takes the one from the
//! bundle. Taking it goes through the same code as an import, in one transaction; the version not
//! chosen stays in the history.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
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
            ConflictResolution::Superseded => "superseded",
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

/// A conflict found during an import run, written when the run ends.
pub(crate) struct FoundConflict {
    pub table: String,
    pub key: String,
    pub incoming: Record,
    /// The owner's key the incoming signature verified with (`None`: a format 1 record).
    pub signed_by: Option<String>,
    pub local: Record,
    pub reason: String,
}

fn to_json(record: &Record) -> String {
    serde_json::to_string(record).expect("a record serialises")
}

/// Keeps the conflicts of an import run (inside its transaction, so a preview keeps nothing). A
/// version already kept for the same record, pending or resolved, is not kept twice.
pub(crate) fn keep_found(tx: &Connection, manifest: &Manifest, file_name: &str, found: Vec<FoundConflict>) -> Result<()> {
    for c in found {
        let incoming = to_json(&c.incoming);
        let known: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM record_conflicts WHERE table_name = ?1 AND record_key = ?2 AND incoming = ?3)",
            )?
            .query_row(params![c.table, c.key, incoming], |r| r.get(0))?;
        if known {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO record_conflicts (table_name, record_key, incoming, signed_by, local, reason, bundle_id, sender_id,
                 file_name, found_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            c.table,
            c.key,
            incoming,
            c.signed_by,
            to_json(&c.local),
            c.reason,
            manifest.bundle_id,
            manifest.sender.id,
            file_name,
            store::now()
        ])?;
    }
    Ok(())
}

/// A record was just written from a bundle: conflicts still pending about it no longer arise.
/// Whether any conflict is waiting to be resolved.
pub(crate) fn any_pending(tx: &Connection) -> Result<bool> {
    Ok(tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM record_conflicts WHERE resolution IS NULL)")?.query_row([], |r| r.get(0))?)
}

pub(crate) fn supersede(tx: &Connection, table: &str, key: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE record_conflicts SET resolution = 'superseded', resolved_at = ?3
         WHERE resolution IS NULL AND table_name = ?1 AND record_key = ?2",
    )?
    .execute(params![table, key, store::now()])?;
    Ok(())
}

struct StoredConflict {
    id: i64,
    table: String,
    key: String,
    incoming: Record,
    signed_by: Option<String>,
    local: Record,
    reason: String,
    sender_id: String,
    sender: String,
    bundle_id: String,
    file_name: String,
    found_at: String,
    resolution: Option<String>,
    resolved_at: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.table_name, c.record_key, c.incoming, c.signed_by, c.local, c.reason, c.sender_id,
        coalesce(o.name, c.sender_id), c.bundle_id, c.file_name, c.found_at, c.resolution, c.resolved_at
    FROM record_conflicts c LEFT JOIN offices o ON o.id = c.sender_id";

fn row_to_conflict(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredConflict> {
    let record = |i: usize| -> rusqlite::Result<Record> {
        let text: String = r.get(i)?;
        serde_json::from_str(&text)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
    };
    Ok(StoredConflict {
        id: r.get(0)?,
        table: r.get(1)?,
        key: r.get(2)?,
        incoming: record(3)?,
        signed_by: r.get(4)?,
        local: record(5)?,
        reason: r.get(6)?,
        sender_id: r.get(7)?,
        sender: r.get(8)?,
        bundle_id: r.get(9)?,
        file_name: r.get(10)?,
        found_at: r.get(11)?,
        resolution: r.get(12)?,
        resolved_at: r.get(13)?,
    })
}

impl Store {
    /// The conflicts waiting for a choice (oldest first), then the most recently resolved ones.
    pub fn record_conflicts(&self) -> Result<Vec<RecordConflict>> {
        let mut out = Vec::new();
        for sql in [
            format!("{SELECT} WHERE c.resolution IS NULL ORDER BY c.id"),
            format!("{SELECT} WHERE c.resolution IS NOT NULL ORDER BY c.resolved_at DESC, c.id DESC LIMIT {HISTORY_LIMIT}"),
        ] {
            let stored: Vec<StoredConflict> =
                self.conn.prepare_cached(&sql)?.query_map([], row_to_conflict)?.collect::<rusqlite::Result<_>>()?;
            for c in stored {
                out.push(self.shown(c)?);
            }
        }
        Ok(out)
    }

    /// Resolves a pending conflict. `UseIncoming` applies the bundle's version through the import
    /// code, with the same checks, in one transaction; if it cannot be applied nothing changes.
    pub fn resolve_conflict(&mut self, id: i64, choice: ConflictChoice, today: NaiveDate) -> Result<RecordConflict> {
        let stored = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?
            .query_row([id], row_to_conflict)
            .optional()?
            .or_not_found("xung đột", id)?;
        if stored.resolution.is_some() {
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
                let verdict = match (&stored.signed_by, &stored.incoming.signature) {
                    (Some(key), Some(signature)) => Verdict::Signed(key.clone(), signature.clone()),
                    _ => Verdict::VouchedByBundle,
                };
                apply_chosen_version(tx, &source, today, horizon, stored.incoming.clone(), &stored.local, verdict)?
                    .map_err(|reason| Error::invalid(format!("Không dùng được bản trong gói: {reason}")))?;
            }
            tx.execute(
                "UPDATE record_conflicts SET resolution = ?2, resolved_at = ?3 WHERE id = ?1",
                params![id, resolution.as_sql(), store::now()],
            )?;
            Ok(())
        })?;
        let updated = self.conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?.query_row([id], row_to_conflict)?;
        self.shown(updated)
    }

    fn shown(&self, c: StoredConflict) -> Result<RecordConflict> {
        let office_name = |id: &str| -> Result<Option<String>> {
            Ok(self.conn.prepare_cached("SELECT name FROM offices WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
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
        let title = match c.table.as_str() {
            "reports" => format!(
                "Báo cáo của «{}» nộp ngày {}",
                office_name(&text("office_id"))?.unwrap_or_default(),
                vietnamese_date(&text("submitted_on"))
            ),
            "receipts" => format!("Biên nhận ngày {}", vietnamese_date(&text("received_on"))),
            _ => ["title", "name", "label"].iter().map(|f| text(f)).find(|t| !t.is_empty()).unwrap_or_else(|| c.key.clone()),
        };
        Ok(RecordConflict {
            id: c.id,
            table_label: label(&c.table).to_string(),
            table: c.table,
            record_id: c.key,
            title,
            sender: c.sender,
            file_name: c.file_name,
            found_at: c.found_at,
            reason: c.reason,
            differences,
            resolution: c.resolution.as_deref().and_then(ConflictResolution::from_sql),
            resolved_at: c.resolved_at,
        })
    }
}

/// The bundle a conflict came from, as far as applying one of its records needs it.
fn origin(c: &StoredConflict, recipient: OfficeRef) -> Result<Manifest> {
    if spec(&c.table).is_none() {
        return Err(Error::invalid(format!("Loại bản ghi lạ «{}».", c.table)));
    }
    Ok(Manifest {
        format: FORMAT_VERSION,
        capabilities: Vec::new(),
        schema_version: SCHEMA_VERSION,
        kind: BundleKind::Data,
        bundle_id: c.bundle_id.clone(),
        created_at: c.found_at.clone(),
        sender: OfficeRef { id: c.sender_id.parse()?, code: String::new(), name: c.sender.clone() },
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
    })
}

/// Columns holding an office id, shown by the office's name.
const OFFICE_FIELDS: &[&str] = &["owner_office_id", "office_id", "parent_id", "report_to_office_id", "receiver_office_id"];

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
