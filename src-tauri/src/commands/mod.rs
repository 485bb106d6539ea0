//! `#[tauri::command]` adapters, one area a module: each takes IPC arguments, makes one call into
//! the core and returns its result or an [`IpcError`](crate::error::IpcError).

pub mod backup;
pub mod checklists;
pub mod deadlines;
mod dialogs;
pub mod documents;
pub mod exchange;
pub mod offices;
pub mod plan_import;
pub mod reports;
pub mod store;
pub mod tasks;
pub mod tracking;
pub mod wording;

/// Deadlines are judged against the computer's local date.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
