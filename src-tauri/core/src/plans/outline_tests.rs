//! The outline of a report kept with its deadline rule: entered with a plan file, edited by the
//! rule's owner only, passed down with the deadline, carried by the bundle to the office that must
//! write the report, and refused at import when it is not an outline.

use std::path::Path;

use rusqlite::params;

use crate::deadlines::{DeadlineQuery, RuleSpec};
use crate::model::outlines::{HeadingStyle, OutlineHeading, ReportOutline};
use crate::plans::{Assignee, DeadlineRuleInput, PlanFile, TaskInput};
use crate::store::Store;
use crate::testing::{date, plan_document, province};

fn today() -> chrono::NaiveDate {
    date(2026, 11, 10)
}

fn outline() -> ReportOutline {
    let h = |style, marker: &str, text: &str, depth, notes: &[&str]| OutlineHeading {
        style,
        marker: marker.into(),
        text: text.into(),
        depth,
        notes: notes.iter().map(|n| n.to_string()).collect(),
    };
    ReportOutline {
        source: "III NỘI DUNG TỔNG KẾT".into(),
        notes: vec![],
        headings: vec![
            h(HeadingStyle::Number, "1", "Đánh giá công tác chỉ đạo", 1, &[]),
            h(HeadingStyle::Number, "2", "Kết quả thực hiện", 1, &["cần có số liệu so sánh"]),
            h(HeadingStyle::Number, "3", "Đánh giá chung và bài học kinh nghiệm", 1, &[]),
        ],
    }
}

/// The province with a plan whose report deadline for the districts has an outline.
fn province_with_outline() -> (tempfile::TempDir, Store, crate::ids::RuleId) {
    let (dir, mut store) = province();
    let own = store.require_own_office().expect("own").id;
    let doc = store.create_document(&plan_document("Kế hoạch tổng kết Chỉ thị 21")).expect("doc");
    let task = store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo tổng kết".into(),
                description: String::new(),
                assignees: vec![Assignee::Level { under: own, level: 2 }],
                report_to_office_id: None,
                deadlines: vec![DeadlineRuleInput {
                    id: None,
                    label: "Báo cáo tổng kết".into(),
                    spec: RuleSpec::Date { due: date(2026, 11, 20) },
                    source_text: String::new(),
                    change_note: String::new(),
                }],
            },
        )
        .expect("task");
    let rule = task.deadlines[0].id;
    store.set_rule_outline(rule, Some(&outline())).expect("the owner sets the outline");
    (dir, store, rule)
}

#[test]
fn a_plan_file_brings_its_outline_and_editing_the_dates_keeps_it() {
    let (_dir, mut store) = province();
    let text = r#"{"format": "sokehoach.plan/1",
      "document": {"kind": "keHoach", "number": "215", "symbol": "KH-HPN", "numberStyle": "state", "issuedOn": "2023-09-12",
        "place": "Lai Châu", "issuer": "Ban Thường vụ Hội LHPN tỉnh", "title": "Tổng kết Chỉ thị 21", "signer": "", "signerTitle": "",
        "recipients": [], "references": [], "body": ""},
      "tasks": [{"title": "Báo cáo tổng kết", "assignees": [{"kind": "level", "under": "LCU", "level": 2}],
        "deadlines": [{"label": "Báo cáo tổng kết", "rule": {"kind": "date", "due": "2023-10-15"},
          "outline": {"source": "Nội dung tổng kết", "headings": [
            {"style": "number", "marker": "1", "text": " Đánh giá công tác chỉ đạo ", "depth": 1},
            {"style": "number", "marker": "2", "text": "Kết quả thực hiện", "depth": 1, "notes": ["cần có số liệu so sánh"]}]}}]}]}"#;
    let plan = PlanFile::from_json(text).expect("a plan file with an outline parses");
    let document = store.add_plan(&plan).expect("stored");
    let mut task = store.tasks_of_document(document.id).expect("tasks").remove(0);
    let kept = task.deadlines[0].outline.clone().expect("the rule keeps the outline");
    assert_eq!(kept.headings[0].text, "Đánh giá công tác chỉ đạo", "cleaned like typed input");
    assert_eq!(kept.headings[1].notes, vec!["cần có số liệu so sánh".to_string()]);
    // The task editor sends the rules without their outline: a new date keeps it.
    let input = TaskInput {
        title: task.title.clone(),
        description: String::new(),
        assignees: std::mem::take(&mut task.assignees),
        report_to_office_id: None,
        deadlines: vec![DeadlineRuleInput {
            id: Some(task.deadlines[0].id),
            label: task.deadlines[0].label.clone(),
            spec: RuleSpec::Date { due: date(2023, 10, 20) },
            source_text: String::new(),
            change_note: String::new(),
        }],
    };
    let task = store.update_task(task.id, &input).expect("new date");
    assert_eq!(task.deadlines[0].outline, Some(kept));

    // A plan file with a broken outline enters not at all.
    let bad = text.replace(r#""marker": "2""#, r#""marker": "IV""#).replace("Tổng kết Chỉ thị 21", "Một kế hoạch khác");
    let before = store.list_documents(crate::documents::DocumentOrder::Title).expect("docs").len();
    let err = store.add_plan(&PlanFile::from_json(&bad).expect("parses")).expect_err("a Roman number on a numbered heading");
    assert!(err.to_string().contains("không hợp với kiểu đánh số"), "{err}");
    assert_eq!(store.list_documents(crate::documents::DocumentOrder::Title).expect("docs").len(), before, "nothing of it was stored");
}

