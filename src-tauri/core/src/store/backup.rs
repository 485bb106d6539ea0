//! Copies of the whole store, made with SQLite's online backup API (consistent even while the
//! application is writing): one a day on the day's first start, kept for two weeks, and one
//! before every bundle import. "Nothing lost, ever" includes a user's mistake or a bad import.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::error::{Error, Result};
use crate::ids::OfficeId;
use crate::model::backups::BackupCounts;
use crate::store::Store;
use crate::store::settings::Setting;

/// How many daily copies are kept.
pub const DAILY_BACKUPS_KEPT: usize = 14;

/// The name of the day's automatic copy starts so.
pub(crate) const DAILY_PREFIX: &str = "hang-ngay-";

/// The name of the copy made before a bundle import starts so.
pub(crate) const BEFORE_IMPORT_PREFIX: &str = "truoc-khi-nhap-";

/// Makes today's backup of the database at `path` through a connection of its own, so that it can
/// run in the background beside the open store (a large store takes a while to copy).
pub fn daily_backup_of(path: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
    Store::open(path)?.daily_backup(today)
}

impl Store {
    /// Folder of the backups, beside the database.
    pub fn backups_dir(&self) -> PathBuf {
        crate::backup::backups_dir_of(self.path())
    }

    /// Writes a complete copy of the store to `target` (which must not exist yet).
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if target.exists() {
            return Err(Error::Conflict(format!("Tệp sao lưu «{}» đã có; không ghi đè.", target.display())));
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let partial = target.with_extension("dang-ghi");
        let _ = std::fs::remove_file(&partial);
        if let Err(e) = self.conn.backup(rusqlite::MAIN_DB, &partial, None) {
            // A full disk must not keep the partial copy filling it.
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
        std::fs::rename(&partial, target).map_err(|e| Error::io(target, e))?;
        Ok(())
    }

    /// Writes a complete copy of the store to `dir/<stem>.db`, or `<stem>-2.db`, `<stem>-3.db`, …
    /// if that name is taken: a copy is never overwritten, and an earlier one (of an import that
    /// was killed, refused half-way or undone by restoring it) never stands in the way of a new one.
    pub fn backup_to_new(&self, dir: &Path, stem: &str) -> Result<PathBuf> {
        let mut n = 1u32;
        loop {
            let name = if n == 1 { format!("{stem}.db") } else { format!("{stem}-{n}.db") };
            let target = dir.join(name);
            if !target.exists() {
                self.backup_to(&target)?;
                return Ok(target);
            }
            n += 1;
        }
    }

    /// Writes a compact, consistent copy of the database to `target` (`VACUUM INTO`), for a
    /// backup that leaves the machine: it holds no free pages and needs no log beside it.
    pub(crate) fn snapshot_into(&self, target: &Path) -> Result<()> {
        let text = target.to_str().ok_or_else(|| Error::invalid(format!("Đường dẫn «{}» không đọc được.", target.display())))?;
        self.conn.execute("VACUUM INTO ?1", [text])?;
        Ok(())
    }

    /// Checks the whole database and leaves it as one self-contained file (no write-ahead log),
    /// ready to be moved in place of another; closes it.
    pub(crate) fn close_for_swap(self) -> Result<()> {
        let check: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::invalid(format!(
                "Cơ sở dữ liệu trong bản sao lưu bị hỏng ({check}). Hãy dùng một bản sao lưu khác. Dữ liệu chưa bị thay đổi."
            )));
        }
        let _: String = self.conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        self.conn.close().map_err(|(_, e)| Error::from(e))
    }

    /// The SHA-256 of every attached file the records refer to, in order.
    pub(crate) fn referenced_files(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT sha256 FROM attachments UNION SELECT sha256 FROM report_files ORDER BY 1")?;
        let rows = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// How many records the store holds, as a backup lists them.
    pub(crate) fn backup_counts(&self) -> Result<BackupCounts> {
        counts(&self.conn)
    }

    /// Makes today's backup if there is none yet and removes the oldest beyond
    /// [`DAILY_BACKUPS_KEPT`]. Returns the new backup's path, if one was made.
    pub fn daily_backup(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        let dir = self.backups_dir();
        let target = dir.join(format!("{DAILY_PREFIX}{}.db", today.format("%Y-%m-%d")));
        if target.exists() {
            return Ok(None);
        }
        self.backup_to(&target)?;
        let mut daily: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(DAILY_PREFIX) && n.ends_with(".db"))
            })
            .collect();
        daily.sort();
        let excess = daily.len().saturating_sub(DAILY_BACKUPS_KEPT);
        for old in daily.iter().take(excess) {
            // A copy that cannot be removed now (on Windows, one open in another program) is
            // left for a later day's rotation: today's backup is made all the same.
            let _ = std::fs::remove_file(old);
        }
        Ok(Some(target))
    }
}

