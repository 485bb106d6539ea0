//! Excel in the real app: the province's matrix exported from the tracking screen and read back
//! (calamine) with the offices and statuses the screen shows, and the deadline list from its
//! screen with the screen's rows; a province importing its communes
//! from a sheet on the office screen, after saving the template from it (read back), a wrong
//! sheet first (its row named, nothing written).
//! Files go through the "Nâng cao" path boxes: the native dialogs cannot be driven.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use calamine::{Data, Reader, Xlsx};
use sokehoach_tests::{TempData, skh};

use crate::harness::App;

fn skh_ok(db: &Path, args: &[&str]) -> Result<String> {
    let out = skh(db)?.args(args).output()?;
    ensure!(out.status.success(), "skh {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

#[tokio::test]
async fn k_the_matrix_is_exported_to_excel_from_its_screen() -> Result<()> {
    let data = TempData::new("e2e-excel-matrix")?;
    let xlsx = data.dir().join("bang-theo-doi.xlsx");
    let list_xlsx = data.dir().join("han-bao-cao.xlsx");
    let app = App::launch(&data, "excel-matrix").await?;
    let mut screen_rows = Vec::new();
    let mut deadline_rows = Vec::new();
    let mut screen_statuses = Vec::new();
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        app.wait("own-office-name").await?;
        app.go("han-bao-cao").await?;
        app.click("tab-tracking").await?;
        app.wait("matrix-table").await?;
        screen_rows = app.wait_count("matrix-row", 2).await?;
        for cell in app.all("matrix-cell").await? {
            screen_statuses.push(cell.attr("data-status").await?.unwrap_or_default());
        }
        app.click("matrix-xlsx-advanced").await?;
        app.fill("matrix-xlsx-path", &xlsx.display().to_string()).await?;
        app.click("matrix-xlsx-write").await?;
        let done = app.wait_text("matrix-xlsx-done", "bang-theo-doi.xlsx").await?;
        ensure!(done.contains(&xlsx.display().to_string()), "matrix-xlsx-done shows {done:?}");
        app.expect_no_error("after exporting the matrix").await?;
        app.settle().await;
        app.screenshot("theo-doi-xuat-excel").await?;

        app.click("tab-deadlines").await?;
        deadline_rows = app.wait_count("deadline-row", 2).await?;
        app.click("deadlines-xlsx-advanced").await?;
        app.fill("deadlines-xlsx-path", &list_xlsx.display().to_string()).await?;
        app.click("deadlines-xlsx-write").await?;
        app.wait_text("deadlines-xlsx-done", "han-bao-cao.xlsx").await?;
        app.expect_no_error("after exporting the deadline list").await?;
        Ok(())
    }
    .await;
    app.finish(result).await?;

    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).with_context(|| format!("opening {}", xlsx.display()))?;
    ensure!(book.sheet_names() == ["Bảng theo dõi"], "{:?}", book.sheet_names());
    let range = book.worksheet_range_at(0).context("a sheet")??;
    ensure!(text(&range, 0, 0) == "TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ", "title {:?}", text(&range, 0, 0));
    let header = (0..10).find(|r| text(&range, *r, 0) == "STT").context("the header row")?;
    ensure!(text(&range, header, 1) == "Đơn vị");
    // One row an office, in the screen's order, with the screen's statuses.
    let mut row = header + 1;
    let mut offices = Vec::new();
    let mut statuses = Vec::new();
    while !text(&range, row, 1).is_empty() {
        offices.push(text(&range, row, 1));
        for col in 2..range.width() as u32 {
            let shown = text(&range, row, col);
            if matches!(shown.as_str(), "Quá hạn" | "Đã nhận" | "Đúng hạn" | "Muộn" | "—") {
                statuses.push(shown);
            }
        }
        row += 1;
    }
    ensure!(offices.len() == screen_rows.len(), "{} offices in the workbook, {} on screen", offices.len(), screen_rows.len());
    for (office, shown) in offices.iter().zip(&screen_rows) {
        ensure!(shown.starts_with(office.as_str()), "workbook row {office:?}, screen row {shown:?}");
    }
    let count = |list: &[String], word: &str| list.iter().filter(|s| s.as_str() == word).count();
    ensure!(count(&statuses, "Quá hạn") == count(&screen_statuses, "overdue"), "overdue: {statuses:?} vs {screen_statuses:?}");
    ensure!(count(&statuses, "Đã nhận") == count(&screen_statuses, "received"), "received: {statuses:?} vs {screen_statuses:?}");
    ensure!(statuses.len() == screen_statuses.len(), "every status cell of the screen is in the workbook");
    std::fs::copy(&xlsx, crate::harness::artifacts()?.join("bang-theo-doi.xlsx"))?;

    // The deadline list: a row a deadline, soonest first, its due date an Excel date.
    let mut book: Xlsx<_> = calamine::open_workbook(&list_xlsx).with_context(|| format!("opening {}", list_xlsx.display()))?;
    let range = book.worksheet_range_at(0).context("a sheet")??;
    let header = (0..10).find(|r| text(&range, *r, 0) == "STT").context("the header row")?;
    ensure!(text(&range, header, 1) == "Hạn nộp" && text(&range, header, 2) == "Nội dung");
    let rows = (header + 1..).take_while(|r| range.get_value((*r, 0)).is_some_and(|c| !matches!(c, Data::Empty))).count();
    ensure!(rows == deadline_rows.len(), "{rows} deadlines in the workbook, {} on screen", deadline_rows.len());
    for (i, shown) in deadline_rows.iter().enumerate() {
        let r = header + 1 + i as u32;
        let due = match range.get_value((r, 1)) {
            Some(cell @ Data::DateTime(_)) => calamine::DataType::as_date(cell).context("a date")?,
            other => anyhow::bail!("row {r}: the due date is not an Excel date: {other:?}"),
        };
        ensure!(shown.contains(&due.format("%d/%m/%Y").to_string()) && shown.contains(&text(&range, r, 2)), "row {r} {due} vs screen {shown:?}");
    }
    Ok(())
}

