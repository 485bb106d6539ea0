//! Printable A4 checklists (deadline lists, hand-outs per sub-office) as PDF.
//!
//! Offices print these and carry them to meetings, so they must look like a Vietnamese
//! administrative document (Nghị định 30/2020, Phụ lục I) and come out the same on every laptop,
//! with or without fonts installed and always offline. This module knows nothing about deadlines:
//! callers describe a [`Checklist`] (letterhead, title, columns, grouped rows, signature) and
//! [`render_pdf`] lays it out with the `typst` engine and the embedded Liberation Serif fonts.
//! The layout itself is the template `assets/print/checklist.typ`; see `docs/printing.md`.

mod engine;
#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// One printable checklist: a letterhead, a title and a table of rows, optionally in groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Checklist {
    /// The body above the issuer, e.g. "HỘI LHPN VIỆT NAM"; printed upper-case, not bold.
    pub parent_issuer: Option<String>,
    /// The issuing body, e.g. "HỘI LHPN TỈNH LAI CHÂU"; printed upper-case, bold, ruled under.
    pub issuer: String,
    /// The place of the place-and-date line, e.g. "Lai Châu".
    pub place: String,
    /// The date of the place-and-date line (see [`place_date_line`]).
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// Printed bold and centred exactly as given (give it in capitals).
    pub title: String,
    /// A centred line under the title, e.g. "Từ ngày 01/11/2026 đến ngày 30/11/2026".
    pub subtitle: Option<String>,
    pub orientation: Orientation,
    /// At least one column; every row has exactly one cell per column.
    pub columns: Vec<Column>,
    pub groups: Vec<Group>,
    /// Start every group on a new page, each with the full letterhead, title and signature and
    /// its own page numbers: one hand-out per sub-office.
    pub page_break_between_groups: bool,
    /// Printed at the end, in the right half.
    pub signature: Option<Signature>,
    /// A note printed in italics under the table.
    pub footnote: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Column {
    pub header: String,
    pub width: ColumnWidth,
    pub align: Align,
}

impl Column {
    pub fn new(header: impl Into<String>, width: ColumnWidth, align: Align) -> Self {
        Column { header: header.into(), width, align }
    }
}

/// How wide a column is. `Fraction` columns share what `Mm` and `Auto` columns leave over.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
#[ts(export)]
pub enum ColumnWidth {
    /// As wide as its widest cell (good for "STT", dates, tick boxes).
    Auto,
    /// A share of the remaining width, like CSS `fr`.
    Fraction(f32),
    /// A fixed width in millimetres.
    Mm(f32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// Rows under an optional heading row spanning the whole table ("Quá hạn", "Thứ Hai, 30/11/2026",
/// a sub-office name). The heading is repeated when its rows run over to the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Group {
    pub heading: Option<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "text", rename_all = "camelCase")]
