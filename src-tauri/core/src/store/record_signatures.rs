//! The `record_signatures` table: the owner's signature of each record we received, kept so that
//! forwarding the record carries the owner's word, not ours.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;

/// Keeps the owner's signature (hex) of a record.
pub(crate) fn keep(conn: &Connection, table: &str, key: &str, owner: &str, public_key: &str, signature: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO record_signatures (table_name, record_key, owner_office_id, public_key, signature)
         VALUES (?1, ?2, ?3, unhex(?4), unhex(?5))
         ON CONFLICT (table_name, record_key) DO UPDATE SET owner_office_id = excluded.owner_office_id,
             public_key = excluded.public_key, signature = excluded.signature",
    )?
    .execute(params![table, key, owner, public_key, signature])?;
    Ok(())
}

/// Forgets the signature of a record (its new version came unsigned).
pub(crate) fn forget(conn: &Connection, table: &str, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM record_signatures WHERE table_name = ?1 AND record_key = ?2")?.execute(params![table, key])?;
    Ok(())
}

/// The owner's signature (hex) of a record, if kept.
pub(crate) fn of(conn: &Connection, table: &str, key: &str, owner: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT lower(hex(signature)) FROM record_signatures
             WHERE table_name = ?1 AND record_key = ?2 AND owner_office_id = ?3",
        )?
        .query_row(params![table, key, owner], |r| r.get(0))
        .optional()?)
}
