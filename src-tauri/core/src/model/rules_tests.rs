use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn dues(spec: &RuleSpec, level: u8, horizon: NaiveDate) -> Vec<(String, NaiveDate)> {
    spec.occurrences(level, horizon).expect("expands").into_iter().map(|o| (o.period, o.due_on)).collect()
}

const FAR: fn() -> NaiveDate = || date(2030, 12, 31);

#[test]
fn a_date_is_one_occurrence() {
    let spec = RuleSpec::Date { due: date(2023, 6, 23) };
    assert_eq!(dues(&spec, 2, FAR()), [("once".into(), date(2023, 6, 23))]);
}

#[test]
fn month_and_quarter_fall_due_on_their_last_day_including_leap_february() {
    assert_eq!(dues(&RuleSpec::Month { year: 2020, month: 12 }, 2, FAR()), [("once".into(), date(2020, 12, 31))]);
    assert_eq!(dues(&RuleSpec::Month { year: 2024, month: 2 }, 2, FAR()), [("once".into(), date(2024, 2, 29))]);
    assert_eq!(dues(&RuleSpec::Month { year: 2023, month: 2 }, 2, FAR()), [("once".into(), date(2023, 2, 28))]);
    assert_eq!(dues(&RuleSpec::Quarter { year: 2019, quarter: 1 }, 2, FAR()), [("once".into(), date(2019, 3, 31))]);
    assert_eq!(dues(&RuleSpec::Quarter { year: 2021, quarter: 3 }, 2, FAR()), [("once".into(), date(2021, 9, 30))]);
    assert!(RuleSpec::Quarter { year: 2021, quarter: 5 }.validate().is_err());
    assert!(RuleSpec::Month { year: 2021, month: 13 }.validate().is_err());
}

#[test]
fn a_range_is_due_on_its_end() {
    let spec = RuleSpec::Range { start: date(2024, 11, 15), end: date(2024, 12, 15) };
    let occ = spec.occurrences(2, FAR()).expect("expands");
    assert_eq!(occ, [Occurrence { period: "once".into(), starts_on: Some(date(2024, 11, 15)), due_on: date(2024, 12, 15) }]);
    assert!(RuleSpec::Range { start: date(2024, 12, 16), end: date(2024, 12, 15) }.validate().is_err());
}

#[test]
fn six_monthly_and_yearly_reports_of_the_lai_chau_plan_recur_every_year() {
    // "báo cáo 6 tháng trước ngày 30/5 và báo cáo năm trước ngày 30/11" in a plan of 24/4/2024.
    let six_month = RuleSpec::Recurring {
        frequency: Frequency::Yearly,
        due_month: 5,
        day: 30,
        from: date(2024, 4, 24),
        until: None,
    };
    let yearly = RuleSpec::Recurring {
        frequency: Frequency::Yearly,
        due_month: 11,
        day: 30,
        from: date(2024, 4, 24),
        until: None,
    };
    assert_eq!(
        dues(&six_month, 2, date(2026, 12, 31)),
        [("2024".into(), date(2024, 5, 30)), ("2025".into(), date(2025, 5, 30)), ("2026".into(), date(2026, 5, 30))]
    );
    assert_eq!(dues(&yearly, 2, date(2025, 12, 31)), [("2024".into(), date(2024, 11, 30)), ("2025".into(), date(2025, 11, 30))]);
}

#[test]
fn monthly_day_past_month_end_uses_the_last_day_across_leap_years() {
    let spec = RuleSpec::Recurring {
        frequency: Frequency::Monthly,
        due_month: 1,
        day: 31,
        from: date(2023, 12, 1),
        until: Some(date(2024, 4, 30)),
    };
    assert_eq!(
        dues(&spec, 3, FAR()),
        [
            ("2023-12".into(), date(2023, 12, 31)),
            ("2024-01".into(), date(2024, 1, 31)),
            ("2024-02".into(), date(2024, 2, 29)),
            ("2024-03".into(), date(2024, 3, 31)),
            ("2024-04".into(), date(2024, 4, 30)),
        ]
    );
}

