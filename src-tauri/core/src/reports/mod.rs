//! Reports submitted against deadlines (one live report per instance), the files sent with them,
//! and receipts: the receiving office's acknowledgement ("cấp trên đã nhận").
//!
//! A report belongs to the office that submitted it; a receipt to the office that received it.
//! Recording a sub-office's report here (it came by post or email) records its receipt too, and
//! that report is this office's record until the sub-office's own record arrives by bundle and
//! takes its place.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::documents::Attachment;
use crate::error::{Error, Result};
use crate::ids::{InstanceId, OfficeId, ReportId};
use crate::offices;
use crate::store::{self, Store};
use crate::text::clean;

/// How a report travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Channel {
    /// Gói dữ liệu on a USB stick.
    Usb,
    /// Bưu điện.
    Post,
    Email,
    /// Trực tiếp.
    InPerson,
}

impl Channel {
    fn code(self) -> &'static str {
        match self {
            Channel::Usb => "usb",
            Channel::Post => "post",
            Channel::Email => "email",
            Channel::InPerson => "inPerson",
        }
    }

    fn parse(code: &str) -> Channel {
        match code {
            "usb" => Channel::Usb,
            "post" => Channel::Post,
            "email" => Channel::Email,
            _ => Channel::InPerson,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportInput {
    pub instance_id: InstanceId,
    #[ts(type = "string")]
    pub submitted_on: NaiveDate,
    pub submitted_by: String,
    pub channel: Channel,
    #[serde(default)]
    pub note: String,
    /// When this office received it (only for a sub-office's report); today's date by default.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub received_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Report {
    pub id: ReportId,
    pub instance_id: InstanceId,
    pub office_id: OfficeId,
    #[ts(type = "string")]
    pub submitted_on: NaiveDate,
    pub submitted_by: String,
    pub channel: Channel,
    pub note: String,
    pub files: Vec<Attachment>,
    #[ts(type = "string | null")]
    pub received_on: Option<NaiveDate>,
    pub receiver_office_id: Option<OfficeId>,
}

/// File types a report may carry.
pub const REPORT_FILE_TYPES: &[&str] = &["doc", "docx", "pdf", "xls", "xlsx", "odt", "ods", "rtf"];

impl Store {
    /// Records a report for a deadline instance (ours, or a sub-office's received here).
    pub fn record_report(&mut self, input: &ReportInput, today: NaiveDate) -> Result<Report> {
        let own = self.require_own_office()?;
        let instance = self.instance_row(input.instance_id)?;
        if instance.withdrawn {
            return Err(Error::invalid("Hạn này đã bị bỏ khỏi kế hoạch; không ghi nhận báo cáo mới."));
        }
        if let Some(existing) = report_of_instance(&self.conn, input.instance_id)? {
            return Err(Error::Conflict(format!(
                "Hạn này đã có báo cáo nộp ngày {}. Hãy sửa báo cáo đó thay vì thêm báo cáo mới.",
                existing.1.format("%d/%m/%Y")
            )));
        }
        check_recorder(&self.conn, own.id, instance.office_id)?;
        let (submitted_by, note) = checked(input.submitted_on, &input.submitted_by, &input.note, today)?;
        let receipt = (instance.office_id != own.id).then(|| input.received_on.unwrap_or(today));
        if let Some(received) = receipt {
            check_receiver(&self.conn, own.id, instance.office_id)?;
            check_received_on(input.submitted_on, received, today)?;
        }
        let id = ReportId::new();
        // A report we record for a sub-office (it came by post or email) is our record of it; the
        // sub-office's own record, when it arrives by bundle, takes its place.
        let owner = if receipt.is_some() { own.id } else { instance.office_id };
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            tx.prepare_cached(
                "INSERT INTO reports (id, instance_id, office_id, submitted_on, submitted_by, channel, note,
                                      owner_office_id, updated_at, change_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?10, ?8, ?9)",
            )?
            .execute(params![
                id,
                input.instance_id,
                instance.office_id,
                input.submitted_on,
                submitted_by,
                input.channel.code(),
                note,
                now,
                seq,
                owner
            ])?;
            if let Some(received) = receipt {
                write_receipt(tx, id, received, own.id, &now, seq)?;
            }
            sync_instance(tx, input.instance_id)
        })?;
        self.get_report(id)
    }

    /// Corrects a report (date, who, channel, note; for a received report, the date received).
    pub fn update_report(&mut self, id: ReportId, input: &ReportInput, today: NaiveDate) -> Result<Report> {
        let own = self.require_own_office()?;
        let existing = self.get_report(id)?;
        if existing.instance_id != input.instance_id {
            return Err(Error::invalid("Không chuyển được báo cáo sang hạn khác; hãy xóa và ghi nhận lại."));
        }
        check_recorder(&self.conn, own.id, existing.office_id)?;
        let (submitted_by, note) = checked(input.submitted_on, &input.submitted_by, &input.note, today)?;
        let receipt = input.received_on.filter(|_| existing.office_id != own.id);
        if let Some(received) = receipt {
            check_receiver(&self.conn, own.id, existing.office_id)?;
            check_received_on(input.submitted_on, received, today)?;
        }
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            tx.prepare_cached(
                "UPDATE reports SET submitted_on = ?2, submitted_by = ?3, channel = ?4, note = ?5, updated_at = ?6,
                                    change_seq = ?7
                 WHERE id = ?1",
            )?
            .execute(params![id, input.submitted_on, submitted_by, input.channel.code(), note, now, seq])?;
            if let Some(received) = receipt {
                write_receipt(tx, id, received, own.id, &now, seq)?;
            }
            sync_instance(tx, existing.instance_id)
        })?;
        self.get_report(id)
    }

    /// Withdraws a report recorded by mistake (a tombstone); the deadline is open again.
    pub fn delete_report(&mut self, id: ReportId) -> Result<()> {
        let existing = self.get_report(id)?;
        check_recorder(&self.conn, self.require_own_office()?.id, existing.office_id)?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            tx.prepare_cached("UPDATE reports SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
                .execute(params![id, now, seq])?;
            tx.prepare_cached("UPDATE receipts SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE report_id = ?1")?
                .execute(params![id, now, seq])?;
            sync_instance(tx, existing.instance_id)
        })
    }

    /// Attaches a Word, PDF or Excel file to a report.
    pub fn attach_report_file(&mut self, id: ReportId, source: &Path) -> Result<Attachment> {
        let existing = self.get_report(id)?;
        check_recorder(&self.conn, self.require_own_office()?.id, existing.office_id)?;
        check_file_name(&source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())?;
        let (sha256, size) = self.store_file(source)?;
        let file_name =
            source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| sha256.clone());
        let attachment = Attachment { sha256, file_name, size, added_at: store::now() };
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            tx.prepare_cached(
                "INSERT INTO report_files (report_id, sha256, file_name, size, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (report_id, sha256) DO UPDATE SET file_name = excluded.file_name",
            )?
            .execute(params![id, attachment.sha256, attachment.file_name, attachment.size as i64, attachment.added_at])?;
            tx.prepare_cached("UPDATE reports SET updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
                .execute(params![id, attachment.added_at, seq])?;
            Ok(())
        })?;
        Ok(attachment)
    }

    pub fn get_report(&self, id: ReportId) -> Result<Report> {
        let mut report = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.instance_id, r.office_id, r.submitted_on, r.submitted_by, r.channel, r.note,
                        rc.received_on, rc.receiver_office_id
                 FROM reports r LEFT JOIN receipts rc ON rc.report_id = r.id AND rc.deleted = 0
                 WHERE r.id = ?1 AND r.deleted = 0",
            )?
            .query_row([id], |r| {
                Ok(Report {
                    id: r.get(0)?,
                    instance_id: r.get(1)?,
                    office_id: r.get(2)?,
                    submitted_on: r.get(3)?,
                    submitted_by: r.get(4)?,
                    channel: Channel::parse(&r.get::<_, String>(5)?),
                    note: r.get(6)?,
                    files: Vec::new(),
                    received_on: r.get(7)?,
                    receiver_office_id: r.get(8)?,
                })
            })
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "báo cáo", id: id.to_string() })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT sha256, file_name, size, added_at FROM report_files WHERE report_id = ?1 ORDER BY added_at, sha256",
        )?;
        report.files = stmt
            .query_map([id], |r| {
                Ok(Attachment { sha256: r.get(0)?, file_name: r.get(1)?, size: r.get::<_, i64>(2)? as u64, added_at: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(report)
    }

    /// The live report of an instance, if any.
    pub fn report_of_instance(&self, instance: InstanceId) -> Result<Option<Report>> {
        report_of_instance(&self.conn, instance)?.map(|(id, _)| self.get_report(id)).transpose()
    }
}

/// Who may record, correct or withdraw the report of a deadline: the office whose deadline it is,
/// or an office above it (a sub-office's report that came by post or email). Never a sibling's or
/// an office's above. One rule for the app, the command line and a bundle's reports (the report's
/// owner is its recorder).
pub(crate) fn may_record(conn: &Connection, recorder: OfficeId, deadline_office: OfficeId) -> Result<bool> {
    offices::within(conn, deadline_office, recorder)
}

/// [`may_record`], as the message that says why not.
pub(crate) fn check_recorder(conn: &Connection, recorder: OfficeId, deadline_office: OfficeId) -> Result<()> {
    if may_record(conn, recorder, deadline_office)? {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "«{}» chỉ ghi nhận được báo cáo cho hạn của chính mình hoặc của đơn vị cấp dưới; hạn này là của «{}». \
         Báo cáo đó do chính «{}» hoặc cấp trên của đơn vị đó ghi nhận.",
        offices::name_of(conn, recorder)?,
        offices::name_of(conn, deadline_office)?,
        offices::name_of(conn, deadline_office)?
    )))
}

