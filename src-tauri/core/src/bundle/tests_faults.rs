//! Faults that must neither lose data nor block work: a refused record is not acknowledged, a
//! backup never blocks a re-import, stored files are the checked ones, and the work a bundle can
//! cause is bounded.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::*;
use crate::bundle::read;
use crate::error::Error;
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::reports::{Channel, ReportInput};
use crate::testing::{date, plan_document};

fn report_input(instance: crate::ids::InstanceId) -> ReportInput {
    ReportInput {
        instance_id: instance,
        submitted_on: date(2026, 11, 19),
        submitted_by: "Lò Thị Mai".into(),
        channel: Channel::Usb,
        note: String::new(),
        received_on: None,
    }
}

/// The lines of a bundle's `records.jsonl`.
fn record_lines(bundle: &Path) -> Vec<serde_json::Value> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(bundle).expect("open")).expect("zip");
    let mut text = String::new();
    archive.by_name(format::RECORDS).expect("records").read_to_string(&mut text).expect("read");
    text.lines().map(|l| serde_json::from_str(l).expect("json")).collect()
}

fn manifest_of(bundle: &Path) -> serde_json::Value {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(bundle).expect("open")).expect("zip");
    let mut text = String::new();
    archive.by_name(format::MANIFEST).expect("manifest").read_to_string(&mut text).expect("read");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn a_report_on_a_plan_deleted_meanwhile_is_refused_listed_for_its_sender_sent_again_and_accepted_later() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let deadline = tdg_deadline(&district.store);
    district.store.record_report(&report_input(deadline.instance_id), TODAY()).expect("report");
    // While the district was offline, the province deleted the plan (and so the deadline).
    let plan = province.store.list_documents(crate::documents::DocumentOrder::Title).expect("docs").into_iter()
        .find(|d| d.title == "Kế hoạch sơ kết Chỉ thị 21").expect("plan").id;
    province.store.delete_document(plan).expect("delete");

    let up = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up);
    assert_eq!(outcome.preview.counts.refused, 1, "{:?}", outcome.preview.issues);
    let reason = &outcome.preview.issues[0].reason;
    assert!(!reason.contains("FOREIGN KEY") && !reason.contains("constraint"), "no library text: {reason}");
    assert!(reason.contains("không có ở máy này") && reason.contains("kế hoạch có thể đã bị xóa"), "{reason}");
    assert!(outcome.message.contains("chưa được nhận") && outcome.message.contains("Hội LHPN huyện Tam Đường"), "{}", outcome.message);
    let log = province.store.import_log().expect("log");
    assert!(log[0].message.contains("1 bản ghi bị từ chối"), "the log says so too: {:?}", log[0]);
    // The province shows what it refused and from whom.
    let theirs = province.store.refused_records().expect("refused").theirs;
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0].table, "reports");
    assert!(theirs[0].message.starts_with("Chưa nhận từ «Hội LHPN huyện Tam Đường»: báo cáo ngày 19/11/2026"), "{}", theirs[0].message);

    // The bundle back lists it; the district shows it with the province's real name, as not received.
    let down = export(&mut province.store, "TDG", stick.path());
    let refused = &manifest_of(&down)["refused"];
    assert_eq!(refused.as_array().map(Vec::len), Some(1), "{refused}");
    assert_eq!(refused[0]["table"], "reports");
    import(&mut district.store, &down);
    let ours = district.store.refused_records().expect("refused").ours;
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert!(
        ours[0].message.starts_with("Hội LHPN tỉnh Lai Châu chưa nhận: báo cáo ngày 19/11/2026 của «Hội LHPN huyện Tam Đường»"),
        "{}",
        ours[0].message
    );
    assert!(ours[0].message.contains("lý do: Báo cáo nộp ngày") && ours[0].message.contains("không có ở máy này"), "{}", ours[0].message);

    // It is not acknowledged: the district's next bundle carries it again, though nothing changed.
    let again = export(&mut district.store, "LCU", stick.path());
    let lines = record_lines(&again);
    assert!(lines.iter().any(|l| l["table"] == "reports" && l["row"]["id"] == theirs[0].id.as_str()), "sent again: {lines:?}");
    let second = import(&mut province.store, &again);
    assert_eq!(second.preview.counts.refused, 1, "still refused while the deadline is missing");
    assert_eq!(province.store.refused_records().expect("refused").theirs.len(), 1);

    // The province brings the deadline back (as a restored plan would): the next re-send is accepted,
    // the province no longer lists it, and neither does the district once the next bundle arrives.
    province
        .store
        .conn
        .execute(
            "INSERT INTO deadline_instances (id, rule_id, office_id, period, starts_on, due_on) VALUES (?1, ?2, ?3, ?4, NULL, ?5)",
            rusqlite::params![deadline.instance_id, deadline.rule_id, deadline.office_id, "once", deadline.due_on],
        )
        .expect("deadline back");
    let third = import(&mut province.store, &export(&mut district.store, "LCU", stick.path()));
    assert_eq!((third.preview.counts.refused, third.preview.counts.new), (0, 1), "{:?}", third.preview.issues);
    assert!(province.store.refused_records().expect("refused").theirs.is_empty());
    let down = export(&mut province.store, "TDG", stick.path());
    assert!(manifest_of(&down).get("refused").is_none(), "nothing listed any more");
    import(&mut district.store, &down);
    assert!(district.store.refused_records().expect("refused").ours.is_empty());
}

