use chrono::{Local, NaiveDate};
use sokehoach_core::calendar::{Calendar, CalendarException, Holiday};
use sokehoach_core::deadlines::pass_down::PassDownInput;
use sokehoach_core::deadlines::{DeadlineItem, DeadlineQuery, TrackingSettings};
use sokehoach_core::documents::Attachment;
use sokehoach_core::ids::{DocumentId, InstanceId, ReportId, TaskId};
use sokehoach_core::plans::{Task, TaskInput};
use sokehoach_core::reports::{Report, ReportInput};
use sokehoach_core::tracking::{Dashboard, Matrix, MatrixQuery, PeriodRates, Reminders};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_notification::NotificationExt;

use crate::error::IpcResult;
use crate::state::AppStore;

/// Deadlines are judged against the computer's local date.
fn today() -> NaiveDate {
    Local::now().date_naive()
}

#[tauri::command]
pub async fn dashboard(store: State<'_, AppStore>) -> IpcResult<Dashboard> {
    store.run(move |s| s.dashboard(today())).await
}

/// The reminder counts; with `notify`, also a system notification when there is something to
/// remind (the hourly reminder), without it the counts alone (a recount after an action).
#[tauri::command]
pub async fn reminders(app: AppHandle, store: State<'_, AppStore>, notify: bool) -> IpcResult<Reminders> {
    let reminders = store.run(|s| s.reminders(today())).await?;
    if notify && !reminders.message.is_empty() {
        // Where the platform has no notification service the banner in the window still shows.
        let _ = app.notification().builder().title("Sổ Kế Hoạch").body(&reminders.message).show();
    }
    Ok(reminders)
}

#[tauri::command]
pub async fn list_tasks(store: State<'_, AppStore>, document_id: DocumentId) -> IpcResult<Vec<Task>> {
    store.run(move |s| s.tasks_of_document(document_id)).await
}

#[tauri::command]
pub async fn add_task(store: State<'_, AppStore>, document_id: DocumentId, input: TaskInput) -> IpcResult<Task> {
    store.run(move |s| s.add_task(document_id, &input)).await
}

#[tauri::command]
pub async fn update_task(store: State<'_, AppStore>, id: TaskId, input: TaskInput) -> IpcResult<Task> {
    store.run(move |s| s.update_task(id, &input)).await
}

#[tauri::command]
pub async fn delete_task(store: State<'_, AppStore>, id: TaskId) -> IpcResult<()> {
    store.run(move |s| s.delete_task(id)).await
}

#[tauri::command]
pub async fn list_deadlines(store: State<'_, AppStore>, query: DeadlineQuery) -> IpcResult<Vec<DeadlineItem>> {
    store.run(move |s| s.deadline_items(&query, today())).await
}

/// How many deadlines match `query`, its limit ignored: the total under a list cut at its limit.
#[tauri::command]
pub async fn count_deadlines(store: State<'_, AppStore>, query: DeadlineQuery) -> IpcResult<u32> {
    store.run(move |s| s.count_deadlines(&query)).await
}

#[tauri::command]
pub async fn get_deadline(store: State<'_, AppStore>, id: InstanceId) -> IpcResult<DeadlineItem> {
    store.run(move |s| s.deadline_item(id, today())).await
}

#[tauri::command]
pub async fn pass_down(store: State<'_, AppStore>, input: PassDownInput) -> IpcResult<Task> {
    store.run(move |s| s.pass_down(&input)).await
}

#[tauri::command]
pub async fn default_pass_down_date(store: State<'_, AppStore>, upper_due_on: NaiveDate) -> IpcResult<NaiveDate> {
    store.run(move |s| s.default_pass_down_date(upper_due_on)).await
}

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

#[tauri::command]
pub async fn matrix(store: State<'_, AppStore>, query: MatrixQuery) -> IpcResult<Matrix> {
    store.run(move |s| s.matrix(&query, today())).await
}

#[tauri::command]
pub async fn rates_by_month(store: State<'_, AppStore>, query: MatrixQuery) -> IpcResult<Vec<PeriodRates>> {
    store.run(move |s| s.rates_by_month(&query, today())).await
}

#[tauri::command]
pub async fn tracking_settings(store: State<'_, AppStore>) -> IpcResult<TrackingSettings> {
    store.run(move |s| s.tracking_settings()).await
}

#[tauri::command]
pub async fn set_tracking_settings(store: State<'_, AppStore>, settings: TrackingSettings) -> IpcResult<TrackingSettings> {
    store.run(move |s| s.set_tracking_settings(&settings)).await
}

#[tauri::command]
pub async fn calendar_exceptions(store: State<'_, AppStore>) -> IpcResult<Vec<CalendarException>> {
    store.run(move |s| s.calendar_exceptions()).await
}

#[tauri::command]
pub async fn set_calendar_exception(store: State<'_, AppStore>, exception: CalendarException) -> IpcResult<Vec<CalendarException>> {
    store.run(move |s| s.set_calendar_exception(&exception)).await
}

#[tauri::command]
pub async fn remove_calendar_exception(store: State<'_, AppStore>, date: NaiveDate) -> IpcResult<Vec<CalendarException>> {
    store.run(move |s| s.remove_calendar_exception(date)).await
}

/// The public holidays of a year by the Labour Code (before this office's exceptions).
#[tauri::command]
pub fn public_holidays(year: i32) -> Vec<Holiday> {
    Calendar::public_holidays(year)
}
