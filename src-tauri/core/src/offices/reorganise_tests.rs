//! Each reorganisation on a province's store: what moves, what stays, and what is refused.

use super::*;
use crate::deadlines::{DeadlineItem, DeadlineQuery};
use crate::model::rules::{Frequency, RuleSpec};
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::reports::{Channel, ReportInput};
use crate::testing::{date, plan_document, province};

const TODAY: fn() -> NaiveDate = || date(2026, 5, 15);

fn items(store: &Store, code: &str) -> Vec<DeadlineItem> {
    let office = store.office_by_code(code).expect("office").id;
    store.deadline_items(&DeadlineQuery { office_ids: Some(vec![office]), ..Default::default() }, TODAY()).expect("items")
}

fn report(store: &mut Store, item: &DeadlineItem, on: NaiveDate) {
    let input = ReportInput {
        instance_id: item.instance_id,
        submitted_on: on,
        submitted_by: "Văn thư".into(),
        channel: Channel::Post,
        note: String::new(),
        received_on: Some(on),
    };
    store.record_report(&input, TODAY()).expect("report");
}

fn reports_in(dump: &str) -> Vec<&str> {
    dump.lines().filter(|l| l.contains("\"table\":\"reports\"") || l.contains("\"table\":\"receipts\"")).collect()
}

/// The sample province with a second commune (BGI) under Tam Đường, a monthly report of 2026 for
/// every commune, and a one-off report asked of Bản Giang by name; three months reported.
fn province_with_plans() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let tdg = store.office_by_code("TDG").expect("TDG").id;
    let bgi = store
        .add_office(&OfficeInput { code: "BGI".into(), name: "Hội LHPN xã Bản Giang".into(), level: 3, parent_id: Some(tdg) })
        .expect("BGI");
    let doc = store.create_document(&plan_document("Kế hoạch công tác năm 2026")).expect("doc");
    let rule = |label: &str, spec: RuleSpec| DeadlineRuleInput {
        id: None,
        label: label.into(),
        spec,
        source_text: String::new(),
        change_note: String::new(),
    };
    let monthly = RuleSpec::Recurring { frequency: Frequency::Monthly, due_month: 1, day: 28, from: date(2026, 1, 1), until: Some(date(2026, 12, 31)) };
    for (title, assignees, deadline) in [
        ("Báo cáo tháng", vec![Assignee::Level { under: own.id, level: 3 }], rule("Báo cáo tháng", monthly)),
        ("Báo cáo chuyên đề", vec![Assignee::Office { office_id: bgi.id }], rule("Báo cáo chuyên đề", RuleSpec::Date { due: date(2026, 12, 20) })),
        ("Báo cáo huyện", vec![Assignee::Level { under: own.id, level: 2 }], rule("Báo cáo quý", RuleSpec::Recurring {
            frequency: Frequency::Quarterly, due_month: 3, day: 25, from: date(2026, 1, 1), until: Some(date(2026, 12, 31)),
        })),
    ] {
        let input = TaskInput { title: title.into(), description: String::new(), assignees, report_to_office_id: None, deadlines: vec![deadline] };
        store.add_task(doc.id, &input).expect("task");
    }
    for code in ["BLU", "BGI"] {
        for item in items(&store, code).into_iter().filter(|i| i.due_on < date(2026, 4, 1) && i.label == "Báo cáo tháng") {
            let due = item.due_on;
            report(&mut store, &item, due);
        }
    }
    (dir, store)
}

#[test]
fn merging_a_commune_passes_its_later_deadlines_to_the_heir_once_and_keeps_its_past() {
    let (_dir, mut store) = province_with_plans();
    let (blu, bgi) = (store.office_by_code("BLU").expect("BLU").id, store.office_by_code("BGI").expect("BGI").id);
    let before = store.dump_string().expect("dump");
    let merge = Reorganisation::Merge { offices: vec![bgi, blu], into: blu, from: date(2026, 7, 1) };
    let preview = store.reorganise(&merge, false).expect("preview");
    assert!(!preview.applied);
    assert_eq!(store.dump_string().expect("dump"), before, "a preview changes nothing");
    assert!(preview.changes[0].contains("«Hội LHPN xã Bản Giang» sáp nhập vào «Hội LHPN xã Bình Lư» từ ngày 01/07/2026"), "{:?}", preview.changes);
    // Bản Giang: six months July–December and the one-off leave it; Bình Lư inherits the one-off
    // only (it has its own monthly reports already).
    assert_eq!((preview.deadlines_closed, preview.deadlines_inherited), (7, 1), "{:?}", preview.changes);

    let applied = store.reorganise(&merge, true).expect("merge");
    assert_eq!(applied.changes, preview.changes, "the preview said exactly what applying does");
    let at_bgi = items(&store, "BGI");
    assert_eq!(at_bgi.len(), 6, "January–June stay with Bản Giang: {at_bgi:?}");
    assert!(at_bgi.iter().all(|i| i.due_on < date(2026, 7, 1)));
    let at_blu = items(&store, "BLU");
    assert_eq!(at_blu.iter().filter(|i| i.label == "Báo cáo tháng").count(), 12, "no month doubled");
    assert_eq!(at_blu.iter().filter(|i| i.label == "Báo cáo chuyên đề").count(), 1, "the one-off is inherited");
    let after = store.dump_string().expect("dump");
    assert_eq!(reports_in(&after), reports_in(&before), "past reports and receipts unchanged");
    let office = store.get_office(bgi).expect("BGI");
    assert_eq!((office.closed_on, office.successor_id), (Some(date(2026, 7, 1)), Some(blu)));
    crate::testing::assert_open_counts_kept(&store);
    // Done twice, the second is refused.
    let again = store.reorganise(&merge, true).expect_err("already merged");
    assert!(again.to_string().contains("đã không còn từ ngày 01/07/2026"), "{again}");
}

