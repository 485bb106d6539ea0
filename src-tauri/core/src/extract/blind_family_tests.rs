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

#[test]
fn names_holding_a_verb_or_preposition_stay_whole() {
    let text = format!(
        "{HEAD}1. Nộp hồ sơ\nChậm nhất là 17 giờ 00 ngày 01 tháng 2 năm 2026, người ứng cử đại biểu Hội đồng nhân dân cấp xã phải hoàn thành việc nộp hồ sơ ứng cử.\nChậm nhất là ngày 02 tháng 2 năm 2026, Ủy ban bầu cử tỉnh chuyển hồ sơ đến Hội đồng bầu cử quốc gia.\nTổ bầu cử hoàn thành việc niêm yết danh sách cử tri trước ngày 05/02/2026.\nChậm nhất là ngày 06 tháng 2 năm 2026, biên bản hội nghị cử tri nơi công tác của cơ quan, tổ chức, đơn vị ở tỉnh nhận xét về người được giới thiệu phải được chuyển đến Ban Thường trực.\na) Chậm nhất là 17 giờ 00 ngày 07 tháng 2 năm 2026, biên bản hội nghị cử tri nơi công tác và biên bản hội nghị ban lãnh đạo mở rộng của Ban Tuyên giáo tỉnh nhận xét về người được giới thiệu phải được chuyển đến Ban Thường trực.\nBáo cáo hoạt động giám sát của Ủy ban MTTQ Việt Nam xã theo hướng dẫn của cấp trên về Ban Thường trực tỉnh chậm nhất ngày 18/3/2026.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let who = |due| -> Vec<String> {
        deadlines(&e).into_iter().filter(|(_, _, r)| *r == RuleSpec::Date { due }).flat_map(|(a, s, _)| a.into_iter().chain(s)).collect()
    };
    assert!(who(day(2026, 2, 1)).contains(&"người ứng cử đại biểu Hội đồng nhân dân cấp xã".to_string()), "{:?}", who(day(2026, 2, 1)));
    assert!(who(day(2026, 2, 2)).contains(&"Ủy ban bầu cử tỉnh".to_string()), "{:?}", who(day(2026, 2, 2)));
    assert!(who(day(2026, 2, 5)).contains(&"Tổ bầu cử".to_string()), "{:?}", who(day(2026, 2, 5)));
    assert!(who(day(2026, 2, 6)).contains(&"cơ quan, tổ chức, đơn vị ở tỉnh".to_string()), "{:?}", who(day(2026, 2, 6)));
    assert!(who(day(2026, 2, 7)).contains(&"Ban Tuyên giáo tỉnh".to_string()), "{:?}", who(day(2026, 2, 7)));
    assert!(who(day(2026, 3, 18)).contains(&"Ủy ban MTTQ Việt Nam xã".to_string()), "{:?}", who(day(2026, 3, 18)));
}

