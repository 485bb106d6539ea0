//! The core of Sổ Kế Hoạch: everything the application knows, free of any user interface.
//!
//! The Tauri shell and the `skh` command line both call these functions, so whatever the app can do,
//! a script can do too. Nothing here opens a dialog or knows about windows: callers hand in paths
//! and values.

pub mod backup;
pub mod bench;
pub mod bundle;
pub mod calendar;
pub mod checklists;
pub mod compose;
pub mod deadlines;
pub mod demo;
pub mod documents;
pub mod docx;
pub mod model;
pub mod error;
pub mod extract;
pub mod ids;
pub mod offices;
pub mod plans;
pub mod pdf;
pub mod workbook;
pub mod reports;
pub mod search;
pub mod store;
#[cfg(test)]
mod testing;
pub mod text;
pub mod tracking;
pub mod wording;

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

impl Store {
    /// What every start of the application does on an open store: recurring deadlines expanded
    /// to the end of next year, and a check that the data folder belongs to this machine
    /// (`marker_dir` lies outside the data folder). Returns what the user must be told. (Today's
    /// backup copy runs in the background: [`store::backup::daily_backup_of`].)
    pub fn start_of_day(&mut self, today: chrono::NaiveDate, marker_dir: &std::path::Path) -> Result<Vec<String>> {
        let mut notices = Vec::new();
        self.extend_instances_horizon(today)?;
        if self.check_installation(marker_dir)? {
            notices.push(
                "Thư mục dữ liệu này được chép từ máy khác. Máy này đã được đánh dấu là một máy mới của đơn vị. \
                 Mỗi đơn vị chỉ nên dùng một máy để trao đổi dữ liệu; nếu máy này thay máy cũ, hãy vào \
                 Trao đổi dữ liệu → Đổi khóa trước khi gửi gói cho cấp trên."
                    .to_string(),
            );
        }
        notices.extend(self.closed_notice(today)?);
        Ok(notices)
    }
}