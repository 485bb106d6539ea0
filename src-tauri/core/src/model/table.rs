//! The table model every printed or exported list is described in: a letterhead, a title, columns
//! and rows of typed cells (text, dates, counts, rates, coloured statuses). The PDF engine
//! (`crate::pdf`) and the workbook writer (`crate::workbook`) both read it, so a column added to a
//! list once appears on paper and in Excel alike; neither knows anything about deadlines.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// One list: a letterhead, a title and a table of rows, optionally in groups.
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
    /// A few words for the list, e.g. "Hạn báo cáo": the workbook's sheet name (at most 31
    /// characters there).
    pub short_title: String,
    /// A centred line under the title, e.g. "Từ ngày 01/11/2026 đến ngày 30/11/2026".
    pub subtitle: Option<String>,
    pub orientation: Orientation,
    /// At least one column; every row has exactly one cell per column.
    pub columns: Vec<Column>,
    pub groups: Vec<Group>,
    /// Start every group on a new page, each with the full letterhead, title and signature and
    /// its own page numbers: one hand-out per sub-office.
    pub page_break_between_groups: bool,
    /// A workbook has no heading rows (they would break sorting and filtering): when set, each
    /// row's group heading goes into a column of this name after the first column; when `None`
    /// the headings are left out of the workbook because the row's own cells say the same.
    pub group_column: Option<String>,
    /// How many leading columns stay in view when the table is scrolled sideways (the office
    /// names of the matrix); frozen in the workbook.
    pub key_columns: u8,
    /// What each colour of the status cells means, in the order to list it.
    pub legend: Vec<LegendEntry>,
    /// Printed at the end, in the right half.
    pub signature: Option<Signature>,
    /// A note printed in italics under the table.
    pub footnote: Option<String>,
}

impl Checklist {
    /// Fails with [`Error::InvalidInput`] when the table is malformed: no columns, a row whose
    /// cell count differs from the column count, a width that is not a positive number.
    pub fn check(&self) -> Result<()> {
        if self.columns.is_empty() {
            return Err(Error::invalid("Bảng in cần ít nhất một cột."));
        }
        for column in &self.columns {
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
        let n = self.columns.len();
        for (g, group) in self.groups.iter().enumerate() {
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

/// How wide a column is on paper. `Fraction` columns share what `Mm` and `Auto` columns leave
/// over. (A workbook sizes its columns from their text instead.)
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
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

/// The colour family of a status cell, the same six the screen uses (`tone-*` in `app.css`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Tone {
    Red,
    Amber,
    Grey,
    Green,
    Orange,
    Blue,
}

impl Tone {
    /// Red and amber ask for action: on black-and-white paper they are printed bold.
    pub fn is_warning(self) -> bool {
        matches!(self, Tone::Red | Tone::Amber)
    }
}

/// One line of a legend: a colour and what it means ("Quá hạn").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LegendEntry {
    pub tone: Tone,
    pub label: String,
}

/// One table cell. Typed cells print as text on paper and keep their type in a workbook: a date
/// is an Excel date shown dd/mm/yyyy, a count a number, a rate a percentage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Cell {
    /// Plain text; long text wraps within the column and `\n` starts a new line.
    Text { text: String },
    /// Bold text.
    Bold { text: String },
    /// An empty tick box ☐ to tick by hand.
    Checkbox,
    /// A day, printed dd/mm/yyyy.
    Date {
        #[ts(type = "string")]
        date: NaiveDate,
    },
    /// A whole number (a row number, a count of reports).
    Count { value: u32 },
    /// `part` of `whole` as a percentage, printed "50%"; "—" when `whole` is 0.
    Rate { part: u32, whole: u32 },
    /// A status in words, coloured by its tone in a workbook (and on screen).
    Status { text: String, tone: Tone },
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell::Text { text: text.into() }
    }

    pub fn bold(text: impl Into<String>) -> Self {
        Cell::Bold { text: text.into() }
    }

    pub fn status(text: impl Into<String>, tone: Tone) -> Self {
        Cell::Status { text: text.into(), tone }
    }

    /// The rate as a fraction (0.5 for half), `None` when nothing is expected.
    pub fn rate_fraction(part: u32, whole: u32) -> Option<f64> {
        (whole > 0).then(|| f64::from(part) / f64::from(whole))
    }

    /// What the cell says on paper ("" for a tick box).
    pub fn printed(&self) -> String {
        match self {
            Cell::Text { text } | Cell::Bold { text } | Cell::Status { text, .. } => text.clone(),
            Cell::Checkbox => String::new(),
            Cell::Date { date } => date.format("%d/%m/%Y").to_string(),
            Cell::Count { value } => value.to_string(),
            Cell::Rate { part, whole } => match Cell::rate_fraction(*part, *whole) {
                Some(f) => format!("{}%", (f * 100.0).round()),
                None => "—".into(),
            },
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::text(text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text { text }
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

/// The place-and-date line as Nghị định 30 writes it: days below 10 and the months January and
/// February take a leading zero, other months do not: "Lai Châu, ngày 05 tháng 6 năm 2023",
/// "Hà Nội, ngày 20 tháng 02 năm 2024".
pub fn place_date_line(place: &str, date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 { format!("{month:02}") } else { month.to_string() };
    format!("{place}, ngày {:02} tháng {month} năm {}", date.day(), date.year())
}
