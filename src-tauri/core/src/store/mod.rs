//! The local SQLite store: opening, configuring and migrating the database, and the one
//! `transact` helper through which every change goes.
//!
//! The database lives in the application's local data folder (never on the USB stick). WAL with
//! `synchronous=FULL` keeps a committed change on disk through a power cut; migrations are numbered
//! `.sql` files embedded at build time and a database made by a newer program is refused untouched.

pub mod backup;
pub mod bundles;
pub mod calendar_exceptions;
pub mod deadline_instances;
pub mod deadline_items;
pub mod documents;
pub mod dump;
pub mod import_log;
pub mod key_reissues;
pub mod offices;
pub mod peers;
pub mod pinned_keys;
pub mod record_conflicts;
pub mod receipts;
pub mod record_signatures;
pub mod refused_records;
pub mod reports;
pub mod settings;
pub mod swap;
pub mod tasks;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};
use rusqlite_migration::{M, Migrations};

use crate::error::{Error, Result};
use crate::text;

/// The schema, one embedded file per version. Never edit a released file; add the next one.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/0001_offices_documents.sql"),
    include_str!("../../migrations/0002_tasks_deadlines_reports.sql"),
    include_str!("../../migrations/0003_exchange.sql"),
    include_str!("../../migrations/0004_open_deadlines_by_office.sql"),
    include_str!("../../migrations/0005_search_prefixes_open_counts_live_due_index.sql"),
    include_str!("../../migrations/0006_record_signatures.sql"),
    include_str!("../../migrations/0007_record_conflicts.sql"),
    include_str!("../../migrations/0008_refused_records.sql"),
    include_str!("../../migrations/0009_task_assignee_roles.sql"),
    include_str!("../../migrations/0010_key_reissues_recoveries.sql"),
    include_str!("../../migrations/0011_report_outlines.sql"),
    include_str!("../../migrations/0012_office_reorganisation.sql"),
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect()));

/// The schema version this program writes (`PRAGMA user_version` after migrating).
pub const SCHEMA_VERSION: usize = MIGRATION_SQL.len();

/// An open store: the database connection and the folder that holds attached files.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    files_dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// Attached files are kept in an `attachments` folder beside the database file.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        // A restore killed half-way is completed, or thrown away, before anything reads the file.
        swap::finish(&path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut conn = configure(conn).map_err(|e| not_a_store(&path, e))?;
        migrate(&mut conn)?;
        let files_dir = path.parent().unwrap_or(Path::new(".")).join("attachments");
        Ok(Store { conn, path, files_dir })
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where attached files are kept, each named by its SHA-256.
    pub fn files_dir(&self) -> &Path {
        &self.files_dir
    }

    /// Runs `change` in one transaction: all of it is committed, or on any error none of it.
    pub fn transact<T>(&mut self, change: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = change(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// How many rows the largest tables hold (what `skh bench` reports about its store).
    pub fn row_counts(&self) -> Result<RowCounts> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM deadline_instances), (SELECT count(*) FROM reports), (SELECT count(*) FROM documents)",
            [],
            |r| Ok(RowCounts { deadline_instances: r.get(0)?, reports: r.get(1)?, documents: r.get(2)? }),
        )?)
    }
}

/// A savepoint inside a transaction: one record of an import is written whole or not at all.
pub(crate) fn savepoint(conn: &Connection) -> Result<()> {
    conn.prepare_cached("SAVEPOINT ban_ghi")?.execute([])?;
    Ok(())
}

pub(crate) fn release_savepoint(conn: &Connection) -> Result<()> {
    conn.prepare_cached("RELEASE ban_ghi")?.execute([])?;
    Ok(())
}

/// Undoes what was written since [`savepoint`], and ends it.
pub(crate) fn roll_back_savepoint(conn: &Connection) -> Result<()> {
    conn.execute_batch("ROLLBACK TO ban_ghi; RELEASE ban_ghi")?;
    Ok(())
}

/// Row counts of the largest tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowCounts {
    pub deadline_instances: i64,
    pub reports: i64,
    pub documents: i64,
}

/// Pragmas and functions every connection needs.
fn configure(conn: Connection) -> rusqlite::Result<Connection> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // Room for every statement of an import's record loop, so none is parsed again per record.
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // 64 MiB of pages (taken as they are read) instead of SQLite's 2 MiB: views such as the
    // province matrix read thousands of deadline rows scattered over a store of hundreds of MiB,
    // and each page not kept is read again from the file.
    conn.pragma_update(None, "cache_size", -64 * 1024)?;
    conn.create_collation(text::SQL_COLLATION, text::compare_vi)?;
    Ok(conn)
}

