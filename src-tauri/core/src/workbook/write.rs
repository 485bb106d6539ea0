//! [`render_xlsx`]: a [`Checklist`] as one worksheet.
//!
//! The sheet, top to bottom: the title and subtitle lines (merged across the table), a blank row,
//! the header row (frozen with the rows above it, with Excel's filter buttons), one row a table row
//! — group headings become a column when the checklist names one, so the table stays flat and can
//! be sorted — then, under a blank row, the footnote, the legend of the status colours and the
//! signature. Page setup: A4, the checklist's orientation, margins after Nghị định 30 (left 30 mm,
//! right 15 mm, top and bottom 20 mm), the header row repeated on every printed page, fitted to
//! one page wide, the issuing office on the left of the page header and the place and date on its
//! right, "Trang n/m" in the footer.

use std::collections::HashMap;
use std::path::Path;

use chrono::Datelike;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::model::table::{Align, Cell, Checklist, Tone, place_date_line};

/// The font of every cell: the administrative documents' typeface.
pub(crate) const FONT: &str = "Times New Roman";
const FONT_SIZE: f64 = 12.0;
/// The number format of date cells.
pub(crate) const DATE_FORMAT: &str = "dd/mm/yyyy";
/// The number format of rate cells.
pub(crate) const RATE_FORMAT: &str = "0%";

/// Background, border and text colour of each tone: the same as the screen's `.tone-*` classes
/// in `ui/src/app.css`.
pub fn tone_colours(tone: Tone) -> (u32, u32, u32) {
    match tone {
        Tone::Red => (0xfdecec, 0xe8a3a5, 0x9b1c1f),
        Tone::Amber => (0xfff5d6, 0xe0b84a, 0x6e4a00),
        Tone::Grey => (0xeef0f3, 0xc5cbd3, 0x4b5360),
        Tone::Green => (0xe6f4ea, 0x9fd0ad, 0x1d6b3a),
        Tone::Orange => (0xfdebdc, 0xeea66f, 0x8f3c00),
        Tone::Blue => (0xe5effc, 0x98b8e8, 0x1d4f91),
    }
}

/// Narrowest and widest column, in Excel's character units; longer text wraps.
const MIN_WIDTH: f64 = 5.0;
const MAX_WIDTH: f64 = 60.0;
/// A header line wider than this wraps rather than widening its column.
const MAX_HEADER_FIT: usize = 24;

fn failed(error: XlsxError) -> Error {
    Error::invalid(format!("Không tạo được tệp Excel: {error}."))
}

/// A column of the sheet: one of the checklist's, or the column of group headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SheetColumn {
    Model(usize),
    Group,
}

/// What kind of value a cell holds, for choosing its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Text,
    Bold,
    Date,
    Count,
    Rate,
    Status(Tone),
}

/// The formats of one workbook, made once each.
struct Formats {
    cells: HashMap<(Kind, Align), Format>,
    title: Format,
    subtitle: Format,
    header: Format,
    note: Format,
    legend_title: Format,
    signature: Format,
}

fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(FONT_SIZE)
}

fn bordered() -> Format {
    base().set_border(FormatBorder::Thin).set_border_color(Color::RGB(0x9aa1ab)).set_align(FormatAlign::Top)
}

fn aligned(format: Format, align: Align) -> Format {
    format.set_align(match align {
        Align::Left => FormatAlign::Left,
        Align::Center => FormatAlign::Center,
        Align::Right => FormatAlign::Right,
    })
}

fn status_format(tone: Tone) -> Format {
    let (background, line, ink) = tone_colours(tone);
    let format = base()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(line))
        .set_background_color(Color::RGB(background))
        .set_font_color(Color::RGB(ink))
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    if tone.is_warning() { format.set_bold() } else { format }
}

