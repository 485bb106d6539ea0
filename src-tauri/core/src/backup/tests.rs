//! Backup → wipe → restore, and every way a backup can be refused without changing anything.

use std::path::{Path, PathBuf};

use super::*;
use crate::testing::{plan_document, province};

const PASSPHRASE: &str = "hội phụ nữ 2026";

fn no_progress() -> impl FnMut(BackupProgress) {
    |_| {}
}

/// A province store with a document carrying an attached file.
fn office_with_a_file() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = province();
    let doc = store.create_document(&plan_document("Kế hoạch tổng kết năm")).expect("document");
    let source = dir.path().join("ke-hoach.txt");
    std::fs::write(&source, "Nội dung kế hoạch").expect("file");
    store.attach_file(doc.id, &source).expect("attach");
    (dir, store)
}

/// Everything a restore could change: the dump, the key file, and the files of the data folder
/// (names and sizes), except the backups folder that a refused restore may not touch either.
fn state(store_path: &Path) -> (String, Option<String>, Vec<(PathBuf, u64)>) {
    let dump = Store::open(store_path).expect("open").dump_string().expect("dump");
    let key = std::fs::read_to_string(swap::key_path(store_path)).ok();
    let mut files = Vec::new();
    let dir = store_path.parent().expect("dir");
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.ends_with("-wal") || name.ends_with("-shm") || name.ends_with(".db") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push((p.strip_prefix(dir).expect("inside").to_path_buf(), e.metadata().expect("meta").len()));
            }
        }
    }
    files.sort();
    (dump, key, files)
}

fn make_backup(store: &mut Store, usb: &Path) -> PathBuf {
    store.backup_full(usb, PASSPHRASE, &mut no_progress()).expect("backup")
}

#[test]
fn backup_then_a_new_laptop_then_restore_gives_the_same_store_and_key() {
    let (dir, mut store) = office_with_a_file();
    let usb = dir.path().join("usb").join(DRIVE_FOLDER);
    let before = store.dump_string().expect("dump");
    let backup = make_backup(&mut store, &usb);
    let key_before = std::fs::read_to_string(store.key_path()).expect("key");
    assert!(backup.extension().is_some_and(|e| e == BACKUP_EXTENSION));
    assert!(!store.backup_reminder(chrono::Local::now().date_naive()).expect("reminder").is_some(), "just backed up");

    // The laptop is gone: a new installation in an empty folder.
    let fresh = tempfile::tempdir().expect("new laptop");
    let path = fresh.path().join("skh.db");
    let new = Store::open(&path).expect("fresh store");
    let outcome = new.restore(&backup, Some(PASSPHRASE), &mut no_progress()).expect("restore");
    assert!(outcome.key_restored);
    assert_eq!(outcome.files_restored, 1);
    let restored = Store::open(&path).expect("reopen");
    assert_eq!(restored.dump_string().expect("dump"), before, "the same records");
    assert_eq!(std::fs::read_to_string(swap::key_path(&path)).expect("key"), key_before, "the same key");
    let sha = store.referenced_files().expect("files").pop().expect("one file");
    assert_eq!(std::fs::read_to_string(restored.stored_file_path(&sha).expect("path")).expect("file"), "Nội dung kế hoạch");
    assert!(!swap::staging_dir(&path).exists(), "nothing staged is left");
}

#[test]
fn a_restore_is_undone_by_restoring_what_it_kept_aside() {
    let (dir, mut store) = office_with_a_file();
    let usb = dir.path().join("usb");
    let backup = make_backup(&mut store, &usb);
    let path = store.path().to_path_buf();
    // Work done after the backup, which the restore will replace.
    store.create_document(&plan_document("Kế hoạch làm sau khi sao lưu")).expect("later document");
    let (after_work, key, _) = state(&path);
    let outcome = store.restore(&backup, Some(PASSPHRASE), &mut no_progress()).expect("restore");
    assert_ne!(Store::open(&path).expect("open").dump_string().expect("dump"), after_work, "the later document is gone");
    let kept = PathBuf::from(&outcome.kept_aside);
    let listed = list_backups(&[Store::open(&path).expect("open").backups_dir()]);
    let entry = listed.iter().find(|b| b.path == outcome.kept_aside).expect("the kept-aside copy is listed");
    assert_eq!(entry.kind, BackupKind::BeforeRestore);
    assert!(!entry.needs_passphrase, "it stays on this disk beside the key");
    Store::open(&path).expect("open").restore(&kept, None, &mut no_progress()).expect("undo");
    let (undone, undone_key, _) = state(&path);
    assert_eq!(undone, after_work, "the store is as it was before the restore");
    assert_eq!(undone_key, key);
}