#[test]
fn a_store_restored_from_its_backup_imports_the_same_bundle_again_the_same_day() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, district) = province_and_district(stick.path());
    province.store.create_document(&plan_document("Kế hoạch mới")).expect("doc");
    let bundle = export(&mut province.store, "TDG", stick.path());
    let db = district.store.path().to_path_buf();
    drop(district.store);
    let mut store = Store::open(&db).expect("open");
    let first = import(&mut store, &bundle);
    assert!(first.applied);
    let backup = std::path::PathBuf::from(first.backup.expect("backup"));
    let backup_bytes = std::fs::read(&backup).expect("read");
    let after = store.dump_string().expect("dump");
    // The user restores the copy made before the import, then imports the same file again.
    drop(store);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::copy(&backup, &db).expect("restore");
    let mut store = Store::open(&db).expect("open restored");
    let second = import(&mut store, &bundle);
    assert!(second.applied, "{second:?}");
    let second_backup = second.backup.expect("a backup again");
    assert_ne!(second_backup, backup.display().to_string(), "under a new name");
    assert_eq!(std::fs::read(&backup).expect("read"), backup_bytes, "the first backup is untouched");
    assert_eq!(store.dump_string().expect("dump"), after);
}

/// A district bundle carrying a file no record refers to, signed with the district's real key.
#[test]
fn a_file_no_record_refers_to_is_not_stored() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let deadline = tdg_deadline(&district.store);
    district.store.record_report(&report_input(deadline.instance_id), TODAY()).expect("report");
    let up = export(&mut district.store, "LCU", stick.path());
    let stray = b"tep khong thuoc ban ghi nao".repeat(100);
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&stray))
    };
    let forged = stick.path().join("them-tep.skh");
    let key = district.store.signing_key().expect("key");
    rewrite(&up, &forged, Some(&key), |entries, manifest| {
        let name = format!("{}{sha}", format::FILES_PREFIX);
        entries.push((name.clone(), stray.clone()));
        manifest["entries"].as_array_mut().expect("entries").push(serde_json::json!({
            "name": name, "size": stray.len(), "sha256": sha, "count": null
        }));
    });
    let outcome = import(&mut province.store, &forged);
    assert!(outcome.applied, "{outcome:?}");
    assert_eq!(outcome.preview.counts.files, 0, "no record refers to it");
    assert!(!province.store.stored_file_path(&sha).expect("path").exists(), "not stored");
    let staging = province.store.files_dir().join(".dang-nhap");
    assert_eq!(std::fs::read_dir(&staging).map(|d| d.count()).unwrap_or(0), 0, "nothing left in the staging folder");
}

