//! Tổng hợp báo cáo in the real app: with the sample data and an outline set on the six-month
//! deadline (edited on screen: its first heading renamed and stored), a district's report recorded
//! with a file that turns out damaged, the synthesis of the districts' reports for that deadline is
//! written from the deadline screen (through the "Nâng cao" path box: the native save dialog cannot
//! be driven); the panel says who sent nothing and whose file could not be read, and the Word file
//! it wrote reads back with its status table.

use anyhow::{Context, Result, ensure};
use fantoccini::Locator;
use sokehoach_tests::{TempData, skh};

use crate::harness::App;

const OUTLINE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../src-tauri/core/tests/fixtures/outlines/de-cuong-so-ket-6-thang-2022.txt");

#[tokio::test]
async fn i_the_districts_reports_are_compiled_from_the_deadline_screen() -> Result<()> {
    let data = TempData::new("e2e-reports")?;
    let report_file = data.dir().join("Báo cáo 6 tháng - Sìn Hồ.docx");
    std::fs::write(&report_file, b"PK\x03\x04 bao cao sin ho")?;
    let synthesis = data.dir().join("Tổng hợp báo cáo 6 tháng.docx");
    let app = App::launch(&data, "reports").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        // The deadline's outline, taken from the outline document sent with a letter.
        let out = skh(&data.db_path())?.args(["status", "--office", "SHO"]).output()?;
        let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)?;
        let item = items.iter().find(|i| i["dueOn"] == "2024-05-30" && i["label"] == "Báo cáo 6 tháng").context("the deadline in skh status")?;
        let rule = item["ruleId"].as_str().context("rule id")?.to_string();
        let set = skh(&data.db_path())?.args(["report", "outline", "--rule", &rule, "--from", OUTLINE]).output()?;
        ensure!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
        app.go("han-bao-cao").await?;
        app.fill("deadline-filter-from", "30/05/2024").await?;
        app.fill("deadline-filter-to", "30/05/2024").await?;
        app.wait_text("deadline-row", "Sìn Hồ").await?;
        let mut target = None;
        for row in app.all("deadline-row").await? {
            if row.text().await.unwrap_or_default().contains("Sìn Hồ") {
                target = Some(row);
            }
        }
        target.context("a row for Sìn Hồ")?.find(Locator::Css("[data-testid=deadline-open]")).await?.click().await?;

        app.wait("report-form").await?;
        app.fill("report-submitted-on", "04/06/2024").await?;
        app.fill("report-by", "Văn thư Hội LHPN huyện Sìn Hồ").await?;
        app.fill("report-received-on", "05/06/2024").await?;
        app.click("report-save").await?;
        app.wait("report-view-submitted-on").await?;
        app.click("report-advanced").await?;
        app.fill("report-attach-path", &report_file.display().to_string()).await?;
        app.click("report-attach-path-save").await?;
        app.wait_text("report-file-row", "Sìn Hồ.docx").await?;

        // A sub-office's deadline: the panel shows the outline, which the province edits, and
        // compiles the reports of every district for it.
        app.wait_text("writing-panel", "Đề cương báo cáo (13 đề mục)").await?;
        app.click("outline-summary").await?;
        app.click("outline-edit").await?;
        app.wait("outline-editor").await?;
        app.fill("outline-heading-text", "Đặc điểm tình hình địa phương").await?;
        app.settle().await;
        app.screenshot("sua-de-cuong").await?;
        app.click("outline-save").await?;
        app.wait("outline-saved").await?;
        app.wait_text("outline-headings", "I. Đặc điểm tình hình địa phương").await?;
        let kept = skh(&data.db_path())?.args(["report", "outline", "--rule", &rule]).output()?;
        let kept: serde_json::Value = serde_json::from_slice(&kept.stdout)?;
        ensure!(kept["headings"][0]["text"] == "Đặc điểm tình hình địa phương", "the edit is stored: {kept}");
        app.wait_text("writing-panel", "Tổng hợp báo cáo").await?;
        app.wait("compile-reports").await?;
        app.click("writing-advanced").await?;
        app.fill("writing-path", &synthesis.display().to_string()).await?;
        app.click("writing-path-save").await?;
        app.wait_text("synthesis-saved", "Tổng hợp báo cáo 6 tháng.docx").await?;
        let summary = app.wait_text("synthesis-summary", "đơn vị đã gửi báo cáo").await?;
        ensure!(
            summary.contains("Hội LHPN huyện Sìn Hồ: gửi muộn 5 ngày; Tệp «Báo cáo 6 tháng - Sìn Hồ.docx» không đọc được: Tệp Word (.docx) bị hỏng"),
            "the late report and its damaged file are named: {summary}"
        );
        ensure!(summary.contains("chưa gửi báo cáo"), "the districts that sent nothing are named: {summary}");
        app.expect_no_error("after compiling the reports").await?;
        app.scroll_to("writing-panel", "start").await?;
        app.settle().await;
        app.screenshot("tong-hop-bao-cao").await?;

        // The Word file the app wrote, read back.
        let out = skh(&data.db_path())?.arg("extract").arg(&synthesis).output()?;
        ensure!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let read: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        let text = read["sourceText"].as_str().unwrap_or_default();
        ensure!(text.contains("TỔNG HỢP BÁO CÁO") && text.contains("TÌNH HÌNH GỬI BÁO CÁO"), "{text}");
        ensure!(text.contains("Hội LHPN huyện Sìn Hồ"), "{text}");
        Ok(())
    }
    .await;
    app.finish(result).await
}