#[test]
fn a_time_line_inherits_the_office_of_its_item_or_section() {
    let text = format!(
        "{HEAD}III. NỘI DUNG GIÁM SÁT\nBan Thường trực Ủy ban MTTQ phường giám sát các nội dung sau:\n1. Giám sát việc thành lập các tổ chức phụ trách bầu cử\n- Ủy ban MTTQ phường giám sát việc thành lập các tổ chức phụ trách bầu cử. Cụ thể:\n- Cơ cấu, thành phần của Tổ bầu cử;\n* Thời gian thực hiện: trước ngày 14/12/2025.\n2. Kiểm tra việc hiệp thương\n- Việc bảo đảm tiêu chuẩn, cơ cấu;\n* Thời gian thực hiện: trước ngày 08/02/2026.\n3. Nộp hồ sơ\n- Người ứng cử nộp hồ sơ tại Ủy ban bầu cử xã.\n- Ban công tác Mặt trận chuyển biên bản hội nghị cử tri đến Ban Thường trực.\n- Việc chuyển các biên bản nói trên phải hoàn thành chậm nhất ngày 01/02/2026.\nIV. TỔ CHỨC THỰC HIỆN\n1. Ban Thường trực Ủy ban MTTQ Việt Nam xã\n- Xây dựng kế hoạch.\n- Tổng hợp hồ sơ những người được giới thiệu (hoàn thành chậm nhất ngày 01/02/2026).\n- Giao đồng chí Phó Chủ tịch Ủy ban MTTQ Việt Nam xã thực hiện nhiệm vụ.\n2. Chuyên viên Cơ quan Ủy ban MTTQ xã\n- Chuyên viên tổng hợp chuẩn bị nội dung hội nghị.\nV. THỜI GIAN\n- Từ ngày 05/02/2026 - 08/02/2026: Ban Thường trực Ủy ban MTTQ Việt Nam xã trao đổi với cơ quan, tổ chức, đơn vị có người ứng cử.\n"
    );
    let e = extract_text(&text).expect("extracts");
    // The item's own subject; then, for an item naming nobody, its section's lead sentence.
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 14) }), [vec!["Ủy ban MTTQ phường".to_string()]]);
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2026, 2, 8) }), [vec!["Ban Thường trực Ủy ban MTTQ phường".to_string()]]);
    // A passive line: the nearest sentence above it in its item names who acts.
    // A group heading's office reaches a dash naming nobody, even when another dash names someone.
    let mut both = offices_of(&e, &RuleSpec::Date { due: day(2026, 2, 1) });
    both.sort();
    assert_eq!(both, [vec!["Ban Thường trực Ủy ban MTTQ Việt Nam xã".to_string()], vec!["Ban công tác Mặt trận".to_string()]]);
    // "Từ ngày … - …: X trao đổi với Y": X acts, not Y.
    assert_eq!(
        offices_of(&e, &RuleSpec::Range { start: day(2026, 2, 5), end: day(2026, 2, 8) }),
        [vec!["Ban Thường trực Ủy ban MTTQ Việt Nam xã".to_string()]]
    );
}

#[test]
fn a_label_line_wins_over_a_heading_read_as_an_office() {
    let text = format!(
        "{HEAD}II. NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH NHIỆM THỰC HIỆN\n1. Tiếp công dân, tiếp nhận và xử lý đơn thư liên quan đến bầu cử\n1.1. Ban hành kế hoạch tiếp công dân.\n- Thời gian hoàn thành: Quý IV/2025;\n- Đơn vị chủ trì: Đồng chí Phó chủ tịch Thường trực\n2. Công tác tuyên truyền\n2.1. Ban hành kế hoạch tuyên truyền.\n- Thời gian hoàn thành: trong tháng 12/2025.\n- Đơn vị chủ trì: Ban Tuyên giáo\n"
    );
    let e = extract_text(&text).expect("extracts");
    assert_eq!(offices_of(&e, &RuleSpec::Quarter { year: 2025, quarter: 4 }), [vec!["Đồng chí Phó chủ tịch Thường trực".to_string()]]);
    assert_eq!(offices_of(&e, &RuleSpec::Month { year: 2025, month: 12 }), [vec!["Ban Tuyên giáo".to_string()]]);
}

