//! Excel workbooks in and out.
//!
//! Out: [`render_xlsx`] writes the same [`Checklist`] table model the PDF is printed from as an
//! .xlsx workbook that an office can sort, filter, sum and print: Vietnamese headers on one frozen,
//! filtered row, dates as real Excel dates shown dd/mm/yyyy, counts as numbers and rates as
//! percentage cells, column widths from the text they hold, status cells coloured like the screen
//! with a legend under the table, and an A4 page set up for printing from Excel (orientation, the
//! header row repeated on every page, fitted to the page width, the office and date in the page
//! header). A column added to a list once appears in both the PDF and the workbook.
//!
//! For filling in: [`render_input_sheet`] writes a sheet to fill in and import back (the office
//! list's template), with drop-down lists and instructions.
//!
//! In: [`read_rows`] reads the first sheet of an .xlsx file, or a .csv file (UTF-8 with or without
//! a byte-order mark, else Windows-1258, comma or semicolon separated), as rows of text with their
//! row numbers as the spreadsheet shows them, for imports such as the office list.
//!
//! Written with `rust_xlsxwriter`, read with `calamine` and `csv` (see docs/printing.md, "Excel").

mod read;
mod template;
mod write;
#[cfg(test)]
pub(crate) mod tests;

pub use read::{SheetRow, read_rows};
pub use template::{InputColumn, InputSheet, render_input_csv, render_input_sheet};
pub use write::{render_xlsx, save_xlsx, tone_colours};
pub(crate) use write::write_whole;