fn counts(conn: &Connection) -> Result<BackupCounts> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM offices WHERE deleted = 0), (SELECT count(*) FROM documents WHERE deleted = 0), \
                (SELECT count(*) FROM deadline_instances), (SELECT count(*) FROM reports WHERE deleted = 0)",
        [],
        |r| Ok(BackupCounts { offices: r.get(0)?, documents: r.get(1)?, deadlines: r.get(2)?, reports: r.get(3)? }),
    )?)
}

/// Copies the database file at `source` (an automatic copy, closed) to `target` through SQLite's
/// backup API, so whatever its log holds comes along.
pub(crate) fn copy_database(source: &Path, target: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.backup(rusqlite::MAIN_DB, target, None)?;
    Ok(())
}

/// What a database file that is not open holds: its schema version, its own office ("MÃ — Tên")
/// with its id, and its record counts. Read without changing it; `None` when it is no store of ours.
pub(crate) fn describe_file(path: &Path) -> Option<(usize, Option<(OfficeId, String)>, BackupCounts)> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    conn.pragma_update(None, "query_only", "ON").ok()?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).ok()?;
    let own: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [Setting::OwnOffice.key()], |r| r.get(0)).optional().ok()?;
    let office = match own.and_then(|id| id.parse::<OfficeId>().ok()) {
        Some(id) => conn
            .query_row("SELECT code, name FROM offices WHERE id = ?1", [id.to_string()], |r| {
                Ok(format!("{} — {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()
            .ok()?
            .map(|name| (id, name)),
        None => None,
    };
    let counts = counts(&conn).ok()?;
    Some((usize::try_from(version).ok()?, office, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_backups_are_complete_once_a_day_and_rotated() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        store.load_demo().expect("demo");
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        let first = store.daily_backup(day(1)).expect("backup").expect("made");
        assert_eq!(store.daily_backup(day(1)).expect("again"), None, "one a day");
        {
            let copy = Store::open(&first).expect("the backup opens as a store");
            assert_eq!(copy.dump_string().expect("dump"), store.dump_string().expect("dump"), "the copy is complete");
        }
        for d in 2..=(DAILY_BACKUPS_KEPT as u32 + 3) {
            store.daily_backup(day(d)).expect("backup");
        }
        let kept = std::fs::read_dir(store.backups_dir()).expect("dir").filter(|e| {
            e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".db"))
        });
        assert_eq!(kept.count(), DAILY_BACKUPS_KEPT);
        assert!(!store.backups_dir().join("hang-ngay-2026-11-01.db").exists(), "the oldest went first");
    }

    #[test]
    fn a_backup_open_elsewhere_does_not_stop_the_day_s_backup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        store.load_demo().expect("demo");
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        let first = store.daily_backup(day(1)).expect("backup").expect("made");
        // The oldest copy is open (someone looks into it) when it is due to go: on Windows it
        // cannot be deleted then, and the day's backup is made all the same.
        let open = Store::open(&first).expect("the backup opens as a store");
        for d in 2..=(DAILY_BACKUPS_KEPT as u32 + 1) {
            let made = store.daily_backup(day(d)).expect("the day's backup is made").expect("made");
            assert!(made.is_file());
        }
        drop(open);
        // Once closed, it goes at the next rotation.
        store.daily_backup(day(DAILY_BACKUPS_KEPT as u32 + 2)).expect("backup");
        let kept = std::fs::read_dir(store.backups_dir()).expect("dir").filter(|e| {
            e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".db"))
        });
        assert_eq!(kept.count(), DAILY_BACKUPS_KEPT);
        assert!(!first.exists(), "the oldest went once it was closed");
    }

    #[test]
    fn a_new_backup_never_overwrites_one_of_the_same_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        store.load_demo().expect("demo");
        let backups = store.backups_dir();
        let first = store.backup_to_new(&backups, "truoc-khi-nhap-x").expect("first");
        let before = std::fs::read(&first).expect("read");
        let second = store.backup_to_new(&backups, "truoc-khi-nhap-x").expect("second, under another name");
        let third = store.backup_to_new(&backups, "truoc-khi-nhap-x").expect("third");
        assert_eq!(first.file_name().and_then(|n| n.to_str()), Some("truoc-khi-nhap-x.db"));
        assert_eq!(second.file_name().and_then(|n| n.to_str()), Some("truoc-khi-nhap-x-2.db"));
        assert_eq!(third.file_name().and_then(|n| n.to_str()), Some("truoc-khi-nhap-x-3.db"));
        assert_eq!(std::fs::read(&first).expect("read"), before, "the first copy is untouched");
    }
}
