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
pub fn dashboard(store: State<'_, AppStore>) -> IpcResult<Dashboard> {
    store.with(|s| s.dashboard(today()))
}

/// The reminder counts; with `notify`, also a system notification when there is something to
/// remind (the hourly reminder), without it the counts alone (a recount after an action).
#[tauri::command]
pub fn reminders(app: AppHandle, store: State<'_, AppStore>, notify: bool) -> IpcResult<Reminders> {
    let reminders = store.with(|s| s.reminders(today()))?;
    if notify && !reminders.message.is_empty() {
        // Where the platform has no notification service the banner in the window still shows.
        let _ = app.notification().builder().title("Sổ Kế Hoạch").body(&reminders.message).show();
    }
    Ok(reminders)
}

#[tauri::command]
pub fn list_tasks(store: State<'_, AppStore>, document_id: DocumentId) -> IpcResult<Vec<Task>> {
    store.with(|s| s.tasks_of_document(document_id))
}

#[tauri::command]
pub fn add_task(store: State<'_, AppStore>, document_id: DocumentId, input: TaskInput) -> IpcResult<Task> {
    store.with(|s| s.add_task(document_id, &input))
}

#[tauri::command]
pub fn update_task(store: State<'_, AppStore>, id: TaskId, input: TaskInput) -> IpcResult<Task> {
    store.with(|s| s.update_task(id, &input))
}

#[tauri::command]
pub fn delete_task(store: State<'_, AppStore>, id: TaskId) -> IpcResult<()> {
    store.with(|s| s.delete_task(id))
}

#[tauri::command]
pub fn list_deadlines(store: State<'_, AppStore>, query: DeadlineQuery) -> IpcResult<Vec<DeadlineItem>> {
    store.with(|s| s.deadline_items(&query, today()))
}

/// How many deadlines match `query`, its limit ignored: the total under a list cut at its limit.
#[tauri::command]
pub fn count_deadlines(store: State<'_, AppStore>, query: DeadlineQuery) -> IpcResult<u32> {
    store.with(|s| s.count_deadlines(&query))
}

#[tauri::command]
pub fn get_deadline(store: State<'_, AppStore>, id: InstanceId) -> IpcResult<DeadlineItem> {
    store.with(|s| s.deadline_item(id, today()))
}

#[tauri::command]
pub fn pass_down(store: State<'_, AppStore>, input: PassDownInput) -> IpcResult<Task> {
    store.with(|s| s.pass_down(&input))
}

#[tauri::command]
pub fn default_pass_down_date(store: State<'_, AppStore>, upper_due_on: NaiveDate) -> IpcResult<NaiveDate> {
    store.with(|s| s.default_pass_down_date(upper_due_on))
}

#[tauri::command]
pub fn get_report(store: State<'_, AppStore>, id: ReportId) -> IpcResult<Report> {
    store.with(|s| s.get_report(id))
}

#[tauri::command]
pub fn record_report(store: State<'_, AppStore>, input: ReportInput) -> IpcResult<Report> {
    store.with(|s| s.record_report(&input, today()))
}

#[tauri::command]
pub fn update_report(store: State<'_, AppStore>, id: ReportId, input: ReportInput) -> IpcResult<Report> {
    store.with(|s| s.update_report(id, &input, today()))
}

#[tauri::command]
pub fn delete_report(store: State<'_, AppStore>, id: ReportId) -> IpcResult<()> {
    store.with(|s| s.delete_report(id))
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
    app.state::<AppStore>().with(|s| s.attach_report_file(report_id, file.path())).map(Some)
}

/// Attaches a file given by path (the "Nâng cao" box, also used by end-to-end tests).
#[tauri::command]
pub fn attach_report_file_from(store: State<'_, AppStore>, report_id: ReportId, path: String) -> IpcResult<Attachment> {
    store.with(|s| s.attach_report_file(report_id, std::path::Path::new(&path)))
}

#[tauri::command]
pub fn matrix(store: State<'_, AppStore>, query: MatrixQuery) -> IpcResult<Matrix> {
    store.with(|s| s.matrix(&query, today()))
}

#[tauri::command]
pub fn rates_by_month(store: State<'_, AppStore>, query: MatrixQuery) -> IpcResult<Vec<PeriodRates>> {
    store.with(|s| s.rates_by_month(&query, today()))
}

#[tauri::command]
pub fn tracking_settings(store: State<'_, AppStore>) -> IpcResult<TrackingSettings> {
    store.with(|s| s.tracking_settings())
}

#[tauri::command]
pub fn set_tracking_settings(store: State<'_, AppStore>, settings: TrackingSettings) -> IpcResult<TrackingSettings> {
    store.with(|s| s.set_tracking_settings(&settings))
}

#[tauri::command]
pub fn calendar_exceptions(store: State<'_, AppStore>) -> IpcResult<Vec<CalendarException>> {
    store.with(|s| s.calendar_exceptions())
}

#[tauri::command]
pub fn set_calendar_exception(store: State<'_, AppStore>, exception: CalendarException) -> IpcResult<Vec<CalendarException>> {
    store.with(|s| s.set_calendar_exception(&exception))
}

#[tauri::command]
pub fn remove_calendar_exception(store: State<'_, AppStore>, date: NaiveDate) -> IpcResult<Vec<CalendarException>> {
    store.with(|s| s.remove_calendar_exception(date))
}

/// The public holidays of a year by the Labour Code (before this office's exceptions).
#[tauri::command]
pub fn public_holidays(year: i32) -> Vec<Holiday> {
    Calendar::public_holidays(year)
}
