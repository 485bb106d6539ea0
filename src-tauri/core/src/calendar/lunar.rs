//! The Vietnamese lunisolar calendar (âm lịch), needed because Tết and Giỗ Tổ Hùng Vương are
//! lunar dates that move every year in the solar calendar.
//!
//! The computation is the standard astronomical one published by Hồ Ngọc Đức ("Âm lịch Việt Nam",
//! after Jean Meeus, *Astronomical Algorithms*): a lunar month starts on the local day of a new
//! moon, month 11 is the month that holds the winter solstice, and in a year with 13 months the
//! first month after month 11 that holds no major solar term (trung khí) is the leap month. All
//! days are taken in Vietnam's time zone, UTC+7. The Chinese calendar does the same at UTC+8 and so
//! differs in some years: Tết 1985 was 21/01/1985 in Vietnam but 20/02/1985 in China.
//!
//! Written here rather than taken from a crate. On crates.io, `amlich` is a 2019 terminal app and
//! `amlich-core` a 12,000-line almanac (auspicious days and the like) from one maintainer, three
//! releases in early 2026. The calendar itself is about two hundred lines with no dependency, and
//! the tests check it against known dates, a high-precision ephemeris (Tết and leap months of every
//! year 1900–2199) and a round trip over every day of those years.

use chrono::{Datelike, NaiveDate};
use std::f64::consts::PI;

/// Vietnam's time zone in hours east of UTC; the day of a new moon is taken in this zone.
const TIME_ZONE: f64 = 7.0;
/// Mean length of a lunation (synodic month) in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// Julian day of the new moon of 1900-01-01 13:52 UTC, from which new moons are counted.
const NEW_MOON_EPOCH: f64 = 2_415_021.076_998_695;
/// Julian day number of 0001-01-01 (proleptic Gregorian) minus one: chrono counts that day as 1.
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;

/// A day of the Vietnamese lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LunarDate {
    /// Day of the lunar month, 1–30.
    pub day: u32,
    /// Lunar month, 1 (tháng Giêng) to 12 (tháng Chạp).
    pub month: u32,
    /// Lunar year, named after the solar year in which most of it falls (Tết 2025 starts lunar 2025).
    pub year: i32,
    /// Whether the month is the leap (nhuận) repetition of `month`.
    pub leap: bool,
}

/// The lunar date of a solar (Gregorian) date, in Vietnam's time zone.
///
/// Checked for 1900–2199; outside that range the astronomy loses accuracy but still gives a date.
pub fn to_lunar(date: NaiveDate) -> LunarDate {
    let day_number = julian_day(date);
    // The mean lunation gives the month within one; the true new moon can be up to about 14 hours
    // away from the mean one, so step to the month whose first day is on or before the date.
    let mut k = ((day_number as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    while new_moon_day(k) > day_number {
        k -= 1;
    }
    while new_moon_day(k + 1) <= day_number {
        k += 1;
    }
    let month_start = new_moon_day(k);

    // The lunar year runs from the month 11 before the date to the month 11 after it.
    let solar_year = date.year();
    let mut a11 = lunar_month_11(solar_year);
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = solar_year;
        a11 = lunar_month_11(solar_year - 1);
    } else {
        lunar_year = solar_year + 1;
        b11 = lunar_month_11(solar_year + 1);
    }

    let day = (day_number - month_start + 1) as u32;
    // Months since month 11 (29 days is shorter than any month, so this rounds down correctly).
    let diff = (month_start - a11).div_euclid(29);
    let mut month = diff + 11;
    let mut leap = false;
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11);
        if diff >= leap_offset {
            month = diff + 10;
            leap = diff == leap_offset;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate {
        day,
        month: month.clamp(1, 12) as u32,
        year: lunar_year,
        leap,
    }
}

/// The solar date of a lunar date, or `None` when there is no such day: a month outside 1–12,
/// a leap month in a year whose leap month is another one (or that has none), or day 30 of a
/// 29-day month.
pub fn from_lunar(day: u32, month: u32, year: i32, leap: bool) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let (a11, b11) = if month < 11 {
        (lunar_month_11(year - 1), lunar_month_11(year))
    } else {
        (lunar_month_11(year), lunar_month_11(year + 1))
    };
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut offset = (i64::from(month) - 11).rem_euclid(12);
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11);
        let leap_month = (leap_offset - 2).rem_euclid(12);
        if leap && i64::from(month) != leap_month {
            return None;
        }
        if leap || offset >= leap_offset {
            offset += 1;
        }
    } else if leap {
        return None;
    }
    let month_start = new_moon_day(k + offset);
    let next_month_start = new_moon_day(k + offset + 1);
    let day_number = month_start + i64::from(day) - 1;
    if day_number >= next_month_start {
        return None;
    }
    date_of_julian_day(day_number)
}

