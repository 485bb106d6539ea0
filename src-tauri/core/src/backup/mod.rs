//! Backups that leave the laptop, and restore: what an office does when a laptop dies, is stolen or
//! is reinstalled (`docs/backup-and-recovery.md`).
//!
//! - "Sao lưu ra USB" ([`Store::backup_full`]) writes one self-checking file ([`archive`]) with a
//!   compact copy of the database, every attached file and the signing key sealed with the user's
//!   passphrase ([`seal`]).
//! - [`list_backups`] lists what can be restored in some folders: those files, the automatic
//!   copies beside the database (`store::backup`) and the copies kept aside by earlier restores.
//! - [`Store::restore`] checks a backup whole, keeps the current store aside as a backup of its
//!   own (restoring that undoes the restore), then swaps the new database in through the journal
//!   of `store::swap`, so a kill at any moment leaves the old store or the new one.

pub mod archive;
pub mod seal;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ids::OfficeId;
pub use crate::model::backups::{BackupCounts, BackupInfo, BackupKind, BackupProgress, RestoreOutcome};
use crate::store::settings::{self, Setting};
use crate::store::{self, SCHEMA_VERSION, Store, swap};
use archive::{BACKUP_EXTENSION, Manifest};
use seal::StoredKey;

/// The folder "Sao lưu ra USB" writes to on a removable drive.
pub const DRIVE_FOLDER: &str = "SoKeHoach-SaoLuu";

/// Days without a backup off the machine after which the program reminds the office (a setting).
pub const DEFAULT_REMINDER_DAYS: i64 = 7;

const BEFORE_RESTORE_PREFIX: &str = "truoc-khi-khoi-phuc-";

/// The copy of the database a backup is made from, beside the database while it is written.
const SCRATCH_PREFIX: &str = ".sao-luu-";

/// The folder a backup goes to in `chosen` (a drive's root or any folder): its SoKeHoach-SaoLuu
/// folder, unless `chosen` is that folder already.
pub fn backup_folder(chosen: &Path) -> PathBuf {
    if chosen.file_name().is_some_and(|n| n == DRIVE_FOLDER) { chosen.to_path_buf() } else { chosen.join(DRIVE_FOLDER) }
}

/// The folders where backups are looked for on a drive mounted at `root`.
pub fn drive_places(root: &Path) -> Vec<PathBuf> {
    vec![root.join(DRIVE_FOLDER), root.to_path_buf()]
}

fn stamp() -> String {
    chrono::Local::now().format("%Y-%m-%d-%H%M%S").to_string()
}

