//! What an import shows before and after it runs: the counts, the records refused or in
//! conflict with their reasons, the outcome, and the log of earlier imports.


use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bundle::format::{BundleKind, OfficeRef};

/// Most record issues listed in a preview (the counts are always complete).
pub const MAX_LISTED_ISSUES: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RecordIssueKind {
    /// The same record changed differently here and there: not applied, shown to resolve.
    Conflict,
    /// The sender may not change this record, or it is invalid.
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordIssue {
    pub table: String,
    pub id: String,
    pub kind: RecordIssueKind,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportCounts {
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Older versions of records we already have newer.
    pub older: u32,
    pub conflicts: u32,
    pub refused: u32,
    pub files: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    pub file_name: String,
    pub bundle_id: String,
    pub kind: BundleKind,
    pub sender: OfficeRef,
    pub recipient: OfficeRef,
    pub created_at: String,
    pub sender_fingerprint: String,
    /// The sender's key is seen for the first time and will be pinned: compare the fingerprint by phone.
    pub first_contact: bool,
    /// The sender changed its key with a valid statement signed by the old one, or its parent
    /// reissued its key (its machine was lost).
    pub key_rotation: bool,
    /// In a recovery bundle: when the office above last received a bundle from us (RFC 3339);
    /// what the lost machine did after that and never sent is not in it.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sent_up: Option<String>,
    /// This very bundle was imported before: nothing will change.
    pub already_imported: bool,
    pub counts: ImportCounts,
    pub issues: Vec<RecordIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportOutcome {
    pub preview: ImportPreview,
    pub applied: bool,
    /// The copy of the store made just before applying.
    pub backup: Option<String>,
    pub message: String,
}

pub use crate::model::exchange::{ImportLogEntry, LoggedOutcome};
