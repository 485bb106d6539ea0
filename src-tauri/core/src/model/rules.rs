//! Deadline rules as plans state them, and their expansion into dated periods.
//!
//! A rule is pure data (stored as JSON, carried in plan files and bundles); [`RuleSpec::occurrences`]
//! turns it into (period, start, due date) triples without touching the store, so every machine
//! expanding the same rule gets the same dates.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::offices::LevelName;

/// How often a recurring report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Frequency {
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Frequency {
    /// Length of one period in months.
    pub fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::HalfYearly => 6,
            Frequency::Yearly => 12,
        }
    }
}

/// One level's date in a tiered rule ("cơ sở trước 15/5; huyện trước 31/5; tỉnh trước 10/6").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tier {
    pub level: u8,
    #[ts(type = "string")]
    pub due: NaiveDate,
}

/// Every way a plan states a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum RuleSpec {
    /// A date: "trước ngày 23/6/2023", "chậm nhất ngày 06/6".
    #[serde(rename_all = "camelCase")]
    Date {
        #[ts(type = "string")]
        due: NaiveDate,
    },
    /// Within a month: "trong tháng 12/2020" — due on its last day.
    #[serde(rename_all = "camelCase")]
    Month { year: i32, month: u32 },
    /// Within a quarter: "trong quý I-2019" — due on its last day.
    #[serde(rename_all = "camelCase")]
    Quarter { year: i32, quarter: u32 },
    /// A range: "từ ngày 15/11 đến ngày 15/12/2024" — due on its end.
    #[serde(rename_all = "camelCase")]
    Range {
        #[ts(type = "string")]
        start: NaiveDate,
        #[ts(type = "string")]
        end: NaiveDate,
    },
    /// A periodic report: due on `day` of the `due_month`-th month counted from the start of each
    /// period (1 = the period's first month; past the period's length means the following period).
    /// "trước ngày 28 hằng tháng" = monthly, month 1, day 28; "báo cáo năm trước ngày 30/11" =
    /// yearly, month 11, day 30; "trước ngày 10 của tháng đầu quý sau" = quarterly, month 4, day 10.
    /// A day past the month's end means its last day (31 → 28/29 February).
    #[serde(rename_all = "camelCase")]
    Recurring {
        frequency: Frequency,
        due_month: u32,
        day: u32,
        /// No instance falls before this date (usually the plan's date).
        #[ts(type = "string")]
        from: NaiveDate,
        /// No instance falls after this date; open-ended when absent.
        #[ts(type = "string | null")]
        until: Option<NaiveDate>,
    },
    /// Different dates per level of the assigned offices.
    #[serde(rename_all = "camelCase")]
    Tiered { tiers: Vec<Tier> },
    /// Days before (negative) or after (positive) an event: "15 ngày trước Đại hội" = −15,
    /// "sau 01 ngày kể từ khi kết thúc Hội nghị" = 1. Due once the event's date is known
    /// (`eventDate`, entered by the reviewer or given by the plan); until then no instance.
    #[serde(rename_all = "camelCase")]
    Relative {
        event: String,
        offset_days: i32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional, type = "string")]
        event_date: Option<NaiveDate>,
    },
}

/// One dated occurrence of a rule for one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// "once" for one-off rules; "2024", "2024-H1", "2024-Q3", "2024-05" for recurring ones.
    pub period: String,
    pub starts_on: Option<NaiveDate>,
    pub due_on: NaiveDate,
}

/// The earliest year a recurring rule may start in: its periods are expanded from its start, so a
/// start a century back would make every store write a century of deadlines for every office.
pub const EARLIEST_RECURRING_YEAR: i32 = 1990;

/// Most occurrences one rule may produce (a monthly rule over 100 years), to stop runaway input.
const MAX_OCCURRENCES: usize = 1200;

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| Error::invalid(format!("Ngày {day:02}/{month:02}/{year} không tồn tại.")))
}

/// The given day of a month, or the month's last day when it is shorter.
fn clamped_day(first_of_month: NaiveDate, day: u32) -> NaiveDate {
    let last = last_day_of_month(first_of_month);
    first_of_month.with_day(day.min(last.day())).unwrap_or(last)
}

/// The last day of the month containing `date`.
pub fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(date)
}