fn not_a_store(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::invalid(format!(
            "Tệp «{}» không phải là cơ sở dữ liệu của Sổ Kế Hoạch (hoặc đã bị hỏng). Hãy chọn đúng tệp dữ liệu.",
            path.display()
        )),
        _ => Error::Storage(e),
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let found: usize = conn
        .pragma_query_value(None, "user_version", |row| row.get::<_, i64>(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                Error::invalid("Tệp này không phải là cơ sở dữ liệu của Sổ Kế Hoạch (hoặc đã bị hỏng).")
            }
            _ => Error::Storage(e),
        })?
        .try_into()
        .unwrap_or(usize::MAX);
    if found > SCHEMA_VERSION {
        return Err(Error::NewerDatabase { found, supported: SCHEMA_VERSION });
    }
    MIGRATIONS.to_latest(conn).map_err(|e| Error::Migration(e.to_string()))
}

/// The next value of the local change counter; every mutation stamps its rows with one.
pub(crate) fn next_change_seq(tx: &Connection) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq' RETURNING CAST(value AS INTEGER)",
        )?
        .query_row([], |row| row.get(0))?)
}

/// The current time as stored in `updated_at` columns (RFC 3339, UTC, milliseconds).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_store_is_at_the_latest_version_with_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("skh.db")).expect("open");
        let version: i64 = store.conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("version");
        assert_eq!(version as usize, SCHEMA_VERSION);
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).expect("mode");
        assert_eq!(mode, "wal");
        let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).expect("fk");
        assert_eq!(fk, 1);
        let sync: i64 = store.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).expect("sync");
        assert_eq!(sync, 2, "synchronous=FULL is 2");
    }

    #[test]
    fn reopening_keeps_the_version_and_applies_nothing_twice() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("skh.db");
        drop(Store::open(&path).expect("first open"));
        let store = Store::open(&path).expect("second open");
        let levels: i64 = store.conn.query_row("SELECT count(*) FROM office_levels", [], |r| r.get(0)).expect("count");
        assert_eq!(levels, 5, "default levels are inserted once");
    }

    #[test]
    fn the_search_index_rebuilt_with_prefixes_holds_the_live_documents_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("skh.db");
        {
            let mut conn = configure(Connection::open(&path).expect("raw open")).expect("configure");
            MIGRATIONS.to_version(&mut conn, 4).expect("version 4");
            conn.execute_batch(
                "INSERT INTO offices (id, code, name, level, updated_at, change_seq)
                 VALUES ('0190a000-0000-7000-8000-0000000000aa', 'LCU', 'Tỉnh', 1, '', 1);
                 INSERT INTO documents (id, owner_office_id, kind, number, symbol, number_style, place, issuer, title,
                                        signer, signer_title, recipients, body, search_text, created_at, updated_at,
                                        change_seq, deleted)
                 VALUES ('0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-0000000000aa', 'keHoach',
                         '1', 'KH', 'state', '', '', 'Bình đẳng giới', '', '', '[]', '', 'binh dang gioi', '', '', 1, 0),
                        ('0190a000-0000-7000-8000-000000000002', '0190a000-0000-7000-8000-0000000000aa', 'keHoach',
                         '2', 'KH', 'state', '', '', 'Bình đẳng', '', '', '[]', '', 'binh dang', '', '', 1, 1);",
            )
            .expect("documents at version 4");
        }
        let store = Store::open(&path).expect("migrate");
        let hits = store.search_documents("bi").expect("search");
        assert_eq!(hits.len(), 1, "the deleted document stays out of the rebuilt index");
        assert_eq!(hits[0].document.title, "Bình đẳng giới");
    }

    #[test]
    fn a_database_from_a_newer_program_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("skh.db");
        drop(Store::open(&path).expect("open"));
        {
            let conn = Connection::open(&path).expect("raw open");
            conn.pragma_update(None, "user_version", (SCHEMA_VERSION + 1) as i64).expect("bump");
        }
        let before = std::fs::read(&path).expect("read");
        let err = Store::open(&path).expect_err("newer schema must be refused");
        assert!(matches!(err, Error::NewerDatabase { .. }), "{err:?}");
        assert!(err.to_string().contains("cập nhật Sổ Kế Hoạch"), "message says what to do: {err}");
        assert_eq!(std::fs::read(&path).expect("read"), before, "the refused file is not modified");
    }

    #[test]
    fn a_file_that_is_not_a_database_gets_a_clear_message() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "Đây là một tệp văn bản, không phải cơ sở dữ liệu. ".repeat(200)).expect("write");
        let err = Store::open(&path).expect_err("text file is not a store");
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput, "{err:?}");
        assert!(err.to_string().contains("không phải là cơ sở dữ liệu"), "{err}");
    }

    #[test]
    fn a_failed_transaction_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        let result: Result<()> = store.transact(|tx| {
            tx.execute("INSERT INTO settings (key, value) VALUES ('probe', 'x')", [])?;
            Err(Error::invalid("stop"))
        });
        assert!(result.is_err());
        let n: i64 = store.conn.query_row("SELECT count(*) FROM settings WHERE key = 'probe'", [], |r| r.get(0)).expect("count");
        assert_eq!(n, 0, "the rolled-back insert must not be visible");
    }
}
