//! Round trips between a province, a district and a commune, and every kind of bad file.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::*;
use crate::deadlines::{DeadlineQuery, DeadlineStatus, RuleSpec};
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::reports::{Channel, ReportInput};
use crate::store::Store;
use crate::testing::{date, plan_document, province};

const TODAY: fn() -> chrono::NaiveDate = || date(2026, 11, 25);

struct Office {
    _dir: tempfile::TempDir,
    store: Store,
}

fn empty() -> Office {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("skh.db")).expect("open");
    Office { _dir: dir, store }
}

fn export(from: &mut Store, to_code: &str, stick: &Path) -> PathBuf {
    let to = from.office_by_code(to_code).expect("recipient").id;
    PathBuf::from(from.export_bundle(to, stick, TODAY(), &mut |_| {}).expect("export").path)
}

fn import(into: &mut Store, file: &Path) -> ImportOutcome {
    into.import_bundle(file, TODAY()).expect("import")
}

/// A province with a plan for its districts, and the district TDG set up from the province.
fn province_and_district(stick: &Path) -> (Office, Office) {
    let (dir, mut province_store) = province();
    let own = province_store.require_own_office().expect("own");
    let doc = province_store.create_document(&plan_document("Kế hoạch sơ kết Chỉ thị 21")).expect("doc");
    province_store
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
                    spec: RuleSpec::Date { due: date(2026, 11, 20) },
                    source_text: "trước ngày 20/11/2026".into(),
                    change_note: String::new(),
                }],
            },
        )
        .expect("task");
    let tdg = province_store.office_by_code("TDG").expect("TDG").id;
    let setup = province_store.export_setup_bundle(tdg, stick, TODAY()).expect("setup bundle");
    let mut district = empty();
    let outcome = import(&mut district.store, Path::new(&setup.path));
    assert!(outcome.applied, "{outcome:?}");
    (Office { _dir: dir, store: province_store }, district)
}

fn tdg_deadline(store: &Store) -> crate::deadlines::DeadlineItem {
    let tdg = store.office_by_code("TDG").expect("TDG").id;
    store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![tdg]), ..Default::default() }, TODAY())
        .expect("items")
        .into_iter()
        .next()
        .expect("TDG has a deadline")
}

#[test]
fn setup_then_report_up_then_receipt_down() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    // The district now knows itself, the tree, the plan and its deadline with the same id.
    assert_eq!(district.store.require_own_office().expect("own").code, "TDG");
    let upper = tdg_deadline(&province.store);
    let local = tdg_deadline(&district.store);
    assert_eq!(local.instance_id, upper.instance_id, "derived ids agree across stores");
    assert_eq!(district.store.pinned_keys().expect("keys").len(), 1, "the province key is pinned");

    district
        .store
        .record_report(
            &ReportInput {
                instance_id: local.instance_id,
                submitted_on: date(2026, 11, 19),
                submitted_by: "Lò Thị Mai".into(),
                channel: Channel::Usb,
                note: String::new(),
                received_on: None,
            },
            TODAY(),
        )
        .expect("report");
    let up = export(&mut district.store, "LCU", stick.path());
    assert!(up.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("HoiLHPN-TDG-gui-LCU-2026-11-25-")));
    let preview = province.store.preview_import(&up, TODAY()).expect("preview");
    assert!(preview.first_contact, "the district's key is new to the province");
    assert_eq!(preview.counts.new, 1, "{preview:?}");
    let outcome = import(&mut province.store, &up);
    assert!(outcome.applied && outcome.backup.is_some());
    let at_province = tdg_deadline(&province.store);
    assert_eq!(at_province.status, DeadlineStatus::Received, "the province received it (and issued a receipt)");
    crate::testing::assert_open_counts_kept(&province.store);
    crate::testing::assert_open_counts_kept(&district.store);

    // The receipt travels back down.
    let down = export(&mut province.store, "TDG", stick.path());
    let outcome = import(&mut district.store, &down);
    assert!(outcome.applied, "{outcome:?}");
    assert_eq!(tdg_deadline(&district.store).status, DeadlineStatus::Received, "cấp trên đã nhận");
    assert_eq!(tdg_deadline(&district.store).received_on, Some(TODAY()));
}