fn roman(n: u32) -> &'static str {
    ["I", "II", "III", "IV"].get(n.saturating_sub(1) as usize).copied().unwrap_or("?")
}

impl RuleSpec {
    /// Checks that the rule can produce dates at all, each of them in [`crate::model::years::YEARS`].
    pub fn validate(&self) -> Result<()> {
        self.check_years()?;
        match self {
            RuleSpec::Date { .. } => Ok(()),
            RuleSpec::Month { year, month } => ymd(*year, *month, 1).map(|_| ()),
            RuleSpec::Quarter { year, quarter } => {
                if (1..=4).contains(quarter) {
                    ymd(*year, 1, 1).map(|_| ())
                } else {
                    Err(Error::invalid(format!("Quý {quarter} không hợp lệ: chỉ có quý I đến IV.")))
                }
            }
            RuleSpec::Range { start, end } => {
                if start <= end {
                    Ok(())
                } else {
                    Err(Error::invalid(format!(
                        "Khoảng thời gian không hợp lệ: ngày bắt đầu {} sau ngày kết thúc {}.",
                        start.format("%d/%m/%Y"),
                        end.format("%d/%m/%Y")
                    )))
                }
            }
            RuleSpec::Recurring { frequency, due_month, day, from, until } => {
                if !(1..=31).contains(day) {
                    return Err(Error::invalid(format!("Ngày {day} trong tháng không hợp lệ (1–31).")));
                }
                if *due_month < 1 || *due_month > frequency.months() * 2 {
                    return Err(Error::invalid(format!(
                        "Tháng nộp thứ {due_month} không hợp lệ cho kỳ {} tháng.",
                        frequency.months()
                    )));
                }
                if until.is_some_and(|u| u < *from) {
                    return Err(Error::invalid("Ngày kết thúc của hạn định kỳ phải sau ngày bắt đầu."));
                }
                if from.year() < EARLIEST_RECURRING_YEAR {
                    return Err(Error::invalid(format!(
                        "Hạn định kỳ phải bắt đầu từ năm {EARLIEST_RECURRING_YEAR} trở đi (đang là {}). Hãy sửa ngày bắt đầu.",
                        from.format("%d/%m/%Y")
                    )));
                }
                Ok(())
            }
            RuleSpec::Tiered { tiers } => {
                if tiers.is_empty() {
                    return Err(Error::invalid("Hạn theo cấp cần ít nhất một cấp và ngày."));
                }
                let mut levels: Vec<u8> = tiers.iter().map(|t| t.level).collect();
                levels.sort_unstable();
                levels.dedup();
                if levels.len() != tiers.len() {
                    return Err(Error::invalid("Mỗi cấp chỉ có một hạn trong hạn theo cấp."));
                }
                Ok(())
            }
            RuleSpec::Relative { event, offset_days, event_date } => {
                if event.trim().is_empty() {
                    return Err(Error::invalid("Hạn tính theo sự kiện cần tên sự kiện (ví dụ «Đại hội»)."));
                }
                if offset_days.abs() > 3660 {
                    return Err(Error::invalid(format!("Số ngày {offset_days} so với sự kiện quá lớn (tối đa 3660 ngày).")));
                }
                if let Some(d) = event_date
                    && d.checked_add_signed(chrono::Duration::days(i64::from(*offset_days))).is_none()
                {
                    return Err(Error::invalid("Ngày vượt quá giới hạn lịch."));
                }
                Ok(())
            }
        }
    }

    /// The due date of a rule relative to an event, once the event's date is known.
    pub fn relative_due(&self) -> Option<NaiveDate> {
        match self {
            RuleSpec::Relative { offset_days, event_date: Some(d), .. } => {
                d.checked_add_signed(chrono::Duration::days(i64::from(*offset_days)))
            }
            _ => None,
        }
    }