/// Julian day number (days since noon 1 January 4713 BC) of a date.
fn julian_day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JDN_OF_CE_DAY_ZERO
}

fn date_of_julian_day(jdn: i64) -> Option<NaiveDate> {
    let days = i32::try_from(jdn - JDN_OF_CE_DAY_ZERO).ok()?;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// Julian day (with fraction, in UTC) of the `k`-th new moon after 1900-01-01 (Meeus, ch. 49,
/// simplified as in Hồ Ngọc Đức's tables).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85; // Julian centuries since 1900-01-01 noon
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    // Sun's mean anomaly, Moon's mean anomaly and Moon's argument of latitude, in degrees.
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let sin = |deg: f64| (deg * dr).sin();
    let correction = (0.1734 - 0.000_393 * t) * sin(m) + 0.0021 * sin(2.0 * m) - 0.4068 * sin(mpr)
        + 0.0161 * sin(2.0 * mpr)
        - 0.0004 * sin(3.0 * mpr)
        + 0.0104 * sin(2.0 * f)
        - 0.0051 * sin(m + mpr)
        - 0.0074 * sin(m - mpr)
        + 0.0004 * sin(2.0 * f + m)
        - 0.0004 * sin(2.0 * f - m)
        - 0.0006 * sin(2.0 * f + mpr)
        + 0.0010 * sin(2.0 * f - mpr)
        + 0.0005 * sin(2.0 * mpr + m);
    // ΔT (terrestrial minus universal time), in days.
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + correction - delta_t
}

/// Julian day number of the local (UTC+7) day on which the `k`-th new moon falls.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// Sun's apparent longitude in radians, 0 to 2π, at Julian day `jd` (UTC) (Meeus, ch. 25, low
/// precision).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0; // Julian centuries since J2000.0
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin()
        + (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin()
        + 0.000_290 * (dr * 3.0 * m).sin();
    ((l0 + dl) * dr).rem_euclid(2.0 * PI)
}

/// Which 30° sector (0–11) the sun is in at the start of local day `day_number`; sector 9 starts
/// at the winter solstice (270°). A month whose start and the next month's start lie in the same
/// sector holds no major solar term.
fn sun_sector(day_number: i64) -> i64 {
    let jd = day_number as f64 - 0.5 - TIME_ZONE / 24.0;
    ((sun_longitude(jd) / PI * 6.0).floor() as i64).clamp(0, 11)
}

/// Julian day number of the first day of lunar month 11 (the month holding the winter solstice)
/// that begins in solar year `year`.
fn lunar_month_11(year: i32) -> i64 {
    let dec_31 = NaiveDate::from_ymd_opt(year, 12, 31)
        .map(julian_day)
        .unwrap_or_else(|| (f64::from(year) * 365.2425) as i64 + JDN_OF_CE_DAY_ZERO);
    let k = ((dec_31 as f64 - 2_415_021.0) / SYNODIC_MONTH).floor() as i64;
    let new_moon = new_moon_day(k);
    if sun_sector(new_moon) >= 9 {
        new_moon_day(k - 1)
    } else {
        new_moon
    }
}

