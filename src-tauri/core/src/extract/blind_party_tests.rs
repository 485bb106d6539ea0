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

#[test]
fn a_month_of_each_year_is_a_yearly_report_due_that_months_last_day() {
    let text = format!(
        "{PARTY_HEAD}1. Chế độ báo cáo\n\n- Tháng 11 hằng năm, Trung tâm có văn bản báo cáo cấp ủy xã về công tác bồi dưỡng.\n\n2. Hằng năm, các cấp ủy báo cáo cấp trên trực tiếp về kết quả rà soát quy hoạch trong Quý II, chậm nhất tháng 6.\n\n3. Các cơ quan chủ quản dữ liệu ban hành văn bản về nội dung chia sẻ (tần suất chia sẻ, định dạng); định kỳ hằng năm (trước ngày 25/12 trong năm) gửi báo cáo về Văn phòng Trung ương Đảng.{PARTY_CLOSE}"
    );
    let e = extract_text(&text).expect("extracts");
    let got = deadlines(&e);
    let yearly = |m: u32, d: u32| RuleSpec::Recurring {
        frequency: crate::deadlines::Frequency::Yearly,
        due_month: m,
        day: d,
        from: day(2025, 12, 5),
        until: Some(day(2026, 12, 31)),
    };
    let rules: Vec<&RuleSpec> = got.iter().map(|(_, _, r)| r).collect();
    assert_eq!(rules, vec![&yearly(11, 30), &yearly(6, 30), &yearly(12, 25)], "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("Trung tâm"));
    assert!(got[1].0.iter().any(|a| a == "các cấp ủy") || got[1].1.as_deref() == Some("các cấp ủy"), "{got:?}");
}

#[test]
fn by_a_month_at_the_latest_is_by_its_end_and_before_a_month_by_the_end_of_the_one_before() {
    let text = format!("{PARTY_HEAD}1. Các tỉnh ủy gửi báo cáo về Ban Dân vận Trung ương chậm nhất tháng 6/2026.\n\n2. Các thành ủy gửi báo cáo về Ban Dân vận Trung ương trước tháng 6/2026.{PARTY_CLOSE}");
    let e = extract_text(&text).expect("extracts");
    assert_eq!(rules(&e), vec![RuleSpec::Month { year: 2026, month: 6 }, RuleSpec::Month { year: 2026, month: 5 }]);
}

#[test]
fn who_acts_after_a_condition_or_in_the_sentence_before_a_time() {
    let text = format!(
        "{PARTY_HEAD}1. Trong trường hợp tạm ngừng kết nối theo Điểm a, Khoản 1 Điều này, chủ quản dữ liệu trong các cơ quan đảng phải thông báo công khai trong vòng 24 giờ kể từ thời điểm ngừng cung cấp dịch vụ.\n\n2. Những kiến nghị thuộc thẩm quyền, lãnh đạo Văn phòng sẽ chỉ đạo giải quyết kịp thời. Văn phòng sẽ phối hợp với các cơ quan liên quan tham mưu đề xuất cấp có thẩm quyền xem xét. Thời gian hoàn thành trước ngày 30/12/2026.\n\n3. Giáo vụ có trách nhiệm công bố điểm bài thu hoạch, chậm nhất 03 ngày kể từ ngày nhận kết quả chấm bài thu hoạch.{PARTY_CLOSE}"
    );
    let e = extract_text(&text).expect("extracts");
    let got = deadlines(&e);
    let who = |r: &RuleSpec| got.iter().find(|(_, _, g)| g == r).and_then(|(_, s, _)| s.clone());
    assert_eq!(who(&relative("ngừng cung cấp dịch vụ", 1)).as_deref(), Some("chủ quản dữ liệu trong các cơ quan đảng"), "{got:?}");
    assert_eq!(who(&RuleSpec::Date { due: day(2026, 12, 30) }).as_deref(), Some("Văn phòng"), "{got:?}");
    assert_eq!(who(&relative("nhận kết quả chấm bài thu hoạch", 3)).as_deref(), Some("Giáo vụ"), "{got:?}");
}

#[test]
fn a_years_span_without_a_year_is_no_deadline() {
    let text = format!("{PARTY_HEAD}1. Số vào sổ gốc cấp giấy chứng nhận được lập liên tục theo từng năm từ ngày 01/01 đến hết ngày 31/12.\n\n2. Các tỉnh ủy tổ chức tuyên truyền từ ngày 01/12 đến hết ngày 31/12.{PARTY_CLOSE}");
    let e = extract_text(&text).expect("extracts");
    assert_eq!(rules(&e), vec![RuleSpec::Range { start: day(2025, 12, 1), end: day(2025, 12, 31) }]);
}

#[test]
fn who_acts_through_a_relative_clause_and_in_a_condition() {
    let text = format!(
        "{PARTY_HEAD}1. Giảng viên chấm bài thu hoạch có trách nhiệm nộp điểm chấm cho giáo vụ chậm nhất 03 ngày kể từ ngày nhận bài chấm.\n\n2. Cơ quan chủ quản dữ liệu được quyền chấm dứt kết nối nếu cơ quan khai thác không khắc phục được các sai sót trong vòng 30 ngày kể từ khi nhận được thông báo.{PARTY_CLOSE}"
    );
    let e = extract_text(&text).expect("extracts");
    let got = deadlines(&e);
    let who = |r: &RuleSpec| got.iter().find(|(_, _, g)| g == r).and_then(|(_, s, _)| s.clone());
    assert_eq!(who(&relative("nhận bài chấm", 3)).as_deref(), Some("Giảng viên chấm bài thu hoạch"), "{got:?}");
    assert_eq!(who(&relative("nhận được thông báo", 30)).as_deref(), Some("cơ quan khai thác"), "{got:?}");
}

#[test]
fn a_topic_after_ve_is_no_recipient() {
    let text = format!("{PARTY_HEAD}1. Các tỉnh ủy gửi báo cáo về công tác dân vận trước ngày 15/12/2026.\n\n2. Các thành ủy gửi báo cáo về Ban Dân vận Trung ương trước ngày 20/12/2026.{PARTY_CLOSE}");
    let e = extract_text(&text).expect("extracts");
    let to: Vec<Option<String>> = e.tasks.iter().flat_map(|t| t.deadlines.iter().map(|d| d.report_to.clone())).collect();
    assert_eq!(to, vec![None, Some("Ban Dân vận Trung ương".to_string())]);
}