#[test]
fn an_attachment_that_changes_after_the_check_is_refused_and_never_stored() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let doc = province.store.create_document(&plan_document("Kế hoạch có tệp")).expect("doc");
    let original = stick.path().join("ke-hoach.pdf");
    std::fs::write(&original, b"%PDF-1.4 ban goc ".repeat(500)).expect("file");
    let attachment = province.store.attach_file(doc.id, &original).expect("attach");
    let bundle = export(&mut province.store, "TDG", stick.path());
    let mut checked = read::check(&bundle).expect("checked");
    // The stick changes the file's bytes after the check (same size, other content).
    let (start, size) = {
        let entry = checked.archive.by_name(&format!("files/{}", attachment.sha256)).expect("entry");
        (entry.data_start().expect("data start"), entry.size())
    };
    let mut file = std::fs::OpenOptions::new().write(true).open(&bundle).expect("open");
    file.seek(SeekFrom::Start(start)).expect("seek");
    file.write_all(&vec![b'x'; size as usize]).expect("overwrite");
    drop(file);
    let info = checked.manifest.entries.iter().find(|e| e.name.ends_with(&attachment.sha256)).expect("info").clone();
    let temp = stick.path().join("tam");
    let refused = super::import::files::copy_checked(&mut checked.archive, &info, &temp).expect_err("refused");
    assert!(matches!(refused, Error::Bundle(Refusal::FileChanged(_))), "{refused}");
    assert!(refused.to_string().contains("thay đổi trong lúc đọc"), "{refused}");
    assert!(!temp.exists(), "no partial or wrong copy is left");
    // Imported as a whole, the changed bundle is refused and the district keeps nothing of it.
    let before = district.store.dump_string().expect("dump");
    assert!(district.store.import_bundle(&bundle, TODAY()).is_err());
    assert_eq!(district.store.dump_string().expect("dump"), before);
    assert!(!district.store.stored_file_path(&attachment.sha256).expect("path").exists());
}

fn monthly_from(year: i32) -> RuleSpec {
    RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Monthly, due_month: 1, day: 5, from: date(year, 1, 1), until: None }
}

fn monthly_task(under: crate::ids::OfficeId, spec: RuleSpec) -> TaskInput {
    TaskInput {
        title: "Báo cáo tháng của các xã".into(),
        description: String::new(),
        assignees: vec![Assignee::Level { under, level: 3 }],
        report_to_office_id: None,
        deadlines: vec![DeadlineRuleInput {
            id: None,
            label: "Báo cáo tháng".into(),
            spec,
            source_text: "hằng tháng, trước ngày 05".into(),
            change_note: String::new(),
        }],
    }
}

#[test]
fn a_rule_that_would_make_too_many_deadlines_is_refused_typed_in_or_imported() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let own = province.store.require_own_office().expect("own");
    let tdg = province.store.office_by_code("TDG").expect("TDG").id;
    for i in 0..60 {
        province
            .store
            .add_office(&crate::offices::OfficeInput {
                code: format!("X{i:02}"),
                name: format!("Hội LHPN xã Thử {i}"),
                level: 3,
                parent_id: Some(tdg),
            })
            .expect("office");
    }
    let doc = province.store.create_document(&plan_document("Kế hoạch báo cáo tháng")).expect("doc");
    // Typed in: ~62 communes × 456 months from 1990 is over the limit of one rule.
    let typed = province.store.add_task(doc.id, &monthly_task(own.id, monthly_from(1990))).expect_err("refused");
    assert!(typed.to_string().contains("quá giới hạn"), "{typed}");
    // Decades back (a year the store keeps, before 1990) is refused as a start.
    let early = province.store.add_task(doc.id, &monthly_task(own.id, monthly_from(1960))).expect_err("refused");
    assert!(early.to_string().contains("từ năm 1990"), "{early}");
    // Imported: the province's bundle, its rule moved back to 1990 and signed again with the
    // province's real key, is refused record by record; the rest of the bundle is taken.
    province.store.add_task(doc.id, &monthly_task(own.id, monthly_from(2024))).expect("a reasonable rule");
    let down = export(&mut province.store, "TDG", stick.path());
    let key = province.store.signing_key().expect("key");
    let forged = stick.path().join("hang-thang-1990.skh");
    rewrite(&down, &forged, Some(&key), |entries, manifest| {
        let (_, bytes) = entries.iter_mut().find(|(n, _)| n == format::RECORDS).expect("records");
        let text = String::from_utf8(bytes.clone()).expect("utf8");
        let mut out = String::new();
        for line in text.lines() {
            let mut record: records::Record = serde_json::from_str(line).expect("record");
            if record.table == "deadline_rules" && record.row["label"] == "Báo cáo tháng" {
                let spec = serde_json::to_string(&monthly_from(1990)).expect("spec");
                record.row.insert("spec".into(), serde_json::Value::String(spec));
                record.signature = Some(identity::sign(&key, &signatures::canonical_bytes(&record)));
            }
            out.push_str(&serde_json::to_string(&record).expect("json"));
            out.push('\n');
        }
        *bytes = out.into_bytes();
        let bytes = bytes.clone();
        redeclare(manifest, format::RECORDS, &bytes);
    });
    let outcome = import(&mut district.store, &forged);
    let issue = outcome.preview.issues.iter().find(|i| i.table == "deadline_rules").expect("the rule is refused");
    assert!(issue.reason.contains("quá giới hạn"), "{issue:?}");
    assert!(outcome.preview.counts.new > 60, "the offices and the plan are taken: {:?}", outcome.preview.counts);
    let instances: i64 = district
        .store
        .conn
        .query_row(
            "SELECT count(*) FROM deadline_instances i JOIN deadline_rules r ON r.id = i.rule_id WHERE r.label = 'Báo cáo tháng'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(instances, 0);
}

