//! What a sub-office may say: bundles forged with a district's own key (its store altered behind
//! the app's back, then exported normally, so every record carries the district's real signature)
//! are refused record by record with a reason naming the record, the province's records stay as
//! they were, and its views still work. The app refuses the same things before they are written.

use std::io::{Read, Write};
use std::path::Path;

use rusqlite::params;

use super::*;
use crate::bundle::import::RecordIssueKind;
use crate::checklists::{ChecklistKind, ChecklistRequest};
use crate::deadlines::{DeadlineItem, DeadlineQuery, DeadlineStatus, RuleSpec};
use crate::ids::OfficeId;
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::reports::{Channel, ReportInput};
use crate::store::Store;
use crate::testing::{date, plan_document, province};
use crate::tracking::MatrixQuery;

/// The province and district of the round-trip tests, with the district's schema checks off so
/// that values its own schema would refuse can be written behind the app's back too.
fn province_and_district(stick: &Path) -> (Office, Office) {
    let (province, district) = super::province_and_district(stick);
    district.store.conn.execute_batch("PRAGMA ignore_check_constraints = ON").expect("pragma");
    (province, district)
}

fn rule(label: &str, spec: RuleSpec) -> DeadlineRuleInput {
    DeadlineRuleInput { id: None, label: label.into(), spec, source_text: String::new(), change_note: String::new() }
}

fn deadline_of(store: &Store, code: &str) -> DeadlineItem {
    let office = store.office_by_code(code).expect("office").id;
    store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![office]), ..Default::default() }, TODAY())
        .expect("items")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{code} has a deadline"))
}

fn id_of(store: &Store, code: &str) -> OfficeId {
    store.office_by_code(code).expect("office").id
}

/// Marks every row the district changed behind the app's back as its newest change, as the app
/// would, so that the next export carries it (signed afresh with the district's key).
fn bump(store: &Store) {
    store
        .conn
        .execute_batch(
            "UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';
             UPDATE offices SET change_seq = 900000 WHERE change_seq = -1;
             UPDATE documents SET change_seq = 900000 WHERE change_seq = -1;
             UPDATE tasks SET change_seq = 900000 WHERE change_seq = -1;
             UPDATE deadline_rules SET change_seq = 900000 WHERE change_seq = -1;
             UPDATE reports SET change_seq = 900000 WHERE change_seq = -1;
             UPDATE receipts SET change_seq = 900000 WHERE change_seq = -1;",
        )
        .expect("bump");
}

fn now() -> String {
    crate::store::now()
}

/// The refused issues of an import, as (table, reason).
fn refused(outcome: &ImportOutcome) -> Vec<(String, String)> {
    outcome
        .preview
        .issues
        .iter()
        .filter(|i| i.kind == RecordIssueKind::Refused)
        .map(|i| (i.table.clone(), i.reason.clone()))
        .collect()
}

/// The province's main views all read the store (a value they cannot read fails them).
fn assert_views_work(store: &Store) {
    let items = store.deadline_items(&DeadlineQuery::default(), TODAY()).expect("the status list works");
    assert!(!items.is_empty());
    store.dashboard(TODAY()).expect("the dashboard works");
    store.matrix(&MatrixQuery::default(), TODAY()).expect("the matrix works");
    for kind in [ChecklistKind::SubOffices, ChecklistKind::Matrix] {
        store
            .checklist(
                &ChecklistRequest {
                    kind,
                    from: date(2026, 1, 1),
                    to: date(2026, 12, 31),
                    office_id: None,
                    document_id: None,
                    prepared_by: String::new(),
                },
                TODAY(),
            )
            .unwrap_or_else(|e| panic!("the {kind:?} checklist works: {e}"));
    }
    crate::testing::assert_open_counts_kept(store);
}

