//! Writing and compiling reports through `skh`: the province imports a real plan with its outline,
//! the district drafts its report skeleton (`skh report draft`), sends the report with the file up
//! by bundle, and the province compiles the districts' reports (`skh report compile`): the district
//! is there with every heading, the others are listed as missing. The outline is shown and set from
//! an outline document (`skh report outline`); a damaged outline file exits 2 with its message.

use std::path::Path;

use sokehoach_tests::{TempData, skh};

use super::stdout;

const PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../src-tauri/core/tests/fixtures/outlines/kh-tong-ket-chi-thi-21.txt");
const OUTLINE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../src-tauri/core/tests/fixtures/outlines/de-cuong-so-ket-6-thang-2022.txt");

fn ok(db: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = skh(db)?.args(args).output()?;
    anyhow::ensure!(out.status.success(), "skh {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(stdout(&out))
}

/// The instance of the plan's districts' report for `office`, as `db` lists it.
fn deadline(db: &Path, office: &str) -> anyhow::Result<serde_json::Value> {
    let items: Vec<serde_json::Value> = serde_json::from_str(&ok(db, &["status", "--on", "2023-10-01", "--office", office])?)?;
    items
        .into_iter()
        .find(|i| i["documentNumberLine"] == "Số: 215/KH-HPN")
        .ok_or_else(|| anyhow::anyhow!("no report deadline of the plan for {office}"))
}

#[test]
fn a_district_drafts_its_report_and_the_province_compiles_what_came_back() -> anyhow::Result<()> {
    let data = TempData::new("cli-reports")?;
    let province = data.dir().join("tinh").join("skh.db");
    let district = data.dir().join("huyen").join("skh.db");
    let stick = data.dir().join("usb");
    let stick_arg = stick.display().to_string();
    ok(&province, &["demo"])?;
    let plan_file = data.dir().join("plan.json");
    // The reviewer keeps the tasks matched to offices (the province's own staff task is dropped).
    let mut plan: serde_json::Value = serde_json::from_str(&ok(&province, &["extract", PLAN, "--plan", "--resolve"])?)?;
    if let Some(tasks) = plan["tasks"].as_array_mut() {
        tasks.retain(|t| t["assignees"].as_array().is_some_and(|a| !a.is_empty()));
    }
    std::fs::write(&plan_file, plan.to_string())?;
    ok(&province, &["plan", "add", &plan_file.display().to_string()])?;
    let tdg = deadline(&province, "TDG")?;
    let rule = tdg["ruleId"].as_str().expect("rule id").to_string();
    let outline: serde_json::Value = serde_json::from_str(&ok(&province, &["report", "outline", "--rule", &rule])?)?;
    assert_eq!(outline["headings"].as_array().map(Vec::len), Some(12), "the plan's outline is on the rule: {outline}");

    let setup = ok(&province, &["export", "--setup", "--recipient", "TDG", "--to", &stick_arg])?;
    ok(&district, &["import", setup.trim()])?;
    let instance = deadline(&district, "TDG")?["instanceId"].as_str().expect("instance").to_string();
    let draft = data.dir().join("Báo cáo tổng kết Tam Đường.docx");
    let saved: serde_json::Value = serde_json::from_str(&ok(&district, &["report", "draft", "--instance", &instance, "--out", &draft.display().to_string(), "--signer", "Lò Thị Mai", "--signer-title", "TM. BAN THƯỜNG VỤ\\nCHỦ TỊCH"])?)?;
    assert_eq!(saved["outlineFromPlan"], true, "{saved}");
    assert_eq!(saved["headings"], 12);
    let read: serde_json::Value = serde_json::from_str(&ok(&district, &["extract", &draft.display().to_string()])?)?;
    let text = read["sourceText"].as_str().unwrap_or_default();
    for part in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "1. Đánh giá công tác chỉ đạo, triển khai thực hiện Chỉ thị", "5. Đề xuất, kiến nghị", "Nơi nhận:", "Lò Thị Mai"] {
        assert!(text.contains(part), "the skeleton has «{part}»:\n{text}");
    }

    // The district sends the skeleton as its report; the province compiles.
    ok(&district, &["report", "add", "--instance", &instance, "--date", "2023-10-12", "--by", "Văn thư", "--file", &draft.display().to_string()])?;
    let up = ok(&district, &["export", "--to", &stick_arg])?;
    ok(&province, &["import", up.trim()])?;
    let synthesis = data.dir().join("Tổng hợp.docx");
    let outcome: serde_json::Value = serde_json::from_str(&ok(&province, &["report", "compile", "--rule", &rule, "--period", "once", "--out", &synthesis.display().to_string()])?)?;
    let offices = outcome["offices"].as_array().expect("offices");
    let tam_duong = offices.iter().find(|o| o["officeName"] == "Hội LHPN huyện Tam Đường").expect("Tam Đường");
    assert_eq!(tam_duong["status"], "onTime");
    assert_eq!(tam_duong["headingsFound"], 12, "{tam_duong}");
    assert!(offices.iter().filter(|o| o["officeName"] != "Hội LHPN huyện Tam Đường").all(|o| o["status"] == "missing"), "{offices:?}");
    let same: serde_json::Value = serde_json::from_str(&ok(&province, &["report", "compile", "--instance", tdg["instanceId"].as_str().unwrap_or_default(), "--out", &synthesis.display().to_string()])?)?;
    assert_eq!(same["offices"], outcome["offices"], "an instance names the same deadline");
    let read: serde_json::Value = serde_json::from_str(&ok(&province, &["extract", &synthesis.display().to_string()])?)?;
    let text = read["sourceText"].as_str().unwrap_or_default();
    assert!(text.contains("TÌNH HÌNH GỬI BÁO CÁO") && text.contains("Hội LHPN huyện Phong Thổ: chưa gửi báo cáo"), "{text}");

    // The outline set from an outline document, and a file that is not one.
    let set: serde_json::Value = serde_json::from_str(&ok(&province, &["report", "outline", "--rule", &rule, "--from", OUTLINE])?)?;
    assert_eq!(set["headings"][0]["text"], "ĐẶC ĐIỂM TÌNH HÌNH");
    let broken = data.dir().join("de-cuong.docx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip")?;
    let out = skh(&province)?.args(["report", "outline", "--rule", &rule, "--from", &broken.display().to_string()]).output()?;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Tệp Word (.docx) bị hỏng"), "{out:?}");
    let still: serde_json::Value = serde_json::from_str(&ok(&province, &["report", "outline", "--rule", &rule])?)?;
    assert_eq!(still, set, "a refused outline changes nothing");
    Ok(())
}
