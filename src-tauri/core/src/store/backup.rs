//! Copies of the whole store, made with SQLite's online backup API (consistent even while the
//! application is writing): one a day on the day's first start, kept for two weeks, and one
//! before every bundle import. "Nothing lost, ever" includes a user's mistake or a bad import.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::store::Store;

/// How many daily copies are kept.
pub const DAILY_BACKUPS_KEPT: usize = 14;

const DAILY_PREFIX: &str = "hang-ngay-";

/// Makes today's backup of the database at `path` through a connection of its own, so that it can
/// run in the background beside the open store (a large store takes a while to copy).
pub fn daily_backup_of(path: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
    Store::open(path)?.daily_backup(today)
}

impl Store {
    /// Folder of the backups, beside the database.
    pub fn backups_dir(&self) -> PathBuf {
        self.path().parent().unwrap_or(Path::new(".")).join("backups")
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
