//! The calendar exceptions this office has entered (extra days off the government announces, and
//! Saturdays worked in exchange), and the [`Calendar`] built from them.

use chrono::NaiveDate;
use rusqlite::params;

use crate::calendar::{Calendar, CalendarException, ExceptionKind};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text::clean;

fn kind_code(kind: ExceptionKind) -> &'static str {
    match kind {
        ExceptionKind::DayOff => "dayOff",
        ExceptionKind::WorkingDay => "workingDay",
    }
}

impl Store {
    pub fn calendar_exceptions(&self) -> Result<Vec<CalendarException>> {
        let mut stmt = self.conn.prepare_cached("SELECT date, kind, name FROM calendar_exceptions ORDER BY date")?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok(CalendarException {
                date: r.get(0)?,
                kind: if kind == "workingDay" { ExceptionKind::WorkingDay } else { ExceptionKind::DayOff },
                name: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        self.transact(|tx| {
            tx.prepare_cached(
                "INSERT INTO calendar_exceptions (date, kind, name) VALUES (?1, ?2, ?3)
                 ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name",
            )?
            .execute(params![exception.date, kind_code(exception.kind), name])?;
            Ok(())
        })?;
        self.calendar_exceptions()
    }

    pub fn remove_calendar_exception(&mut self, date: NaiveDate) -> Result<Vec<CalendarException>> {
        self.transact(|tx| {
            tx.prepare_cached("DELETE FROM calendar_exceptions WHERE date = ?1")?.execute([date])?;
            Ok(())
        })?;
        self.calendar_exceptions()
    }
}
