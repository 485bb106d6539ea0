//! The dated instances of deadline rules: one per assigned office and period, derived from the
//! rules and rebuilt whenever a rule, an assignment or the office tree changes. Instances that a
//! report already points at are never deleted; they are marked withdrawn instead.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use crate::model::rules::RuleSpec;
use crate::error::Result;
use crate::ids::{InstanceId, OfficeId, RuleId};
use crate::model::tasks::Assignee;
use crate::store::{self, Store, settings::{self, Setting}};

/// Most instances one rule may have (its periods × its offices): a monthly rule for 160 offices
/// over ten years. A rule beyond it is refused, whether typed in or imported, so that a few lines
/// of a plan cannot make a store write millions of rows.
pub const MAX_INSTANCES_PER_RULE: usize = 20_000;

/// An office a rule is assigned to, with the days its deadlines may fall due on: an office that
/// closed has none due from its closing day, and the office that inherited its deadlines has
/// them from that day (when it was assigned only through the closed one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AssignedOffice {
    pub office: OfficeId,
    pub level: u8,
    /// The first day a deadline may fall due on it, if bounded.
    pub from: Option<NaiveDate>,
    /// The day from which no deadline falls due on it, if bounded.
    pub until: Option<NaiveDate>,
}

impl AssignedOffice {
    fn holds(&self, due_on: NaiveDate) -> bool {
        self.from.is_none_or(|from| due_on >= from) && self.until.is_none_or(|until| due_on < until)
    }

    /// One office named twice (itself and as an heir): the wider of the two windows.
    fn widen(&mut self, other: &AssignedOffice) {
        self.from = self.from.zip(other.from).map(|(a, b)| a.min(b));
        self.until = self.until.zip(other.until).map(|(a, b)| a.max(b));
    }
}

/// The offices a rule's assignees stand for, and how far back its instances stay whatever the
/// tree says now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Assignment {
    pub offices: Vec<AssignedOffice>,
    /// A rule assigned to the offices below an office that closed (a dissolved district's plan
    /// for its communes): its instances due before that day stay, though the communes now sit
    /// elsewhere in the tree, since they are the past as it was.
    pub keep_before: Option<NaiveDate>,
}

