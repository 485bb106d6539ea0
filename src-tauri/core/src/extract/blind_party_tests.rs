//! The miss families of the first run of blind batch 2026-12-03-party (`docs/extraction.md`): one
//! test per family, over short texts written for the family (never the batch's documents).

use chrono::NaiveDate;

use super::*;
use crate::deadlines::RuleSpec;

#[allow(dead_code)]
fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Per deadline: the task's office phrases, the deadline's submitter and its rule.
#[allow(dead_code)]
fn deadlines(e: &Extraction) -> Vec<(Vec<String>, Option<String>, RuleSpec)> {
    e.plan
        .tasks
        .iter()
        .zip(&e.tasks)
        .flat_map(|(t, x)| t.deadlines.iter().zip(&x.deadlines).map(move |(d, xd)| (x.assignees.clone(), xd.submitter.clone(), d.rule.clone())))
        .collect()
}

#[allow(dead_code)]
fn rules(e: &Extraction) -> Vec<RuleSpec> {
    deadlines(e).into_iter().map(|(_, _, r)| r).collect()
}

/// A Party commission's heading as a web page's table converted to Markdown: the Central
/// Committee's name wrapped inside its cell, the Party's name in the right cell above the date.
const PARTY_HEAD: &str = "|\nBAN CHẤP HÀNH\nTRUNG ƯƠNG\n**BAN DÂN VẬN**\n*\n|\n**ĐẢNG CỘNG SẢN\nVIỆT NAM**\n---------------\n|\n|\nSố 12-HD/BDVTW\n|\n*Hà Nội, ngày 05\ntháng 12 năm 2025*\n|\n\n\n**HƯỚNG DẪN**\n\nVỀ CÔNG TÁC DÂN VẬN NĂM 2026\n\n";

const PARTY_CLOSE: &str = "\n\n|\nNơi nhận:\n- Các tỉnh ủy, thành ủy,\n- Lưu VP.\n|\n**K/T TRƯỞNG BAN**\nPHÓ TRƯỞNG BAN\n**Nguyễn Văn An**\n|\n";

#[test]
fn the_party_heading_gives_the_issuer_in_its_lines_and_the_place_without_the_party_name() {
    let text = format!("{PARTY_HEAD}1. Các tỉnh ủy báo cáo Ban Dân vận Trung ương trước ngày 15/12/2026.{PARTY_CLOSE}");
    let e = extract_text(&text).expect("extracts");
    let d = &e.plan.document;
    assert_eq!(d.issuer, "BAN CHẤP HÀNH TRUNG ƯƠNG\nBAN DÂN VẬN");
    assert_eq!(d.place, "Hà Nội");
    assert_eq!(d.issued_on, Some(day(2025, 12, 5)));
    assert_eq!((d.number.as_str(), d.symbol.as_str()), ("12", "HD/BDVTW"));
    assert_eq!(d.signer, "Nguyễn Văn An");
}
