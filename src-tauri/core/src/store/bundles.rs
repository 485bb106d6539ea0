//! The `exported_bundles` and `imported_bundles` tables: every bundle written for another office
//! (with the files it carried) and every bundle imported (so the same one is never applied twice).

use rusqlite::{Connection, params};

use crate::Result;
use crate::ids::OfficeId;
use crate::store;

/// A bundle written for `recipient`, carrying changes up to `seq_to` and `files` (as JSON).
pub(crate) fn exported(conn: &Connection, bundle_id: &str, recipient: OfficeId, seq_to: i64, files_json: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO exported_bundles (bundle_id, recipient_id, seq_to, files, exported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![bundle_id, recipient, seq_to, files_json, store::now()])?;
    Ok(())
}

/// The files (SHA-256) of the bundles we wrote for `recipient` up to change `seq_to`.
pub(crate) fn exported_files(conn: &Connection, recipient: OfficeId, seq_to: i64) -> Result<Vec<String>> {
    let lists: Vec<String> = conn
        .prepare_cached("SELECT files FROM exported_bundles WHERE recipient_id = ?1 AND seq_to <= ?2")?
        .query_map(params![recipient, seq_to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lists.iter().flat_map(|files| serde_json::from_str::<Vec<String>>(files).unwrap_or_default()).collect())
}

/// A bundle imported from `sender`, with what it brought (`summary`, as JSON).
pub(crate) fn imported(
    conn: &Connection,
    bundle_id: &str,
    sender: OfficeId,
    seq: (i64, i64),
    file_name: &str,
    summary_json: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO imported_bundles (bundle_id, sender_id, seq_from, seq_to, imported_at, file_name, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![bundle_id, sender, seq.0, seq.1, store::now(), file_name, summary_json])?;
    Ok(())
}

/// Whether the bundle was imported before.
pub(crate) fn was_imported(conn: &Connection, bundle_id: &str) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM imported_bundles WHERE bundle_id = ?1)")?.query_row([bundle_id], |r| r.get(0))?)
}

/// When the last bundle from `sender` was imported (RFC 3339), if ever.
pub(crate) fn last_imported_from(conn: &Connection, sender: OfficeId) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT max(imported_at) FROM imported_bundles WHERE sender_id = ?1")?.query_row([sender], |r| r.get(0))?)
}
