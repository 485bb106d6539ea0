//! Backup and restore in the real app: the sample province is reminded on Tổng quan that it has
//! never backed up, backs up to a folder from the backup screen (the reminder goes), more work is
//! done, the backup is restored after the confirmation (the later work is gone), and restoring
//! the copy kept aside undoes it (the later work is back).

use std::path::Path;

use anyhow::{Context, Result, ensure};
use fantoccini::Locator;
use sokehoach_tests::{TempData, skh};

use crate::harness::App;

const PASSPHRASE: &str = "hội phụ nữ tỉnh 2026";

fn documents(db: &Path) -> Result<usize> {
    let out = skh(db)?.args(["doc", "list", "--json"]).output()?;
    ensure!(out.status.success(), "skh doc list: {}", String::from_utf8_lossy(&out.stderr));
    Ok(serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)?.len())
}

/// Clicks "Khôi phục…" on the first listed backup whose row says `kind`, confirms, and waits.
async fn restore(app: &App, kind: &str, passphrase: Option<&str>, shot: &str) -> Result<String> {
    app.wait_text("backup-row", kind).await?;
    let mut chosen = None;
    for row in app.all("backup-row").await? {
        if row.text().await.unwrap_or_default().contains(kind) {
            chosen = Some(row);
            break;
        }
    }
    let row = chosen.with_context(|| format!("a backup row of kind {kind}"))?;
    row.find(Locator::Css("[data-testid=backup-choose]")).await?.click().await?;
    let warning = app.wait_text("restore-warning", "để hoàn tác").await?;
    if let Some(p) = passphrase {
        app.fill("restore-passphrase", p).await?;
    }
    app.screenshot(shot).await?;
    app.click("restore-go").await?;
    app.wait("restore-done").await?;
    Ok(warning)
}

#[tokio::test]
async fn j_a_backup_to_a_folder_is_restored_and_the_restore_undone() -> Result<()> {
    let data = TempData::new("e2e-backup")?;
    let folder = data.dir().join("usb");
    let app = App::launch(&data, "backup").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        let db = data.db_path();
        let sample = documents(&db)?;
        app.go("tong-quan").await?;
        app.wait_text("backup-reminder", "chưa sao lưu dữ liệu ra USB lần nào").await?;
        app.screenshot("nhac-sao-luu").await?;
        app.click("backup-reminder-open").await?;
        app.wait("screen-sao-luu").await?;
        app.fill("backup-passphrase", PASSPHRASE).await?;
        app.fill("backup-passphrase-again", "khác").await?;
        app.click("backup-advanced").await?;
        app.fill("backup-folder", &folder.display().to_string()).await?;
        app.click("backup-folder-save").await?;
        app.wait_text("backup-passphrase-error", "không giống nhau").await?;
        app.fill("backup-passphrase-again", PASSPHRASE).await?;
        app.click("backup-folder-save").await?;
        let done = app.wait_text("backup-done", "SoKeHoach-SaoLuu").await?;
        app.screenshot("sao-luu-xong").await?;
        let written = std::fs::read_dir(folder.join("SoKeHoach-SaoLuu"))?.count();
        ensure!(written == 1, "one backup file in the folder ({done})");
        app.go("tong-quan").await?;
        app.wait_none("backup-reminder").await?;
        app.go("sao-luu").await?;

        // Work done after the backup: a plan added through skh on the app's store.
        let plan = sokehoach_tests::workspace_root().join("tests/cli/fixtures/plan-binh-dang-gioi-2024.json");
        let out = skh(&db)?.args(["plan", "add", &plan.display().to_string()]).output()?;
        ensure!(out.status.success(), "skh plan add: {}", String::from_utf8_lossy(&out.stderr));
        ensure!(documents(&db)? == sample + 1);

        app.click("backup-refresh").await?;
        restore(&app, "Bản sao lưu đầy đủ", Some(PASSPHRASE), "khoi-phuc-xac-nhan").await?;
        app.screenshot("khoi-phuc-xong").await?;
        app.expect_no_error("after the restore").await?;
        ensure!(documents(&db)? == sample, "the plan added after the backup is gone");

        restore(&app, "Dữ liệu trước lần khôi phục", None, "hoan-tac-xac-nhan").await?;
        app.expect_no_error("after undoing the restore").await?;
        ensure!(documents(&db)? == sample + 1, "undoing the restore brings the later plan back");
        app.go("van-ban").await?;
        app.wait_count("doc-row", sample + 1).await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}