/// `dir/<stem>.<ext>`, or `<stem>-2.<ext>`, … when taken: a backup never overwrites another.
fn new_path(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let mut n = 1u32;
    loop {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") };
        let path = dir.join(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// Removes a scratch file when dropped, whatever happened.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Store {
    /// "Sao lưu ra USB": a complete backup in `dir` (a folder on a removable drive, or any folder
    /// the user chooses), its signing key sealed with `passphrase`. Returns the file's path.
    pub fn backup_full(&mut self, dir: &Path, passphrase: &str, progress: &mut dyn FnMut(BackupProgress)) -> Result<PathBuf> {
        seal::check_passphrase(passphrase)?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let code = self.own_office()?.map_or_else(|| "chua-thiet-lap".to_string(), |o| crate::text::fold(&o.code).to_uppercase().replace([' ', '/', '\\'], "-"));
        let target = new_path(dir, &format!("SoKeHoach-{code}-{}", stamp()), BACKUP_EXTENSION);
        let key = self.signing_key()?;
        let public_key = hex::encode(key.verifying_key().as_bytes());
        let sealed = seal::seal(&key.to_bytes(), &public_key, passphrase)?;
        self.write_backup(&target, BackupKind::Full, Some((public_key, sealed)), true, progress)?;
        let made_at = archive::read_manifest(&target)?.made_at;
        self.transact(|tx| settings::set(tx, Setting::LastFullBackup, &made_at))?;
        Ok(target)
    }

    fn write_backup(
        &self,
        target: &Path,
        kind: BackupKind,
        key: Option<(String, StoredKey)>,
        with_files: bool,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<()> {
        let data_dir = self.path().parent().unwrap_or(Path::new("."));
        // Copies (and their journals) an earlier backup left when it was killed.
        for entry in std::fs::read_dir(data_dir).map_err(|e| Error::io(data_dir, e))?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(SCRATCH_PREFIX) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let scratch = Scratch(data_dir.join(format!("{SCRATCH_PREFIX}{}.db", uuid::Uuid::now_v7())));
        self.snapshot_into(&scratch.0)?;
        let mut files = Vec::new();
        if with_files {
            for sha in self.referenced_files()? {
                let path = self.stored_file_path(&sha)?;
                // A file the records name but the folder lost is not in any backup either; the
                // rest is saved rather than nothing.
                if path.is_file() {
                    files.push((sha, path));
                }
            }
        }
        let office = self.own_office()?.map(|o| (o.id, format!("{} — {}", o.code, o.name)));
        let mut manifest = Manifest::new(kind, SCHEMA_VERSION, office, self.backup_counts()?);
        if let Some((public_key, stored)) = key {
            manifest.public_key = Some(public_key);
            manifest.key = Some(stored);
        }
        archive::write(target, manifest, &scratch.0, &files, progress)
    }

    /// The reminder to make a backup off the machine, when one is due: none yet, or none for
    /// [`Store::backup_reminder_days`] days. A store not set up yet is never reminded.
    pub fn backup_reminder(&self, today: chrono::NaiveDate) -> Result<Option<String>> {
        let days = self.backup_reminder_days()?;
        if days <= 0 || self.own_office_id()?.is_none() {
            return Ok(None);
        }
        let last = settings::get(&self.conn, Setting::LastFullBackup)?
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(&at).ok())
            .map(|at| (today - at.date_naive()).num_days());
        let advice = "Nếu máy hỏng hoặc bị mất, dữ liệu chỉ còn ở bản sao lưu ngoài máy. Hãy vào «Sao lưu và khôi phục» → «Sao lưu ra USB».";
        Ok(match last {
            Some(since) if since < days => None,
            Some(since) => Some(format!("Đã {since} ngày đơn vị chưa sao lưu dữ liệu ra USB. {advice}")),
            None => Some(format!("Đơn vị chưa sao lưu dữ liệu ra USB lần nào. {advice}")),
        })
    }

    /// After how many days without a backup off the machine the program reminds (0: never).
    pub fn backup_reminder_days(&self) -> Result<i64> {
        Ok(settings::get(&self.conn, Setting::BackupReminderDays)?.and_then(|d| d.parse().ok()).unwrap_or(DEFAULT_REMINDER_DAYS))
    }

    pub fn set_backup_reminder_days(&mut self, days: i64) -> Result<()> {
        if !(0..=365).contains(&days) {
            return Err(Error::invalid("Số ngày nhắc sao lưu phải từ 0 (không nhắc) đến 365."));
        }
        self.transact(|tx| settings::set(tx, Setting::BackupReminderDays, &days.to_string()))
    }

    /// Replaces this store with the backup at `backup` (a backup file, or an automatic copy of the
    /// database). The backup is checked whole first, and must be of this office (or this store
    /// not set up yet); `passphrase` opens the signing key inside it. The current store is kept
    /// aside in the backups folder first. The store is closed by this call: open it again.
    /// A backup that is refused changes nothing.
    pub fn restore(self, backup: &Path, passphrase: Option<&str>, progress: &mut dyn FnMut(BackupProgress)) -> Result<RestoreOutcome> {
        let db = self.path().to_path_buf();
        let current = self.own_office_id()?;
        swap::begin(&db)?;
        let prepared = self.prepare_restore(backup, passphrase, current, progress);
        let (manifest, counts, key_restored) = match prepared {
            Ok(done) => done,
            Err(e) => {
                let _ = std::fs::remove_dir_all(swap::staging_dir(&db));
                return Err(e);
            }
        };
        let kept_aside = match self.keep_aside() {
            Ok(path) => path,
            Err(e) => {
                let _ = std::fs::remove_dir_all(swap::staging_dir(&db));
                return Err(e);
            }
        };
        // Attached files are named by their content: adding them changes no record, and a kill
        // here leaves the old store with a few more files in its folder.
        let mut files_restored = 0u64;
        if let Some(manifest) = &manifest {
            archive::each_file(backup, manifest, |sha, reader| {
                if !self.stored_file_path(sha)?.exists() {
                    self.store_stream(reader, backup)?;
                    files_restored += 1;
                }
                Ok(())
            })?;
        }
        drop(self);
        swap::commit(&db)?;
        Ok(RestoreOutcome { kept_aside: kept_aside.display().to_string(), counts, files_restored, key_restored })
    }

    /// Checks `backup` and prepares the new database (and key) in the staging folder.
    fn prepare_restore(
        &self,
        backup: &Path,
        passphrase: Option<&str>,
        current: Option<OfficeId>,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<(Option<Manifest>, BackupCounts, bool)> {
        let db = self.path();
        let staged = swap::staged_database(db);
        let manifest = if is_archive(backup) {
            let manifest = archive::read_manifest(backup)?;
            check_office(backup, manifest.office_id, manifest.office.as_deref(), current, self)?;
            archive::verify(backup, &manifest, progress)?;
            archive::extract_database(backup, &manifest, &staged)?;
            Some(manifest)
        } else {
            let (_, office, _) = store::backup::describe_file(backup)
                .ok_or_else(|| Error::invalid(format!("Tệp «{}» không phải là bản sao lưu của Sổ Kế Hoạch.", backup.display())))?;
            check_office(backup, office.as_ref().map(|o| o.0), office.as_ref().map(|o| o.1.as_str()), current, self)?;
            store::backup::copy_database(backup, &staged)?;
            None
        };
        let mut restored = Store::open(&staged).map_err(|e| match e {
            Error::NewerDatabase { .. } => e,
            _ => Error::invalid(format!(
                "Cơ sở dữ liệu trong bản sao lưu «{}» không mở được ({e}). Hãy dùng một bản sao lưu khác. Dữ liệu chưa bị thay đổi.",
                backup.display()
            )),
        })?;
        if manifest.as_ref().is_some_and(|m| m.office_id != restored.own_office_id().ok().flatten()) {
            return Err(Error::invalid(format!("Bản sao lưu «{}» không nhất quán. Hãy dùng một bản sao lưu khác.", backup.display())));
        }
        let mut key_restored = false;
        if let Some(Manifest { key: Some(stored), public_key: Some(public_key), .. }) = &manifest {
            let seed = seal::open(stored, public_key, passphrase)?;
            let derived = hex::encode(ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().as_bytes());
            if derived != *public_key {
                return Err(Error::invalid(format!("Khóa ký trong bản sao lưu «{}» không khớp. Hãy dùng một bản sao lưu khác.", backup.display())));
            }
            swap::write_synced(&swap::staged_key(db), hex::encode(seed).as_bytes())?;
            key_restored = true;
        }
        if let Some(Manifest { kind: BackupKind::Full, made_at, .. }) = &manifest {
            // The copy inside was taken just before the backup was recorded as made.
            restored.transact(|tx| settings::set(tx, Setting::LastFullBackup, made_at))?;
        }
        let counts = restored.backup_counts()?;
        restored.close_for_swap()?;
        Ok((manifest, counts, key_restored))
    }

    /// Keeps the store as it is now in the backups folder, with its key: restoring that file
    /// undoes a restore. Attached files stay in the data folder and are not copied.
    fn keep_aside(&self) -> Result<PathBuf> {
        let dir = self.backups_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let target = new_path(&dir, &format!("{BEFORE_RESTORE_PREFIX}{}", stamp()), BACKUP_EXTENSION);
        let key = if self.key_path().exists() {
            let key = self.signing_key()?;
            Some((hex::encode(key.verifying_key().as_bytes()), StoredKey::Plain { seed: hex::encode(key.to_bytes()) }))
        } else {
            None
        };
        self.write_backup(&target, BackupKind::BeforeRestore, key, false, &mut |_| {})?;
        Ok(target)
    }
}

fn is_archive(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(BACKUP_EXTENSION))
}

/// Refuses a backup of another office, unless this store is not set up yet (a new laptop).
fn check_office(backup: &Path, office: Option<OfficeId>, name: Option<&str>, current: Option<OfficeId>, store: &Store) -> Result<()> {
    let Some(current) = current else { return Ok(()) };
    if office == Some(current) {
        return Ok(());
    }
    let ours = store.own_office()?.map(|o| format!("{} — {}", o.code, o.name)).unwrap_or_default();
    Err(Error::Conflict(format!(
        "Bản sao lưu «{}» là của {}, không phải của đơn vị đang dùng máy này ({ours}). Không khôi phục; dữ liệu chưa bị thay đổi. \
         Để dùng máy này cho đơn vị khác, hãy cài đặt lại từ đầu rồi khôi phục.",
        backup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        name.map_or_else(|| "một kho dữ liệu chưa thiết lập đơn vị".to_string(), |n| format!("đơn vị {n}")),
    )))
}

/// The folder beside the database `db` where the automatic backups are (what
/// [`Store::backups_dir`] says, for a store that cannot be opened).
pub fn backups_dir_of(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Restores `backup` where the store at `db` cannot be opened (its database is damaged): the
/// damaged files are first moved, whole, into `backups/hong-<time>/` (nothing is deleted), a new
/// empty store takes their place and the backup is restored into it. If the restore is refused
/// (a wrong passphrase, a damaged backup), the damaged files are put back as they were.
pub fn restore_damaged(db: &Path, backup: &Path, passphrase: Option<&str>, progress: &mut dyn FnMut(BackupProgress)) -> Result<RestoreOutcome> {
    let aside = backups_dir_of(db).join(format!("hong-{}", chrono::Local::now().format("%Y-%m-%d-%H%M%S")));
    std::fs::create_dir_all(&aside).map_err(|e| Error::io(&aside, e))?;
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    let parts: Vec<PathBuf> = [db.to_path_buf(), PathBuf::from(wal), PathBuf::from(shm), swap::key_path(db)]
        .into_iter()
        .filter(|p| p.exists())
        .collect();
    let mut moved = Vec::new();
    let put_back = |moved: &[(PathBuf, PathBuf)]| {
        for (from, to) in moved {
            let _ = std::fs::rename(to, from);
        }
    };
    for part in &parts {
        let to = aside.join(part.file_name().unwrap_or_default());
        if let Err(e) = std::fs::rename(part, &to) {
            put_back(&moved);
            return Err(Error::io(part, e));
        }
        moved.push((part.clone(), to));
    }
    let restored = Store::open(db).and_then(|fresh| fresh.restore(backup, passphrase, progress));
    match restored {
        Ok(outcome) => {
            // What the restore kept aside is the empty store made here: the damaged one is in `aside`.
            let _ = std::fs::remove_file(&outcome.kept_aside);
            // A backup without the key (an automatic one beside the database) keeps the office's
            // own key, which sat in its own file beside the damaged database.
            let old_key = aside.join(swap::key_path(db).file_name().unwrap_or_default());
            if !outcome.key_restored && old_key.exists() {
                std::fs::copy(&old_key, swap::key_path(db)).map_err(|e| Error::io(&old_key, e))?;
            }
            Ok(RestoreOutcome { kept_aside: aside.display().to_string(), ..outcome })
        }
        Err(error) => {
            for part in [db.to_path_buf(), swap::key_path(db)] {
                let _ = std::fs::remove_file(&part);
            }
            for suffix in ["-wal", "-shm", "-journal"] {
                let mut extra = db.as_os_str().to_owned();
                extra.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(extra));
            }
            put_back(&moved);
            let _ = std::fs::remove_dir(&aside);
            Err(error)
        }
    }
}

/// The backups in `dirs` that this program can restore (and the ones it cannot, with why),
/// newest first. Folders that do not exist are skipped.
pub fn list_backups(dirs: &[PathBuf]) -> Vec<BackupInfo> {
    let mut found = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if let Some(info) = describe(&path) {
                found.push(info);
            }
        }
    }
    found.sort_by(|a, b| b.made_at.cmp(&a.made_at).then_with(|| a.path.cmp(&b.path)));
    found.dedup_by(|a, b| a.path == b.path);
    found
}

