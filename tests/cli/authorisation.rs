//! What a district may say, through the CLI: `skh report add` refuses a sibling's deadline, and a
//! district store altered behind the app's back (a report for a sibling's deadline, a report dated
//! 30 February) exports them signed with its own key, but the province refuses each with a reason
//! naming the record, holds nothing of them, and its status list and checklists still work.

use std::path::{Path, PathBuf};

use sokehoach_tests::{TempData, skh};

use super::{FIXTURE_NUMBER, fixture, stdout};

fn ok(db: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = skh(db)?.args(args).output()?;
    anyhow::ensure!(out.status.success(), "skh {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(stdout(&out))
}

/// The demo province with the fixture plan, and its district TDG set up from it.
fn two_offices(data: &TempData) -> anyhow::Result<(PathBuf, PathBuf, PathBuf)> {
    let province = data.dir().join("tinh").join("skh.db");
    let district = data.dir().join("huyen").join("skh.db");
    let stick = data.dir().join("usb");
    ok(&province, &["demo"])?;
    ok(&province, &["plan", "add", &fixture("plan-binh-dang-gioi-2024.json")])?;
    let setup = ok(&province, &["export", "--setup", "--recipient", "TDG", "--to", &stick.display().to_string()])?;
    ok(&district, &["import", setup.trim()])?;
    Ok((province, district, stick))
}

/// The fixture plan's "Báo cáo 6 tháng" instance of an office, as a store lists it.
fn six_month(db: &Path, office: &str) -> anyhow::Result<serde_json::Value> {
    let items: Vec<serde_json::Value> = serde_json::from_str(&ok(db, &["status", "--on", "2024-06-01", "--office", office])?)?;
    items
        .into_iter()
        .find(|i| i["documentNumberLine"] == FIXTURE_NUMBER && i["label"] == "Báo cáo 6 tháng")
        .ok_or_else(|| anyhow::anyhow!("no six-month deadline for {office}"))
}

/// The province's status list and printed checklists, which fail on a value they cannot read.
fn views_work(province: &Path, dir: &Path) -> anyhow::Result<()> {
    let items: Vec<serde_json::Value> = serde_json::from_str(&ok(province, &["status", "--on", "2024-06-05"])?)?;
    anyhow::ensure!(!items.is_empty(), "the status list lists deadlines");
    for kind in ["sub-offices", "matrix"] {
        let out = dir.join(format!("{kind}.pdf"));
        let out = out.display().to_string();
        ok(province, &["checklist", "--kind", kind, "--from", "2024-01-01", "--to", "2024-12-31", "--out", &out])?;
    }
    Ok(())
}

#[test]
fn a_district_report_for_a_siblings_deadline_is_refused_by_the_cli_and_by_the_province() -> anyhow::Result<()> {
    let data = TempData::new("cli-authorisation")?;
    let (province, district, stick) = two_offices(&data)?;
    let pto = six_month(&district, "PTO")?;
    let tdg = six_month(&district, "TDG")?;
    assert_eq!(pto["canRecordReport"], false, "the district's list does not offer a sibling's deadline: {pto}");
    assert_eq!(tdg["canRecordReport"], true, "{tdg}");

    let before = ok(&district, &["dump"])?;
    let pto_instance = pto["instanceId"].as_str().unwrap_or_default();
    let out = skh(&district)?
        .args(["report", "add", "--instance", pto_instance, "--date", "2024-05-28", "--by", "Lò Thị Mai", "--channel", "post"])
        .output()?;
    assert!(!out.status.success(), "a report for a sibling's deadline is refused");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("«Hội LHPN huyện Tam Đường» chỉ ghi nhận được báo cáo cho hạn của chính mình hoặc của đơn vị cấp dưới")
            && err.contains("«Hội LHPN huyện Phong Thổ»"),
        "{err}"
    );
    assert_eq!(ok(&district, &["dump"])?, before, "nothing was written");

    // The same report, and one of the district's own dated 30 February, written behind the app's back.
    let conn = rusqlite::Connection::open(&district)?;
    let office = |code: &str| -> anyhow::Result<String> {
        Ok(conn.query_row("SELECT id FROM offices WHERE code = ?1", [code], |r| r.get(0))?)
    };
    let (tdg_id, pto_id) = (office("TDG")?, office("PTO")?);
    let forge = |id: &str, instance: &str, office: &str, submitted_on: &str| -> anyhow::Result<()> {
        conn.execute(
            "INSERT INTO reports (id, instance_id, office_id, submitted_on, submitted_by, channel, note, owner_office_id,
                                  updated_at, change_seq)
             VALUES (?1, ?2, ?3, ?4, 'Lò Thị Mai', 'post', '', ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 900000)",
            [id, instance, office, submitted_on, &tdg_id],
        )?;
        Ok(())
    };
    forge("0193a000-0000-7000-8000-000000000001", pto_instance, &pto_id, "2024-05-28")?;
    forge("0193a000-0000-7000-8000-000000000002", tdg["instanceId"].as_str().unwrap_or_default(), &tdg_id, "2024-02-30")?;
    drop(conn);
    let up = ok(&district, &["export", "--to", &stick.display().to_string()])?;

    let before = ok(&province, &["dump"])?;
    let outcome: serde_json::Value = serde_json::from_str(&ok(&province, &["import", up.trim()])?)?;
    let issues = outcome["preview"]["issues"].as_array().cloned().unwrap_or_default();
    let reasons: Vec<&str> = issues.iter().filter(|i| i["kind"] == "refused").filter_map(|i| i["reason"].as_str()).collect();
    assert_eq!(reasons.len(), 2, "{outcome}");
    assert!(
        reasons.iter().any(|r| r.starts_with(
            "Báo cáo nộp ngày 28/05/2024 cho hạn «Báo cáo 6 tháng» của «Hội LHPN huyện Phong Thổ» bị từ chối: «Hội LHPN huyện Tam Đường» chỉ ghi nhận"
        )),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.starts_with("Báo cáo nộp ngày «2024-02-30» cho hạn «Báo cáo 6 tháng» của «Hội LHPN huyện Tam Đường» bị từ chối: ngày nộp «2024-02-30» không phải là một ngày có thật")),
        "{reasons:?}"
    );
    assert_eq!(ok(&province, &["dump"])?, before, "the province holds nothing of either");
    assert_eq!(six_month(&province, "PTO")?["submittedOn"], serde_json::Value::Null, "PTO has not reported");
    views_work(&province, data.dir())?;
    Ok(())
}
