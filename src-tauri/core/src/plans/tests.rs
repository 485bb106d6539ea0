use super::*;
use crate::deadlines::{DeadlineQuery, DeadlineStatus, Frequency, RuleSpec, Tier};
use crate::ids::InstanceId;
use crate::store::Store;
use crate::testing::{date, plan_document, province};

fn plan_json(document_title: &str) -> String {
    format!(
        r#"{{
  "format": "sokehoach.plan/1",
  "document": {{
    "kind": "keHoach", "number": "45", "symbol": "KH-HLHPN", "numberStyle": "state", "issuedOn": "2024-04-24",
    "place": "Lai Châu", "issuer": "Ban Thường vụ Hội LHPN tỉnh", "title": "{document_title}",
    "signer": "Lò Thị Hà", "signerTitle": "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH", "recipients": [], "references": [], "body": ""
  }},
  "tasks": [
    {{
      "title": "Báo cáo kết quả thực hiện",
      "assignees": [{{"kind": "level", "under": "LCU", "level": 2}}],
      "deadlines": [
        {{"label": "Báo cáo 6 tháng", "rule": {{"kind": "recurring", "frequency": "yearly", "dueMonth": 5, "day": 30, "from": "2024-04-24", "until": "2026-12-31"}},
          "sourceText": "báo cáo 6 tháng trước ngày 30/5"}},
        {{"label": "Báo cáo năm", "rule": {{"kind": "recurring", "frequency": "yearly", "dueMonth": 11, "day": 30, "from": "2024-04-24", "until": "2026-12-31"}},
          "sourceText": "báo cáo năm trước ngày 30/11"}}
      ]
    }},
    {{
      "title": "Sơ kết 5 năm",
      "assignees": [{{"kind": "office", "code": "DKT"}}, {{"kind": "office", "code": "TDG"}}],
      "deadlines": [
        {{"label": "Báo cáo sơ kết", "rule": {{"kind": "date", "due": "2017-01-31"}},
          "sourceText": "thời hạn 31/1/2017 thay cho thời hạn cũ 30/11/2016",
          "history": [{{"previous": {{"kind": "date", "due": "2016-11-30"}}, "note": "Thay cho thời hạn cũ"}}]}}
      ]
    }}
  ]
}}"#
    )
}

fn all_instances(store: &Store) -> Vec<crate::deadlines::DeadlineItem> {
    store.deadline_items(&DeadlineQuery::default(), date(2024, 5, 1)).expect("items")
}

#[test]
fn a_plan_file_enters_with_its_tasks_and_expands_per_office_and_period() {
    let (_dir, mut store) = province();
    let plan = PlanFile::from_json(&plan_json("Thực hiện công tác bình đẳng giới năm 2024")).expect("parses");
    let document = store.add_plan(&plan).expect("stored");
    let tasks = store.tasks_of_document(document.id).expect("tasks");
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].deadlines[0].description, "Hằng năm, trước ngày 30/5 (đến 31/12/2026)");
    assert_eq!(tasks[1].deadlines[0].history.len(), 1, "the replaced date is kept");
    let items = all_instances(&store);
    // Two districts × (3 six-month + 3 yearly reports) + 2 offices × 1 review report.
    assert_eq!(items.len(), 2 * 6 + 2);
    let tdg: Vec<_> = items.iter().filter(|i| i.office_code == "TDG" && i.label == "Báo cáo năm").collect();
    assert_eq!(tdg.iter().map(|i| i.due_on).collect::<Vec<_>>(), [date(2024, 11, 30), date(2025, 11, 30), date(2026, 11, 30)]);
    assert!(items.iter().all(|i| i.office_code != "BLU"), "communes are not at the district level");
}

#[test]
fn a_plan_naming_an_unknown_office_changes_nothing() {
    let (_dir, mut store) = province();
    let before = store.dump_string().expect("dump");
    let plan = PlanFile::from_json(&plan_json("Kế hoạch").replace("\"DKT\"", "\"XYZ\"")).expect("parses");
    let err = store.add_plan(&plan).expect_err("unknown office");
    assert!(err.to_string().contains("«XYZ»"), "{err}");
    assert_eq!(store.dump_string().expect("dump"), before);
}

#[test]
fn plan_files_of_another_format_or_with_unknown_fields_are_refused_clearly() {
    let newer = plan_json("Kế hoạch").replace("sokehoach.plan/1", "sokehoach.plan/2");
    assert!(PlanFile::from_json(&newer).expect_err("newer").to_string().contains("cập nhật"));
    let typo = plan_json("Kế hoạch").replace("\"assignees\"", "\"asignees\"");
    assert!(PlanFile::from_json(&typo).expect_err("typo").to_string().contains("dòng"));
}

#[test]
fn two_stores_expanding_the_same_rule_derive_the_same_instance_ids() {
    let rule = crate::ids::RuleId::new();
    let office = crate::ids::OfficeId::new();
    assert_eq!(InstanceId::derive(rule, "2024", office), InstanceId::derive(rule, "2024", office));
    assert_ne!(InstanceId::derive(rule, "2024", office), InstanceId::derive(rule, "2025", office));
    let (_a, mut first) = province();
    let (_b, mut second) = province();
    let plan = PlanFile::from_json(&plan_json("Kế hoạch")).expect("parses");
    let doc = first.add_plan(&plan).expect("first");
    second.add_plan(&plan).expect("second");
    // Different stores made different rule ids; ids agree when rule, period and office agree.
    let items = all_instances(&first);
    let task = &first.tasks_of_document(doc.id).expect("tasks")[0];
    for item in items.iter().filter(|i| i.task_id == task.id) {
        assert_eq!(item.instance_id, InstanceId::derive(item.rule_id, &item.period, item.office_id));
    }
}

