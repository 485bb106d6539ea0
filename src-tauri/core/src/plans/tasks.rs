//! Tasks of a plan (Tổ chức thực hiện): each assigned to offices, each with deadline rules. Saving a
//! task rebuilds the dated instances of its rules in the same transaction.


use crate::deadlines::instances;
use crate::error::{Error, OrNotFound, Result};
use crate::ids::{DocumentId, OfficeId, RuleId, TaskId};
use crate::model::outlines::ReportOutline;
use crate::offices::{self, OfficeTree};
use crate::store::{self, Store};
use crate::text::clean;

pub(crate) use crate::model::tasks::ValidTask;
pub use crate::model::tasks::{Assignee, DeadlineRule, DeadlineRuleInput, RuleChange, Task, TaskInput};


impl Store {
    /// [`validated_task`] for a task of this office on a plan owned by `document_owner`.
    pub(crate) fn validate_task(&self, document_owner: OfficeId, input: &TaskInput) -> Result<ValidTask> {
        validated_task(&self.conn, &store::offices::tree(&self.conn)?, self.require_own_office()?.id, document_owner, input)
    }

    /// The office that owns a document, live or not.
    fn document_owner(&self, document: DocumentId) -> Result<OfficeId> {
        store::documents::owner(&self.conn, document)?.or_not_found("văn bản", document)
    }

    /// Adds a task to a plan and expands its deadlines.
    pub fn add_task(&mut self, document: DocumentId, input: &TaskInput) -> Result<Task> {
        let document_owner = self.get_document(document)?.owner_office_id;
        let owner = self.require_own_office()?.id;
        let task = self.validate_task(document_owner, input)?;
        let horizon = self.instances_horizon()?;
        let id = TaskId::new();
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            let position = store::tasks::next_position(tx, document)?;
            store::tasks::insert(tx, id, document, position, &task, owner, &now, seq)?;
            write_rules(tx, id, &task, owner, None, &now, seq, horizon)
        })?;
        self.get_task(id)
    }

    /// Saves a task: rules matched by id are updated (a changed date goes into the rule's
    /// history), new ones added, missing ones removed; instances follow.
    pub fn update_task(&mut self, id: TaskId, input: &TaskInput) -> Result<Task> {
        let existing = self.get_task(id)?;
        self.require_owner(existing.owner_office_id, "nhiệm vụ")?;
        let task = self.validate_task(self.document_owner(existing.document_id)?, input)?;
        for rule in &task.deadlines {
            if let Some(rule_id) = rule.id
                && !existing.deadlines.iter().any(|r| r.id == rule_id) {
                    return Err(Error::NotFound { what: "hạn của nhiệm vụ này", id: rule_id.to_string() });
                }
        }
        let horizon = self.instances_horizon()?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            store::tasks::update(tx, id, &task, &now, seq)?;
            for old in existing.deadlines.iter().filter(|r| !task.deadlines.iter().any(|n| n.id == Some(r.id))) {
                store::tasks::tombstone_rule(tx, old.id, &now, seq)?;
                instances::remove_rule_instances(tx, old.id)?;
            }
            write_rules(tx, id, &task, existing.owner_office_id, Some(&existing.deadlines), &now, seq, horizon)
        })?;
        self.get_task(id)
    }

    /// Deletes a task (tombstone) with its rules; instances with a report stay, withdrawn.
    pub fn delete_task(&mut self, id: TaskId) -> Result<()> {
        let existing = self.get_task(id)?;
        self.require_owner(existing.owner_office_id, "nhiệm vụ")?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            for rule in &existing.deadlines {
                store::tasks::tombstone_rule(tx, rule.id, &now, seq)?;
                instances::remove_rule_instances(tx, rule.id)?;
            }
            store::tasks::tombstone(tx, id, &now, seq)
        })
    }

    /// Sets the outline (đề cương) the report of a rule must follow, or clears it (`None`). Only
    /// the rule's owner changes it; the change travels in the next bundle with the rule.
    pub fn set_rule_outline(&mut self, rule: RuleId, outline: Option<&ReportOutline>) -> Result<Option<ReportOutline>> {
        let owner = store::tasks::rule_owner(&self.conn, rule)?.or_not_found("hạn", rule)?;
        self.require_owner(owner, "hạn")?;
        let outline = outline.map(ReportOutline::validated).transpose()?;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            store::tasks::set_rule_outline(tx, rule, outline.as_ref())?;
            store::tasks::touch_rule(tx, rule, &store::now(), seq)
        })?;
        Ok(outline)
    }

    /// The outline of a rule, when it has one.
    pub fn rule_outline(&self, rule: RuleId) -> Result<Option<ReportOutline>> {
        store::tasks::rule_outline(&self.conn, rule)
    }

    pub fn get_task(&self, id: TaskId) -> Result<Task> {
        store::tasks::get(&self.conn, id).or_not_found("nhiệm vụ", id)
    }

    /// The tasks of a plan in their order.
    pub fn tasks_of_document(&self, document: DocumentId) -> Result<Vec<Task>> {
        store::tasks::of_document(&self.conn, document)
    }
}