impl Formats {
    fn new() -> Self {
        Formats {
            cells: HashMap::new(),
            title: base().set_bold().set_font_size(14).set_align(FormatAlign::Center),
            subtitle: base().set_italic().set_align(FormatAlign::Center),
            header: base()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xeef0f3)),
            note: base().set_italic().set_text_wrap().set_align(FormatAlign::Top),
            legend_title: base().set_bold(),
            signature: base().set_bold().set_align(FormatAlign::Center),
        }
    }

    fn cell(&mut self, kind: Kind, align: Align) -> &Format {
        self.cells.entry((kind, align)).or_insert_with(|| {
            let format = match kind {
                Kind::Text => bordered().set_text_wrap(),
                Kind::Bold => bordered().set_text_wrap().set_bold(),
                Kind::Date => bordered().set_num_format(DATE_FORMAT),
                Kind::Count => bordered().set_num_format("0"),
                Kind::Rate => bordered().set_num_format(RATE_FORMAT),
                Kind::Status(tone) => status_format(tone),
            };
            aligned(format, align)
        })
    }
}

/// The longest line of a text, in characters.
fn longest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// How many characters wide a cell's content is.
fn content_width(cell: &Cell) -> usize {
    match cell {
        Cell::Checkbox => 0,
        Cell::Date { .. } => 10,
        Cell::Rate { .. } => 5,
        other => longest_line(&other.printed()),
    }
}

/// The height of a row of this many lines, in points (12-point Times New Roman).
const LINE_HEIGHT: f64 = 15.75;

/// How many lines a text takes in a column `width` characters wide, wrapped at that width.
fn lines_in(text: &str, width: f64) -> usize {
    let per_line = (width - 1.5).max(1.0);
    text.lines().map(|l| ((l.chars().count() as f64) / per_line).ceil().max(1.0) as usize).sum::<usize>().max(1)
}

fn width_for(chars: usize) -> f64 {
    // Vietnamese letters with their marks are about as wide as the Latin ones; a little air.
    (chars as f64 * 1.1 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH)
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters, not empty.
pub(super) fn sheet_name(short_title: &str) -> String {
    let cleaned: String =
        short_title.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).collect();
    let cleaned = cleaned.trim().trim_matches('\'');
    let name: String = cleaned.chars().take(31).collect();
    if name.trim().is_empty() { "Danh sách".into() } else { name.trim().to_string() }
}

/// Text for a page header: `&` is Excel's control character and is doubled.
fn header_text(text: &str) -> String {
    text.replace('&', "&&").replace(['\n', '\r'], " ")
}

/// The page header: the issuing office on the left, the place and date on the right, in the
/// document font when Excel's 255-character limit leaves room for the font codes.
fn page_header(checklist: &Checklist) -> String {
    let issuer = header_text(&checklist.issuer);
    let date = header_text(&place_date_line(&checklist.place, checklist.date));
    let styled = format!("&L&\"{FONT},Bold\"&10{issuer}&R&\"{FONT},Italic\"&10{date}");
    if styled.encode_utf16().count() <= 255 {
        return styled;
    }
    let plain: String = format!("&L{issuer}&R{date}");
    plain.chars().take(200).collect()
}

/// Writes the checklist as an .xlsx workbook and returns the file's bytes.
///
/// Fails with [`Error::InvalidInput`] when the checklist is malformed (the same checks as the PDF).
pub fn render_xlsx(checklist: &Checklist) -> Result<Vec<u8>> {
    checklist.check()?;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_sheet(sheet, checklist).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}

/// Writes the workbook to `path` through a temporary file beside it and a rename, so a pulled-out
/// stick never holds half a workbook under the real name.
pub fn save_xlsx(checklist: &Checklist, path: &Path) -> Result<()> {
    let bytes = render_xlsx(checklist)?;
    write_whole(path, &bytes)
}

/// Writes `bytes` to `path` through `path.dang-ghi` and a rename.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".dang-ghi");
    let temp = std::path::PathBuf::from(temp);
    std::fs::write(&temp, bytes).map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io(path, e)
    })
}