#[test]
fn damaged_foreign_and_locked_backups_are_refused_and_change_nothing() {
    let (dir, mut store) = office_with_a_file();
    let usb = dir.path().join("usb");
    let backup = make_backup(&mut store, &usb);
    let bytes = std::fs::read(&backup).expect("read");
    let path = store.path().to_path_buf();
    drop(store);

    let truncated = usb.join("cat-ngang.skhsaoluu");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).expect("write");
    let altered = usb.join("bi-sua.skhsaoluu");
    let mut changed = bytes.clone();
    // A byte in the middle of the compressed database part.
    let middle = changed.len() / 3;
    changed[middle] ^= 0x5a;
    std::fs::write(&altered, &changed).expect("write");
    let not_a_backup = usb.join("khong-phai.skhsaoluu");
    std::fs::write(&not_a_backup, "đây không phải bản sao lưu").expect("write");

    // Another office's backup.
    let other_dir = tempfile::tempdir().expect("other");
    let mut other = Store::open(other_dir.path().join("skh.db")).expect("other store");
    other.load_demo().expect("demo");
    let foreign = other.backup_full(&usb, PASSPHRASE, &mut no_progress()).expect("other backup");

    let before = state(&path);
    let cases: [(&Path, Option<&str>, &str); 6] = [
        (&truncated, Some(PASSPHRASE), "bị hỏng hoặc chép chưa xong"),
        (&altered, Some(PASSPHRASE), "bị hỏng"),
        (&not_a_backup, Some(PASSPHRASE), "bị hỏng"),
        (&backup, Some("mật khẩu khác hẳn"), "Mật khẩu không đúng"),
        (&backup, None, "Hãy nhập mật khẩu"),
        (&foreign, Some(PASSPHRASE), "không phải của đơn vị đang dùng máy này"),
    ];
    for (file, passphrase, words) in cases {
        let store = Store::open(&path).expect("open");
        let e = store.restore(file, passphrase, &mut no_progress()).expect_err("refused");
        assert!(e.to_string().contains(words), "{}: {e}", file.display());
        assert_eq!(state(&path), before, "{}: nothing changed", file.display());
        assert!(!swap::staging_dir(&path).exists());
    }
    // The list says which ones cannot be used, and why.
    let listed = list_backups(&[usb.clone()]);
    let problem = |p: &Path| listed.iter().find(|b| b.path == p.display().to_string()).and_then(|b| b.problem.clone());
    assert!(problem(&truncated).is_some_and(|p| p.contains("bị hỏng")), "{listed:?}");
    assert!(problem(&not_a_backup).is_some());
    assert_eq!(problem(&backup), None);
    let good = listed.iter().find(|b| b.path == backup.display().to_string()).expect("listed");
    assert!(good.needs_passphrase);
    assert_eq!(good.office.as_deref(), Some("LCU — Hội LHPN tỉnh Lai Châu"));
    assert_eq!(good.counts.documents, 1);
    assert_eq!(good.counts.offices, 6);
}

#[test]
fn the_automatic_copy_beside_the_database_can_be_restored() {
    let (_dir, mut store) = office_with_a_file();
    let today = crate::testing::date(2026, 12, 3);
    let daily = store.daily_backup(today).expect("daily").expect("made");
    let before = store.dump_string().expect("dump");
    let key = std::fs::read_to_string(store.key_path()).ok();
    store.create_document(&plan_document("Kế hoạch viết nhầm")).expect("mistake");
    let path = store.path().to_path_buf();
    let listed = list_backups(&[store.backups_dir()]);
    let entry = listed.iter().find(|b| b.path == daily.display().to_string()).expect("listed");
    assert_eq!(entry.kind, BackupKind::Daily);
    assert_eq!(entry.counts.documents, 1);
    let outcome = store.restore(&daily, None, &mut no_progress()).expect("restore");
    assert!(!outcome.key_restored, "the key on this machine stays");
    let restored = Store::open(&path).expect("open");
    assert_eq!(restored.dump_string().expect("dump"), before);
    assert_eq!(std::fs::read_to_string(restored.key_path()).ok(), key);
}

#[test]
fn an_office_is_reminded_when_it_has_not_backed_up_off_the_machine() {
    let (dir, mut store) = province();
    let today = chrono::Local::now().date_naive();
    let never = store.backup_reminder(today).expect("reminder").expect("due");
    assert!(never.contains("chưa sao lưu dữ liệu ra USB lần nào"), "{never}");
    make_backup(&mut store, &dir.path().join("usb"));
    assert_eq!(store.backup_reminder(today).expect("reminder"), None);
    let later = store.backup_reminder(today + chrono::Days::new(9)).expect("reminder").expect("due");
    assert!(later.starts_with("Đã 9 ngày"), "{later}");
    store.set_backup_reminder_days(0).expect("off");
    assert_eq!(store.backup_reminder(today + chrono::Days::new(90)).expect("reminder"), None);
    assert!(store.set_backup_reminder_days(-1).is_err());
    let fresh = Store::open(dir.path().join("moi").join("skh.db")).expect("fresh");
    assert_eq!(fresh.backup_reminder(today).expect("reminder"), None, "nothing to back up yet");
}

#[test]
fn a_damaged_database_is_moved_aside_whole_and_the_backup_restored_in_its_place() {
    let (dir, mut store) = office_with_a_file();
    let usb = dir.path().join("usb").join(DRIVE_FOLDER);
    let before = store.dump_string().expect("dump");
    let backup = make_backup(&mut store, &usb);
    let db = store.path().to_path_buf();
    drop(store);
    // The database is damaged: its first page overwritten.
    let mut bytes = std::fs::read(&db).expect("db");
    bytes[..100].fill(0x5a);
    std::fs::write(&db, &bytes).expect("damage");
    assert!(Store::open(&db).is_err(), "the damaged store does not open");

    // A wrong passphrase changes nothing: the damaged file is back where it was, byte for byte.
    let refused = restore_damaged(&db, &backup, Some("sai mật khẩu"), &mut no_progress()).expect_err("wrong passphrase");
    assert!(!refused.to_string().is_empty());
    assert_eq!(std::fs::read(&db).expect("db"), bytes, "the damaged database is back as it was");

    let outcome = restore_damaged(&db, &backup, Some(PASSPHRASE), &mut no_progress()).expect("restore");
    let restored = Store::open(&db).expect("the restored store opens");
    assert_eq!(restored.dump_string().expect("dump"), before);
    let kept = PathBuf::from(&outcome.kept_aside);
    assert!(kept.starts_with(backups_dir_of(&db)), "{}", outcome.kept_aside);
    assert_eq!(std::fs::read(kept.join(db.file_name().expect("name"))).expect("kept"), bytes, "the damaged file is kept whole");
}
