use sokehoach_core::StoreInfo;
use sokehoach_core::demo::DemoSummary;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppStore;

#[tauri::command]
pub fn store_info(store: State<'_, AppStore>) -> IpcResult<StoreInfo> {
    store.with(|s| s.info())
}

#[tauri::command]
pub fn load_demo(store: State<'_, AppStore>) -> IpcResult<DemoSummary> {
    store.with(|s| s.load_demo())
}

/// A message to show once at start (a data folder copied from another machine), if any.
#[tauri::command]
pub fn startup_notice(store: State<'_, AppStore>) -> Option<String> {
    store.take_notice()
}