#[test]
fn the_same_bundle_twice_or_an_older_one_changes_nothing() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let first = export(&mut province.store, "TDG", stick.path());
    let doc = province.store.create_document(&plan_document("Kế hoạch thứ hai")).expect("doc");
    let second = export(&mut province.store, "TDG", stick.path());
    import(&mut district.store, &second);
    let after_second = district.store.dump_string().expect("dump");
    assert!(district.store.get_document(doc.id).is_ok());
    let again = import(&mut district.store, &second);
    assert!(!again.applied && again.preview.already_imported);
    let older = import(&mut district.store, &first);
    assert!(!older.applied, "{older:?}");
    assert_eq!(district.store.dump_string().expect("dump"), after_second, "byte-for-byte unchanged");
    assert_eq!(district.store.import_log().expect("log").len(), 4, "setup, second, replay, older are all logged");
}

#[test]
fn a_district_cannot_change_a_province_plan() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let doc = district.store.list_documents(crate::documents::DocumentOrder::Title).expect("docs")[0].id;
    let err = district.store.update_document(doc, &plan_document("Sửa trái phép")).expect_err("not ours");
    assert!(err.to_string().contains("chỉ đơn vị đó mới sửa"), "{err}");
    // A tampered district store that claims the province's plan as its own.
    let tdg = district.store.require_own_office().expect("own").id;
    district
        .store
        .conn
        .execute(
            "UPDATE documents SET title = 'Sửa trái phép', owner_office_id = ?2, updated_at = '2099-01-01T00:00:00.000Z',
                 change_seq = 999999 WHERE id = ?1",
            rusqlite::params![doc, tdg],
        )
        .expect("tamper");
    let up = export(&mut district.store, "LCU", stick.path());
    let before = province.store.get_document(doc).expect("doc").title;
    let outcome = import(&mut province.store, &up);
    assert_eq!(outcome.preview.counts.refused, 1, "{outcome:?}");
    assert!(outcome.preview.issues[0].reason.contains("chủ sở hữu"), "{:?}", outcome.preview.issues);
    assert_eq!(province.store.get_document(doc).expect("doc").title, before);
}

#[test]
fn a_commune_report_is_forwarded_through_the_district_to_the_province() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    // The district passes the province deadline down to its commune BLU (set up from the district).
    let blu = district.store.office_by_code("BLU").expect("BLU").id;
    let upper = tdg_deadline(&district.store);
    district
        .store
        .pass_down(&crate::deadlines::pass_down::PassDownInput {
            instance_id: upper.instance_id,
            due_on: None,
            assignees: vec![Assignee::Office { office_id: blu }],
        })
        .expect("pass down");
    let setup = district.store.export_setup_bundle(blu, stick.path(), TODAY()).expect("setup");
    let mut commune = empty();
    import(&mut commune.store, Path::new(&setup.path));
    let item = commune.store.deadline_items(&DeadlineQuery::default(), TODAY()).expect("items");
    let own_item = item.iter().find(|i| i.office_code == "BLU").expect("BLU deadline");
    commune
        .store
        .record_report(
            &ReportInput {
                instance_id: own_item.instance_id,
                submitted_on: date(2026, 11, 10),
                submitted_by: "Chủ tịch Hội xã".into(),
                channel: Channel::Usb,
                note: String::new(),
                received_on: None,
            },
            TODAY(),
        )
        .expect("commune report");
    let up1 = export(&mut commune.store, "TDG", stick.path());
    assert!(import(&mut district.store, &up1).applied);
    let up2 = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up2);
    assert!(outcome.applied, "{outcome:?}");
    assert_eq!(outcome.preview.counts.refused, 0, "{:?}", outcome.preview.issues);
    let blu_at_province = province.store.office_by_code("BLU").expect("BLU").id;
    let seen = province
        .store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![blu_at_province]), ..Default::default() }, TODAY())
        .expect("items");
    assert_eq!(seen.len(), 1, "the province sees the commune's deadline");
    assert!(seen[0].submitted_on.is_some(), "and its report, forwarded with its original owner");
}