#[test]
fn only_the_rules_owner_sets_its_outline_and_the_bundle_carries_it_down() {
    let stick = tempfile::tempdir().expect("stick");
    let (_dir, mut province, rule) = province_with_outline();
    let cleared = province.set_rule_outline(rule, None).expect("cleared");
    assert!(cleared.is_none());
    assert!(province.rule_outline(rule).expect("read").is_none());
    province.set_rule_outline(rule, Some(&outline())).expect("set again");
    let bad = ReportOutline { headings: vec![], ..outline() };
    assert!(province.set_rule_outline(rule, Some(&bad)).is_err(), "an outline without headings is refused");
    assert_eq!(province.rule_outline(rule).expect("read"), Some(outline()), "a refused edit changes nothing");

    // The district set up from the province has the rule with its outline.
    let tdg = province.office_by_code("TDG").expect("TDG").id;
    let setup = province.export_setup_bundle(tdg, stick.path(), today()).expect("setup bundle");
    let dir = tempfile::tempdir().expect("district dir");
    let mut district = Store::open(dir.path().join("skh.db")).expect("open");
    let outcome = district.import_bundle(Path::new(&setup.path), today()).expect("import");
    assert!(outcome.applied, "{outcome:?}");
    assert_eq!(district.rule_outline(rule).expect("read"), Some(outline()), "the outline travels with the rule");
    let err = district.set_rule_outline(rule, None).expect_err("the district does not own the province's rule");
    assert!(err.to_string().contains("chỉ đơn vị đó mới sửa"), "{err}");

    // Passed down to the communes, the deadline keeps the outline.
    let item = district
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![tdg]), ..Default::default() }, today())
        .expect("items")
        .remove(0);
    let task = district
        .pass_down(&crate::deadlines::pass_down::PassDownInput { instance_id: item.instance_id, due_on: None, assignees: vec![] })
        .expect("passed down");
    assert_eq!(task.deadlines[0].outline, Some(outline()), "the communes write to the same outline");

    // The province changes the outline: the next bundle brings the change.
    let mut changed = outline();
    changed.headings.push(OutlineHeading {
        style: HeadingStyle::Number,
        marker: "4".into(),
        text: "Đề xuất, kiến nghị".into(),
        depth: 1,
        notes: vec![],
    });
    province.set_rule_outline(rule, Some(&changed)).expect("changed");
    let bundle = province.export_bundle(tdg, stick.path(), today(), &mut |_| {}).expect("export");
    let outcome = district.import_bundle(Path::new(&bundle.path), today()).expect("import");
    assert!(outcome.applied, "{outcome:?}");
    assert_eq!(district.rule_outline(rule).expect("read"), Some(changed));
}

#[test]
fn an_outline_that_is_not_one_is_refused_at_import() {
    let stick = tempfile::tempdir().expect("stick");
    let (_dir, mut province, rule) = province_with_outline();
    let tdg = province.office_by_code("TDG").expect("TDG").id;
    let setup = province.export_setup_bundle(tdg, stick.path(), today()).expect("setup bundle");
    let dir = tempfile::tempdir().expect("district dir");
    let mut district = Store::open(dir.path().join("skh.db")).expect("open");
    assert!(district.import_bundle(Path::new(&setup.path), today()).expect("import").applied);
    // The province's store altered behind the app's back: an outline that does not parse, then one
    // that parses but has a heading without text. Each is refused, and the district keeps the good one.
    for forged in [r#"{"headings": "không phải danh sách"}"#, r#"{"headings": [{"style": "roman", "marker": "I", "text": "  ", "depth": 1}]}"#] {
        province
            .conn
            .execute(
                "UPDATE deadline_rules SET outline = ?2, updated_at = ?3, change_seq = (SELECT CAST(value AS INTEGER) + 1 FROM settings WHERE key = 'change_seq') WHERE id = ?1",
                params![rule, forged, crate::store::now()],
            )
            .expect("forge");
        province.conn.execute("UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq'", []).expect("bump");
        let bundle = province.export_bundle(tdg, stick.path(), today(), &mut |_| {}).expect("export");
        let outcome = district.import_bundle(Path::new(&bundle.path), today()).expect("import");
        let reasons: Vec<&str> = outcome.preview.issues.iter().map(|i| i.reason.as_str()).collect();
        assert!(
            reasons.iter().any(|r| r.starts_with("Hạn «Báo cáo tổng kết» bị từ chối") && (r.contains("đề cương báo cáo của hạn không đọc được") || r.contains("chưa có tên"))),
            "{reasons:?}"
        );
        assert_eq!(district.rule_outline(rule).expect("read"), Some(outline()), "the refused outline did not replace the good one");
    }
}
