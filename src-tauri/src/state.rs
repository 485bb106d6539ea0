//! The open store shared by all commands, and where it lives.
//!
//! The database is `sokehoach.db` in the app's local data folder; `--db PATH` on the command line
//! or the `SKH_DB` environment variable put it elsewhere (tests use this). A store that cannot be
//! opened (say, made by a newer version) does not stop the window from opening: every command then
//! answers with the reason, which the UI shows.

use std::path::PathBuf;
use std::sync::Mutex;

use sokehoach_core::Store;
use tauri::{AppHandle, Manager};

use crate::error::{IpcError, IpcResult};

pub const DATABASE_FILE: &str = "sokehoach.db";

pub struct AppStore {
    store: Mutex<Result<Store, IpcError>>,
    /// What the user must be told at start (a copied data folder, a failed backup).
    notice: Mutex<Option<String>>,
}

impl AppStore {
    /// Opens the store and does the start-of-day chores ([`Store::start_of_day`]); what the user
    /// must be told waits for the window to ask.
    pub fn open(path: &std::path::Path, marker_dir: &std::path::Path) -> Self {
        let today = chrono::Local::now().date_naive();
        let mut notice = None;
        let store = Store::open(path).and_then(|mut store| {
            let notices = store.start_of_day(today, marker_dir)?;
            notice = (!notices.is_empty()).then(|| notices.join("\n\n"));
            Ok(store)
        });
        AppStore { store: Mutex::new(store.map_err(IpcError::from)), notice: Mutex::new(notice) }
    }

    /// Adds to what the user is told at start (from the background backup).
    pub fn add_notice(&self, text: String) {
        if let Ok(mut notice) = self.notice.lock() {
            *notice = Some(match notice.take() {
                Some(earlier) => format!("{earlier}\n\n{text}"),
                None => text,
            });
        }
    }

    /// The start notice, once.
    pub fn take_notice(&self) -> Option<String> {
        self.notice.lock().ok().and_then(|mut n| n.take())
    }

    /// Runs `f` with the open store, or returns why it could not be opened.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> sokehoach_core::Result<T>) -> IpcResult<T> {
        let mut guard = self.store.lock().map_err(|_| {
            IpcError::internal("Lỗi nội bộ: một thao tác trước đã bị dừng giữa chừng. Hãy khởi động lại ứng dụng.")
        })?;
        match guard.as_mut() {
            Ok(store) => f(store).map_err(IpcError::from),
            Err(error) => Err(error.clone()),
        }
    }
}

/// Where installation markers live: the app's configuration folder, outside the data folder, so a
/// copied data folder does not carry this machine's marker with it.
pub fn marker_dir(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    Ok(app.path().app_config_dir()?.join("may"))
}

/// `--db PATH`, else `SKH_DB`, else the app's local data folder.
pub fn database_path(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db"
            && let Some(path) = args.next() {
                return Ok(PathBuf::from(path));
            }
    }
    if let Some(path) = std::env::var_os("SKH_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    Ok(app.path().app_local_data_dir()?.join(DATABASE_FILE))
}
