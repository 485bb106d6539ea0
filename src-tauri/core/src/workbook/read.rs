//! [`read_rows`]: the first sheet of a workbook, or a CSV file, as rows of text numbered as the
//! spreadsheet numbers them (row 1 is the top row), so a message can say "Dòng 7".

use std::path::Path;

use calamine::{Data, DataType, Reader};

use crate::error::{Error, Result};
use crate::text::clean;

/// Largest file read: office lists are a few hundred rows.
const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Most rows read.
const MAX_ROWS: usize = 20_000;

/// One non-empty row: its number as the spreadsheet shows it and its cells as text (trimmed,
/// NFC), from column A on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub number: u32,
    pub cells: Vec<String>,
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Reads an .xlsx (also .xlsm, .xls, .ods) or a .csv file. Empty rows are left out; numbers are
/// written without a trailing ".0", dates as dd/mm/yyyy.
pub fn read_rows(path: &Path) -> Result<Vec<SheetRow>> {
    let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    if size > MAX_BYTES {
        return Err(Error::invalid(format!(
            "Tệp «{}» quá lớn ({} MB); bảng đơn vị chỉ cần vài trăm dòng.",
            file_name(path),
            size / 1024 / 1024
        )));
    }
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let rows = match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path)?,
        "csv" | "txt" => read_csv(path)?,
        _ => {
            return Err(Error::invalid(format!(
                "Không đọc được «{}»: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).",
                file_name(path)
            )));
        }
    };
    if rows.len() > MAX_ROWS {
        return Err(Error::invalid(format!("Tệp «{}» có hơn {MAX_ROWS} dòng.", file_name(path))));
    }
    Ok(rows)
}

fn unreadable(path: &Path, detail: impl std::fmt::Display) -> Error {
    Error::invalid(format!(
        "Không đọc được tệp «{}» như một bảng tính Excel ({detail}). Hãy mở bằng Excel và lưu lại dạng .xlsx.",
        file_name(path)
    ))
}

fn text_of(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => clean(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(_) | Data::DateTimeIso(_) => {
            data.as_date().map_or_else(|| data.to_string(), |d| d.format("%d/%m/%Y").to_string())
        }
        other => clean(&other.to_string()),
    }
}

fn read_workbook(path: &Path) -> Result<Vec<SheetRow>> {
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| unreadable(path, e))?;
    let Some(range) = workbook.worksheet_range_at(0) else {
        return Err(unreadable(path, "không có trang tính nào"));
    };
    let range = range.map_err(|e| unreadable(path, e))?;
    let Some((first_row, first_col)) = range.start() else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        // Cells from column A, whatever column the used range starts at.
        let mut texts: Vec<String> = vec![String::new(); first_col as usize];
        texts.extend(cells.iter().map(text_of));
        while texts.last().is_some_and(String::is_empty) {
            texts.pop();
        }
        if !texts.is_empty() {
            out.push(SheetRow { number: first_row + i as u32 + 1, cells: texts });
        }
    }
    Ok(out)
}

/// The text of a CSV file: UTF-8 (a byte-order mark is dropped), else Windows-1258, the code page
/// older Vietnamese Excel saves CSV in.
fn csv_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1258.decode(bytes).0.into_owned(),
    }
}

fn read_csv(path: &Path) -> Result<Vec<SheetRow>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = csv_text(&bytes);
    // Excel writes ";" where the decimal mark is a comma (Vietnamese settings), "," elsewhere.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .filter(|d| first_line.as_bytes().contains(d))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut out = Vec::new();
    // Line numbers counted from the text: the reader skips empty lines, which Excel shows as rows.
    let (mut counted_to, mut line) = (0usize, 1u32);
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(path, e))?;
        let mut texts: Vec<String> = record.iter().map(clean).collect();
        while texts.last().is_some_and(String::is_empty) {
            texts.pop();
        }
        if !texts.is_empty() {
            // The line the record starts on: Excel's row number when no cell spans lines.
            let number = match record.position() {
                Some(p) => {
                    // The reader may place a record after empty lines at the first of them.
                    let mut at = (p.byte() as usize).min(text.len());
                    while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
                        at += 1;
                    }
                    line += text.as_bytes()[counted_to.min(at)..at].iter().filter(|b| **b == b'\n').count() as u32;
                    counted_to = at;
                    line
                }
                None => i as u32 + 1,
            };
            out.push(SheetRow { number, cells: texts });
        }
    }
    Ok(out)
}
