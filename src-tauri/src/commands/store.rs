use sokehoach_core::StoreInfo;
use sokehoach_core::demo::DemoSummary;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppStore;

#[tauri::command]
pub async fn store_info(store: State<'_, AppStore>) -> IpcResult<StoreInfo> {
    store.run(move |s| s.info()).await
}

#[tauri::command]
pub async fn load_demo(store: State<'_, AppStore>) -> IpcResult<DemoSummary> {
    store.run(move |s| s.load_demo()).await
}

/// A message to show once at start (a data folder copied from another machine), if any.
#[tauri::command]
pub fn startup_notice(store: State<'_, AppStore>) -> Option<String> {
    store.take_notice()
}
