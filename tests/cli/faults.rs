//! Faults through the CLI: imports killed with SIGKILL and imported again, and a full stick or a
//! full disk (a small tmpfs mounted in a user and mount namespace of its own, `unshare -rm`, so no
//! privilege is needed and nothing outside the test changes; skipped where the system does not
//! allow such namespaces).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use sokehoach_tests::{TempData, cargo_binary, skh};

use super::exchange::{copy_store, dump, integrity, ok, two_offices};
use super::stdout;

#[test]
fn every_killed_import_can_be_imported_again_and_then_succeeds() -> anyhow::Result<()> {
    let trials: u32 = std::env::var("SKH_CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let data = TempData::new("cli-kill-reimport")?;
    let (province, district, stick) = two_offices(&data)?;
    for _ in 0..20 {
        ok(&province, &["plan", "add", &super::fixture("plan-binh-dang-gioi-2024.json")])?;
    }
    let bundle = ok(&province, &["export", "--recipient", "TDG", "--to", &stick.display().to_string()])?;
    let bundle = bundle.trim().to_string();
    drop(rusqlite::Connection::open(&district)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)"));
    let base = district.parent().map(Path::to_path_buf).unwrap_or_default();
    let full = data.dir().join("full");
    copy_store(&base, &full)?;
    let started = Instant::now();
    ok(&full.join("skh.db"), &["import", &bundle])?;
    let duration = started.elapsed();
    let after = dump(&full.join("skh.db"))?;

    for trial in 0..trials {
        let dir = data.dir().join(format!("trial-{trial}"));
        copy_store(&base, &dir)?;
        let db = dir.join("skh.db");
        let mut child = skh(&db)?.args(["import", &bundle]).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
        let wait = duration.mul_f64(f64::from(trial) / f64::from(trials) * 1.2);
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_eq!(integrity(&db)?, "ok", "trial {trial}: integrity after a kill at {wait:?}");
        // The same bundle, the same day, whatever the kill left behind (a backup, staged files).
        let again = skh(&db)?.args(["import", &bundle]).output()?;
        assert!(again.status.success(), "trial {trial}: importing again after a kill at {wait:?}: {}", String::from_utf8_lossy(&again.stderr));
        assert_eq!(dump(&db)?, after, "trial {trial}: the store is the imported one");
        let staging = dir.join("attachments").join(".dang-nhap");
        assert_eq!(std::fs::read_dir(&staging).map(|d| d.count()).unwrap_or(0), 0, "trial {trial}: no staged files left");
        std::fs::remove_dir_all(&dir).ok();
    }
    Ok(())
}

/// Runs `skh --db db args…` with a tmpfs mounted with `options` (its size) on `mount` (created if missing), in a
/// namespace of its own; then lists what is left in `mount` after a line `---`. `None` when the
/// system allows no such namespace.
fn with_small_disk(mount: &Path, options: &str, db: &Path, args: &[&str]) -> anyhow::Result<Option<Output>> {
    std::fs::create_dir_all(mount)?;
    let probe = Command::new("unshare").args(["-rm", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs \"$0\""]).arg(mount).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: this system allows no user and mount namespace (unshare -rm) for a small tmpfs");
        return Ok(None);
    }
    let script = "mount -t tmpfs -o \"$1\" tmpfs \"$0\" || exit 99; shift; \"$@\"; rc=$?; echo ---; ls -A \"$0\"; ls -A \"$0\"/.dang-nhap 2>/dev/null; exit $rc";
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .arg(mount)
        .arg(options)
        .arg(cargo_binary("sokehoach-cli", "skh")?)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SKH_DB")
        .output()?;
    anyhow::ensure!(out.status.code() != Some(99), "mounting the tmpfs failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(Some(out))
}

/// A district with a report carrying a 600 KB file, ready to go up to the province.
fn district_with_a_large_report(data: &TempData) -> anyhow::Result<(PathBuf, PathBuf, PathBuf)> {
    let (province, district, stick) = two_offices(data)?;
    let items: Vec<serde_json::Value> = serde_json::from_str(&ok(&district, &["status", "--on", "2024-06-01", "--office", "TDG"])?)?;
    let instance = items
        .iter()
        .find(|i| i["documentNumberLine"] == super::FIXTURE_NUMBER && i["label"] == "Báo cáo 6 tháng")
        .and_then(|i| i["instanceId"].as_str())
        .unwrap_or_default()
        .to_string();
    let file = data.dir().join("bao-cao.pdf");
    // Bytes that do not compress, like a real PDF.
    let mut state = 0x2545_F491_u32;
    let bytes: Vec<u8> = (0..600_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    std::fs::write(&file, bytes)?;
    ok(&district, &["report", "add", "--instance", &instance, "--date", "2024-05-28", "--by", "Lò Thị Mai", "--file", &file.display().to_string()])?;
    Ok((province, district, stick))
}

fn says_full_in_vietnamese(stderr: &str, data_folder: &Path) {
    assert!(stderr.contains("đã đầy") && stderr.contains("USB khác"), "says the disk is full and what to do: {stderr}");
    for english in ["No space left", "os error", "Io(", "Os {", "StorageFull", "database or disk is full"] {
        assert!(!stderr.contains(english), "no library text «{english}»: {stderr}");
    }
    assert!(!stderr.contains(&data_folder.display().to_string()), "does not name the data folder: {stderr}");
}

#[test]
fn exporting_to_a_full_stick_says_so_in_vietnamese_and_leaves_no_partial_file() -> anyhow::Result<()> {
    let data = TempData::new("cli-full-stick")?;
    let (_province, district, _stick) = district_with_a_large_report(&data)?;
    let full_stick = data.dir().join("usb-day");
    let before = dump(&district)?;
    let Some(out) = with_small_disk(&full_stick, "size=256k", &district, &["export", "--to", &full_stick.display().to_string()])? else {
        return Ok(());
    };
    assert!(!out.status.success(), "the export fails");
    let stderr = String::from_utf8_lossy(&out.stderr);
    says_full_in_vietnamese(&stderr, district.parent().unwrap_or(Path::new("/")));
    let left = stdout(&out);
    let listing = left.split("---").nth(1).unwrap_or_default();
    assert!(listing.trim().is_empty(), "nothing is left on the stick: {listing:?}");
    assert_eq!(dump(&district)?, before, "the store is unchanged (the bundle is not counted as sent)");
    // A stick with its write-protect switch on.
    let locked = data.dir().join("usb-khoa");
    let Some(out) = with_small_disk(&locked, "ro,size=256k", &district, &["export", "--to", &locked.display().to_string()])? else {
        return Ok(());
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("chỉ cho đọc") && stderr.contains("chống ghi"), "{stderr}");
    assert!(!stderr.contains("Read-only") && !stderr.contains("os error"), "{stderr}");
    Ok(())
}

#[test]
fn a_full_disk_during_an_import_leaves_no_partial_attachment_and_the_import_works_later() -> anyhow::Result<()> {
    let data = TempData::new("cli-full-disk")?;
    let (province, district, stick) = district_with_a_large_report(&data)?;
    let up = ok(&district, &["export", "--to", &stick.display().to_string()])?;
    let up = up.trim().to_string();
    let before = dump(&province)?;
    let attachments = province.parent().map(|p| p.join("attachments")).unwrap_or_default();
    let Some(out) = with_small_disk(&attachments, "size=256k", &province, &["import", &up])? else {
        return Ok(());
    };
    assert!(!out.status.success(), "the import is refused");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("đã đầy"), "{stderr}");
    for english in ["No space left", "os error"] {
        assert!(!stderr.contains(english), "no library text «{english}»: {stderr}");
    }
    let listing = stdout(&out);
    let listing = listing.split("---").nth(1).unwrap_or_default();
    assert_eq!(listing.split_whitespace().collect::<Vec<_>>(), [".dang-nhap"], "only the emptied staging folder: {listing:?}");
    assert_eq!(dump(&province)?, before, "nothing imported");
    // With room again, the same bundle imports the same day.
    let outcome: serde_json::Value = serde_json::from_str(&ok(&province, &["import", &up])?)?;
    assert_eq!(outcome["applied"], true, "{outcome}");
    Ok(())
}
