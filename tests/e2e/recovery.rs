//! Recovery from the level above in the real app: a district's laptop is lost with no backup; the
//! province writes a recovery bundle (through `skh` on its own store); the district's new machine
//! imports it on its first start and holds its history again; its first bundle up is refused at the
//! province, whose exchange screen (the app on the province's store) offers "Cấp lại khóa" in the
//! refusal, and after the click the same bundle is imported.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use sokehoach_tests::{TempData, skh};

use crate::harness::App;

fn skh_ok(db: &Path, args: &[&str]) -> Result<String> {
    let out = skh(db)?.args(args).output()?;
    ensure!(out.status.success(), "skh {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Types a bundle's path in the import box of the current screen (opening its "Nâng cao" part
/// first when `open` says it is still closed) and previews it.
async fn preview_by_path(app: &App, open: bool, path: &str, shot: &str) -> Result<()> {
    if open {
        app.click("import-advanced").await?;
    }
    app.fill("import-path", path).await?;
    app.click("import-path-preview").await?;
    let shown = app.wait_any(&["import-preview", "import-refused"]).await?;
    app.scroll_to(shown, "center").await?;
    app.screenshot(shot).await?;
    Ok(())
}

/// The number of reports the district's deadlines show as submitted, read from a store.
fn submitted(db: &Path) -> Result<usize> {
    let status: Vec<serde_json::Value> = serde_json::from_str(&skh_ok(db, &["status", "--office", "TDG"])?)?;
    Ok(status.iter().filter(|i| !i["submittedOn"].is_null()).count())
}

#[tokio::test]
async fn k_a_lost_district_is_recovered_from_the_province() -> Result<()> {
    // The province is the app's store in the second half; the lost district lives in `data`.
    let province_data = TempData::new("e2e-recovery-province")?;
    let province = province_data.db_path();
    let data = TempData::new("e2e-recovery-district")?;
    let stick = data.dir().join("usb");
    let stick_arg = stick.display().to_string();
    let lost = data.dir().join("may-cu").join("skh.db");
    skh_ok(&province, &["demo"])?;
    let plan = data.dir().join("ke-hoach-2025.json");
    std::fs::write(&plan, crate::exchange::PLAN_2025)?;
    skh_ok(&province, &["plan", "add", &plan.display().to_string()])?;
    let setup = skh_ok(&province, &["export", "--setup", "--recipient", "TDG", "--to", &stick_arg])?;
    skh_ok(&lost, &["import", &setup])?;
    // The lost machine had reported and sent it up before it was lost.
    let status: Vec<serde_json::Value> = serde_json::from_str(&skh_ok(&lost, &["status", "--office", "TDG"])?)?;
    let yearly = status
        .iter()
        .find(|i| i["label"] == "Báo cáo năm" && i["dueOn"] == "2025-11-30")
        .and_then(|i| i["instanceId"].as_str())
        .context("the district has its 2025 yearly report deadline")?
        .to_string();
    skh_ok(&lost, &["report", "add", "--instance", &yearly, "--date", "2025-11-28", "--by", "Lò Thị Mai"])?;
    let up = skh_ok(&lost, &["export", "--to", &stick_arg])?;
    skh_ok(&province, &["import", &up])?;
    let reported = submitted(&lost)?;
    let recovery = skh_ok(&province, &["export", "--recovery", "--recipient", "TDG", "--to", &stick_arg])?;

    let app = App::launch(&data, "recovery-district").await?;
    let first_up = async {
        app.wait("screen-setup").await?;
        preview_by_path(&app, true, &recovery, "khoi-phuc-tu-cap-tren-xem-truoc").await?;
        app.wait_text("import-kind", "Gói khôi phục").await?;
        app.click("import-apply").await?;
        app.wait_text("own-office-name", "Hội LHPN huyện Tam Đường").await?;
        let notice = app.wait_text("setup-done", "Đã khôi phục").await?;
        ensure!(notice.contains("nhận gói cuối cùng của đơn vị lúc"), "the notice says since when work may be lost: {notice}");
        app.screenshot("khoi-phuc-tu-cap-tren-xong").await?;
        app.expect_no_error("after importing the recovery bundle").await?;
        ensure!(submitted(&data.db_path())? == reported, "the district's reports are back");

        // The new machine sends its first bundle up from the exchange screen.
        app.go("trao-doi").await?;
        app.wait("exchange-no-drive").await?;
        app.click("exchange-advanced").await?;
        app.fill("exchange-folder", &stick_arg).await?;
        app.click("exchange-folder-save").await?;
        app.wait("export-done").await?;
        app.wait("export-path").await?.text().await.map_err(anyhow::Error::from)
    }
    .await;
    let first_up = match first_up {
        Ok(path) => {
            app.finish(Ok(())).await?;
            path
        }
        Err(error) => return app.finish(Err(error)).await,
    };

    // The province opens the new machine's bundle: refused, with the reissue offered.
    let app = App::launch(&province_data, "recovery-province").await?;
    let result = async {
        app.go("trao-doi").await?;
        // The panel that wrote the recovery bundle (through skh here) offers it for a lost machine.
        app.select("setup-bundle-office", "Hội LHPN huyện Tam Đường").await?;
        app.click("setup-bundle-recovery").await?;
        app.wait_text("setup-bundle-export", "Xuất gói khôi phục cho Hội LHPN huyện Tam Đường").await?;
        app.scroll_to("setup-bundle-recovery", "center").await?;
        app.screenshot("goi-khoi-phuc-lua-chon").await?;
        preview_by_path(&app, true, &first_up, "cap-lai-khoa-tu-choi").await?;
        let refusal = app.wait_text("import-refused", "Cấp lại khóa").await?;
        ensure!(refusal.contains("khóa ký mới"), "the refusal explains: {refusal}");
        app.click("import-reissue").await?;
        let done = app.wait_text("import-reissued", "Đã cấp lại khóa cho «Hội LHPN huyện Tam Đường»").await?;
        app.scroll_to("import-reissued", "center").await?;
        app.screenshot("cap-lai-khoa-xong").await?;
        ensure!(done.contains("từ chối mọi gói ký bằng khóa cũ"), "{done}");
        // The same bundle now imports.
        preview_by_path(&app, false, &first_up, "cap-lai-khoa-nhap-lai").await?;
        app.click("import-apply").await?;
        app.wait("import-done").await?;
        app.expect_no_error("after importing the recovered district's bundle").await?;
        Ok(())
    }
    .await;
    app.finish(result).await?;

    // The lost machine's next bundle is refused at the province.
    let stolen = skh_ok(&lost, &["export", "--to", &stick_arg])?;
    let out = skh(&province)?.args(["import", &stolen]).output()?;
    ensure!(out.status.code() == Some(3), "the old key's bundle is refused");
    ensure!(String::from_utf8_lossy(&out.stderr).contains("đã được thay bằng khóa mới"));
    Ok(())
}
