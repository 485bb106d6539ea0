//! Where a deadline stands on a given day, in the terms of Vietnamese task tracking: not yet due,
//! due soon, overdue, submitted on time, submitted late, received by the level above.
//! "On time" means submitted no later than the due date (the DHIS2 definition).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::table::Tone;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DeadlineStatus {
    /// Quá hạn: past the due date with no report.
    Overdue,
    /// Sắp đến hạn: due within the configured number of days (today included).
    DueSoon,
    /// Chưa đến hạn.
    NotYetDue,
    /// Nộp muộn: submitted after the due date.
    SubmittedLate,
    /// Nộp đúng hạn: submitted on or before the due date.
    SubmittedOnTime,
    /// Cấp trên đã nhận: the receiving office issued a receipt.
    Received,
}

impl DeadlineStatus {
    /// The status on `today` of a deadline due on `due_on`.
    pub fn on(
        today: NaiveDate,
        due_on: NaiveDate,
        submitted_on: Option<NaiveDate>,
        received_on: Option<NaiveDate>,
        due_soon_days: u32,
    ) -> Self {
        match (submitted_on, received_on) {
            (Some(_), Some(_)) => DeadlineStatus::Received,
            (Some(submitted), None) if submitted <= due_on => DeadlineStatus::SubmittedOnTime,
            (Some(_), None) => DeadlineStatus::SubmittedLate,
            (None, _) if today > due_on => DeadlineStatus::Overdue,
            (None, _) if (due_on - today).num_days() <= i64::from(due_soon_days) => DeadlineStatus::DueSoon,
            (None, _) => DeadlineStatus::NotYetDue,
        }
    }

    /// The colour the status is shown in, on screen and in workbooks.
    pub fn tone(self) -> Tone {
        match self {
            DeadlineStatus::Overdue => Tone::Red,
            DeadlineStatus::DueSoon => Tone::Amber,
            DeadlineStatus::NotYetDue => Tone::Grey,
            DeadlineStatus::SubmittedOnTime => Tone::Green,
            DeadlineStatus::SubmittedLate => Tone::Orange,
            DeadlineStatus::Received => Tone::Blue,
        }
    }

    /// The Vietnamese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineStatus::Overdue => "Quá hạn",
            DeadlineStatus::DueSoon => "Sắp đến hạn",
            DeadlineStatus::NotYetDue => "Chưa đến hạn",
            DeadlineStatus::SubmittedLate => "Nộp muộn",
            DeadlineStatus::SubmittedOnTime => "Nộp đúng hạn",
            DeadlineStatus::Received => "Cấp trên đã nhận",
        }
    }
}

/// Whether a report was on time: submitted no later than the due date.
pub fn on_time(due_on: NaiveDate, submitted_on: NaiveDate) -> bool {
    submitted_on <= due_on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn statuses_at_the_boundaries() {
        let due = d(2023, 6, 23);
        let status = |today, submitted, received| DeadlineStatus::on(today, due, submitted, received, 7);
        assert_eq!(status(d(2023, 6, 15), None, None), DeadlineStatus::NotYetDue, "8 days ahead, window is 7");
        assert_eq!(status(d(2023, 6, 16), None, None), DeadlineStatus::DueSoon, "7 days ahead");
        assert_eq!(status(d(2023, 6, 23), None, None), DeadlineStatus::DueSoon, "due today is not yet overdue");
        assert_eq!(status(d(2023, 6, 24), None, None), DeadlineStatus::Overdue, "one day late");
        assert_eq!(status(d(2023, 6, 24), Some(d(2023, 6, 23)), None), DeadlineStatus::SubmittedOnTime, "on the due date");
        assert_eq!(status(d(2023, 6, 24), Some(d(2023, 6, 24)), None), DeadlineStatus::SubmittedLate, "one day after");
        assert_eq!(status(d(2023, 6, 1), Some(d(2023, 6, 1)), Some(d(2023, 6, 2))), DeadlineStatus::Received);
        assert!(on_time(due, due));
        assert!(!on_time(due, d(2023, 6, 24)));
    }
}
