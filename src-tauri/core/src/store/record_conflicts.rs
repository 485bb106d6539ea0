//! The `record_conflicts` table: two versions of one record (ours and a bundle's) kept until a
//! person chooses. The versions are kept as the bundle format's JSON; `bundle::conflicts` reads
//! them back and shows them.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::store;

/// A conflict found during an import run, written when the run ends.
pub(crate) struct FoundConflict {
    pub table: String,
    pub key: String,
    /// The bundle's version, as the bundle format's JSON.
    pub incoming: String,
    /// The owner's key the incoming signature verified with (`None`: a format 1 record).
    pub signed_by: Option<String>,
    /// Our version, as the bundle format's JSON.
    pub local: String,
    pub reason: String,
}

/// Where the conflicts found came from.
pub(crate) struct FoundIn<'a> {
    pub bundle_id: &'a str,
    pub sender_id: &'a str,
    pub file_name: &'a str,
}

/// A conflict as kept, with its sender's name as this store knows it.
pub(crate) struct StoredConflict {
    pub id: i64,
    pub table: String,
    pub key: String,
    pub incoming: String,
    pub signed_by: Option<String>,
    pub local: String,
    pub reason: String,
    pub sender_id: String,
    pub sender: String,
    pub bundle_id: String,
    pub file_name: String,
    pub found_at: String,
    pub resolution: Option<String>,
    pub resolved_at: Option<String>,
}

/// How a conflict ended, as stored.
pub(crate) const SUPERSEDED: &str = "superseded";

const SELECT: &str = "SELECT c.id, c.table_name, c.record_key, c.incoming, c.signed_by, c.local, c.reason, c.sender_id,
        coalesce(o.name, c.sender_id), c.bundle_id, c.file_name, c.found_at, c.resolution, c.resolved_at
    FROM record_conflicts c LEFT JOIN offices o ON o.id = c.sender_id";

fn row_to_conflict(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredConflict> {
    Ok(StoredConflict {
        id: r.get(0)?,
        table: r.get(1)?,
        key: r.get(2)?,
        incoming: r.get(3)?,
        signed_by: r.get(4)?,
        local: r.get(5)?,
        reason: r.get(6)?,
        sender_id: r.get(7)?,
        sender: r.get(8)?,
        bundle_id: r.get(9)?,
        file_name: r.get(10)?,
        found_at: r.get(11)?,
        resolution: r.get(12)?,
        resolved_at: r.get(13)?,
    })
}

/// Keeps the conflicts of an import run (inside its transaction, so a preview keeps nothing). A
/// version already kept for the same record, pending or resolved, is not kept twice.
pub(crate) fn keep(tx: &Connection, found_in: &FoundIn<'_>, found: Vec<FoundConflict>) -> Result<()> {
    for c in found {
        let known: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM record_conflicts WHERE table_name = ?1 AND record_key = ?2 AND incoming = ?3)",
            )?
            .query_row(params![c.table, c.key, c.incoming], |r| r.get(0))?;
        if known {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO record_conflicts (table_name, record_key, incoming, signed_by, local, reason, bundle_id, sender_id,
                 file_name, found_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            c.table,
            c.key,
            c.incoming,
            c.signed_by,
            c.local,
            c.reason,
            found_in.bundle_id,
            found_in.sender_id,
            found_in.file_name,
            store::now()
        ])?;
    }
    Ok(())
}

/// Whether any conflict is waiting to be resolved.
pub(crate) fn any_pending(tx: &Connection) -> Result<bool> {
    Ok(tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM record_conflicts WHERE resolution IS NULL)")?.query_row([], |r| r.get(0))?)
}

/// A record was just written from a bundle: conflicts still pending about it no longer arise.
pub(crate) fn supersede(tx: &Connection, table: &str, key: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE record_conflicts SET resolution = ?4, resolved_at = ?3
         WHERE resolution IS NULL AND table_name = ?1 AND record_key = ?2",
    )?
    .execute(params![table, key, store::now(), SUPERSEDED])?;
    Ok(())
}

/// Records how a conflict ended.
pub(crate) fn resolve(tx: &Connection, id: i64, resolution: &str) -> Result<()> {
    tx.prepare_cached("UPDATE record_conflicts SET resolution = ?2, resolved_at = ?3 WHERE id = ?1")?
        .execute(params![id, resolution, store::now()])?;
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<StoredConflict>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?.query_row([id], row_to_conflict).optional()?)
}

/// The pending conflicts (oldest first), then the `history` most recently resolved.
pub(crate) fn pending_then_resolved(conn: &Connection, history: i64) -> Result<Vec<StoredConflict>> {
    let mut out = Vec::new();
    for sql in [
        format!("{SELECT} WHERE c.resolution IS NULL ORDER BY c.id"),
        format!("{SELECT} WHERE c.resolution IS NOT NULL ORDER BY c.resolved_at DESC, c.id DESC LIMIT ?1"),
    ] {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = if sql.contains("?1") { stmt.query_map([history], row_to_conflict)? } else { stmt.query_map([], row_to_conflict)? };
        out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(out)
}
