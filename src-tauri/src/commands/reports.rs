//! Reports recorded against deadlines, and the files sent with them; writing a report from its
//! deadline's outline and compiling the sub-offices' reports (docs/reports.md).

use sokehoach_core::compose::skeleton::SkeletonSaved;
use sokehoach_core::compose::{SkeletonOptions, SynthesisOutcome, SynthesisRequest};
use sokehoach_core::documents::Attachment;
use sokehoach_core::ids::{InstanceId, ReportId, RuleId};
use sokehoach_core::model::outlines::ReportOutline;
use sokehoach_core::reports::{Report, ReportInput};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use super::today;
use crate::error::{IpcError, IpcResult};
use crate::state::{AppStore, off_main_thread};

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

/// The outline (đề cương) of a deadline's report, when it has one.
#[tauri::command]
pub async fn report_outline(store: State<'_, AppStore>, rule_id: RuleId) -> IpcResult<Option<ReportOutline>> {
    store.run(move |s| s.rule_outline(rule_id)).await
}

/// Sets or clears (`null`) the outline of a deadline of ours; returns it as kept.
#[tauri::command]
pub async fn set_report_outline(store: State<'_, AppStore>, rule_id: RuleId, outline: Option<ReportOutline>) -> IpcResult<Option<ReportOutline>> {
    store.run(move |s| s.set_rule_outline(rule_id, outline.as_ref())).await
}

/// Asks for an outline document (.docx, .pdf, .txt) and reads its outline; `None` when cancelled.
#[tauri::command]
pub async fn pick_outline_file() -> IpcResult<Option<ReportOutline>> {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Chọn tệp đề cương báo cáo")
        .add_filter("Đề cương (Word, PDF, văn bản)", &["docx", "pdf", "txt", "md"])
        .pick_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let path = file.path().to_path_buf();
    off_main_thread(move || sokehoach_core::extract::outline_file(&path)).await?.map(Some).map_err(Into::into)
}

/// "Soạn báo cáo": asks where to save the Word skeleton of our report for a deadline, writes it
/// and opens it in Word when asked. `None` when cancelled.
#[tauri::command]
pub async fn save_report_skeleton(app: AppHandle, instance_id: InstanceId, options: SkeletonOptions, open: bool) -> IpcResult<Option<SkeletonSaved>> {
    let name = format!("Bao-cao-{}.docx", today().format("%Y-%m-%d"));
    let Some(path) = super::dialogs::save_target("Lưu báo cáo (Word)", &name, &[("Word", &["docx"])]).await else { return Ok(None) };
    let target = path.clone();
    let saved = app.state::<AppStore>().run(move |s| s.save_report_skeleton(instance_id, &options, today(), &target)).await?;
    open_file(&app, &path, open)?;
    Ok(Some(saved))
}

/// [`save_report_skeleton`] to a path given (the "Nâng cao" box and end-to-end tests).
#[tauri::command]
pub async fn write_report_skeleton(store: State<'_, AppStore>, instance_id: InstanceId, options: SkeletonOptions, path: String) -> IpcResult<SkeletonSaved> {
    store.run(move |s| s.save_report_skeleton(instance_id, &options, today(), std::path::Path::new(&path))).await
}

/// The deadline a synthesis is about, from any office's instance of it.
#[tauri::command]
pub async fn synthesis_request_of(store: State<'_, AppStore>, instance_id: InstanceId) -> IpcResult<SynthesisRequest> {
    store.run(move |s| s.synthesis_request_of(instance_id, today())).await
}

/// "Tổng hợp báo cáo": asks where to save the synthesis of the sub-offices' reports for one
/// deadline, writes it and opens it when asked. `None` when cancelled.
#[tauri::command]
pub async fn save_compiled_reports(app: AppHandle, request: SynthesisRequest, open: bool) -> IpcResult<Option<SynthesisOutcome>> {
    let name = format!("Tong-hop-bao-cao-{}.docx", today().format("%Y-%m-%d"));
    let Some(path) = super::dialogs::save_target("Lưu bản tổng hợp báo cáo (Word)", &name, &[("Word", &["docx"])]).await else {
        return Ok(None);
    };
    let target = path.clone();
    let outcome = app.state::<AppStore>().run(move |s| s.save_compiled_reports(&request, today(), &target)).await?;
    open_file(&app, &path, open)?;
    Ok(Some(outcome))
}

/// [`save_compiled_reports`] to a path given (the "Nâng cao" box and end-to-end tests).
#[tauri::command]
pub async fn write_compiled_reports(store: State<'_, AppStore>, request: SynthesisRequest, path: String) -> IpcResult<SynthesisOutcome> {
    store.run(move |s| s.save_compiled_reports(&request, today(), std::path::Path::new(&path))).await
}

fn open_file(app: &AppHandle, path: &std::path::Path, open: bool) -> IpcResult<()> {
    if open {
        app.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(|e| {
            IpcError::internal(format!("Đã lưu {} nhưng không mở được bằng Word hoặc LibreOffice: {e}", path.display()))
        })?;
    }
    Ok(())
}
