//! The miss families of the first blind run (`docs/extraction.md`, "Misses of the first run"):
//! one test per family, over short texts written for the family (never the batch's documents).

use chrono::NaiveDate;

use super::*;
use crate::deadlines::RuleSpec;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Per deadline: the task's office phrases, the deadline's submitter and its rule.
fn deadlines(e: &Extraction) -> Vec<(Vec<String>, Option<String>, RuleSpec)> {
    e.plan
        .tasks
        .iter()
        .zip(&e.tasks)
        .flat_map(|(t, x)| t.deadlines.iter().zip(&x.deadlines).map(move |(d, xd)| (x.assignees.clone(), xd.submitter.clone(), d.rule.clone())))
        .collect()
}

/// The office phrases of the tasks whose deadline is `rule`.
fn offices_of(e: &Extraction, rule: &RuleSpec) -> Vec<Vec<String>> {
    deadlines(e).into_iter().filter(|(_, _, r)| r == rule).map(|(a, _, _)| a).collect()
}

fn rules(e: &Extraction) -> Vec<RuleSpec> {
    deadlines(e).into_iter().map(|(_, _, r)| r).collect()
}

const HEAD: &str = "ỦY BAN MTTQ VIỆT NAM\nXÃ AN BÌNH\nBAN THƯỜNG TRỰC\nSố: 12/KH-MTTQ-BTT\n\nAn Bình, ngày 18 tháng 11 năm 2025\n\nKẾ HOẠCH\nThực hiện công tác bầu cử\n\n";

#[test]
fn a_label_line_under_an_item_names_its_office_or_role() {
    let text = format!(
        "{HEAD}II. NỘI DUNG\n1.1. Xây dựng và ban hành hướng dẫn về công tác bầu cử.\n- Thời gian hoàn thành: trước ngày 30/11/2025.\n- Đơn vị chủ trì: Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội\n- Đơn vị phối hợp: Các đồng chí chuyên viên cơ quan.\n1.2. Tổ chức hội nghị hiệp thương.\n- Đơn vị thực hiện: Ban Công tác mặt trận thôn (chủ trì).\n- Thời gian: chậm nhất ngày 10/12/2025.\n1.3. Tổng hợp danh sách cử tri.\n- Người thực hiện: Ban Thường trực Ủy ban MTTQ Việt Nam xã; đơn vị phối hợp: Văn phòng.\n- Thời gian hoàn thành: trước ngày 20/12/2025.\n1.4. Tuyên truyền về bầu cử.\n- Thời gian hoàn thành: trước ngày 25/12/2025.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let role = "Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội".to_string();
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 11, 30) }), [vec![role.clone()]]);
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 10) }), [vec!["Ban Công tác mặt trận thôn".to_string()]]);
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 20) }), [vec!["Ban Thường trực Ủy ban MTTQ Việt Nam xã".to_string()]]);
    // An item without a label line keeps no office of the item above.
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 25) }), [Vec::<String>::new()]);
    // The "phối hợp" line is no assignee.
    assert!(!e.tasks.iter().flat_map(|t| &t.assignees).any(|a| a.contains("chuyên viên")));

    // A role inside our own office resolves as a role assignee, with its portfolio.
    let (_dir, store) = crate::testing::province();
    let offices = store.list_offices().expect("offices");
    let levels = store.office_levels().expect("levels");
    assert_eq!(
        match_assignee(&role, &offices, &levels),
        vec![PlanAssignee::Role { role: "Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội".into() }]
    );
    // A label that is a sentence ("Chủ trì hội nghị …") is not a label line.
    let e = extract_text(&format!("{HEAD}1. Tổ chức hội nghị.\n- Chủ trì hội nghị là Ban Thường trực, trước ngày 05/12/2025.\n")).expect("extracts");
    assert!(!e.tasks.iter().flat_map(|t| &t.assignees).any(|a| a.starts_with("hội nghị")), "{:?}", e.tasks);
}

#[test]
fn a_meeting_heading_is_no_office_and_its_items_label_line_is() {
    let text = format!(
        "{HEAD}II. NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH NHIỆM THỰC HIỆN\n1. Hội nghị hiệp thương lần thứ nhất\n1.1. Nội dung: Hiệp thương về cơ cấu, thành phần.\n- Thời gian: chậm nhất ngày 10/12/2025.\n- Đơn vị chủ trì: Ban Công tác mặt trận thôn.\n2. Hội nghị hiệp thương lần thứ hai\n2.1. Nội dung: Lập danh sách sơ bộ.\n- Thời gian: chậm nhất ngày 03/02/2026.\n- Đơn vị chủ trì: Ban Thường trực Ủy ban MTTQ Việt Nam xã.\n"
    );
    let e = extract_text(&text).expect("extracts");
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 10) }), [vec!["Ban Công tác mặt trận thôn".to_string()]]);
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2026, 2, 3) }), [vec!["Ban Thường trực Ủy ban MTTQ Việt Nam xã".to_string()]]);
    assert!(!e.tasks.iter().flat_map(|t| &t.assignees).any(|a| a.starts_with("Hội nghị")), "{:?}", e.tasks);
}
