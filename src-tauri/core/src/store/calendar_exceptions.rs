//! The `calendar_exceptions` table: one announced exception per date.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::Result;
use crate::model::calendar::{CalendarException, ExceptionKind};

/// Every exception, by date.
pub(crate) fn all(conn: &Connection) -> Result<Vec<CalendarException>> {
    let mut stmt = conn.prepare_cached("SELECT date, kind, name FROM calendar_exceptions ORDER BY date")?;
    let rows = stmt.query_map([], |r| {
        let code: String = r.get(1)?;
        let kind = ExceptionKind::from_code(&code).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, format!("loại ngày «{code}» lạ").into())
        })?;
        Ok(CalendarException { date: r.get(0)?, kind, name: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds or replaces the exception of its date.
pub(crate) fn set(conn: &Connection, date: NaiveDate, kind: ExceptionKind, name: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO calendar_exceptions (date, kind, name) VALUES (?1, ?2, ?3)
         ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name",
    )?
    .execute(params![date, kind.code(), name])?;
    Ok(())
}

pub(crate) fn remove(conn: &Connection, date: NaiveDate) -> Result<()> {
    conn.prepare_cached("DELETE FROM calendar_exceptions WHERE date = ?1")?.execute([date])?;
    Ok(())
}
