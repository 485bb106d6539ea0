use std::path::{Path, PathBuf};

use serde::Serialize;
use sokehoach_core::documents::Document;
use sokehoach_core::extract::Extraction;
use sokehoach_core::plans::PlanFile;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use crate::error::IpcResult;
use crate::state::AppStore;

/// A plan file read and drafted, with where it came from (to attach the original on saving).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DraftedPlan {
    pub path: Option<String>,
    pub extraction: Extraction,
}

async fn draft_path(store: &AppStore, path: PathBuf) -> IpcResult<DraftedPlan> {
    let shown = path.display().to_string();
    let extraction = store.run(move |s| s.draft_plan_file(&path)).await?;
    Ok(DraftedPlan { path: Some(shown), extraction })
}

/// Asks for a Word, PDF or text plan and drafts it; `None` when cancelled.
#[tauri::command]
pub async fn pick_plan_file(app: AppHandle) -> IpcResult<Option<DraftedPlan>> {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Chọn văn bản kế hoạch (Word, PDF, văn bản)")
        .add_filter("Kế hoạch", &["docx", "pdf", "txt", "md"])
        .pick_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    draft_path(&app.state::<AppStore>(), file.path().to_path_buf()).await.map(Some)
}

/// Drafts a plan file given by path (the "Nâng cao" box, also used by end-to-end tests).
#[tauri::command]
pub async fn draft_plan_file(store: State<'_, AppStore>, path: String) -> IpcResult<DraftedPlan> {
    draft_path(&store, PathBuf::from(path)).await
}

/// Drafts a plan from pasted text.
#[tauri::command]
pub async fn draft_plan_text(store: State<'_, AppStore>, text: String) -> IpcResult<DraftedPlan> {
    let extraction = store.run(move |s| s.draft_plan_text(&text)).await?;
    Ok(DraftedPlan { path: None, extraction })
}

/// Saves the reviewed plan with its original attached.
#[tauri::command]
pub async fn save_drafted_plan(store: State<'_, AppStore>, plan: PlanFile, source_path: Option<String>) -> IpcResult<Document> {
    store.run(move |s| s.add_plan_with_original(&plan, source_path.as_deref().map(Path::new))).await
}
