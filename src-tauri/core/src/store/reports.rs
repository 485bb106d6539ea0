//! The `reports` and `report_files` tables: one live report per deadline instance, and the files
//! sent with it. What may be recorded is decided in `reports`; this module only reads and writes.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::ids::{InstanceId, OfficeId, ReportId};
use crate::model::documents::Attachment;
use crate::model::reports::{Channel, Report};

/// A report as it is first written.
pub(crate) struct NewReport<'a> {
    pub id: ReportId,
    pub instance_id: InstanceId,
    pub office_id: OfficeId,
    pub owner: OfficeId,
    pub submitted_on: NaiveDate,
    pub submitted_by: &'a str,
    pub channel: Channel,
    pub note: &'a str,
}

pub(crate) fn insert(conn: &Connection, report: &NewReport<'_>, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO reports (id, instance_id, office_id, submitted_on, submitted_by, channel, note,
                              owner_office_id, updated_at, change_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        report.id,
        report.instance_id,
        report.office_id,
        report.submitted_on,
        report.submitted_by,
        report.channel.code(),
        report.note,
        report.owner,
        now,
        seq
    ])?;
    Ok(())
}

/// Corrects what a report says (its date, who, channel and note).
#[allow(clippy::too_many_arguments)]
pub(crate) fn update(
    conn: &Connection,
    id: ReportId,
    submitted_on: NaiveDate,
    submitted_by: &str,
    channel: Channel,
    note: &str,
    now: &str,
    seq: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE reports SET submitted_on = ?2, submitted_by = ?3, channel = ?4, note = ?5, updated_at = ?6,
                            change_seq = ?7
         WHERE id = ?1",
    )?
    .execute(params![id, submitted_on, submitted_by, channel.code(), note, now, seq])?;
    Ok(())
}

/// Marks a report withdrawn (a tombstone that travels).
pub(crate) fn tombstone(conn: &Connection, id: &str, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE reports SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
        .execute(params![id, now, seq])?;
    Ok(())
}

/// Adds a file to a report (renamed when the same content is attached again); the report counts
/// as changed, so the file travels with it.
pub(crate) fn add_file(conn: &Connection, id: ReportId, file: &Attachment, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO report_files (report_id, sha256, file_name, size, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (report_id, sha256) DO UPDATE SET file_name = excluded.file_name",
    )?
    .execute(params![id, file.sha256, file.file_name, file.size as i64, file.added_at])?;
    conn.prepare_cached("UPDATE reports SET updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
        .execute(params![id, file.added_at, seq])?;
    Ok(())
}

/// A live report with its receipt and files.
pub(crate) fn get(conn: &Connection, id: ReportId) -> Result<Option<Report>> {
    let report = conn
        .prepare_cached(
            "SELECT r.id, r.instance_id, r.office_id, r.submitted_on, r.submitted_by, r.channel, r.note,
                    rc.received_on, rc.receiver_office_id
             FROM reports r LEFT JOIN receipts rc ON rc.report_id = r.id AND rc.deleted = 0
             WHERE r.id = ?1 AND r.deleted = 0",
        )?
        .query_row([id], |r| {
            let code: String = r.get(5)?;
            let channel = Channel::from_code(&code).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    rusqlite::types::Type::Text,
                    format!("hình thức gửi «{code}» không hợp lệ").into(),
                )
            })?;
            Ok(Report {
                id: r.get(0)?,
                instance_id: r.get(1)?,
                office_id: r.get(2)?,
                submitted_on: r.get(3)?,
                submitted_by: r.get(4)?,
                channel,
                note: r.get(6)?,
                files: Vec::new(),
                received_on: r.get(7)?,
                receiver_office_id: r.get(8)?,
            })
        })
        .optional()?;
    let Some(mut report) = report else { return Ok(None) };
    report.files = conn
        .prepare_cached(
            "SELECT sha256, file_name, size, added_at FROM report_files WHERE report_id = ?1 ORDER BY added_at, sha256",
        )?
        .query_map([id], |r| {
            Ok(Attachment { sha256: r.get(0)?, file_name: r.get(1)?, size: r.get::<_, i64>(2)? as u64, added_at: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(report))
}

/// The live report of an instance: its id and submission date.
pub(crate) fn of_instance(conn: &Connection, instance: InstanceId) -> Result<Option<(ReportId, NaiveDate)>> {
    Ok(conn
        .prepare_cached("SELECT id, submitted_on FROM reports WHERE instance_id = ?1 AND deleted = 0")?
        .query_row([instance], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Another live report of `instance` than `id`: its id, owner and receipt date.
pub(crate) fn other_of_instance(conn: &Connection, instance: &str, id: &str) -> Result<Option<(String, String, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id, r.owner_office_id, rc.received_on FROM reports r
             LEFT JOIN receipts rc ON rc.report_id = r.id AND rc.deleted = 0
             WHERE r.instance_id = ?1 AND r.deleted = 0 AND r.id <> ?2",
        )?
        .query_row(params![instance, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Whether an instance has ever had a report (live or withdrawn).
pub(crate) fn any_of_instance(conn: &Connection, instance: InstanceId) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM reports WHERE instance_id = ?1)")?.query_row([instance], |r| r.get(0))?)
}

/// The office and submission date of a report, live or not.
pub(crate) fn office_and_date(conn: &Connection, id: ReportId) -> Result<Option<(OfficeId, NaiveDate)>> {
    Ok(conn
        .prepare_cached("SELECT office_id, submitted_on FROM reports WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The instance and office of a report, live or not.
pub(crate) fn instance_and_office(conn: &Connection, id: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT instance_id, office_id FROM reports WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
