//! Backups through the CLI: a backup restored on a new laptop, a refused restore, and backups and
//! restores killed with SIGKILL at moments spread over their run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use sokehoach_tests::{TempData, skh};

use super::exchange::{dump, integrity, ok};
use super::fixture;

const PASSPHRASE: &str = "hội phụ nữ xã 2026";

fn with_passphrase(db: &Path) -> anyhow::Result<Command> {
    let mut command = skh(db)?;
    command.env("SKH_PASSPHRASE", PASSPHRASE);
    Ok(command)
}

fn checked(out: Output, what: &str) -> anyhow::Result<String> {
    anyhow::ensure!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The sample province with twenty more plans, and a backup of it on a stick.
fn province_with_backup(data: &TempData) -> anyhow::Result<(PathBuf, PathBuf, PathBuf)> {
    let db = data.dir().join("tinh").join("skh.db");
    let stick = data.dir().join("usb").join("SoKeHoach-SaoLuu");
    ok(&db, &["demo"])?;
    for _ in 0..20 {
        ok(&db, &["plan", "add", &fixture("plan-binh-dang-gioi-2024.json")])?;
    }
    let backup = checked(with_passphrase(&db)?.args(["backup", "--to", &stick.display().to_string()]).output()?, "backup")?;
    Ok((db, stick, PathBuf::from(backup)))
}

#[test]
fn a_backup_restores_on_a_new_laptop_and_a_wrong_passphrase_changes_nothing() -> anyhow::Result<()> {
    let data = TempData::new("cli-backup")?;
    let (db, stick, backup) = province_with_backup(&data)?;
    let before = dump(&db)?;
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&db, &["backup", "--list", "--in", &stick.parent().unwrap_or(&stick).display().to_string()])?)?;
    assert_eq!(listed[0]["path"], backup.display().to_string(), "found in the stick's backup folder: {listed}");
    assert_eq!(listed[0]["needsPassphrase"], true);

    let laptop = data.dir().join("may-moi").join("skh.db");
    let wrong = skh(&laptop)?.env("SKH_PASSPHRASE", "không phải mật khẩu").args(["restore", &backup.display().to_string()]).output()?;
    assert_eq!(wrong.status.code(), Some(2), "a wrong passphrase is bad input");
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("Mật khẩu không đúng"), "{}", String::from_utf8_lossy(&wrong.stderr));
    let empty = dump(&data.dir().join("trong").join("skh.db"))?;
    assert_eq!(dump(&laptop)?, empty, "still empty");

    let outcome: serde_json::Value =
        serde_json::from_str(&checked(with_passphrase(&laptop)?.args(["restore", &backup.display().to_string()]).output()?, "restore")?)?;
    assert_eq!(outcome["keyRestored"], true);
    assert_eq!(dump(&laptop)?, before, "the new laptop holds the office's records");
    let own = |db: &Path| -> anyhow::Result<serde_json::Value> { Ok(serde_json::from_str::<serde_json::Value>(&ok(db, &["keys"])?)?["own"]["publicKey"].clone()) };
    assert_eq!(own(&laptop)?, own(&db)?, "and speaks for it with the same key");
    Ok(())
}

/// Runs `command` once to time it, then `trials` times killed at moments spread over that time;
/// after each kill, `check` looks at what is left.
fn kill_at_moments(
    trials: u32,
    mut command: impl FnMut(u32) -> anyhow::Result<Command>,
    mut check: impl FnMut(u32, Duration) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let started = Instant::now();
    checked(command(u32::MAX)?.output()?, "the timed run")?;
    let duration = started.elapsed();
    for trial in 0..trials {
        let mut child = command(trial)?.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
        let wait = duration.mul_f64(f64::from(trial) / f64::from(trials) * 1.2);
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        check(trial, wait)?;
    }
    Ok(())
}

