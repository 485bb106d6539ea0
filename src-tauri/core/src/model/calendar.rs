//! The calendar exceptions an office enters: the days the government announces differently from
//! the default rules (an extra day off, a Saturday worked in exchange).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether an announced exception makes a day off or a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ExceptionKind {
    /// A day off on a day that would be worked (a bridging day, a moved holiday).
    DayOff,
    /// A working day on a day that would be off (a Saturday worked in exchange for a bridging day).
    WorkingDay,
}

/// A day the government announces differently from the default rules for a given year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CalendarException {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub kind: ExceptionKind,
    /// Shown as the reason for a day off, e.g. "Nghỉ Tết Nguyên đán (hoán đổi)".
    pub name: String,
}

impl ExceptionKind {
    pub(crate) fn code(self) -> &'static str {
        match self {
            ExceptionKind::DayOff => "dayOff",
            ExceptionKind::WorkingDay => "workingDay",
        }
    }

    /// The kind stored under `code`; `None` for a code this program does not know.
    pub(crate) fn from_code(code: &str) -> Option<ExceptionKind> {
        [ExceptionKind::DayOff, ExceptionKind::WorkingDay].into_iter().find(|k| k.code() == code)
    }
}