#[test]
fn a_district_cannot_report_for_a_siblings_deadline_in_the_app_or_by_bundle() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, district) = province_and_district(stick.path());
    let pto = deadline_of(&district.store, "PTO");
    let own = deadline_of(&district.store, "TDG");
    // The district's lists show the sibling's deadline but do not offer it for a report.
    assert!(!pto.can_record_report, "a sibling's deadline is not ours to report");
    assert!(own.can_record_report, "our own deadline is");
    let mut district = district;
    let input = |instance| ReportInput {
        instance_id: instance,
        submitted_on: date(2026, 11, 19),
        submitted_by: "Lò Thị Mai".into(),
        channel: Channel::Post,
        note: String::new(),
        received_on: None,
    };
    let before = district.store.dump_string().expect("dump");
    let err = district.store.record_report(&input(pto.instance_id), TODAY()).expect_err("a sibling's deadline");
    assert!(
        err.to_string().contains("«Hội LHPN huyện Tam Đường» chỉ ghi nhận được báo cáo cho hạn của chính mình hoặc của đơn vị cấp dưới")
            && err.to_string().contains("«Hội LHPN huyện Phong Thổ»"),
        "{err}"
    );
    assert_eq!(district.store.dump_string().expect("dump"), before, "nothing written");

    // A district store altered behind the app's back records it anyway, and exports it signed.
    let tdg = id_of(&district.store, "TDG");
    let pto_id = id_of(&district.store, "PTO");
    district
        .store
        .conn
        .execute(
            "INSERT INTO reports (id, instance_id, office_id, submitted_on, submitted_by, channel, note, owner_office_id,
                                  updated_at, change_seq)
             VALUES (?1, ?2, ?3, '2026-11-19', 'Lò Thị Mai', 'post', '', ?4, ?5, -1)",
            params![crate::ids::ReportId::new(), pto.instance_id, pto_id, tdg, now()],
        )
        .expect("forge");
    bump(&district.store);
    let up = export(&mut district.store, "LCU", stick.path());
    let before = province.store.dump_string().expect("dump");
    let outcome = import(&mut province.store, &up);
    let refused = refused(&outcome);
    assert_eq!(refused.len(), 1, "{:?}", outcome.preview.issues);
    assert_eq!(refused[0].0, "reports");
    assert!(
        refused[0].1.starts_with(
            "Báo cáo nộp ngày 19/11/2026 cho hạn «Báo cáo sơ kết» của «Hội LHPN huyện Phong Thổ» bị từ chối: «Hội LHPN huyện Tam Đường» chỉ ghi nhận được báo cáo"
        ),
        "{}",
        refused[0].1
    );
    assert_eq!(province.store.dump_string().expect("dump"), before, "the province holds nothing of it");
    assert_eq!(deadline_of(&province.store, "PTO").status, DeadlineStatus::Overdue, "PTO has not reported");
    assert_views_work(&province.store);
}

#[test]
fn a_receipt_the_district_issued_for_its_own_report_is_refused() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let own = deadline_of(&district.store, "TDG");
    let report = district
        .store
        .record_report(
            &ReportInput {
                instance_id: own.instance_id,
                submitted_on: date(2026, 11, 19),
                submitted_by: "Lò Thị Mai".into(),
                channel: Channel::Usb,
                note: String::new(),
                received_on: None,
            },
            TODAY(),
        )
        .expect("report");
    // "Received" on the day it was sent, by the district itself.
    let tdg = id_of(&district.store, "TDG");
    district
        .store
        .conn
        .execute(
            "INSERT INTO receipts (report_id, received_on, receiver_office_id, updated_at, change_seq)
             VALUES (?1, '2026-11-19', ?2, ?3, -1)",
            params![report.id, tdg, now()],
        )
        .expect("forge");
    bump(&district.store);
    let up = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up);
    let refused = refused(&outcome);
    assert_eq!(refused.len(), 1, "{:?}", outcome.preview.issues);
    assert_eq!(refused[0].0, "receipts");
    assert!(
        refused[0].1.starts_with("Biên nhận báo cáo cho hạn «Báo cáo sơ kết» của «Hội LHPN huyện Tam Đường» bị từ chối: chỉ đơn vị cấp trên"),
        "{}",
        refused[0].1
    );
    assert_eq!(outcome.preview.counts.new, 1, "the report itself is taken");
    let at_province = province.store.get_report(report.id).expect("report");
    assert_eq!(at_province.received_on, Some(TODAY()), "the province's own receipt, dated by it");
    assert_eq!(at_province.receiver_office_id, Some(id_of(&province.store, "LCU")));
    assert_views_work(&province.store);
}

