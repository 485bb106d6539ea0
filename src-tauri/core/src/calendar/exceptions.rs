//! The calendar exceptions this office has entered (extra days off the government announces, and
//! Saturdays worked in exchange), and the [`Calendar`] built from them.

use chrono::NaiveDate;

use crate::calendar::{Calendar, CalendarException};
use crate::error::{Error, Result};
use crate::store::{self, Store};
use crate::text::clean;

impl Store {
    pub fn calendar_exceptions(&self) -> Result<Vec<CalendarException>> {
        store::calendar_exceptions::all(&self.conn)
    }

    /// The working-day calendar with this office's exceptions.
    pub fn calendar(&self) -> Result<Calendar> {
        Ok(Calendar::new(self.calendar_exceptions()?))
    }

    /// Adds or replaces the exception of a date.
    pub fn set_calendar_exception(&mut self, exception: &CalendarException) -> Result<Vec<CalendarException>> {
        let name = clean(&exception.name);
        if name.is_empty() {
            return Err(Error::invalid("Hãy ghi lý do (ví dụ: «Nghỉ bù Tết theo Thông báo của Bộ Nội vụ»)."));
        }
        self.transact(|tx| store::calendar_exceptions::set(tx, exception.date, exception.kind, &name))?;
        self.calendar_exceptions()
    }

    pub fn remove_calendar_exception(&mut self, date: NaiveDate) -> Result<Vec<CalendarException>> {
        self.transact(|tx| store::calendar_exceptions::remove(tx, date))?;
        self.calendar_exceptions()
    }
}
