//! Workbooks written from the table model and read back: with calamine (cell types, dates,
//! numbers, headers), from the package's XML (frozen panes, filter, number formats, page setup),
//! and with LibreOffice (`soffice --headless --convert-to csv|pdf`: what a user sees and prints).
//! Also reading sheets in: .xlsx and the CSV flavours Excel saves.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;

use super::*;
use crate::model::table::{Align, Cell, Checklist, Column, ColumnWidth, Group, LegendEntry, Orientation, Signature, Tone};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn sample() -> Checklist {
    let row = |n: u32, what: &str, due: NaiveDate, status: Cell| {
        vec![Cell::Count { value: n }, Cell::text(what), Cell::Date { date: due }, status, Cell::Rate { part: n, whole: 4 }, Cell::Checkbox]
    };
    Checklist {
        parent_issuer: Some("TRUNG ƯƠNG HỘI LHPN VIỆT NAM".into()),
        issuer: "HỘI LHPN TỈNH LAI CHÂU".into(),
        place: "Lai Châu".into(),
        date: d(2026, 11, 25),
        title: "DANH SÁCH HẠN BÁO CÁO".into(),
        short_title: "Hạn báo cáo".into(),
        subtitle: Some("Hội LHPN huyện Tam Đường\nTừ ngày 01/11/2026 đến ngày 30/11/2026".into()),
        orientation: Orientation::Landscape,
        columns: vec![
            Column::new("STT", ColumnWidth::Mm(10.0), Align::Center),
            Column::new("Nội dung", ColumnWidth::Fraction(2.0), Align::Left),
            Column::new("Hạn", ColumnWidth::Mm(22.0), Align::Center),
            Column::new("Tình trạng", ColumnWidth::Mm(24.0), Align::Center),
            Column::new("Tỷ lệ", ColumnWidth::Mm(15.0), Align::Center),
            Column::new("Xong", ColumnWidth::Mm(11.0), Align::Center),
        ],
        groups: vec![
            Group {
                heading: Some("Hội LHPN huyện Phong Thổ".into()),
                rows: vec![row(1, "Báo cáo nhanh & kết quả\n(Thực hiện: Văn phòng)", d(2026, 11, 10), Cell::status("Quá hạn", Tone::Red))],
            },
            Group {
                heading: Some("Hội LHPN huyện Tam Đường".into()),
                rows: vec![
                    row(2, "Báo cáo tổng kết Tháng hành động vì bình đẳng giới", d(2026, 11, 30), Cell::status("Sắp đến hạn", Tone::Amber)),
                    vec![Cell::Count { value: 3 }, Cell::text("Chưa có báo cáo"), Cell::Date { date: d(2027, 1, 5) }, Cell::status("Đã nhận", Tone::Blue), Cell::Rate { part: 0, whole: 0 }, Cell::Checkbox],
                ],
            },
        ],
        page_break_between_groups: true,
        group_column: Some("Đơn vị".into()),
        key_columns: 2,
        legend: vec![LegendEntry { tone: Tone::Red, label: "Quá hạn".into() }, LegendEntry { tone: Tone::Blue, label: "Cấp trên đã nhận".into() }],
        signature: Some(Signature { title: "NGƯỜI LẬP".into(), name: "Nguyễn Thị Hoa".into() }),
        footnote: Some("Tỷ lệ = số đã nộp / số phải nộp.".into()),
    }
}

/// The first sheet's cells by (row, column), 0-based, as calamine reads them.
pub(crate) struct ReadBack {
    pub sheet_names: Vec<String>,
    pub range: calamine::Range<Data>,
}

impl ReadBack {
    pub(crate) fn of(bytes: &[u8]) -> Self {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook");
        let sheet_names = book.sheet_names();
        let range = book.worksheet_range_at(0).expect("a sheet").expect("readable");
        ReadBack { sheet_names, range }
    }

    pub(crate) fn at(&self, row: u32, col: u32) -> Data {
        self.range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    }

    pub(crate) fn text(&self, row: u32, col: u32) -> String {
        match self.at(row, col) {
            Data::String(s) => s,
            Data::Empty => String::new(),
            other => panic!("({row}, {col}) is not text: {other:?}"),
        }
    }