/// A sheet of offices, written as Excel writes one.
fn office_sheet(path: &Path, rows: &[[&str; 4]]) -> Result<()> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, header) in ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"].iter().enumerate() {
        sheet.write_string(0, c as u16, *header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *cell)?;
        }
    }
    book.save(path)?;
    Ok(())
}

#[tokio::test]
async fn l_a_province_imports_its_communes_from_a_sheet() -> Result<()> {
    let data = TempData::new("e2e-excel-offices")?;
    let db = data.db_path();
    skh_ok(&db, &["demo"])?;
    let wrong = data.dir().join("xa-sai.xlsx");
    let right = data.dir().join("xa.xlsx");
    office_sheet(&wrong, &[["NTA", "Hội LHPN xã Nậm Tăm", "Xã/Phường", "SHO"], ["PKH", "Hội LHPN xã Pa Khóa", "Xã/Phường", "SHX"]])?;
    office_sheet(
        &right,
        &[
            ["NTA", "Hội LHPN xã Nậm Tăm", "Xã/Phường", "SHO"],
            ["PKH", "Hội LHPN xã Pa Khóa", "Xã/Phường", "SHO"],
            ["CCH", "Hội LHPN xã Chăn Nưa", "Xã/Phường", "SHO"],
        ],
    )?;
    let before = skh_ok(&db, &["dump"])?;
    let template = data.dir().join("mau.xlsx");
    let app = App::launch(&data, "excel-offices").await?;
    let result = async {
        app.wait("nav-don-vi").await?;
        if !app.all("startup-notice-close").await?.is_empty() {
            app.click("startup-notice-close").await?;
        }
        app.go("don-vi").await?;
        app.click("office-sheet-open").await?;
        app.click("office-sheet-advanced").await?;
        // The template, downloaded from the screen.
        app.fill("office-template-path", &template.display().to_string()).await?;
        app.click("office-template-write").await?;
        app.wait_text("office-template-done", "mau.xlsx").await?;
        app.fill("office-sheet-path", &wrong.display().to_string()).await?;
        app.click("office-sheet-load").await?;
        let problems = app.wait_text("office-sheet-problems", "Dòng 3").await?;
        ensure!(problems.contains("Không có đơn vị cấp trên mã «SHX»"), "{problems}");
        let apply = app.wait("office-sheet-apply").await?;
        ensure!(apply.attr("disabled").await?.is_some(), "a wrong sheet cannot be imported");
        app.settle().await;
        app.screenshot("don-vi-bang-sai").await?;

        app.fill("office-sheet-path", &right.display().to_string()).await?;
        app.click("office-sheet-load").await?;
        app.wait_text("office-sheet-summary", "thêm 3").await?;
        let rows = app.wait_count("office-sheet-row", 3).await?;
        ensure!(rows.iter().all(|r| r.contains("Thêm mới")), "{rows:?}");
        app.settle().await;
        app.screenshot("don-vi-xem-truoc-bang").await?;
        app.click("office-sheet-apply").await?;
        app.wait_text("office-saved", "thêm 3").await?;
        app.wait_text("office-row", "Hội LHPN xã Chăn Nưa").await?;
        app.expect_no_error("after importing the sheet").await?;
        Ok(())
    }
    .await;
    app.finish(result).await?;

    let mut book: Xlsx<_> = calamine::open_workbook(&template).with_context(|| format!("opening {}", template.display()))?;
    let range = book.worksheet_range_at(0).context("a sheet")??;
    let headers: Vec<String> = (0..4).map(|c| text(&range, 0, c)).collect();
    ensure!(headers == ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"], "template headers {headers:?}");
    ensure!(text(&range, 1, 0) == "LCU" && text(&range, 1, 3) == "TW", "the template starts with our office");
    ensure!(before != skh_ok(&db, &["dump"])?, "the import wrote the offices");
    let list = skh_ok(&db, &["office", "list"])?;
    for code in ["NTA", "PKH", "CCH"] {
        let line = list.lines().find(|l| l.trim_start().starts_with(&format!("{code}\t"))).with_context(|| format!("{code} in:\n{list}"))?;
        ensure!(line.starts_with("    ") && line.ends_with("[Xã/Phường]"), "{code} sits under the district: {line:?}");
    }
    Ok(())
}
