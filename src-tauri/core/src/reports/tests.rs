use super::*;
use crate::deadlines::{DeadlineQuery, DeadlineStatus, RuleSpec};
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::testing::{date, plan_document, province};

/// A plan with one deadline (23/6/2023) for our own office and one for the district TDG.
fn setup() -> (tempfile::TempDir, Store, InstanceId, InstanceId) {
    let (dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let tdg = store.office_by_code("TDG").expect("TDG");
    let doc = store.create_document(&plan_document("Kế hoạch kiểm tra")).expect("doc");
    store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo kết quả".into(),
                description: String::new(),
                assignees: vec![Assignee::Office { office_id: own.id }, Assignee::Office { office_id: tdg.id }],
                report_to_office_id: None,
                deadlines: vec![DeadlineRuleInput {
                    id: None,
                    label: "Báo cáo kết quả".into(),
                    spec: RuleSpec::Date { due: date(2023, 6, 23) },
                    source_text: "báo cáo gửi về Hội LHPN tỉnh trước ngày 23/6/2023".into(),
                    change_note: String::new(),
                }],
            },
        )
        .expect("task");
    let items = store.deadline_items(&DeadlineQuery::default(), date(2023, 6, 1)).expect("items");
    let ours = items.iter().find(|i| i.office_id == own.id).expect("ours").instance_id;
    let theirs = items.iter().find(|i| i.office_id == tdg.id).expect("theirs").instance_id;
    (dir, store, ours, theirs)
}

fn input(instance: InstanceId, submitted: NaiveDate) -> ReportInput {
    ReportInput {
        instance_id: instance,
        submitted_on: submitted,
        submitted_by: "Nguyễn Thị Lan".into(),
        channel: Channel::Post,
        note: String::new(),
        received_on: None,
    }
}

#[test]
fn status_follows_the_report_from_due_soon_to_late_or_on_time() {
    let (_dir, mut store, ours, theirs) = setup();
    let status = |store: &Store, id, today| store.deadline_item(id, today).expect("item").status;
    assert_eq!(status(&store, ours, date(2023, 6, 20)), DeadlineStatus::DueSoon);
    assert_eq!(status(&store, ours, date(2023, 6, 24)), DeadlineStatus::Overdue);
    store.record_report(&input(ours, date(2023, 6, 23)), date(2023, 6, 24)).expect("on the due date");
    assert_eq!(status(&store, ours, date(2023, 6, 24)), DeadlineStatus::SubmittedOnTime);
    // A sub-office's report recorded here is received here, on the day given.
    let mut late = input(theirs, date(2023, 6, 24));
    late.received_on = Some(date(2023, 6, 26));
    let report = store.record_report(&late, date(2023, 6, 26)).expect("one day late");
    assert_eq!(report.received_on, Some(date(2023, 6, 26)));
    assert_eq!(status(&store, theirs, date(2023, 6, 30)), DeadlineStatus::Received);
}

#[test]
fn one_live_report_per_deadline_and_no_future_dates() {
    let (_dir, mut store, ours, _) = setup();
    let err = store.record_report(&input(ours, date(2023, 6, 25)), date(2023, 6, 24)).expect_err("future");
    assert!(err.to_string().contains("tương lai"), "{err}");
    let report = store.record_report(&input(ours, date(2023, 6, 20)), date(2023, 6, 24)).expect("first");
    let again = store.record_report(&input(ours, date(2023, 6, 21)), date(2023, 6, 24)).expect_err("second");
    assert_eq!(again.code(), crate::ErrorCode::Conflict);
    store.delete_report(report.id).expect("withdraw");
    assert_eq!(store.deadline_item(ours, date(2023, 6, 24)).expect("item").status, DeadlineStatus::Overdue);
    store.record_report(&input(ours, date(2023, 6, 21)), date(2023, 6, 24)).expect("recorded again");
}

#[test]
fn report_files_must_be_word_pdf_or_excel() {
    let (dir, mut store, ours, _) = setup();
    let report = store.record_report(&input(ours, date(2023, 6, 20)), date(2023, 6, 24)).expect("report");
    let docx = dir.path().join("Báo cáo 6 tháng.docx");
    std::fs::write(&docx, b"PK\x03\x04 bao cao").expect("write");
    let file = store.attach_report_file(report.id, &docx).expect("attach");
    assert_eq!(store.get_report(report.id).expect("report").files, vec![file]);
    let exe = dir.path().join("setup.exe");
    std::fs::write(&exe, b"MZ").expect("write");
    let err = store.attach_report_file(report.id, &exe).expect_err("not a report file");
    assert!(err.to_string().contains("Word, PDF hay Excel"), "{err}");
}

#[test]
fn a_report_keeps_its_deadline_when_the_task_is_deleted() {
    let (_dir, mut store, ours, _) = setup();
    let report = store.record_report(&input(ours, date(2023, 6, 20)), date(2023, 6, 24)).expect("report");
    let task = store.deadline_item(ours, date(2023, 6, 24)).expect("item").task_id;
    store.delete_task(task).expect("delete task");
    assert!(store.get_report(report.id).is_ok(), "nothing is lost");
    assert!(store.deadline_items(&DeadlineQuery::default(), date(2023, 6, 24)).expect("items").is_empty());
}

#[test]
fn deleting_a_plan_takes_its_open_deadlines_off_the_lists_but_keeps_reports() {
    let (_dir, mut store, ours, theirs) = setup();
    let report = store.record_report(&input(ours, date(2023, 6, 20)), date(2023, 6, 24)).expect("report");
    let document = store.deadline_item(theirs, date(2023, 6, 24)).expect("item").document_id;
    store.delete_document(document).expect("delete plan");
    assert!(store.deadline_items(&DeadlineQuery::default(), date(2023, 6, 24)).expect("items").is_empty());
    assert_eq!(store.count_deadlines(&DeadlineQuery::default()).expect("count"), 0);
    assert!(store.get_report(report.id).is_ok(), "the report is kept");
}
