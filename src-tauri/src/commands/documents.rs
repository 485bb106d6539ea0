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
pub async fn list_documents(store: State<'_, AppStore>, order: DocumentOrder) -> IpcResult<Vec<DocumentSummary>> {
    store.run(move |s| s.list_documents(order)).await
}

#[tauri::command]
pub async fn get_document(store: State<'_, AppStore>, id: DocumentId) -> IpcResult<Document> {
    store.run(move |s| s.get_document(id)).await
}

#[tauri::command]
pub async fn create_document(store: State<'_, AppStore>, input: DocumentInput) -> IpcResult<Document> {
    store.run(move |s| s.create_document(&input)).await
}

#[tauri::command]
pub async fn update_document(store: State<'_, AppStore>, id: DocumentId, input: DocumentInput) -> IpcResult<Document> {
    store.run(move |s| s.update_document(id, &input)).await
}

#[tauri::command]
pub async fn delete_document(store: State<'_, AppStore>, id: DocumentId) -> IpcResult<()> {
    store.run(move |s| s.delete_document(id)).await
}

#[tauri::command]
pub async fn search_documents(store: State<'_, AppStore>, query: String) -> IpcResult<Vec<SearchHit>> {
    store.run(move |s| s.search_documents(&query)).await
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
    let path = file.path().to_path_buf();
    app.state::<AppStore>().run(move |s| s.attach_file(document_id, &path)).await.map(Some)
}

/// Opens a stored attachment in the system viewer (Word, a PDF reader …).
#[tauri::command]
pub async fn open_attachment(app: AppHandle, store: State<'_, AppStore>, sha256: String) -> IpcResult<()> {
    let viewing_dir = std::env::temp_dir().join("sokehoach-xem-tep");
    let path = store.run(move |s| s.attachment_copy_for_viewing(&sha256, &viewing_dir)).await?;
    app.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(|e| {
        IpcError::internal(format!("Không mở được tệp bằng chương trình mặc định: {e}. Tệp nằm tại {}.", path.display()))
    })
}
