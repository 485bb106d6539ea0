//! The overview (Tổng quan), its reminders, and the province's matrix with its rates.

use sokehoach_core::tracking::{Dashboard, Matrix, MatrixQuery, PeriodRates, Reminders};
use tauri::{AppHandle, State};
use tauri_plugin_notification::NotificationExt;

use super::today;
use crate::error::IpcResult;
use crate::state::AppStore;

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
pub async fn matrix(store: State<'_, AppStore>, query: MatrixQuery) -> IpcResult<Matrix> {
    store.run(move |s| s.matrix(&query, today())).await
}

#[tauri::command]
pub async fn rates_by_month(store: State<'_, AppStore>, query: MatrixQuery) -> IpcResult<Vec<PeriodRates>> {
    store.run(move |s| s.rates_by_month(&query, today())).await
}