/// The instances a rule would have for `offices`, each office's periods computed once per level.
fn occurrences_by_level(
    spec: &RuleSpec,
    offices: &[AssignedOffice],
    horizon: NaiveDate,
) -> Result<HashMap<u8, Vec<crate::model::rules::Occurrence>>> {
    let mut by_level = HashMap::new();
    let mut total = 0usize;
    for assigned in offices {
        let level = &assigned.level;
        if !by_level.contains_key(level) {
            by_level.insert(*level, spec.occurrences(*level, horizon)?);
        }
        total += by_level.get(level).map_or(0, |o: &Vec<crate::model::rules::Occurrence>| o.iter().filter(|o| assigned.holds(o.due_on)).count());
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
pub(crate) fn check_rule_size(spec: &RuleSpec, assignment: &Assignment, horizon: NaiveDate) -> Result<()> {
    occurrences_by_level(spec, &assignment.offices, horizon).map(|_| ())
}

/// The offices a set of assignees stands for, each once, with the days their deadlines may fall
/// due on. An office named by itself that closed passes its later deadlines to its successor
/// (and that one to its own, if it closed too); offices of a level are those of the tree, each
/// until it closed.
pub(crate) fn assigned_offices(conn: &Connection, assignees: &[Assignee]) -> Result<Assignment> {
    let tree = store::offices::tree(conn)?;
    let closures = store::offices::closures(conn)?;
    let mut index: HashMap<OfficeId, usize> = HashMap::new();
    let mut out: Vec<AssignedOffice> = Vec::new();
    let mut keep_before: Option<NaiveDate> = None;
    let mut add = |assigned: AssignedOffice, out: &mut Vec<AssignedOffice>| match index.get(&assigned.office) {
        Some(&i) => out[i].widen(&assigned),
        None => {
            index.insert(assigned.office, out.len());
            out.push(assigned);
        }
    };
    for assignee in assignees {
        match assignee {
            Assignee::Office { office_id } | Assignee::Role { office_id, .. } => {
                // The office, then its heirs, each from the day the one before closed.
                let mut current = Some(*office_id);
                let mut from = None;
                let mut seen = HashSet::new();
                while let Some(id) = current.filter(|id| seen.insert(*id)) {
                    let Some(level) = tree.level(id) else { break };
                    let closure = closures.get(&id);
                    add(AssignedOffice { office: id, level, from, until: closure.map(|c| c.0) }, &mut out);
                    from = closure.map(|c| c.0);
                    current = closure.and_then(|c| c.1);
                }
            }
            Assignee::Level { under, level } => {
                if let Some((closed, _)) = closures.get(under) {
                    keep_before = keep_before.max(Some(*closed));
                }
                for id in tree.at_level_below(*level, *under) {
                    let until = closures.get(&id).map(|c| c.0);
                    add(AssignedOffice { office: id, level: *level, from: None, until }, &mut out);
                }
            }
        }
    }
    Ok(Assignment { offices: out, keep_before })
}

/// Makes the stored instances of `rule` exactly those its spec produces for `offices`, writing
/// only what differs, and returns how many instances it created (a rule beyond
/// [`MAX_INSTANCES_PER_RULE`] is refused).
pub(crate) fn rebuild_rule(
    conn: &Connection,
    rule: RuleId,
    spec: &RuleSpec,
    assignment: &Assignment,
    horizon: NaiveDate,
) -> Result<usize> {
    let offices = &assignment.offices;
    let by_level = occurrences_by_level(spec, offices, horizon)?;
    let existing = store::deadline_instances::of_rule(conn, rule)?;
    let mut wanted = HashSet::new();
    let mut created = 0;
    for assigned in offices {
        let office = &assigned.office;
        for occurrence in by_level.get(&assigned.level).into_iter().flatten().filter(|o| assigned.holds(o.due_on)) {
            let id = InstanceId::derive(rule, &occurrence.period, *office);
            match existing.get(&id) {
                Some(&(starts_on, due_on, withdrawn)) if starts_on == occurrence.starts_on && due_on == occurrence.due_on && !withdrawn => {}
                found => {
                    created += usize::from(found.is_none());
                    store::deadline_instances::upsert(conn, id, rule, *office, &occurrence.period, occurrence.starts_on, occurrence.due_on)?;
                }
            }
            wanted.insert(id);
        }
    }
    for (id, (_, due_on, _)) in existing.into_iter().filter(|(id, _)| !wanted.contains(id)) {
        if assignment.keep_before.is_some_and(|keep| due_on < keep) {
            continue;
        }
        retire(conn, id)?;
    }
    Ok(created)
}

/// Removes every instance of a rule that is gone.
pub(crate) fn remove_rule_instances(conn: &Connection, rule: RuleId) -> Result<()> {
    for id in store::deadline_instances::ids_of_rule(conn, rule)? {
        retire(conn, id)?;
    }
    Ok(())
}

/// Removes the instances of every rule of a deleted document's tasks.
pub(crate) fn remove_document_instances(conn: &Connection, document: &str) -> Result<()> {
    for rule in store::tasks::rule_ids_of_document(conn, document)? {
        remove_rule_instances(conn, rule)?;
    }
    Ok(())
}

/// Deletes an instance nobody reported against, or marks it withdrawn so its report keeps a home.
fn retire(conn: &Connection, id: InstanceId) -> Result<()> {
    if store::reports::any_of_instance(conn, id)? {
        store::deadline_instances::withdraw(conn, id)
    } else {
        store::deadline_instances::delete(conn, id)
    }
}

/// Which rules to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rebuild {
    /// Open-ended recurring rules (the horizon moved).
    OpenEnded,
    /// Rules assigned by level, or to an office that closed (the office tree changed).
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
    let closed = if scope == Rebuild::AssignedByLevel { store::offices::closures(conn)? } else { HashMap::new() };
    for (rule, spec_json, task) in store::tasks::live_rules(conn)? {
        let spec: RuleSpec = serde_json::from_str(&spec_json)
            .map_err(|e| crate::Error::Internal(format!("hạn {rule} lưu sai định dạng ({e})")))?;
        let assignees = store::tasks::assignees(conn, task)?;
        let wanted = match scope {
            Rebuild::OpenEnded => matches!(spec, RuleSpec::Recurring { until: None, .. }),
            Rebuild::AssignedByLevel => assignees.iter().any(|a| match a {
                Assignee::Level { .. } => true,
                Assignee::Office { office_id } | Assignee::Role { office_id, .. } => closed.contains_key(office_id),
            }),
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
        let stored = settings::get(&self.conn, Setting::InstancesUntil)?;
        Ok(stored
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
            .unwrap_or_else(|| horizon_for(chrono::Local::now().date_naive())))
    }

    /// Moves the horizon to the end of next year as seen from `today` (at start-up) and expands
    /// open-ended recurring rules that far. Does nothing when it is already there.
    pub fn extend_instances_horizon(&mut self, today: NaiveDate) -> Result<NaiveDate> {
        let wanted = horizon_for(today);
        let stored = settings::get(&self.conn, Setting::InstancesUntil)?.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
        if stored.is_some_and(|s| s >= wanted) {
            return Ok(stored.unwrap_or(wanted));
        }
        self.transact(|tx| {
            settings::set(tx, Setting::InstancesUntil, &wanted.format("%Y-%m-%d").to_string())?;
            rebuild_rules(tx, Rebuild::OpenEnded, wanted, &mut |_| Ok(()))
        })?;
        Ok(wanted)
    }
}