#[test]
fn planned_days_restatements_and_summaries_are_no_second_deadline() {
    let text = format!(
        "{HEAD}II. NỘI DUNG\n1. Hội nghị hiệp thương lần thứ nhất\n- Thời gian: Dự kiến ngày 05/12/2025 (Chậm nhất ngày 10/12/2025 - 95 ngày trước bầu cử).\n- Đơn vị chủ trì: Ban Công tác mặt trận thôn.\n2. Tổ chức các hội nghị hiệp thương\n(1) Hiệp thương lần thứ nhất: Chậm nhất ngày 12/12/2025.\n(2) Hiệp thương lần thứ hai: Chậm nhất ngày 03/02/2026.\n- Thời gian hoàn thành: Quý IV/2025 và Quý I/2026;\n- Đơn vị chủ trì: Ban Thường trực\n3. Lấy ý kiến cử tri\n- Thời gian thực hiện: từ ngày 04/02/2026 đến ngày 08/02/2026.\n- Đơn vị chủ trì: Ban Thường trực\nLưu ý: Hội nghị cử tri nơi công tác cũng được tổ chức từ ngày 04/02/2026 đến ngày 08/02/2026.\n4. Tuyên truyền\n- Thời gian hoàn thành: Dự kiến tháng 11/2025.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let r = rules(&e);
    // The latest day, not the planned one, and not the count restating it.
    assert!(r.contains(&RuleSpec::Date { due: day(2025, 12, 10) }), "{r:?}");
    assert!(!r.contains(&RuleSpec::Date { due: day(2025, 12, 5) }), "{r:?}");
    assert!(!r.iter().any(|x| matches!(x, RuleSpec::Relative { .. })), "{r:?}");
    // The quarters summarise the days above them.
    assert!(r.contains(&RuleSpec::Date { due: day(2026, 2, 3) }), "{r:?}");
    assert!(!r.iter().any(|x| matches!(x, RuleSpec::Quarter { .. })), "{r:?}");
    // The note repeats the period: one deadline.
    let period = RuleSpec::Range { start: day(2026, 2, 4), end: day(2026, 2, 8) };
    assert_eq!(r.iter().filter(|x| **x == period).count(), 1, "{r:?}");
    // A bracketed period after an activity restates the period read before; a bracketed latest
    // day is a deadline even when another line has the same day.
    let e2 = extract_text(&format!(
        "{HEAD}1. Các cơ quan giới thiệu người ứng cử từ ngày 17/12/2025 đến ngày 25/01/2026.\n2. Các thôn này không tổ chức Hội nghị cử tri ở Bước Hai (giai đoạn từ 17/12/2025 đến 25/01/2026).\n3. Hội nghị lần hai\n- Thời gian: Dự kiến ngày 30/01/2026 (Chậm nhất ngày 03/02/2026).\n- Ban Thường trực báo cáo Ban Thường trực tỉnh chậm nhất ngày 03/02/2026.\n"
    ))
    .expect("extracts");
    let r2 = rules(&e2);
    assert_eq!(r2.iter().filter(|x| **x == RuleSpec::Range { start: day(2025, 12, 17), end: day(2026, 1, 25) }).count(), 1, "{r2:?}");
    assert_eq!(r2.iter().filter(|x| **x == RuleSpec::Date { due: day(2026, 2, 3) }).count(), 2, "{r2:?}");
    // A planned month with no latest day is the deadline.
    assert!(r.contains(&RuleSpec::Month { year: 2025, month: 11 }), "{r:?}");
    // A count that is the deadline itself stays.
    let e = extract_text(&format!("{HEAD}1. Ban Thường trực thông báo danh sách chậm nhất 05 ngày trước hội nghị cử tri.\n")).expect("extracts");
    assert!(rules(&e).iter().any(|x| matches!(x, RuleSpec::Relative { offset_days: -5, .. })), "{:?}", rules(&e));
}

#[test]
fn a_period_restated_in_the_appendix_is_the_same_deadline() {
    let text = format!(
        "{HEAD}1. Các cơ quan, đơn vị giới thiệu người ứng cử từ ngày 17/12/2025 đến ngày 25/01/2026.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. BAN THƯỜNG TRỰC\nCHỦ TỊCH\nLan Thị Vân\n\nPHỤ LỤC\nHƯỚNG DẪN TRÌNH TỰ THỰC HIỆN\nThời gian thực hiện: Từ ngày 17/12/2025 đến ngày 25/01/2026.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let period = RuleSpec::Range { start: day(2025, 12, 17), end: day(2026, 1, 25) };
    assert_eq!(rules(&e).iter().filter(|x| **x == period).count(), 1, "{:?}", rules(&e));
}

#[test]
fn periods_of_steps_phases_quarters_and_times_of_day() {
    let text = format!(
        "{HEAD}BƯỚC HAI\nCác cơ quan, tổ chức, đơn vị giới thiệu người ứng cử\n(Từ ngày 17/12/2025 đến ngày 25/01/2026)\nBƯỚC BA\nTổ chức hội nghị hiệp thương lần thứ hai\n(Thực hiện từ ngày 02/2 đến ngày 03/2/2026)\nII. NỘI DUNG\n1. Đợt 1: Từ ngày 05/12/2025 đến ngày 20/02/2026:\n- Giám sát việc lập danh sách cử tri.\n2. Theo dõi, tổng hợp, báo cáo về công tác bầu cử.\n- Thời gian thực hiện: Từ tháng 12/2025 đến quý I/2026.\n3. Tham gia các phiên họp của Ủy ban bầu cử xã.\n- Thời gian hoàn thành: tháng 11/2025 đến tháng 4/2026.\n4. Giám sát việc nộp hồ sơ.\n* Thời gian thực hiện: Trong khoảng thời gian từ ngày 17/12/2025 đến 17 giờ 00, ngày 01/02/2026.\n5. Thời gian, địa điểm tiếp nhận hồ sơ: Theo thông báo số 09/TB-UBBC ngày 12/12/2025 của Ủy ban bầu cử xã. Bắt đầu từ ngày 15/12/2025 và kết thúc vào 17 giờ 00 ngày 01/02/2026.\n6. Hội nghị hiệp thương lần thứ hai được thực hiện trong ngày 02/02/2026 đến ngày 03/02/2026.\n8. Đợt 2: Từ tháng 01 đến ngày bầu cử 15/3/2026\n- Tuyên truyền về cuộc bầu cử.\n7. Các hội nghị tiếp xúc cử tri được tiến hành từ ngày công bố danh sách chính thức (ngày 22 tháng 02 năm 2026) và kết thúc trước thời điểm bắt đầu bỏ phiếu 24h (trước 07h00 ngày 14/3/2026).\n"
    );
    let e = extract_text(&text).expect("extracts");
    let r = rules(&e);
    let range = |a, b| RuleSpec::Range { start: a, end: b };
    for want in [
        range(day(2025, 12, 17), day(2026, 1, 25)),
        range(day(2026, 2, 2), day(2026, 2, 3)),
        range(day(2025, 12, 5), day(2026, 2, 20)),
        range(day(2025, 12, 1), day(2026, 3, 31)),
        range(day(2025, 11, 1), day(2026, 4, 30)),
        range(day(2025, 12, 17), day(2026, 2, 1)),
        range(day(2025, 12, 15), day(2026, 2, 1)),
        range(day(2026, 2, 22), day(2026, 3, 14)),
        range(day(2026, 1, 1), day(2026, 3, 15)),
    ] {
        assert!(r.contains(&want), "{want:?} not in {r:?}");
    }
    // No end or start read as a date of its own.
    assert!(!r.iter().any(|x| matches!(x, RuleSpec::Date { .. } | RuleSpec::Month { .. } | RuleSpec::Quarter { .. })), "{r:?}");
    // The step's period is the work of the heading above it.
    assert_eq!(offices_of(&e, &range(day(2025, 12, 17), day(2026, 1, 25))), [vec!["Các cơ quan, tổ chức, đơn vị".to_string()]]);
}

#[test]
fn days_before_or_after_a_meeting_named_elsewhere_in_the_sentence() {
    let text = format!(
        "{HEAD}1. Ban Thường trực bảo đảm chỗ ngồi cho cử tri; thông báo đầy đủ, sớm trước 05 ngày về thời gian, địa điểm tổ chức hội nghị cử tri, trên các phương tiện thông tin.\n2. Gửi Biên bản Hội nghị hiệp thương lần thứ ba về Ban Thường trực tỉnh ngay sau khi tổ chức hội nghị 01 ngày.\n3. Thời gian gửi báo cáo kết quả về Ban Thường trực tỉnh ngay sau khi tổ chức Hội nghị hiệp thương theo quy định là sau 01 (một) ngày.\n4. Thời gian chậm nhất gửi báo cáo về Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh ngày 23/3/2026.\n5. Hội nghị kéo dài trong 02 ngày.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let r = rules(&e);
    let rel = |event: &str, offset_days| RuleSpec::Relative { event: event.into(), offset_days, event_date: None };
    assert!(r.contains(&rel("hội nghị cử tri", -5)), "{r:?}");
    assert!(r.contains(&rel("Hội nghị hiệp thương lần thứ ba", 1)), "{r:?}");
    assert!(r.contains(&rel("Hội nghị hiệp thương", 1)), "{r:?}");
    assert!(r.contains(&RuleSpec::Date { due: day(2026, 3, 23) }), "{r:?}");
    // The recipient ends before the date.
    let i = e.plan.tasks.iter().position(|t| t.deadlines.iter().any(|d| d.rule == RuleSpec::Date { due: day(2026, 3, 23) })).expect("task");
    assert_eq!(e.tasks[i].report_to.as_deref(), Some("Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"));
    // A duration is no deadline.
    assert_eq!(r.len(), 4, "{r:?}");
    // Each reaches the review as an event to date.
    assert_eq!(e.unresolved.iter().filter(|i| i.kind == IssueKind::EventDeadline).count(), 3);
}

#[test]
fn a_guidance_title_and_a_topic_label_name_who_acts() {
    let text = "ỦY BAN MTTQ VIỆT NAM\nXÃ AN BÌNH\nBAN THƯỜNG TRỰC\nSố: 09/HD-MTTQ-BTT\n\nAn Bình, ngày 22 tháng 12 năm 2025\n\nHƯỚNG DẪN\nCác cơ quan, tổ chức, đơn vị giới thiệu người ứng cử đại biểu Hội đồng nhân dân xã\n\n1. Trình tự giới thiệu\n- Cách tính tuổi theo quy định của Luật.\n5. Thủ tục\n- Số lượng người được giới thiệu theo phân bổ.\n- Người không được ghi tên vào danh sách cử tri theo quy định.\n- Thời gian thực hiện: Từ ngày 17/12/2025 đến ngày 25/01/2026.\nBiên bản hội nghị cử tri phải gửi về Ban Thường trực chậm nhất là 17 giờ 00 ngày 30/01/2026.\n6. Biên bản hội nghị (Bước 2): Các cơ quan, đơn vị và Ban CTMT thôn gửi toàn bộ biên bản về Ban Thường trực chậm nhất 17 giờ 00 ngày 25/01/2026.\n";
    let e = extract_text(text).expect("extracts");
    let acts = || vec!["Các cơ quan, tổ chức, đơn vị".to_string()];
    assert_eq!(offices_of(&e, &RuleSpec::Range { start: day(2025, 12, 17), end: day(2026, 1, 25) }), [acts()]);
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2026, 1, 30) }), [acts()]);
    let topic = offices_of(&e, &RuleSpec::Date { due: day(2026, 1, 25) });
    assert!(topic.iter().flatten().any(|a| a == "Các cơ quan, đơn vị"), "{topic:?}");
    // A thing at the head of a dash is never inherited as an office.
    assert!(!e.tasks.iter().flat_map(|t| &t.assignees).any(|a| ["Cách", "Số", "Người"].iter().any(|w| a.starts_with(w))), "{:?}", e.tasks);
}

