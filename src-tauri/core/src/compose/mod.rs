//! Writing the reports a plan asks for, and reading them back: "Soạn báo cáo" drafts the Word
//! skeleton of an office's report for a deadline from the outline (đề cương) its rule carries, laid
//! out after Nghị định 30/2020; "Tổng hợp báo cáo" reads the reports the sub-offices sent for one
//! deadline, finds the outline's headings in each and writes one Word file with, under each
//! heading, what each office wrote, and who sent what when.
//!
//! The documents are built as [`crate::docx::WordDocument`]s; the reports are read with the plan
//! reader (`extract`), so a report is read as a plan is: Word's numbering, tables, legacy fonts.

pub mod bench;
mod heading;
mod matching;
pub mod skeleton;
pub mod synthesis;
#[cfg(test)]
mod tests;

pub use skeleton::{ReportStyle, SkeletonOptions};
pub use synthesis::{OfficeReport, ReportFile, SynthesisHeading, SynthesisOutcome, SynthesisRequest, SubmissionStatus, compile};

use chrono::NaiveDate;

use crate::model::documents::NumberStyle;

/// The period of a deadline in words: "6 tháng đầu năm 2026", "quý III năm 2026", "tháng 5 năm
/// 2026", "năm 2026"; empty for a one-off deadline.
pub fn period_words(period: &str) -> String {
    let (year, rest) = match period.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (period, None),
    };
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return String::new();
    }
    match rest {
        None => format!("năm {year}"),
        Some("H1") => format!("6 tháng đầu năm {year}"),
        Some("H2") => format!("6 tháng cuối năm {year}"),
        Some(q) if q.starts_with('Q') => {
            let roman = match &q[1..] {
                "1" => "I",
                "2" => "II",
                "3" => "III",
                "4" => "IV",
                _ => return String::new(),
            };
            format!("quý {roman} năm {year}")
        }
        Some(m) => match m.parse::<u32>() {
            Ok(month @ 1..=12) => format!("tháng {month} năm {year}"),
            _ => String::new(),
        },
    }
}

/// "Kế hoạch số 215/KH-HPN ngày 12/9/2023": a document cited by kind, number and date.
pub fn cited(kind_name: &str, number: &str, symbol: &str, style: NumberStyle, issued_on: Option<NaiveDate>) -> String {
    let mut out = kind_name.to_string();
    if !number.trim().is_empty() {
        let sep = if style == NumberStyle::Party { '-' } else { '/' };
        out.push_str(&format!(" số {}{sep}{}", number.trim(), symbol.trim()));
    }
    if let Some(d) = issued_on {
        out.push_str(&format!(" ngày {}", d.format("%d/%m/%Y")));
    }
    out
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn periods_and_citations_in_words() {
        assert_eq!(period_words("2026-H1"), "6 tháng đầu năm 2026");
        assert_eq!(period_words("2026-Q3"), "quý III năm 2026");
        assert_eq!(period_words("2026-05"), "tháng 5 năm 2026");
        assert_eq!(period_words("2026"), "năm 2026");
        assert_eq!(period_words("once"), "");
        let d = NaiveDate::from_ymd_opt(2023, 9, 12);
        assert_eq!(cited("Kế hoạch", "215", "KH-HPN", NumberStyle::State, d), "Kế hoạch số 215/KH-HPN ngày 12/09/2023");
        assert_eq!(cited("Kế hoạch", "127", "KH/TU", NumberStyle::Party, None), "Kế hoạch số 127-KH/TU");
    }
}
