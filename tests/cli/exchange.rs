//! Bundles through the CLI: a province and a district exchanging files, and imports killed at
//! random moments.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use sokehoach_tests::{TempData, skh};

use super::{fixture, stdout};

pub(super) fn ok(db: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = skh(db)?.args(args).output()?;
    anyhow::ensure!(out.status.success(), "skh {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(stdout(&out))
}

/// A province (the demo), a plan for its districts, and the district TDG set up from it.
/// Returns (province db, district db, stick folder).
pub(super) fn two_offices(data: &TempData) -> anyhow::Result<(PathBuf, PathBuf, PathBuf)> {
    let province = data.dir().join("tinh").join("skh.db");
    let district = data.dir().join("huyen").join("skh.db");
    let stick = data.dir().join("usb");
    ok(&province, &["demo"])?;
    ok(&province, &["plan", "add", &fixture("plan-binh-dang-gioi-2024.json")])?;
    let setup = ok(&province, &["export", "--setup", "--recipient", "TDG", "--to", &stick.display().to_string()])?;
    ok(&district, &["import", setup.trim()])?;
    Ok((province, district, stick))
}

pub(super) fn dump(db: &Path) -> anyhow::Result<String> {
    ok(db, &["dump"])
}

#[test]
fn a_report_goes_up_and_the_receipt_comes_back() -> anyhow::Result<()> {
    let data = TempData::new("cli-exchange")?;
    let (province, district, stick) = two_offices(&data)?;
    let keys: serde_json::Value = serde_json::from_str(&ok(&district, &["keys"])?)?;
    assert_eq!(keys["pinned"][0]["officeCode"], "LCU", "the province key is pinned at setup");
    let items: Vec<serde_json::Value> = serde_json::from_str(&ok(&district, &["status", "--on", "2024-06-01", "--office", "TDG"])?)?;
    let tdg = items
        .iter()
        .find(|i| i["documentNumberLine"] == super::FIXTURE_NUMBER && i["label"] == "Báo cáo 6 tháng")
        .and_then(|i| i["instanceId"].as_str())
        .unwrap_or_default()
        .to_string();
    ok(&district, &["report", "add", "--instance", &tdg, "--date", "2024-05-28", "--by", "Lò Thị Mai"])?;
    let up = ok(&district, &["export", "--to", &stick.display().to_string()])?;
    assert!(up.contains("HoiLHPN-TDG-gui-LCU-"), "{up}");
    let preview: serde_json::Value = serde_json::from_str(&ok(&province, &["import", "--dry-run", up.trim()])?)?;
    assert_eq!(preview["counts"]["new"], 1, "{preview}");
    assert_eq!(preview["firstContact"], true);
    let outcome: serde_json::Value = serde_json::from_str(&ok(&province, &["import", up.trim()])?)?;
    assert_eq!(outcome["applied"], true, "{outcome}");
    let again: serde_json::Value = serde_json::from_str(&ok(&province, &["import", up.trim()])?)?;
    assert_eq!(again["preview"]["alreadyImported"], true, "importing twice changes nothing");

    let down = ok(&province, &["export", "--recipient", "TDG", "--to", &stick.display().to_string()])?;
    ok(&district, &["import", down.trim()])?;
    let status: Vec<serde_json::Value> = serde_json::from_str(&ok(&district, &["status", "--on", "2024-06-05", "--office", "TDG"])?)?;
    let six_month = status.iter().find(|i| i["instanceId"] == tdg.as_str()).expect("deadline");
    assert_eq!(six_month["status"], "received", "the district sees that the province has its report");
    Ok(())
}

#[test]
fn a_refused_bundle_exits_non_zero_and_changes_nothing() -> anyhow::Result<()> {
    let data = TempData::new("cli-exchange-refused")?;
    let (province, district, stick) = two_offices(&data)?;
    let to_pto = ok(&province, &["export", "--recipient", "PTO", "--to", &stick.display().to_string()])?;
    let before = dump(&district)?;
    let out = skh(&district)?.args(["import", to_pto.trim()]).output()?;
    assert!(!out.status.success(), "a bundle for another office is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("không phải cho đơn vị của máy này"));
    assert_eq!(dump(&district)?, before);
    Ok(())
}

pub(super) use sokehoach_tests::copy_store;

pub(super) fn integrity(db: &Path) -> anyhow::Result<String> {
    let conn = rusqlite::Connection::open(db)?;
    Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))?)
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_store_before_or_after() -> anyhow::Result<()> {
    let trials: u32 = std::env::var("SKH_CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let data = TempData::new("cli-crash")?;
    let (province, district, stick) = two_offices(&data)?;
    // Enough changes at the province to make the import take a while.
    for _ in 0..20 {
        ok(&province, &["plan", "add", &fixture("plan-binh-dang-gioi-2024.json")])?;
    }
    let bundle = ok(&province, &["export", "--recipient", "TDG", "--to", &stick.display().to_string()])?;
    let bundle = bundle.trim().to_string();
    // Checkpoint the district so its folder is one file plus the key.
    drop(rusqlite::Connection::open(&district)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)"));
    let base = district.parent().map(Path::to_path_buf).unwrap_or_default();
    let before = dump(&district)?;
    let full = data.dir().join("full");
    copy_store(&base, &full)?;
    let started = Instant::now();
    ok(&full.join("skh.db"), &["import", &bundle])?;
    let duration = started.elapsed();
    let after = dump(&full.join("skh.db"))?;
    assert_ne!(before, after, "the bundle changes something");

    let (mut saw_before, mut saw_after) = (0, 0);
    for trial in 0..trials {
        let dir = data.dir().join(format!("trial-{trial}"));
        copy_store(&base, &dir)?;
        let db = dir.join("skh.db");
        let mut child = skh(&db)?.args(["import", &bundle]).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
        // Spread the kills over the whole run, from process start to just past the end.
        let wait = duration.mul_f64(f64::from(trial) / f64::from(trials) * 1.2);
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(integrity(&db)?, "ok", "trial {trial}: integrity after a kill at {wait:?}");
        let now = dump(&db)?;
        if now == before {
            saw_before += 1;
        } else if now == after {
            saw_after += 1;
        } else {
            panic!("trial {trial}: the store is neither before nor after the import (kill at {wait:?})");
        }
        std::fs::remove_dir_all(&dir).ok();
    }
    eprintln!("crash trials: {trials} (import took {duration:?}): {saw_before} before, {saw_after} after");
    Ok(())
}

/// Rows of `sql` (one text column) in the database at `db`.
fn texts(db: &Path, sql: &str) -> anyhow::Result<Vec<String>> {
    let conn = rusqlite::Connection::open(db)?;
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[test]
fn a_communes_plan_reaches_the_province_with_its_signature_and_a_changed_one_is_refused() -> anyhow::Result<()> {
    let data = TempData::new("cli-exchange-forward")?;
    let (province, district, stick) = two_offices(&data)?;
    let stick_arg = stick.display().to_string();
    // The commune BLU is set up from the district and enters a plan of its own.
    let commune = data.dir().join("xa").join("skh.db");
    let setup = ok(&district, &["export", "--setup", "--recipient", "BLU", "--to", &stick_arg])?;
    let outcome: serde_json::Value = serde_json::from_str(&ok(&commune, &["import", setup.trim()])?)?;
    assert_eq!(outcome["preview"]["counts"]["refused"], 0, "the province's records reach the commune signed: {outcome}");
    // A commune assigns work to itself only: the fixture plan, for BLU instead of the districts.
    let own_plan = data.dir().join("ke-hoach-xa.json");
    let text = std::fs::read_to_string(fixture("plan-binh-dang-gioi-2024.json"))?
        .replace(r#"{ "kind": "level", "under": "LCU", "level": 2 }"#, r#"{ "kind": "office", "code": "BLU" }"#)
        .replace(r#"{ "kind": "office", "code": "DTH" }"#, r#"{ "kind": "office", "code": "BLU" }"#);
    std::fs::write(&own_plan, text)?;
    ok(&commune, &["plan", "add", &own_plan.display().to_string()])?;
    let up = ok(&commune, &["export", "--to", &stick_arg])?;
    let outcome: serde_json::Value = serde_json::from_str(&ok(&district, &["import", up.trim()])?)?;
    assert_eq!(outcome["applied"], true, "{outcome}");
    let commune_docs = "SELECT d.title FROM documents d JOIN offices o ON o.id = d.owner_office_id WHERE o.code = 'BLU'";
    let title = texts(&district, commune_docs)?.pop().expect("the commune's plan is at the district");

    // A copy of the district that changes the commune's plan before forwarding it.
    let tampered = data.dir().join("huyen-sua");
    copy_store(district.parent().expect("folder"), &tampered)?;
    let tampered_db = tampered.join("skh.db");
    rusqlite::Connection::open(&tampered_db)?.execute(
        "UPDATE documents SET title = 'Kế hoạch đã bị sửa ở huyện', change_seq = 999999
         WHERE owner_office_id = (SELECT id FROM offices WHERE code = 'BLU')",
        [],
    )?;
    let province_copy = data.dir().join("tinh-ban-sao");
    copy_store(province.parent().expect("folder"), &province_copy)?;
    let forged = ok(&tampered_db, &["export", "--to", &stick_arg])?;
    let outcome: serde_json::Value = serde_json::from_str(&ok(&province_copy.join("skh.db"), &["import", forged.trim()])?)?;
    let issues = outcome["preview"]["issues"].as_array().cloned().unwrap_or_default();
    let document = issues.iter().find(|i| i["table"] == "documents").expect("the changed plan is refused");
    let reason = document["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("chữ ký của «Hội LHPN xã Bình Lư» không khớp"), "{reason}");
    assert!(
        issues.iter().filter(|i| i["table"] != "documents").all(|i| i["reason"].as_str().unwrap_or_default().contains("bị từ chối ở trên")),
        "what belongs to it is refused with it: {issues:?}"
    );
    assert!(texts(&province_copy.join("skh.db"), commune_docs)?.is_empty(), "nothing of the changed plan is stored");

    // The honest district forwards it unchanged: the province takes it and learns the commune's key.
    let honest = ok(&district, &["export", "--to", &stick_arg])?;
    let outcome: serde_json::Value = serde_json::from_str(&ok(&province, &["import", honest.trim()])?)?;
    assert_eq!(outcome["preview"]["counts"]["refused"], 0, "{outcome}");
    assert_eq!(texts(&province, commune_docs)?, vec![title]);
    let keys: serde_json::Value = serde_json::from_str(&ok(&province, &["keys"])?)?;
    let commune_keys: serde_json::Value = serde_json::from_str(&ok(&commune, &["keys"])?)?;
    let blu = keys["pinned"].as_array().into_iter().flatten().find(|k| k["officeCode"] == "BLU").expect("BLU's key at the province");
    assert_eq!(blu["fingerprint"], commune_keys["own"]["fingerprint"]);
    assert_eq!(blu["vouchedBy"], "Hội LHPN huyện Tam Đường");
    Ok(())
}

#[test]
fn a_conflict_is_listed_and_resolved_through_the_cli() -> anyhow::Result<()> {
    let data = TempData::new("cli-exchange-conflict")?;
    let (province, district, stick) = two_offices(&data)?;
    // The province's second machine changed a plan's title without a new modification time.
    let doc = texts(&province, "SELECT id FROM documents WHERE deleted = 0 ORDER BY id LIMIT 1")?.remove(0);
    let before_title = texts(&district, &format!("SELECT title FROM documents WHERE id = '{doc}'"))?.remove(0);
    rusqlite::Connection::open(&province)?.execute(
        "UPDATE documents SET title = title || ' (máy thứ hai)', change_seq = 999999 WHERE id = ?1",
        [&doc],
    )?;
    let down = ok(&province, &["export", "--recipient", "TDG", "--to", &stick.display().to_string()])?;
    let outcome: serde_json::Value = serde_json::from_str(&ok(&district, &["import", down.trim()])?)?;
    assert_eq!(outcome["preview"]["counts"]["conflicts"], 1, "{outcome}");
    let conflicts: serde_json::Value = serde_json::from_str(&ok(&district, &["conflicts"])?)?;
    assert_eq!(conflicts.as_array().map(Vec::len), Some(1), "{conflicts}");
    assert_eq!(conflicts[0]["resolution"], serde_json::Value::Null);
    assert_eq!(conflicts[0]["differences"][0]["local"], before_title.as_str());
    let id = conflicts[0]["id"].to_string();

    let before = dump(&district)?;
    let kept: serde_json::Value = serde_json::from_str(&ok(&district, &["conflicts", "--keep-local", &id])?)?;
    assert_eq!(kept["resolution"], "local");
    assert_eq!(dump(&district)?, before, "keeping ours changes no record");
    let again = skh(&district)?.args(["conflicts", "--use-incoming", &id]).output()?;
    assert!(!again.status.success(), "a resolved conflict is not resolved twice");
    assert!(String::from_utf8_lossy(&again.stderr).contains("đã được xử lý"));
    assert_eq!(dump(&district)?, before);
    Ok(())
}
