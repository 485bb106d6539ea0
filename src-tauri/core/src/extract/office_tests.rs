//! Who reports, to whom and with whom: one test per family of `docs/extraction.md` ("Who
//! reports"), over the fixtures written for them and short texts; the role and relative kinds
//! followed from the review through the store to the printed checklist.

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::checklists::{ChecklistKind, ChecklistRequest};
use crate::deadlines::{DeadlineQuery, RuleSpec};
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::pdf::Cell;
use crate::text::fold;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract");

fn fixture(name: &str) -> Extraction {
    extract_file(Path::new(DIR).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Per deadline: the task's office phrases and its rule.
fn deadlines(e: &Extraction) -> Vec<(Vec<String>, RuleSpec)> {
    e.plan
        .tasks
        .iter()
        .zip(&e.tasks)
        .flat_map(|(t, x)| t.deadlines.iter().map(move |d| (x.assignees.clone(), d.rule.clone())))
        .collect()
}

/// The office phrases of the tasks due on `due`.
fn offices_due(e: &Extraction, due: NaiveDate) -> Vec<Vec<String>> {
    deadlines(e).into_iter().filter(|(_, r)| *r == RuleSpec::Date { due }).map(|(a, _)| a).collect()
}

#[test]
fn deadline_words_headings_and_meetings_are_never_offices() {
    let e = fixture("kh-nhom-don-vi.txt");
    for phrase in e.tasks.iter().flat_map(|t| &t.assignees) {
        let f = fold(phrase);
        for word in ["cham nhat", "qua", "bien ban", "hoi nghi", "truoc", "sau"] {
            assert!(!f.starts_with(word), "«{phrase}» is not an office");
        }
    }
    // "Chậm nhất ngày 20/6/2024, Hội LHPN các huyện … gửi biên bản …": the districts.
    assert_eq!(offices_due(&e, day(2024, 6, 20)), [vec!["Hội LHPN các huyện, thị xã, thành phố".to_string()]]);
    // "Qua kiểm tra, các đoàn kiểm tra gửi …": the teams.
    assert_eq!(offices_due(&e, day(2024, 6, 27)), [vec!["các đoàn kiểm tra".to_string()]]);
    // "Biên bản hội nghị giao ban gửi về Văn phòng …" names nobody: the reviewer chooses.
    let i = e.plan.tasks.iter().position(|t| t.deadlines.iter().any(|d| d.rule == RuleSpec::Date { due: day(2024, 5, 12) })).expect("task");
    assert!(e.tasks[i].assignees.is_empty());
    assert!(e.unresolved.iter().any(|x| x.kind == IssueKind::AssigneeMissing && x.field == format!("tasks[{i}].assignees")));
}

#[test]
fn the_author_of_a_report_is_the_one_who_reports() {
    let e = fixture("tt-tinh-uy.txt");
    // "Báo cáo của các huyện ủy, thành ủy gửi về Ban Thường vụ Tỉnh ủy (qua Ban Dân vận) trước …"
    assert_eq!(offices_due(&e, day(2025, 11, 30)), [vec!["các huyện ủy, thành ủy".to_string()]]);
    let i = e.plan.tasks.iter().position(|t| t.deadlines.iter().any(|d| d.rule == RuleSpec::Date { due: day(2025, 11, 30) })).expect("task");
    assert_eq!(e.tasks[i].report_to.as_deref(), Some("Ban Thường vụ Tỉnh ủy (qua Ban Dân vận)"));
    // "Ủy ban MTTQ tỉnh gửi báo cáo về Thường trực Tỉnh ủy trước …"
    assert_eq!(offices_due(&e, day(2025, 12, 5)), [vec!["Ủy ban MTTQ tỉnh".to_string()]]);
    let e = extract_text("Báo cáo sơ kết của Hội LHPN các huyện gửi về Hội LHPN tỉnh trước ngày 15/6/2024.").expect("extracts");
    assert_eq!(offices_due(&e, day(2024, 6, 15)), [vec!["Hội LHPN các huyện".to_string()]]);
}

#[test]
fn roles_inside_our_office_are_role_assignees_stored_and_printed() {
    let (_dir, mut store) = crate::testing::province();
    let offices = store.list_offices().expect("offices");
    let levels = store.office_levels().expect("levels");
    let own = store.require_own_office().expect("own");
    let m = |p: &str| match_assignee(p, &offices, &levels);
    let role = |r: &str| vec![PlanAssignee::Role { role: r.into() }];
    assert_eq!(m("Đồng chí Phó Chủ tịch Thường trực"), role("Phó Chủ tịch Thường trực"));
    assert_eq!(m("đ/c Chủ tịch"), role("Chủ tịch"));
    assert_eq!(m("Thường trực"), role("Thường trực"));
    assert_eq!(m("chuyên viên Văn phòng"), role("Chuyên viên Văn phòng"));
    assert_eq!(m("Chủ tịch Hội LHPN tỉnh"), role("Chủ tịch Hội LHPN tỉnh"));
    // The standing committees of the districts are offices; another body's chairman matches nothing.
    assert_eq!(m("Thường trực Hội LHPN các huyện"), vec![PlanAssignee::Level { under: "LCU".into(), level: 2 }]);
    assert!(m("Chủ tịch UBND tỉnh").is_empty());

    let mut e = fixture("kh-nhom-don-vi.txt");
    resolve_assignees(&mut e, &offices, &levels);
    let task_due = |e: &Extraction, due: NaiveDate| e.plan.tasks.iter().find(|t| t.deadlines.iter().any(|d| d.rule == RuleSpec::Date { due })).cloned().expect("task");
    assert_eq!(task_due(&e, day(2024, 6, 15)).assignees, role("Phó Chủ tịch Thường trực"));
    assert_eq!(task_due(&e, day(2024, 6, 28)).assignees, role("Chủ tịch"));
    assert_eq!(task_due(&e, day(2024, 6, 26)).assignees, role("Chuyên viên Văn phòng"));
    // "báo cáo Thường trực": reports go to our own office.
    assert_eq!(task_due(&e, day(2024, 6, 27)).report_to, None);
    assert!(!e.unresolved.iter().any(|i| i.phrase == "Thường trực"));

    // Stored: the role's deadlines are our office's own, and the checklist names the role.
    let mut plan = e.plan.clone();
    plan.tasks.retain(|t| !t.assignees.is_empty());
    let doc = store.add_plan(&plan).expect("the plan with roles is stored");
    let task = store.tasks_of_document(doc.id).expect("tasks").into_iter().find(|t| t.title.contains("đoàn kiểm tra số 1")).expect("task");
    assert_eq!(task.assignees, [Assignee::Role { office_id: own.id, role: "Phó Chủ tịch Thường trực".into() }]);
    let items = store.deadline_items(&DeadlineQuery { task_id: Some(task.id), ..Default::default() }, day(2024, 5, 3)).expect("items");
    assert_eq!(items.iter().map(|i| (i.office_id, i.due_on)).collect::<Vec<_>>(), [(own.id, day(2024, 6, 15))]);
    let request = |kind| ChecklistRequest { kind, from: day(2024, 5, 1), to: day(2024, 6, 30), office_id: None, document_id: Some(doc.id), prepared_by: String::new() };
    for kind in [ChecklistKind::Plan, ChecklistKind::Office] {
        let checklist = store.checklist(&request(kind), day(2024, 5, 3)).expect("checklist");
        let printed: Vec<String> = checklist.groups.iter().flat_map(|g| g.rows.iter().flatten()).filter_map(|c| match c {
            Cell::Text { text } | Cell::Bold { text } => Some(text.clone()),
            _ => None,
        }).collect();
        assert!(printed.iter().any(|t| t.contains("Phó Chủ tịch Thường trực")), "{kind:?}: {printed:?}");
    }
}

#[test]
fn a_heading_above_dashes_names_their_office() {
    let e = fixture("kh-nhom-don-vi.txt");
    let districts = vec!["Hội LHPN các huyện, thị xã, thành phố".to_string()];
    // "2. Hội LHPN các huyện, thị xã, thành phố" then "- Tự kiểm tra …", "- Gửi báo cáo …".
    assert_eq!(offices_due(&e, day(2024, 6, 5)), [districts.clone()]);
    assert_eq!(offices_due(&e, day(2024, 6, 10)), [districts]);
    // "3. Ban Tổ chức - Kiểm tra chủ trì, phối hợp với Văn phòng" then dashes.
    assert_eq!(offices_due(&e, day(2024, 5, 15)), [vec!["Ban Tổ chức - Kiểm tra".to_string()]]);
    assert_eq!(offices_due(&e, day(2024, 6, 25)), [vec!["Ban Tổ chức - Kiểm tra".to_string()]]);
}

#[test]
fn a_table_names_who_leads_and_who_works_with_them() {
    let e = fixture("kh-web-phu-luc.md");
    assert_eq!(offices_due(&e, day(2025, 7, 25)), [vec!["Ban Phong trào".to_string()]]);
    let t = e.plan.tasks.iter().find(|t| t.deadlines.iter().any(|d| d.rule == RuleSpec::Month { year: 2025, month: 10 })).expect("task");
    assert!(t.description.contains("Ban Phong trào; Ban Tuyên giáo"), "{}", t.description);
    // A column "Cơ quan chủ trì, phối hợp" names the leading office, not a helper.
    let text = "III. TỔ CHỨC THỰC HIỆN\n\nTT\tNội dung\tCơ quan chủ trì, phối hợp\tThời hạn\n1\tRà soát hội viên\tBan Tổ chức chủ trì; Văn phòng phối hợp\t30/6/2024\n";
    let e = extract_text(text).expect("extracts");
    assert_eq!(offices_due(&e, day(2024, 6, 30)), [vec!["Ban Tổ chức".to_string()]]);
}

#[test]
fn offices_with_different_duties_on_one_date_stay_apart() {
    let e = fixture("kh-nhom-don-vi.txt");
    let mut due = offices_due(&e, day(2024, 5, 30));
    due.sort();
    assert_eq!(due, [vec!["Hội LHPN các huyện, thị xã, thành phố".to_string()], vec!["Hội LHPN tỉnh".to_string()]]);
}

#[test]
fn an_appendix_date_that_contradicts_the_text_is_for_the_reviewer() {
    let e = fixture("kh-web-phu-luc.md");
    let conflicts: Vec<&ExtractionIssue> = e.unresolved.iter().filter(|i| i.kind == IssueKind::DateConflict).collect();
    assert_eq!(conflicts.len(), 2, "{:#?}", e.unresolved);
    assert!(conflicts[0].message.contains("trước ngày 15/9/2025") && conflicts[0].message.contains("20/9/2025"), "{}", conflicts[0].message);
    assert!(conflicts[0].message.contains("phụ lục"));
    // Both dates stay, for the reviewer to keep one.
    let rules: Vec<RuleSpec> = deadlines(&e).into_iter().map(|(_, r)| r).collect();
    assert!(rules.contains(&RuleSpec::Date { due: day(2025, 9, 15) }) && rules.contains(&RuleSpec::Date { due: day(2025, 9, 20) }));
    // The same text without the appendix raises nothing.
    let text = std::fs::read_to_string(Path::new(DIR).join("kh-web-phu-luc.md")).expect("fixture");
    let main = text.split("## PHỤ LỤC").next().expect("main text");
    assert!(!extract_text(main).expect("extracts").unresolved.iter().any(|i| i.kind == IssueKind::DateConflict));
}

#[test]
fn deadlines_counted_from_an_event_wait_for_its_date() {
    let e = fixture("hd-dai-hoi-tuong-doi.txt");
    let relative = |offset: i32| RuleSpec::Relative { event: "Đại hội".into(), offset_days: offset, event_date: None };
    let rules: Vec<RuleSpec> = deadlines(&e).into_iter().map(|(_, r)| r).collect();
    for offset in [-15, 5, 1] {
        assert!(rules.contains(&relative(offset)), "{offset}: {rules:#?}");
    }
    // Each one is an item to settle, with its reason in Vietnamese.
    let items: Vec<&ExtractionIssue> = e.unresolved.iter().filter(|i| i.kind == IssueKind::EventDeadline).collect();
    assert_eq!(items.len(), 4, "{items:#?}");
    assert!(items.iter().any(|i| i.phrase == "15 ngày trước Đại hội" && i.message.contains("Hãy nhập ngày Đại hội")), "{items:#?}");
    // A time of day is a date rule.
    assert!(rules.contains(&RuleSpec::Date { due: day(2026, 4, 15) }));
    for (text, offset) in [("gửi hồ sơ trước Đại hội 10 ngày.", -10), ("gửi báo cáo 03 ngày sau Hội nghị.", 3), ("Chậm nhất 07 ngày làm việc kể từ ngày kết thúc Hội thi, gửi kết quả.", 7)] {
        let e = extract_text(&format!("Hội LHPN các huyện {text}")).expect("extracts");
        let got: Vec<i32> = deadlines(&e).into_iter().filter_map(|(_, r)| match r {
            RuleSpec::Relative { offset_days, .. } => Some(offset_days),
            _ => None,
        }).collect();
        assert_eq!(got, [offset], "{text}");
    }
    // "trong 02 ngày" is how long, not when.
    assert!(deadlines(&extract_text("Hội thi tổ chức trong 02 ngày tại Hội trường.").expect("extracts")).is_empty());

    // Stored, no instance until the date is entered; then one per office, counted from it.
    let (_dir, mut store) = crate::testing::province();
    let offices = store.list_offices().expect("offices");
    let levels = store.office_levels().expect("levels");
    let mut e = e;
    resolve_assignees(&mut e, &offices, &levels);
    let mut plan = e.plan.clone();
    plan.tasks.retain(|t| !t.assignees.is_empty());
    let doc = store.add_plan(&plan).expect("stored");
    let task = store
        .tasks_of_document(doc.id)
        .expect("tasks")
        .into_iter()
        .find(|t| t.deadlines.iter().any(|d| d.spec == relative(-15)))
        .expect("the task with the relative deadline");
    let items = |store: &crate::store::Store| store.deadline_items(&DeadlineQuery { task_id: Some(task.id), ..Default::default() }, day(2026, 3, 13)).expect("items");
    assert!(items(&store).is_empty(), "no date yet, nothing due");
    let input = TaskInput {
        title: task.title.clone(),
        description: task.description.clone(),
        assignees: task.assignees.clone(),
        report_to_office_id: task.report_to_office_id,
        deadlines: task
            .deadlines
            .iter()
            .map(|d| DeadlineRuleInput {
                id: Some(d.id),
                label: d.label.clone(),
                spec: match &d.spec {
                    RuleSpec::Relative { event, offset_days, .. } => RuleSpec::Relative { event: event.clone(), offset_days: *offset_days, event_date: Some(day(2026, 5, 20)) },
                    other => other.clone(),
                },
                source_text: d.source_text.clone(),
                change_note: "Ngày Đại hội".into(),
            })
            .collect(),
    };
    store.update_task(task.id, &input).expect("the event's date is entered");
    let due: Vec<NaiveDate> = items(&store).iter().map(|i| i.due_on).collect();
    assert_eq!(due, [day(2026, 5, 5), day(2026, 5, 5)], "15 days before 20/5 for each commune");
}

#[test]
fn recipients_and_the_file_copy_are_never_tasks() {
    for name in ["kh-nhom-don-vi.txt", "tt-tinh-uy.txt", "hd-dai-hoi-tuong-doi.txt", "kh-web-phu-luc.md", "kh-tong-ket-nam.txt"] {
        let e = fixture(name);
        for (t, x) in e.plan.tasks.iter().zip(&e.tasks) {
            let words = format!("{} {}", t.title, x.assignees.join(" "));
            let f = fold(&words);
            assert!(!f.contains("noi nhan") && !f.contains("luu: vt") && !f.contains("luu van phong") && !f.starts_with("luu"), "{name}: {words}");
        }
    }
}

#[test]
fn kinds_issuers_and_signers_of_other_layouts() {
    let e = fixture("hd-dai-hoi-tuong-doi.txt");
    assert_eq!(e.plan.document.kind, crate::documents::DocKind::HuongDan);
    let e = fixture("tt-tinh-uy.txt");
    assert_eq!(e.plan.document.kind, crate::documents::DocKind::ThongTri);
    assert_eq!(e.plan.document.issuer, "TỈNH ỦY LAI CHÂU");
    assert_eq!(e.plan.document.signer, "Giàng A Tính");
    // The kind from the symbol alone: HD, Party TT (a state "TT-…" is a ministry's Thông tư).
    assert_eq!(header::kind_from_symbol("HD-HLHPN"), Some(crate::documents::DocKind::HuongDan));
    assert_eq!(header::kind_from_symbol("TT/TU"), Some(crate::documents::DocKind::ThongTri));
    assert_eq!(header::kind_from_symbol("2020/TT-BNV"), None);
}

#[test]
fn text_with_web_or_markdown_marks_reads_like_the_plain_text() {
    let plain = std::fs::read_to_string(Path::new(DIR).join("kh-tong-ket-nam.txt")).expect("fixture");
    let marked = plain
        .replace("HỘI LHPN TỈNH HÒA BÌNH", "**HỘI LHPN TỈNH HÒA BÌNH**")
        .replace("KẾ HOẠCH\n", "## KẾ HOẠCH\n")
        .replace("Tổng kết công tác Hội và phong trào", "## Tổng kết công tác Hội và phong trào")
        .replace("Hướng dẫn số 24/HD-ĐCT", "[Hướng dẫn số 24/HD-ĐCT](https://hoilhpn.org.vn/hd-24)")
        .replace("II. TỔ CHỨC THỰC HIỆN", "### II. TỔ CHỨC THỰC HIỆN")
        .replace("- Ban Tuyên giáo:", "* **Ban Tuyên giáo:**")
        .replace("Nơi nhận:", "**_Nơi nhận:_**");
    assert_ne!(plain, marked);
    let a = extract_text(&plain).expect("plain");
    let b = extract_text(&marked).expect("marked");
    let doc = |e: &Extraction| {
        let mut d = e.plan.document.clone();
        d.body = String::new();
        d
    };
    assert_eq!(doc(&b), doc(&a));
    assert_eq!(deadlines(&b), deadlines(&a));
    assert_eq!(b.tasks.iter().map(|t| &t.assignees).collect::<Vec<_>>(), a.tasks.iter().map(|t| &t.assignees).collect::<Vec<_>>());
}