/// The facts of a report as typed or received: a submission date that is a real one and not in
/// the future (`today`: the recorder's), and who submitted it. Returns who and the note, cleaned.
pub(crate) fn checked(submitted_on: NaiveDate, submitted_by: &str, note: &str, today: NaiveDate) -> Result<(String, String)> {
    crate::calendar::check_year(submitted_on, "Ngày nộp")?;
    if submitted_on > today {
        return Err(Error::invalid(format!(
            "Ngày nộp {} ở tương lai; hãy ghi ngày báo cáo thực sự được gửi.",
            submitted_on.format("%d/%m/%Y")
        )));
    }
    let submitted_by = clean(submitted_by);
    if submitted_by.is_empty() {
        return Err(Error::invalid("Hãy ghi người nộp báo cáo."));
    }
    Ok((submitted_by, clean(note)))
}

/// A receipt is the receiving office's word: only an office above the one that reported (the
/// level the report went to, or the office above that recorded it when it came by post) issues
/// it. One rule for the app, the command line and a bundle's receipts.
pub(crate) fn may_receive(conn: &Connection, receiver: OfficeId, report_office: OfficeId) -> Result<bool> {
    offices::above(conn, receiver, report_office)
}

/// [`may_receive`], as the message that says why not.
pub(crate) fn check_receiver(conn: &Connection, receiver: OfficeId, report_office: OfficeId) -> Result<()> {
    if may_receive(conn, receiver, report_office)? {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "Chỉ đơn vị cấp trên nhận báo cáo mới ghi được ngày nhận; «{}» không phải cấp trên của «{}».",
        offices::name_of(conn, receiver)?,
        offices::name_of(conn, report_office)?
    )))
}

