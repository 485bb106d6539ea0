//! Exchange with the level above and below by one file on a USB stick (`.skh`): signed,
//! incremental (everything the recipient has not acknowledged), idempotent (importing twice, or an
//! older file, changes nothing) and refused whole, with a Vietnamese reason, when anything is wrong.
//! The format is specified in `docs/bundle-format.md`.

mod admit;
mod import;
pub mod bench;
pub mod bench_hostile;
mod conflicts;
mod export;
pub mod format;
pub mod identity;
pub(crate) mod read;
mod records;
mod recovery;
mod refusals;
mod signatures;

pub use import::{ImportLogEntry, LoggedOutcome, ImportOutcome, ImportPreview, RecordIssue};
pub use conflicts::{ConflictChoice, ConflictResolution, FieldDifference, RecordConflict};
pub use export::{ExportProgress, ExportResult, ExportStage};
pub use format::{BUNDLE_EXTENSION, FORMAT_VERSION, Manifest};
pub use identity::{KeyInfo, PinnedKey};
pub use recovery::{PendingRecovery, REISSUE_KEY_ACTION, ReissuedKey};
pub use refusals::{RefusedRecord, RefusedRecords};
pub use crate::error::Refusal;
pub(crate) use {conflicts::label as table_label, records::RECORD_TABLES};

#[cfg(test)]
mod tests;
