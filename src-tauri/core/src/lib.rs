//! The core of Sổ Kế Hoạch: everything the application knows, free of any user interface.
//!
//! The Tauri shell and the `skh` command line both call these functions, so whatever the app can do,
//! a script can do too. Nothing here opens a dialog or knows about windows: callers hand in paths
//! and values.

pub mod bench;
pub mod bundle;
pub mod calendar;
pub mod checklists;
pub mod deadlines;
pub mod demo;
pub mod documents;
pub mod dump;
pub mod error;
pub mod extract;
pub mod ids;
pub mod offices;
pub mod plans;
pub mod print;
pub mod reports;
pub mod search;
pub mod store;
#[cfg(test)]
mod testing;
pub mod text;
pub mod tracking;

pub use error::{Error, ErrorCode, Result};
pub use store::Store;

use serde::Serialize;
use ts_rs::TS;

/// What the application shows about the open store at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StoreInfo {
    pub own_office: Option<offices::Office>,
    pub levels: Vec<offices::LevelName>,
    pub database_path: String,
    #[ts(type = "number")]
    pub document_count: i64,
}

impl Store {
    pub fn info(&self) -> Result<StoreInfo> {
        Ok(StoreInfo {
            own_office: self.own_office()?,
            levels: self.office_levels()?,
            database_path: self.path().display().to_string(),
            document_count: self.document_count()?,
        })
    }
}