/// Checks a task of `owner` on a plan of `document_owner` — typed here, read from a plan file, passed
/// down or received in a bundle — and returns it cleaned. A task goes on a plan of its owner or one
/// the levels above sent down (passing a deadline down), and is assigned only to its owner or the
/// offices below it: no office makes deadlines for a sibling or for the level above.
pub(crate) fn validated_task(
    conn: &rusqlite::Connection,
    tree: &OfficeTree,
    owner: OfficeId,
    document_owner: OfficeId,
    input: &TaskInput,
) -> Result<ValidTask> {
    let title = clean(&input.title);
    if title.is_empty() {
        return Err(Error::invalid("Tên nhiệm vụ không được để trống."));
    }
    if !tree.within(owner, document_owner) {
        return Err(Error::invalid(format!(
            "Nhiệm vụ «{title}» không thêm được vào kế hoạch của «{}»: «{}» chỉ thêm nhiệm vụ vào kế hoạch của mình \
             hoặc kế hoạch cấp trên gửi xuống.",
            offices::name_of(conn, document_owner)?,
            offices::name_of(conn, owner)?
        )));
    }
    if input.assignees.is_empty() {
        return Err(Error::invalid(format!("Nhiệm vụ «{title}» chưa giao cho đơn vị nào.")));
    }
    let levels = store::offices::levels(conn)?;
    let live = |id: OfficeId| store::offices::get(conn, id, None)?.or_not_found("đơn vị", id);
    for assignee in &input.assignees {
        let office = match assignee {
            Assignee::Office { office_id } => live(*office_id)?,
            Assignee::Role { office_id, role } => {
                if clean(role).is_empty() {
                    return Err(Error::invalid(format!("Nhiệm vụ «{title}»: hãy nhập chức danh hoặc người thực hiện.")));
                }
                live(*office_id)?
            }
            Assignee::Level { under, level } => {
                let office = live(*under)?;
                if !levels.iter().any(|l| l.rank == *level) || *level <= office.level {
                    return Err(Error::invalid(format!(
                        "Không giao được cho «cấp {level} thuộc {}»: cấp phải thấp hơn cấp của đơn vị đó.",
                        office.name
                    )));
                }
                office
            }
        };
        if !tree.within(office.id, owner) {
            return Err(Error::invalid(format!(
                "Nhiệm vụ «{title}» không giao được cho «{}»: «{}» chỉ giao việc cho chính mình và các đơn vị cấp dưới.",
                office.name,
                offices::name_of(conn, owner)?
            )));
        }
    }
    if let Some(office) = input.report_to_office_id {
        live(office)?;
    }
    let mut deadlines = Vec::with_capacity(input.deadlines.len());
    for rule in &input.deadlines {
        rule.spec.validate()?;
        let label = clean(&rule.label);
        deadlines.push(DeadlineRuleInput {
            id: rule.id,
            label: if label.is_empty() { title.clone() } else { label },
            spec: rule.spec.clone(),
            source_text: clean(&rule.source_text),
            change_note: clean(&rule.change_note),
        });
    }
    Ok(ValidTask {
        title,
        description: clean(&input.description),
        assignees: input
            .assignees
            .iter()
            .map(|a| match a {
                Assignee::Role { office_id, role } => Assignee::Role { office_id: *office_id, role: clean(role) },
                other => other.clone(),
            })
            .collect(),
        report_to: input.report_to_office_id,
        deadlines,
    })
}

/// Writes the rules of a task and rebuilds their instances.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_rules(
    tx: &rusqlite::Transaction<'_>,
    task_id: TaskId,
    task: &ValidTask,
    owner: OfficeId,
    existing: Option<&[DeadlineRule]>,
    now: &str,
    seq: i64,
    horizon: chrono::NaiveDate,
) -> Result<()> {
    let offices = instances::assigned_offices(tx, &task.assignees)?;
    for (position, rule) in task.deadlines.iter().enumerate() {
        let previous = rule.id.and_then(|id| existing.and_then(|rules| rules.iter().find(|r| r.id == id)));
        let rule_id = match previous {
            Some(old) => {
                if old.spec != rule.spec {
                    let note = if rule.change_note.is_empty() { "Đổi thời hạn".to_string() } else { rule.change_note.clone() };
                    store::tasks::add_rule_change(tx, old.id, now, &old.spec, &note)?;
                }
                store::tasks::update_rule(tx, old.id, position, rule, now, seq)?;
                old.id
            }
            None => {
                let id = rule.id.unwrap_or_default();
                store::tasks::insert_rule(tx, id, task_id, position, rule, None, owner, now, seq)?;
                id
            }
        };
        instances::rebuild_rule(tx, rule_id, &rule.spec, &offices, horizon)?;
    }
    Ok(())
}
