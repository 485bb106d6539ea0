use sokehoach_core::documents::{Attachment, DocKind, DocKindInfo, Document, DocumentInput, DocumentOrder, DocumentSummary};
use sokehoach_core::ids::DocumentId;
use sokehoach_core::search::SearchHit;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::{IpcError, IpcResult};
use crate::state::AppStore;

#[tauri::command]
pub fn list_doc_kinds() -> Vec<DocKindInfo> {
    DocKind::ALL.iter().map(|k| k.info()).collect()
}

#[tauri::command]
pub fn list_documents(store: State<'_, AppStore>, order: DocumentOrder) -> IpcResult<Vec<DocumentSummary>> {
    store.with(|s| s.list_documents(order))
}

#[tauri::command]
pub fn get_document(store: State<'_, AppStore>, id: DocumentId) -> IpcResult<Document> {
    store.with(|s| s.get_document(id))
}

#[tauri::command]
pub fn create_document(store: State<'_, AppStore>, input: DocumentInput) -> IpcResult<Document> {
    store.with(|s| s.create_document(&input))
}

#[tauri::command]
pub fn update_document(store: State<'_, AppStore>, id: DocumentId, input: DocumentInput) -> IpcResult<Document> {
    store.with(|s| s.update_document(id, &input))
}

#[tauri::command]
pub fn delete_document(store: State<'_, AppStore>, id: DocumentId) -> IpcResult<()> {
    store.with(|s| s.delete_document(id))
}

#[tauri::command]
pub fn search_documents(store: State<'_, AppStore>, query: String) -> IpcResult<Vec<SearchHit>> {
    store.with(|s| s.search_documents(&query))
}

/// Asks the user for a file (Word, PDF, Excel …) and attaches it; `None` when they cancel.
#[tauri::command]
pub async fn attach_file(app: AppHandle, document_id: DocumentId) -> IpcResult<Option<Attachment>> {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Chọn tệp đính kèm")
        .add_filter("Văn bản (Word, PDF, Excel)", &["doc", "docx", "pdf", "xls", "xlsx", "odt", "ods", "txt"])
        .add_filter("Mọi tệp", &["*"])
        .pick_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let store = app.state::<AppStore>();
    store.with(|s| s.attach_file(document_id, file.path())).map(Some)
}

/// Opens a stored attachment in the system viewer (Word, a PDF reader …).
#[tauri::command]
pub fn open_attachment(app: AppHandle, store: State<'_, AppStore>, sha256: String) -> IpcResult<()> {
    let viewing_dir = std::env::temp_dir().join("sokehoach-xem-tep");
    let path = store.with(|s| s.attachment_copy_for_viewing(&sha256, &viewing_dir))?;
    app.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(|e| {
        IpcError::internal(format!("Không mở được tệp bằng chương trình mặc định: {e}. Tệp nằm tại {}.", path.display()))
    })
}