/// Rewrites a bundle: `edit` gets every entry and may change, add or drop entries; the manifest is
/// re-signed with `key` when given (a forger without the key passes None).
fn rewrite(
    source: &Path,
    target: &Path,
    key: Option<&ed25519_dalek::SigningKey>,
    edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>, &mut serde_json::Value),
) {
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
    let original_sig = {
        let mut s = String::new();
        archive.by_name(format::SIGNATURE).expect("sig").read_to_string(&mut s).expect("read");
        s
    };
    edit(&mut entries, &mut manifest);
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).expect("json");
    let signature = match key {
        Some(key) => identity::sign(key, &manifest_bytes),
        None => original_sig,
    };
    let mut zip = zip::ZipWriter::new(std::fs::File::create(target).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in &entries {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.start_file(format::MANIFEST, options).expect("start");
    zip.write_all(&manifest_bytes).expect("write");
    zip.start_file(format::SIGNATURE, options).expect("start");
    zip.write_all(signature.as_bytes()).expect("write");
    zip.finish().expect("finish");
}

/// Declares an entry's new bytes in the manifest.
fn redeclare(manifest: &mut serde_json::Value, name: &str, bytes: &[u8]) {
    use sha2::Digest;
    for entry in manifest["entries"].as_array_mut().expect("entries") {
        if entry["name"] == name {
            entry["size"] = serde_json::json!(bytes.len());
            entry["sha256"] = serde_json::json!(hex::encode(sha2::Sha256::digest(bytes)));
            if name == format::RECORDS {
                entry["count"] = serde_json::json!(bytes.iter().filter(|b| **b == b'\n').count());
            }
        }
    }
}

#[test]
fn every_kind_of_bad_file_is_refused_with_its_own_message_and_changes_nothing() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    province.store.create_document(&plan_document("Kế hoạch mới")).expect("doc");
    let good = export(&mut province.store, "TDG", stick.path());
    let key = province.store.signing_key().expect("key");
    let bytes = std::fs::read(&good).expect("read");
    let dir = stick.path().join("xau");
    std::fs::create_dir_all(&dir).expect("dir");
    let before = district.store.dump_string().expect("dump");
    let mut cases: Vec<(&str, PathBuf, &str)> = Vec::new();
    let mut add = |name: &'static str, expect: &'static str, make: &dyn Fn(&Path)| {
        let path = dir.join(format!("{name}.skh"));
        make(&path);
        cases.push((name, path, expect));
    };
    add("truncated", "không phải là gói dữ liệu", &|p| std::fs::write(p, &bytes[..bytes.len() / 2]).expect("w"));
    add("not-a-zip", "không phải là gói dữ liệu", &|p| std::fs::write(p, "Báo cáo tháng 11\n").expect("w"));
    add("flipped-bit", "", &|p| {
        let mut b = bytes.clone();
        let middle = b.len() / 3;
        b[middle] ^= 0x01;
        std::fs::write(p, b).expect("w");
    });
    add("forged-record", "Chữ ký", &|p| {
        rewrite(&good, p, None, |entries, manifest| {
            for (name, data) in entries.iter_mut() {
                if name == format::RECORDS {
                    *data = String::from_utf8_lossy(data).replace("Kế hoạch mới", "Kế hoạch giả").into_bytes();
                    redeclare(manifest, format::RECORDS, data);
                }
            }
        })
    });
    add("entry-changed-unsigned", "bị hỏng", &|p| {
        rewrite(&good, p, None, |entries, _| {
            for (name, data) in entries.iter_mut() {
                if name == format::RECORDS {
                    data.push(b' ');
                }
            }
        })
    });
    add("missing-entry", "thiếu phần", &|p| rewrite(&good, p, Some(&key), |entries, _| entries.retain(|(n, _)| n != format::RECORDS)));
    add("extra-entry", "phần lạ", &|p| {
        rewrite(&good, p, Some(&key), |entries, _| entries.push(("../../evil.sh".into(), b"rm -rf /".to_vec())))
    });
    add("invalid-json", "JSON không hợp lệ", &|p| {
        rewrite(&good, p, Some(&key), |entries, manifest| {
            for (name, data) in entries.iter_mut() {
                if name == format::RECORDS {
                    data.extend_from_slice(b"{\"table\": \"documents\", \n");
                    redeclare(manifest, format::RECORDS, data);
                }
            }
        })
    });
    add("invalid-utf8", "UTF-8", &|p| {
        rewrite(&good, p, Some(&key), |entries, manifest| {
            for (name, data) in entries.iter_mut() {
                if name == format::RECORDS {
                    data.extend_from_slice(b"\xff\xfe\n");
                    redeclare(manifest, format::RECORDS, data);
                }
            }
        })
    });
    add("unknown-kind", "loại bản ghi lạ", &|p| {
        rewrite(&good, p, Some(&key), |entries, manifest| {
            for (name, data) in entries.iter_mut() {
                if name == format::RECORDS {
                    data.extend_from_slice(b"{\"table\":\"passwords\",\"row\":{}}\n");
                    redeclare(manifest, format::RECORDS, data);
                }
            }
        })
    });
    add("future-format", "phiên bản Sổ Kế Hoạch mới hơn", &|p| {
        rewrite(&good, p, Some(&key), |_, manifest| manifest["format"] = serde_json::json!(2))
    });
    add("wrong-recipient", "không phải cho đơn vị của máy này", &|p| {
        rewrite(&good, p, Some(&key), |_, manifest| {
            manifest["recipient"]["id"] = serde_json::json!(uuid::Uuid::now_v7().to_string());
            manifest["recipient"]["name"] = serde_json::json!("Hội LHPN huyện Phong Thổ");
        })
    });
    add("changed-key", "Khóa ký", &|p| {
        let other = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        rewrite(&good, p, Some(&other), |_, manifest| {
            manifest["senderPublicKey"] = serde_json::json!(hex::encode(other.verifying_key().as_bytes()));
        })
    });
    add("copied-installation", "hai máy cùng xưng", &|p| {
        rewrite(&good, p, Some(&key), |_, manifest| manifest["senderInstallation"] = serde_json::json!("may-khac"))
    });
    for (name, path, expect) in &cases {
        let err = district.store.import_bundle(path, TODAY()).expect_err(name);
        assert_eq!(err.code(), crate::ErrorCode::BundleRefused, "{name}: {err}");
        assert!(err.to_string().contains(expect), "{name}: «{err}» should mention «{expect}»");
        assert_eq!(district.store.dump_string().expect("dump"), before, "{name} changed the store");
    }
    // The good one still imports afterwards.
    assert!(import(&mut district.store, &good).applied);
}

