//! The `peers` and `peer_files` tables: for each office we exchange with, how far each side has
//! read the other (sequence numbers), how many bundles we sent it, and which files it has.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::ids::OfficeId;

/// How far an exchange with one office has gone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Peer {
    /// Our change sequence the office has acknowledged.
    pub acked_seq: i64,
    /// The office's change sequence we have imported.
    pub imported_seq: i64,
    pub bundles_sent: i64,
}

pub(crate) fn get(conn: &Connection, office: OfficeId) -> Result<Peer> {
    Ok(conn
        .prepare_cached("SELECT acked_seq, imported_seq, bundles_sent FROM peers WHERE office_id = ?1")?
        .query_row([office], |r| Ok(Peer { acked_seq: r.get(0)?, imported_seq: r.get(1)?, bundles_sent: r.get(2)? }))
        .optional()?
        .unwrap_or_default())
}

/// Our change sequence an office had acknowledged, if we ever heard from it.
pub(crate) fn acked_seq(conn: &Connection, office: OfficeId) -> Result<Option<i64>> {
    Ok(conn.prepare_cached("SELECT acked_seq FROM peers WHERE office_id = ?1")?.query_row([office], |r| r.get(0)).optional()?)
}

/// What a bundle from `office` tells: it has read us up to `acked`, and we it up to `imported`
/// (neither ever goes back).
pub(crate) fn heard_from(conn: &Connection, office: OfficeId, acked: i64, imported: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO peers (office_id, acked_seq, imported_seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (office_id) DO UPDATE SET acked_seq = max(acked_seq, excluded.acked_seq),
             imported_seq = max(imported_seq, excluded.imported_seq)",
    )?
    .execute(params![office, acked, imported])?;
    Ok(())
}

/// One more bundle written for `office`.
pub(crate) fn sent_bundle(conn: &Connection, office: OfficeId) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO peers (office_id, bundles_sent) VALUES (?1, 1)
         ON CONFLICT (office_id) DO UPDATE SET bundles_sent = bundles_sent + 1",
    )?
    .execute([office])?;
    Ok(())
}

/// The files an office is known to have (by SHA-256).
pub(crate) fn files(conn: &Connection, office: OfficeId) -> Result<BTreeSet<String>> {
    Ok(conn
        .prepare_cached("SELECT sha256 FROM peer_files WHERE office_id = ?1")?
        .query_map([office], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn add_file(conn: &Connection, office: OfficeId, sha256: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO peer_files (office_id, sha256) VALUES (?1, ?2)")?.execute(params![office, sha256])?;
    Ok(())
}
