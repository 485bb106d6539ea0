//! Plans as work to track: the tasks of a plan document, who they are assigned to and their
//! deadline rules, and the plan JSON file (`docs/plan-json.md`) — the one way a plan enters the
//! store from outside the UI (the CLI, and plan import from Word files).

pub mod file;
mod import;
pub mod tasks;

pub use file::{PLAN_FORMAT, PlanAssignee, PlanDeadline, PlanFile, PlanRuleChange, PlanTask};
#[cfg(test)]
mod outline_tests;
#[cfg(test)]
mod tests;

pub use tasks::{Assignee, DeadlineRule, DeadlineRuleInput, RuleChange, Task, TaskInput};