fn write_sheet(sheet: &mut Worksheet, checklist: &Checklist) -> std::result::Result<(), XlsxError> {
    let mut formats = Formats::new();
    sheet.set_name(sheet_name(&checklist.short_title))?;

    let has_headings = checklist.groups.iter().any(|g| g.heading.is_some());
    let mut columns: Vec<SheetColumn> = (0..checklist.columns.len()).map(SheetColumn::Model).collect();
    let group_header = checklist.group_column.as_deref().filter(|_| has_headings);
    if group_header.is_some() {
        columns.insert(1.min(columns.len()), SheetColumn::Group);
    }
    let last_col = (columns.len() - 1) as u16;

    // Title and subtitle lines, merged across the table (a one-column table cannot merge).
    let mut row: u32 = 0;
    let banner = |sheet: &mut Worksheet, row: u32, text: &str, format: &Format| -> std::result::Result<(), XlsxError> {
        if last_col == 0 {
            sheet.write_string_with_format(row, 0, text, format)?;
        } else {
            sheet.merge_range(row, 0, row, last_col, text, format)?;
        }
        Ok(())
    };
    banner(sheet, row, &checklist.title, &formats.title)?;
    row += 1;
    for line in checklist.subtitle.iter().flat_map(|s| s.lines()).filter(|l| !l.trim().is_empty()) {
        banner(sheet, row, line, &formats.subtitle)?;
        row += 1;
    }
    row += 1;

    // The header row.
    let header_row = row;
    let mut widths: Vec<usize> = Vec::with_capacity(columns.len());
    for (c, column) in columns.iter().enumerate() {
        let header = match column {
            SheetColumn::Model(i) => checklist.columns[*i].header.as_str(),
            SheetColumn::Group => group_header.unwrap_or_default(),
        };
        sheet.write_string_with_format(header_row, c as u16, header, &formats.header)?;
        let words = header.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
        widths.push(longest_line(header).min(MAX_HEADER_FIT).max(words));
    }

    // The rows.
    row = header_row + 1;
    for group in &checklist.groups {
        let heading = group.heading.as_deref().unwrap_or_default();
        for cells in &group.rows {
            for (c, column) in columns.iter().enumerate() {
                let col = c as u16;
                let (cell, align) = match column {
                    SheetColumn::Model(i) => (&cells[*i], checklist.columns[*i].align),
                    SheetColumn::Group => {
                        sheet.write_string_with_format(row, col, heading, formats.cell(Kind::Text, Align::Left))?;
                        widths[c] = widths[c].max(longest_line(heading));
                        continue;
                    }
                };
                widths[c] = widths[c].max(content_width(cell));
                write_cell(sheet, &mut formats, row, col, cell, align)?;
            }
            row += 1;
        }
    }
    let last_row = row.saturating_sub(1).max(header_row);

    let column_widths: Vec<f64> = widths.iter().map(|w| width_for(*w)).collect();
    for (c, width) in column_widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    // Row heights for wrapped text: not every spreadsheet program fits them when it opens a file.
    let header_lines = columns
        .iter()
        .enumerate()
        .map(|(c, column)| match column {
            SheetColumn::Model(i) => lines_in(&checklist.columns[*i].header, column_widths[c]),
            SheetColumn::Group => 1,
        })
        .max()
        .unwrap_or(1);
    sheet.set_row_height(header_row, LINE_HEIGHT * header_lines as f64 + 2.0)?;
    let mut r = header_row + 1;
    for group in &checklist.groups {
        let heading = group.heading.as_deref().unwrap_or_default();
        for cells in &group.rows {
            let lines = columns
                .iter()
                .enumerate()
                .map(|(c, column)| match column {
                    SheetColumn::Model(i) => lines_in(&cells[*i].printed(), column_widths[c]),
                    SheetColumn::Group => lines_in(heading, column_widths[c]),
                })
                .max()
                .unwrap_or(1);
            sheet.set_row_height(r, LINE_HEIGHT * lines as f64)?;
            r += 1;
        }
    }
    sheet.set_freeze_panes(header_row + 1, key_columns(checklist, &columns))?;
    sheet.autofilter(header_row, 0, last_row, last_col)?;

    // Under the table: footnote, legend, signature.
    row = last_row + 2;
    if let Some(footnote) = checklist.footnote.as_deref().filter(|f| !f.trim().is_empty()) {
        if last_col == 0 {
            sheet.write_string_with_format(row, 0, footnote, &formats.note)?;
        } else {
            sheet.merge_range(row, 0, row, last_col, footnote, &formats.note)?;
        }
        // A merged cell does not grow with its text: give it the lines it needs.
        let table_width: f64 = column_widths.iter().sum();
        sheet.set_row_height(row, LINE_HEIGHT * lines_in(footnote, table_width) as f64)?;
        row += 2;
    }
    if !checklist.legend.is_empty() {
        sheet.write_string_with_format(row, 0, "Chú giải:", &formats.legend_title)?;
        row += 1;
        let span = last_col.min(2);
        for entry in &checklist.legend {
            let format = status_format(entry.tone);
            if span == 0 {
                sheet.write_string_with_format(row, 0, &entry.label, &format)?;
            } else {
                sheet.merge_range(row, 0, row, span, &entry.label, &format)?;
            }
            row += 1;
        }
        row += 1;
    }
    if let Some(signature) = &checklist.signature {
        let first = last_col.div_ceil(2);
        for (offset, text) in [(0, signature.title.as_str()), (4, signature.name.as_str())] {
            if text.is_empty() {
                continue;
            }
            if first == last_col {
                sheet.write_string_with_format(row + offset, first, text, &formats.signature)?;
            } else {
                sheet.merge_range(row + offset, first, row + offset, last_col, text, &formats.signature)?;
            }
        }
    }

    // Page setup for printing from Excel.
    sheet.set_paper_size(9);
    match checklist.orientation {
        crate::model::table::Orientation::Portrait => sheet.set_portrait(),
        crate::model::table::Orientation::Landscape => sheet.set_landscape(),
    };
    sheet.set_margins(30.0 / 25.4, 15.0 / 25.4, 20.0 / 25.4, 20.0 / 25.4, 8.0 / 25.4, 8.0 / 25.4);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_header(page_header(checklist));
    sheet.set_footer(format!("&C&\"{FONT},Regular\"&10Trang &P/&N"));
    Ok(())
}

