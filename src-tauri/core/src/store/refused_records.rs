//! The `refused_records` and `refused_by_peer` tables: records this store refused from a sender
//! (listed back to it until a version is accepted), and ours that a peer refused (sent again
//! until it no longer lists them). `bundle::refusals` decides; this module reads and writes.

use rusqlite::{Connection, params};

use crate::Result;
use crate::ids::OfficeId;

/// One refused record: (table, record key, reason, refused on), and for our refusals what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefusedRow {
    pub office_id: OfficeId,
    pub office_name: String,
    pub table: String,
    pub id: String,
    pub what: String,
    pub reason: String,
    pub refused_on: String,
}

/// Keeps (or updates) what we refused from `sender`: (table, id, what, reason) each.
pub(crate) fn keep<'a>(
    tx: &Connection,
    sender: OfficeId,
    bundle_id: &str,
    refused_on: &str,
    refused: impl IntoIterator<Item = (&'a str, &'a str, &'a str, &'a str)>,
) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO refused_records (sender_id, table_name, record_key, what, reason, bundle_id, refused_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (sender_id, table_name, record_key) DO UPDATE SET
             what = excluded.what, reason = excluded.reason, bundle_id = excluded.bundle_id, refused_on = excluded.refused_on",
    )?;
    for (table, id, what, reason) in refused {
        insert.execute(params![sender, table, id, what, reason, bundle_id, refused_on])?;
    }
    Ok(())
}

pub(crate) fn any_from(tx: &Connection, sender: OfficeId) -> Result<bool> {
    Ok(tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM refused_records WHERE sender_id = ?1)")?.query_row([sender], |r| r.get(0))?)
}

/// A version of a record once refused was accepted: it no longer waits.
pub(crate) fn accepted(tx: &Connection, sender: OfficeId, table: &str, id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM refused_records WHERE sender_id = ?1 AND table_name = ?2 AND record_key = ?3")?
        .execute(params![sender, table, id])?;
    Ok(())
}

/// What we refused from `sender`, oldest first, at most `limit`: (table, id, reason, refused on).
pub(crate) fn from_sender(conn: &Connection, sender: OfficeId, limit: usize) -> Result<Vec<(String, String, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT table_name, record_key, reason, refused_on FROM refused_records WHERE sender_id = ?1
         ORDER BY refused_on, table_name, record_key LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![sender, limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces what `peer` refused of ours: (table, id, reason, refused on) each.
pub(crate) fn replace_by_peer<'a>(
    tx: &Connection,
    peer: OfficeId,
    refused: impl IntoIterator<Item = (&'a str, &'a str, &'a str, &'a str)>,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM refused_by_peer WHERE peer_id = ?1")?.execute([peer])?;
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO refused_by_peer (peer_id, table_name, record_key, reason, refused_on) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (table, id, reason, refused_on) in refused {
        insert.execute(params![peer, table, id, reason, refused_on])?;
    }
    Ok(())
}

/// Ours that peers refused, by peer name (`what` is empty: the caller describes our copy).
pub(crate) fn ours(conn: &Connection) -> Result<Vec<RefusedRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.peer_id, o.name, p.table_name, p.record_key, '', p.reason, p.refused_on
         FROM refused_by_peer p JOIN offices o ON o.id = p.peer_id ORDER BY o.name, p.refused_on, p.table_name, p.record_key",
    )?;
    Ok(stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?)
}

/// What we refused, by sender name.
pub(crate) fn theirs(conn: &Connection) -> Result<Vec<RefusedRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.sender_id, o.name, f.table_name, f.record_key, f.what, f.reason, f.refused_on
         FROM refused_records f JOIN offices o ON o.id = f.sender_id ORDER BY o.name, f.refused_on, f.table_name, f.record_key",
    )?;
    Ok(stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?)
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RefusedRow> {
    Ok(RefusedRow {
        office_id: r.get(0)?,
        office_name: r.get(1)?,
        table: r.get(2)?,
        id: r.get(3)?,
        what: r.get(4)?,
        reason: r.get(5)?,
        refused_on: r.get(6)?,
    })
}
