//! Rows of `tasks`, `task_assignees`, `deadline_rules` and `deadline_rule_changes`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::Result;
use crate::model::outlines::ReportOutline;
use crate::model::rules::RuleSpec;
use crate::ids::{DocumentId, InstanceId, OfficeId, RuleId, TaskId};
use crate::model::tasks::{Assignee, DeadlineRule, DeadlineRuleInput, RuleChange, Task, ValidTask};

fn spec_json(spec: &RuleSpec) -> String {
    serde_json::to_string(spec).unwrap_or_default()
}

fn spec_from_sql(text: String) -> rusqlite::Result<RuleSpec> {
    serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn next_position(conn: &Connection, document: DocumentId) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(position) + 1, 0) FROM tasks WHERE document_id = ?1")?
        .query_row([document], |r| r.get(0))?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    conn: &Connection,
    id: TaskId,
    document: DocumentId,
    position: i64,
    task: &ValidTask,
    owner: OfficeId,
    now: &str,
    seq: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tasks (id, document_id, position, title, description, report_to_office_id, owner_office_id,
                            updated_at, change_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![id, document, position, task.title, task.description, task.report_to, owner, now, seq])?;
    set_assignees(conn, id, &task.assignees)
}

pub(crate) fn update(conn: &Connection, id: TaskId, task: &ValidTask, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE tasks SET title = ?2, description = ?3, report_to_office_id = ?4, updated_at = ?5, change_seq = ?6
         WHERE id = ?1",
    )?
    .execute(params![id, task.title, task.description, task.report_to, now, seq])?;
    set_assignees(conn, id, &task.assignees)
}

pub(crate) fn tombstone(conn: &Connection, id: TaskId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE tasks SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
        .execute(params![id, now, seq])?;
    Ok(())
}

fn set_assignees(conn: &Connection, task: TaskId, assignees: &[Assignee]) -> Result<()> {
    conn.prepare_cached("DELETE FROM task_assignees WHERE task_id = ?1")?.execute([task])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO task_assignees (task_id, position, office_id, level, role) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (position, assignee) in assignees.iter().enumerate() {
        let (office, level, role) = match assignee {
            Assignee::Office { office_id } => (*office_id, None, None),
            Assignee::Level { under, level } => (*under, Some(*level), None),
            Assignee::Role { office_id, role } => (*office_id, None, Some(role.as_str())),
        };
        insert.execute(params![task, position as i64, office, level, role])?;
    }
    Ok(())
}

