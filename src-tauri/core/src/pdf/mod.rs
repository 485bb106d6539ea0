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

use std::borrow::Cow;

use serde::Serialize;

pub use crate::model::table::{
    Align, Cell, Checklist, Column, ColumnWidth, Group, LegendEntry, Orientation, Signature, Tone, place_date_line,
};
use crate::{Error, Result};

/// Lays the checklist out on A4 pages and returns the PDF file's bytes.
///
/// Fonts and the typst standard library are loaded once per process; later calls reuse them.
/// Fails with [`Error::InvalidInput`] when the checklist is malformed (no columns, a row with the
/// wrong number of cells, a bad column width).
pub fn render_pdf(checklist: &Checklist) -> Result<Vec<u8>> {
    checklist.check()?;
    let data = serde_json::to_vec(&TemplateData::from(checklist))
        .map_err(|e| Error::invalid(format!("Không chuẩn bị được dữ liệu in: {e}")))?;
    engine::render(data)
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
    Text { text: Cow<'a, str> },
    Bold { text: Cow<'a, str> },
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
                                    Cell::Text { text } => TemplateCell::Text { text: Cow::Borrowed(text) },
                                    Cell::Bold { text } => TemplateCell::Bold { text: Cow::Borrowed(text) },
                                    Cell::Status { text, tone } if tone.is_warning() => {
                                        TemplateCell::Bold { text: Cow::Borrowed(text) }
                                    }
                                    Cell::Status { text, .. } => TemplateCell::Text { text: Cow::Borrowed(text) },
                                    Cell::Checkbox => TemplateCell::Checkbox,
                                    Cell::Date { .. } | Cell::Count { .. } | Cell::Rate { .. } => {
                                        TemplateCell::Text { text: Cow::Owned(cell.printed()) }
                                    }
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
