//! Black-box tests of `skh`: what a script sees — exit codes, output and the store it leaves.

mod authorisation;
mod excel;
mod backup;
mod exchange;
mod exit_codes;
mod faults;
mod recovery;
mod reorganise;
mod reports;

use std::process::Output;

use sokehoach_tests::{TempData, skh};

fn run(data: &TempData, args: &[&str]) -> anyhow::Result<Output> {
    Ok(skh(&data.db_path())?.args(args).output()?)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn demo_loads_the_sample_province_and_plans_once() -> anyhow::Result<()> {
    let data = TempData::new("cli-demo")?;
    let first = run(&data, &["demo"])?;
    assert!(first.status.success(), "{first:?}");
    assert!(stdout(&first).contains("9 đơn vị, 5 văn bản"), "{}", stdout(&first));
    let second = run(&data, &["demo"])?;
    assert!(stdout(&second).contains("0 đơn vị, 0 văn bản"), "loading twice adds nothing: {}", stdout(&second));
    let offices = stdout(&run(&data, &["office", "list"])?);
    assert!(offices.contains("LCU\tHội LHPN tỉnh Lai Châu\t[Tỉnh]  (đơn vị của tôi)"), "{offices}");
    Ok(())
}

#[test]
fn search_without_diacritics_finds_dang_and_phu_nu() -> anyhow::Result<()> {
    let data = TempData::new("cli-search")?;
    assert!(run(&data, &["demo"])?.status.success());
    let out = stdout(&run(&data, &["search", "xay", "dung", "dang"])?);
    assert!(out.contains("Đảng"), "«xay dung dang» should find text with «Đảng»: {out}");
    let json = run(&data, &["search", "--json", "binh dang gioi lai chau"])?;
    let hits: serde_json::Value = serde_json::from_slice(&json.stdout)?;
    let titles: Vec<&str> = hits.as_array().into_iter().flatten().filter_map(|h| h["document"]["title"].as_str()).collect();
    assert_eq!(
        titles.first().copied(),
        Some("Thực hiện công tác bình đẳng giới và hoạt động vì sự tiến bộ của phụ nữ trên địa bàn tỉnh Lai Châu năm 2024"),
        "the plan with every word in its title ranks first: {titles:?}"
    );
    assert!(!titles.iter().any(|t| t.starts_with("Về ")), "the directive and the resolution lack these words: {titles:?}");
    Ok(())
}

#[test]
fn doc_list_is_in_vietnamese_order_and_can_sort_by_date() -> anyhow::Result<()> {
    let data = TempData::new("cli-list")?;
    assert!(run(&data, &["demo"])?.status.success());
    let by_issuer: serde_json::Value = serde_json::from_slice(&run(&data, &["doc", "list", "--order", "issuer", "--json"])?.stdout)?;
    let issuers: Vec<&str> = by_issuer.as_array().into_iter().flatten().filter_map(|d| d["issuer"].as_str()).collect();
    // "Ban Bí thư" < "Ban Thường vụ Liên đoàn" < "Ban Thường vụ Tỉnh ủy" < "Bộ Chính trị" in Vietnamese order.
    assert_eq!(
        issuers,
        [
            "Ban Bí thư Trung ương Đảng (khóa XII)",
            "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu",
            "Ban Thường vụ Tỉnh ủy",
            "Ban Thường vụ Tỉnh ủy",
            "Bộ Chính trị (khóa X)"
        ]
    );
    let by_date = stdout(&run(&data, &["doc", "list", "--order", "date"])?);
    let first = by_date.lines().next().unwrap_or_default();
    assert!(first.contains("20/01/2018\tSố 21-CT/TW"), "newest dated first: {first}");
    Ok(())
}

#[test]
fn dump_is_deterministic_and_has_no_dump_time() -> anyhow::Result<()> {
    let data = TempData::new("cli-dump")?;
    assert!(run(&data, &["demo"])?.status.success());
    let a = run(&data, &["dump"])?;
    std::thread::sleep(std::time::Duration::from_millis(20));
    let b = run(&data, &["dump"])?;
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout, "two dumps of one store are byte-for-byte equal");
    let text = stdout(&a);
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line)?;
        assert!(value["table"].is_string() && value["record"].is_object(), "{line}");
    }
    assert_eq!(text.lines().filter(|l| l.contains("\"table\":\"documents\"")).count(), 5);
    assert!(!text.contains("change_seq") && !text.contains("search_text"), "local bookkeeping stays out");
    Ok(())
}

#[test]
fn a_wrong_file_is_refused_with_a_clear_message_and_left_as_it_was() -> anyhow::Result<()> {
    let data = TempData::new("cli-wrong-file")?;
    let path = data.dir().join("ghi-chu.txt");
    std::fs::write(&path, "Danh sách việc cần làm tuần này.\n".repeat(300))?;
    let before = std::fs::read(&path)?;
    let out = skh(&path)?.args(["doc", "list"]).output()?;
    assert!(!out.status.success(), "a text file is not a store");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("không phải là cơ sở dữ liệu của Sổ Kế Hoạch"), "{err}");
    assert_eq!(std::fs::read(&path)?, before, "the file is untouched");
    Ok(())
}

#[test]
fn usage_mistakes_exit_non_zero() -> anyhow::Result<()> {
    let data = TempData::new("cli-usage")?;
    assert!(!run(&data, &["no-such-command"])?.status.success());
    assert!(!run(&data, &["search"])?.status.success(), "search needs words");
    Ok(())
}

fn fixture(name: &str) -> String {
    sokehoach_tests::workspace_root().join("tests/cli/fixtures").join(name).display().to_string()
}

/// The number line of the fixture plan, which tells its deadlines from the sample data's.
const FIXTURE_NUMBER: &str = "Số: /KH-LĐLĐ";

