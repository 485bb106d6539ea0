//! Round trips between a province, a district and a commune, and every kind of bad file.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::*;
use crate::deadlines::{DeadlineQuery, DeadlineStatus, RuleSpec};
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::reports::{Channel, ReportInput};
use crate::store::Store;
use crate::testing::{date, plan_document, province};
use crate::bundle::import::RecordIssueKind;
use crate::bundle::conflicts::{ConflictChoice, ConflictResolution};

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

/// The province and district of `province_and_district`, and the commune BLU set up from the
/// district with the province deadline passed down to it; the commune's report has reached the
/// district (not yet the province).
fn three_offices(stick: &Path) -> (Office, Office, Office) {
    let (province, mut district) = province_and_district(stick);
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
    let setup = district.store.export_setup_bundle(blu, stick, TODAY()).expect("setup");
    let mut commune = empty();
    let outcome = import(&mut commune.store, Path::new(&setup.path));
    assert_eq!(outcome.preview.counts.refused, 0, "the province's records reach the commune signed: {:?}", outcome.preview.issues);
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
    let up = export(&mut commune.store, "TDG", stick);
    assert!(import(&mut district.store, &up).applied);
    (province, district, commune)
}

fn blu_items_at(store: &Store) -> Vec<crate::deadlines::DeadlineItem> {
    let blu = store.office_by_code("BLU").expect("BLU").id;
    store.deadline_items(&DeadlineQuery { office_ids: Some(vec![blu]), ..Default::default() }, TODAY()).expect("items")
}

#[test]
fn a_commune_report_is_forwarded_through_the_district_to_the_province() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, mut commune) = three_offices(stick.path());
    let up2 = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up2);
    assert!(outcome.applied, "{outcome:?}");
    assert_eq!(outcome.preview.counts.refused, 0, "the commune's signature verifies: {:?}", outcome.preview.issues);
    let seen = blu_items_at(&province.store);
    assert_eq!(seen.len(), 1, "the province sees the commune's deadline");
    assert!(seen[0].submitted_on.is_some(), "and its report, forwarded with its original owner");
    // The province now knows the commune's key, passed on by the district.
    let keys = province.store.pinned_keys().expect("keys");
    let blu = keys.iter().find(|k| k.office_code == "BLU").expect("the commune's key is pinned at the province");
    assert_eq!(blu.fingerprint, commune.store.own_key().expect("key").fingerprint);
    assert_eq!(blu.vouched_by.as_deref(), Some("Hội LHPN huyện Tam Đường"));
    let tdg = keys.iter().find(|k| k.office_code == "TDG").expect("the district's key");
    assert_eq!(tdg.vouched_by, None, "the district's key came from its own bundle");
    // The forwarded report keeps the commune's signature at the province too.
    let kept: i64 = province
        .store
        .conn
        .query_row("SELECT count(*) FROM record_signatures r JOIN offices o ON o.id = r.owner_office_id WHERE o.code = 'BLU'", [], |r| r.get(0))
        .expect("count");
    assert!(kept >= 1, "the commune's signatures are kept with its rows");
}

