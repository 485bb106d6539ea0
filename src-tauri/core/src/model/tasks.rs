//! A plan's tasks (Tổ chức thực hiện) as records: who each is assigned to and its deadline rules.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{DocumentId, InstanceId, OfficeId, RuleId, TaskId};
use crate::model::outlines::ReportOutline;
use crate::model::rules::RuleSpec;

/// Who a task is assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Assignee {
    /// One office.
    #[serde(rename_all = "camelCase")]
    Office { office_id: OfficeId },
    /// Every office of a level below an office: "Hội LHPN các huyện, thị xã, thành phố".
    #[serde(rename_all = "camelCase")]
    Level { under: OfficeId, level: u8 },
    /// A role or person inside an office ("Phó Chủ tịch Thường trực", "chuyên viên Ban Tổ
    /// chức"): the deadlines are that office's own, shown and printed with the role — a
    /// checklist for the office's own staff.
    #[serde(rename_all = "camelCase")]
    Role { office_id: OfficeId, role: String },
}

impl Assignee {
    /// The role, for an assignee inside an office.
    pub fn role(&self) -> Option<&str> {
        match self {
            Assignee::Role { role, .. } => Some(role),
            _ => None,
        }
    }
}

/// An earlier version of a rule, kept when its date changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RuleChange {
    pub changed_at: String,
    pub previous: RuleSpec,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeadlineRule {
    pub id: RuleId,
    /// What is due: "Báo cáo 6 tháng", "Báo cáo sơ kết 5 năm".
    pub label: String,
    pub spec: RuleSpec,
    /// The rule in words: "Hằng năm, trước ngày 30/11".
    pub description: String,
    /// The sentence of the plan it came from.
    pub source_text: String,
    /// The deadline above this one was passed down from, if any.
    pub passed_down_from: Option<InstanceId>,
    pub history: Vec<RuleChange>,
    /// The outline the report must follow, when the plan gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub outline: Option<ReportOutline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeadlineRuleInput {
    /// The rule being edited; absent for a new rule.
    pub id: Option<RuleId>,
    pub label: String,
    pub spec: RuleSpec,
    #[serde(default)]
    pub source_text: String,
    /// Why the date changed, recorded in the history when the spec differs from the stored one.
    #[serde(default)]
    pub change_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub assignees: Vec<Assignee>,
    /// The office reports go to; our own office when absent.
    #[serde(default)]
    pub report_to_office_id: Option<OfficeId>,
    pub deadlines: Vec<DeadlineRuleInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Task {
    pub id: TaskId,
    pub document_id: DocumentId,
    pub title: String,
    pub description: String,
    pub assignees: Vec<Assignee>,
    pub report_to_office_id: Option<OfficeId>,
    pub owner_office_id: OfficeId,
    pub deadlines: Vec<DeadlineRule>,
}

/// A task checked and cleaned, ready to write.
pub(crate) struct ValidTask {
    pub title: String,
    pub description: String,
    pub assignees: Vec<Assignee>,
    pub report_to: Option<OfficeId>,
    pub deadlines: Vec<DeadlineRuleInput>,
}
