//! The deadline list, the tracking settings and the working-day calendar.

use chrono::NaiveDate;
use sokehoach_core::calendar::{Calendar, CalendarException, Holiday};
use sokehoach_core::deadlines::{DeadlineItem, DeadlineQuery, TrackingSettings};
use sokehoach_core::ids::InstanceId;
use tauri::State;

use super::today;
use crate::error::IpcResult;
use crate::state::AppStore;

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
