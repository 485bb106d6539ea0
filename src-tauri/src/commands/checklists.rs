//! Printing checklists: the preview on screen, the A4 PDF saved where the user chooses; and the
//! tables of the screens (a checklist, the matrix, the deadline list, the document list) saved as
//! Excel workbooks.

use chrono::Local;
use sokehoach_core::checklists::{ChecklistRequest, TableRequest};
use sokehoach_core::pdf::Checklist;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::{IpcError, IpcResult};
use crate::state::AppStore;

/// The checklist's content, for the preview on screen.
#[tauri::command]
pub async fn checklist_preview(store: State<'_, AppStore>, request: ChecklistRequest) -> IpcResult<Checklist> {
    store.run(move |s| s.checklist(&request, Local::now().date_naive())).await
}

/// Asks where to save the PDF (the USB stick, Documents …), saves it and, when asked,
/// opens it in the system viewer to print. Returns the saved path; `None` when cancelled.
#[tauri::command]
pub async fn save_checklist(app: AppHandle, request: ChecklistRequest, open: bool) -> IpcResult<Option<String>> {
    let today = Local::now().date_naive();
    let name = format!("Danh-sach-han-bao-cao-{}.pdf", today.format("%Y-%m-%d"));
    let Some(path) = super::dialogs::save_target("Lưu danh sách (PDF)", &name, &[("PDF", &["pdf"])]).await else { return Ok(None) };
    let target = path.clone();
    app.state::<AppStore>().run(move |s| s.save_checklist_pdf(&request, today, &target)).await?;
    if open {
        app.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(|e| {
            IpcError::internal(format!("Đã lưu {} nhưng không mở được bằng chương trình xem PDF: {e}", path.display()))
        })?;
    }
    Ok(Some(path.display().to_string()))
}

/// Saves the PDF to a path the user typed (the "Nâng cao" box, also used by end-to-end tests,
/// which cannot drive the native save dialog).
#[tauri::command]
pub async fn write_checklist(store: State<'_, AppStore>, request: ChecklistRequest, path: String) -> IpcResult<String> {
    let shown = path.clone();
    store.run(move |s| s.save_checklist_pdf(&request, Local::now().date_naive(), std::path::Path::new(&path))).await?;
    Ok(std::path::PathBuf::from(shown).display().to_string())
}

/// Asks where to save a screen's table (a checklist, the matrix, the deadline list, the document
/// list) as an Excel workbook, and saves it. Returns the saved path; `None` when cancelled.
#[tauri::command]
pub async fn save_table_xlsx(app: AppHandle, table: TableRequest) -> IpcResult<Option<String>> {
    let today = Local::now().date_naive();
    let name = format!("{}.xlsx", table.file_stem(today));
    let Some(path) = super::dialogs::save_target("Lưu bảng Excel (.xlsx)", &name, &[("Excel", &["xlsx"])]).await else { return Ok(None) };
    let target = path.clone();
    app.state::<AppStore>().run(move |s| s.save_table_xlsx(&table, today, &target)).await?;
    Ok(Some(path.display().to_string()))
}

/// Saves a screen's table as an Excel workbook to a typed path (the "Nâng cao" boxes, also used
/// by end-to-end tests).
#[tauri::command]
pub async fn write_table_xlsx(store: State<'_, AppStore>, table: TableRequest, path: String) -> IpcResult<String> {
    let shown = std::path::PathBuf::from(&path).display().to_string();
    store.run(move |s| s.save_table_xlsx(&table, Local::now().date_naive(), std::path::Path::new(&path))).await?;
    Ok(shown)
}
