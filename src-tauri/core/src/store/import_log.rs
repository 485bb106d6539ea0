//! The `import_log` table: every import attempt, applied, with nothing new, or refused with its
//! reason (the newest 200 are shown).

use rusqlite::{Connection, params};

use crate::Result;
use crate::model::exchange::{ImportLogEntry, LoggedOutcome};
use crate::store;

/// How many entries the log shows.
const SHOWN: i64 = 200;

/// One attempt to write down.
pub(crate) struct Attempt<'a> {
    pub file_name: &'a str,
    pub bundle_id: Option<&'a str>,
    pub sender: Option<&'a str>,
    pub outcome: LoggedOutcome,
    pub message: &'a str,
    /// What the import brought, as JSON.
    pub summary: Option<String>,
}

pub(crate) fn add(conn: &Connection, attempt: &Attempt<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO import_log (at, file_name, bundle_id, sender, outcome, message, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        store::now(),
        attempt.file_name,
        attempt.bundle_id,
        attempt.sender,
        attempt.outcome.code(),
        attempt.message,
        attempt.summary
    ])?;
    Ok(())
}

/// The newest entries first.
pub(crate) fn newest(conn: &Connection) -> Result<Vec<ImportLogEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, file_name, bundle_id, sender, outcome, message FROM import_log ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([SHOWN], |r| {
        let code: String = r.get(4)?;
        Ok(ImportLogEntry {
            at: r.get(0)?,
            file_name: r.get(1)?,
            bundle_id: r.get(2)?,
            sender: r.get(3)?,
            outcome: LoggedOutcome::from_code(&code).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, format!("kết quả nhập «{code}» lạ").into())
            })?,
            message: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