/// Writes a zip of `entries` (name, bytes) and an optional archive comment.
fn zip_of(path: &Path, entries: &[(String, Vec<u8>)], comment: &[u8]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.set_raw_comment(comment.to_vec().into()).expect("comment");
    zip.finish().expect("finish");
}

#[test]
fn a_duplicate_entry_is_found_even_behind_an_end_record_in_the_comment() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, _district) = province_and_district(stick.path());
    let good = export(&mut province.store, "TDG", stick.path());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&good).expect("open")).expect("zip");
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        entries.push((entry.name().expect("name").to_string(), bytes));
    }
    // Two record lists of the same name; the comment holds an end record that counts one entry
    // fewer, which is what a reader fooled by the comment would compare with.
    // (The zip writer refuses duplicate names: the second is written as "records.jsonX" and
    // renamed in the file's bytes, local header and central directory alike.)
    let mut twice = entries.clone();
    twice.insert(0, ("records.jsonX".to_string(), b"{}\n".to_vec()));
    let mut fake_end = vec![0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0];
    let n = entries.len() as u16;
    fake_end.extend(n.to_le_bytes());
    fake_end.extend(n.to_le_bytes());
    fake_end.extend([0u8; 10]);
    for (name, comment) in [("trung-ten.skh", Vec::new()), ("trung-ten-chu-thich.skh", fake_end)] {
        let path = stick.path().join(name);
        zip_of(&path, &twice, &comment);
        let bytes = std::fs::read(&path).expect("read");
        let renamed: Vec<u8> = {
            let (from, to) = (b"records.jsonX", b"records.jsonl");
            let mut out = bytes.clone();
            for i in 0..out.len().saturating_sub(from.len()) {
                if &bytes[i..i + from.len()] == from {
                    out[i..i + to.len()].copy_from_slice(to);
                }
            }
            out
        };
        std::fs::write(&path, renamed).expect("write");
        let refused = read::check(&path).err().expect("refused");
        assert!(
            matches!(refused, Refusal::DuplicateEntry(_) | Refusal::NotABundle(_)),
            "{name}: {refused}"
        );
    }
}

#[test]
fn too_many_entries_are_counted_in_entries_not_bytes() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("nhieu-phan.skh");
    let entries: Vec<(String, Vec<u8>)> =
        (0..=format::MAX_ENTRIES).map(|i| (format!("files/{i:064x}"), Vec::new())).collect();
    zip_of(&path, &entries, b"");
    let refused = read::check(&path).err().expect("refused");
    assert!(matches!(refused, Refusal::TooManyEntries { .. }), "{refused}");
    let text = refused.to_string();
    assert!(text.contains(&format!("{} phần", format::MAX_ENTRIES + 1)) && !text.contains("byte"), "{text}");
}

