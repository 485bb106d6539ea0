//! The plan JSON file: a plan with its metadata, tasks, assignees and deadline rules, naming
//! offices by code so that the same file means the same thing in every office's store.
//! Specified in `docs/plan-json.md`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::outlines::ReportOutline;
use crate::model::rules::RuleSpec;
use crate::documents::{Document, DocumentInput, write_document};
use crate::error::{Error, Result};
use crate::ids::{DocumentId, OfficeId, RuleId, TaskId};
use crate::plans::tasks::{Assignee, DeadlineRuleInput, TaskInput, write_rules};
use crate::store::{self, Store};

/// The `format` value of this version of the file.
pub const PLAN_FORMAT: &str = "sokehoach.plan/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PlanFile {
    pub format: String,
    pub document: DocumentInput,
    #[serde(default)]
    pub tasks: Vec<PlanTask>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PlanTask {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub assignees: Vec<PlanAssignee>,
    /// Code of the office reports go to; our own office when absent.
    #[serde(default)]
    pub report_to: Option<String>,
    #[serde(default)]
    pub deadlines: Vec<PlanDeadline>,
}

/// An assignee by office code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub enum PlanAssignee {
    /// `{"kind": "office", "code": "TDG"}`
    Office { code: String },
    /// `{"kind": "level", "under": "LCU", "level": 2}`: every office of level 2 under LCU.
    Level { under: String, level: u8 },
    /// `{"kind": "role", "role": "Phó Chủ tịch Thường trực"}`: a role or person inside our own
    /// office; the deadlines are our office's, shown and printed with the role.
    Role { role: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PlanDeadline {
    pub label: String,
    pub rule: RuleSpec,
    #[serde(default)]
    pub source_text: String,
    /// Earlier dates this deadline replaced ("thay cho thời hạn cũ 30/11/2016"), oldest first.
    #[serde(default)]
    pub history: Vec<PlanRuleChange>,
    /// The outline (đề cương) the report must follow, when the plan gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub outline: Option<ReportOutline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PlanRuleChange {
    pub previous: RuleSpec,
    #[serde(default)]
    pub note: String,
}

impl PlanFile {
    /// Reads a plan file, with a Vietnamese message saying where it is wrong.
    pub fn from_json(text: &str) -> Result<PlanFile> {
        let plan: PlanFile = serde_json::from_str(text).map_err(|e| {
            Error::invalid(format!("Tệp kế hoạch không đúng định dạng (dòng {}, cột {}): {e}.", e.line(), e.column()))
        })?;
        if plan.format != PLAN_FORMAT {
            return Err(Error::invalid(format!(
                "Tệp kế hoạch có định dạng «{}», chương trình này đọc «{PLAN_FORMAT}». Hãy cập nhật Sổ Kế Hoạch.",
                plan.format
            )));
        }
        Ok(plan)
    }
}

impl Store {
    /// Stores a plan with its tasks and deadlines in one transaction: all of it, or on any
    /// mistake (an unknown office code, an impossible date) none of it.
    pub fn add_plan(&mut self, plan: &PlanFile) -> Result<Document> {
        if plan.format != PLAN_FORMAT {
            return Err(Error::invalid(format!("Định dạng kế hoạch «{}» không được hỗ trợ.", plan.format)));
        }
        let owner = self.require_own_office()?.id;
        let code = |code: &str| -> Result<OfficeId> {
            self.office_by_code(code).map(|o| o.id).map_err(|_| {
                Error::invalid(format!("Không có đơn vị mã «{code}» trong danh sách đơn vị. Hãy thêm đơn vị đó trước."))
            })
        };
        let mut tasks = Vec::new();
        for task in &plan.tasks {
            let assignees = task
                .assignees
                .iter()
                .map(|a| match a {
                    PlanAssignee::Office { code: c } => Ok(Assignee::Office { office_id: code(c)? }),
                    PlanAssignee::Level { under, level } => Ok(Assignee::Level { under: code(under)?, level: *level }),
                    PlanAssignee::Role { role } => Ok(Assignee::Role { office_id: owner, role: role.clone() }),
                })
                .collect::<Result<Vec<_>>>()?;
            let input = TaskInput {
                title: task.title.clone(),
                description: task.description.clone(),
                assignees,
                report_to_office_id: task.report_to.as_deref().map(code).transpose()?,
                deadlines: task
                    .deadlines
                    .iter()
                    .map(|d| DeadlineRuleInput {
                        id: None,
                        label: d.label.clone(),
                        spec: d.rule.clone(),
                        source_text: d.source_text.clone(),
                        change_note: String::new(),
                    })
                    .collect(),
            };
            let valid = self.validate_task(owner, &input)?;
            for d in &task.deadlines {
                for change in &d.history {
                    change.previous.validate()?;
                }
            }
            let outlines = task.deadlines.iter().map(|d| d.outline.as_ref().map(ReportOutline::validated).transpose()).collect::<Result<Vec<_>>>()?;
            tasks.push((valid, task, outlines));
        }
        let horizon = self.instances_horizon()?;
        let id = DocumentId::new();
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            write_document(tx, id, owner, &plan.document, &now, seq)?;
            for (position, (mut valid, source, outlines)) in tasks.into_iter().enumerate() {
                let task_id = TaskId::new();
                for rule in &mut valid.deadlines {
                    rule.id = Some(RuleId::new());
                }
                store::tasks::insert(tx, task_id, id, position as i64, &valid, owner, &now, seq)?;
                write_rules(tx, task_id, &valid, owner, None, &now, seq, horizon)?;
                for ((rule, deadline), outline) in valid.deadlines.iter().zip(&source.deadlines).zip(&outlines) {
                    let rule_id = rule.id.unwrap_or_default();
                    for change in &deadline.history {
                        store::tasks::add_rule_change(tx, rule_id, &now, &change.previous, &change.note)?;
                    }
                    if let Some(outline) = outline {
                        store::tasks::set_rule_outline(tx, rule_id, Some(outline))?;
                    }
                }
            }
            Ok(())
        })?;
        self.get_document(id)
    }
}
