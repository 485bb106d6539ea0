//! Reports recorded against deadlines, and the files sent with them.

use sokehoach_core::documents::Attachment;
use sokehoach_core::ids::ReportId;
use sokehoach_core::reports::{Report, ReportInput};
use tauri::{AppHandle, Manager, State};

use super::today;
use crate::error::IpcResult;
use crate::state::AppStore;

#[tauri::command]
pub async fn get_report(store: State<'_, AppStore>, id: ReportId) -> IpcResult<Report> {
    store.run(move |s| s.get_report(id)).await
}

#[tauri::command]
pub async fn record_report(store: State<'_, AppStore>, input: ReportInput) -> IpcResult<Report> {
    store.run(move |s| s.record_report(&input, today())).await
}

#[tauri::command]
pub async fn update_report(store: State<'_, AppStore>, id: ReportId, input: ReportInput) -> IpcResult<Report> {
    store.run(move |s| s.update_report(id, &input, today())).await
}

#[tauri::command]
pub async fn delete_report(store: State<'_, AppStore>, id: ReportId) -> IpcResult<()> {
    store.run(move |s| s.delete_report(id)).await
}

/// Asks for a Word, PDF or Excel file and attaches it to a report; `None` when cancelled.
#[tauri::command]
pub async fn attach_report_file(app: AppHandle, report_id: ReportId) -> IpcResult<Option<Attachment>> {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Chọn tệp báo cáo")
        .add_filter("Báo cáo (Word, PDF, Excel)", sokehoach_core::reports::REPORT_FILE_TYPES)
        .pick_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let path = file.path().to_path_buf();
    app.state::<AppStore>().run(move |s| s.attach_report_file(report_id, &path)).await.map(Some)
}

/// Attaches a file given by path (the "Nâng cao" box, also used by end-to-end tests).
#[tauri::command]
pub async fn attach_report_file_from(store: State<'_, AppStore>, report_id: ReportId, path: String) -> IpcResult<Attachment> {
    store.run(move |s| s.attach_report_file(report_id, std::path::Path::new(&path))).await
}
