//! Records as they travel in `records.jsonl`: one line a record, `{"table", "row", "children"}`,
//! rows as their SQL values minus local bookkeeping. Which tables travel, who owns each row,
//! which child rows go with it and what writing one sets off are listed once here.
//!
//! With `import/upsert.rs`, this is the one place outside `store/` with SQL: the table-generic
//! statements built from the list below (read a row by key, its children, the rows a bundle
//! carries), the same for every travelling table.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Result;

/// Rows that belong to a parent record and travel with it, replaced as a set.
pub(crate) struct ChildTable {
    pub table: &'static str,
    pub parent_column: &'static str,
    pub order_by: &'static str,
    /// Its rows name files (by `sha256`) that travel in the bundle's `files/`.
    pub files: bool,
}

/// What writing a record of a table sets off in an import, beyond the row itself. Declared beside
/// each table in [`RECORD_TABLES`], so a new travelling table with no such work needs no change
/// to the import's record run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AfterWrite {
    /// Nothing: the row is all there is.
    Nothing,
    /// The office tree changed: rules assigned by level are expanded again.
    OfficeTree,
    /// A plan: its search text and number keys are derived again; a deleted one takes its
    /// deadline instances with it.
    Document,
    /// A task: its rules are expanded again for its assignees.
    TaskRules,
    /// A rule: refused when it would make too many deadlines, else expanded again.
    Rule,
    /// A report: a sub-office's own report takes the place of the one we recorded for it.
    Report,
}

/// A table whose rows travel as records.
pub(crate) struct RecordTable {
    pub table: &'static str,
    pub key: &'static str,
    /// The column naming the office that owns the row (only it may change the row).
    pub owner: &'static str,
    /// Export order: parents before children of the same table.
    pub order_by: &'static str,
    pub children: &'static [ChildTable],
    pub after_write: AfterWrite,
}

/// In the order they are written and applied: later tables refer to earlier ones.
pub(crate) const RECORD_TABLES: &[RecordTable] = &[
    RecordTable {
        table: "offices",
        key: "id",
        owner: "owner_office_id",
        order_by: "level, id",
        children: &[ChildTable { table: "office_names", parent_column: "office_id", order_by: "position", files: false }],
        after_write: AfterWrite::OfficeTree,
    },
    RecordTable {
        table: "documents",
        key: "id",
        owner: "owner_office_id",
        order_by: "id",
        children: &[
            ChildTable { table: "document_references", parent_column: "document_id", order_by: "position", files: false },
            ChildTable { table: "attachments", parent_column: "document_id", order_by: "sha256", files: true },
        ],
        after_write: AfterWrite::Document,
    },
    RecordTable {
        table: "tasks",
        key: "id",
        owner: "owner_office_id",
        order_by: "id",
        children: &[ChildTable { table: "task_assignees", parent_column: "task_id", order_by: "position", files: false }],
        after_write: AfterWrite::TaskRules,
    },
    RecordTable {
        table: "deadline_rules",
        key: "id",
        owner: "owner_office_id",
        order_by: "id",
        children: &[ChildTable { table: "deadline_rule_changes", parent_column: "rule_id", order_by: "position", files: false }],
        after_write: AfterWrite::Rule,
    },
    RecordTable {
        table: "reports",
        key: "id",
        owner: "owner_office_id",
        order_by: "id",
        children: &[ChildTable { table: "report_files", parent_column: "report_id", order_by: "sha256", files: true }],
        after_write: AfterWrite::Report,
    },
    RecordTable {
        table: "receipts",
        key: "report_id",
        owner: "receiver_office_id",
        order_by: "report_id",
        children: &[],
        after_write: AfterWrite::Nothing,
    },
];

/// Columns that are local bookkeeping or derived, never carried.
pub(crate) const LOCAL_COLUMNS: &[&str] = &["row_key", "change_seq", "search_text", "number_key"];

pub(crate) type Row = BTreeMap<String, Value>;

/// One line of `records.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Record {
    pub table: String,
    pub row: Row,
    #[serde(default)]
    pub children: BTreeMap<String, Vec<Row>>,
    /// The owner's hex Ed25519 signature over `signatures::canonical_bytes` (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl Record {
    /// The record as the bundle format's JSON (how a conflict keeps a version).
    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a record serialises")
    }

    /// The SHA-256 of every file the record's children name (its attachments, a report's files).
    pub(crate) fn file_hashes(&self) -> impl Iterator<Item = &str> {
        let children = spec(&self.table).map(|(_, t)| t.children).unwrap_or_default();
        children
            .iter()
            .filter(|child| child.files)
            .flat_map(|child| self.children.get(child.table).into_iter().flatten())
            .filter_map(|row| row.get("sha256").and_then(Value::as_str))
    }

    /// The same table, row and children, whatever the signatures.
    pub fn same_content(&self, other: &Record) -> bool {
        self.table == other.table && self.row == other.row && self.children == other.children
    }
}