    /// Every date and year the rule states is one the store keeps ([`crate::model::years::check_year`]).
    fn check_years(&self) -> Result<()> {
        let first_of = |year: i32| NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| Error::invalid(format!("Năm {year} không hợp lệ.")));
        let dates: Vec<NaiveDate> = match self {
            RuleSpec::Date { due } => vec![*due],
            RuleSpec::Month { year, .. } | RuleSpec::Quarter { year, .. } => vec![first_of(*year)?],
            RuleSpec::Range { start, end } => vec![*start, *end],
            RuleSpec::Recurring { from, until, .. } => std::iter::once(*from).chain(*until).collect(),
            RuleSpec::Tiered { tiers } => tiers.iter().map(|t| t.due).collect(),
            RuleSpec::Relative { event_date, .. } => event_date.iter().copied().chain(self.relative_due()).collect(),
        };
        dates.into_iter().try_for_each(|date| crate::model::years::check_year(date, "Ngày của hạn"))
    }

    /// Whether the rule repeats (its expansion depends on the horizon).
    pub fn is_recurring(&self) -> bool {
        matches!(self, RuleSpec::Recurring { .. })
    }

    /// The occurrences of this rule for an office of `level`, up to `horizon` for open-ended
    /// recurring rules.
    pub fn occurrences(&self, level: u8, horizon: NaiveDate) -> Result<Vec<Occurrence>> {
        self.validate()?;
        let once = |starts_on: Option<NaiveDate>, due_on: NaiveDate| {
            vec![Occurrence { period: "once".into(), starts_on, due_on }]
        };
        Ok(match self {
            RuleSpec::Date { due } => once(None, *due),
            RuleSpec::Month { year, month } => {
                let first = ymd(*year, *month, 1)?;
                once(Some(first), last_day_of_month(first))
            }
            RuleSpec::Quarter { year, quarter } => {
                let first = ymd(*year, (quarter - 1) * 3 + 1, 1)?;
                let last_month = first.checked_add_months(Months::new(2)).unwrap_or(first);
                once(Some(first), last_day_of_month(last_month))
            }
            RuleSpec::Range { start, end } => once(Some(*start), *end),
            // No date for the event yet: nothing is due until the reviewer enters it.
            RuleSpec::Relative { .. } => self.relative_due().map_or_else(Vec::new, |due| once(None, due)),
            RuleSpec::Tiered { tiers } => {
                // The office's own level, else the nearest level stated (ties go to the higher level).
                let tier = tiers
                    .iter()
                    .min_by_key(|t| ((i16::from(t.level) - i16::from(level)).abs(), t.level))
                    .ok_or_else(|| Error::invalid("Hạn theo cấp cần ít nhất một cấp và ngày."))?;
                once(None, tier.due)
            }
            RuleSpec::Recurring { frequency, due_month, day, from, until } => {
                let end = until.map_or(horizon, |u| u.min(horizon));
                let step = frequency.months();
                // The period containing `from`, then one period at a time.
                let period_month0 = (from.month0() / step) * step;
                let mut period_start = ymd(from.year(), period_month0 + 1, 1)?;
                // A due month past the period's length falls in the next period, so a period that
                // started before `from` may still have its due date after `from`.
                period_start = period_start
                    .checked_sub_months(Months::new(step * ((*due_month - 1) / step)))
                    .unwrap_or(period_start);
                let mut out = Vec::new();
                while out.len() < MAX_OCCURRENCES {
                    let due_first = period_start
                        .checked_add_months(Months::new(due_month - 1))
                        .ok_or_else(|| Error::invalid("Ngày vượt quá giới hạn lịch."))?;
                    let due_on = clamped_day(due_first, *day);
                    if due_on > end {
                        break;
                    }
                    if due_on >= *from {
                        out.push(Occurrence { period: period_key(*frequency, period_start), starts_on: None, due_on });
                    }
                    period_start = period_start
                        .checked_add_months(Months::new(step))
                        .ok_or_else(|| Error::invalid("Ngày vượt quá giới hạn lịch."))?;
                }
                out
            }
        })
    }

    /// A short Vietnamese description: "Trước ngày 23/06/2023", "Hằng năm, trước ngày 30/11"; the
    /// levels of a tiered rule by number ("cấp 3"), see [`RuleSpec::describe_with_levels`].
    pub fn describe(&self) -> String {
        self.describe_with_levels(&[])
    }

    /// The description, with the levels of a tiered rule by their names in `levels` ("cấp Huyện"),
    /// by number where a level has no name.
    pub fn describe_with_levels(&self, levels: &[LevelName]) -> String {
        let d = |date: &NaiveDate| date.format("%d/%m/%Y").to_string();
        match self {
            RuleSpec::Date { due } => format!("Trước ngày {}", d(due)),
            RuleSpec::Month { year, month } => format!("Trong tháng {month:02}/{year}"),
            RuleSpec::Quarter { year, quarter } => format!("Trong quý {} năm {year}", roman(*quarter)),
            RuleSpec::Range { start, end } => format!("Từ ngày {} đến ngày {}", d(start), d(end)),
            RuleSpec::Recurring { frequency, due_month, day, until, .. } => {
                let base = match frequency {
                    Frequency::Monthly if *due_month == 1 => format!("Hằng tháng, trước ngày {day}"),
                    Frequency::Monthly => format!("Hằng tháng, trước ngày {day} tháng sau"),
                    Frequency::Quarterly => format!("Hằng quý, trước ngày {day} của {}", due_month_label(*frequency, *due_month)),
                    Frequency::HalfYearly => format!("6 tháng một lần, trước ngày {day} tháng thứ {due_month} của kỳ"),
                    Frequency::Yearly if *due_month <= 12 => format!("Hằng năm, trước ngày {day}/{due_month}"),
                    Frequency::Yearly => format!("Hằng năm, trước ngày {day}/{} năm sau", due_month - 12),
                };
                match until {
                    Some(until) => format!("{base} (đến {})", d(until)),
                    None => base,
                }
            }
            RuleSpec::Tiered { tiers } => {
                let level = |rank: u8| match levels.iter().find(|l| l.rank == rank) {
                    Some(l) => l.name.clone(),
                    None => rank.to_string(),
                };
                let parts: Vec<String> = tiers.iter().map(|t| format!("cấp {}: {}", level(t.level), d(&t.due))).collect();
                format!("Theo cấp — {}", parts.join("; "))
            }
            RuleSpec::Relative { event, offset_days, event_date } => {
                let base = match offset_days {
                    0 => format!("Ngày {event}"),
                    n if *n < 0 => format!("{} ngày trước {event}", -n),
                    n => format!("{n} ngày sau {event}"),
                };
                match (event_date, self.relative_due()) {
                    (Some(e), Some(due)) => format!("{base} ({event} ngày {}: hạn {})", d(e), d(&due)),
                    _ => format!("{base} (chưa có ngày {event})"),
                }
            }
        }
    }
}

