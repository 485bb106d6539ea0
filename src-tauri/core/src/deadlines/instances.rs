//! The dated instances of deadline rules: one per assigned office and period, derived from the
//! rules and rebuilt whenever a rule, an assignment or the office tree changes. Instances that a
//! report already points at are never deleted; they are marked withdrawn instead.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};

use crate::model::rules::RuleSpec;
use crate::error::Result;
use crate::ids::{InstanceId, OfficeId, RuleId};
use crate::model::tasks::Assignee;
use crate::store::{self, Store, settings};

const HORIZON_KEY: &str = "instances_until";

/// Most instances one rule may have (its periods × its offices): a monthly rule for 160 offices
/// over ten years. A rule beyond it is refused, whether typed in or imported, so that a few lines
/// of a plan cannot make a store write millions of rows.
pub const MAX_INSTANCES_PER_RULE: usize = 20_000;

/// The instances a rule would have for `offices`, each office's periods computed once per level.
fn occurrences_by_level(
    spec: &RuleSpec,
    offices: &[(OfficeId, u8)],
    horizon: NaiveDate,
) -> Result<HashMap<u8, Vec<crate::model::rules::Occurrence>>> {
    let mut by_level = HashMap::new();
    let mut total = 0usize;
    for (_, level) in offices {
        if !by_level.contains_key(level) {
            by_level.insert(*level, spec.occurrences(*level, horizon)?);
        }
        total += by_level.get(level).map_or(0, Vec::len);
    }
    if total > MAX_INSTANCES_PER_RULE {
        return Err(crate::Error::invalid(format!(
            "Hạn này sinh ra {total} thời hạn cho {} đơn vị, quá giới hạn {MAX_INSTANCES_PER_RULE} thời hạn của một hạn. \
             Hãy chia thành nhiều hạn, giao cho ít đơn vị hơn, hoặc cho hạn định kỳ bắt đầu muộn hơn.",
            offices.len()
        )));
    }
    Ok(by_level)
}

/// Checks that a rule stays within [`MAX_INSTANCES_PER_RULE`] for `offices`, writing nothing.
pub(crate) fn check_rule_size(spec: &RuleSpec, offices: &[(OfficeId, u8)], horizon: NaiveDate) -> Result<()> {
    occurrences_by_level(spec, offices, horizon).map(|_| ())
}