pub(crate) fn spec(table: &str) -> Option<(usize, &'static RecordTable)> {
    RECORD_TABLES.iter().enumerate().find(|(_, t)| t.table == table)
}

/// A SQL value as JSON (blobs never occur in these tables).
pub(crate) fn to_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::from(n),
        ValueRef::Real(x) => Value::from(x),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(hex::encode(b)),
    }
}

/// JSON back to a SQL value; `None` for shapes that are not SQL values.
pub(crate) fn to_sql(value: &Value) -> Option<SqlValue> {
    match value {
        Value::Null => Some(SqlValue::Null),
        Value::Bool(b) => Some(SqlValue::Integer(i64::from(*b))),
        Value::Number(n) => n.as_i64().map(SqlValue::Integer).or_else(|| n.as_f64().map(SqlValue::Real)),
        Value::String(s) => Some(SqlValue::Text(s.clone())),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// The carried columns of a table, in table order.
pub(crate) fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.into_iter().filter(|n| !LOCAL_COLUMNS.contains(&n.as_str())).collect())
}

/// Reads rows of `sql` as carried rows.
pub(crate) fn read_rows(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for_each_row(conn, sql, params, |row| {
        out.push(row);
        Ok(())
    })?;
    Ok(out)
}

/// Calls `f` with each row of `sql` as a carried row, one at a time (an export of any size holds
/// one row in memory, not the table).
pub(crate) fn for_each_row(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    mut f: impl FnMut(Row) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let mut map = Row::new();
        for (i, name) in names.iter().enumerate() {
            if !LOCAL_COLUMNS.contains(&name.as_str()) {
                map.insert(name.clone(), to_json(row.get_ref(i)?));
            }
        }
        f(map)?;
    }
    Ok(())
}

/// The record of a row as an export writes it (unsigned): the row and its child rows.
pub(crate) fn record_of(conn: &Connection, spec: &RecordTable, row: Row) -> Result<Record> {
    let key = row.get(spec.key).cloned().unwrap_or_default();
    let children = children_of(conn, spec, &key)?;
    Ok(Record { table: spec.table.to_string(), row, children, signature: None })
}

/// The child rows of a record.
pub(crate) fn children_of(conn: &Connection, spec: &RecordTable, key: &Value) -> Result<BTreeMap<String, Vec<Row>>> {
    let mut out = BTreeMap::new();
    let key = to_sql(key).unwrap_or(SqlValue::Null);
    for child in spec.children {
        let sql = format!("SELECT * FROM {} WHERE {} = ?1 ORDER BY {}", child.table, child.parent_column, child.order_by);
        out.insert(child.table.to_string(), read_rows(conn, &sql, [&key])?);
    }
    Ok(out)
}

/// The owner and modification time of the stored row of `key`, if any.
pub(crate) fn owner_and_time(conn: &Connection, spec: &RecordTable, key: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {}, updated_at FROM {} WHERE {} = ?1", spec.owner, spec.table, spec.key))?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The stored row of `key` (empty when there is none).
pub(crate) fn stored_row(conn: &Connection, spec: &RecordTable, key: &Value) -> Result<Row> {
    let key = to_sql(key).unwrap_or(SqlValue::Null);
    Ok(read_rows(conn, &format!("SELECT * FROM {} WHERE {} = ?1", spec.table, spec.key), [&key])?.into_iter().next().unwrap_or_default())
}

/// Removes the child rows of `key` in `child` (before the record's rows are written again).
pub(crate) fn delete_children(conn: &Connection, child: &ChildTable, key: &Value) -> rusqlite::Result<()> {
    let key = to_sql(key).unwrap_or(SqlValue::Null);
    conn.prepare_cached(&format!("DELETE FROM {} WHERE {} = ?1", child.table, child.parent_column))?.execute([&key])?;
    Ok(())
}

/// The rows of `spec` a bundle to `peer` carries: changed after `?1`, or refused by the peer and
/// so sent again, owned by one of the offices of the JSON list `?2` (`?3` is the peer).
pub(crate) fn outgoing_sql(spec: &RecordTable) -> String {
    format!(
        "SELECT * FROM {t} WHERE (change_seq > ?1 OR {k} IN
             (SELECT record_key FROM refused_by_peer WHERE peer_id = ?3 AND table_name = '{t}'))
         AND {o} IN (SELECT value FROM json_each(?2)) ORDER BY {b}",
        t = spec.table,
        k = spec.key,
        o = spec.owner,
        b = spec.order_by
    )
}