#[test]
fn offices_outside_the_districts_subtree_or_against_the_rules_are_refused() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let tdg = id_of(&district.store, "TDG");
    let lcu = id_of(&district.store, "LCU");
    let pto = id_of(&district.store, "PTO");
    let insert = |code: &str, name: &str, level: u8, parent: Option<OfficeId>| {
        district
            .store
            .conn
            .execute(
                "INSERT INTO offices (id, code, name, level, parent_id, owner_office_id, updated_at, change_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, -1)",
                params![OfficeId::new(), code, name, level, parent, tdg, now()],
            )
            .expect("forge");
    };
    insert("ANH", "Hội LHPN huyện Anh Em", 2, Some(lcu));
    insert("CHAU", "Hội LHPN xã Cháu", 3, Some(pto));
    insert("GOC", "Hội LHPN Gốc Mới", 0, None);
    insert("RONG", "   ", 3, Some(tdg));
    insert("CO CACH", "Hội LHPN xã Có Cách", 3, Some(tdg));
    insert("NGANG", "Hội LHPN huyện Ngang Hàng", 2, Some(tdg));
    insert("BHA", "Hội LHPN xã Bản Hon", 3, Some(tdg));
    bump(&district.store);
    let up = export(&mut district.store, "LCU", stick.path());
    let before = province.store.dump_string().expect("dump");
    let outcome = import(&mut province.store, &up);
    let refused = refused(&outcome);
    let reason = |code: &str| {
        refused
            .iter()
            .find(|(_, r)| r.contains(&format!("(mã «{code}»)")))
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{code} is refused: {refused:?}"))
    };
    assert!(reason("ANH").contains("không thuộc «Hội LHPN huyện Tam Đường»"), "a sibling: {}", reason("ANH"));
    assert!(reason("CHAU").contains("«Hội LHPN huyện Phong Thổ» không thuộc"), "under another district: {}", reason("CHAU"));
    assert!(reason("GOC").contains("không lập được đơn vị cấp cao nhất"), "a new root: {}", reason("GOC"));
    assert!(reason("RONG").starts_with("Đơn vị không tên (mã «RONG») bị từ chối: tên đơn vị không được để trống"), "{}", reason("RONG"));
    assert!(reason("CO CACH").contains("không dấu cách"), "{}", reason("CO CACH"));
    assert!(reason("NGANG").contains("phải ở cấp cao hơn"), "a level out of order: {}", reason("NGANG"));
    assert_eq!(refused.len(), 6, "{refused:?}");
    assert_eq!(outcome.preview.counts.new, 1, "only the district's own commune");
    let added = province.store.office_by_code("BHA").expect("the commune is taken");
    assert_eq!(added.parent_id, Some(tdg));
    let after = province.store.dump_string().expect("dump");
    let changed: Vec<&str> = after.lines().filter(|l| !before.contains(*l)).collect();
    assert_eq!(changed.len(), 1, "the commune and nothing else: {changed:?}");
    assert!(changed[0].contains("\"BHA\""));
    assert_views_work(&province.store);
}

