//! The tasks of a plan and passing a deadline down to the sub-offices.

use chrono::NaiveDate;
use sokehoach_core::deadlines::pass_down::PassDownInput;
use sokehoach_core::ids::{DocumentId, TaskId};
use sokehoach_core::plans::{Task, TaskInput};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppStore;

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
pub async fn pass_down(store: State<'_, AppStore>, input: PassDownInput) -> IpcResult<Task> {
    store.run(move |s| s.pass_down(&input)).await
}

#[tauri::command]
pub async fn default_pass_down_date(store: State<'_, AppStore>, upper_due_on: NaiveDate) -> IpcResult<NaiveDate> {
    store.run(move |s| s.default_pass_down_date(upper_due_on)).await
}