/// The fixture plan's deadline instances with their status on `on`.
fn status(data: &TempData, on: &str) -> anyhow::Result<Vec<serde_json::Value>> {
    let out = run(data, &["status", "--on", on])?;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let all = serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)?;
    Ok(all.into_iter().filter(|i| i["documentNumberLine"] == FIXTURE_NUMBER).collect())
}

/// The instance id of the fixture plan's deadline for an office and label.
fn instance(data: &TempData, office: &str, label: &str) -> anyhow::Result<String> {
    let items = status(data, "2024-06-01")?;
    Ok(find(&items, office, label)["instanceId"].as_str().unwrap_or_default().to_string())
}

fn find<'a>(items: &'a [serde_json::Value], office: &str, label: &str) -> &'a serde_json::Value {
    items
        .iter()
        .find(|i| i["officeCode"] == office && i["label"] == label)
        .unwrap_or_else(|| panic!("no {label} for {office} in {items:?}"))
}

#[test]
fn a_plan_file_its_reports_and_statuses_through_the_cli() -> anyhow::Result<()> {
    let data = TempData::new("cli-plan")?;
    assert!(run(&data, &["demo"])?.status.success());
    let added = run(&data, &["plan", "add", &fixture("plan-binh-dang-gioi-2024.json")])?;
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let items = status(&data, "2024-05-31")?;
    // Four districts × two yearly reports (2024 only) + the ward's tiered report.
    assert_eq!(items.len(), 9, "{items:?}");
    assert_eq!(find(&items, "TDG", "Báo cáo 6 tháng")["status"], "overdue", "due 30/5, nothing submitted");
    assert_eq!(find(&items, "DTH", "Báo cáo sơ kết")["dueOn"], "2024-06-14", "the ward takes the commune date");

    let tdg = instance(&data, "TDG", "Báo cáo 6 tháng")?;
    let report = run(
        &data,
        &["report", "add", "--instance", &tdg, "--date", "2024-05-30", "--by", "Lò Thị Mai", "--channel", "post", "--received", "2024-06-03"],
    )?;
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let pto = instance(&data, "PTO", "Báo cáo 6 tháng")?;
    let late = run(&data, &["report", "add", "--instance", &pto, "--date", "2024-05-31", "--by", "Văn thư"])?;
    assert!(late.status.success(), "{}", String::from_utf8_lossy(&late.stderr));
    let items = status(&data, "2024-06-05")?;
    assert_eq!(find(&items, "TDG", "Báo cáo 6 tháng")["status"], "received");
    assert_eq!(find(&items, "TDG", "Báo cáo 6 tháng")["submittedOn"], "2024-05-30", "on the due date is on time");
    assert_eq!(find(&items, "SHO", "Báo cáo 6 tháng")["status"], "overdue");
    let pto = find(&items, "PTO", "Báo cáo 6 tháng");
    assert_eq!(pto["submittedOn"], "2024-05-31", "one day late");

    let office_only = run(&data, &["status", "--on", "2024-06-05", "--office", "DTH"])?;
    let only: Vec<serde_json::Value> = serde_json::from_slice(&office_only.stdout)?;
    assert!(only.iter().all(|i| i["officeCode"] == "DTH"), "only the ward's deadlines");
    assert_eq!(only.iter().filter(|i| i["documentNumberLine"] == FIXTURE_NUMBER).count(), 1);
    let ambiguous = run(&data, &["report", "add", "--office", "SHO", "--due", "2024-05-30", "--date", "2024-05-20", "--by", "A"])?;
    assert!(!ambiguous.status.success(), "two deadlines that day: the CLI asks for --instance");
    assert!(String::from_utf8_lossy(&ambiguous.stderr).contains("--instance"));
    Ok(())
}

#[test]
fn a_second_report_for_the_same_deadline_is_refused() -> anyhow::Result<()> {
    let data = TempData::new("cli-report-twice")?;
    assert!(run(&data, &["demo"])?.status.success());
    assert!(run(&data, &["plan", "add", &fixture("plan-binh-dang-gioi-2024.json")])?.status.success());
    let tdg = instance(&data, "TDG", "Báo cáo năm")?;
    let args = ["report", "add", "--instance", tdg.as_str(), "--date", "2024-05-20", "--by", "A"];
    assert!(run(&data, &args)?.status.success());
    let before = stdout(&run(&data, &["dump"])?);
    let again = run(&data, &args)?;
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("đã có báo cáo"));
    assert_eq!(stdout(&run(&data, &["dump"])?), before, "nothing changed");
    Ok(())
}

#[test]
fn a_broken_plan_file_is_refused_and_changes_nothing() -> anyhow::Result<()> {
    let data = TempData::new("cli-plan-broken")?;
    assert!(run(&data, &["demo"])?.status.success());
    let before = stdout(&run(&data, &["dump"])?);
    let broken = data.dir().join("hong.json");
    let text = std::fs::read_to_string(fixture("plan-binh-dang-gioi-2024.json"))?;
    std::fs::write(&broken, &text[..text.len() / 2])?;
    let out = run(&data, &["plan", "add", &broken.display().to_string()])?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("không đúng định dạng"), "{}", String::from_utf8_lossy(&out.stderr));
    let unknown = data.dir().join("sai-ma.json");
    std::fs::write(&unknown, text.replace("\"DTH\"", "\"KHONGCO\""))?;
    let out = run(&data, &["plan", "add", &unknown.display().to_string()])?;
    assert!(String::from_utf8_lossy(&out.stderr).contains("«KHONGCO»"));
    assert_eq!(stdout(&run(&data, &["dump"])?), before);
    Ok(())
}
