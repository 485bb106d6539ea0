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

/// The newest automatic daily copy beside the database, once the app has written it.
async fn daily_copy(db: &Path) -> Result<std::path::PathBuf> {
    let dir = db.parent().context("data folder")?.join("backups");
    for _ in 0..100 {
        let found = std::fs::read_dir(&dir).ok().and_then(|entries| {
            entries.flatten().map(|e| e.path()).find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("hang-ngay-")))
        });
        if let Some(path) = found {
            return Ok(path);
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    anyhow::bail!("no daily copy appeared in {}", dir.display())
}

#[tokio::test]
async fn j_b_a_damaged_store_is_restored_from_the_automatic_copy_at_start() -> Result<()> {
    let data = TempData::new("e2e-backup-damaged")?;
    let db = data.db_path();
    let app = App::launch(&data, "backup-damaged-1").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        Ok(())
    }
    .await;
    app.finish(result).await?;
    let sample = documents(&db)?;
    // Today's copy was made at the first start, before the sample data: it goes, so that the next
    // start makes one with the sample data. Then the database is damaged (its first page overwritten).
    std::fs::remove_file(daily_copy(&db).await?)?;
    let app = App::launch(&data, "backup-damaged-2").await?;
    let copied = async {
        app.wait("own-office-name").await?;
        daily_copy(&db).await
    }
    .await;
    let copy = match copied {
        Ok(copy) => {
            app.finish(Ok(())).await?;
            copy
        }
        Err(error) => return app.finish(Err(error)).await,
    };
    ensure!(copy.exists());
    let mut bytes = std::fs::read(&db)?;
    bytes[..4096].fill(0x5a);
    std::fs::write(&db, &bytes)?;
    // The write-ahead log goes with the damage (the disk lost it too).
    for suffix in ["-wal", "-shm"] {
        let mut side = db.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }

    let app = App::launch(&data, "backup-damaged-3").await?;
    let result = async {
        app.wait("start-failed").await?;
        app.screenshot("so-hong-khi-mo").await?;
        app.click("start-restore").await?;
        app.wait_text("restore-damaged-hint", "không mở được").await?;
        app.wait_text("backup-row", "Bản sao tự động hằng ngày").await?;
        let mut daily = None;
        for row in app.all("backup-row").await? {
            if row.text().await.unwrap_or_default().contains("Bản sao tự động hằng ngày") {
                daily = Some(row);
                break;
            }
        }
        daily.context("the daily copy is listed")?.find(Locator::Css("[data-testid=backup-choose]")).await?.click().await?;
        app.wait("restore-warning").await?;
        app.screenshot("so-hong-khoi-phuc-xac-nhan").await?;
        // Restored, the window starts as usual (the list of backups goes with the failed start).
        app.click("restore-go").await?;
        app.wait_text("own-office-name", "Hội LHPN tỉnh Lai Châu").await?;
        app.screenshot("so-hong-da-khoi-phuc").await?;
        app.expect_no_error("after restoring the damaged store").await?;
        ensure!(documents(&db)? == sample, "the sample documents are back");
        let kept = db.parent().context("data folder")?.join("backups");
        let damaged_kept = std::fs::read_dir(&kept)?
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("hong-"));
        ensure!(damaged_kept, "the damaged database is kept aside in backups/hong-…");
        Ok(())
    }
    .await;
    app.finish(result).await
}
