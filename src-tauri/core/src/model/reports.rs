//! Reports and receipts as records: how a report travelled, what a user enters, what is shown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{InstanceId, OfficeId, ReportId};
use crate::model::documents::Attachment;

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
    pub(crate) fn code(self) -> &'static str {
        match self {
            Channel::Usb => "usb",
            Channel::Post => "post",
            Channel::Email => "email",
            Channel::InPerson => "inPerson",
        }
    }

    /// The channel stored under `code`; `None` for a code this program does not know.
    pub(crate) fn from_code(code: &str) -> Option<Channel> {
        [Channel::Usb, Channel::Post, Channel::Email, Channel::InPerson].into_iter().find(|c| c.code() == code)
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
