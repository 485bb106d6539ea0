use sokehoach_core::ids::OfficeId;
use sokehoach_core::offices::{LevelName, Office, OfficeInput, OwnOfficeSetup};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppStore;

#[tauri::command]
pub fn setup_own_office(store: State<'_, AppStore>, setup: OwnOfficeSetup) -> IpcResult<Office> {
    store.with(|s| s.setup_own_office(&setup))
}

#[tauri::command]
pub fn list_offices(store: State<'_, AppStore>) -> IpcResult<Vec<Office>> {
    store.with(|s| s.list_offices())
}

#[tauri::command]
pub fn add_office(store: State<'_, AppStore>, input: OfficeInput) -> IpcResult<Office> {
    store.with(|s| s.add_office(&input))
}

#[tauri::command]
pub fn update_office(store: State<'_, AppStore>, id: OfficeId, input: OfficeInput) -> IpcResult<Office> {
    store.with(|s| s.update_office(id, &input))
}

#[tauri::command]
pub fn delete_office(store: State<'_, AppStore>, id: OfficeId) -> IpcResult<()> {
    store.with(|s| s.delete_office(id))
}

#[tauri::command]
pub fn set_level_names(store: State<'_, AppStore>, levels: Vec<LevelName>) -> IpcResult<Vec<LevelName>> {
    store.with(|s| s.set_level_names(&levels))
}