/// The offices (with their level) a set of assignees stands for, each once.
pub(crate) fn assigned_offices(conn: &Connection, assignees: &[Assignee]) -> Result<Vec<(OfficeId, u8)>> {
    let mut stmt = conn.prepare_cached("SELECT id, level, parent_id FROM offices WHERE deleted = 0")?;
    let offices: Vec<(OfficeId, u8, Option<OfficeId>)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let parent: HashMap<OfficeId, Option<OfficeId>> = offices.iter().map(|(id, _, p)| (*id, *p)).collect();
    let is_below = |mut office: OfficeId, ancestor: OfficeId| {
        for _ in 0..offices.len() {
            match parent.get(&office).copied().flatten() {
                Some(p) if p == ancestor => return true,
                Some(p) => office = p,
                None => return false,
            }
        }
        false
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for assignee in assignees {
        match assignee {
            Assignee::Office { office_id } | Assignee::Role { office_id, .. } => {
                if let Some((id, level, _)) = offices.iter().find(|(id, _, _)| id == office_id)
                    && seen.insert(*id) {
                        out.push((*id, *level));
                    }
            }
            Assignee::Level { under, level } => {
                for (id, office_level, _) in &offices {
                    if office_level == level && is_below(*id, *under) && seen.insert(*id) {
                        out.push((*id, *office_level));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Makes the stored instances of `rule` exactly those its spec produces for `offices`, writing
/// only what differs, and returns how many instances it created (a rule beyond
/// [`MAX_INSTANCES_PER_RULE`] is refused).
pub(crate) fn rebuild_rule(
    conn: &Connection,
    rule: RuleId,
    spec: &RuleSpec,
    offices: &[(OfficeId, u8)],
    horizon: NaiveDate,
) -> Result<usize> {
    let by_level = occurrences_by_level(spec, offices, horizon)?;
    let existing: HashMap<InstanceId, (Option<NaiveDate>, NaiveDate, bool)> = conn
        .prepare_cached("SELECT id, starts_on, due_on, withdrawn FROM deadline_instances WHERE rule_id = ?1")?
        .query_map([rule], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? != 0))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut wanted = HashSet::new();
    let mut created = 0;
    let mut upsert = conn.prepare_cached(
        "INSERT INTO deadline_instances (id, rule_id, office_id, period, starts_on, due_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET starts_on = excluded.starts_on, due_on = excluded.due_on, withdrawn = 0",
    )?;
    for (office, level) in offices {
        for occurrence in by_level.get(level).into_iter().flatten() {
            let id = InstanceId::derive(rule, &occurrence.period, *office);
            match existing.get(&id) {
                Some(&(starts_on, due_on, withdrawn)) if starts_on == occurrence.starts_on && due_on == occurrence.due_on && !withdrawn => {}
                found => {
                    created += usize::from(found.is_none());
                    upsert.execute(params![id, rule, office, occurrence.period, occurrence.starts_on, occurrence.due_on])?;
                }
            }
            wanted.insert(id);
        }
    }
    for id in existing.into_keys().filter(|id| !wanted.contains(id)) {
        retire(conn, id)?;
    }
    Ok(created)
}

/// Removes every instance of a rule that is gone.
pub(crate) fn remove_rule_instances(conn: &Connection, rule: RuleId) -> Result<()> {
    let ids: Vec<InstanceId> = conn
        .prepare_cached("SELECT id FROM deadline_instances WHERE rule_id = ?1")?
        .query_map([rule], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        retire(conn, id)?;
    }
    Ok(())
}

/// Removes the instances of every rule of a deleted document's tasks.
pub(crate) fn remove_document_instances(conn: &Connection, document: &str) -> Result<()> {
    let rules: Vec<RuleId> = conn
        .prepare_cached("SELECT r.id FROM deadline_rules r JOIN tasks t ON t.id = r.task_id WHERE t.document_id = ?1")?
        .query_map([document], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for rule in rules {
        remove_rule_instances(conn, rule)?;
    }
    Ok(())
}

/// Deletes an instance nobody reported against, or marks it withdrawn so its report keeps a home.
fn retire(conn: &Connection, id: InstanceId) -> Result<()> {
    let has_report: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM reports WHERE instance_id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    if has_report {
        conn.prepare_cached("UPDATE deadline_instances SET withdrawn = 1 WHERE id = ?1")?.execute([id])?;
    } else {
        conn.prepare_cached("DELETE FROM deadline_instances WHERE id = ?1")?.execute([id])?;
    }
    Ok(())
}

/// Which rules to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rebuild {
    /// Open-ended recurring rules (the horizon moved).
    OpenEnded,
    /// Rules assigned by level (the office tree changed).
    AssignedByLevel,
}

/// Rebuilds the instances of the live rules in `scope`.
///
/// `created` hears how many instances each rule created, and may stop the work by an error (an
/// import bounds what a bundle may cause).
pub(crate) fn rebuild_rules(
    conn: &Connection,
    scope: Rebuild,
    horizon: NaiveDate,
    created: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<()> {
    let rules: Vec<(RuleId, String, String)> = conn
        .prepare_cached(
            "SELECT r.id, r.spec, t.id FROM deadline_rules r JOIN tasks t ON t.id = r.task_id
             WHERE r.deleted = 0 AND t.deleted = 0",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (rule, spec_json, task) in rules {
        let spec: RuleSpec = serde_json::from_str(&spec_json)
            .map_err(|e| crate::Error::invalid(format!("Hạn {rule} lưu sai định dạng: {e}")))?;
        let assignees = store::tasks::assignees(conn, task.parse()?)?;
        let wanted = match scope {
            Rebuild::OpenEnded => matches!(spec, RuleSpec::Recurring { until: None, .. }),
            Rebuild::AssignedByLevel => assignees.iter().any(|a| matches!(a, Assignee::Level { .. })),
        };
        if wanted {
            let offices = assigned_offices(conn, &assignees)?;
            created(rebuild_rule(conn, rule, &spec, &offices, horizon)?)?;
        }
    }
    Ok(())
}

/// The last day of next year: open-ended recurring rules are expanded this far.
pub fn horizon_for(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(today.year() + 1, 12, 31).unwrap_or(today)
}

impl Store {
    /// How far open-ended recurring rules are expanded.
    pub fn instances_horizon(&self) -> Result<NaiveDate> {
        let stored = settings::get(&self.conn, HORIZON_KEY)?;
        Ok(stored
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
            .unwrap_or_else(|| horizon_for(chrono::Local::now().date_naive())))
    }

    /// Moves the horizon to the end of next year as seen from `today` (at start-up) and expands
    /// open-ended recurring rules that far. Does nothing when it is already there.
    pub fn extend_instances_horizon(&mut self, today: NaiveDate) -> Result<NaiveDate> {
        let wanted = horizon_for(today);
        let stored = settings::get(&self.conn, HORIZON_KEY)?.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
        if stored.is_some_and(|s| s >= wanted) {
            return Ok(stored.unwrap_or(wanted));
        }
        self.transact(|tx| {
            settings::set(tx, HORIZON_KEY, &wanted.format("%Y-%m-%d").to_string())?;
            rebuild_rules(tx, Rebuild::OpenEnded, wanted, &mut |_| Ok(()))
        })?;
        Ok(wanted)
    }
}