#[test]
fn a_rotated_key_is_accepted_with_the_old_keys_signature() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let before = district.store.pinned_keys().expect("keys")[0].fingerprint.clone();
    let new_key = province.store.rotate_key().expect("rotate");
    province.store.create_document(&plan_document("Sau khi đổi khóa")).expect("doc");
    let down = export(&mut province.store, "TDG", stick.path());
    let outcome = import(&mut district.store, &down);
    assert!(outcome.applied && outcome.preview.key_rotation, "{outcome:?}");
    let pinned = district.store.pinned_keys().expect("keys");
    assert_eq!(pinned[0].fingerprint, new_key.fingerprint);
    assert_ne!(pinned[0].fingerprint, before);
    assert!(pinned[0].rotated);
}

#[test]
fn a_data_folder_copied_to_another_machine_is_told_apart() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, _) = province_and_district(stick.path());
    let this_machine = stick.path().join("may-1");
    let mut district = empty();
    assert!(!district.store.check_installation(&this_machine).expect("check"), "first start here");
    let pto = province.store.office_by_code("PTO").expect("PTO").id;
    let setup = province.store.export_setup_bundle(pto, stick.path(), TODAY()).expect("setup");
    import(&mut district.store, Path::new(&setup.path));
    assert!(!district.store.check_installation(&this_machine).expect("check"), "same machine, after setup");
    let before = district.store.own_key().expect("key").installation_id;
    let up = export(&mut district.store, "LCU", stick.path());
    assert!(import(&mut province.store, &up).preview.first_contact, "the province pins this machine's key");

    // The folder is copied to a second machine, which then sends a bundle of its own.
    let other_machine = stick.path().join("may-2");
    assert!(district.store.check_installation(&other_machine).expect("check"), "a copy is detected");
    assert_ne!(district.store.own_key().expect("key").installation_id, before, "and becomes its own installation");
    district.store.create_document(&plan_document("Kế hoạch của máy thứ hai")).expect("doc");
    let second = export(&mut district.store, "LCU", stick.path());
    let err = province.store.import_bundle(&second, TODAY()).expect_err("two machines, one office");
    assert!(err.to_string().contains("hai máy cùng xưng"), "{err}");
    // The explicit way to move an office to a new machine: rotate the key there.
    district.store.rotate_key().expect("rotate");
    let third = export(&mut district.store, "LCU", stick.path());
    assert!(import(&mut province.store, &third).applied);
}