#[test]
fn tasks_and_rules_that_make_deadlines_for_other_offices_are_refused() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let tdg = id_of(&district.store, "TDG");
    let pto = id_of(&district.store, "PTO");
    let blu = id_of(&district.store, "BLU");
    let plan = deadline_of(&district.store, "TDG");
    // In the app: a task of the district on the province's plan may only be for the district's offices.
    let task_for = |office| TaskInput {
        title: "Báo cáo thêm".into(),
        description: String::new(),
        assignees: vec![Assignee::Office { office_id: office }],
        report_to_office_id: None,
        deadlines: vec![rule("Báo cáo thêm", RuleSpec::Date { due: date(2026, 12, 10) })],
    };
    let err = district.store.add_task(plan.document_id, &task_for(pto)).expect_err("a sibling's task");
    assert!(err.to_string().contains("không giao được cho «Hội LHPN huyện Phong Thổ»"), "{err}");
    let passed = district.store.add_task(plan.document_id, &task_for(blu)).expect("its commune's task");
    let bad_year = TaskInput { deadlines: vec![rule("Năm lạ", RuleSpec::Date { due: date(9999, 1, 1) })], ..task_for(blu) };
    let err = district.store.add_task(plan.document_id, &bad_year).expect_err("year 9999");
    assert!(err.to_string().contains("năm phải từ 1945 đến 2100"), "{err}");

    // Behind the app's back: the commune's task reassigned to the sibling district, a rule of the
    // district on the province's own task, and a rule dated in year 9999.
    let conn = &district.store.conn;
    conn.execute("UPDATE task_assignees SET office_id = ?2 WHERE task_id = ?1", params![passed.id, pto]).expect("forge");
    conn.execute("UPDATE tasks SET change_seq = -1, updated_at = ?2 WHERE id = ?1", params![passed.id, now()]).expect("forge");
    conn.execute(
        "INSERT INTO deadline_rules (id, task_id, position, label, spec, source_text, passed_down_from, owner_office_id,
                                     updated_at, change_seq)
         VALUES (?1, ?2, 5, 'Báo cáo bổ sung', '{\"kind\":\"date\",\"due\":\"2026-12-01\"}', '', NULL, ?3, ?4, -1)",
        params![crate::ids::RuleId::new(), plan.task_id, tdg, now()],
    )
    .expect("forge");
    let own_doc = district.store.create_document(&plan_document("Kế hoạch của huyện")).expect("doc");
    let own_task = district.store.add_task(own_doc.id, &task_for(blu)).expect("task");
    district
        .store
        .conn
        .execute(
            "UPDATE deadline_rules SET spec = '{\"kind\":\"date\",\"due\":\"9999-01-01\"}', change_seq = -1 WHERE task_id = ?1",
            [own_task.id],
        )
        .expect("forge");
    bump(&district.store);
    let up = export(&mut district.store, "LCU", stick.path());
    let instances_before: i64 =
        province.store.conn.query_row("SELECT count(*) FROM deadline_instances", [], |r| r.get(0)).expect("count");
    let outcome = import(&mut province.store, &up);
    let refused = refused(&outcome);
    let find = |fragment: &str| refused.iter().find(|(_, r)| r.contains(fragment)).unwrap_or_else(|| panic!("{fragment}: {refused:?}"));
    let (table, reason) = find("không giao được cho «Hội LHPN huyện Phong Thổ»");
    assert_eq!(table, "tasks");
    assert!(reason.starts_with("Nhiệm vụ «Báo cáo thêm» bị từ chối"), "{reason}");
    let (table, reason) = find("thuộc một nhiệm vụ bị từ chối");
    assert_eq!(table, "deadline_rules", "the rule of the refused task goes with it: {reason}");
    let (_, reason) = find("chỉ do đơn vị lập nhiệm vụ đó («Hội LHPN tỉnh Lai Châu»)");
    assert!(reason.starts_with("Hạn «Báo cáo bổ sung» bị từ chối"), "{reason}");
    let (_, reason) = find("năm phải từ 1945 đến 2100");
    assert!(reason.starts_with("Hạn «Báo cáo thêm» bị từ chối"), "{reason}");
    assert_eq!(refused.len(), 4, "{refused:?}");
    let pto_items = province
        .store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![pto]), ..Default::default() }, TODAY())
        .expect("items");
    assert_eq!(pto_items.len(), 1, "no deadline for the sibling came from the district: {pto_items:?}");
    let instances_after: i64 =
        province.store.conn.query_row("SELECT count(*) FROM deadline_instances", [], |r| r.get(0)).expect("count");
    assert_eq!(instances_after, instances_before, "no deadline rows were made from refused rules");
    assert_views_work(&province.store);
}