/// The date a report was received: a real one, between its submission and `today`.
pub(crate) fn check_received_on(submitted_on: NaiveDate, received_on: NaiveDate, today: NaiveDate) -> Result<()> {
    crate::calendar::check_year(received_on, "Ngày nhận")?;
    if received_on < submitted_on {
        return Err(Error::invalid("Ngày nhận không thể trước ngày nộp báo cáo."));
    }
    if received_on > today {
        return Err(Error::invalid(format!(
            "Ngày nhận {} ở tương lai; hãy ghi ngày thực sự nhận được báo cáo.",
            received_on.format("%d/%m/%Y")
        )));
    }
    Ok(())
}

/// A report carries Word, PDF or Excel files only.
pub(crate) fn check_file_name(file_name: &str) -> Result<()> {
    let extension = Path::new(file_name).extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default();
    if REPORT_FILE_TYPES.contains(&extension.as_str()) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "Tệp «{file_name}» không phải Word, PDF hay Excel. Báo cáo chỉ đính kèm được tệp: {}.",
        REPORT_FILE_TYPES.join(", ")
    )))
}

fn report_of_instance(conn: &Connection, instance: InstanceId) -> Result<Option<(ReportId, NaiveDate)>> {
    Ok(conn
        .prepare_cached("SELECT id, submitted_on FROM reports WHERE instance_id = ?1 AND deleted = 0")?
        .query_row([instance], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn write_receipt(conn: &Connection, report: ReportId, received: NaiveDate, receiver: OfficeId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO receipts (report_id, received_on, receiver_office_id, updated_at, change_seq) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (report_id) DO UPDATE SET received_on = excluded.received_on, deleted = 0,
             updated_at = excluded.updated_at, change_seq = excluded.change_seq",
    )?
    .execute(params![report, received, receiver, now, seq])?;
    Ok(())
}

/// The columns of an instance row that mirror its live report and receipt.
macro_rules! mirrored_report {
    () => {
        "UPDATE deadline_instances SET
             reported_on = (SELECT submitted_on FROM reports WHERE instance_id = deadline_instances.id AND deleted = 0),
             received_on = (SELECT rc.received_on FROM reports r JOIN receipts rc ON rc.report_id = r.id
                            WHERE r.instance_id = deadline_instances.id AND r.deleted = 0 AND rc.deleted = 0)"
    };
}

/// Mirrors the live report and receipt of an instance into its row (for index-only dashboards).
pub(crate) fn sync_instance(conn: &Connection, instance: InstanceId) -> Result<()> {
    conn.prepare_cached(concat!(mirrored_report!(), " WHERE id = ?1"))?.execute([instance])?;
    Ok(())
}

/// [`sync_instance`] for every instance whose report or receipt changed after change `seq` (in
/// one statement, for imports of any size).
pub(crate) fn sync_instances_changed_after(conn: &Connection, seq: i64) -> Result<()> {
    conn.prepare_cached(concat!(
        mirrored_report!(),
        " WHERE id IN (SELECT instance_id FROM reports WHERE change_seq > ?1
                       UNION SELECT r.instance_id FROM receipts rc JOIN reports r ON r.id = rc.report_id
                       WHERE rc.change_seq > ?1)"
    ))?
    .execute([seq])?;
    Ok(())
}

#[cfg(test)]
mod tests;
