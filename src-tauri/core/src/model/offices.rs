//! The office tree's records: levels, offices and what a user enters for them. Levels are data
//! (renamable, any number of them): the only rule is that a parent sits at a higher level.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::OfficeId;

/// One level of the office tree: rank 0 is the top (Trung ương).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LevelName {
    pub rank: u8,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Office {
    pub id: OfficeId,
    pub code: String,
    pub name: String,
    pub level: u8,
    pub parent_id: Option<OfficeId>,
    /// True for the office this installation belongs to.
    pub is_own: bool,
}

/// What a user enters for an office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OfficeInput {
    pub code: String,
    pub name: String,
    pub level: u8,
    pub parent_id: Option<OfficeId>,
}

/// The first-start question: which office is this installation, and (optionally) its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnOfficeSetup {
    pub office: OfficeInput,
    pub parent: Option<OfficeInput>,
}