#[test]
fn values_the_app_would_refuse_are_refused_and_the_views_keep_working() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let own = deadline_of(&district.store, "TDG");
    let report = district
        .store
        .record_report(
            &ReportInput {
                instance_id: own.instance_id,
                submitted_on: date(2026, 11, 19),
                submitted_by: "Lò Thị Mai".into(),
                channel: Channel::Usb,
                note: String::new(),
                received_on: None,
            },
            TODAY(),
        )
        .expect("report");
    let future = (chrono::Local::now().date_naive() + chrono::Days::new(10)).format("%Y-%m-%d").to_string();
    let cases: Vec<(&str, String, &str)> = vec![
        ("submitted_on", "not-a-date".into(), "ngày nộp «not-a-date» không phải là một ngày có thật"),
        ("submitted_on", "2026-02-30".into(), "không phải là một ngày có thật"),
        ("submitted_on", String::new(), "không phải là một ngày có thật"),
        ("submitted_on", "2026-11-5".into(), "không phải là một ngày có thật"),
        ("submitted_on", "0000-06-01".into(), "năm phải từ 1945 đến 2100"),
        ("submitted_on", "9999-06-01".into(), "năm phải từ 1945 đến 2100"),
        ("submitted_on", future, "ở tương lai"),
        ("channel", "bogus".into(), "hình thức gửi «bogus» không hợp lệ"),
        ("submitted_by", "  ".into(), "hãy ghi người nộp báo cáo"),
        ("updated_at", "not-a-time".into(), "thời điểm sửa «not-a-time» không phải là một thời điểm hợp lệ"),
        ("updated_at", "2099-01-01T00:00:00.000Z".into(), "đồng hồ của máy đã sửa bản ghi chạy nhanh"),
    ];
    let before = province.store.dump_string().expect("dump");
    for (column, value, expected) in cases {
        district
            .store
            .conn
            .execute(&format!("UPDATE reports SET {column} = ?2, change_seq = -1 WHERE id = ?1"), params![report.id, value])
            .expect("forge");
        if column != "updated_at" {
            district.store.conn.execute("UPDATE reports SET updated_at = ?2 WHERE id = ?1", params![report.id, now()]).expect("time");
        }
        bump(&district.store);
        let up = export(&mut district.store, "LCU", stick.path());
        let outcome = import(&mut province.store, &up);
        let refused = refused(&outcome);
        assert_eq!(refused.len(), 1, "{column} = {value:?}: {:?}", outcome.preview.issues);
        assert!(refused[0].1.starts_with("Báo cáo nộp ngày"), "the record is named: {}", refused[0].1);
        assert!(refused[0].1.contains("cho hạn «Báo cáo sơ kết» của «Hội LHPN huyện Tam Đường» bị từ chối: "), "{}", refused[0].1);
        assert!(refused[0].1.contains(expected), "{column} = {value:?}: {}", refused[0].1);
        assert_eq!(province.store.dump_string().expect("dump"), before, "{column} = {value:?} left no trace");
        assert_views_work(&province.store);
        // Back to the honest value for the next case.
        district
            .store
            .conn
            .execute(
                "UPDATE reports SET submitted_on = '2026-11-19', channel = 'usb', submitted_by = 'Lò Thị Mai' WHERE id = ?1",
                [report.id],
            )
            .expect("restore");
    }
    // An honest correction after all of them is taken.
    district
        .store
        .update_report(
            report.id,
            &ReportInput {
                instance_id: own.instance_id,
                submitted_on: date(2026, 11, 18),
                submitted_by: "Lò Thị Mai".into(),
                channel: Channel::Usb,
                note: String::new(),
                received_on: None,
            },
            TODAY(),
        )
        .expect("correct");
    let up = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up);
    assert!(refused(&outcome).is_empty(), "{:?}", outcome.preview.issues);
    assert_eq!(deadline_of(&province.store, "TDG").submitted_on, Some(date(2026, 11, 18)));
    assert_views_work(&province.store);
}

