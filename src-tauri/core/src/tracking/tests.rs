use super::*;
use crate::deadlines::RuleSpec;
use crate::deadlines::pass_down::PassDownInput;
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::reports::{Channel, ReportInput};
use crate::testing::{assert_open_counts_kept, date, plan_document, province};

fn rule(label: &str, due: NaiveDate) -> DeadlineRuleInput {
    DeadlineRuleInput {
        id: None,
        label: label.into(),
        spec: RuleSpec::Date { due },
        source_text: String::new(),
        change_note: String::new(),
    }
}

fn report(store: &mut Store, office: &str, label: &str, submitted: NaiveDate) {
    let office = store.office_by_code(office).expect("office").id;
    let item = store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![office]), ..Default::default() }, submitted)
        .expect("items")
        .into_iter()
        .find(|i| i.label == label)
        .expect("instance");
    store
        .record_report(
            &ReportInput {
                instance_id: item.instance_id,
                submitted_on: submitted,
                submitted_by: "Văn thư".into(),
                channel: Channel::Email,
                note: String::new(),
                received_on: Some(submitted),
            },
            submitted,
        )
        .expect("report");
}

/// Districts TDG and PTO owe two reports; the ward DKT owes the first one too.
fn tracked() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let dkt = store.office_by_code("DKT").expect("DKT").id;
    let doc = store.create_document(&plan_document("Kế hoạch tháng hành động")).expect("doc");
    store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo".into(),
                description: String::new(),
                assignees: vec![Assignee::Level { under: own.id, level: 2 }, Assignee::Office { office_id: dkt }],
                report_to_office_id: None,
                deadlines: vec![rule("Báo cáo đợt 1", date(2026, 11, 10))],
            },
        )
        .expect("task 1");
    store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo tổng kết".into(),
                description: String::new(),
                assignees: vec![Assignee::Level { under: own.id, level: 2 }],
                report_to_office_id: None,
                deadlines: vec![rule("Báo cáo tổng kết", date(2026, 11, 30))],
            },
        )
        .expect("task 2");
    (dir, store)
}

#[test]
fn the_matrix_shows_who_reported_on_time_late_or_not_at_all_with_rates() {
    let (_dir, mut store) = tracked();
    report(&mut store, "TDG", "Báo cáo đợt 1", date(2026, 11, 9));
    report(&mut store, "PTO", "Báo cáo đợt 1", date(2026, 11, 12));
    let today = date(2026, 11, 25);
    let matrix = store.matrix(&MatrixQuery::default(), today).expect("matrix");
    let labels: Vec<&str> = matrix.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Báo cáo đợt 1", "Báo cáo tổng kết"]);
    let codes: Vec<&str> = matrix.rows.iter().map(|r| r.office.code.as_str()).collect();
    assert_eq!(codes, ["PTO", "TDG", "DKT"], "tree order: districts, then the ward");
    let status = |code: &str, col: usize| {
        matrix.rows.iter().find(|r| r.office.code == code).and_then(|r| r.cells[col].as_ref()).map(|c| c.status)
    };
    assert_eq!(status("TDG", 0), Some(DeadlineStatus::Received));
    assert_eq!(status("PTO", 0), Some(DeadlineStatus::Received));
    assert_eq!(status("DKT", 0), Some(DeadlineStatus::Overdue));
    assert_eq!(status("DKT", 1), None, "the ward owes no final report");
    assert_eq!(status("TDG", 1), Some(DeadlineStatus::DueSoon), "due 30/11, five days ahead");
    // Column 1: 3 expected, 2 received, 1 on time. Column 2 is not due yet: nothing expected.
    assert_eq!(matrix.columns[0].rates, Rates { expected: 3, received: 2, on_time: 1 });
    assert_eq!(matrix.columns[1].rates, Rates { expected: 0, received: 0, on_time: 0 });
    assert_eq!(matrix.totals.reporting_rate().map(|r| r.round()), Some(67.0));
    let pto = matrix.rows.iter().find(|r| r.office.code == "PTO").expect("PTO");
    assert_eq!(pto.rates, Rates { expected: 1, received: 1, on_time: 0 });
    // Filtered by level: districts only.
    let districts = store.matrix(&MatrixQuery { level: Some(2), ..Default::default() }, today).expect("matrix");
    assert_eq!(districts.rows.len(), 2);
    let by_month = store.rates_by_month(&MatrixQuery::default(), today).expect("chart");
    assert_eq!(by_month, [PeriodRates { period: "2026-11".into(), rates: Rates { expected: 3, received: 2, on_time: 1 } }]);
}