/// The sheet columns frozen on the left: the checklist's key columns, and the group column when it
/// sits among them.
fn key_columns(checklist: &Checklist, columns: &[SheetColumn]) -> u16 {
    let keys = usize::from(checklist.key_columns);
    if keys == 0 {
        return 0;
    }
    let mut frozen = 0;
    let mut models = 0;
    for column in columns {
        if models == keys {
            break;
        }
        frozen += 1;
        if let SheetColumn::Model(_) = column {
            models += 1;
        }
    }
    frozen
}

fn write_cell(
    sheet: &mut Worksheet,
    formats: &mut Formats,
    row: u32,
    col: u16,
    cell: &Cell,
    align: Align,
) -> std::result::Result<(), XlsxError> {
    match cell {
        Cell::Text { text } => sheet.write_string_with_format(row, col, text, formats.cell(Kind::Text, align))?,
        Cell::Bold { text } => sheet.write_string_with_format(row, col, text, formats.cell(Kind::Bold, align))?,
        Cell::Status { text, tone } => sheet.write_string_with_format(row, col, text, formats.cell(Kind::Status(*tone), align))?,
        Cell::Checkbox => sheet.write_blank(row, col, formats.cell(Kind::Text, align))?,
        Cell::Date { date } => {
            let day = ExcelDateTime::from_ymd(date.year().clamp(1900, 9999) as u16, date.month() as u8, date.day() as u8)?;
            sheet.write_datetime_with_format(row, col, &day, formats.cell(Kind::Date, align))?
        }
        Cell::Count { value } => sheet.write_number_with_format(row, col, f64::from(*value), formats.cell(Kind::Count, align))?,
        Cell::Rate { part, whole } => match Cell::rate_fraction(*part, *whole) {
            Some(fraction) => sheet.write_number_with_format(row, col, fraction, formats.cell(Kind::Rate, align))?,
            None => sheet.write_string_with_format(row, col, "—", formats.cell(Kind::Text, align))?,
        },
    };
    Ok(())
}