#[test]
fn a_document_the_app_would_refuse_is_refused() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let doc = district.store.create_document(&plan_document("Kế hoạch của huyện")).expect("doc");
    let cases = [
        ("issued_on", "2026-02-30", "ngày ban hành «2026-02-30» không phải là một ngày có thật"),
        ("issued_on", "1900-01-01", "năm phải từ 1945 đến 2100"),
        ("kind", "bogus", "loại văn bản không hợp lệ"),
        ("number_style", "bogus", "kiểu số hiệu không hợp lệ"),
        ("title", " ", "trích yếu không được để trống"),
        ("recipients", "not json", "danh sách nơi nhận không đọc được"),
    ];
    let before = province.store.dump_string().expect("dump");
    for (column, value, expected) in cases {
        district
            .store
            .conn
            .execute(
                &format!("UPDATE documents SET {column} = ?2, updated_at = ?3, change_seq = -1 WHERE id = ?1"),
                params![doc.id, value, now()],
            )
            .expect("forge");
        bump(&district.store);
        let up = export(&mut district.store, "LCU", stick.path());
        let outcome = import(&mut province.store, &up);
        let refused = refused(&outcome);
        assert_eq!(refused.len(), 1, "{column} = {value:?}: {:?}", outcome.preview.issues);
        assert!(refused[0].1.starts_with("Văn bản "), "{}", refused[0].1);
        assert!(refused[0].1.to_lowercase().contains(expected), "{column} = {value:?}: {}", refused[0].1);
        assert_eq!(province.store.dump_string().expect("dump"), before);
        let honest = district.store.conn.execute(
            "UPDATE documents SET issued_on = '2024-04-24', kind = 'keHoach', number_style = 'state',
                 title = 'Kế hoạch của huyện', recipients = '[]' WHERE id = ?1",
            [doc.id],
        );
        honest.expect("restore");
    }
    assert_views_work(&province.store);
}

/// Rewrites the manifest of a bundle with `edit` and signs it again with `key`.
fn resign_manifest(source: &Path, target: &Path, key: &ed25519_dalek::SigningKey, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(source).expect("open")).expect("zip");
    let mut entries = Vec::new();
    let mut manifest = serde_json::Value::Null;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        match name.as_str() {
            format::MANIFEST => manifest = serde_json::from_slice(&bytes).expect("manifest"),
            format::SIGNATURE => {}
            _ => entries.push((name, bytes)),
        }
    }
    edit(&mut manifest);
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).expect("json");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(target).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in &entries {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.start_file(format::MANIFEST, options).expect("start");
    zip.write_all(&manifest_bytes).expect("write");
    zip.start_file(format::SIGNATURE, options).expect("start");
    zip.write_all(identity::sign(key, &manifest_bytes).as_bytes()).expect("write");
    zip.finish().expect("finish");
}

