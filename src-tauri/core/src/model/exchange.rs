//! Records of the exchange that the store keeps and the screens show: the import log.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How an import attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum LoggedOutcome {
    /// Something was written.
    Applied,
    /// Read and checked, but it brought nothing this store did not have.
    NothingNew,
    /// Refused as a whole; the message says why.
    Refused,
}

impl LoggedOutcome {
    pub(crate) fn code(self) -> &'static str {
        match self {
            LoggedOutcome::Applied => "applied",
            LoggedOutcome::NothingNew => "nothingNew",
            LoggedOutcome::Refused => "refused",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<LoggedOutcome> {
        [LoggedOutcome::Applied, LoggedOutcome::NothingNew, LoggedOutcome::Refused].into_iter().find(|o| o.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportLogEntry {
    pub at: String,
    pub file_name: String,
    pub bundle_id: Option<String>,
    pub sender: Option<String>,
    pub outcome: LoggedOutcome,
    pub message: String,
}
