//! The registry of documents (văn bản): plans, directives, resolutions, reports and letters with
//! the fields of Nghị định 30/2020 — number and symbol, date and place, issuer, title (trích yếu),
//! signer, recipients, the documents they implement — plus their full text and attached originals.

pub mod attachments;



pub use crate::model::documents::{
    Attachment, DocKind, DocKindInfo, Document, DocumentInput, DocumentOrder, DocumentSummary, MAX_DOCUMENT_TEXT_BYTES,
    NumberStyle, Reference, cited_number, number_key, number_line,
};

use crate::error::{Error, OrNotFound, Result};
use crate::ids::{DocumentId, OfficeId};
use crate::store::{self, Store};
use crate::text::{clean, fold};

/// Cleans and checks a document input — typed here, read from a plan file or received in a
/// bundle; returns the cleaned copy.
pub(crate) fn validated(input: &DocumentInput) -> Result<DocumentInput> {
    let lines = |items: &[String]| -> Vec<String> {
        items.iter().map(|s| clean(s)).filter(|s| !s.is_empty()).collect()
    };
    let doc = DocumentInput {
        kind: input.kind,
        number: clean(&input.number),
        symbol: clean(&input.symbol),
        number_style: input.number_style,
        issued_on: input.issued_on,
        place: clean(&input.place),
        issuer: clean(&input.issuer),
        title: clean(&input.title),
        signer: clean(&input.signer),
        signer_title: clean(&input.signer_title),
        recipients: lines(&input.recipients),
        references: lines(&input.references),
        // Control characters (from PDF text) other than line breaks and tabs mean nothing.
        body: clean(&input.body).replace(|c: char| c.is_control() && c != '\n' && c != '\t', ""),
    };
    let text_bytes: usize = [&doc.number, &doc.symbol, &doc.place, &doc.issuer, &doc.title, &doc.signer, &doc.signer_title, &doc.body]
        .iter()
        .map(|s| s.len())
        .chain(doc.recipients.iter().chain(&doc.references).map(String::len))
        .sum();
    if text_bytes > MAX_DOCUMENT_TEXT_BYTES {
        return Err(Error::invalid(format!(
            "Văn bản quá dài ({:.1} MB chữ, tối đa {} MB): hãy bớt phần toàn văn chép vào; tệp gốc có thể đính kèm vào văn bản.",
            text_bytes as f64 / 1e6,
            MAX_DOCUMENT_TEXT_BYTES >> 20
        )));
    }
    if doc.title.is_empty() {
        return Err(Error::invalid("Trích yếu không được để trống: hãy ghi nội dung tóm tắt của văn bản."));
    }
    if doc.number.chars().any(|c| !c.is_ascii_alphanumeric() && c != '.') {
        return Err(Error::invalid(format!(
            "Số văn bản «{}» chỉ gồm chữ số (ví dụ 268); ký hiệu ghi ở ô Ký hiệu.",
            doc.number
        )));
    }
    if doc.symbol.chars().any(char::is_whitespace) {
        return Err(Error::invalid(format!(
            "Ký hiệu «{}» không được có dấu cách (ví dụ KH-ĐCT hoặc QĐ/TW).",
            doc.symbol
        )));
    }
    if let Some(date) = doc.issued_on {
        crate::calendar::check_year(date, "Ngày ban hành")?;
    }
    Ok(doc)
}

/// Everything search should find a document by, folded.
fn search_text(doc: &DocumentInput) -> String {
    let kind = doc.kind.info();
    let parts = [
        kind.name.to_string(),
        kind.abbreviation.to_string(),
        number_line(&doc.number, &doc.symbol, doc.number_style),
        doc.title.clone(),
        doc.issuer.clone(),
        doc.place.clone(),
        doc.signer.clone(),
        doc.references.join("\n"),
        doc.body.clone(),
    ];
    fold(&parts.join("\n"))
}

/// Checks and writes a document (new, or the fields of a live one) inside the caller's transaction.
pub(crate) fn write_document(
    tx: &rusqlite::Connection,
    id: DocumentId,
    owner: OfficeId,
    input: &DocumentInput,
    now: &str,
    seq: i64,
) -> Result<()> {
    let doc = validated(input)?;
    let row = store::documents::Row {
        id,
        owner,
        key: number_key(&doc.number, &doc.symbol, doc.number_style),
        search: search_text(&doc),
        doc: &doc,
    };
    store::documents::write(tx, &row, now, seq)?;
    store::documents::set_references(tx, id, &doc.references)
}

/// Recomputes the derived columns of a document written by a bundle import: the folded search
/// copy, the number key and the number keys of its references.
pub(crate) fn refresh_derived(tx: &rusqlite::Connection, id: &str) -> Result<()> {
    let id: DocumentId = id.parse()?;
    let mut doc = store::documents::get_any(tx, id)?.or_not_found("văn bản", id)?;
    doc.references = store::documents::reference_texts(tx, id)?;
    let key = number_key(&doc.number, &doc.symbol, doc.number_style);
    store::documents::set_derived(tx, id, &search_text(&doc), key.as_deref())?;
    store::documents::set_references(tx, id, &doc.references)
}

impl Store {
    pub fn create_document(&mut self, input: &DocumentInput) -> Result<Document> {
        self.create_document_with_id(DocumentId::new(), input)
    }

    pub(crate) fn create_document_with_id(&mut self, id: DocumentId, input: &DocumentInput) -> Result<Document> {
        let owner = self.require_own_office()?.id;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            write_document(tx, id, owner, input, &store::now(), seq)
        })?;
        self.get_document(id)
    }

    pub fn update_document(&mut self, id: DocumentId, input: &DocumentInput) -> Result<Document> {
        let existing = self.get_document(id)?;
        self.require_owner(existing.owner_office_id, "văn bản")?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            write_document(tx, id, existing.owner_office_id, input, &store::now(), seq)
        })?;
        self.get_document(id)
    }

    /// Deletes a document as a tombstone: it leaves lists and search, its row stays so that the
    /// deletion can travel to other offices.
    pub fn delete_document(&mut self, id: DocumentId) -> Result<()> {
        let existing = self.get_document(id)?;
        self.require_owner(existing.owner_office_id, "văn bản")?;
        let now = store::now();
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            store::documents::tombstone(tx, id, &now, seq)?;
            crate::deadlines::instances::remove_document_instances(tx, &id.to_string())
        })
    }

    pub fn get_document(&self, id: DocumentId) -> Result<Document> {
        let mut doc = store::documents::get(&self.conn, id).or_not_found("văn bản", id)?;
        doc.references = store::documents::references(&self.conn, id)?;
        doc.attachments = store::documents::attachments(&self.conn, id)?;
        Ok(doc)
    }

    pub fn list_documents(&self, order: DocumentOrder) -> Result<Vec<DocumentSummary>> {
        store::documents::list(&self.conn, order)
    }

    pub fn document_count(&self) -> Result<i64> {
        store::documents::count(&self.conn)
    }
}

#[cfg(test)]
mod tests;