#[test]
fn a_clock_running_ahead_cannot_make_later_corrections_older() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let own = deadline_of(&district.store, "TDG");
    let input = |day| ReportInput {
        instance_id: own.instance_id,
        submitted_on: date(2026, 11, day),
        submitted_by: "Lò Thị Mai".into(),
        channel: Channel::Usb,
        note: String::new(),
        received_on: None,
    };
    let report = district.store.record_report(&input(19), TODAY()).expect("report");
    // The district's clock ran five hours ahead while it recorded the report, and still does when
    // it exports: the bundle claims to be made six hours from now.
    let ahead = |hours| {
        (chrono::Utc::now() + chrono::TimeDelta::hours(hours)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    };
    district
        .store
        .conn
        .execute("UPDATE reports SET updated_at = ?2, change_seq = -1 WHERE id = ?1", params![report.id, ahead(5)])
        .expect("clock ahead");
    bump(&district.store);
    let honest = export(&mut district.store, "LCU", stick.path());
    let forged = stick.path().join("dong-ho-nhanh.skh");
    let key = district.store.signing_key().expect("key");
    resign_manifest(&honest, &forged, &key, |manifest| manifest["createdAt"] = serde_json::json!(ahead(6)));
    let before = province.store.dump_string().expect("dump");
    let outcome = import(&mut province.store, &forged);
    let refused = refused(&outcome);
    assert_eq!(refused.len(), 1, "{:?}", outcome.preview.issues);
    assert!(refused[0].1.contains("bị từ chối: thời điểm sửa"), "{}", refused[0].1);
    assert!(refused[0].1.contains("chạy nhanh") && refused[0].1.contains("chỉnh"), "says what to do: {}", refused[0].1);
    assert_eq!(province.store.dump_string().expect("dump"), before, "not kept, so it cannot win over later versions");
    // The clock is put right; the next correction is taken.
    district.store.update_report(report.id, &input(18), TODAY()).expect("correct");
    let up = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up);
    assert!(refused_is_empty(&outcome), "{:?}", outcome.preview.issues);
    assert_eq!(deadline_of(&province.store, "TDG").submitted_on, Some(date(2026, 11, 18)));
}

fn refused_is_empty(outcome: &ImportOutcome) -> bool {
    refused(outcome).is_empty()
}

#[test]
fn the_app_refuses_receipts_and_assignments_as_the_import_does() {
    let (_dir, mut store) = province();
    let doc = store.create_document(&plan_document("Kế hoạch")).expect("doc");
    let own = store.require_own_office().expect("own");
    store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo".into(),
                description: String::new(),
                assignees: vec![Assignee::Level { under: own.id, level: 2 }],
                report_to_office_id: None,
                deadlines: vec![rule("Báo cáo", RuleSpec::Date { due: date(2026, 11, 20) })],
            },
        )
        .expect("task");
    let tdg = deadline_of(&store, "TDG");
    assert!(tdg.can_record_report, "the province records its districts' reports that come by post");
    let input = |received| ReportInput {
        instance_id: tdg.instance_id,
        submitted_on: date(2026, 11, 19),
        submitted_by: "Văn thư".into(),
        channel: Channel::Post,
        note: String::new(),
        received_on: Some(received),
    };
    let err = store.record_report(&input(date(2026, 12, 24)), TODAY()).expect_err("received in the future");
    assert!(err.to_string().contains("Ngày nhận 24/12/2026 ở tương lai"), "{err}");
    let err = store.record_report(&input(date(2026, 11, 18)), TODAY()).expect_err("received before it was sent");
    assert!(err.to_string().contains("trước ngày nộp"), "{err}");
    store.record_report(&input(date(2026, 11, 21)), TODAY()).expect("a receipt of the office above");
    // The office above the province is not ours to add sub-offices to or to assign.
    let tw = id_of(&store, "TW");
    let err = store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Việc của Trung ương".into(),
                description: String::new(),
                assignees: vec![Assignee::Office { office_id: tw }],
                report_to_office_id: None,
                deadlines: vec![],
            },
        )
        .expect_err("the level above");
    assert!(err.to_string().contains("chỉ giao việc cho chính mình và các đơn vị cấp dưới"), "{err}");
}
