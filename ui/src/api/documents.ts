// Documents (văn bản): plans and everything else, their attachments and full-text search.

import { call } from "./call";
import type { Attachment } from "./bindings/Attachment";
import type { DocKindInfo } from "./bindings/DocKindInfo";
import type { Document } from "./bindings/Document";
import type { DocumentId } from "./bindings/DocumentId";
import type { DocumentInput } from "./bindings/DocumentInput";
import type { DocumentOrder } from "./bindings/DocumentOrder";
import type { DocumentSummary } from "./bindings/DocumentSummary";
import type { SearchHit } from "./bindings/SearchHit";

export function listDocKinds(): Promise<DocKindInfo[]> {
  return call<DocKindInfo[]>("list_doc_kinds");
}

export function listDocuments(order: DocumentOrder): Promise<DocumentSummary[]> {
  return call<DocumentSummary[]>("list_documents", { order });
}

export function getDocument(id: DocumentId): Promise<Document> {
  return call<Document>("get_document", { id });
}

export function createDocument(input: DocumentInput): Promise<Document> {
  return call<Document>("create_document", { input });
}

export function updateDocument(id: DocumentId, input: DocumentInput): Promise<Document> {
  return call<Document>("update_document", { id, input });
}

/** Marks the document deleted (a tombstone, so the deletion travels to other offices). */
export async function deleteDocument(id: DocumentId): Promise<void> {
  await call<null>("delete_document", { id });
}

/** Accent-insensitive full-text search: "dang" finds "Đảng". */
export function searchDocuments(query: string): Promise<SearchHit[]> {
  return call<SearchHit[]>("search_documents", { query });
}

/** Opens the system file picker in the shell; `null` when the user cancels. */
export function attachFile(documentId: DocumentId): Promise<Attachment | null> {
  return call<Attachment | null>("attach_file", { documentId });
}

/** Opens a stored attachment in the system viewer. */
export async function openAttachment(sha256: string): Promise<void> {
  await call<null>("open_attachment", { sha256 });
}
