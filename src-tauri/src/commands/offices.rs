//! The office tree: setting up the own office, adding, editing and deleting offices, renaming
//! levels, the office list in and out of an Excel or CSV sheet, and reorganising the tree.

use std::path::PathBuf;

use sokehoach_core::ids::OfficeId;
use sokehoach_core::offices::{
    LevelName, Office, OfficeInput, OfficeSheetPreview, OwnOfficeSetup, Reorganisation, ReorganisationOutcome,
};
use tauri::{AppHandle, Manager, State};

use crate::error::IpcResult;
use crate::state::AppStore;

#[tauri::command]
pub async fn setup_own_office(store: State<'_, AppStore>, setup: OwnOfficeSetup) -> IpcResult<Office> {
    store.run(move |s| s.setup_own_office(&setup)).await
}

#[tauri::command]
pub async fn list_offices(store: State<'_, AppStore>) -> IpcResult<Vec<Office>> {
    store.run(move |s| s.list_offices()).await
}

#[tauri::command]
pub async fn add_office(store: State<'_, AppStore>, input: OfficeInput) -> IpcResult<Office> {
    store.run(move |s| s.add_office(&input)).await
}

#[tauri::command]
pub async fn update_office(store: State<'_, AppStore>, id: OfficeId, input: OfficeInput) -> IpcResult<Office> {
    store.run(move |s| s.update_office(id, &input)).await
}

#[tauri::command]
pub async fn delete_office(store: State<'_, AppStore>, id: OfficeId) -> IpcResult<()> {
    store.run(move |s| s.delete_office(id)).await
}

#[tauri::command]
pub async fn set_level_names(store: State<'_, AppStore>, levels: Vec<LevelName>) -> IpcResult<Vec<LevelName>> {
    store.run(move |s| s.set_level_names(&levels)).await
}

/// Previews (`apply` false) or applies a reorganisation of the office tree.
#[tauri::command]
pub async fn reorganise_offices(store: State<'_, AppStore>, change: Reorganisation, apply: bool) -> IpcResult<ReorganisationOutcome> {
    store.run(move |s| s.reorganise(&change, apply)).await
}

/// Asks where to save the office sheet to fill in (.xlsx, or .csv when the name ends so), and
/// saves it. Returns the path; `None` when cancelled.
#[tauri::command]
pub async fn save_office_template(app: AppHandle) -> IpcResult<Option<String>> {
    let filters: &[(&str, &[&str])] = &[("Excel", &["xlsx"]), ("CSV", &["csv"])];
    let Some(path) = super::dialogs::save_target("Lưu bảng mẫu danh sách đơn vị", "Danh-sach-don-vi.xlsx", filters).await else {
        return Ok(None);
    };
    let target = path.clone();
    app.state::<AppStore>().run(move |s| s.save_office_sheet_template(&target)).await?;
    Ok(Some(path.display().to_string()))
}

/// Saves the office sheet to fill in at a typed path (the "Nâng cao" box, also used by tests).
#[tauri::command]
pub async fn write_office_template(store: State<'_, AppStore>, path: String) -> IpcResult<String> {
    let shown = PathBuf::from(&path).display().to_string();
    store.run(move |s| s.save_office_sheet_template(&PathBuf::from(path))).await?;
    Ok(shown)
}

/// Asks for an office sheet (.xlsx or .csv); returns its path, `None` when cancelled.
#[tauri::command]
pub async fn pick_office_sheet() -> IpcResult<Option<String>> {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Chọn bảng danh sách đơn vị (Excel hoặc CSV)")
        .add_filter("Bảng tính", &["xlsx", "xlsm", "xls", "ods", "csv"])
        .pick_file()
        .await;
    Ok(picked.map(|file| file.path().display().to_string()))
}

/// What importing the sheet at `path` would do, with every wrong row; writes nothing.
#[tauri::command]
pub async fn preview_office_sheet(store: State<'_, AppStore>, path: String) -> IpcResult<OfficeSheetPreview> {
    store.run(move |s| s.preview_office_sheet(&PathBuf::from(path))).await
}

/// Imports the sheet at `path` when no row is wrong and it still says what `preview` showed (all
/// or nothing).
#[tauri::command]
pub async fn import_office_sheet(store: State<'_, AppStore>, path: String, preview: OfficeSheetPreview) -> IpcResult<OfficeSheetPreview> {
    store.run(move |s| s.import_office_sheet(&PathBuf::from(path), Some(&preview))).await
}
