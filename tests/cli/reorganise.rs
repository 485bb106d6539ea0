//! Reorganising the sample province through the CLI: the preview changes nothing, applying does
//! what it said, the office list shows the closed offices, and the 2025 case (a district
//! dissolved, two communes merged) keeps every report.

use sokehoach_tests::TempData;

use super::exchange::{dump, ok};

#[test]
fn a_district_is_dissolved_and_two_communes_merged() -> anyhow::Result<()> {
    let data = TempData::new("cli-reorganise")?;
    let db = data.db_path();
    ok(&db, &["demo"])?;
    let before = dump(&db)?;
    let preview: serde_json::Value =
        serde_json::from_str(&ok(&db, &["office", "reorganise", "merge", "BGI", "--into", "BLU", "--from", "2026-07-01"])?)?;
    assert_eq!(preview["applied"], false);
    assert_eq!(dump(&db)?, before, "a preview changes nothing");
    let merged: serde_json::Value =
        serde_json::from_str(&ok(&db, &["office", "reorganise", "merge", "BGI", "--into", "BLU", "--from", "2026-07-01", "--apply"])?)?;
    assert_eq!(merged["applied"], true);
    assert_eq!(merged["changes"], preview["changes"], "the preview said what applying does");
    let dissolved: serde_json::Value =
        serde_json::from_str(&ok(&db, &["office", "reorganise", "dissolve", "TDG", "--from", "2026-07-01", "--apply"])?)?;
    let said = dissolved["changes"].to_string();
    assert!(said.contains("«Hội LHPN huyện Tam Đường» giải thể từ ngày 01/07/2026"), "{said}");
    let list = ok(&db, &["office", "list"])?;
    let line = |code: &str| list.lines().find(|l| l.trim_start().starts_with(&format!("{code}\t"))).unwrap_or_default().to_string();
    assert!(line("TDG").contains("(không còn từ 01/07/2026)"), "{list}");
    assert!(line("BGI").contains("(không còn từ 01/07/2026)"), "{list}");
    assert_eq!(line("BLU").len() - line("BLU").trim_start().len(), 4, "Bình Lư now sits right under the province: {list}");
    let reports = |dump: &str| dump.lines().filter(|l| l.contains("\"table\":\"reports\"")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(reports(&dump(&db)?), reports(&before), "every report stays as it was");
    // A wrong day is a clear message, not a change.
    let out = sokehoach_tests::skh(&db)?.args(["office", "reorganise", "close", "BLU", "--from", "2026-02-30", "--apply"]).output()?;
    assert!(!out.status.success());
    Ok(())
}
