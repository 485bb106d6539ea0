//! The USB exchange in the real app: a new district installation set up from the province's
//! setup bundle on its first start, its report sent up from the exchange screen, and the
//! province's receipt imported through it. The province side runs through `skh` on its own store.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use sokehoach_tests::{TempData, skh};

use crate::harness::App;

fn skh_ok(db: &Path, args: &[&str]) -> Result<String> {
    let out = skh(db)?.args(args).output()?;
    ensure!(out.status.success(), "skh {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Opens a bundle by path in the import box of the current screen, previews and applies it.
async fn import_by_path(app: &App, path: &str) -> Result<()> {
    app.click("import-advanced").await?;
    app.fill("import-path", path).await?;
    app.click("import-path-preview").await?;
    app.wait("import-preview").await?;
    app.screenshot("nhap-goi-xem-truoc").await?;
    app.click("import-apply").await?;
    Ok(())
}

/// The province's plan for 2025 with one yearly report for Tam Đường (plan JSON, docs/plan-json.md).
pub(crate) const PLAN_2025: &str = r#"{
  "format": "sokehoach.plan/1",
  "document": {
    "kind": "keHoach", "number": "12", "symbol": "KH-HPN", "numberStyle": "state",
    "issuedOn": "2025-01-15", "place": "Lai Châu", "issuer": "Hội LHPN tỉnh Lai Châu",
    "title": "Công tác Hội và phong trào phụ nữ năm 2025",
    "signer": "", "signerTitle": "", "recipients": [], "references": [], "body": ""
  },
  "tasks": [{
    "title": "Báo cáo tổng kết công tác Hội năm 2025",
    "assignees": [{ "kind": "office", "code": "TDG" }],
    "deadlines": [{
      "label": "Báo cáo năm",
      "rule": { "kind": "date", "due": "2025-11-30" },
      "sourceText": "báo cáo năm gửi về Hội LHPN tỉnh trước ngày 30/11/2025"
    }]
  }]
}"#;

#[tokio::test]
async fn f_setup_bundle_report_up_and_receipt_back() -> Result<()> {
    let data = TempData::new("e2e-exchange")?;
    let province = data.dir().join("tinh").join("skh.db");
    let stick = data.dir().join("usb");
    let stick_arg = stick.display().to_string();
    skh_ok(&province, &["demo"])?;
    // The sample plan is for 2024 and its reports are in; the province's plan for 2025 asks the
    // district for a yearly report it has not sent yet.
    let plan = data.dir().join("ke-hoach-2025.json");
    std::fs::write(&plan, PLAN_2025)?;
    skh_ok(&province, &["plan", "add", &plan.display().to_string()])?;
    let setup = skh_ok(&province, &["export", "--setup", "--recipient", "TDG", "--to", &stick_arg])?;

    let app = App::launch(&data, "exchange").await?;
    let result = async {
        // First start: the district's new machine takes its office from the setup bundle.
        app.wait("screen-setup").await?;
        import_by_path(&app, &setup).await?;
        app.wait_text("own-office-name", "Hội LHPN huyện Tam Đường").await?;
        app.expect_no_error("after importing the setup bundle").await?;

        // The district sends its 2025 yearly report (recorded through skh on the app's store).
        let db = data.db_path();
        let status: Vec<serde_json::Value> = serde_json::from_str(&skh_ok(&db, &["status", "--office", "TDG"])?)?;
        let yearly = status
            .iter()
            .find(|i| i["label"] == "Báo cáo năm" && i["dueOn"] == "2025-11-30")
            .and_then(|i| i["instanceId"].as_str())
            .context("the district has its 2025 yearly report deadline")?
            .to_string();
        skh_ok(&db, &["report", "add", "--instance", &yearly, "--date", "2025-11-28", "--by", "Lò Thị Mai"])?;
        // Exported through the screen, to a typed folder standing in for the stick (no removable
        // drive here, so the screen says so and offers the folder picker).
        app.go("trao-doi").await?;
        app.wait("exchange-no-drive").await?;
        app.click("exchange-advanced").await?;
        app.fill("exchange-folder", &stick_arg).await?;
        app.click("exchange-folder-save").await?;
        app.wait("export-done").await?;
        app.screenshot("trao-doi-da-xuat").await?;
        app.expect_no_error("after exporting to the stick").await?;
        let up = app.wait("export-path").await?.text().await?;
        ensure!(up.starts_with(&stick_arg) && up.ends_with(".skh"), "the bundle is on the stick: {up}");
        let outcome: serde_json::Value = serde_json::from_str(&skh_ok(&province, &["import", &up])?)?;
        ensure!(outcome["applied"] == true, "the province imports the district's bundle: {outcome}");
        let down = skh_ok(&province, &["export", "--recipient", "TDG", "--to", &stick_arg])?;

        // The province's bundle comes back on the stick and is imported through the screen.
        app.go("trao-doi").await?;
        import_by_path(&app, &down).await?;
        app.wait("import-done").await?;
        app.screenshot("trao-doi-da-nhap").await?;
        app.expect_no_error("after importing the province's bundle").await?;
        let log = app.texts("import-log-row").await?;
        ensure!(log.len() >= 2, "both imports are in the log: {log:?}");

        let status: Vec<serde_json::Value> = serde_json::from_str(&skh_ok(&db, &["status", "--office", "TDG"])?)?;
        let now = status.iter().find(|i| i["instanceId"] == yearly.as_str()).context("the deadline")?;
        ensure!(now["status"] == "received", "the district sees «cấp trên đã nhận»: {now}");

        // The district sets up a commune's new machine: the setup bundle written from the screen
        // makes a fresh store that commune.
        app.select("setup-bundle-office", "Hội LHPN xã Bản Giang").await?;
        app.click("setup-bundle-advanced").await?;
        app.fill("setup-bundle-folder", &stick_arg).await?;
        app.click("setup-bundle-folder-save").await?;
        let setup_for_commune = app.wait("setup-bundle-path").await?.text().await?;
        app.expect_no_error("after writing the commune's setup bundle").await?;
        let commune = data.dir().join("xa").join("skh.db");
        skh_ok(&commune, &["import", &setup_for_commune])?;
        let offices = skh_ok(&commune, &["office", "list"])?;
        let own = offices.lines().find(|l| l.contains("(đơn vị của tôi)")).unwrap_or_default();
        ensure!(own.contains("Hội LHPN xã Bản Giang"), "the new store is the commune: {offices}");
        Ok(())
    }
    .await;
    app.finish(result).await
}

#[tokio::test]
async fn f_a_conflict_is_resolved_with_one_click() -> Result<()> {
    let data = TempData::new("e2e-exchange-conflict")?;
    let province = data.dir().join("tinh").join("skh.db");
    let stick = data.dir().join("usb");
    let stick_arg = stick.display().to_string();
    skh_ok(&province, &["demo"])?;
    let setup = skh_ok(&province, &["export", "--setup", "--recipient", "TDG", "--to", &stick_arg])?;

    let app = App::launch(&data, "exchange-conflict").await?;
    let result = async {
        app.wait("screen-setup").await?;
        import_by_path(&app, &setup).await?;
        app.wait_text("own-office-name", "Hội LHPN huyện Tam Đường").await?;

        // A second machine of the province changed a plan's title without a new modification
        // time: the district has the plan with the same time and another title.
        let (doc, title) = {
            let conn = rusqlite::Connection::open(&province)?;
            let (doc, title): (String, String) = conn.query_row(
                "SELECT id, title FROM documents WHERE deleted = 0 ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let changed = format!("{title} (bản sửa trên máy thứ hai)");
            conn.execute("UPDATE documents SET title = ?2, change_seq = 999999 WHERE id = ?1", rusqlite::params![doc, changed])?;
            (doc, title)
        };
        let changed = format!("{title} (bản sửa trên máy thứ hai)");
        let down = skh_ok(&province, &["export", "--recipient", "TDG", "--to", &stick_arg])?;

        app.go("trao-doi").await?;
        import_by_path(&app, &down).await?;
        app.wait("import-done").await?;
        app.expect_no_error("after importing the bundle with a conflict").await?;
        app.wait_text("conflicts-pending-count", "1 chờ xử lý").await?;
        app.wait_text("conflict-title", &title).await?;
        let local = app.texts("conflict-local").await?;
        let incoming = app.texts("conflict-incoming").await?;
        ensure!(local == vec![title.clone()], "only the title differs, ours on the left: {local:?}");
        ensure!(incoming == vec![changed.clone()], "the bundle's on the right: {incoming:?}");
        app.settle().await;
        app.screenshot("xung-dot-can-xu-ly").await?;
        let db = data.db_path();
        ensure!(
            skh_ok(&db, &["doc", "list"])?.lines().any(|l| l.starts_with(&doc) && l.ends_with(&title)),
            "the import did not apply the conflicting version"
        );

        app.click("conflict-use-incoming").await?;
        app.wait("conflict-resolved").await?;
        app.wait_none("conflict-card").await?;
        app.expect_no_error("after choosing the bundle's version").await?;
        app.click("conflict-history-toggle").await?;
        app.wait_text("conflict-history-row", "Đã dùng bản trong gói").await?;
        let kept = app.texts("conflict-local").await?;
        ensure!(kept == vec![title.clone()], "our former version stays in the history: {kept:?}");
        app.settle().await;
        app.screenshot("xung-dot-da-xu-ly").await?;
        let docs = skh_ok(&db, &["doc", "list"])?;
        ensure!(
            docs.lines().any(|l| l.starts_with(&doc) && l.ends_with(&changed)),
            "the store has the bundle's version: {docs}"
        );

        // A bundle for another office is refused at its preview, and that is in the log too.
        let for_pto = skh_ok(&province, &["export", "--recipient", "PTO", "--to", &stick_arg])?;
        let logged = app.texts("import-log-row").await?.len();
        app.fill("import-path", &for_pto).await?;
        app.click("import-path-preview").await?;
        app.wait_text("import-refused", "không phải cho đơn vị của máy này").await?;
        let log = app.wait_count("import-log-row", logged + 1).await?;
        ensure!(log[0].contains("Bị từ chối"), "the refused preview heads the log: {log:?}");
        Ok(())
    }
    .await;
    app.finish(result).await
}