#[test]
fn changing_a_date_keeps_the_old_one_in_history_and_moves_the_instances() {
    let (_dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let doc = store.create_document(&plan_document("Sơ kết 5 năm thực hiện Chỉ thị 21")).expect("doc");
    let task = store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo sơ kết".into(),
                description: String::new(),
                assignees: vec![Assignee::Level { under: own.id, level: 2 }],
                report_to_office_id: None,
                deadlines: vec![DeadlineRuleInput {
                    id: None,
                    label: "Báo cáo sơ kết".into(),
                    spec: RuleSpec::Date { due: date(2016, 11, 30) },
                    source_text: String::new(),
                    change_note: String::new(),
                }],
            },
        )
        .expect("task");
    let rule = task.deadlines[0].clone();
    let updated = store
        .update_task(
            task.id,
            &TaskInput {
                title: task.title.clone(),
                description: String::new(),
                assignees: task.assignees.clone(),
                report_to_office_id: None,
                deadlines: vec![DeadlineRuleInput {
                    id: Some(rule.id),
                    label: rule.label.clone(),
                    spec: RuleSpec::Date { due: date(2017, 1, 31) },
                    source_text: String::new(),
                    change_note: "Công văn 12/CV-HLHPN gia hạn".into(),
                }],
            },
        )
        .expect("update");
    let history = &updated.deadlines[0].history;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].previous, RuleSpec::Date { due: date(2016, 11, 30) });
    assert_eq!(history[0].note, "Công văn 12/CV-HLHPN gia hạn");
    let dues: Vec<_> = all_instances(&store).into_iter().map(|i| i.due_on).collect();
    assert_eq!(dues, [date(2017, 1, 31), date(2017, 1, 31)], "same instances, new date");
}

#[test]
fn a_new_district_gets_the_level_assigned_deadlines_and_a_deleted_one_loses_them() {
    let (_dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let doc = store.create_document(&plan_document("Kế hoạch tổng kết")).expect("doc");
    let task = store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo tổng kết".into(),
                description: String::new(),
                assignees: vec![Assignee::Level { under: own.id, level: 2 }],
                report_to_office_id: None,
                deadlines: vec![DeadlineRuleInput {
                    id: None,
                    label: "Báo cáo tổng kết".into(),
                    spec: RuleSpec::Tiered {
                        tiers: vec![Tier { level: 3, due: date(2017, 5, 15) }, Tier { level: 2, due: date(2017, 5, 31) }],
                    },
                    source_text: "cơ sở trước 15/5; huyện trước 31/5".into(),
                    change_note: String::new(),
                }],
            },
        )
        .expect("task");
    assert_eq!(task.deadlines[0].description, "Theo cấp — cấp Xã/Phường: 15/05/2017; cấp Huyện: 31/05/2017", "levels by name");
    assert_eq!(all_instances(&store).len(), 2);
    let sho = store
        .add_office(&crate::offices::OfficeInput {
            code: "SHO".into(),
            name: "Hội LHPN huyện Sìn Hồ".into(),
            level: 2,
            parent_id: Some(own.id),
        })
        .expect("new district");
    let items = all_instances(&store);
    assert_eq!(items.len(), 3);
    assert!(items.iter().any(|i| i.office_id == sho.id && i.due_on == date(2017, 5, 31)));
    store.delete_office(sho.id).expect("delete");
    assert_eq!(all_instances(&store).len(), 2);
}

#[test]
fn open_ended_recurring_rules_grow_with_the_horizon() {
    let (_dir, mut store) = province();
    store.extend_instances_horizon(date(2024, 5, 1)).expect("horizon 2025");
    let own = store.require_own_office().expect("own");
    let doc = store.create_document(&plan_document("Báo cáo định kỳ")).expect("doc");
    store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo tháng".into(),
                description: String::new(),
                assignees: vec![Assignee::Office { office_id: own.id }],
                report_to_office_id: None,
                deadlines: vec![DeadlineRuleInput {
                    id: None,
                    label: "Báo cáo tháng".into(),
                    spec: RuleSpec::Recurring {
                        frequency: Frequency::Monthly,
                        due_month: 1,
                        day: 28,
                        from: date(2024, 1, 1),
                        until: None,
                    },
                    source_text: "trước ngày 28 hằng tháng".into(),
                    change_note: String::new(),
                }],
            },
        )
        .expect("task");
    assert_eq!(all_instances(&store).len(), 24, "Jan 2024 – Dec 2025");
    store.extend_instances_horizon(date(2025, 2, 1)).expect("horizon 2026");
    assert_eq!(all_instances(&store).len(), 36);
    let statuses: Vec<_> = all_instances(&store).into_iter().take(5).map(|i| i.status).collect();
    assert_eq!(statuses[..3], [DeadlineStatus::Overdue; 3], "Jan–Mar 2024 are past on 1/5/2024");
    assert_eq!(statuses[3], DeadlineStatus::Overdue, "28/4 has passed");
    assert_eq!(statuses[4], DeadlineStatus::NotYetDue, "28/5 is 27 days away");
}
