//! The one table-generic writer of the store: an insert-or-replace built from a travelling
//! table's columns, so every table listed in `records` is written the same way. It is the one
//! place outside `store/` that writes SQL for a table it does not name.

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;

use crate::bundle::records::{Row, columns, to_sql};
use crate::error::Result;

/// The insert statement of each table, built once per import from the table's columns.
#[derive(Default)]
pub(crate) struct Upserts(HashMap<&'static str, Upsert>);

pub(crate) struct Upsert {
    /// The carried columns in table order, and sorted (as a row's keys are).
    pub(crate) columns: Vec<String>,
    pub(crate) sorted: Vec<String>,
    /// Local columns a new row starts with: `change_seq` (the import's), `search_text` ('').
    pub(crate) change_seq: bool,
    pub(crate) search_text: bool,
    pub(crate) sql: String,
}

impl Upsert {
    pub(crate) fn new(tx: &Connection, table: &str, key: &str) -> Result<Upsert> {
        let columns = columns(tx, table)?;
        let has = |column: &str| -> Result<bool> {
            Ok(tx.prepare_cached(&format!("SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"))?.exists([column])?)
        };
        let (change_seq, search_text) = (has("change_seq")?, has("search_text")?);
        let mut names = columns.clone();
        names.extend(change_seq.then(|| "change_seq".to_string()));
        names.extend(search_text.then(|| "search_text".to_string()));
        let placeholders = (1..=names.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let conflict = if key.is_empty() {
            String::new()
        } else {
            let mut updates = columns.iter().filter(|c| *c != key).map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>();
            updates.extend(change_seq.then(|| "change_seq = excluded.change_seq".to_string()));
            format!(" ON CONFLICT ({key}) DO UPDATE SET {}", updates.join(", "))
        };
        let sql = format!("INSERT INTO {table} ({}) VALUES ({placeholders}){conflict}", names.join(", "));
        let mut sorted = columns.clone();
        sorted.sort();
        Ok(Upsert { columns, sorted, change_seq, search_text, sql })
    }
}

impl Upserts {
    /// Inserts or replaces a row from its carried columns, which must be exactly the table's,
    /// stamped with `seq`. A new row's `search_text` starts empty; the caller fills it.
    pub(crate) fn write(&mut self, tx: &Connection, table: &'static str, key: &str, row: &Row, seq: i64) -> std::result::Result<(), String> {
        let upsert = match self.0.entry(table) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Upsert::new(tx, table, key).map_err(|e| e.to_string())?),
        };
        if !row.keys().eq(upsert.sorted.iter()) {
            return Err(format!("các trường của «{table}» không khớp phiên bản dữ liệu"));
        }
        let mut values: Vec<SqlValue> = upsert
            .columns
            .iter()
            .map(|c| row.get(c).and_then(to_sql).ok_or_else(|| format!("trường «{c}» có giá trị không hợp lệ")))
            .collect::<std::result::Result<_, _>>()?;
        values.extend(upsert.change_seq.then_some(SqlValue::Integer(seq)));
        values.extend(upsert.search_text.then(|| SqlValue::Text(String::new())));
        tx.prepare_cached(&upsert.sql)
            .and_then(|mut insert| insert.execute(rusqlite::params_from_iter(values.iter())))
            .map(|_| ())
            .map_err(|e| crate::error::sqlite_text(&e))
    }
}
