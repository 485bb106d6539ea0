//! In danh sách in the real app: the province's matrix checklist over two years of the sample
//! data, previewed on screen and written as a PDF through the "Nâng cao" path box (the native save
//! dialog cannot be driven), then read back with poppler.

use std::process::Command;

use anyhow::{Context, Result, ensure};
use sokehoach_tests::TempData;

use crate::harness::{self, App};

const TITLE: &str = "TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ";
const DISTRICT: &str = "Hội LHPN huyện Tam Đường";

/// Runs a poppler tool and returns its stdout; fails with an install hint when it is missing.
fn poppler(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("running {program} (install poppler-utils)"))?;
    ensure!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
async fn g_matrix_checklist_previewed_and_written_as_pdf() -> Result<()> {
    let data = TempData::new("e2e-printing")?;
    let pdf = data.dir().join("danh-sach.pdf");
    let app = App::launch(&data, "printing").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        app.wait("own-office-name").await?;
        app.expect_no_error("after loading the sample data").await?;

        app.go("in").await?;
        app.wait("print-preview").await?;
        app.select("print-kind", "Bảng theo dõi các đơn vị").await?;
        app.select("print-period", "Tùy chọn").await?;
        app.fill("print-from", "01/01/2024").await?;
        app.fill("print-to", "31/12/2025").await?;
        app.fill("print-prepared-by", "Lò Thị Mai").await?;

        // The preview is the matrix for exactly this period (not a stale one), with the districts.
        let preview = app.wait_text("print-preview", "Từ ngày 01/01/2024 đến ngày 31/12/2025").await?;
        ensure!(preview.contains(TITLE), "the preview is not the matrix: {preview:?}");
        app.wait_text("print-preview-row", DISTRICT).await?;
        let rows = app.wait_count("print-preview-row", 2).await?;
        eprintln!("preview rows: {rows:#?}");
        app.expect_no_error("after choosing the matrix for 2024–2025").await?;
        app.settle().await;
        app.screenshot("in-danh-sach").await?;

        app.click("print-advanced").await?;
        app.fill("print-path", &pdf.display().to_string()).await?;
        app.click("print-write").await?;
        let done = app.wait_text("print-done", "danh-sach.pdf").await?;
        ensure!(done.contains(&pdf.display().to_string()), "print-done shows {done:?}, expected {}", pdf.display());
        app.expect_no_error("after writing the PDF").await?;
        app.settle().await;
        app.screenshot("in-danh-sach-da-luu").await?;

        // The end of the preview: table, footnote and signature.
        app.wait_text("print-preview", "Lò Thị Mai").await?;
        app.scroll_to("print-preview", "end").await?;
        app.settle().await;
        app.screenshot("in-danh-sach-xem-truoc").await?;

        // What the sub-offices still owe: one hand-out (sheet) per district.
        app.select("print-kind", "Đơn vị cấp dưới còn nợ").await?;
        app.wait_text("print-preview", "DANH SÁCH BÁO CÁO ĐƠN VỊ CÒN PHẢI NỘP").await?;
        app.wait_count("print-preview-row", 1).await?;
        app.expect_no_error("after choosing what the sub-offices owe").await?;
        app.settle().await;
        app.screenshot("in-danh-sach-cap-duoi").await?;
        Ok(())
    }
    .await;
    app.finish(result).await?;

    let bytes = std::fs::read(&pdf).with_context(|| format!("reading {}", pdf.display()))?;
    ensure!(bytes.starts_with(b"%PDF"), "{} does not start with %PDF", pdf.display());
    let text = poppler("pdftotext", &["-layout", &pdf.display().to_string(), "-"])?;
    ensure!(text.contains(TITLE), "the PDF lacks the title {TITLE:?}:\n{text}");
    ensure!(text.contains("Lò Thị Mai"), "the PDF lacks the preparer's name:\n{text}");
    // A long office name wraps inside its column, and `-layout` then interleaves its two lines
    // with the neighbouring cells; in reading order (no `-layout`) the cell's lines follow each
    // other, so the name is checked there with white space folded.
    let reading = poppler("pdftotext", &[&pdf.display().to_string(), "-"])?;
    let folded = reading.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.contains(DISTRICT) {
        eprintln!("note: {DISTRICT:?} wraps in the PDF's Đơn vị column (pdftotext -layout splits it)");
    }
    ensure!(folded.contains(DISTRICT), "the PDF lacks {DISTRICT:?}:\n{reading}");

    let artifacts = harness::artifacts()?;
    std::fs::copy(&pdf, artifacts.join("in-danh-sach.pdf"))?;
    let prefix = artifacts.join("in-danh-sach-pdf");
    poppler("pdftoppm", &["-png", "-r", "60", "-f", "1", "-l", "1", &pdf.display().to_string(), &prefix.display().to_string()])?;
    Ok(())
}
