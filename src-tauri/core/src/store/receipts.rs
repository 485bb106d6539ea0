//! The `receipts` table: the receiving office's word that a report arrived, one per report.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::Result;
use crate::ids::{OfficeId, ReportId};

/// Records (or corrects) the receipt of a report.
pub(crate) fn write(conn: &Connection, report: ReportId, received: NaiveDate, receiver: OfficeId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO receipts (report_id, received_on, receiver_office_id, updated_at, change_seq) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (report_id) DO UPDATE SET received_on = excluded.received_on, deleted = 0,
             updated_at = excluded.updated_at, change_seq = excluded.change_seq",
    )?
    .execute(params![report, received, receiver, now, seq])?;
    Ok(())
}

/// Withdraws the receipt of a withdrawn report.
pub(crate) fn tombstone_of_report(conn: &Connection, report: &str, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE receipts SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE report_id = ?1")?
        .execute(params![report, now, seq])?;
    Ok(())
}

/// A receipt dated `received_on` for a live report that has none yet (a date carried over from
/// the report it replaced).
pub(crate) fn carry(conn: &Connection, report: &str, received_on: &str, receiver: &str, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO receipts (report_id, received_on, receiver_office_id, updated_at, change_seq)
         SELECT id, ?2, ?3, ?4, ?5 FROM reports WHERE id = ?1 AND deleted = 0
         ON CONFLICT (report_id) DO NOTHING",
    )?
    .execute(params![report, received_on, receiver, now, seq])?;
    Ok(())
}

/// A receipt dated `received_on` for every live report written from change `seq` on that has
/// none (the reports that came up to us in one import).
pub(crate) fn for_reports_since(conn: &Connection, seq: i64, received_on: &str, receiver: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO receipts (report_id, received_on, receiver_office_id, updated_at, change_seq)
         SELECT id, ?2, ?3, ?4, ?1 FROM reports WHERE change_seq >= ?1 AND deleted = 0
         ON CONFLICT (report_id) DO NOTHING",
    )?
    .execute(params![seq, received_on, receiver, now])?;
    Ok(())
}