#[test]
fn dissolving_a_district_brings_its_communes_under_the_province() {
    let (_dir, mut store) = province_with_plans();
    let (own, tdg) = (store.require_own_office().expect("own").id, store.office_by_code("TDG").expect("TDG").id);
    let quarterly_before = items(&store, "TDG").len();
    assert_eq!(quarterly_before, 4);
    let outcome = store.reorganise(&Reorganisation::Dissolve { office: tdg, from: date(2026, 7, 1) }, true).expect("dissolve");
    assert!(outcome.changes[0].contains("2 đơn vị cấp dưới chuyển về trực thuộc «Hội LHPN tỉnh Lai Châu»"), "{:?}", outcome.changes);
    for code in ["BLU", "BGI"] {
        assert_eq!(store.office_by_code(code).expect("commune").parent_id, Some(own), "{code} reports to the province");
    }
    assert_eq!(items(&store, "TDG").len(), 2, "the first two quarters stay with the district");
    assert_eq!(items(&store, "PTO").len(), 4, "the other district is untouched");
    assert_eq!(items(&store, "BLU").len(), 12, "the communes keep all their months");
    assert!(store.closed_notice(TODAY()).expect("notice").is_none(), "the province itself goes on");
    crate::testing::assert_open_counts_kept(&store);
}

#[test]
fn a_plan_for_the_communes_of_a_dissolved_district_keeps_its_past_deadlines() {
    let (_dir, mut store) = province_with_plans();
    let tdg = store.office_by_code("TDG").expect("TDG").id;
    let doc = store.create_document(&plan_document("Kế hoạch riêng cho các xã của huyện Tam Đường")).expect("doc");
    let monthly = RuleSpec::Recurring { frequency: Frequency::Monthly, due_month: 1, day: 15, from: date(2026, 1, 1), until: Some(date(2026, 12, 31)) };
    let input = TaskInput {
        title: "Báo cáo nhanh".into(),
        description: String::new(),
        assignees: vec![Assignee::Level { under: tdg, level: 3 }],
        report_to_office_id: None,
        deadlines: vec![DeadlineRuleInput { id: None, label: "Báo cáo nhanh".into(), spec: monthly, source_text: String::new(), change_note: String::new() }],
    };
    store.add_task(doc.id, &input).expect("task");
    let quick = |store: &Store| items(store, "BLU").into_iter().filter(|i| i.label == "Báo cáo nhanh").collect::<Vec<_>>();
    assert_eq!(quick(&store).len(), 12);
    store.reorganise(&Reorganisation::Dissolve { office: tdg, from: date(2026, 7, 1) }, true).expect("dissolve");
    let kept = quick(&store);
    assert_eq!(kept.len(), 6, "January–June stay, as they were asked: {kept:?}");
    assert!(kept.iter().all(|i| i.due_on < date(2026, 7, 1)));
    crate::testing::assert_open_counts_kept(&store);
}

#[test]
fn a_renamed_office_keeps_its_former_name_and_a_closed_one_has_no_new_deadlines() {
    let (_dir, mut store) = province_with_plans();
    let dkt = store.office_by_code("DKT").expect("DKT").id;
    let rename = Reorganisation::Rename { office: dkt, name: "Hội LHPN phường Tân Phong".into(), code: "TPH".into(), from: date(2026, 7, 1) };
    store.reorganise(&rename, true).expect("rename");
    assert_eq!(store.get_office(dkt).expect("office").name, "Hội LHPN phường Tân Phong");
    let former = store.former_names(dkt).expect("former");
    assert_eq!(former, vec![("DKT".to_string(), "Hội LHPN phường Đoàn Kết".to_string(), date(2026, 7, 1))]);
    assert_eq!(items(&store, "TPH").len(), 12, "a rename moves no deadline");
    store.reorganise(&Reorganisation::Close { office: dkt, from: date(2026, 10, 1) }, true).expect("close");
    assert_eq!(items(&store, "TPH").len(), 9, "none due from its closing day");
    let tdg = store.office_by_code("TDG").expect("TDG").id;
    let refused = store.reorganise(&Reorganisation::Close { office: tdg, from: date(2026, 10, 1) }, true).expect_err("has communes");
    assert!(refused.to_string().contains("còn đơn vị cấp dưới"), "{refused}");
    let own = store.require_own_office().expect("own").id;
    let refused = store.reorganise(&Reorganisation::Dissolve { office: own, from: date(2026, 10, 1) }, false).expect_err("own");
    assert!(refused.to_string().contains("đơn vị của chính máy này"), "{refused}");
}

#[test]
fn moving_an_office_follows_the_tree_rules() {
    let (_dir, mut store) = province_with_plans();
    let (blu, pto, tdg) = (
        store.office_by_code("BLU").expect("BLU").id,
        store.office_by_code("PTO").expect("PTO").id,
        store.office_by_code("TDG").expect("TDG").id,
    );
    store.reorganise(&Reorganisation::Move { office: blu, parent: pto }, true).expect("move");
    assert_eq!(store.get_office(blu).expect("BLU").parent_id, Some(pto));
    let refused = store.reorganise(&Reorganisation::Move { office: tdg, parent: blu }, true).expect_err("below itself");
    assert!(!refused.to_string().is_empty());
    assert_eq!(store.get_office(tdg).expect("TDG").parent_id, Some(store.require_own_office().expect("own").id));
}