#[test]
fn monthly_before_the_28th_starts_at_the_first_due_date_after_from() {
    // "trước ngày 28 hằng tháng" from 29/01/2025: January's date has passed, so February first.
    let spec = RuleSpec::Recurring {
        frequency: Frequency::Monthly,
        due_month: 1,
        day: 28,
        from: date(2025, 1, 29),
        until: Some(date(2025, 4, 1)),
    };
    assert_eq!(dues(&spec, 3, FAR()), [("2025-02".into(), date(2025, 2, 28)), ("2025-03".into(), date(2025, 3, 28))]);
}

#[test]
fn quarterly_report_due_in_the_first_month_of_the_next_quarter_crosses_the_year() {
    // "trước ngày 10 của tháng đầu quý sau".
    let spec = RuleSpec::Recurring {
        frequency: Frequency::Quarterly,
        due_month: 4,
        day: 10,
        from: date(2024, 7, 1),
        until: Some(date(2025, 7, 31)),
    };
    assert_eq!(
        dues(&spec, 2, FAR()),
        [
            ("2024-Q2".into(), date(2024, 7, 10)),
            ("2024-Q3".into(), date(2024, 10, 10)),
            ("2024-Q4".into(), date(2025, 1, 10)),
            ("2025-Q1".into(), date(2025, 4, 10)),
            ("2025-Q2".into(), date(2025, 7, 10)),
        ]
    );
}

#[test]
fn half_yearly_and_open_ended_rules_stop_at_the_horizon() {
    let spec = RuleSpec::Recurring {
        frequency: Frequency::HalfYearly,
        due_month: 6,
        day: 15,
        from: date(2025, 1, 1),
        until: None,
    };
    assert_eq!(
        dues(&spec, 2, date(2026, 6, 14)),
        [("2025-H1".into(), date(2025, 6, 15)), ("2025-H2".into(), date(2025, 12, 15))]
    );
}

#[test]
fn tiered_rules_give_each_level_its_date_and_the_nearest_level_otherwise() {
    // "cấp cơ sở trước 15/5; huyện trước 31/5; tỉnh trước 10/6".
    let spec = RuleSpec::Tiered {
        tiers: vec![
            Tier { level: 3, due: date(2017, 5, 15) },
            Tier { level: 2, due: date(2017, 5, 31) },
            Tier { level: 1, due: date(2017, 6, 10) },
        ],
    };
    assert_eq!(dues(&spec, 3, FAR())[0].1, date(2017, 5, 15));
    assert_eq!(dues(&spec, 2, FAR())[0].1, date(2017, 5, 31));
    assert_eq!(dues(&spec, 1, FAR())[0].1, date(2017, 6, 10));
    assert_eq!(dues(&spec, 4, FAR())[0].1, date(2017, 5, 15), "a chi hội takes the commune date");
    let duplicate = RuleSpec::Tiered { tiers: vec![Tier { level: 2, due: date(2017, 5, 31) }, Tier { level: 2, due: date(2017, 6, 1) }] };
    assert!(duplicate.validate().is_err());
}

#[test]
fn rules_round_trip_through_json_as_documented() {
    let json = r#"{"kind":"recurring","frequency":"yearly","dueMonth":11,"day":30,"from":"2024-04-24","until":null}"#;
    let spec: RuleSpec = serde_json::from_str(json).expect("parses");
    assert_eq!(serde_json::to_string(&spec).expect("serialises"), json);
    let tiered: RuleSpec =
        serde_json::from_str(r#"{"kind":"tiered","tiers":[{"level":3,"due":"2017-05-15"}]}"#).expect("parses");
    assert_eq!(tiered.describe(), "Theo cấp — cấp 3: 15/05/2017");
    let levels = [LevelName { rank: 3, name: "Xã/Phường".into() }];
    assert_eq!(tiered.describe_with_levels(&levels), "Theo cấp — cấp Xã/Phường: 15/05/2017");
}
