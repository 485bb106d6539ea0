use sokehoach_core::ids::OfficeId;
use sokehoach_core::offices::{LevelName, Office, OfficeInput, OwnOfficeSetup, Reorganisation, ReorganisationOutcome};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppStore;

#[tauri::command]
pub async fn setup_own_office(store: State<'_, AppStore>, setup: OwnOfficeSetup) -> IpcResult<Office> {
    store.run(move |s| s.setup_own_office(&setup)).await
}

#[tauri::command]
pub async fn list_offices(store: State<'_, AppStore>) -> IpcResult<Vec<Office>> {
    store.run(move |s| s.list_offices()).await
}

#[tauri::command]
pub async fn add_office(store: State<'_, AppStore>, input: OfficeInput) -> IpcResult<Office> {
    store.run(move |s| s.add_office(&input)).await
}

#[tauri::command]
pub async fn update_office(store: State<'_, AppStore>, id: OfficeId, input: OfficeInput) -> IpcResult<Office> {
    store.run(move |s| s.update_office(id, &input)).await
}

#[tauri::command]
pub async fn delete_office(store: State<'_, AppStore>, id: OfficeId) -> IpcResult<()> {
    store.run(move |s| s.delete_office(id)).await
}

#[tauri::command]
pub async fn set_level_names(store: State<'_, AppStore>, levels: Vec<LevelName>) -> IpcResult<Vec<LevelName>> {
    store.run(move |s| s.set_level_names(&levels)).await
}

/// Previews (`apply` false) or applies a reorganisation of the office tree.
#[tauri::command]
pub async fn reorganise_offices(store: State<'_, AppStore>, change: Reorganisation, apply: bool) -> IpcResult<ReorganisationOutcome> {
    store.run(move |s| s.reorganise(&change, apply)).await
}
