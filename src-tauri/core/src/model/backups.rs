//! What the restore screen shows about a backup, and what a backup or a restore reports back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a backup came from, which says what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BackupKind {
    /// The day's automatic copy of the database beside it (no key, no attached files).
    Daily,
    /// The automatic copy made before a bundle import (no key, no attached files).
    BeforeImport,
    /// The store as it was before a restore: restoring it undoes the restore.
    BeforeRestore,
    /// A complete backup made with "Sao lưu ra USB": database, attached files and the signing key
    /// sealed with a passphrase.
    Full,
}

impl BackupKind {
    /// Every kind, in the order the restore screen explains them.
    pub const ALL: [BackupKind; 4] = [BackupKind::Full, BackupKind::Daily, BackupKind::BeforeImport, BackupKind::BeforeRestore];

    /// What the restore screen calls it.
    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Full => "Bản sao lưu đầy đủ (ra USB)",
            BackupKind::Daily => "Bản sao tự động hằng ngày",
            BackupKind::BeforeImport => "Bản sao tự động trước khi nhập gói",
            BackupKind::BeforeRestore => "Dữ liệu trước lần khôi phục",
        }
    }
}

/// How many records a backup holds (what the user compares before choosing one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupCounts {
    #[ts(type = "number")]
    pub offices: i64,
    #[ts(type = "number")]
    pub documents: i64,
    #[ts(type = "number")]
    pub deadlines: i64,
    #[ts(type = "number")]
    pub reports: i64,
}

/// One backup the program can see, as the restore screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    pub kind: BackupKind,
    /// When the copy was made (RFC 3339, local time), or the file's time for the automatic copies.
    pub made_at: String,
    /// The office whose store it is ("MÃ — Tên"), or `None` for a store not yet set up.
    pub office: Option<String>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub counts: BackupCounts,
    /// True when the signing key is inside, sealed with a passphrase the user must give.
    pub needs_passphrase: bool,
    /// Why this file cannot be restored (damaged, made by a newer program), if it cannot.
    pub problem: Option<String>,
}

/// How far a backup or a restore has got, for the progress bar of a large store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupProgress {
    #[ts(type = "number")]
    pub done_bytes: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreOutcome {
    /// The store as it was before, kept aside: restoring it undoes this restore.
    pub kept_aside: String,
    pub counts: BackupCounts,
    /// Attached files written back into the data folder.
    #[ts(type = "number")]
    pub files_restored: u64,
    /// True when the signing key came back from the backup (false: the key on this machine stays).
    pub key_restored: bool,
}
