//! Swapping a restored database in: the one moment a restore changes the store's own files.
//!
//! A restore prepares the new database (and the signing key, when the backup carries one) in a
//! staging folder beside the database, then writes a "ready" mark there, synced. Only then are the
//! files moved in. [`finish`] runs at every [`Store::open`](super::Store::open): it completes a swap
//! whose mark is there (the program was killed half-way through the moves) and throws away a
//! staging folder without one (killed while preparing). So a kill at any moment leaves the old
//! store or the new one, never a mix of the two.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The signing key's file, beside the database.
pub(crate) const KEY_FILE: &str = "khoa-ky-don-vi.key";

const STAGED_DATABASE: &str = "co-so-du-lieu.db";
const STAGED_KEY: &str = "khoa.key";
const READY: &str = "san-sang";

/// The signing key's path for the database at `db`.
pub(crate) fn key_path(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join(KEY_FILE)
}

/// The staging folder of a restore of the database at `db`.
pub(crate) fn staging_dir(db: &Path) -> PathBuf {
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    db.parent().unwrap_or(Path::new(".")).join(format!(".khoi-phuc-{name}"))
}

/// Where a restore puts the new database before the swap.
pub(crate) fn staged_database(db: &Path) -> PathBuf {
    staging_dir(db).join(STAGED_DATABASE)
}

/// Where a restore puts the new signing key (hex of its seed, as the key file holds it).
pub(crate) fn staged_key(db: &Path) -> PathBuf {
    staging_dir(db).join(STAGED_KEY)
}

/// An empty staging folder for a new restore (what an earlier, unfinished one left is removed).
pub(crate) fn begin(db: &Path) -> Result<PathBuf> {
    let dir = staging_dir(db);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}

/// Writes `bytes` to `path`, synced before it counts.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    File::create(path).and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all())).map_err(|e| Error::io(path, e))
}

/// Marks the staged files ready and moves them in. Every connection to `db` must be closed.
pub(crate) fn commit(db: &Path) -> Result<()> {
    let staged = staged_database(db);
    if !staged.is_file() {
        return Err(Error::Internal("khôi phục: cơ sở dữ liệu mới chưa được chuẩn bị".into()));
    }
    sync_for_writing(&staged).map_err(|e| Error::io(&staged, e))?;
    write_synced(&staging_dir(db).join(READY), b"1")?;
    sync_folder(&staging_dir(db));
    finish(db)
}

/// On Windows a file is synced only through a handle opened for writing.
fn sync_for_writing(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new().append(true).open(path)?.sync_all()
}

/// Completes or throws away what a restore left in the staging folder of `db` (see the module
/// header). Called before the database is opened.
pub(crate) fn finish(db: &Path) -> Result<()> {
    let dir = staging_dir(db);
    if !dir.exists() {
        return Ok(());
    }
    if dir.join(READY).exists() {
        let staged = staged_database(db);
        if staged.exists() {
            // The old database's write-ahead log belongs to the old file: left beside the new one,
            // SQLite would replay it into it.
            for suffix in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{suffix}", db.display()));
                match std::fs::remove_file(&side) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(&side, e)),
                }
            }
            std::fs::rename(&staged, db).map_err(|e| Error::io(db, e))?;
        }
        let key = staged_key(db);
        if key.exists() {
            let target = key_path(db);
            std::fs::rename(&key, &target).map_err(|e| Error::io(&target, e))?;
        }
        if let Some(parent) = db.parent() {
            sync_folder(parent);
        }
    }
    std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))
}

/// Makes renames in `dir` durable where the platform allows syncing a folder (not Windows, where
/// a rename is durable once done).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    let _ = File::open(dir).and_then(|d| d.sync_all());
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("skh.db");
        std::fs::write(&db, "cu").expect("old db");
        std::fs::write(format!("{}-wal", db.display()), "nhat-ky-cu").expect("old wal");
        std::fs::write(key_path(&db), "khoa-cu").expect("old key");
        (dir, db)
    }

    #[test]
    fn a_staging_folder_without_its_mark_is_thrown_away() {
        let (_dir, db) = setup();
        begin(&db).expect("begin");
        std::fs::write(staged_database(&db), "moi").expect("staged");
        finish(&db).expect("finish");
        assert_eq!(std::fs::read_to_string(&db).expect("db"), "cu");
        assert_eq!(std::fs::read_to_string(key_path(&db)).expect("key"), "khoa-cu");
        assert!(!staging_dir(&db).exists());
    }

    #[test]
    fn a_marked_swap_is_completed_however_far_it_had_got() {
        // Killed after the mark, before any move; then after the database moved, before the key.
        for moved_database in [false, true] {
            let (_dir, db) = setup();
            begin(&db).expect("begin");
            std::fs::write(staged_database(&db), "moi").expect("staged");
            std::fs::write(staged_key(&db), "khoa-moi").expect("staged key");
            std::fs::write(staging_dir(&db).join(READY), "1").expect("mark");
            if moved_database {
                std::fs::remove_file(format!("{}-wal", db.display())).expect("wal");
                std::fs::rename(staged_database(&db), &db).expect("move");
            }
            finish(&db).expect("finish");
            assert_eq!(std::fs::read_to_string(&db).expect("db"), "moi");
            assert_eq!(std::fs::read_to_string(key_path(&db)).expect("key"), "khoa-moi");
            assert!(!Path::new(&format!("{}-wal", db.display())).exists(), "the old log is gone");
            assert!(!staging_dir(&db).exists());
        }
    }

    #[test]
    fn a_swap_without_a_key_keeps_the_key_there_is() {
        let (_dir, db) = setup();
        begin(&db).expect("begin");
        std::fs::write(staged_database(&db), "moi").expect("staged");
        commit(&db).expect("commit");
        assert_eq!(std::fs::read_to_string(&db).expect("db"), "moi");
        assert_eq!(std::fs::read_to_string(key_path(&db)).expect("key"), "khoa-cu");
    }
}
