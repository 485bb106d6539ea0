//! [`render_input_sheet`]: a sheet for people to fill in and import back (the office list): a
//! header row frozen and filtered, columns wide enough for their text, a drop-down list where a
//! column takes one of a few values, and a second sheet of instructions. Also as CSV (UTF-8 with
//! a byte-order mark, which Excel needs to show Vietnamese letters).

use rust_xlsxwriter::{Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::write::FONT;
use crate::error::{Error, Result};

/// A column of a sheet to fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputColumn {
    pub header: String,
    /// One line on what to write, shown as the header's input message in Excel and on the
    /// instructions sheet.
    pub help: String,
    /// The values the column takes, offered as a drop-down list (empty: any text).
    pub choices: Vec<String>,
}

/// A sheet to fill in: its columns, the rows already in it, the instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSheet {
    pub name: String,
    pub columns: Vec<InputColumn>,
    pub rows: Vec<Vec<String>>,
    /// Lines of the instructions sheet ("Hướng dẫn").
    pub instructions: Vec<String>,
}

/// Rows below the filled ones that keep the drop-down lists.
const OPEN_ROWS: u32 = 500;

fn failed(error: XlsxError) -> Error {
    Error::invalid(format!("Không tạo được tệp Excel: {error}."))
}

/// The sheet as an .xlsx workbook.
pub fn render_input_sheet(sheet: &InputSheet) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    write(&mut workbook, sheet).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}

fn write(workbook: &mut Workbook, input: &InputSheet) -> std::result::Result<(), XlsxError> {
    let base = Format::new().set_font_name(FONT).set_font_size(12);
    let header = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xeef0f3));
    let cell = base.clone().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = workbook.add_worksheet();
    sheet.set_name(&input.name)?;
    for (c, column) in input.columns.iter().enumerate() {
        let col = c as u16;
        sheet.write_string_with_format(0, col, &column.header, &header)?;
        let widest = input
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .chain(column.choices.iter())
            .map(|t| t.chars().count())
            .chain(std::iter::once(column.header.chars().count()))
            .max()
            .unwrap_or(8);
        sheet.set_column_width(col, (widest as f64 * 1.1 + 3.0).clamp(10.0, 60.0))?;
        sheet.set_column_format(col, &cell)?;
        if !column.choices.is_empty() {
            let list = DataValidation::new()
                .allow_list_strings(&column.choices)?
                .set_input_title(&column.header)?
                .set_input_message(&column.help)?
                .set_error_title(&column.header)?
                .set_error_message(format!("Hãy chọn một trong: {}.", column.choices.join(", ")))?;
            sheet.add_data_validation(1, col, input.rows.len() as u32 + OPEN_ROWS, col, &list)?;
        }
    }
    for (r, row) in input.rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string_with_format(r as u32 + 1, c as u16, text, &cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, input.rows.len() as u32, (input.columns.len().max(1) - 1) as u16)?;
    sheet.set_paper_size(9);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_print_fit_to_pages(1, 0);

    let help = workbook.add_worksheet();
    help.set_name("Hướng dẫn")?;
    help.set_column_width(0, 100)?;
    let bold = base.clone().set_bold();
    let wrap = base.clone().set_text_wrap().set_align(FormatAlign::Top);
    let mut row = 0;
    for line in &input.instructions {
        help.write_string_with_format(row, 0, line, &wrap)?;
        row += 1;
    }
    row += 1;
    for column in &input.columns {
        help.write_string_with_format(row, 0, &column.header, &bold)?;
        help.write_string_with_format(row + 1, 0, &column.help, &wrap)?;
        row += 3;
    }
    Ok(())
}

/// The sheet as CSV: UTF-8 with a byte-order mark, comma separated, the header row first.
pub fn render_input_csv(sheet: &InputSheet) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new().from_writer(b"\xef\xbb\xbf".to_vec());
    let headers: Vec<&str> = sheet.columns.iter().map(|c| c.header.as_str()).collect();
    let failed = |e: csv::Error| Error::invalid(format!("Không tạo được tệp CSV: {e}."));
    writer.write_record(&headers).map_err(failed)?;
    for row in &sheet.rows {
        writer.write_record(row).map_err(failed)?;
    }
    writer.into_inner().map_err(|e| Error::invalid(format!("Không tạo được tệp CSV: {e}.")))
}