#[test]
fn a_commune_report_altered_by_the_district_is_refused_at_the_province() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, _commune) = three_offices(stick.path());
    // A tampered district store moves the commune's submission date before forwarding it.
    let changed = district
        .store
        .conn
        .execute(
            "UPDATE reports SET submitted_on = '2026-11-01', change_seq = 999999
             WHERE owner_office_id = (SELECT id FROM offices WHERE code = 'BLU')",
            [],
        )
        .expect("tamper");
    assert_eq!(changed, 1, "the commune's report is at the district");
    let up2 = export(&mut district.store, "LCU", stick.path());
    let before = province.store.dump_string().expect("dump");
    let preview = province.store.preview_import(&up2, TODAY()).expect("preview");
    assert_eq!(province.store.dump_string().expect("dump"), before, "a preview changes nothing");
    let outcome = import(&mut province.store, &up2);
    assert_eq!(outcome.preview, preview, "the preview says exactly what the import did");
    let refused: Vec<_> = outcome.preview.issues.iter().filter(|i| i.kind == RecordIssueKind::Refused).collect();
    assert_eq!(refused.len(), 2, "the report and the district's receipt of it: {:?}", outcome.preview.issues);
    assert_eq!(refused[0].table, "reports");
    assert_eq!(refused[1].table, "receipts");
    assert!(refused[1].reason.contains("thuộc một báo cáo bị từ chối"), "{}", refused[1].reason);
    assert!(refused[0].reason.contains("chữ ký của «Hội LHPN xã Bình Lư» không khớp"), "{}", refused[0].reason);
    assert!(refused[0].reason.contains("Hội LHPN huyện Tam Đường"), "the forwarder is named: {}", refused[0].reason);
    assert!(blu_items_at(&province.store).iter().all(|i| i.submitted_on.is_none()), "the altered report is not stored");
    let reports: i64 = province
        .store
        .conn
        .query_row("SELECT count(*) FROM reports WHERE submitted_on = '2026-11-01'", [], |r| r.get(0))
        .expect("count");
    assert_eq!(reports, 0);
}

#[test]
fn a_forwarded_record_without_its_owners_signature_is_refused() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, _commune) = three_offices(stick.path());
    // As if the district had received the report before records were signed.
    district.store.conn.execute("DELETE FROM record_signatures WHERE table_name = 'reports'", []).expect("forget");
    let up2 = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up2);
    assert_eq!(outcome.preview.counts.refused, 2, "the report and its receipt: {:?}", outcome.preview.issues);
    assert!(outcome.preview.issues[0].reason.contains("không kèm chữ ký"), "{:?}", outcome.preview.issues);
    assert!(blu_items_at(&province.store).iter().all(|i| i.submitted_on.is_none()));
}

#[test]
fn a_format_1_bundle_is_read_and_its_forwarded_records_refused() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, _commune) = three_offices(stick.path());
    let doc = district.store.create_document(&plan_document("Kế hoạch của huyện")).expect("doc");
    let up2 = export(&mut district.store, "LCU", stick.path());
    // The same content as an older program writes it: format 1, no record signatures, no keys.
    let old = stick.path().join("dinh-dang-1.skh");
    let key = district.store.signing_key().expect("key");
    rewrite(&up2, &old, Some(&key), |entries, manifest| {
        manifest["format"] = serde_json::json!(1);
        manifest.as_object_mut().expect("object").remove("forwardedKeys");
        for (name, data) in entries.iter_mut() {
            if name == format::RECORDS {
                let lines: Vec<String> = String::from_utf8_lossy(data)
                    .lines()
                    .map(|line| {
                        let mut record: serde_json::Value = serde_json::from_str(line).expect("record");
                        record.as_object_mut().expect("object").remove("signature");
                        record.to_string() + "\n"
                    })
                    .collect();
                *data = lines.concat().into_bytes();
                redeclare(manifest, format::RECORDS, data);
            }
        }
    });
    let outcome = import(&mut province.store, &old);
    assert!(outcome.applied, "{outcome:?}");
    assert!(province.store.get_document(doc.id).is_ok(), "the district's own records are taken on its bundle's signature");
    assert_eq!(outcome.preview.counts.refused, 2, "only the forwarded report and its receipt: {:?}", outcome.preview.issues);
    assert!(outcome.preview.issues[0].reason.contains("không kèm chữ ký"), "{:?}", outcome.preview.issues);
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
        rewrite(&good, p, Some(&key), |_, manifest| manifest["format"] = serde_json::json!(3))
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

