//! The years a stored date may fall in: one bound shared by documents, rules, reports and the
//! calendar.

use chrono::{Datelike, NaiveDate};

/// The years a date kept in the store may fall in (a document's date, a deadline, a report's
/// submission or receipt): anything outside is a typing mistake or a broken clock, and the lists
/// and printed checklists are not made for it.
pub const YEARS: std::ops::RangeInclusive<i32> = 1945..=2100;

/// Checks that `date` falls in [`YEARS`]; `what` names it in the message ("Ngày nộp").
pub fn check_year(date: NaiveDate, what: &str) -> crate::Result<()> {
    if YEARS.contains(&date.year()) {
        return Ok(());
    }
    Err(crate::Error::invalid(format!(
        "{what} {} không hợp lệ: năm phải từ {} đến {}.",
        date.format("%d/%m/%Y"),
        YEARS.start(),
        YEARS.end()
    )))
}
