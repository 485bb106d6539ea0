use std::path::{Path, PathBuf};

use serde::Serialize;
use sokehoach_core::Store;
use sokehoach_core::documents::Document;
use sokehoach_core::extract::{Extraction, extract_file, extract_text, resolve_assignees};
use sokehoach_core::plans::PlanFile;
use tauri::{AppHandle, Manager, State};

use crate::error::IpcResult;
use crate::state::AppStore;

/// A plan file read and drafted, with where it came from (to attach the original on saving).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftedPlan {
    pub path: Option<String>,
    pub extraction: Extraction,
}

/// Matches the draft's assignee phrases against this office's tree.
fn resolved(store: &mut Store, mut extraction: Extraction) -> sokehoach_core::Result<Extraction> {
    let offices = store.list_offices()?;
    let levels = store.office_levels()?;
    resolve_assignees(&mut extraction, &offices, &levels);
    Ok(extraction)
}

fn draft_path(store: &AppStore, path: PathBuf) -> IpcResult<DraftedPlan> {
    let extraction = store.with(|s| extract_file(&path).and_then(|e| resolved(s, e)))?;
    Ok(DraftedPlan { path: Some(path.display().to_string()), extraction })
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
    draft_path(&app.state::<AppStore>(), file.path().to_path_buf()).map(Some)
}

/// Drafts a plan file given by path (the "Nâng cao" box, also used by end-to-end tests).
#[tauri::command]
pub fn draft_plan_file(store: State<'_, AppStore>, path: String) -> IpcResult<DraftedPlan> {
    draft_path(&store, PathBuf::from(path))
}

/// Drafts a plan from pasted text.
#[tauri::command]
pub fn draft_plan_text(store: State<'_, AppStore>, text: String) -> IpcResult<DraftedPlan> {
    let extraction = store.with(|s| extract_text(&text).and_then(|e| resolved(s, e)))?;
    Ok(DraftedPlan { path: None, extraction })
}

/// Saves the reviewed plan (document, tasks, deadlines in one transaction) and attaches the
/// original file when there is one.
#[tauri::command]
pub fn save_drafted_plan(store: State<'_, AppStore>, plan: PlanFile, source_path: Option<String>) -> IpcResult<Document> {
    store.with(|s| {
        let document = s.add_plan(&plan)?;
        if let Some(path) = &source_path {
            s.attach_file(document.id, Path::new(path))?;
        }
        s.get_document(document.id)
    })
}
