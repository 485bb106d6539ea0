//! Backups off the machine and restore (`sokehoach_core::backup`): the screen "Sao lưu và khôi
//! phục" lists what it can see, writes a backup to a USB stick or a chosen folder, and restores one.

use std::path::PathBuf;

use sokehoach_core::backup::{self, BackupInfo, BackupProgress, RestoreOutcome};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::error::IpcResult;
use crate::state::{AppStore, off_main_thread};

/// Event carrying [`BackupProgress`] while a backup or a restore runs.
pub const BACKUP_PROGRESS_EVENT: &str = "backup-progress";

fn progress(app: &AppHandle) -> impl FnMut(BackupProgress) + Send + 'static {
    let app = app.clone();
    move |p| {
        let _ = app.emit(BACKUP_PROGRESS_EVENT, p);
    }
}

/// The backups in the folder beside the database, on every USB stick plugged in, and in `folders`.
#[tauri::command]
pub async fn list_backups(store: State<'_, AppStore>, folders: Vec<String>) -> IpcResult<Vec<BackupInfo>> {
    let local = store.backups_dir();
    off_main_thread(move || {
        let mut places = vec![local];
        for drive in crate::drives::removable_drives() {
            places.extend(backup::drive_places(&PathBuf::from(drive.path)));
        }
        places.extend(folders.into_iter().map(PathBuf::from));
        backup::list_backups(&places)
    })
    .await
}

/// A folder the user picks to write a backup to or to look for backups in; `None` when cancelled.
#[tauri::command]
pub async fn pick_backup_folder() -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("Chọn thư mục sao lưu")
        .pick_folder()
        .await
        .map(|f| f.path().display().to_string())
}

/// "Sao lưu ra USB": a complete backup in the SoKeHoach-SaoLuu folder of `folder` (a stick's root,
/// or a folder the user chose), where the restore screen looks for it.
#[tauri::command]
pub async fn backup_full(app: AppHandle, folder: String, passphrase: String) -> IpcResult<String> {
    let dir = backup::backup_folder(&PathBuf::from(folder));
    let mut progress = progress(&app);
    app.state::<AppStore>().run(move |s| s.backup_full(&dir, &passphrase, &mut progress)).await.map(|p| p.display().to_string())
}

/// Replaces the store with the backup at `path`; the store is opened again afterwards.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, path: String, passphrase: Option<String>) -> IpcResult<RestoreOutcome> {
    let mut progress = progress(&app);
    let backup = PathBuf::from(path);
    app.state::<AppStore>()
        .replace(move |store, db| match store {
            Some(store) => store.restore(&backup, passphrase.as_deref(), &mut progress),
            // The store did not open (a damaged database): it is moved aside whole, then restored over.
            None => backup::restore_damaged(db, &backup, passphrase.as_deref(), &mut progress),
        })
        .await
}

/// After how many days without a backup off the machine the program reminds (0: never).
#[tauri::command]
pub async fn backup_reminder_days(store: State<'_, AppStore>) -> IpcResult<i64> {
    store.run(|s| s.backup_reminder_days()).await
}

#[tauri::command]
pub async fn set_backup_reminder_days(store: State<'_, AppStore>, days: i64) -> IpcResult<()> {
    store.run(move |s| s.set_backup_reminder_days(days)).await
}

/// The reminder to back up off the machine, when one is due.
#[tauri::command]
pub async fn backup_reminder(store: State<'_, AppStore>) -> IpcResult<Option<String>> {
    store.run(|s| s.backup_reminder(super::today())).await
}
