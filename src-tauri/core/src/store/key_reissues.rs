//! The `key_reissues` and `recovery_bundles` tables: the recovery bundles this office wrote for
//! sub-offices that lost their machine, and every key reissue it decided or learnt (with the
//! deciding parent's signature, so it can be passed on and checked by the next office).

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::bundle::format::KeyReissue;
use crate::ids::OfficeId;
use crate::store;

/// Keeps a reissue (decided here or learnt); one already known is left as it was.
pub(crate) fn keep(conn: &Connection, reissue: &KeyReissue) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO key_reissues (office_id, old_public_key, new_public_key, new_installation_id, decided_by, decided_at, signature, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        reissue.office_id,
        reissue.old_public_key,
        reissue.new_public_key,
        reissue.new_installation_id,
        reissue.decided_by,
        reissue.decided_at,
        reissue.signature,
        store::now()
    ])?;
    Ok(())
}

/// Every reissue this store knows, oldest decision first (what a bundle passes on).
pub(crate) fn all(conn: &Connection) -> Result<Vec<KeyReissue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT office_id, old_public_key, new_public_key, new_installation_id, decided_by, decided_at, signature
         FROM key_reissues ORDER BY decided_at, office_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(KeyReissue {
            office_id: r.get(0)?,
            old_public_key: r.get(1)?,
            new_public_key: r.get(2)?,
            new_installation_id: r.get(3)?,
            decided_by: r.get(4)?,
            decided_at: r.get(5)?,
            signature: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The reissue that retired `public_key` as the key of `office`, if it was retired.
pub(crate) fn retiring(conn: &Connection, office: OfficeId, public_key: &str) -> Result<Option<KeyReissue>> {
    Ok(all(conn)?.into_iter().find(|r| r.office_id == office && r.old_public_key == public_key))
}

/// A recovery bundle written for `office` (the last one counts).
pub(crate) fn recovery_written(conn: &Connection, office: OfficeId, bundle_id: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO recovery_bundles (office_id, bundle_id, written_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (office_id) DO UPDATE SET bundle_id = excluded.bundle_id, written_at = excluded.written_at",
    )?
    .execute(params![office, bundle_id, store::now()])?;
    Ok(())
}

/// The recovery bundle written for `office` and when, while its key is not reissued yet.
pub(crate) fn pending_recovery(conn: &Connection, office: OfficeId) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT bundle_id, written_at FROM recovery_bundles WHERE office_id = ?1")?
        .query_row([office], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The recovery of `office` is settled: its new key is reissued.
pub(crate) fn recovery_settled(conn: &Connection, office: OfficeId) -> Result<()> {
    conn.prepare_cached("DELETE FROM recovery_bundles WHERE office_id = ?1")?.execute([office])?;
    Ok(())
}