/// A province plan whose title the province changed without a new modification time (as two
/// machines of one office would), imported at the district: one pending conflict.
fn a_conflict_at_the_district(stick: &Path) -> (Office, Office, crate::ids::DocumentId) {
    let (mut province, mut district) = province_and_district(stick);
    let doc = district.store.list_documents(crate::documents::DocumentOrder::Title).expect("docs")[0].id;
    province
        .store
        .conn
        .execute("UPDATE documents SET title = 'Kế hoạch sơ kết (bản máy thứ hai)', change_seq = 999999 WHERE id = ?1", [doc])
        .expect("the other machine's edit");
    let down = export(&mut province.store, "TDG", stick);
    let before = district.store.dump_string().expect("dump");
    let preview = district.store.preview_import(&down, TODAY()).expect("preview");
    assert_eq!(preview.counts.conflicts, 1, "{preview:?}");
    assert!(district.store.record_conflicts().expect("conflicts").is_empty(), "a preview keeps nothing");
    let outcome = import(&mut district.store, &down);
    assert_eq!(outcome.preview.counts.conflicts, 1, "{outcome:?}");
    assert!(outcome.message.contains("xung đột"), "{}", outcome.message);
    assert_eq!(district.store.dump_string().expect("dump"), before, "a conflict is not applied by the import");
    (province, district, doc)
}

#[test]
fn a_conflict_is_kept_and_the_bundles_version_can_be_chosen() {
    let stick = tempfile::tempdir().expect("stick");
    let (_province, mut district, doc) = a_conflict_at_the_district(stick.path());
    let conflicts = district.store.record_conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!((conflict.table.as_str(), conflict.table_label.as_str()), ("documents", "Văn bản"));
    assert_eq!(conflict.title, "Kế hoạch sơ kết Chỉ thị 21", "named as this machine knows it");
    assert_eq!(conflict.sender, "Hội LHPN tỉnh Lai Châu");
    assert_eq!(conflict.resolution, None);
    assert_eq!(conflict.differences.len(), 1, "only the title differs: {:?}", conflict.differences);
    let title = &conflict.differences[0];
    assert_eq!((title.field.as_str(), title.label.as_str()), ("title", "Trích yếu / tên"));
    assert_eq!(title.local, "Kế hoạch sơ kết Chỉ thị 21");
    assert_eq!(title.incoming, "Kế hoạch sơ kết (bản máy thứ hai)");

    let resolved = district.store.resolve_conflict(conflict.id, ConflictChoice::UseIncoming, TODAY()).expect("use incoming");
    assert_eq!(resolved.resolution, Some(ConflictResolution::Incoming));
    assert!(resolved.resolved_at.is_some());
    assert_eq!(district.store.get_document(doc).expect("doc").title, "Kế hoạch sơ kết (bản máy thứ hai)");
    // Nothing is lost: our former version is still in the history.
    let history = district.store.record_conflicts().expect("conflicts");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].differences[0].local, "Kế hoạch sơ kết Chỉ thị 21");
    // Choosing twice is refused and changes nothing.
    let before = district.store.dump_string().expect("dump");
    let err = district.store.resolve_conflict(conflict.id, ConflictChoice::KeepLocal, TODAY()).expect_err("already resolved");
    assert!(err.to_string().contains("đã được xử lý"), "{err}");
    assert_eq!(district.store.dump_string().expect("dump"), before);
    assert_eq!(district.store.record_conflicts().expect("conflicts")[0].resolution, Some(ConflictResolution::Incoming));
}

