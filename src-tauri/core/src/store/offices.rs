//! Rows of `offices` and `office_levels`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::Result;
use crate::ids::OfficeId;
use crate::model::offices::{LevelName, Office, OfficeTree};

const COLUMNS: &str = "id, code, name, level, parent_id, closed_on, successor_id";

fn row_to_office(row: &Row<'_>, own: Option<OfficeId>) -> rusqlite::Result<Office> {
    let id: OfficeId = row.get(0)?;
    Ok(Office {
        id,
        code: row.get(1)?,
        name: row.get(2)?,
        level: row.get(3)?,
        parent_id: row.get(4)?,
        is_own: own == Some(id),
        closed_on: row.get(5)?,
        successor_id: row.get(6)?,
    })
}

pub(crate) fn get(conn: &Connection, id: OfficeId, own: Option<OfficeId>) -> Result<Option<Office>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM offices WHERE id = ?1 AND deleted = 0"))?
        .query_row([id], |row| row_to_office(row, own))
        .optional()?)
}

pub(crate) fn get_by_code(conn: &Connection, code: &str, own: Option<OfficeId>) -> Result<Option<Office>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM offices WHERE code = ?1 AND deleted = 0"))?
        .query_row([code], |row| row_to_office(row, own))
        .optional()?)
}

/// Every live office, in Vietnamese order of name (callers arrange the tree).
pub(crate) fn all(conn: &Connection, own: Option<OfficeId>) -> Result<Vec<Office>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM offices WHERE deleted = 0 ORDER BY name COLLATE vi, code"
    ))?;
    let rows = stmt.query_map([], |row| row_to_office(row, own))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, office: &Office, owner: OfficeId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO offices (id, code, name, level, parent_id, owner_office_id, updated_at, change_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![office.id, office.code, office.name, office.level, office.parent_id, owner, now, seq])?;
    Ok(())
}

pub(crate) fn update(conn: &Connection, office: &Office, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE offices SET code = ?2, name = ?3, level = ?4, parent_id = ?5, updated_at = ?6, change_seq = ?7
         WHERE id = ?1",
    )?
    .execute(params![office.id, office.code, office.name, office.level, office.parent_id, now, seq])?;
    Ok(())
}

pub(crate) fn tombstone(conn: &Connection, id: OfficeId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE offices SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
        .execute(params![id, now, seq])?;
    Ok(())
}

pub(crate) fn live_children(conn: &Connection, id: OfficeId) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM offices WHERE parent_id = ?1 AND deleted = 0")?
        .query_row([id], |row| row.get(0))?)
}

/// The live sub-offices of an office.
pub(crate) fn live_children_of(conn: &Connection, id: OfficeId) -> Result<Vec<Office>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM offices WHERE parent_id = ?1 AND deleted = 0"))?;
    let rows = stmt.query_map([id], |row| row_to_office(row, None))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn levels(conn: &Connection) -> Result<Vec<LevelName>> {
    let mut stmt = conn.prepare_cached("SELECT rank, name FROM office_levels ORDER BY rank")?;
    let rows = stmt.query_map([], |row| Ok(LevelName { rank: row.get(0)?, name: row.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn set_level(conn: &Connection, level: &LevelName) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO office_levels (rank, name) VALUES (?1, ?2) ON CONFLICT (rank) DO UPDATE SET name = excluded.name",
    )?
    .execute(params![level.rank, level.name])?;
    Ok(())
}

/// The live office tree (what every above/below/depth question reads).
pub(crate) fn tree(conn: &Connection) -> Result<OfficeTree> {
    let mut stmt = conn.prepare_cached("SELECT id, level, parent_id FROM offices WHERE deleted = 0")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(OfficeTree::new(rows))
}

/// The parent of an office, live or not.
pub(crate) fn parent_of(conn: &Connection, id: OfficeId) -> Result<Option<OfficeId>> {
    Ok(conn.prepare_cached("SELECT parent_id FROM offices WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?.flatten())
}

/// The name of an office, live or not.
pub(crate) fn name(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT name FROM offices WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Whether a live top office other than `id` exists.
pub(crate) fn other_top_exists(conn: &Connection, id: OfficeId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM offices WHERE parent_id IS NULL AND deleted = 0 AND id <> ?1)")?
        .query_row([id], |r| r.get(0))?)
}

/// The office that owns an office record.
pub(crate) fn owner_of(conn: &Connection, id: OfficeId) -> Result<Option<OfficeId>> {
    Ok(conn.prepare_cached("SELECT owner_office_id FROM offices WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// How many live offices the tree has.
pub(crate) fn live_count(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM offices WHERE deleted = 0")?.query_row([], |r| r.get(0))?)
}

/// Closes an office from `closed_on`, naming the office that inherits its open deadlines.
pub(crate) fn close(conn: &Connection, id: OfficeId, closed_on: chrono::NaiveDate, successor: Option<OfficeId>, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE offices SET closed_on = ?2, successor_id = ?3, updated_at = ?4, change_seq = ?5 WHERE id = ?1")?
        .execute(params![id, closed_on, successor, now, seq])?;
    Ok(())
}

/// Keeps a former code and name of an office, used until the day before `until`.
pub(crate) fn keep_former_name(conn: &Connection, id: OfficeId, code: &str, name: &str, until: chrono::NaiveDate) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO office_names (office_id, position, code, name, until)
         VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM office_names WHERE office_id = ?1), ?2, ?3, ?4)",
    )?
    .execute(params![id, code, name, until])?;
    Ok(())
}

/// The former names of an office, oldest first: (code, name, the first day of the next name).
pub(crate) fn former_names(conn: &Connection, id: OfficeId) -> Result<Vec<(String, String, chrono::NaiveDate)>> {
    let mut stmt = conn.prepare_cached("SELECT code, name, until FROM office_names WHERE office_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The closing day and successor of every closed office.
pub(crate) fn closures(conn: &Connection) -> Result<std::collections::HashMap<OfficeId, (chrono::NaiveDate, Option<OfficeId>)>> {
    let mut stmt = conn.prepare_cached("SELECT id, closed_on, successor_id FROM offices WHERE deleted = 0 AND closed_on IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open deadlines (not reported, not withdrawn) of every office that has any.
pub(crate) fn open_deadlines(conn: &Connection) -> Result<std::collections::HashMap<OfficeId, u64>> {
    let mut stmt = conn.prepare_cached("SELECT office_id, sum(open) FROM open_deadline_counts GROUP BY office_id HAVING sum(open) > 0")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets the parent of an office (a move or a reorganisation).
pub(crate) fn set_parent(conn: &Connection, id: OfficeId, parent: Option<OfficeId>, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE offices SET parent_id = ?2, updated_at = ?3, change_seq = ?4 WHERE id = ?1")?
        .execute(params![id, parent, now, seq])?;
    Ok(())
}