/// In a 13-month lunar year starting at month 11 on day `a11`, how many months after month 11
/// the leap month comes (the first month without a major solar term).
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut sector = sun_sector(new_moon_day(k + i));
    loop {
        let last = sector;
        i += 1;
        sector = sun_sector(new_moon_day(k + i));
        if sector == last || i >= 14 {
            return i - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn lunar(day: u32, month: u32, year: i32, leap: bool) -> LunarDate {
        LunarDate {
            day,
            month,
            year,
            leap,
        }
    }

    #[test]
    fn julian_day_matches_the_astronomical_epoch() {
        assert_eq!(julian_day(d(2000, 1, 1)), 2_451_545);
        assert_eq!(julian_day(d(1900, 1, 1)), 2_415_021);
        assert_eq!(date_of_julian_day(2_451_545), Some(d(2000, 1, 1)));
    }

    #[test]
    fn tet_falls_on_the_known_dates() {
        // Tết Nguyên đán (1 tháng Giêng) as printed on Vietnamese calendars.
        let tet = [
            (2023, d(2023, 1, 22)),
            (2024, d(2024, 2, 10)),
            (2025, d(2025, 1, 29)),
            (2026, d(2026, 2, 17)),
            (2027, d(2027, 2, 6)),
            // Vietnam (UTC+7) and China (UTC+8) differ in these years: China has 20/02/1985,
            // 18/02/2007, 03/02/2030 and 19/02/2053. In 2030 the new moon is at 23:07 on 02/02 in
            // Hà Nội (16:07 UTC), 00:07 on 03/02 in Beijing.
            (1985, d(1985, 1, 21)),
            (2007, d(2007, 2, 17)),
            (2030, d(2030, 2, 2)),
            (2053, d(2053, 2, 18)),
        ];
        for (year, date) in tet {
            assert_eq!(from_lunar(1, 1, year, false), Some(date), "Tết {year}");
            assert_eq!(to_lunar(date), lunar(1, 1, year, false), "Tết {year}");
        }
    }

    #[test]
    fn gio_to_hung_vuong_falls_on_the_known_dates() {
        // 10 tháng 3 âm lịch.
        let gio_to = [
            (2023, d(2023, 4, 29)),
            (2024, d(2024, 4, 18)),
            (2025, d(2025, 4, 7)),
            (2026, d(2026, 4, 26)),
        ];
        for (year, date) in gio_to {
            assert_eq!(from_lunar(10, 3, year, false), Some(date), "Giỗ Tổ {year}");
            assert_eq!(to_lunar(date), lunar(10, 3, year, false), "Giỗ Tổ {year}");
        }
    }

    #[test]
    fn the_last_day_of_a_lunar_year_is_the_eve_of_tet() {
        // Giáp Thìn ended on 29 tháng Chạp (28/01/2025), Quý Mão on 30 tháng Chạp (09/02/2024),
        // Ất Tỵ on 29 tháng Chạp (16/02/2026, per the 2026 holiday notice).
        assert_eq!(to_lunar(d(2025, 1, 28)), lunar(29, 12, 2024, false));
        assert_eq!(from_lunar(30, 12, 2024, false), None);
        assert_eq!(to_lunar(d(2024, 2, 9)), lunar(30, 12, 2023, false));
        assert_eq!(to_lunar(d(2026, 2, 16)), lunar(29, 12, 2025, false));
    }

    #[test]
    fn leap_months_are_found() {
        // 2023 (Quý Mão) had a leap 2nd month: 1/2 nhuận = 22/03/2023, 1/3 = 20/04/2023.
        assert_eq!(to_lunar(d(2023, 3, 22)), lunar(1, 2, 2023, true));
        assert_eq!(to_lunar(d(2023, 3, 21)), lunar(30, 2, 2023, false));
        assert_eq!(from_lunar(1, 2, 2023, true), Some(d(2023, 3, 22)));
        assert_eq!(from_lunar(1, 3, 2023, false), Some(d(2023, 4, 20)));
        // 2025 (Ất Tỵ) had a leap 6th month starting 25/07/2025; 2020 a leap 4th month from 23/05/2020.
        assert_eq!(to_lunar(d(2025, 7, 25)), lunar(1, 6, 2025, true));
        assert_eq!(to_lunar(d(2020, 5, 23)), lunar(1, 4, 2020, true));
        // No other month of those years is leap, and 2024 has none.
        assert_eq!(from_lunar(1, 3, 2023, true), None);
        assert_eq!(from_lunar(1, 2, 2024, true), None);
    }

    /// Tết (MMDD) of every year from 1900 to 2199 and the leap months (year:month), computed
    /// independently with a high-precision ephemeris (PyEphem: true new moons and solar terms,
    /// days taken at UTC+7).
    const EPHEMERIS_TET: [&str; 15] = [
        "0131 0219 0208 0128 0216 0204 0125 0213 0202 0122 0210 0130 0218 0206 0126 0214 0203 0123 0211 0201", // 1900
        "0220 0208 0128 0216 0205 0124 0213 0202 0123 0210 0130 0217 0206 0126 0214 0203 0124 0211 0131 0219", // 1920
        "0208 0127 0215 0205 0125 0213 0202 0122 0210 0129 0217 0206 0127 0214 0203 0124 0212 0131 0218 0208", // 1940
        "0128 0215 0205 0125 0213 0201 0121 0209 0129 0216 0206 0127 0215 0203 0123 0211 0131 0218 0207 0128", // 1960
        "0216 0205 0125 0213 0202 0121 0209 0129 0217 0206 0127 0215 0204 0123 0210 0131 0219 0207 0128 0216", // 1980
        "0205 0124 0212 0201 0122 0209 0129 0217 0207 0126 0214 0203 0123 0210 0131 0219 0208 0128 0216 0205", // 2000
        "0125 0212 0201 0122 0210 0129 0217 0206 0126 0213 0202 0123 0211 0131 0219 0208 0128 0215 0204 0124", // 2020
        "0212 0201 0122 0210 0130 0217 0206 0126 0214 0202 0123 0211 0201 0218 0208 0128 0215 0204 0124 0212", // 2040
        "0202 0121 0209 0129 0217 0205 0126 0214 0203 0123 0211 0131 0219 0207 0127 0215 0205 0124 0212 0202", // 2060
        "0122 0209 0129 0217 0206 0126 0214 0203 0124 0210 0130 0218 0207 0127 0215 0205 0125 0212 0201 0121", // 2080
        "0209 0129 0217 0207 0128 0215 0204 0124 0212 0131 0219 0208 0129 0216 0206 0126 0214 0202 0122 0210", // 2100
        "0130 0217 0207 0127 0215 0203 0123 0211 0201 0219 0208 0129 0217 0205 0125 0213 0202 0122 0210 0130", // 2120
        "0218 0207 0127 0215 0204 0123 0211 0201 0121 0208 0129 0216 0205 0124 0212 0202 0123 0210 0130 0218", // 2140
        "0207 0126 0214 0203 0124 0211 0201 0220 0209 0128 0216 0205 0125 0212 0202 0122 0211 0130 0218 0207", // 2160
        "0127 0214 0203 0124 0212 0131 0121 0208 0128 0215 0205 0125 0213 0202 0122 0210 0130 0217 0206 0126", // 2180
    ];
    const EPHEMERIS_LEAP_MONTHS: &str = "1900:8 1903:5 1906:4 1909:2 1911:6 1914:5 1917:3 1919:7 \
        1922:6 1925:4 1928:2 1930:6 1933:5 1936:3 1938:8 1941:6 1944:4 1947:2 1949:7 1952:5 1955:3 \
        1957:8 1960:6 1963:4 1966:3 1968:7 1971:5 1974:4 1976:8 1979:6 1982:4 1985:2 1987:7 1990:5 \
        1993:3 1995:8 1998:5 2001:4 2004:2 2006:7 2009:5 2012:4 2014:9 2017:6 2020:4 2023:2 2025:6 \
        2028:5 2031:3 2033:11 2036:6 2039:5 2042:2 2044:7 2047:5 2050:3 2052:8 2055:6 2058:4 2061:3 \
        2063:7 2066:5 2069:4 2071:8 2074:6 2077:4 2080:3 2082:7 2085:5 2088:4 2090:8 2093:6 2096:4 \
        2099:2 2101:7 2104:5 2107:4 2109:9 2112:6 2115:4 2118:3 2120:7 2123:5 2126:4 2128:11 2131:6 \
        2134:5 2137:2 2139:7 2142:5 2145:4 2148:1 2150:6 2153:5 2156:3 2158:7 2161:6 2164:4 2166:10 \
        2169:6 2172:5 2175:3 2177:7 2180:6 2183:4 2186:2 2188:6 2191:5 2194:3 2196:7 2199:6";

    #[test]
    fn tet_and_leap_months_agree_with_an_ephemeris_from_1900_to_2199() {
        // The algorithm's simplified new-moon series is off by a minute or two; it disagrees with
        // the ephemeris only when a new moon falls within two minutes of midnight in Hà Nội. For
        // Tết that happens twice in these three centuries (new moons at 23:59 on 22/01/2175 and
        // 23:58 on 26/01/2199 by the ephemeris), where the algorithm gives the next day.
        let algorithm_differs = [(2175, d(2175, 1, 23)), (2199, d(2199, 1, 27))];
        let tet_days = EPHEMERIS_TET.iter().flat_map(|row| row.split(' '));
        for (year, mmdd) in (1900..=2199).zip(tet_days) {
            let month: u32 = mmdd[..2].parse().expect("month");
            let day: u32 = mmdd[2..].parse().expect("day");
            let expected = algorithm_differs
                .iter()
                .find(|(y, _)| *y == year)
                .map_or(d(year, month, day), |(_, date)| *date);
            assert_eq!(from_lunar(1, 1, year, false), Some(expected), "Tết {year}");
        }

        let mut leap_months = Vec::new();
        for year in 1900..=2199 {
            for month in 1..=12 {
                if from_lunar(1, month, year, true).is_some() {
                    leap_months.push(format!("{year}:{month}"));
                }
            }
        }
        let expected: Vec<&str> = EPHEMERIS_LEAP_MONTHS.split_whitespace().collect();
        assert_eq!(leap_months, expected);
    }

    #[test]
    fn impossible_lunar_dates_are_refused() {
        assert_eq!(from_lunar(0, 1, 2025, false), None);
        assert_eq!(from_lunar(31, 1, 2025, false), None);
        assert_eq!(from_lunar(1, 13, 2025, false), None);
        assert_eq!(from_lunar(1, 0, 2025, false), None);
    }

    #[test]
    fn the_end_of_a_solar_year_belongs_to_the_lunar_year_before() {
        // 31/12/2024 is 1 tháng Chạp of Giáp Thìn (lunar 2024), a 29-day month ending 28/01/2025.
        assert_eq!(to_lunar(d(2024, 12, 31)), lunar(1, 12, 2024, false));
        // 1/1/2025 is 2 tháng Chạp of lunar 2024.
        assert_eq!(to_lunar(d(2025, 1, 1)), lunar(2, 12, 2024, false));
    }

    #[test]
    fn every_day_from_1900_to_2199_survives_a_round_trip() {
        let mut date = d(1900, 1, 1);
        let end = d(2199, 12, 31);
        let mut previous = to_lunar(date);
        while date <= end {
            let l = to_lunar(date);
            assert!((1..=30).contains(&l.day), "{date}: {l:?}");
            assert_eq!(
                from_lunar(l.day, l.month, l.year, l.leap),
                Some(date),
                "{date} → {l:?}"
            );
            // Days follow each other: the next day, or day 1 of a new month.
            if date > d(1900, 1, 1) {
                assert!(
                    l.day == previous.day + 1 || (l.day == 1 && previous.day >= 29),
                    "{date}: {previous:?} then {l:?}"
                );
            }
            previous = l;
            date = date.succ_opt().expect("inside chrono's range");
        }
    }
}
