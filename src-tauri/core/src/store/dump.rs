//! A canonical dump of every logical record, used to compare two stores (after bundles travel
//! between them) and to see exactly what a store holds.
//!
//! One JSON object a line, `{"table": …, "record": {…}}`, tables in a fixed order, rows by primary
//! key, keys sorted. Local bookkeeping (row keys, change sequence numbers, the folded search copy)
//! is left out, and nothing about the dump itself (no time of dumping) is written.

use std::collections::BTreeMap;
use std::io::Write;

use rusqlite::types::ValueRef;
use serde_json::Value;

use crate::Result;
use crate::store::Store;

/// (table, ORDER BY) of every table holding logical records.
const TABLES: &[(&str, &str)] = &[
    ("office_levels", "rank"),
    ("offices", "id"),
    ("office_names", "office_id, position"),
    ("documents", "id"),
    ("document_references", "document_id, position"),
    ("attachments", "document_id, sha256"),
    ("tasks", "id"),
    ("task_assignees", "task_id, position"),
    ("deadline_rules", "id"),
    ("deadline_rule_changes", "rule_id, position"),
    ("deadline_instances", "id"),
    ("reports", "id"),
    ("report_files", "report_id, sha256"),
    ("receipts", "report_id"),
    ("calendar_exceptions", "date"),
];

/// Columns that are local bookkeeping, not part of a record.
const LOCAL_COLUMNS: &[&str] = &["row_key", "change_seq", "search_text", "number_key"];

/// Columns that hold JSON text and are dumped as JSON values.
const JSON_COLUMNS: &[&str] = &["recipients", "spec", "previous_spec"];

impl Store {
    /// Writes the dump to `out`.
    pub fn dump(&self, out: &mut impl Write) -> Result<()> {
        let own = self.own_office_id()?;
        let line = serde_json::json!({ "table": "installation", "record": { "ownOfficeId": own } });
        writeln!(out, "{line}").map_err(|e| crate::Error::io("<dump>", e))?;
        for (table, order) in TABLES {
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
            let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let mut record = BTreeMap::new();
                for (i, name) in names.iter().enumerate() {
                    if LOCAL_COLUMNS.contains(&name.as_str()) {
                        continue;
                    }
                    let value = match row.get_ref(i)? {
                        ValueRef::Null => Value::Null,
                        ValueRef::Integer(n) => Value::from(n),
                        ValueRef::Real(x) => Value::from(x),
                        ValueRef::Text(t) => {
                            let text = String::from_utf8_lossy(t).into_owned();
                            if JSON_COLUMNS.contains(&name.as_str()) {
                                serde_json::from_str(&text).unwrap_or(Value::String(text))
                            } else {
                                Value::String(text)
                            }
                        }
                        ValueRef::Blob(b) => Value::String(hex::encode(b)),
                    };
                    record.insert(name.clone(), value);
                }
                let line = serde_json::json!({ "table": table, "record": record });
                writeln!(out, "{line}").map_err(|e| crate::Error::io("<dump>", e))?;
            }
        }
        Ok(())
    }

    /// The dump as a string.
    pub fn dump_string(&self) -> Result<String> {
        let mut out = Vec::new();
        self.dump(&mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}