pub(crate) fn assignees(conn: &Connection, task: TaskId) -> Result<Vec<Assignee>> {
    let mut stmt =
        conn.prepare_cached("SELECT office_id, level, role FROM task_assignees WHERE task_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([task], |r| {
        let office: OfficeId = r.get(0)?;
        Ok(match (r.get::<_, Option<u8>>(1)?, r.get::<_, Option<String>>(2)?) {
            (Some(level), _) => Assignee::Level { under: office, level },
            (None, Some(role)) => Assignee::Role { office_id: office, role },
            (None, None) => Assignee::Office { office_id: office },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_rule(
    conn: &Connection,
    id: RuleId,
    task: TaskId,
    position: usize,
    rule: &DeadlineRuleInput,
    passed_down_from: Option<InstanceId>,
    owner: OfficeId,
    now: &str,
    seq: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO deadline_rules (id, task_id, position, label, spec, source_text, passed_down_from,
                                     owner_office_id, updated_at, change_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        task,
        position as i64,
        rule.label,
        spec_json(&rule.spec),
        rule.source_text,
        passed_down_from,
        owner,
        now,
        seq
    ])?;
    Ok(())
}

pub(crate) fn update_rule(
    conn: &Connection,
    id: RuleId,
    position: usize,
    rule: &DeadlineRuleInput,
    now: &str,
    seq: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE deadline_rules SET position = ?2, label = ?3, spec = ?4, source_text = ?5, updated_at = ?6,
                                   change_seq = ?7
         WHERE id = ?1",
    )?
    .execute(params![id, position as i64, rule.label, spec_json(&rule.spec), rule.source_text, now, seq])?;
    Ok(())
}

/// Sets (or clears) the outline of a rule, leaving its modification time to the caller: a rule
/// written with its plan keeps the plan's time, an outline edited later goes through
/// [`touch_rule`].
pub(crate) fn set_rule_outline(conn: &Connection, id: RuleId, outline: Option<&ReportOutline>) -> Result<()> {
    let json = outline.map(|o| serde_json::to_string(o).unwrap_or_default());
    conn.prepare_cached("UPDATE deadline_rules SET outline = ?2 WHERE id = ?1")?.execute(params![id, json])?;
    Ok(())
}

/// Marks a rule changed (it travels in the next bundle).
pub(crate) fn touch_rule(conn: &Connection, id: RuleId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE deadline_rules SET updated_at = ?2, change_seq = ?3 WHERE id = ?1")?.execute(params![id, now, seq])?;
    Ok(())
}

/// The outline of a rule, live or not; `None` when it has none (or the rule is unknown).
pub(crate) fn rule_outline(conn: &Connection, id: RuleId) -> Result<Option<ReportOutline>> {
    let text: Option<Option<String>> =
        conn.prepare_cached("SELECT outline FROM deadline_rules WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
    Ok(text.flatten().and_then(|t| serde_json::from_str(&t).ok()))
}

/// The owner of a live rule.
pub(crate) fn rule_owner(conn: &Connection, id: RuleId) -> Result<Option<OfficeId>> {
    Ok(conn
        .prepare_cached("SELECT owner_office_id FROM deadline_rules WHERE id = ?1 AND deleted = 0")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn tombstone_rule(conn: &Connection, id: RuleId, now: &str, seq: i64) -> Result<()> {
    conn.prepare_cached("UPDATE deadline_rules SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE id = ?1")?
        .execute(params![id, now, seq])?;
    Ok(())
}

pub(crate) fn add_rule_change(conn: &Connection, rule: RuleId, now: &str, previous: &RuleSpec, note: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO deadline_rule_changes (rule_id, position, changed_at, previous_spec, note)
         SELECT ?1, coalesce(max(position) + 1, 0), ?2, ?3, ?4 FROM deadline_rule_changes WHERE rule_id = ?1",
    )?
    .execute(params![rule, now, spec_json(previous), note])?;
    Ok(())
}

fn rule_changes(conn: &Connection, rule: RuleId) -> Result<Vec<RuleChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT changed_at, previous_spec, note FROM deadline_rule_changes WHERE rule_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([rule], |r| {
        Ok(RuleChange { changed_at: r.get(0)?, previous: spec_from_sql(r.get(1)?)?, note: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn rules(conn: &Connection, task: TaskId) -> Result<Vec<DeadlineRule>> {
    let levels = crate::store::offices::levels(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, label, spec, source_text, passed_down_from, outline FROM deadline_rules
         WHERE task_id = ?1 AND deleted = 0 ORDER BY position",
    )?;
    let rows: Vec<DeadlineRule> = stmt
        .query_map([task], |r| {
            let spec = spec_from_sql(r.get(2)?)?;
            Ok(DeadlineRule {
                id: r.get(0)?,
                label: r.get(1)?,
                description: spec.describe_with_levels(&levels),
                spec,
                source_text: r.get(3)?,
                passed_down_from: r.get(4)?,
                history: Vec::new(),
                outline: r.get::<_, Option<String>>(5)?.and_then(|t| serde_json::from_str(&t).ok()),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|mut rule| {
            rule.history = rule_changes(conn, rule.id)?;
            Ok(rule)
        })
        .collect()
}

const TASK_COLUMNS: &str = "id, document_id, title, description, report_to_office_id, owner_office_id";

fn row_to_task(r: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        document_id: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        report_to_office_id: r.get(4)?,
        owner_office_id: r.get(5)?,
        assignees: Vec::new(),
        deadlines: Vec::new(),
    })
}

fn complete(conn: &Connection, mut task: Task) -> Result<Task> {
    task.assignees = assignees(conn, task.id)?;
    task.deadlines = rules(conn, task.id)?;
    Ok(task)
}

pub(crate) fn get(conn: &Connection, id: TaskId) -> Result<Option<Task>> {
    let task = conn
        .prepare_cached(&format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1 AND deleted = 0"))?
        .query_row([id], row_to_task)
        .optional()?;
    task.map(|t| complete(conn, t)).transpose()
}

pub(crate) fn of_document(conn: &Connection, document: DocumentId) -> Result<Vec<Task>> {
    let tasks: Vec<Task> = conn
        .prepare_cached(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks WHERE document_id = ?1 AND deleted = 0 ORDER BY position"
        ))?
        .query_map([document], row_to_task)?
        .collect::<rusqlite::Result<_>>()?;
    tasks.into_iter().map(|t| complete(conn, t)).collect()
}

/// Every live rule of a live task: (rule, its spec as stored, its task).
pub(crate) fn live_rules(conn: &Connection) -> Result<Vec<(RuleId, String, TaskId)>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id, r.spec, t.id FROM deadline_rules r JOIN tasks t ON t.id = r.task_id
             WHERE r.deleted = 0 AND t.deleted = 0",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The rules of a document's tasks, live or not.
pub(crate) fn rule_ids_of_document(conn: &Connection, document: &str) -> Result<Vec<RuleId>> {
    Ok(conn
        .prepare_cached("SELECT r.id FROM deadline_rules r JOIN tasks t ON t.id = r.task_id WHERE t.document_id = ?1")?
        .query_map([document], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The office that owns a task.
pub(crate) fn owner_of(conn: &Connection, id: TaskId) -> Result<Option<OfficeId>> {
    Ok(conn.prepare_cached("SELECT owner_office_id FROM tasks WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// The document of a rule's task and the rule's label.
pub(crate) fn rule_document_and_label(conn: &Connection, rule: RuleId) -> Result<Option<(DocumentId, String)>> {
    Ok(conn
        .prepare_cached("SELECT t.document_id, r.label FROM deadline_rules r JOIN tasks t ON t.id = r.task_id WHERE r.id = ?1")?
        .query_row([rule], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The rules of a task, live or not.
pub(crate) fn rule_ids_of_task(conn: &Connection, task: &str) -> Result<Vec<String>> {
    Ok(conn.prepare_cached("SELECT id FROM deadline_rules WHERE task_id = ?1")?.query_map([task], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// A rule's spec as stored, its task, and whether the rule or the task is deleted.
pub(crate) fn rule_with_task(conn: &Connection, rule: &str) -> Result<Option<(String, String, bool, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.spec, t.id, r.deleted, t.deleted FROM deadline_rules r JOIN tasks t ON t.id = r.task_id WHERE r.id = ?1",
        )?
        .query_row([rule], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0, r.get::<_, i64>(3)? != 0)))
        .optional()?)
}