#[test]
fn keeping_this_machines_version_changes_no_record() {
    let stick = tempfile::tempdir().expect("stick");
    let (_province, mut district, doc) = a_conflict_at_the_district(stick.path());
    let before = district.store.dump_string().expect("dump");
    let id = district.store.record_conflicts().expect("conflicts")[0].id;
    let resolved = district.store.resolve_conflict(id, ConflictChoice::KeepLocal, TODAY()).expect("keep local");
    assert_eq!(resolved.resolution, Some(ConflictResolution::Local));
    assert_eq!(district.store.dump_string().expect("dump"), before, "our version stays as it was");
    assert_eq!(district.store.get_document(doc).expect("doc").title, "Kế hoạch sơ kết Chỉ thị 21");
    // The bundle's version stays in the history.
    assert_eq!(resolved.differences[0].incoming, "Kế hoạch sơ kết (bản máy thứ hai)");
    let err = district.store.resolve_conflict(id + 100, ConflictChoice::KeepLocal, TODAY()).expect_err("no such conflict");
    assert_eq!(err.code(), crate::ErrorCode::NotFound, "{err}");
}

#[test]
fn a_later_version_settles_a_pending_conflict() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, doc) = a_conflict_at_the_district(stick.path());
    let mut input = plan_document("Kế hoạch sơ kết, bản thống nhất");
    input.title = "Kế hoạch sơ kết, bản thống nhất".into();
    province.store.update_document(doc, &input).expect("a regular edit at the province");
    let down = export(&mut province.store, "TDG", stick.path());
    let outcome = import(&mut district.store, &down);
    assert_eq!(outcome.preview.counts.conflicts, 0, "{outcome:?}");
    assert_eq!(district.store.get_document(doc).expect("doc").title, "Kế hoạch sơ kết, bản thống nhất");
    let conflicts = district.store.record_conflicts().expect("conflicts");
    assert_eq!(conflicts[0].resolution, Some(ConflictResolution::Superseded));
    let before = district.store.dump_string().expect("dump");
    let err = district.store.resolve_conflict(conflicts[0].id, ConflictChoice::UseIncoming, TODAY()).expect_err("settled");
    assert!(err.to_string().contains("đã được xử lý"), "{err}");
    assert_eq!(district.store.dump_string().expect("dump"), before, "an old version never comes back");
}

#[test]
fn a_bundle_refused_at_the_preview_is_in_the_import_log() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let to_pto = export(&mut province.store, "PTO", stick.path());
    let before = district.store.dump_string().expect("dump");
    let logged = district.store.import_log().expect("log").len();
    let err = district.store.preview_import(&to_pto, TODAY()).expect_err("not for this office");
    assert!(err.to_string().contains("không phải cho đơn vị của máy này"), "{err}");
    let log = district.store.import_log().expect("log");
    assert_eq!(log.len(), logged + 1, "the refused preview is logged");
    assert_eq!(log[0].outcome, crate::bundle::LoggedOutcome::Refused);
    assert_eq!(log[0].message, err.to_string());
    assert_eq!(log[0].file_name, to_pto.file_name().and_then(|n| n.to_str()).expect("name"));
    assert_eq!(district.store.dump_string().expect("dump"), before, "and nothing else changes");
    // A preview that is not refused writes nothing to the log.
    province.store.create_document(&plan_document("Kế hoạch mới")).expect("doc");
    let good = export(&mut province.store, "TDG", stick.path());
    district.store.preview_import(&good, TODAY()).expect("preview");
    assert_eq!(district.store.import_log().expect("log").len(), logged + 1);
}

#[test]
fn export_progress_starts_as_soon_as_the_folder_is_chosen() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, _district) = province_and_district(stick.path());
    let tdg = province.store.office_by_code("TDG").expect("TDG").id;
    let mut stages = Vec::new();
    province
        .store
        .export_bundle(tdg, stick.path(), TODAY(), &mut |p| stages.push(p.stage))
        .expect("export");
    assert_eq!(stages.first(), Some(&ExportStage::FolderChosen), "{stages:?}");
    assert_eq!(stages.last(), Some(&ExportStage::Checking), "{stages:?}");
}