#[test]
fn a_report_recorded_by_post_at_the_province_gives_way_to_the_districts_own_record() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let upper = tdg_deadline(&province.store);
    let by_post = |received| ReportInput {
        instance_id: upper.instance_id,
        submitted_on: date(2026, 11, 18),
        submitted_by: "Văn thư huyện".into(),
        channel: Channel::Post,
        note: String::new(),
        received_on: received,
    };
    // The paper copy arrives at the province first and is recorded there.
    province.store.record_report(&by_post(Some(date(2026, 11, 21))), TODAY()).expect("recorded at the province");
    // The district records its own submission before any bundle travels.
    district.store.record_report(&by_post(None), TODAY()).expect("recorded at the district");
    let up = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up);
    assert_eq!(outcome.preview.counts.refused + outcome.preview.counts.conflicts, 0, "{:?}", outcome.preview.issues);
    assert_eq!(outcome.preview.counts.new, 1, "{:?}", outcome.preview.counts);
    let item = tdg_deadline(&province.store);
    assert_eq!(item.status, DeadlineStatus::Received);
    assert_eq!(item.received_on, Some(date(2026, 11, 21)), "the receipt date recorded at the province carries over");
    let report = province.store.report_of_instance(upper.instance_id).expect("report").expect("live report");
    assert_eq!(report.office_id, district.store.require_own_office().expect("own").id);
    // And the receipt reaches the district.
    let down = export(&mut province.store, "TDG", stick.path());
    let outcome = import(&mut district.store, &down);
    assert_eq!(outcome.preview.counts.refused, 0, "{:?}", outcome.preview.issues);
    assert_eq!(tdg_deadline(&district.store).status, DeadlineStatus::Received);
}

#[test]
fn a_setup_bundle_after_reports_were_recorded_imports_without_refusals() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, _) = province_and_district(stick.path());
    let pto = province.store.office_by_code("PTO").expect("PTO").id;
    let item = province
        .store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![pto]), ..Default::default() }, TODAY())
        .expect("items")[0]
        .clone();
    province
        .store
        .record_report(
            &ReportInput {
                instance_id: item.instance_id,
                submitted_on: date(2026, 11, 19),
                submitted_by: "Văn thư".into(),
                channel: Channel::Email,
                note: String::new(),
                received_on: None,
            },
            TODAY(),
        )
        .expect("report by email");
    let setup = province.store.export_setup_bundle(pto, stick.path(), TODAY()).expect("setup");
    let mut fresh = empty();
    let outcome = import(&mut fresh.store, Path::new(&setup.path));
    assert_eq!(outcome.preview.counts.refused, 0, "{:?}", outcome.preview.issues);
    assert_eq!(tdg_or(&fresh.store, "PTO").status, DeadlineStatus::Received, "the new machine sees its report as received");
}

fn tdg_or(store: &Store, code: &str) -> crate::deadlines::DeadlineItem {
    let office = store.office_by_code(code).expect("office").id;
    store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![office]), ..Default::default() }, TODAY())
        .expect("items")
        .into_iter()
        .next()
        .expect("a deadline")
}
