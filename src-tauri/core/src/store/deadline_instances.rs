//! The `deadline_instances` table: the dated deadlines derived from rules (one per assigned office
//! and period), with their live report's and receipt's dates mirrored into the row so dashboards
//! read one index. `deadlines::instances` decides which instances a rule has; this module only
//! reads and writes them.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::ids::{InstanceId, OfficeId, RuleId};

/// An instance's place: its rule, office, due date and whether its rule still produces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InstanceRow {
    pub rule_id: RuleId,
    pub office_id: OfficeId,
    pub due_on: NaiveDate,
    pub withdrawn: bool,
}

pub(crate) fn get(conn: &Connection, id: InstanceId) -> Result<Option<InstanceRow>> {
    Ok(conn
        .prepare_cached("SELECT rule_id, office_id, due_on, withdrawn FROM deadline_instances WHERE id = ?1")?
        .query_row([id], |r| Ok(InstanceRow { rule_id: r.get(0)?, office_id: r.get(1)?, due_on: r.get(2)?, withdrawn: r.get(3)? }))
        .optional()?)
}

/// The office whose deadline an instance is.
pub(crate) fn office_of(conn: &Connection, id: &str) -> Result<Option<OfficeId>> {
    Ok(conn.prepare_cached("SELECT office_id FROM deadline_instances WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// The stored instances of a rule: (starts on, due on, withdrawn) by id.
pub(crate) fn of_rule(conn: &Connection, rule: RuleId) -> Result<HashMap<InstanceId, (Option<NaiveDate>, NaiveDate, bool)>> {
    Ok(conn
        .prepare_cached("SELECT id, starts_on, due_on, withdrawn FROM deadline_instances WHERE rule_id = ?1")?
        .query_map([rule], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? != 0))))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The instance ids of a rule.
pub(crate) fn ids_of_rule(conn: &Connection, rule: RuleId) -> Result<Vec<InstanceId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM deadline_instances WHERE rule_id = ?1")?
        .query_map([rule], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Writes an instance with its dates (live again if it was withdrawn).
pub(crate) fn upsert(
    conn: &Connection,
    id: InstanceId,
    rule: RuleId,
    office: OfficeId,
    period: &str,
    starts_on: Option<NaiveDate>,
    due_on: NaiveDate,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO deadline_instances (id, rule_id, office_id, period, starts_on, due_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET starts_on = excluded.starts_on, due_on = excluded.due_on, withdrawn = 0",
    )?
    .execute(params![id, rule, office, period, starts_on, due_on])?;
    Ok(())
}

/// Marks an instance withdrawn: its rule no longer produces it, but a report points at it.
pub(crate) fn withdraw(conn: &Connection, id: InstanceId) -> Result<()> {
    conn.prepare_cached("UPDATE deadline_instances SET withdrawn = 1 WHERE id = ?1")?.execute([id])?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, id: InstanceId) -> Result<()> {
    conn.prepare_cached("DELETE FROM deadline_instances WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// The columns of an instance row that mirror its live report and receipt.
macro_rules! mirrored_report {
    () => {
        "UPDATE deadline_instances SET
             reported_on = (SELECT submitted_on FROM reports WHERE instance_id = deadline_instances.id AND deleted = 0),
             received_on = (SELECT rc.received_on FROM reports r JOIN receipts rc ON rc.report_id = r.id
                            WHERE r.instance_id = deadline_instances.id AND r.deleted = 0 AND rc.deleted = 0)"
    };
}

/// Mirrors the live report and receipt of an instance into its row (for index-only dashboards).
pub(crate) fn sync_report(conn: &Connection, instance: InstanceId) -> Result<()> {
    conn.prepare_cached(concat!(mirrored_report!(), " WHERE id = ?1"))?.execute([instance])?;
    Ok(())
}

/// [`sync_report`] for every instance whose report or receipt changed after change `seq` (in
/// one statement, for imports of any size).
pub(crate) fn sync_reports_changed_after(conn: &Connection, seq: i64) -> Result<()> {
    conn.prepare_cached(concat!(
        mirrored_report!(),
        " WHERE id IN (SELECT instance_id FROM reports WHERE change_seq > ?1
                       UNION SELECT r.instance_id FROM receipts rc JOIN reports r ON r.id = rc.report_id
                       WHERE rc.change_seq > ?1)"
    ))?
    .execute([seq])?;
    Ok(())
}

/// The label of an instance's rule and its due date, for messages.
pub(crate) fn label_and_due(conn: &Connection, id: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT r.label, i.due_on FROM deadline_instances i JOIN deadline_rules r ON r.id = i.rule_id WHERE i.id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The label of an instance's rule and its office's name, for messages.
pub(crate) fn label_and_office_name(conn: &Connection, id: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.label, o.name FROM deadline_instances i JOIN deadline_rules r ON r.id = i.rule_id
             JOIN offices o ON o.id = i.office_id WHERE i.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
