//! What a list of deadlines asks for.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{DocumentId, OfficeId, TaskId};

/// Which instances to list; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct DeadlineQuery {
    pub office_ids: Option<Vec<OfficeId>>,
    pub document_id: Option<DocumentId>,
    pub task_id: Option<TaskId>,
    #[ts(type = "string | null")]
    pub due_from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub due_to: Option<NaiveDate>,
    /// Only instances with no report yet.
    pub open_only: bool,
    pub limit: Option<u32>,
}
