//! Black-box tests of `skh`: what a script sees — exit codes, output and the store it leaves.

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
