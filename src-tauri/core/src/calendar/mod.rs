//! Working days of a Vietnamese public office, so that a deadline falling on a day off is flagged
//! and "N working days before" counts correctly across weekends, Tết and the other holidays.
//!
//! The rules are those of the Labour Code 2019 (Bộ luật Lao động 2019, in force from 2021) for
//! officials, who rest on Saturday and Sunday:
//! - Điều 112: Tết Dương lịch (1/1); Tết Âm lịch, 5 days; Giỗ Tổ Hùng Vương (10/3 âm lịch);
//!   Ngày Chiến thắng (30/4); Quốc tế Lao động (1/5); Quốc khánh (2/9 and the day before or after).
//! - Điều 111: a holiday that falls on a weekly rest day is made up on the next working day
//!   (nghỉ bù).
//!
//! The law leaves some days to the government, which announces them each year. The defaults here:
//! the 5 Tết days are the last day of the lunar year and mùng 1–4 tháng Giêng, and the day next to
//! Quốc khánh is 1/9 (the government's choice in 2022–2026; 2021 took 3/9). Whatever the government
//! announces differently — Tết days moved, bridging days off and the Saturdays worked in exchange —
//! comes in as [`CalendarException`]s, which override everything else.
//!
//! Years 2013–2020 follow the Labour Code 2012, the same but with Quốc khánh on 2/9 alone. Older
//! rules (4 days of Tết, no Giỗ Tổ before 2007) are not modelled: the app tracks current plans.

pub mod exceptions;
pub mod lunar;

pub use lunar::{LunarDate, from_lunar, to_lunar};

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::model::calendar::{CalendarException, ExceptionKind};

/// A public holiday or a nghỉ bù day, by the default rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Holiday {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub name: String,
}

/// The working-day calendar: the default rules plus the exceptions announced for this office.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    exceptions: BTreeMap<NaiveDate, CalendarException>,
}

pub use crate::model::years::{YEARS, check_year};

const TET_DUONG_LICH: &str = "Tết Dương lịch";
const TET_NGUYEN_DAN: &str = "Tết Nguyên đán";
const GIO_TO: &str = "Giỗ Tổ Hùng Vương";
const CHIEN_THANG: &str = "Ngày Chiến thắng";
const LAO_DONG: &str = "Quốc tế Lao động";
const QUOC_KHANH: &str = "Quốc khánh";

/// Days off of one year by the default rules (holidays and nghỉ bù, not weekends), with the name
/// to show for each.
type YearHolidays = BTreeMap<NaiveDate, String>;

/// The default holidays of each year asked for so far. They depend on nothing but the year, so
/// one cache serves every [`Calendar`]; `working_days_before` looks days up many times.
static HOLIDAYS_BY_YEAR: LazyLock<Mutex<BTreeMap<i32, Arc<YearHolidays>>>> =
    LazyLock::new(|| Mutex::new(BTreeMap::new()));

impl Calendar {
    /// A calendar with the announced exceptions: extra days off (bridging days, moved holidays)
    /// and days made working (Saturdays worked in exchange). When two exceptions share a date,
    /// the later one in the list wins.
    pub fn new(exceptions: Vec<CalendarException>) -> Self {
        Calendar {
            exceptions: exceptions.into_iter().map(|e| (e.date, e)).collect(),
        }
    }

    /// The public holidays of a solar year by the default rules, nghỉ bù days included, sorted by
    /// date. Exceptions are not applied.
    pub fn public_holidays(year: i32) -> Vec<Holiday> {
        holidays_of(year)
            .iter()
            .map(|(date, name)| Holiday {
                date: *date,
                name: name.clone(),
            })
            .collect()
    }

    /// Why `date` is not a working day ("Thứ Bảy", "Chủ nhật", "Tết Nguyên đán",
    /// "Nghỉ bù Quốc khánh", or an exception's name), or `None` on a working day.
    pub fn non_working_reason(&self, date: NaiveDate) -> Option<String> {
        if let Some(exception) = self.exceptions.get(&date) {
            return match exception.kind {
                ExceptionKind::WorkingDay => None,
                ExceptionKind::DayOff if exception.name.trim().is_empty() => {
                    Some("Ngày nghỉ".to_owned())
                }
                ExceptionKind::DayOff => Some(exception.name.clone()),
            };
        }
        if let Some(name) = holidays_of(date.year()).get(&date) {
            return Some(name.clone());
        }
        match date.weekday() {
            Weekday::Sat => Some("Thứ Bảy".to_owned()),
            Weekday::Sun => Some("Chủ nhật".to_owned()),
            _ => None,
        }
    }