#[ts(export)]
pub enum Cell {
    /// Plain text; long text wraps within the column and `\n` starts a new line.
    Text(String),
    /// Bold text, e.g. a status such as "Quá hạn".
    Bold(String),
    /// An empty tick box ☐ to tick by hand.
    Checkbox,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell::Text(text.into())
    }

    pub fn bold(text: impl Into<String>) -> Self {
        Cell::Bold(text.into())
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Signature {
    /// The signer's role, e.g. "NGƯỜI LẬP"; printed bold upper-case.
    pub title: String,
    /// Printed bold under the space for the signature.
    pub name: String,
}

/// Lays the checklist out on A4 pages and returns the PDF file's bytes.
///
/// Fonts and the typst standard library are loaded once per process; later calls reuse them.
/// Fails with [`Error::InvalidInput`] when the checklist is malformed (no columns, a row with the
/// wrong number of cells, a bad column width).
pub fn render_pdf(checklist: &Checklist) -> Result<Vec<u8>> {
    validate(checklist)?;
    let data = serde_json::to_vec(&TemplateData::from(checklist))
        .map_err(|e| Error::invalid(format!("Không chuẩn bị được dữ liệu in: {e}")))?;
    engine::render(data)
}

/// The place-and-date line as Nghị định 30 writes it: days below 10 and the months January and
/// February take a leading zero, other months do not: "Lai Châu, ngày 05 tháng 6 năm 2023",
/// "Hà Nội, ngày 20 tháng 02 năm 2024".
pub fn place_date_line(place: &str, date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 { format!("{month:02}") } else { month.to_string() };
    format!("{place}, ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

fn validate(checklist: &Checklist) -> Result<()> {
    if checklist.columns.is_empty() {
        return Err(Error::invalid("Bảng in cần ít nhất một cột."));
    }
    for column in &checklist.columns {
        match column.width {
            ColumnWidth::Auto => {}
            ColumnWidth::Fraction(v) | ColumnWidth::Mm(v) => {
                if !v.is_finite() || v <= 0.0 {
                    return Err(Error::invalid(format!(
                        "Độ rộng cột \"{}\" phải là số dương (đang là {v}).",
                        column.header
                    )));
                }
            }
        }
    }
    let n = checklist.columns.len();
    for (g, group) in checklist.groups.iter().enumerate() {
        for (r, row) in group.rows.iter().enumerate() {
            if row.len() != n {
                return Err(Error::invalid(format!(
                    "Dòng {} của nhóm {} có {} ô, bảng có {n} cột.",
                    r + 1,
                    g + 1,
                    row.len()
                )));
            }
        }
    }
    Ok(())
}

/// What the template reads from `/data.json`: the checklist with the date line already written
/// out, in the shape `assets/print/checklist.typ` expects (kept apart from the public types so
/// either can change without the other).
#[derive(Serialize)]
struct TemplateData<'a> {
    parent_issuer: Option<&'a str>,
    issuer: &'a str,
    place_date: String,
    title: &'a str,
    subtitle: Option<&'a str>,
    landscape: bool,
    columns: Vec<TemplateColumn<'a>>,
    groups: Vec<TemplateGroup<'a>>,
    page_break: bool,
    signature: Option<TemplateSignature<'a>>,
    footnote: Option<&'a str>,
}

#[derive(Serialize)]
struct TemplateColumn<'a> {
    header: &'a str,
    width: TemplateWidth,
    align: &'static str,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum TemplateWidth {
    Auto,
    Fr { value: f32 },
    Mm { value: f32 },
}

#[derive(Serialize)]
struct TemplateGroup<'a> {
    heading: Option<&'a str>,
    rows: Vec<Vec<TemplateCell<'a>>>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum TemplateCell<'a> {
    Text { text: &'a str },
    Bold { text: &'a str },
    Checkbox,
}

#[derive(Serialize)]
struct TemplateSignature<'a> {
    title: &'a str,
    name: &'a str,
}

impl<'a> From<&'a Checklist> for TemplateData<'a> {
    fn from(c: &'a Checklist) -> Self {
        TemplateData {
            parent_issuer: c.parent_issuer.as_deref(),
            issuer: &c.issuer,
            place_date: place_date_line(&c.place, c.date),
            title: &c.title,
            subtitle: c.subtitle.as_deref(),
            landscape: c.orientation == Orientation::Landscape,
            columns: c
                .columns
                .iter()
                .map(|col| TemplateColumn {
                    header: &col.header,
                    width: match col.width {
                        ColumnWidth::Auto => TemplateWidth::Auto,
                        ColumnWidth::Fraction(value) => TemplateWidth::Fr { value },
                        ColumnWidth::Mm(value) => TemplateWidth::Mm { value },
                    },
                    align: match col.align {
                        Align::Left => "left",
                        Align::Center => "center",
                        Align::Right => "right",
                    },
                })
                .collect(),
            groups: c
                .groups
                .iter()
                .map(|g| TemplateGroup {
                    heading: g.heading.as_deref(),
                    rows: g
                        .rows
                        .iter()
                        .map(|row| {
                            row.iter()
                                .map(|cell| match cell {
                                    Cell::Text(text) => TemplateCell::Text { text },
                                    Cell::Bold(text) => TemplateCell::Bold { text },
                                    Cell::Checkbox => TemplateCell::Checkbox,
                                })
                                .collect()
                        })
                        .collect(),
                })
                .collect(),
            page_break: c.page_break_between_groups,
            signature: c
                .signature
                .as_ref()
                .map(|s| TemplateSignature { title: &s.title, name: &s.name }),
            footnote: c.footnote.as_deref(),
        }
    }
}
