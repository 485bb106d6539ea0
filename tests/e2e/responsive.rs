//! The window keeps answering while a large bundle is imported: the import runs off the main
//! thread (`AppStore::run` in the shell), so a navigation click completes before the import ends.
//! The bundle is a district's 3,000 new records for its province, made by `skh bench-bundle`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use sokehoach_tests::{TempData, copy_store, skh};

use crate::harness::App;

fn skh_ok(db: &Path, args: &[&str]) -> Result<String> {
    let out = skh(db)?.args(args).output()?;
    ensure!(out.status.success(), "skh {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// How many imports the store has logged (a row is written when an import ends).
fn imports_logged(db: &Path) -> Result<i64> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row("SELECT count(*) FROM import_log", [], |r| r.get(0))?)
}

#[tokio::test]
async fn g_the_window_answers_while_a_large_bundle_is_imported() -> Result<()> {
    let data = TempData::new("e2e-responsive")?;
    let bench = data.dir().join("bench");
    skh_ok(&data.db_path(), &["bench-bundle", "--dir", &bench.display().to_string(), "--records", "3000", "--megabytes", "1", "--runs", "1"])?;
    let pair: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(bench.join("r3000-m1").join("cap.json"))?)?;
    let path = |key: &str| pair[key].as_str().map(PathBuf::from).with_context(|| format!("cap.json has {key}"));
    let (district, province) = (path("district")?, path("province")?);
    let stick = data.dir().join("usb");
    let code = pair["province_code"].as_str().context("cap.json has province_code")?;
    let bundle = skh_ok(&district, &["export", "--to", &stick.display().to_string(), "--recipient", code])?;
    // The app opens the province's store.
    copy_store(province.parent().context("the province folder")?, data.dir())?;
    let db = data.db_path();
    let before = imports_logged(&db)?;

    let app = App::launch(&data, "responsive").await?;
    let result = async {
        app.wait("nav-trao-doi").await?;
        if !app.all("startup-notice-close").await?.is_empty() {
            app.click("startup-notice-close").await?;
        }
        app.go("trao-doi").await?;
        app.click("import-advanced").await?;
        app.fill("import-path", &bundle).await?;
        app.click("import-path-preview").await?;
        app.wait("import-preview").await?;
        app.click("import-apply").await?;
        app.wait_text("import-apply", "Đang nhập").await?;
        let started = Instant::now();
        // A navigation click while the import runs: the screen changes at once.
        app.go("van-ban").await?;
        let answered = started.elapsed();
        let still_importing = imports_logged(&db)? == before;
        app.screenshot("dap-ung-trong-luc-nhap").await?;
        let deadline = Instant::now() + Duration::from_secs(600);
        while imports_logged(&db)? == before {
            ensure!(Instant::now() < deadline, "the import did not end within ten minutes");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let ended = started.elapsed();
        ensure!(
            still_importing,
            "the navigation waited for the import: the screen changed after {answered:?}, the import ended after {ended:?}"
        );
        eprintln!("[responsive] the screen changed after {answered:?}; the import ended after {ended:?}");
        app.expect_no_error("while importing").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}