    pub(crate) fn number(&self, row: u32, col: u32) -> f64 {
        match self.at(row, col) {
            Data::Float(f) => f,
            Data::Int(i) => i as f64,
            other => panic!("({row}, {col}) is not a number: {other:?}"),
        }
    }

    pub(crate) fn date(&self, row: u32, col: u32) -> NaiveDate {
        let cell = self.at(row, col);
        assert!(matches!(cell, Data::DateTime(_)), "({row}, {col}) is not an Excel date: {cell:?}");
        cell.as_date().expect("a date")
    }

    /// The row whose first cell says `text`.
    pub(crate) fn row_of(&self, text: &str) -> u32 {
        (0..self.range.end().map_or(0, |e| e.0 + 1))
            .find(|r| matches!(self.at(*r, 0), Data::String(ref s) if s == text))
            .unwrap_or_else(|| panic!("no row starts with «{text}»"))
    }
}

/// A file of the xlsx package (the sheet's or the styles' XML).
pub(crate) fn package_file(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut file = zip.by_name(name).unwrap_or_else(|_| panic!("{name} in the package"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("utf-8 xml");
    text
}

/// Converts a workbook with LibreOffice; returns the converted file. `format` is `csv` (UTF-8,
/// values as shown) or `pdf`.
pub(crate) fn soffice(xlsx: &Path, format: &str) -> PathBuf {
    let out = xlsx.parent().expect("folder").join(format!("soffice-{format}"));
    std::fs::create_dir_all(&out).expect("out dir");
    let profile = xlsx.parent().expect("folder").join("soffice-profile");
    let filter = if format == "csv" { "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true" } else { "pdf" };
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", filter, "--outdir"])
        .arg(&out)
        .arg(xlsx)
        .output()
        .expect("soffice (libreoffice-calc-nogui) is installed by scripts/setup-debian.sh");
    assert!(status.status.success(), "soffice failed: {}", String::from_utf8_lossy(&status.stderr));
    let stem = xlsx.file_stem().expect("stem").to_string_lossy().into_owned();
    let converted = out.join(format!("{stem}.{format}"));
    assert!(converted.exists(), "soffice wrote no {format}: {}", String::from_utf8_lossy(&status.stdout));
    converted
}

/// Converts several workbooks of one folder to CSV with one LibreOffice run (it starts slowly);
/// returns each CSV's text, in the order given.
pub(crate) fn soffice_csvs(xlsx: &[PathBuf]) -> Vec<String> {
    let dir = xlsx[0].parent().expect("folder");
    let out = dir.join("soffice-csv");
    std::fs::create_dir_all(&out).expect("out dir");
    let profile = dir.join("soffice-profile");
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir"])
        .arg(&out)
        .args(xlsx)
        .output()
        .expect("soffice (libreoffice-calc-nogui) is installed by scripts/setup-debian.sh");
    assert!(status.status.success(), "soffice failed: {}", String::from_utf8_lossy(&status.stderr));
    xlsx.iter()
        .map(|x| {
            let csv = out.join(format!("{}.csv", x.file_stem().expect("stem").to_string_lossy()));
            std::fs::read_to_string(&csv).unwrap_or_else(|e| panic!("{}: {e}", csv.display()))
        })
        .collect()
}

/// Where workbooks written by tests are kept to be looked at.
pub(crate) fn artifact(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/print");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write workbook");
    path
}

#[test]
fn cells_keep_their_types_and_the_table_its_headers() {
    let bytes = render_xlsx(&sample()).expect("workbook");
    let back = ReadBack::of(&bytes);
    assert_eq!(back.sheet_names, ["Hạn báo cáo"]);
    assert_eq!(back.text(0, 0), "DANH SÁCH HẠN BÁO CÁO");
    assert_eq!(back.text(1, 0), "Hội LHPN huyện Tam Đường");
    assert_eq!(back.text(2, 0), "Từ ngày 01/11/2026 đến ngày 30/11/2026");
    let header = 4;
    let headers: Vec<String> = (0..7).map(|c| back.text(header, c)).collect();
    assert_eq!(headers, ["STT", "Đơn vị", "Nội dung", "Hạn", "Tình trạng", "Tỷ lệ", "Xong"], "the group column follows STT");
    // Row 1: a count, its group, text with a line break and an ampersand, an Excel date, a rate.
    assert_eq!(back.number(5, 0), 1.0);
    assert_eq!(back.text(5, 1), "Hội LHPN huyện Phong Thổ");
    assert_eq!(back.text(5, 2), "Báo cáo nhanh & kết quả\n(Thực hiện: Văn phòng)");
    assert_eq!(back.date(5, 3), d(2026, 11, 10));
    assert_eq!(back.text(5, 4), "Quá hạn");
    assert_eq!(back.number(5, 5), 0.25);
    assert_eq!(back.at(5, 6), Data::Empty, "a tick box is an empty cell");
    assert_eq!(back.text(6, 1), "Hội LHPN huyện Tam Đường");
    assert_eq!(back.date(7, 3), d(2027, 1, 5));
    assert_eq!(back.text(7, 5), "—", "a rate with nothing expected");
    // Under the table: footnote, legend, signature.
    let note = back.row_of("Tỷ lệ = số đã nộp / số phải nộp.");
    assert_eq!(note, 9, "one blank row under the table");
    let legend = back.row_of("Chú giải:");
    assert_eq!(back.text(legend + 1, 0), "Quá hạn");
    assert_eq!(back.text(legend + 2, 0), "Cấp trên đã nhận");
    assert!((legend..legend + 10).any(|r| (0..7).any(|c| matches!(back.at(r, c), Data::String(ref s) if s == "Nguyễn Thị Hoa"))));
}

#[test]
fn the_header_row_is_frozen_and_filtered_and_the_page_is_set_up_for_a4() {
    let bytes = render_xlsx(&sample()).expect("workbook");
    let sheet = package_file(&bytes, "xl/worksheets/sheet1.xml");
    // Frozen under the header row (row 5) and right of the two key columns (STT, Nội dung) and
    // the group column between them.
    assert!(sheet.contains(r#"<pane xSplit="3" ySplit="5" topLeftCell="D6" activePane="bottomRight" state="frozen"/>"#), "{sheet}");
    assert!(sheet.contains(r#"<autoFilter ref="A5:G8"/>"#), "{sheet}");
    assert!(sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#), "A4 landscape: {sheet}");
    assert!(sheet.contains(r#"fitToHeight="0""#) && sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "fit to width: {sheet}");
    assert!(sheet.contains("HỘI LHPN TỈNH LAI CHÂU") && sheet.contains("Lai Châu, ngày 25 tháng 11 năm 2026"), "page header: {sheet}");
    assert!(sheet.contains("Trang &amp;P/&amp;N"), "page numbers: {sheet}");
    let book = package_file(&bytes, "xl/workbook.xml");
    assert!(book.contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'Hạn báo cáo'!$5:$5</definedName>"#), "{book}");
    let styles = package_file(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#), "{styles}");
    assert!(styles.contains(r#"formatCode="0%""#), "rates as percentages: {styles}");
    // The status colours of the screen: the red tone's background and ink.
    assert!(styles.contains("FFFDECEC") && styles.contains("FF9B1C1F"), "{styles}");
    // Column widths come from the text: "Nội dung" is wider than "STT".
    let width = |col: u32| -> f64 {
        let tag = format!(r#"<col min="{col}" max="{col}" width=""#);
        let at = sheet.find(&tag).unwrap_or_else(|| panic!("width of column {col}: {sheet}")) + tag.len();
        sheet[at..].split('"').next().and_then(|w| w.parse().ok()).expect("a width")
    };
    assert!(width(3) > 40.0 && width(1) < 8.0, "Nội dung {} STT {}", width(3), width(1));
}

#[test]
fn a_flat_list_has_no_group_column_and_a_one_column_table_still_writes() {
    let mut checklist = sample();
    checklist.group_column = None;
    let back = ReadBack::of(&render_xlsx(&checklist).expect("workbook"));
    assert_eq!(back.text(4, 1), "Nội dung");
    let one = Checklist {
        columns: vec![Column::new("Tên", ColumnWidth::Auto, Align::Left)],
        groups: vec![Group { heading: None, rows: vec![vec![Cell::text("Một")]] }],
        legend: Vec::new(),
        signature: None,
        key_columns: 0,
        ..sample()
    };
    let back = ReadBack::of(&render_xlsx(&one).expect("workbook"));
    assert_eq!(back.text(4, 0), "Tên");
    assert_eq!(back.text(5, 0), "Một");
    let empty = Checklist { groups: Vec::new(), ..sample() };
    render_xlsx(&empty).expect("a table without rows");
}

#[test]
fn malformed_tables_are_refused() {
    let mut checklist = sample();
    checklist.groups[0].rows[0].pop();
    let err = render_xlsx(&checklist).expect_err("short row");
    assert!(err.to_string().contains("Dòng 1 của nhóm 1 có 5 ô"), "{err}");
    let none = Checklist { columns: Vec::new(), groups: Vec::new(), ..sample() };
    assert!(render_xlsx(&none).is_err());
}

#[test]
fn sheet_names_are_what_excel_accepts() {
    assert_eq!(write::sheet_name("Hạn báo cáo"), "Hạn báo cáo");
    assert_eq!(write::sheet_name("Quý I/2026: [tổng hợp]?"), "Quý I2026 tổng hợp");
    assert_eq!(write::sheet_name("  "), "Danh sách");
    assert_eq!(write::sheet_name(&"Đ".repeat(40)).chars().count(), 31);
}

#[test]
fn saving_replaces_the_file_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("danh sách.xlsx");
    std::fs::write(&path, b"old").expect("old file");
    save_xlsx(&sample(), &path).expect("saved");
    assert_eq!(ReadBack::of(&std::fs::read(&path).expect("read")).text(0, 0), "DANH SÁCH HẠN BÁO CÁO");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1, "no temporary file left");
}

#[test]
#[cfg_attr(windows, ignore = "converts with LibreOffice (soffice), a Linux program here; none in the Windows lane")]
fn libreoffice_shows_dates_and_rates_as_formatted_and_prints_a4() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = dir.path().join("han.xlsx");
    let bytes = render_xlsx(&sample()).expect("workbook");
    std::fs::write(&xlsx, &bytes).expect("write");
    artifact("han-bao-cao.xlsx", &bytes);
    let csv = std::fs::read_to_string(soffice(&xlsx, "csv")).expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[4], "STT,Đơn vị,Nội dung,Hạn,Tình trạng,Tỷ lệ,Xong", "{csv}");
    assert!(
        csv.contains("1,Hội LHPN huyện Phong Thổ,\"Báo cáo nhanh & kết quả\n(Thực hiện: Văn phòng)\",10/11/2026,Quá hạn,25%,\n"),
        "dates dd/mm/yyyy, rates as percentages: {csv}"
    );
    assert!(csv.contains("3,Hội LHPN huyện Tam Đường,Chưa có báo cáo,05/01/2027,Đã nhận,—,"), "{csv}");
    let pdf = soffice(&xlsx, "pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default();
    let numbers: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    assert!(matches!(numbers[..], [w, h] if (w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0), "A4 landscape: {info}");
    let text = Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in ["HỘI LHPN TỈNH LAI CHÂU", "Lai Châu, ngày 25 tháng 11 năm 2026", "DANH SÁCH HẠN BÁO CÁO", "Trang 1/1", "10/11/2026"] {
        assert!(text.contains(expected), "«{expected}» not printed:\n{text}");
    }
}

// ---- reading sheets in ------------------------------------------------------------------------

#[test]
fn rows_are_read_from_xlsx_with_their_row_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("don-vi.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Mã đơn vị").expect("w");
    sheet.write_string(0, 1, "Tên đơn vị").expect("w");
    sheet.write_string(2, 0, " BLU ").expect("w");
    sheet.write_string(2, 1, "Hội LHPN xã Bình Lư").expect("w");
    sheet.write_number(3, 0, 42.0).expect("w");
    sheet.write_number(3, 2, 2.5).expect("w");
    book.save(&path).expect("save");
    let rows = read_rows(&path).expect("rows");
    assert_eq!(
        rows,
        [
            SheetRow { number: 1, cells: vec!["Mã đơn vị".into(), "Tên đơn vị".into()] },
            SheetRow { number: 3, cells: vec!["BLU".into(), "Hội LHPN xã Bình Lư".into()] },
            SheetRow { number: 4, cells: vec!["42".into(), String::new(), "2.5".into()] },
        ]
    );
}

#[test]
fn csv_files_are_read_in_the_encodings_and_separators_excel_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let utf8 = dir.path().join("a.csv");
    std::fs::write(&utf8, "\u{feff}Mã;Tên\n\nBLU;\"Hội LHPN xã Bình Lư; bản Nà\"\n").expect("write");
    let rows = read_rows(&utf8).expect("rows");
    assert_eq!(rows[0].cells, ["Mã", "Tên"]);
    assert_eq!(rows[1], SheetRow { number: 3, cells: vec!["BLU".into(), "Hội LHPN xã Bình Lư; bản Nà".into()] });
    let legacy = dir.path().join("b.csv");
    // Windows-1258 spells most tones as combining marks after the letter.
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode("Ma\u{303},Tên\nDPH,Hô\u{323}i LHPN phươ\u{300}ng Đông Phong\n");
    assert!(!unmappable);
    std::fs::write(&legacy, &bytes).expect("write");
    let rows = read_rows(&legacy).expect("rows");
    assert_eq!(rows[0].cells, ["Mã", "Tên"]);
    assert_eq!(rows[1].cells, ["DPH", "Hội LHPN phường Đông Phong"], "Windows-1258 decoded and NFC");
    let other = dir.path().join("c.docx");
    std::fs::write(&other, b"x").expect("write");
    assert!(read_rows(&other).expect_err("not a sheet").to_string().contains("chỉ nhận tệp Excel (.xlsx) hoặc CSV"));
    let broken = dir.path().join("d.xlsx");
    std::fs::write(&broken, b"not a zip").expect("write");
    assert!(read_rows(&broken).expect_err("broken").to_string().contains("Không đọc được tệp «d.xlsx»"));
}

/// Checks that a workbook holds exactly the checklist's table: the header row, then every row of
/// every group with each cell of its type (the group heading in its column when there is one).
/// Returns the header row's index.
pub(crate) fn assert_workbook_is(checklist: &Checklist, bytes: &[u8]) -> u32 {
    let back = ReadBack::of(bytes);
    let subtitle_lines = checklist.subtitle.iter().flat_map(|s| s.lines()).filter(|l| !l.trim().is_empty()).count() as u32;
    let header = 2 + subtitle_lines;
    assert_eq!(back.text(0, 0), checklist.title);
    let grouped = checklist.group_column.is_some() && checklist.groups.iter().any(|g| g.heading.is_some());
    let mut headers: Vec<String> = checklist.columns.iter().map(|c| c.header.clone()).collect();
    if grouped {
        headers.insert(1, checklist.group_column.clone().unwrap_or_default());
    }
    let read: Vec<String> = (0..headers.len() as u32).map(|c| back.text(header, c)).collect();
    assert_eq!(read, headers);
    let mut row = header + 1;
    for group in &checklist.groups {
        for cells in &group.rows {
            let mut col = 0u32;
            for (i, cell) in cells.iter().enumerate() {
                if grouped && i == 1 {
                    assert_eq!(back.text(row, col), group.heading.clone().unwrap_or_default(), "group of row {row}");
                    col += 1;
                }
                match cell {
                    Cell::Text { text } | Cell::Bold { text } | Cell::Status { text, .. } => assert_eq!(&back.text(row, col), text, "({row}, {col})"),
                    Cell::Checkbox => assert_eq!(back.at(row, col), Data::Empty),
                    Cell::Date { date } => assert_eq!(back.date(row, col), *date, "({row}, {col})"),
                    Cell::Count { value } => assert_eq!(back.number(row, col), f64::from(*value), "({row}, {col})"),
                    Cell::Rate { part, whole } => match Cell::rate_fraction(*part, *whole) {
                        Some(f) => assert!((back.number(row, col) - f).abs() < 1e-12, "({row}, {col})"),
                        None => assert_eq!(back.text(row, col), "—"),
                    },
                }
                col += 1;
            }
            row += 1;
        }
    }
    // Nothing else in the table: the row under it is empty.
    assert!((0..headers.len() as u32).all(|c| back.at(row, c) == Data::Empty), "row {row} should be the blank row under the table");
    header
}
