//! `#[tauri::command]` adapters, one area a module: each takes IPC arguments, makes one call into
//! the core and returns its result or an [`IpcError`](crate::error::IpcError).

pub mod documents;
pub mod exchange;
pub mod offices;
pub mod plan_import;
pub mod printing;
pub mod store;
pub mod tracking;
pub mod wording;
