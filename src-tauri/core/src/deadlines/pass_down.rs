//! Passing a deadline down: an office that owes a report to the level above asks its sub-offices
//! for theirs a few working days earlier, linked to the deadline above so the chain is visible.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::rules::RuleSpec;
use crate::deadlines::instances;
use crate::error::{Error, OrNotFound, Result};
use crate::ids::{InstanceId, OfficeId, RuleId, TaskId};
use crate::plans::tasks::{Assignee, DeadlineRuleInput, Task, TaskInput};
use crate::store::{self, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PassDownInput {
    /// Our own deadline, received from the level above.
    pub instance_id: InstanceId,
    /// The sub-offices' date; by default the configured number of working days earlier.
    #[ts(type = "string | null")]
    pub due_on: Option<NaiveDate>,
    /// Who must report to us; by default every direct sub-office.
    #[serde(default)]
    pub assignees: Vec<Assignee>,
}

/// An office passes down only a deadline of its own (one it owes the level above): `upper_office`
/// is the office of the deadline passed down, `owner` the office passing it down.
pub(crate) fn check_passed_down_from(upper_office: OfficeId, owner: OfficeId) -> Result<()> {
    if upper_office == owner {
        return Ok(());
    }
    Err(Error::invalid("Chỉ chuyển xuống được hạn mà đơn vị mình phải nộp lên cấp trên."))
}

impl Store {
    /// The date sub-offices get by default for a deadline of ours due on `upper_due`.
    pub fn default_pass_down_date(&self, upper_due: NaiveDate) -> Result<NaiveDate> {
        let days = self.tracking_settings()?.pass_down_working_days;
        Ok(self.calendar()?.working_days_before(upper_due, days))
    }

    /// Creates, in the same plan, a task for our sub-offices with an earlier date, linked to our
    /// deadline above.
    pub fn pass_down(&mut self, input: &PassDownInput) -> Result<Task> {
        let own = self.require_own_office()?;
        let upper = self.instance_row(input.instance_id)?;
        check_passed_down_from(upper.office_id, own.id)?;
        if upper.withdrawn {
            return Err(Error::invalid("Hạn này đã bị bỏ khỏi kế hoạch; không chuyển xuống được."));
        }
        let due_on = match input.due_on {
            Some(date) => date,
            None => self.default_pass_down_date(upper.due_on)?,
        };
        if due_on > upper.due_on {
            return Err(Error::invalid(format!(
                "Hạn cho cấp dưới ({}) phải không muộn hơn hạn của cấp trên ({}).",
                due_on.format("%d/%m/%Y"),
                upper.due_on.format("%d/%m/%Y")
            )));
        }
        let assignees = if input.assignees.is_empty() {
            let children: Vec<OfficeId> =
                self.list_offices()?.into_iter().filter(|o| o.parent_id == Some(own.id)).map(|o| o.id).collect();
            if children.is_empty() {
                return Err(Error::invalid("Đơn vị chưa có đơn vị cấp dưới nào để chuyển hạn xuống."));
            }
            children.into_iter().map(|office_id| Assignee::Office { office_id }).collect()
        } else {
            input.assignees.clone()
        };
        let (document, upper_label) =
            store::tasks::rule_document_and_label(&self.conn, upper.rule_id)?.or_not_found("hạn", upper.rule_id)?;
        let document_owner = store::documents::owner(&self.conn, document)?.unwrap_or(own.id);
        let task = self.validate_task(document_owner, &TaskInput {
            title: upper_label.clone(),
            description: format!(
                "Cấp dưới báo cáo về {} để tổng hợp báo cáo cấp trên (hạn cấp trên {}).",
                own.name,
                upper.due_on.format("%d/%m/%Y")
            ),
            assignees,
            report_to_office_id: Some(own.id),
            deadlines: vec![DeadlineRuleInput {
                id: None,
                label: upper_label,
                spec: RuleSpec::Date { due: due_on },
                source_text: String::new(),
                change_note: String::new(),
            }],
        })?;
        let horizon = self.instances_horizon()?;
        let task_id = TaskId::new();
        let rule_id = RuleId::new();
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            let position = store::tasks::next_position(tx, document)?;
            store::tasks::insert(tx, task_id, document, position, &task, own.id, &now, seq)?;
            let rule = &task.deadlines[0];
            store::tasks::insert_rule(tx, rule_id, task_id, 0, rule, Some(input.instance_id), own.id, &now, seq)?;
            // The offices below write to the same outline as the report above.
            store::tasks::set_rule_outline(tx, rule_id, store::tasks::rule_outline(tx, upper.rule_id)?.as_ref())?;
            let offices = instances::assigned_offices(tx, &task.assignees)?;
            instances::rebuild_rule(tx, rule_id, &rule.spec, &offices, horizon).map(|_| ())
        })?;
        self.get_task(task_id)
    }
}