fn period_key(frequency: Frequency, start: NaiveDate) -> String {
    let year = start.year();
    match frequency {
        Frequency::Monthly => format!("{year}-{:02}", start.month()),
        Frequency::Quarterly => format!("{year}-Q{}", start.month0() / 3 + 1),
        Frequency::HalfYearly => format!("{year}-H{}", start.month0() / 6 + 1),
        Frequency::Yearly => format!("{year}"),
    }
}

/// How often a recurring rule comes back, as the rule editor offers it.
pub fn frequency_label(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Monthly => "Hằng tháng",
        Frequency::Quarterly => "Hằng quý",
        Frequency::HalfYearly => "6 tháng một lần",
        Frequency::Yearly => "Hằng năm",
    }
}

/// The due month of a recurring rule in words: months count from the first month of each period
/// (1 = the period's first month) up to twice the period's length (the following period's months).
pub fn due_month_label(frequency: Frequency, month: u32) -> String {
    match frequency {
        Frequency::Monthly if month == 1 => "ngay trong tháng".into(),
        Frequency::Monthly => "tháng sau".into(),
        Frequency::Quarterly => match month {
            1 => "tháng đầu quý".into(),
            2 => "tháng giữa quý".into(),
            3 => "tháng cuối quý".into(),
            4 => "tháng đầu quý sau".into(),
            5 => "tháng giữa quý sau".into(),
            6 => "tháng cuối quý sau".into(),
            m => format!("tháng thứ {m}"),
        },
        Frequency::HalfYearly if month <= 6 => format!("tháng thứ {month} của kỳ (tháng {month} và tháng {})", month + 6),
        Frequency::HalfYearly => {
            format!("tháng thứ {} của kỳ sau (tháng {month} và tháng {} năm sau)", month - 6, month - 6)
        }
        Frequency::Yearly if month <= 12 => format!("tháng {month}"),
        Frequency::Yearly => format!("tháng {} năm sau", month - 12),
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