/// What the list shows of one file, or `None` when it is not a backup at all.
fn describe(path: &Path) -> Option<BackupInfo> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let modified = meta
        .modified()
        .ok()
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        .unwrap_or_default();
    let mut info = BackupInfo {
        path: path.display().to_string(),
        file_name: name.clone(),
        kind: BackupKind::Full,
        made_at: modified,
        office: None,
        size_bytes: meta.len(),
        counts: BackupCounts::default(),
        needs_passphrase: false,
        problem: None,
    };
    if is_archive(path) {
        match archive::read_manifest(path) {
            Ok(m) => {
                info.kind = m.kind;
                info.made_at = m.made_at;
                info.office = m.office;
                info.counts = m.counts;
                info.needs_passphrase = matches!(m.key, Some(StoredKey::Sealed { .. }));
                if m.schema_version > SCHEMA_VERSION {
                    info.problem = Some(newer_program());
                }
            }
            Err(e) => info.problem = Some(e.to_string()),
        }
        return Some(info);
    }
    info.kind = if name.starts_with(store::backup::DAILY_PREFIX) && name.ends_with(".db") {
        BackupKind::Daily
    } else if name.starts_with(store::backup::BEFORE_IMPORT_PREFIX) && name.ends_with(".db") {
        BackupKind::BeforeImport
    } else {
        return None;
    };
    match store::backup::describe_file(path) {
        Some((version, office, counts)) => {
            info.office = office.map(|o| o.1);
            info.counts = counts;
            if version > SCHEMA_VERSION {
                info.problem = Some(newer_program());
            }
        }
        None => info.problem = Some("Tệp bị hỏng hoặc không phải là bản sao lưu của Sổ Kế Hoạch.".into()),
    }
    Some(info)
}

fn newer_program() -> String {
    "Bản sao lưu do phiên bản Sổ Kế Hoạch mới hơn tạo ra; hãy cập nhật chương trình trước khi khôi phục.".into()
}

#[cfg(test)]
mod tests;
