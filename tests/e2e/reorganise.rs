//! Reorganising the sample province from the office screen: two communes merged and a district
//! dissolved from a day, each previewed (what moves, which deadlines close or pass on) before it is
//! applied; the tree then shows the closed offices and the matrix still opens with both.

use anyhow::{Context, Result, ensure};
use fantoccini::Locator;
use sokehoach_tests::TempData;

use crate::harness::App;

/// Opens "Sắp xếp…" on the row of `office`, chooses what to do and the day, previews (screenshot
/// `shot`), applies and returns the preview's lines.
async fn reorganise(app: &App, office: &str, kind: &str, target: Option<&str>, day: &str, shot: &str) -> Result<String> {
    app.wait_text("office-row", office).await?;
    let mut chosen = None;
    for row in app.all("office-row").await? {
        if row.text().await.unwrap_or_default().contains(office) {
            chosen = Some(row);
            break;
        }
    }
    let row = chosen.with_context(|| format!("a row for {office}"))?;
    row.find(Locator::Css("[data-testid=office-reorganise]")).await?.click().await?;
    app.wait("reorganise-panel").await?;
    app.select("reorganise-kind", kind).await?;
    if let Some(target) = target {
        app.select("reorganise-target", target).await?;
    }
    app.fill("reorganise-from", day).await?;
    app.click("reorganise-preview").await?;
    let changes = app.wait("reorganise-changes").await?.text().await?;
    app.scroll_to("reorganise-changes", "center").await?;
    app.screenshot(shot).await?;
    app.click("reorganise-apply").await?;
    app.wait("office-reorganised").await?;
    app.expect_no_error("after applying the reorganisation").await?;
    Ok(changes)
}

#[tokio::test]
async fn l_two_communes_merged_and_a_district_dissolved_from_the_office_screen() -> Result<()> {
    let data = TempData::new("e2e-reorganise")?;
    let app = App::launch(&data, "reorganise").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        // The province's plan for 2025 asks Tam Đường for a yearly report it has not sent.
        let plan = data.dir().join("ke-hoach-2025.json");
        std::fs::write(&plan, crate::exchange::PLAN_2025)?;
        let out = sokehoach_tests::skh(&data.db_path())?.args(["plan", "add", &plan.display().to_string()]).output()?;
        ensure!(out.status.success(), "skh plan add: {}", String::from_utf8_lossy(&out.stderr));
        app.go("don-vi").await?;
        let merged = reorganise(&app, "Hội LHPN xã Bản Giang", "Sáp nhập", Some("Hội LHPN xã Bình Lư"), "01/07/2025", "sap-nhap-xem-truoc").await?;
        ensure!(merged.contains("«Hội LHPN xã Bản Giang» sáp nhập vào «Hội LHPN xã Bình Lư» từ ngày 01/07/2025"), "{merged}");
        app.wait_text("office-closed-mark", "(không còn từ 01/07/2025)").await?;
        let dissolved = reorganise(&app, "Hội LHPN huyện Tam Đường", "Giải thể", None, "01/07/2025", "giai-the-xem-truoc").await?;
        ensure!(dissolved.contains("1 đơn vị cấp dưới chuyển về trực thuộc «Hội LHPN tỉnh Lai Châu»"), "{dissolved}");
        ensure!(
            dissolved.contains("«Hội LHPN huyện Tam Đường»: 1 hạn chưa nộp không còn phải nộp"),
            "the 2025 yearly report due after the day leaves the district: {dissolved}"
        );
        let closed = app.texts("office-closed-mark").await?;
        ensure!(closed.len() == 2, "two offices are closed: {closed:?}");
        app.screenshot("cay-don-vi-sau-sap-xep").await?;
        app.go("han-bao-cao").await?;
        app.click("tab-tracking").await?;
        // The dissolved district keeps its 2024 reports in the matrix.
        app.wait_text("screen-han-bao-cao", "Hội LHPN huyện Tam Đường").await?;
        app.settle().await;
        app.screenshot("theo-doi-sau-sap-xep").await?;
        app.expect_no_error("on the matrix after the reorganisation").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}
