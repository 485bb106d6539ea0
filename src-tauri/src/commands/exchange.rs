use std::path::PathBuf;

use chrono::Local;
use serde::Serialize;
use sokehoach_core::bundle::{
    ConflictChoice, ExportProgress, ExportResult, ImportLogEntry, ImportOutcome, ImportPreview, KeyInfo, PendingRecovery,
    PinnedKey, RecordConflict, RefusedRecords, ReissuedKey,
};
use sokehoach_core::ids::OfficeId;
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;

use crate::drives::RemovableDrive;
use crate::error::IpcResult;
use crate::state::AppStore;

/// Event carrying [`ExportProgress`] while a bundle is written.
pub const EXPORT_PROGRESS_EVENT: &str = "export-progress";

/// Asks for the folder to write to; `None` when cancelled. Removable drives are offered before
/// this picker (see [`removable_drives`]).
async fn pick_folder(title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new().set_title(title).pick_folder().await.map(|f| f.path().to_path_buf())
}

/// The USB sticks plugged in now, to offer before the folder picker.
#[tauri::command]
pub async fn removable_drives() -> IpcResult<Vec<RemovableDrive>> {
    crate::state::off_main_thread(crate::drives::removable_drives).await
}

/// The folder a bundle goes to: `folder` when given (a removable drive, or a typed path), else one
/// the user picks; `None` when the picker is cancelled.
async fn destination(folder: Option<String>, title: &str) -> Option<PathBuf> {
    match folder {
        Some(folder) => Some(PathBuf::from(folder)),
        None => pick_folder(title).await,
    }
}

/// Writes a bundle for `recipient` into `folder`, or into a folder the user picks when `folder`
/// is absent; `None` when the picker is cancelled.
#[tauri::command]
pub async fn export_bundle(app: AppHandle, recipient: OfficeId, folder: Option<String>) -> IpcResult<Option<ExportResult>> {
    let Some(dir) = destination(folder, "Chọn nơi lưu gói dữ liệu (ổ USB)").await else { return Ok(None) };
    let emitter = app.clone();
    let mut progress = move |p: ExportProgress| {
        let _ = emitter.emit(EXPORT_PROGRESS_EVENT, p);
    };
    app.state::<AppStore>()
        .run(move |s| s.export_bundle(recipient, &dir, Local::now().date_naive(), &mut progress))
        .await
        .map(Some)
}

/// Writes the setup bundle for a sub-office's new installation into `folder`, or into a folder
/// the user picks when `folder` is absent.
#[tauri::command]
pub async fn export_setup_bundle(app: AppHandle, office: OfficeId, folder: Option<String>) -> IpcResult<Option<ExportResult>> {
    let Some(dir) = destination(folder, "Chọn nơi lưu gói thiết lập (ổ USB)").await else { return Ok(None) };
    app.state::<AppStore>().run(move |s| s.export_setup_bundle(office, &dir, Local::now().date_naive())).await.map(Some)
}

/// Writes the recovery bundle for a sub-office whose machine was lost into `folder`, or into a
/// folder the user picks when `folder` is absent.
#[tauri::command]
pub async fn export_recovery_bundle(app: AppHandle, office: OfficeId, folder: Option<String>) -> IpcResult<Option<ExportResult>> {
    let Some(dir) = destination(folder, "Chọn nơi lưu gói khôi phục (ổ USB)").await else { return Ok(None) };
    app.state::<AppStore>().run(move |s| s.export_recovery_bundle(office, &dir, Local::now().date_naive())).await.map(Some)
}

/// The recovery bundle written for a sub-office, while its key is not reissued yet.
#[tauri::command]
pub async fn pending_recovery(store: State<'_, AppStore>, office: OfficeId) -> IpcResult<Option<PendingRecovery>> {
    store.run(move |s| s.pending_recovery(office)).await
}

/// "Cấp lại khóa" for the sub-office that sent the bundle at `path`, or at a file the user picks
/// when `path` is absent; `None` when the picker is cancelled.
#[tauri::command]
pub async fn reissue_key(app: AppHandle, path: Option<String>) -> IpcResult<Option<ReissuedKey>> {
    let path = match path {
        Some(path) => PathBuf::from(path),
        None => {
            let picked = rfd::AsyncFileDialog::new()
                .set_title("Chọn lại gói của đơn vị cần cấp lại khóa")
                .add_filter("Gói dữ liệu Sổ Kế Hoạch", &[sokehoach_core::bundle::BUNDLE_EXTENSION])
                .pick_file()
                .await;
            let Some(file) = picked else { return Ok(None) };
            file.path().to_path_buf()
        }
    };
    app.state::<AppStore>().run(move |s| s.reissue_key(&path)).await.map(Some)
}

/// A bundle the user picked, with what importing it would do.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PickedBundle {
    pub path: String,
    pub preview: ImportPreview,
}

/// Asks for a `.skh` file and previews it without changing anything; `None` when cancelled.
#[tauri::command]
pub async fn pick_bundle(app: AppHandle) -> IpcResult<Option<PickedBundle>> {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Chọn gói dữ liệu cần nhập")
        .add_filter("Gói dữ liệu Sổ Kế Hoạch", &[sokehoach_core::bundle::BUNDLE_EXTENSION])
        .pick_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let path = file.path().to_path_buf();
    let shown = path.display().to_string();
    let preview = app.state::<AppStore>().run(move |s| s.preview_import(&path, Local::now().date_naive())).await?;
    Ok(Some(PickedBundle { path: shown, preview }))
}

/// Previews a bundle at a known path (the path comes from `pick_bundle`).
#[tauri::command]
pub async fn preview_bundle(store: State<'_, AppStore>, path: String) -> IpcResult<ImportPreview> {
    store.run(move |s| s.preview_import(&PathBuf::from(path), Local::now().date_naive())).await
}

#[tauri::command]
pub async fn import_bundle(store: State<'_, AppStore>, path: String) -> IpcResult<ImportOutcome> {
    store.run(move |s| s.import_bundle(&PathBuf::from(path), Local::now().date_naive())).await
}

#[tauri::command]
pub async fn import_log(store: State<'_, AppStore>) -> IpcResult<Vec<ImportLogEntry>> {
    store.run(move |s| s.import_log()).await
}

#[tauri::command]
pub async fn own_key(store: State<'_, AppStore>) -> IpcResult<KeyInfo> {
    store.run(move |s| s.own_key()).await
}

#[tauri::command]
pub async fn pinned_keys(store: State<'_, AppStore>) -> IpcResult<Vec<PinnedKey>> {
    store.run(move |s| s.pinned_keys()).await
}

#[tauri::command]
pub async fn rotate_key(store: State<'_, AppStore>) -> IpcResult<KeyInfo> {
    store.run(move |s| s.rotate_key()).await
}

/// Conflicts waiting for a choice, then the recently resolved ones.
#[tauri::command]
pub async fn record_conflicts(store: State<'_, AppStore>) -> IpcResult<Vec<RecordConflict>> {
    store.run(move |s| s.record_conflicts()).await
}

/// Records refused at import: ours by the offices we send to, theirs by us.
#[tauri::command]
pub async fn refused_records(store: State<'_, AppStore>) -> IpcResult<RefusedRecords> {
    store.run(move |s| s.refused_records()).await
}

/// Keeps this machine's version of a conflicting record, or applies the bundle's.
#[tauri::command]
pub async fn resolve_conflict(store: State<'_, AppStore>, id: i64, choice: ConflictChoice) -> IpcResult<RecordConflict> {
    store.run(move |s| s.resolve_conflict(id, choice, Local::now().date_naive())).await
}
