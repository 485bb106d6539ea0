//! Deadlines: the rules a plan states, the dated instances they produce for each assigned office,
//! and each instance's status on a given day.

pub mod rule;

pub use rule::{Frequency, Occurrence, RuleSpec, Tier};