#[test]
fn a_matrix_wider_than_its_limit_keeps_the_earliest_deadlines_in_order() {
    let (_dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let doc = store.create_document(&plan_document("Kế hoạch báo cáo tháng")).expect("doc");
    let monthly = DeadlineRuleInput {
        spec: RuleSpec::Recurring {
            frequency: crate::deadlines::Frequency::Monthly,
            due_month: 1,
            day: 5,
            from: date(1990, 1, 1),
            until: Some(date(2026, 12, 31)),
        },
        ..rule("Báo cáo tháng", date(2026, 1, 5))
    };
    let task = TaskInput {
        title: "Báo cáo tháng".into(),
        description: String::new(),
        assignees: vec![Assignee::Level { under: own.id, level: 2 }],
        report_to_office_id: None,
        deadlines: vec![monthly, rule("Báo cáo năm 1990", date(1990, 1, 5))],
    };
    store.add_task(doc.id, &task).expect("task");
    let matrix = store.matrix(&MatrixQuery::default(), date(2026, 11, 25)).expect("matrix");
    assert_eq!(matrix.columns.len(), MATRIX_MAX_COLUMNS, "444 months and one more deadline are cut");
    let first: Vec<(&str, &str)> = matrix.columns[..3].iter().map(|c| (c.period.as_str(), c.label.as_str())).collect();
    assert_eq!(
        first,
        [("once", "Báo cáo năm 1990"), ("1990-01", "Báo cáo tháng"), ("1990-02", "Báo cáo tháng")],
        "earliest first, by label within a day"
    );
    assert!(matrix.columns.windows(2).all(|w| w[0].due_on <= w[1].due_on));
    assert_eq!(matrix.columns[MATRIX_MAX_COLUMNS - 1].due_on, date(2023, 3, 5), "the 399th month from January 1990");
    assert_eq!(matrix.rows.len(), 2, "the two districts");
    for row in &matrix.rows {
        assert!(row.cells.iter().zip(&matrix.columns).all(|(cell, column)| cell.as_ref().map(|c| c.due_on) == Some(column.due_on)));
        assert_eq!(row.rates.expected, MATRIX_MAX_COLUMNS as u32, "every kept deadline is past and expected");
    }
    assert_eq!(matrix.totals.expected, 2 * MATRIX_MAX_COLUMNS as u32);
}

#[test]
fn open_deadline_counts_follow_every_write_and_add_up_to_the_rows() {
    let (_dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let doc = store.create_document(&plan_document("Kế hoạch báo cáo tháng")).expect("doc");
    let monthly = |day: u32, until: NaiveDate| DeadlineRuleInput {
        spec: RuleSpec::Recurring {
            frequency: crate::deadlines::Frequency::Monthly,
            due_month: 1,
            day,
            from: date(2026, 1, 1),
            until: Some(until),
        },
        ..rule("Báo cáo tháng", date(2026, 1, 5))
    };
    let input = |rule: DeadlineRuleInput| TaskInput {
        title: "Báo cáo tháng".into(),
        description: String::new(),
        assignees: vec![Assignee::Level { under: own.id, level: 2 }, Assignee::Office { office_id: own.id }],
        report_to_office_id: None,
        deadlines: vec![rule],
    };
    let task = store.add_task(doc.id, &input(monthly(5, date(2026, 12, 31)))).expect("task");
    assert_open_counts_kept(&store);
    let today = date(2026, 11, 25);
    let items = store.deadline_items(&DeadlineQuery::default(), today).expect("items");
    let mut reports = Vec::new();
    for item in items.iter().filter(|i| i.due_on.month() % 3 == 0 && i.due_on <= today) {
        let input = ReportInput {
            instance_id: item.instance_id,
            submitted_on: item.due_on,
            submitted_by: "Văn thư".into(),
            channel: Channel::Usb,
            note: String::new(),
            received_on: None,
        };
        reports.push(store.record_report(&input, today).expect("report").id);
    }
    assert_open_counts_kept(&store);
    store.delete_report(reports[0]).expect("withdraw a report");
    assert_open_counts_kept(&store);
    let counted = |store: &Store| {
        let own_and_districts: Vec<OfficeId> = store.list_offices().expect("offices").iter().filter(|o| o.level <= 2).map(|o| o.id).collect();
        let ranges = [
            (None, None),
            (None, Some(date(2026, 11, 24))),
            (None, Some(date(2026, 4, 30))),
            (Some(date(2026, 1, 1)), Some(date(2026, 6, 30))),
            (Some(date(2026, 1, 15)), Some(date(2026, 3, 10))),
            (Some(date(2026, 2, 6)), Some(date(2026, 2, 28))),
            (Some(date(2026, 3, 5)), None),
            (Some(date(2026, 11, 25)), Some(date(2026, 12, 2))),
        ];
        for (due_from, due_to) in ranges {
            for office_ids in [None, Some(own_and_districts.clone())] {
                let query = DeadlineQuery { office_ids, due_from, due_to, open_only: true, ..Default::default() };
                let rows = store.deadline_items(&query, today).expect("items").len() as u32;
                assert_eq!(store.count_deadlines(&query).expect("count"), rows, "{due_from:?}–{due_to:?}");
            }
        }
    };
    counted(&store);
    // Due dates move (same instances), then the rule ends in June: later instances go, reported ones stay withdrawn.
    let rule_id = Some(task.deadlines[0].id);
    store.update_task(task.id, &input(DeadlineRuleInput { id: rule_id, ..monthly(20, date(2026, 12, 31)) })).expect("move");
    assert_open_counts_kept(&store);
    store.update_task(task.id, &input(DeadlineRuleInput { id: rule_id, ..monthly(20, date(2026, 6, 30)) })).expect("shorten");
    assert_open_counts_kept(&store);
    counted(&store);
    store.delete_task(task.id).expect("delete");
    assert_open_counts_kept(&store);
}

#[test]
fn the_dashboard_splits_our_deadlines_from_our_sub_offices() {
    let (_dir, mut store) = tracked();
    report(&mut store, "TDG", "Báo cáo đợt 1", date(2026, 11, 9));
    let dashboard = store.dashboard(date(2026, 11, 25)).expect("dashboard");
    assert_eq!(dashboard.own.overdue.total, 0, "the province itself owes nothing here");
    let overdue: Vec<&str> = dashboard.sub_offices.overdue.items.iter().map(|i| i.office_code.as_str()).collect();
    assert_eq!(overdue, ["PTO", "DKT"]);
    assert_eq!(dashboard.sub_offices.due_soon.total, 2, "final reports due 30/11 within 7 days");
    assert_eq!(dashboard.sub_offices.this_week.total, 0, "23–29/11 holds nothing; 30/11 is next week");
    let reminders = store.reminders(date(2026, 11, 25)).expect("reminders");
    assert_eq!((reminders.own_overdue, reminders.own_due_soon, reminders.sub_offices_overdue), (0, 0, 2));
    assert_eq!(reminders.message, "Nhắc việc: 2 báo cáo của đơn vị cấp dưới đã quá hạn.");
    let next_week = store.dashboard(date(2026, 11, 30)).expect("dashboard");
    assert_eq!(next_week.sub_offices.due_today.total, 2);
    assert!(next_week.sub_offices.due_today.items.iter().all(|i| i.label == "Báo cáo tổng kết"));
}

#[test]
fn a_page_of_sub_offices_deadlines_holds_the_earliest_ones() {
    let (_dir, mut store) = tracked();
    report(&mut store, "TDG", "Báo cáo đợt 1", date(2026, 11, 9));
    let today = date(2026, 11, 25);
    let own = store.require_own_office().expect("own");
    let below = store.offices_below(own.id).expect("below");
    for open_only in [false, true] {
        let query = DeadlineQuery { office_ids: Some(below.clone()), open_only, ..Default::default() };
        let mut all = store.deadline_items(&query, today).expect("all");
        all.sort_by_key(|i| (i.due_on, i.office_id, i.instance_id));
        for limit in 1..=all.len() {
            let page = store.deadline_items(&DeadlineQuery { limit: Some(limit as u32), ..query.clone() }, today).expect("page");
            let mut ids: Vec<_> = page.iter().map(|i| i.instance_id).collect();
            ids.sort();
            let mut expected: Vec<_> = all[..limit].iter().map(|i| i.instance_id).collect();
            expected.sort();
            assert_eq!(ids, expected, "a page of {limit} (open only: {open_only}) is the earliest {limit}");
        }
    }
}

#[test]
fn passing_a_deadline_down_counts_working_days_back_across_tet() {
    let (_dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let doc = store.create_document(&plan_document("Kế hoạch của Trung ương")).expect("doc");
    store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo Trung ương".into(),
                description: String::new(),
                assignees: vec![Assignee::Office { office_id: own.id }],
                report_to_office_id: None,
                deadlines: vec![rule("Báo cáo sơ kết gửi Trung ương", date(2026, 2, 23))],
            },
        )
        .expect("task");
    let upper = store.deadline_items(&DeadlineQuery::default(), date(2026, 1, 5)).expect("items")[0].clone();
    // Tết 2026 closes offices 14–22/02; three working days before Monday 23/02 is Wednesday 11/02.
    assert_eq!(store.default_pass_down_date(upper.due_on).expect("date"), date(2026, 2, 11));
    let task = store.pass_down(&PassDownInput { instance_id: upper.instance_id, due_on: None, assignees: vec![] }).expect("passed");
    assert_eq!(task.deadlines[0].passed_down_from, Some(upper.instance_id));
    let below = store
        .deadline_items(&DeadlineQuery { task_id: Some(task.id), ..Default::default() }, date(2026, 1, 5))
        .expect("items");
    let codes: Vec<&str> = below.iter().map(|i| i.office_code.as_str()).collect();
    assert_eq!(codes, ["PTO", "TDG", "DKT"], "every direct sub-office");
    assert!(below.iter().all(|i| i.due_on == date(2026, 2, 11) && i.upper_due_on == Some(date(2026, 2, 23))));
    let later = PassDownInput { instance_id: upper.instance_id, due_on: Some(date(2026, 2, 24)), assignees: vec![] };
    assert!(store.pass_down(&later).is_err(), "never later than the deadline above");
}

#[test]
fn deadlines_on_a_day_off_are_flagged() {
    let (_dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let doc = store.create_document(&plan_document("Kế hoạch")).expect("doc");
    store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo".into(),
                description: String::new(),
                assignees: vec![Assignee::Office { office_id: own.id }],
                report_to_office_id: None,
                deadlines: vec![rule("Báo cáo quý", date(2026, 2, 17)), rule("Báo cáo tháng", date(2026, 3, 10))],
            },
        )
        .expect("task");
    let items = store.deadline_items(&DeadlineQuery::default(), date(2026, 1, 5)).expect("items");
    assert_eq!(items[0].non_working_reason.as_deref(), Some("Tết Nguyên đán"));
    assert_eq!(items[1].non_working_reason, None);
}