#[test]
fn a_bare_meeting_takes_the_name_its_item_heading_gives() {
    let text = format!(
        "{HEAD}4.5. Ban Thường trực Ủy ban MTTQ Việt Nam xã tổ chức hội nghị tiếp xúc cử tri phối hợp với Ủy ban nhân dân thực hiện các nội dung sau:\na) Xây dựng kế hoạch.\nb) Thông báo kịp thời bằng văn bản ít nhất trước 07 ngày cho những người ứng cử về thời gian, địa điểm tổ chức hội nghị để người ứng cử chủ động.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let rule = RuleSpec::Relative { event: "hội nghị tiếp xúc cử tri".into(), offset_days: -7, event_date: None };
    assert_eq!(rules(&e), std::slice::from_ref(&rule));
    // The letter item names nobody: the item above it does.
    assert_eq!(offices_of(&e, &rule), [vec!["Ban Thường trực Ủy ban MTTQ Việt Nam xã".to_string()]]);
    assert!(e.unresolved.iter().any(|i| i.kind == IssueKind::EventDeadline && i.message.contains("hội nghị tiếp xúc cử tri")));
}

#[test]
fn recipients_after_a_sending_verb_or_opening_a_sentence() {
    let text = format!(
        "{HEAD}1. Ban Thường trực xã tổ chức hội nghị.\n- Gửi biên bản về Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh ngay sau khi tổ chức hội nghị 01 ngày.\n- Báo cáo Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh chậm nhất ngày 03/02/2026.\n2. Chậm nhất là ngày 01 tháng 2 năm 2026, biên bản hội nghị của Ban Tuyên giáo phải được chuyển đến Ban Thường trực Ủy ban MTTQ tỉnh.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let to = |pred: &dyn Fn(&RuleSpec) -> bool| -> Vec<Option<String>> {
        e.plan.tasks.iter().zip(&e.tasks).filter(|(t, _)| t.deadlines.iter().any(|d| pred(&d.rule))).map(|(_, x)| x.report_to.clone()).collect()
    };
    let tinh = Some("Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh".to_string());
    assert_eq!(to(&|r| matches!(r, RuleSpec::Relative { .. })), std::slice::from_ref(&tinh));
    assert_eq!(to(&|r| *r == RuleSpec::Date { due: day(2026, 2, 3) }), [tinh]);
    assert_eq!(to(&|r| *r == RuleSpec::Date { due: day(2026, 2, 1) }), [Some("Ban Thường trực Ủy ban MTTQ tỉnh".to_string())]);
}
