//! The import log: every attempt, applied, with nothing new, or refused with its reason.

use std::path::Path;

use crate::error::{Error, Result};
use crate::store::{self, Store, import_log::Attempt};
use super::*;

impl Store {
    pub fn import_log(&self) -> Result<Vec<ImportLogEntry>> {
        store::import_log::newest(&self.conn)
    }

    pub(crate) fn log_refusal(&mut self, path: &Path, error: &Error) -> Result<()> {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let message = error.to_string();
        let attempt = Attempt {
            file_name: &file_name,
            bundle_id: None,
            sender: None,
            outcome: LoggedOutcome::Refused,
            message: &message,
            summary: None,
        };
        self.transact(|tx| store::import_log::add(tx, &attempt))
    }
}