fn trials() -> u32 {
    std::env::var("SKH_CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(12)
}

#[test]
fn a_killed_restore_leaves_the_old_store_or_the_new_one() -> anyhow::Result<()> {
    let data = TempData::new("cli-kill-restore")?;
    let (db, _stick, backup) = province_with_backup(&data)?;
    let restored = dump(&db)?;
    // The store the restore replaces: the same office with more work done since the backup.
    let copy_store = |from: &Path, to: &Path| -> anyhow::Result<PathBuf> {
        drop(rusqlite::Connection::open(from.join("skh.db"))?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)"));
        if to.exists() {
            std::fs::remove_dir_all(to)?;
        }
        std::fs::create_dir_all(to)?;
        for name in ["skh.db", "khoa-ky-don-vi.key"] {
            std::fs::copy(from.join(name), to.join(name))?;
        }
        Ok(to.join("skh.db"))
    };
    let template = copy_store(db.parent().unwrap_or(Path::new(".")), &data.dir().join("hom-nay"))?;
    ok(&template, &["plan", "add", &fixture("plan-binh-dang-gioi-2024.json")])?;
    let current = dump(&template)?;
    assert_ne!(current, restored);
    let template_dir = data.dir().join("hom-nay");
    let prepare = |dir: &Path| copy_store(&template_dir, dir);
    let mut replaced = 0;
    kill_at_moments(
        trials(),
        |trial| {
            let copy = prepare(&data.dir().join(format!("lan-{trial}")))?;
            let mut command = with_passphrase(&copy)?;
            command.args(["restore", &backup.display().to_string()]);
            Ok(command)
        },
        |trial, wait| {
            let copy = data.dir().join(format!("lan-{trial}")).join("skh.db");
            let now = dump(&copy)?;
            assert_eq!(integrity(&copy)?, "ok", "trial {trial}: integrity after a kill at {wait:?}");
            assert!(now == current || now == restored, "trial {trial}: a kill at {wait:?} left a mix");
            replaced += usize::from(now == restored);
            assert!(!copy.with_file_name(".khoi-phuc-skh.db").exists(), "trial {trial}: opening cleared the staging folder");
            Ok(())
        },
    )?;
    eprintln!("{replaced} of {} killed restores had got as far as the swap", trials());
    Ok(())
}

#[test]
fn a_killed_backup_leaves_no_backup_or_a_whole_one() -> anyhow::Result<()> {
    let data = TempData::new("cli-kill-backup")?;
    let (db, _stick, _backup) = province_with_backup(&data)?;
    let before = dump(&db)?;
    kill_at_moments(
        trials(),
        |trial| {
            let mut command = with_passphrase(&db)?;
            command.args(["backup", "--to", &data.dir().join(format!("usb-{trial}")).display().to_string()]);
            Ok(command)
        },
        |trial, wait| {
            assert_eq!(dump(&db)?, before, "trial {trial}: the store is untouched by a kill at {wait:?}");
            let stick = data.dir().join(format!("usb-{trial}"));
            let listed: serde_json::Value = serde_json::from_str(&ok(&db, &["backup", "--list", "--in", &stick.display().to_string()])?)?;
            for found in listed.as_array().into_iter().flatten() {
                assert!(found["problem"].is_null(), "trial {trial}: a backup file is whole or absent: {found}");
                let laptop = data.dir().join(format!("may-{trial}")).join("skh.db");
                checked(with_passphrase(&laptop)?.args(["restore", found["path"].as_str().unwrap_or_default()]).output()?, "restore")?;
                assert_eq!(dump(&laptop)?, before, "trial {trial}: what a killed backup left restores whole");
            }
            Ok(())
        },
    )?;
    // The next backup clears what the killed ones left beside the database.
    checked(with_passphrase(&db)?.args(["backup", "--to", &data.dir().join("usb-cuoi").display().to_string()]).output()?, "backup")?;
    let left: Vec<_> = std::fs::read_dir(db.parent().unwrap_or(Path::new(".")))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sao-luu-"))
        .collect();
    assert!(left.is_empty(), "scratch copies left: {left:?}");
    Ok(())
}