    /// Whether the office works on `date`: the same answer as `non_working_reason(date).is_none()`,
    /// without building the reason.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.exceptions.get(&date) {
            Some(exception) => exception.kind == ExceptionKind::WorkingDay,
            None => !is_weekend(date) && !holidays_of(date.year()).contains_key(&date),
        }
    }

    /// The working day that lies `n` working days before `date`. With `n = 0` it is `date` itself
    /// when that is a working day, else the working day before it; so a report due "3 working days
    /// before 23/02/2026" is due on 11/02/2026, before the Tết break.
    pub fn working_days_before(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = self.previous_working_day(date);
        for _ in 0..n {
            match day.pred_opt() {
                Some(before) => day = self.previous_working_day(before),
                None => break,
            }
        }
        day
    }

    /// `date` itself when it is a working day, else the last working day before it.
    pub fn previous_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            match day.pred_opt() {
                Some(before) => day = before,
                None => break,
            }
        }
        day
    }
}

/// The default holidays of `year`, computed once.
fn holidays_of(year: i32) -> Arc<YearHolidays> {
    let mut cache = HOLIDAYS_BY_YEAR
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    Arc::clone(
        cache
            .entry(year)
            .or_insert_with(|| Arc::new(compute_holidays(year))),
    )
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The statutory holidays of `year` (Điều 112) followed by their nghỉ bù days (Điều 111).
fn compute_holidays(year: i32) -> YearHolidays {
    let solar = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let mut statutory: Vec<(NaiveDate, &str)> = Vec::new();
    let mut add = |date: Option<NaiveDate>, name| {
        if let Some(date) = date {
            statutory.push((date, name));
        }
    };

    add(solar(1, 1), TET_DUONG_LICH);
    // Tết: the last day of the old lunar year (29 or 30 tháng Chạp, the eve of mùng 1) and
    // mùng 1–4 tháng Giêng. Tết is never earlier than 21 January, so all five days are in `year`.
    if let Some(tet) = from_lunar(1, 1, year, false) {
        for offset in -1..=3 {
            add(
                tet.checked_add_signed(chrono::Duration::days(offset)),
                TET_NGUYEN_DAN,
            );
        }
    }
    add(from_lunar(10, 3, year, false), GIO_TO);
    add(solar(4, 30), CHIEN_THANG);
    add(solar(5, 1), LAO_DONG);
    if year >= 2021 {
        add(solar(9, 1), QUOC_KHANH);
    }
    add(solar(9, 2), QUOC_KHANH);
    statutory.sort_by_key(|(date, _)| *date);

    let mut days = YearHolidays::new();
    // Holidays lost to a weekend, or to another holiday on the same day (Giỗ Tổ can fall on 30/4,
    // though not between 1948 and 2199): each is made up on the next day that is neither a weekend
    // nor already off.
    let mut owed: Vec<(NaiveDate, &str)> = Vec::new();
    for (date, name) in statutory {
        if is_weekend(date) || days.contains_key(&date) {
            owed.push((date, name));
        }
        days.entry(date).or_insert_with(|| name.to_owned());
    }
    for (from, name) in owed {
        let mut day = from;
        while let Some(next) = day.succ_opt() {
            day = next;
            if !is_weekend(day) && !days.contains_key(&day) {
                days.insert(day, format!("Nghỉ bù {name}"));
                break;
            }
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn holidays(year: i32) -> Vec<(NaiveDate, String)> {
        Calendar::public_holidays(year)
            .into_iter()
            .map(|h| (h.date, h.name))
            .collect()
    }

    fn list(days: &[(NaiveDate, &str)]) -> Vec<(NaiveDate, String)> {
        days.iter().map(|(d, n)| (*d, (*n).to_owned())).collect()
    }

    fn exception(date: NaiveDate, kind: ExceptionKind, name: &str) -> CalendarException {
        CalendarException {
            date,
            kind,
            name: name.to_owned(),
        }
    }

    #[test]
    fn weekends_are_days_off_and_weekdays_are_worked() {
        let calendar = Calendar::default();
        assert_eq!(
            calendar.non_working_reason(d(2024, 3, 9)).as_deref(),
            Some("Thứ Bảy")
        );
        assert_eq!(
            calendar.non_working_reason(d(2024, 3, 10)).as_deref(),
            Some("Chủ nhật")
        );
        for day in 11..=15 {
            assert!(calendar.is_working_day(d(2024, 3, day)), "{day}/3/2024");
        }
        assert!(!calendar.is_working_day(d(2024, 3, 16)));
    }

    #[test]
    fn holidays_of_2024() {
        // Default rules. Tết Giáp Thìn is 10/02/2024; 30 tháng Chạp Quý Mão is 09/02. Mùng 1 and 2
        // fall on Saturday and Sunday and are made up on 14 and 15/02. The government's schedule
        // (approved November 2023) put the 5 days on 08–12/02 instead, off 08–14/02: that year
        // needs the exceptions DayOff 08/02 and WorkingDay 15/02. Quốc khánh: 1/9 is a Sunday, made
        // up on 3/9, which gives the announced 31/8–3/9 break.
        assert_eq!(
            holidays(2024),
            list(&[
                (d(2024, 1, 1), "Tết Dương lịch"),
                (d(2024, 2, 9), "Tết Nguyên đán"),
                (d(2024, 2, 10), "Tết Nguyên đán"),
                (d(2024, 2, 11), "Tết Nguyên đán"),
                (d(2024, 2, 12), "Tết Nguyên đán"),
                (d(2024, 2, 13), "Tết Nguyên đán"),
                (d(2024, 2, 14), "Nghỉ bù Tết Nguyên đán"),
                (d(2024, 2, 15), "Nghỉ bù Tết Nguyên đán"),
                (d(2024, 4, 18), "Giỗ Tổ Hùng Vương"),
                (d(2024, 4, 30), "Ngày Chiến thắng"),
                (d(2024, 5, 1), "Quốc tế Lao động"),
                (d(2024, 9, 1), "Quốc khánh"),
                (d(2024, 9, 2), "Quốc khánh"),
                (d(2024, 9, 3), "Nghỉ bù Quốc khánh"),
            ])
        );
    }

    #[test]
    fn holidays_of_2025() {
        // Tết Ất Tỵ is 29/01/2025 and Giáp Thìn ended on 29 tháng Chạp, 28/01. By default the 5
        // days are 28/01–01/02; 01/02 is a Saturday, made up on Monday 03/02. The government
        // (Văn phòng Chính phủ, văn bản 8726/VPCP-KGVX, 26/11/2024) chose 27–31/01 instead, off
        // 25/01–02/02: see `official_tet_2025_with_exceptions`.
        assert_eq!(
            holidays(2025),
            list(&[
                (d(2025, 1, 1), "Tết Dương lịch"),
                (d(2025, 1, 28), "Tết Nguyên đán"),
                (d(2025, 1, 29), "Tết Nguyên đán"),
                (d(2025, 1, 30), "Tết Nguyên đán"),
                (d(2025, 1, 31), "Tết Nguyên đán"),
                (d(2025, 2, 1), "Tết Nguyên đán"),
                (d(2025, 2, 3), "Nghỉ bù Tết Nguyên đán"),
                (d(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
                (d(2025, 4, 30), "Ngày Chiến thắng"),
                (d(2025, 5, 1), "Quốc tế Lao động"),
                (d(2025, 9, 1), "Quốc khánh"),
                (d(2025, 9, 2), "Quốc khánh"),
            ])
        );
    }

    #[test]
    fn holidays_of_2026() {
        // Tết Bính Ngọ is 17/02/2026 and Ất Tỵ ended on 29 tháng Chạp, 16/02: the default 16–20/02
        // is exactly the announced schedule (Bộ Nội vụ, Thông báo 9441/TB-BNV, 16/10/2025: off
        // 14–22/02, the 5 Tết days 16–20/02; Quốc khánh on 1/9 and 2/9). Giỗ Tổ is a Sunday, made
        // up on Monday 27/04.
        assert_eq!(
            holidays(2026),
            list(&[
                (d(2026, 1, 1), "Tết Dương lịch"),
                (d(2026, 2, 16), "Tết Nguyên đán"),
                (d(2026, 2, 17), "Tết Nguyên đán"),
                (d(2026, 2, 18), "Tết Nguyên đán"),
                (d(2026, 2, 19), "Tết Nguyên đán"),
                (d(2026, 2, 20), "Tết Nguyên đán"),
                (d(2026, 4, 26), "Giỗ Tổ Hùng Vương"),
                (d(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
                (d(2026, 4, 30), "Ngày Chiến thắng"),
                (d(2026, 5, 1), "Quốc tế Lao động"),
                (d(2026, 9, 1), "Quốc khánh"),
                (d(2026, 9, 2), "Quốc khánh"),
            ])
        );
        let calendar = Calendar::default();
        let off: Vec<NaiveDate> = d(2026, 2, 13)
            .iter_days()
            .take(11)
            .filter(|day| !calendar.is_working_day(*day))
            .collect();
        let announced: Vec<NaiveDate> = d(2026, 2, 14).iter_days().take(9).collect();
        assert_eq!(off, announced);
    }

    #[test]
    fn a_holiday_on_a_weekend_is_made_up_on_the_next_working_day() {
        // 1/1/2022 was a Saturday: Monday 3/1/2022 was off.
        let calendar = Calendar::default();
        assert_eq!(
            calendar.non_working_reason(d(2022, 1, 1)).as_deref(),
            Some("Tết Dương lịch")
        );
        assert_eq!(
            calendar.non_working_reason(d(2022, 1, 2)).as_deref(),
            Some("Chủ nhật")
        );
        assert_eq!(
            calendar.non_working_reason(d(2022, 1, 3)).as_deref(),
            Some("Nghỉ bù Tết Dương lịch")
        );
        assert!(calendar.is_working_day(d(2022, 1, 4)));
    }

    #[test]
    fn a_block_with_two_weekend_holidays_owes_two_days() {
        // 2023: Giỗ Tổ on Saturday 29/4, 30/4 on Sunday, 1/5 on Monday: off 29/4–3/5, as announced.
        let calendar = Calendar::default();
        let off: Vec<NaiveDate> = d(2023, 4, 28)
            .iter_days()
            .take(7)
            .filter(|day| !calendar.is_working_day(*day))
            .collect();
        assert_eq!(off, d(2023, 4, 29).iter_days().take(5).collect::<Vec<_>>());
        assert_eq!(
            calendar.non_working_reason(d(2023, 5, 2)).as_deref(),
            Some("Nghỉ bù Giỗ Tổ Hùng Vương")
        );
        assert_eq!(
            calendar.non_working_reason(d(2023, 5, 3)).as_deref(),
            Some("Nghỉ bù Ngày Chiến thắng")
        );
    }

    #[test]
    fn quoc_khanh_is_one_day_before_2021() {
        // Labour Code 2012: 2/9 only. Tuesday 1/9/2020 was worked.
        let calendar = Calendar::default();
        assert!(calendar.is_working_day(d(2020, 9, 1)));
        assert_eq!(
            calendar.non_working_reason(d(2020, 9, 2)).as_deref(),
            Some("Quốc khánh")
        );
        assert_eq!(
            calendar.non_working_reason(d(2021, 9, 1)).as_deref(),
            Some("Quốc khánh")
        );
    }

    #[test]
    fn every_year_has_its_eleven_statutory_days() {
        // 1 + 5 + 1 + 1 + 1 + 2 days; each lost to a weekend or a clash comes back as nghỉ bù.
        for year in 2021..=2199 {
            let off_on_weekdays = Calendar::public_holidays(year)
                .iter()
                .filter(|h| !is_weekend(h.date))
                .count();
            assert_eq!(off_on_weekdays, 11, "{year}");
        }
    }

    #[test]
    fn working_days_before_skips_the_tet_break_of_2026() {
        // Monday 23/02/2026 is the first working day after Tết (off 14–22/02).
        let calendar = Calendar::default();
        let date = d(2026, 2, 23);
        assert!(calendar.is_working_day(date));
        assert_eq!(calendar.working_days_before(date, 0), date);
        assert_eq!(calendar.working_days_before(date, 1), d(2026, 2, 13));
        assert_eq!(calendar.working_days_before(date, 3), d(2026, 2, 11));
        // A deadline on mùng 1 is really due the working day before the break.
        assert_eq!(
            calendar.previous_working_day(d(2026, 2, 17)),
            d(2026, 2, 13)
        );
        assert_eq!(
            calendar.working_days_before(d(2026, 2, 17), 0),
            d(2026, 2, 13)
        );
    }

    #[test]
    fn working_days_before_skips_weekends() {
        let calendar = Calendar::default();
        // Monday 11/03/2024.
        assert_eq!(
            calendar.working_days_before(d(2024, 3, 11), 1),
            d(2024, 3, 8)
        );
        assert_eq!(
            calendar.working_days_before(d(2024, 3, 11), 5),
            d(2024, 3, 4)
        );
        // Saturday 09/03/2024.
        assert_eq!(
            calendar.working_days_before(d(2024, 3, 9), 0),
            d(2024, 3, 8)
        );
        assert_eq!(
            calendar.working_days_before(d(2024, 3, 9), 1),
            d(2024, 3, 7)
        );
        assert_eq!(calendar.previous_working_day(d(2024, 3, 10)), d(2024, 3, 8));
    }

    /// Quốc khánh 2026 as announced (Thông báo 9441/TB-BNV): off Monday 31/08 to bridge to 1–2/9,
    /// in exchange for working Saturday 22/08.
    fn quoc_khanh_2026() -> Calendar {
        Calendar::new(vec![
            exception(
                d(2026, 8, 31),
                ExceptionKind::DayOff,
                "Nghỉ Quốc khánh (hoán đổi)",
            ),
            exception(
                d(2026, 8, 22),
                ExceptionKind::WorkingDay,
                "Làm bù cho ngày 31/8",
            ),
        ])
    }

    #[test]
    fn a_working_saturday_counts_as_a_working_day() {
        let calendar = quoc_khanh_2026();
        assert!(calendar.is_working_day(d(2026, 8, 22)));
        assert_eq!(calendar.non_working_reason(d(2026, 8, 22)).as_deref(), None);
        // Monday 24/08: one working day before is that Saturday, not Friday 21/08.
        assert_eq!(
            calendar.working_days_before(d(2026, 8, 24), 1),
            d(2026, 8, 22)
        );
        assert_eq!(
            calendar.working_days_before(d(2026, 8, 24), 2),
            d(2026, 8, 21)
        );
        assert_eq!(
            Calendar::default().working_days_before(d(2026, 8, 24), 1),
            d(2026, 8, 21)
        );
    }

    #[test]
    fn a_day_off_exception_closes_a_weekday() {
        let calendar = quoc_khanh_2026();
        assert_eq!(
            calendar.non_working_reason(d(2026, 8, 31)).as_deref(),
            Some("Nghỉ Quốc khánh (hoán đổi)")
        );
        assert!(Calendar::default().is_working_day(d(2026, 8, 31)));
        // Thursday 03/09: the working day before is Friday 28/08 (off 29/08–02/09).
        assert_eq!(
            calendar.working_days_before(d(2026, 9, 3), 1),
            d(2026, 8, 28)
        );
        // An exception without a name still gives a reason.
        let unnamed = Calendar::new(vec![exception(d(2026, 3, 4), ExceptionKind::DayOff, " ")]);
        assert_eq!(
            unnamed.non_working_reason(d(2026, 3, 4)).as_deref(),
            Some("Ngày nghỉ")
        );
    }

    #[test]
    fn is_working_day_agrees_with_non_working_reason() {
        let calendars = [Calendar::default(), quoc_khanh_2026()];
        for calendar in &calendars {
            for day in d(2021, 1, 1).iter_days().take(6 * 366) {
                assert_eq!(
                    calendar.is_working_day(day),
                    calendar.non_working_reason(day).is_none(),
                    "{day}"
                );
            }
        }
    }

    #[test]
    fn official_tet_2025_with_exceptions() {
        // The 5 Tết days were 27–31/01/2025 (28 Chạp to mùng 3), off 25/01–02/02.
        let calendar = Calendar::new(vec![
            exception(d(2025, 1, 27), ExceptionKind::DayOff, "Tết Nguyên đán"),
            exception(d(2025, 2, 3), ExceptionKind::WorkingDay, "Đi làm sau Tết"),
        ]);
        let off: Vec<NaiveDate> = d(2025, 1, 24)
            .iter_days()
            .take(11)
            .filter(|day| !calendar.is_working_day(*day))
            .collect();
        assert_eq!(off, d(2025, 1, 25).iter_days().take(9).collect::<Vec<_>>());
        assert_eq!(
            calendar.working_days_before(d(2025, 2, 3), 1),
            d(2025, 1, 24)
        );
    }

    #[test]
    fn a_working_day_exception_can_cancel_a_default_holiday() {
        // E.g. the government moves Quốc khánh's second day from 1/9 to 3/9.
        let calendar = Calendar::new(vec![
            exception(d(2027, 9, 1), ExceptionKind::WorkingDay, ""),
            exception(d(2027, 9, 3), ExceptionKind::DayOff, "Quốc khánh"),
        ]);
        assert!(calendar.is_working_day(d(2027, 9, 1)));
        assert_eq!(
            calendar.non_working_reason(d(2027, 9, 2)).as_deref(),
            Some("Quốc khánh")
        );
        assert_eq!(
            calendar.non_working_reason(d(2027, 9, 3)).as_deref(),
            Some("Quốc khánh")
        );
    }

    #[test]
    fn exceptions_serialize_in_camel_case() {
        let e = exception(d(2026, 8, 22), ExceptionKind::WorkingDay, "Làm bù");
        let json = serde_json::to_string(&e).expect("serializes");
        assert_eq!(
            json,
            r#"{"date":"2026-08-22","kind":"workingDay","name":"Làm bù"}"#
        );
        let back: CalendarException = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, e);
        assert_eq!(
            serde_json::to_string(&ExceptionKind::DayOff).expect("serializes"),
            r#""dayOff""#
        );
    }
}
