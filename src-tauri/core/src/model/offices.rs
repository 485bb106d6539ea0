//! The office tree's records: levels, offices and what a user enters for them. Levels are data
//! (renamable, any number of them): the only rule is that a parent sits at a higher level.

use chrono::NaiveDate;
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
    /// The day it stopped existing (merged, dissolved or closed): no deadline is due on it from then on.
    #[ts(optional, type = "string")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
    /// The office that inherited its open deadlines, when it was merged.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor_id: Option<OfficeId>,
}

/// A change of the office tree, made by the office that owns the records it changes, in one
/// transaction, after a preview of what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[ts(export)]
pub enum Reorganisation {
    /// A new name (and code) from a day; the former one is kept with the day it ended.
    Rename {
        office: OfficeId,
        name: String,
        code: String,
        #[ts(type = "string")]
        from: NaiveDate,
    },
    /// Under another parent, from now on.
    Move { office: OfficeId, parent: OfficeId },
    /// Two or more offices become one (`into`, one of them or another office) from a day: they
    /// close, their sub-offices move under `into`, and `into` inherits their open deadlines.
    Merge {
        offices: Vec<OfficeId>,
        into: OfficeId,
        #[ts(type = "string")]
        from: NaiveDate,
    },
    /// The office closes from a day and its sub-offices report to its parent.
    Dissolve {
        office: OfficeId,
        #[ts(type = "string")]
        from: NaiveDate,
    },
    /// The office closes from a day: no deadline is due on it from then on.
    Close {
        office: OfficeId,
        #[ts(type = "string")]
        from: NaiveDate,
    },
}

/// What a reorganisation changes (shown before it is applied, and after).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReorganisationOutcome {
    pub applied: bool,
    /// What changes, a line each, in Vietnamese.
    pub changes: Vec<String>,
    /// Open deadlines that leave a closed office.
    #[ts(type = "number")]
    pub deadlines_closed: u64,
    /// Open deadlines a successor gains.
    #[ts(type = "number")]
    pub deadlines_inherited: u64,
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

/// What one row of an office sheet does when the sheet is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum OfficeRowAction {
    /// A new office.
    Add,
    /// An office with this code exists; its name, level or parent changes.
    Change,
    /// An office with this code exists exactly so.
    Unchanged,
}

/// One right row of an office sheet and what importing it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OfficeSheetRow {
    /// The row number the spreadsheet shows.
    pub row: u32,
    pub code: String,
    pub name: String,
    pub level: u8,
    pub level_name: String,
    /// Empty for an office without a parent.
    pub parent_code: String,
    pub action: OfficeRowAction,
    /// For a change, what changes: "Tên: «…» → «…»".
    pub changes: Vec<String>,
}

/// A wrong row of an office sheet: its number and what is wrong, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OfficeSheetProblem {
    pub row: u32,
    pub message: String,
}

/// What importing an office sheet would do: every right row, every wrong one. Nothing is
/// written while `problems` is not empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OfficeSheetPreview {
    pub file_name: String,
    pub rows: Vec<OfficeSheetRow>,
    pub problems: Vec<OfficeSheetProblem>,
    pub added: u32,
    pub changed: u32,
    pub unchanged: u32,
}

/// The live office tree as parent links: the one place that answers what is above, below and how
/// deep an office sits. Every walk is bounded by the number of offices, so a damaged tree (a loop
/// a bug or a bad bundle left) ends the walk instead of hanging it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeTree {
    /// Each live office's level and parent.
    nodes: std::collections::HashMap<OfficeId, (u8, Option<OfficeId>)>,
}

impl OfficeTree {
    /// The tree of `(office, level, parent)` rows.
    pub fn new(rows: impl IntoIterator<Item = (OfficeId, u8, Option<OfficeId>)>) -> Self {
        OfficeTree { nodes: rows.into_iter().map(|(id, level, parent)| (id, (level, parent))).collect() }
    }

    /// Adds or moves one office (an office record written during an import).
    pub fn set(&mut self, office: OfficeId, level: u8, parent: Option<OfficeId>) {
        self.nodes.insert(office, (level, parent));
    }

    /// Takes an office out (deleted).
    pub fn remove(&mut self, office: OfficeId) {
        self.nodes.remove(&office);
    }

    pub fn contains(&self, office: OfficeId) -> bool {
        self.nodes.contains_key(&office)
    }

    pub fn level(&self, office: OfficeId) -> Option<u8> {
        self.nodes.get(&office).map(|(level, _)| *level)
    }

    pub fn parent(&self, office: OfficeId) -> Option<OfficeId> {
        self.nodes.get(&office).and_then(|(_, parent)| *parent)
    }

    /// The offices above `office`, nearest first.
    pub fn ancestors(&self, office: OfficeId) -> Vec<OfficeId> {
        let mut out = Vec::new();
        let mut current = self.parent(office);
        while let Some(id) = current.filter(|id| *id != office && !out.contains(id) && out.len() < self.nodes.len()) {
            out.push(id);
            current = self.parent(id);
        }
        out
    }

    /// How many offices sit above `office` (0 for a top office).
    pub fn depth(&self, office: OfficeId) -> usize {
        self.ancestors(office).len()
    }

    /// Whether `office` is `root` or a live office below it.
    pub fn within(&self, office: OfficeId, root: OfficeId) -> bool {
        office == root && self.contains(office) || self.ancestors(office).contains(&root)
    }

    /// Whether `upper` is a live office strictly above `office`.
    pub fn above(&self, upper: OfficeId, office: OfficeId) -> bool {
        upper != office && self.within(office, upper)
    }

    /// The offices directly below `office`.
    pub fn children(&self, office: OfficeId) -> Vec<OfficeId> {
        let mut out: Vec<OfficeId> =
            self.nodes.iter().filter(|(_, (_, parent))| *parent == Some(office)).map(|(id, _)| *id).collect();
        out.sort();
        out
    }

    /// Every live office strictly below `root`, nearest first.
    pub fn descendants(&self, root: OfficeId) -> Vec<OfficeId> {
        let mut children: std::collections::HashMap<OfficeId, Vec<OfficeId>> = std::collections::HashMap::new();
        for (id, (_, parent)) in &self.nodes {
            if let Some(parent) = parent {
                children.entry(*parent).or_default().push(*id);
            }
        }
        let mut found = vec![root];
        let mut seen = std::collections::HashSet::from([root]);
        let mut i = 0;
        while i < found.len() {
            let mut below = children.get(&found[i]).cloned().unwrap_or_default();
            below.sort();
            found.extend(below.into_iter().filter(|id| seen.insert(*id)));
            i += 1;
        }
        found.remove(0);
        found
    }

    /// The offices of `level` strictly below `under`.
    pub fn at_level_below(&self, level: u8, under: OfficeId) -> Vec<OfficeId> {
        let mut out: Vec<OfficeId> = self
            .nodes
            .iter()
            .filter(|(id, (l, _))| *l == level && self.above(under, **id))
            .map(|(id, _)| *id)
            .collect();
        out.sort();
        out
    }
}

#[cfg(test)]
#[path = "offices_tests.rs"]
mod tests;