#[test]
fn record_lines_that_would_take_much_memory_are_refused_before_parsing() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    province.store.create_document(&plan_document("Kế hoạch")).expect("doc");
    let good = export(&mut province.store, "TDG", stick.path());
    let key = province.store.signing_key().expect("key");
    let before = district.store.dump_string().expect("dump");
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let wide = format!("[{}0]", "0,".repeat(read::MAX_RECORD_VALUES));
    for (name, value, expect) in [("sau.skh", deep, "lồng nhau quá sâu"), ("rong.skh", wide, "quá nhiều giá trị")] {
        let forged = stick.path().join(name);
        rewrite(&good, &forged, Some(&key), |entries, manifest| {
            let (_, bytes) = entries.iter_mut().find(|(n, _)| n == format::RECORDS).expect("records");
            let line = format!("{{\"table\":\"documents\",\"row\":{{\"title\":{value}}}}}\n");
            bytes.splice(0..0, line.into_bytes());
            let bytes = bytes.clone();
            redeclare(manifest, format::RECORDS, &bytes);
        });
        let refused = district.store.import_bundle(&forged, TODAY()).expect_err("refused");
        assert!(refused.to_string().contains(expect), "{name}: {refused}");
    }
    assert_eq!(district.store.dump_string().expect("dump"), before);
}

#[test]
fn the_preview_names_the_sender_from_our_office_list() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let deadline = tdg_deadline(&district.store);
    district.store.record_report(&report_input(deadline.instance_id), TODAY()).expect("report");
    let up = export(&mut district.store, "LCU", stick.path());
    let key = district.store.signing_key().expect("key");
    let forged = stick.path().join("ten-khac.skh");
    rewrite(&up, &forged, Some(&key), |_, manifest| {
        manifest["sender"]["name"] = serde_json::json!("Ủy ban nhân dân tỉnh Lai Châu");
        manifest["sender"]["code"] = serde_json::json!("UBND");
    });
    let preview = province.store.preview_import(&forged, TODAY()).expect("preview");
    assert_eq!((preview.sender.name.as_str(), preview.sender.code.as_str()), ("Hội LHPN huyện Tam Đường", "TDG"));
    let outcome = import(&mut province.store, &forged);
    assert!(outcome.message.contains("«Hội LHPN huyện Tam Đường»"), "{}", outcome.message);
    assert_eq!(province.store.import_log().expect("log")[0].sender.as_deref(), Some("Hội LHPN huyện Tam Đường"));
}

#[test]
fn library_and_system_texts_become_vietnamese_sentences_that_say_what_to_do() {
    use std::io::{Error as IoError, ErrorKind};
    let full = Error::io("E:\\", IoError::from(ErrorKind::StorageFull)).to_string();
    assert!(full.contains("đã đầy") && full.contains("USB khác"), "{full}");
    #[cfg(unix)]
    {
        let enospc = Error::io("/media/usb", IoError::from_raw_os_error(28)).to_string();
        assert!(enospc.contains("đã đầy") && !enospc.contains("No space left"), "{enospc}");
        let erofs = Error::io("/media/usb", IoError::from_raw_os_error(30)).to_string();
        assert!(erofs.contains("chỉ cho đọc") && !erofs.contains("Read-only"), "{erofs}");
        let eacces = Error::io("/media/usb", IoError::from_raw_os_error(13)).to_string();
        assert!(eacces.contains("không có quyền") && !eacces.contains("denied"), "{eacces}");
    }
    let disk_full = Error::Storage(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
        Some("database or disk is full".into()),
    ))
    .to_string();
    assert!(disk_full.contains("đã đầy") && !disk_full.contains("database or disk"), "{disk_full}");
    // A real foreign-key failure of SQLite.
    let conn = rusqlite::Connection::open_in_memory().expect("db");
    conn.execute_batch("PRAGMA foreign_keys = ON; CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (a INTEGER REFERENCES a (id));")
        .expect("schema");
    let fk = conn.execute("INSERT INTO b VALUES (7)", []).expect_err("fk");
    let text = Error::Storage(fk).to_string();
    assert!(text.contains("không có (hoặc không còn)") && !text.contains("FOREIGN KEY"), "{text}");
}

