//! A document's record (văn bản) with the fields of Nghị định 30/2020, and the pure functions of
//! its number line: how it is printed and how a citation finds it.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::model::doc_kinds::{DocKind, DocKindInfo};
use crate::error::{Error, Result};
use crate::ids::{DocumentId, OfficeId};
use crate::text::fold;

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
pub fn number_key(number: &str, symbol: &str, style: NumberStyle) -> Option<String> {
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


/// An attached original file (the Word or PDF a plan arrived as), stored under its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Attachment {
    pub sha256: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub added_at: String,
}