#[test]
fn a_communes_key_rotation_reaches_the_province_through_the_district() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, mut commune) = three_offices(stick.path());
    let up = export(&mut district.store, "LCU", stick.path());
    assert_eq!(import(&mut province.store, &up).preview.counts.refused, 0);
    let old = commune.store.own_key().expect("key").fingerprint;
    let new = commune.store.rotate_key().expect("rotate").fingerprint;
    let doc = commune.store.create_document(&plan_document("Kế hoạch của xã sau khi đổi khóa")).expect("doc");
    let up1 = export(&mut commune.store, "TDG", stick.path());
    assert!(import(&mut district.store, &up1).preview.key_rotation);
    let up2 = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up2);
    assert_eq!(outcome.preview.counts.refused, 0, "{:?}", outcome.preview.issues);
    assert!(province.store.get_document(doc.id).is_ok(), "signed with the new key, which the rotation vouches for");
    let keys = province.store.pinned_keys().expect("keys");
    let blu = keys.iter().find(|k| k.office_code == "BLU").expect("BLU");
    assert_ne!(old, new);
    assert_eq!(blu.fingerprint, new, "the province follows the commune's rotation");
    assert!(blu.rotated);
}

#[test]
fn a_commune_key_made_up_by_the_district_is_not_believed() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, mut commune) = three_offices(stick.path());
    let up = export(&mut district.store, "LCU", stick.path());
    assert_eq!(import(&mut province.store, &up).preview.counts.refused, 0);
    let pinned = province.store.pinned_keys().expect("keys").into_iter().find(|k| k.office_code == "BLU").expect("BLU");
    let doc = commune.store.create_document(&plan_document("Kế hoạch của xã")).expect("doc");
    let up1 = export(&mut commune.store, "TDG", stick.path());
    assert!(import(&mut district.store, &up1).applied);
    let honest = export(&mut district.store, "LCU", stick.path());
    // The district claims a new key for the commune and signs a changed plan with it.
    let made_up = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let made_up_public = hex::encode(made_up.verifying_key().as_bytes());
    let district_key = district.store.signing_key().expect("key");
    let forged = stick.path().join("khoa-gia.skh");
    rewrite(&honest, &forged, Some(&district_key), |entries, manifest| {
        for forwarded in manifest["forwardedKeys"].as_array_mut().expect("forwarded keys") {
            forwarded["publicKey"] = serde_json::json!(made_up_public);
        }
        for (name, data) in entries.iter_mut() {
            if name == format::RECORDS {
                let lines: Vec<String> = String::from_utf8_lossy(data)
                    .lines()
                    .map(|line| {
                        let mut record: records::Record = serde_json::from_str(line).expect("record");
                        if record.table == "documents" && record.row["title"] == "Kế hoạch của xã" {
                            record.row.insert("title".into(), serde_json::json!("Kế hoạch của xã (huyện sửa)"));
                            record.signature = Some(identity::sign(&made_up, &signatures::canonical_bytes(&record)));
                        }
                        serde_json::to_string(&record).expect("json") + "\n"
                    })
                    .collect();
                *data = lines.concat().into_bytes();
                redeclare(manifest, format::RECORDS, data);
            }
        }
    });
    let outcome = import(&mut province.store, &forged);
    let refused: Vec<_> = outcome.preview.issues.iter().filter(|i| i.kind == RecordIssueKind::Refused).collect();
    assert_eq!(refused.len(), 1, "{:?}", outcome.preview.issues);
    assert!(refused[0].reason.contains("không khớp"), "{}", refused[0].reason);
    assert!(province.store.get_document(doc.id).is_err(), "the changed plan is not stored");
    let after = province.store.pinned_keys().expect("keys").into_iter().find(|k| k.office_code == "BLU").expect("BLU");
    assert_eq!(after.fingerprint, pinned.fingerprint, "the made-up key is not pinned");
}

#[path = "tests_faults.rs"]
mod faults;

#[path = "tests_admit.rs"]
mod admit;

#[path = "tests_recovery.rs"]
mod recovery;

#[path = "tests_reorganise.rs"]
mod reorganise;
