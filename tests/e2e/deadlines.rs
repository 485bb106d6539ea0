//! Deadlines and reports in the real app: with the sample data, an overdue sub-office deadline is
//! shown as overdue; recording its report (received by post) with an attached file changes its
//! status in the list and in the store; the dashboard and the province matrix show the rest.

use anyhow::{Context, Result, ensure};
use fantoccini::Locator;
use sokehoach_tests::{TempData, skh};

use crate::harness::App;

#[tokio::test]
async fn g_an_overdue_deadline_gets_its_report_and_file() -> Result<()> {
    let data = TempData::new("e2e-deadlines")?;
    let report_file = data.dir().join("Báo cáo 6 tháng đầu năm 2024 - Sìn Hồ.docx");
    std::fs::write(&report_file, b"PK\x03\x04 bao cao sin ho")?;
    let app = App::launch(&data, "deadlines").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        app.wait_text("dashboard-sub-overdue", "quá hạn").await?;
        app.screenshot("tong-quan-han").await?;

        // The six-month reports of 2024, due 30/05/2024.
        app.go("han-bao-cao").await?;
        app.fill("deadline-filter-from", "30/05/2024").await?;
        app.fill("deadline-filter-to", "30/05/2024").await?;
        app.wait_text("deadline-row", "Sìn Hồ").await?;
        app.screenshot("han-bao-cao-loc").await?;
        let mut target = None;
        for row in app.all("deadline-row").await? {
            let text = row.text().await.unwrap_or_default();
            if text.contains("Sìn Hồ") {
                ensure!(row.attr("data-status").await?.as_deref() == Some("overdue"), "Sìn Hồ's report is overdue: {text}");
                target = Some(row);
            }
        }
        let row = target.context("a row for Sìn Hồ")?;
        row.find(Locator::Css("[data-testid=deadline-open]")).await?.click().await?;

        // Received by post on 05/06/2024: six days late.
        app.wait("report-form").await?;
        app.fill("report-submitted-on", "04/06/2024").await?;
        app.fill("report-by", "Văn thư Hội LHPN huyện Sìn Hồ").await?;
        app.fill("report-received-on", "05/06/2024").await?;
        app.select("report-channel", "Bưu điện").await?;
        app.click("report-save").await?;
        app.wait("report-view-submitted-on").await?;
        app.wait_text("report-view-channel", "Bưu điện").await?;
        app.expect_no_error("after recording the report").await?;
        app.click("report-advanced").await?;
        app.fill("report-attach-path", &report_file.display().to_string()).await?;
        app.click("report-attach-path-save").await?;
        app.wait_text("report-file-row", "Sìn Hồ.docx").await?;
        app.screenshot("bao-cao-da-ghi").await?;

        // The store agrees: the deadline has its report, received, one file.
        let out = skh(&data.db_path())?.args(["status", "--office", "SHO"]).output()?;
        let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)?;
        let item = items
            .iter()
            .find(|i| i["dueOn"] == "2024-05-30" && i["label"] == "Báo cáo 6 tháng")
            .context("the deadline in skh status")?;
        ensure!(item["submittedOn"] == "2024-06-04" && item["status"] == "received", "{item}");

        // The province's view.
        app.go("han-bao-cao").await?;
        app.click("tab-tracking").await?;
        app.wait("matrix-table").await?;
        app.screenshot("theo-doi-cac-don-vi").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}

#[tokio::test]
async fn h_a_task_with_a_quarterly_deadline_is_added_to_a_sample_plan() -> Result<()> {
    let data = TempData::new("e2e-task")?;
    let app = App::launch(&data, "task").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        app.go("van-ban").await?;
        app.wait_count("doc-row", 3).await?;
        let mut opened = false;
        for row in app.all("doc-row").await? {
            if row.text().await.unwrap_or_default().contains("bình đẳng giới và hoạt động vì sự tiến bộ") {
                row.find(Locator::Css("[data-testid=doc-open]")).await?.click().await?;
                opened = true;
                break;
            }
        }
        ensure!(opened, "the Lai Châu 2024 plan is in the list");
        app.wait("doc-detail-title").await?;

        // "Báo cáo quý trước ngày 10 của tháng đầu quý sau", for Phong Thổ, through 2026.
        app.click("task-add").await?;
        app.wait("task-form").await?;
        app.fill("task-title", "Báo cáo quý về phòng, chống bạo lực gia đình").await?;
        app.select("task-assignee-office", "(PTO)").await?;
        app.select("rule-kind", "Định kỳ").await?;
        app.select("rule-frequency", "Hằng quý").await?;
        app.select("rule-due-month", "đầu quý sau").await?;
        app.fill("rule-day", "10").await?;
        app.fill("rule-from", "01/01/2026").await?;
        app.fill("rule-until", "31/12/2026").await?;
        app.screenshot("nhiem-vu-moi").await?;
        app.click("task-save").await?;
        let rows = app.wait_count("instance-row", 4).await?;
        app.screenshot("nhiem-vu-da-luu").await?;
        app.expect_no_error("after saving the task").await?;
        for due in ["10/01/2026", "10/04/2026", "10/07/2026", "10/10/2026"] {
            let row = rows.iter().find(|r| r.contains(due)).with_context(|| format!("an instance due {due}: {rows:?}"))?;
            ensure!(row.contains("Quá hạn"), "{due} has passed with no report: {row}");
        }
        ensure!(!rows.iter().any(|r| r.contains("10/01/2027")), "nothing after the end date: {rows:?}");
        Ok(())
    }
    .await;
    app.finish(result).await
}
