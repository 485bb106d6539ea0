//! Reports submitted against deadlines (one live report per instance), the files sent with them,
//! and receipts: the receiving office's acknowledgement ("cấp trên đã nhận").
//!
//! A report belongs to the office that submitted it; a receipt to the office that received it.
//! Recording a sub-office's report here (it came by post or email) records its receipt too, and
//! that report is this office's record until the sub-office's own record arrives by bundle and
//! takes its place.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::model::documents::Attachment;
use crate::error::{Error, Result};
use crate::ids::{InstanceId, OfficeId, ReportId};
use crate::offices::{self, OfficeTree};
use crate::store::{self, Store, reports::NewReport};
use crate::text::clean;

pub use crate::model::reports::{Channel, REPORT_FILE_TYPES, Report, ReportInput};

impl Store {
    /// Records a report for a deadline instance (ours, or a sub-office's received here).
    pub fn record_report(&mut self, input: &ReportInput, today: NaiveDate) -> Result<Report> {
        let own = self.require_own_office()?;
        let instance = self.instance_row(input.instance_id)?;
        if instance.withdrawn {
            return Err(Error::invalid("Hạn này đã bị bỏ khỏi kế hoạch; không ghi nhận báo cáo mới."));
        }
        if let Some(existing) = store::reports::of_instance(&self.conn, input.instance_id)? {
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
            let report = NewReport {
                id,
                instance_id: input.instance_id,
                office_id: instance.office_id,
                owner,
                submitted_on: input.submitted_on,
                submitted_by: &submitted_by,
                channel: input.channel,
                note: &note,
            };
            store::reports::insert(tx, &report, &now, seq)?;
            if let Some(received) = receipt {
                store::receipts::write(tx, id, received, own.id, &now, seq)?;
            }
            store::deadline_instances::sync_report(tx, input.instance_id)
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
            store::reports::update(tx, id, input.submitted_on, &submitted_by, input.channel, &note, &now, seq)?;
            if let Some(received) = receipt {
                store::receipts::write(tx, id, received, own.id, &now, seq)?;
            }
            store::deadline_instances::sync_report(tx, existing.instance_id)
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
            store::reports::tombstone(tx, &id.to_string(), &now, seq)?;
            store::receipts::tombstone_of_report(tx, &id.to_string(), &now, seq)?;
            store::deadline_instances::sync_report(tx, existing.instance_id)
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
            store::reports::add_file(tx, id, &attachment, seq)
        })?;
        Ok(attachment)
    }

    pub fn get_report(&self, id: ReportId) -> Result<Report> {
        store::reports::get(&self.conn, id)?.ok_or_else(|| Error::NotFound { what: "báo cáo", id: id.to_string() })
    }

    /// The live report of an instance, if any.
    pub fn report_of_instance(&self, instance: InstanceId) -> Result<Option<Report>> {
        store::reports::of_instance(&self.conn, instance)?.map(|(id, _)| self.get_report(id)).transpose()
    }
}

/// Who may record, correct or withdraw the report of a deadline: the office whose deadline it is,
/// or an office above it (a sub-office's report that came by post or email). Never a sibling's or
/// an office's above. One rule for the app, the command line and a bundle's reports (the report's
/// owner is its recorder).
pub(crate) fn may_record(tree: &OfficeTree, recorder: OfficeId, deadline_office: OfficeId) -> bool {
    tree.within(deadline_office, recorder)
}

/// [`may_record`], as the message that says why not.
pub(crate) fn check_recorder(conn: &Connection, recorder: OfficeId, deadline_office: OfficeId) -> Result<()> {
    if may_record(&store::offices::tree(conn)?, recorder, deadline_office) {
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
pub(crate) fn may_receive(tree: &OfficeTree, receiver: OfficeId, report_office: OfficeId) -> bool {
    tree.above(receiver, report_office)
}

/// [`may_receive`], as the message that says why not.
pub(crate) fn check_receiver(conn: &Connection, receiver: OfficeId, report_office: OfficeId) -> Result<()> {
    if may_receive(&store::offices::tree(conn)?, receiver, report_office) {
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

#[cfg(test)]
mod tests;
