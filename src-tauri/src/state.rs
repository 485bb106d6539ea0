//! The open store shared by all commands, and where it lives.
//!
//! The database is `sokehoach.db` in the app's local data folder; `--db PATH` on the command line
//! or the `SKH_DB` environment variable put it elsewhere (tests use this). A store that cannot be
//! opened (say, made by a newer version) does not stop the window from opening: every command then
//! answers with the reason, which the UI shows.
//!
//! Tauri runs a plain `fn` command on the main thread, the one that draws the window: a
//! three-second import there freezes it. So every command that touches the store goes through
//! [`AppStore::run`], which does the work on Tauri's blocking pool and gives the main thread back
//! at once; the one lock keeps the store's calls one at a time, as before.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use sokehoach_core::Store;
use tauri::{AppHandle, Manager};

use crate::error::{IpcError, IpcResult};

pub const DATABASE_FILE: &str = "sokehoach.db";

/// The store, or why it could not be opened; shared with the blocking thread doing a command's work.
type SharedStore = Arc<Mutex<Result<Store, IpcError>>>;

pub struct AppStore {
    store: SharedStore,
    /// Where the store lives and where the installation markers are, to open it again after a
    /// restore has replaced it.
    path: PathBuf,
    marker_dir: PathBuf,
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
        AppStore {
            store: Arc::new(Mutex::new(store.map_err(IpcError::from))),
            path: path.to_path_buf(),
            marker_dir: marker_dir.to_path_buf(),
            notice: Mutex::new(notice),
        }
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

    /// Runs `f` with the open store on a blocking thread (never the caller's), or returns why the
    /// store could not be opened. Every command that reads or writes the store or the disk calls
    /// this, so the window keeps answering while it works.
    pub async fn run<T, F>(&self, f: F) -> IpcResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> sokehoach_core::Result<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        off_main_thread(move || with_store(&store, f)).await?
    }
}

impl AppStore {
    /// The folder of the automatic backups beside the database, known even when the store could
    /// not be opened.
    pub fn backups_dir(&self) -> PathBuf {
        sokehoach_core::backup::backups_dir_of(&self.path)
    }

    /// Hands the open store (or `None`, when it could not be opened) and its database path to `f`,
    /// which closes it (a restore replaces its files), then opens the store at the same place
    /// again, whatever `f` returned; on a blocking thread like [`AppStore::run`].
    pub async fn replace<T, F>(&self, f: F) -> IpcResult<T>
    where
        T: Send + 'static,
        F: FnOnce(Option<Store>, &std::path::Path) -> sokehoach_core::Result<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let (path, marker_dir) = (self.path.clone(), self.marker_dir.clone());
        off_main_thread(move || {
            let mut guard = store.lock().map_err(|_| {
                IpcError::internal("Lỗi nội bộ: một thao tác trước đã bị dừng giữa chừng. Hãy khởi động lại ứng dụng.")
            })?;
            let taken = std::mem::replace(&mut *guard, Err(IpcError::internal("Kho dữ liệu đang được thay.")));
            let result = f(taken.ok(), &path).map_err(IpcError::from);
            let today = chrono::Local::now().date_naive();
            *guard = Store::open(&path)
                .and_then(|mut s| s.start_of_day(today, &marker_dir).map(|_| s))
                .map_err(IpcError::from);
            result
        })
        .await?
    }
}

/// Runs `f` on Tauri's blocking pool and waits for it without holding the calling thread; for
/// disk work that does not need the store (listing the USB sticks).
pub async fn off_main_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        IpcError::internal(format!("Lỗi nội bộ: thao tác bị dừng giữa chừng ({e}). Hãy thử lại; nếu vẫn lỗi, hãy khởi động lại ứng dụng."))
    })
}

fn with_store<T>(store: &Mutex<Result<Store, IpcError>>, f: impl FnOnce(&mut Store) -> sokehoach_core::Result<T>) -> IpcResult<T> {
    let mut guard = store.lock().map_err(|_| {
        IpcError::internal("Lỗi nội bộ: một thao tác trước đã bị dừng giữa chừng. Hãy khởi động lại ứng dụng.")
    })?;
    match guard.as_mut() {
        Ok(store) => f(store).map_err(IpcError::from),
        Err(error) => Err(error.clone()),
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
