//! The import log: every attempt, applied, with nothing new, or refused with its reason.

use std::path::Path;

use rusqlite::params;

use crate::error::{Error, Result};
use crate::store::{self, Store};
use super::*;

impl Store {

    pub fn import_log(&self) -> Result<Vec<ImportLogEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, file_name, bundle_id, sender, outcome, message FROM import_log ORDER BY id DESC LIMIT 200",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportLogEntry {
                at: r.get(0)?,
                file_name: r.get(1)?,
                bundle_id: r.get(2)?,
                sender: r.get(3)?,
                outcome: r.get(4)?,
                message: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(crate) fn log_refusal(&mut self, path: &Path, error: &Error) -> Result<()> {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.log_import(&file_name, None, None, "refused", &error.to_string(), None)
    }

    pub(crate) fn log_import(
        &mut self,
        file_name: &str,
        bundle_id: Option<&str>,
        sender: Option<&str>,
        outcome: &str,
        message: &str,
        counts: Option<&ImportCounts>,
    ) -> Result<()> {
        let summary = counts.map(|c| serde_json::to_string(c).unwrap_or_default());
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO import_log (at, file_name, bundle_id, sender, outcome, message, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![store::now(), file_name, bundle_id, sender, outcome, message, summary],
            )?;
            Ok(())
        })
    }

}