#[test]
fn the_largest_manifest_an_export_can_write_is_one_the_reader_accepts() {
    // A real manifest, then as large as an export may make it: every entry a file of the largest
    // size, the most refusals with the longest reasons in the costliest characters (three bytes;
    // control characters are left out of reasons), and thousands of forwarded keys with rotations.
    let stick = tempfile::tempdir().expect("stick");
    let (_province, mut district) = province_and_district(stick.path());
    let bundle = export(&mut district.store, "LCU", stick.path());
    let mut manifest: format::Manifest = serde_json::from_value(manifest_of(&bundle)).expect("manifest");
    let hex = |i: usize| format!("{i:064x}");
    manifest.entries.extend((manifest.entries.len()..format::MAX_ENTRIES - 2).map(|i| format::EntryInfo {
        name: format!("{}{}", format::FILES_PREFIX, hex(i)),
        size: format::MAX_FILE_BYTES,
        sha256: hex(i),
        count: None,
    }));
    manifest.refused = (0..format::MAX_REFUSED_LISTED)
        .map(|i| format::RefusedEntry {
            table: "deadline_rules".into(),
            id: uuid::Uuid::now_v7().to_string(),
            reason: "ữ".repeat(format::MAX_REFUSAL_REASON_CHARS) + &i.to_string(),
            refused_on: "2026-11-25".into(),
        })
        .collect();
    let key = hex(0);
    manifest.forwarded_keys = (0..5_000)
        .map(|_| format::ForwardedKey {
            office_id: crate::ids::OfficeId(uuid::Uuid::now_v7()),
            public_key: key.clone(),
            previous_key: Some(key.clone()),
            rotation: Some(format::KeyRotation {
                old_public_key: key.clone(),
                new_public_key: key.clone(),
                new_installation_id: uuid::Uuid::now_v7().to_string(),
                signature: "f".repeat(128),
            }),
        })
        .collect();
    let bytes = serde_json::to_vec(&manifest).expect("json").len() as u64;
    assert!(bytes <= format::MAX_MANIFEST_BYTES, "{bytes} bytes > {}", format::MAX_MANIFEST_BYTES);
}

#[test]
fn a_refusal_reason_is_cut_in_the_manifest_that_lists_it() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, district) = province_and_district(stick.path());
    let tdg = province.store.office_by_code("TDG").expect("TDG").id;
    let long = "Bản ghi\tkhông hợp lệ ".repeat(100);
    province
        .store
        .conn
        .execute(
            "INSERT INTO refused_records (sender_id, table_name, record_key, what, reason, bundle_id, refused_on)
             VALUES (?1, 'reports', ?2, 'Báo cáo', ?3, 'goi-1', '2026-11-25')",
            rusqlite::params![tdg, uuid::Uuid::now_v7().to_string(), long],
        )
        .expect("a refusal");
    let down = export(&mut province.store, "TDG", stick.path());
    let listed = manifest_of(&down)["refused"][0]["reason"].as_str().expect("listed").to_string();
    assert_eq!(listed.chars().count(), format::MAX_REFUSAL_REASON_CHARS, "{listed}");
    assert!(listed.ends_with('…') && long.replace('\t', " ").starts_with(listed.trim_end_matches('…')), "{listed}");
    drop(district);
}

#[test]
fn new_offices_that_would_make_too_many_deadlines_under_known_rules_are_refused() {
    // The district's rules for all its communes arrive first, while it has none (no deadline);
    // then 42 communes arrive (43 with the one it had), and the province would expand 11 monthly
    // rules from 1990 for each of them (19,608 deadlines a rule, within its own limit, 215,688 in all).
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let tdg = district.store.require_own_office().expect("own").id;
    let from = date(1990, 1, 1);
    bench_hostile::offices_and_rules(&mut district.store, tdg, 0, 11, from).expect("rules");
    let rules = export(&mut district.store, "LCU", stick.path());
    assert!(import(&mut province.store, &rules).applied);
    bench_hostile::offices_and_rules(&mut district.store, tdg, 42, 0, from).expect("communes");
    let communes = export(&mut district.store, "LCU", stick.path());
    let before = province.store.dump_string().expect("dump");
    let refused = province.store.import_bundle(&communes, TODAY()).expect_err("refused");
    assert!(refused.to_string().contains("quá nhiều thời hạn"), "{refused}");
    assert_eq!(province.store.dump_string().expect("dump"), before, "nothing of it is kept");
}
