//! The `pinned_keys` table: the public key this store trusts for each office it exchanges with
//! (pinned at first contact, replaced only by a signed rotation or, for offices further away, as
//! vouched for by the office that forwarded their records).

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::ids::OfficeId;
use crate::store::{self, settings::{self, PEER_INSTALLATION_PREFIX, Setting}};

/// A pinned key as listed, with its office's code and name.
pub(crate) struct PinnedRow {
    pub office_id: OfficeId,
    pub office_code: String,
    pub office_name: String,
    pub public_key: String,
    pub pinned_at: String,
    pub rotated: bool,
    pub vouched_by: Option<String>,
}

/// Every pinned key, in Vietnamese order of office names.
pub(crate) fn all(conn: &Connection) -> Result<Vec<PinnedRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.office_id, o.code, o.name, k.public_key, k.pinned_at, k.previous IS NOT NULL, v.name
         FROM pinned_keys k JOIN offices o ON o.id = k.office_id LEFT JOIN offices v ON v.id = k.vouched_by
         ORDER BY o.name COLLATE vi",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PinnedRow {
            office_id: r.get(0)?,
            office_code: r.get(1)?,
            office_name: r.get(2)?,
            public_key: r.get(3)?,
            pinned_at: r.get(4)?,
            rotated: r.get(5)?,
            vouched_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The pinned key and installation of an office, if any.
pub(crate) fn with_installation(conn: &Connection, office: OfficeId) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT k.public_key, (SELECT value FROM settings WHERE key = ?2 || k.office_id)
             FROM pinned_keys k WHERE k.office_id = ?1",
        )?
        .query_row(params![office, PEER_INSTALLATION_PREFIX], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The pinned key of an office and the key it replaced, if any.
pub(crate) fn with_previous(conn: &Connection, office: OfficeId) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT public_key, previous FROM pinned_keys WHERE office_id = ?1")?
        .query_row([office], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Pins the key of an office that another office (`vouched_by`) passed on with its records. A key
/// pinned from the office's own bundle stays marked as its own.
pub(crate) fn pin_vouched(conn: &Connection, office: OfficeId, public_key: &str, previous: Option<&str>, vouched_by: OfficeId) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pinned_keys (office_id, public_key, pinned_at, previous, vouched_by) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (office_id) DO UPDATE SET public_key = excluded.public_key, pinned_at = excluded.pinned_at,
             previous = coalesce(excluded.previous, pinned_keys.previous),
             vouched_by = CASE WHEN pinned_keys.vouched_by IS NULL THEN NULL ELSE excluded.vouched_by END",
    )?
    .execute(params![office, public_key, store::now(), previous, vouched_by])?;
    Ok(())
}

/// Pins the key an office's own bundle came with, and the installation it came from.
pub(crate) fn pin(conn: &Connection, office: OfficeId, public_key: &str, installation: &str, previous: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pinned_keys (office_id, public_key, pinned_at, previous) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (office_id) DO UPDATE SET public_key = excluded.public_key, pinned_at = excluded.pinned_at,
             previous = coalesce(excluded.previous, pinned_keys.previous), vouched_by = NULL",
    )?
    .execute(params![office, public_key, store::now(), previous])?;
    settings::set(conn, Setting::PeerInstallation(office), installation)
}

/// Forgets the key pinned for an office (our own office's old key, learnt with its records from a
/// recovery bundle: this installation signs with its own).
pub(crate) fn forget(conn: &Connection, office: OfficeId) -> Result<()> {
    conn.prepare_cached("DELETE FROM pinned_keys WHERE office_id = ?1")?.execute([office])?;
    Ok(())
}
