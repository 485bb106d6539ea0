//! The registry of documents (văn bản): plans, directives, resolutions, reports and letters with
//! the fields of Nghị định 30/2020 — number and symbol, date and place, issuer, title (trích yếu),
//! signer, recipients, the documents they implement — plus their full text and attached originals.

pub mod attachments;
mod kinds;

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use attachments::Attachment;
pub use kinds::{DocKind, DocKindInfo};

use crate::error::{Error, OrNotFound, Result};
use crate::ids::{DocumentId, OfficeId};
use crate::store::{self, Store};
use crate::text::{clean, fold};

/// How the number and symbol are written: the state style puts a slash after the number
/// (`Số: 268/KH-ĐCT`), the Party style a hyphen (`Số 127-QĐ/TW`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum NumberStyle {
    State,
    Party,
}

impl NumberStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            NumberStyle::State => "state",
            NumberStyle::Party => "party",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "state" => Ok(NumberStyle::State),
            "party" => Ok(NumberStyle::Party),
            other => Err(Error::invalid(format!("Kiểu số hiệu không hợp lệ: «{other}»."))),
        }
    }
}

/// What a user enters (or an import produces) for a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DocumentInput {
    pub kind: DocKind,
    /// The number, digits as written ("268", "01"); empty in a draft (`Số: /KH-BTV`).
    pub number: String,
    /// The symbol after the number ("KH-ĐCT", "QĐ/TW").
    pub symbol: String,
    pub number_style: NumberStyle,
    #[ts(type = "string | null")]
    pub issued_on: Option<NaiveDate>,
    pub place: String,
    pub issuer: String,
    /// Trích yếu: the one-line summary after the type name. Required.
    pub title: String,
    pub signer: String,
    /// With its prefix and on as many lines as printed ("TM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH").
    pub signer_title: String,
    pub recipients: Vec<String>,
    /// Documents this one implements or cites, each as written.
    pub references: Vec<String>,
    pub body: String,
}

/// A cited document; `linked_id` is set when the cited document is in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reference {
    pub text: String,
    /// The number and symbol found in the text ("21-CT/TW"), if any.
    pub number_symbol: Option<String>,
    pub linked_id: Option<DocumentId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Document {
    pub id: DocumentId,
    pub owner_office_id: OfficeId,
    pub kind: DocKind,
    pub number: String,
    pub symbol: String,
    pub number_style: NumberStyle,
    /// The number line as printed: "Số: 268/KH-ĐCT", "Số 127-QĐ/TW", "Số: /KH-BTV", or "".
    pub number_line: String,
    #[ts(type = "string | null")]
    pub issued_on: Option<NaiveDate>,
    pub place: String,
    pub issuer: String,
    pub title: String,
    pub signer: String,
    pub signer_title: String,
    pub recipients: Vec<String>,
    pub references: Vec<Reference>,
    pub body: String,
    pub attachments: Vec<Attachment>,
    pub updated_at: String,
}

/// A row of the document list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub kind: DocKind,
    pub number_line: String,
    #[ts(type = "string | null")]
    pub issued_on: Option<NaiveDate>,
    pub issuer: String,
    pub title: String,
}

/// Orders of the document list: by title or issuer in Vietnamese order, or newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DocumentOrder {
    Title,
    Issuer,
    IssuedOn,
}

/// Formats the number line as Nghị định 30 prints it.
pub fn number_line(number: &str, symbol: &str, style: NumberStyle) -> String {
    match (number.is_empty(), symbol.is_empty(), style) {
        (true, true, _) => String::new(),
        (_, _, NumberStyle::State) => format!("Số: {number}/{symbol}"),
        (false, false, NumberStyle::Party) => format!("Số {number}-{symbol}"),
        (true, false, NumberStyle::Party) => format!("Số -{symbol}"),
        (false, true, NumberStyle::Party) => format!("Số {number}"),
    }
}

/// The folded key that links a citation to a stored document: "21-ct/tw", "268/kh-dct".
fn number_key(number: &str, symbol: &str, style: NumberStyle) -> Option<String> {
    if number.is_empty() || symbol.is_empty() {
        return None;
    }
    let sep = match style {
        NumberStyle::State => '/',
        NumberStyle::Party => '-',
    };
    Some(fold(&format!("{number}{sep}{symbol}")).replace(char::is_whitespace, ""))
}

/// A number and symbol inside a citation: "21-CT/TW", "01/KH-BVSTBPN", "48/2009/NĐ-CP".
static CITED_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+)\s*([/-])\s*((?:\d{4}/)?\p{L}[\p{L}\d&]*(?:\s*[/-]\s*[\p{L}\d&]+)*)")
        .expect("the citation pattern is valid")
});

/// Finds the number and symbol a citation names, as written, and its folded key.
pub fn cited_number(text: &str) -> Option<(String, String)> {
    let caps = CITED_NUMBER.captures(text)?;
    let written = format!("{}{}{}", &caps[1], &caps[2], &caps[3]).replace(char::is_whitespace, "");
    let key = fold(&written);
    Some((written, key))
}

/// The text of one document, all fields together, in UTF-8 bytes: a plan of 50 pages is about
/// 0.2 MB. The limit keeps every document a record a bundle can carry (`bundle::format`).
pub const MAX_DOCUMENT_TEXT_BYTES: usize = 2 * 1024 * 1024;

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
    tx.execute(
        "UPDATE documents SET search_text = ?2, number_key = ?3 WHERE id = ?1",
        rusqlite::params![id, search_text(&doc), key],
    )?;
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
