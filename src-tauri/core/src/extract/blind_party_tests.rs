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

fn relative(event: &str, offset_days: i32) -> RuleSpec {
    RuleSpec::Relative { event: event.into(), offset_days, event_date: None }
}

#[test]
fn an_event_of_many_words_or_counted_in_hours_is_read_whole() {
    let text = format!(
        "{PARTY_HEAD}1. Trung tâm cấp giấy chứng nhận chậm nhất 15 ngày kể từ ngày ký quyết định công nhận hoàn thành chương trình bồi dưỡng và gửi danh sách về Ban.\n\n2. Cơ quan chủ quản dữ liệu phải thông báo công khai trong vòng 24 giờ kể từ thời điểm ngừng cung cấp dịch vụ chia sẻ dữ liệu.\n\n3. Cơ quan chủ quản dữ liệu thông báo cho cơ quan khai thác chậm nhất 1 ngày kể từ thời điểm xác định vi phạm những nội dung sau:\n\n- Sai mục đích.{PARTY_CLOSE}"
    );
    let e = extract_text(&text).expect("extracts");
    let got = rules(&e);
    for want in [
        relative("ký quyết định công nhận hoàn thành chương trình bồi dưỡng", 15),
        relative("ngừng cung cấp dịch vụ chia sẻ dữ liệu", 1),
        relative("xác định vi phạm", 1),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
}
