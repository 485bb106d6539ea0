//! The outline (đề cương) of a report, read from real plan texts: a content section, an appendix
//! after the signature, an outline document sent with a letter, a lead-in sentence; and none
//! where a plan gives none (the seed plans and every fixture of the extraction tests).

use std::path::Path;

use super::*;
use crate::model::outlines::HeadingStyle;

const OUTLINES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/outlines");
const EXTRACT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract");

fn lines(outline: &ReportOutline) -> Vec<String> {
    outline.headings.iter().map(|h| format!("{}{}", "  ".repeat(usize::from(h.depth) - 1), h.line())).collect()
}

#[test]
fn a_content_section_gives_the_outline_of_the_report_it_asks_for() {
    let e = extract_file(Path::new(OUTLINES).join("kh-tong-ket-chi-thi-21.txt")).expect("the plan reads");
    let outline = e.outline.clone().expect("section III lists what the report must contain");
    assert_eq!(
        lines(&outline),
        vec![
            "1. Đánh giá công tác chỉ đạo, triển khai thực hiện Chỉ thị",
            "  - Việc quán triệt, tuyên truyền, ban hành văn bản cụ thể hóa Chỉ thị của các cấp Hội",
            "  - Công tác kiểm tra, giám sát, sơ kết việc thực hiện Chỉ thị",
            "2. Kết quả thực hiện các nhiệm vụ, giải pháp",
            "  - Nâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền về công tác phụ nữ",
            "  - Công tác cán bộ nữ",
            "  - Xây dựng tổ chức Hội vững mạnh",
            "3. Đánh giá chung và bài học kinh nghiệm",
            "  - Ưu điểm; hạn chế, khuyết điểm và nguyên nhân",
            "  - Bài học kinh nghiệm",
            "4. Phương hướng, nhiệm vụ và giải pháp thời gian tới",
            "5. Đề xuất, kiến nghị",
        ]
    );
    assert_eq!(outline.headings[0].style, HeadingStyle::Number, "«1-» is a numbered heading");
    assert_eq!(outline.headings[3].notes, vec!["cần có số liệu so sánh giữa năm 2018 và năm 2023".to_string()], "the bracket is a note");
    assert_eq!(outline.headings[5].notes, vec!["nêu rõ tỷ lệ nữ tham gia cấp ủy, Hội đồng nhân dân các cấp.".to_string()], "after the colon is a note");
    assert_eq!(outline.headings[11].notes, vec!["Báo cáo không quá 10 trang, kèm theo biểu số liệu.".to_string()]);
    assert_eq!(outline.source, "III NỘI DUNG TỔNG KẾT");
    assert!(outline.validated().is_ok(), "what the reader finds passes the checks of the store");
    // The districts' report deadline carries it; the province's own draft too (both "báo cáo tổng kết").
    let with: Vec<&str> = e.plan.tasks.iter().flat_map(|t| &t.deadlines).filter(|d| d.outline.is_some()).map(|d| d.label.as_str()).collect();
    assert!(!with.is_empty(), "a report deadline carries the outline: {:#?}", e.plan.tasks);
    assert!(e.fields.iter().any(|f| f.field == "outline" && f.snippet.starts_with("III. NỘI DUNG TỔNG KẾT")), "the review can show where it was read");
}

#[test]
fn an_outline_document_sent_with_a_letter() {
    let outline = outline_file(Path::new(OUTLINES).join("de-cuong-so-ket-6-thang-2022.txt")).expect("the outline reads");
    assert_eq!(
        lines(&outline),
        vec![
            "I. ĐẶC ĐIỂM TÌNH HÌNH",
            "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TRỌNG TÂM",
            "  1. Công tác tuyên truyền, giáo dục",
            "  2. Công tác hỗ trợ phụ nữ phát triển kinh tế",
            "  3. Công tác xây dựng tổ chức Hội",
            "    a) Phát triển hội viên",
            "    b) Công tác cán bộ",
            "  4. Công tác kiểm tra, giám sát",
            "III. ĐÁNH GIÁ CHUNG",
            "  1. Ưu điểm",
            "  2. Hạn chế, nguyên nhân",
            "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2022",
            "V. ĐỀ XUẤT, KIẾN NGHỊ",
        ]
    );
    assert_eq!(outline.headings[0].notes, vec!["Nêu ngắn gọn những thuận lợi, khó khăn ảnh hưởng đến công tác Hội ở địa phương.".to_string()]);
    assert_eq!(outline.headings[3].notes, vec!["có số liệu so sánh với cùng kỳ năm 2021".to_string()]);
    assert_eq!(outline.headings[12].notes, vec!["Lưu ý: Số liệu tính từ ngày 15/12/2021 đến ngày 15/6/2022.".to_string()]);
    assert!(outline.source.starts_with("ĐỀ CƯƠNG BÁO CÁO Sơ kết công tác Hội"), "{}", outline.source);
    // The letter it came with says so, and gives no outline of its own.
    let letter = extract_file(Path::new(EXTRACT).join("cv-so-lieu.txt")).expect("the letter reads");
    assert!(letter.outline.is_none());
    assert!(letter.unresolved.iter().any(|i| i.kind == IssueKind::OutlineSeparate), "the reviewer is told to open the outline");
}

#[test]
fn an_outline_appendix_after_the_signature() {
    let e = extract_file(Path::new(OUTLINES).join("kh-so-ket-phu-luc-de-cuong.txt")).expect("the plan reads");
    let outline = e.outline.clone().expect("the appendix is the outline");
    assert_eq!(
        lines(&outline),
        vec![
            "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
            "II. KẾT QUẢ THỰC HIỆN",
            "  1. Tuyên truyền, nâng cao nhận thức về khởi nghiệp",
            "    1.1. Số buổi tuyên truyền, số lượt phụ nữ tham gia",
            "    1.2. Các hình thức tuyên truyền mới",
            "  2. Hỗ trợ ý tưởng, dự án khởi nghiệp",
            "    - Số ý tưởng được hỗ trợ; số hợp tác xã, tổ hợp tác do phụ nữ làm chủ",
            "  3. Kết nối nguồn vốn",
            "III. ĐÁNH GIÁ CHUNG",
            "  a) Ưu điểm",
            "  b) Hạn chế, nguyên nhân",
            "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        ]
    );
    assert_eq!(outline.notes, vec!["Phần mở đầu nêu khái quát đặc điểm tình hình của địa phương.".to_string()]);
    assert!(outline.source.starts_with("ĐỀ CƯƠNG GỢI Ý BÁO CÁO SƠ KẾT"));
    // The appendix is no task of its own: the plan still has its two deadlines, and the communes'
    // report carries the outline.
    let deadlines: Vec<&PlanDeadline> = e.plan.tasks.iter().flat_map(|t| &t.deadlines).collect();
    assert_eq!(deadlines.len(), 2, "{deadlines:#?}");
    assert!(deadlines.iter().all(|d| d.outline.is_some()), "both are reports of the sơ kết: {deadlines:#?}");
}

#[test]
fn a_lead_in_sentence_announces_the_list() {
    let text = "HỘI LHPN TỈNH ĐIỆN BIÊN\nBAN THƯỜNG VỤ\nSố: 88/HPN-TC\nV/v báo cáo công tác cán bộ năm 2024\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐiện Biên, ngày 04 tháng 11 năm 2024\n\nKính gửi: Hội LHPN các huyện, thị xã, thành phố\n\nĐể tổng hợp báo cáo Trung ương Hội, Ban Thường vụ Hội LHPN tỉnh đề nghị Hội LHPN các huyện, thị xã, thành phố báo cáo công tác cán bộ năm 2024, gửi về Ban Tổ chức trước ngày 25/11/2024. Báo cáo tập trung vào các nội dung sau:\n1. Số lượng, chất lượng đội ngũ cán bộ Hội cấp huyện, cấp xã.\n2. Công tác quy hoạch, đào tạo, bồi dưỡng cán bộ (có số liệu so sánh với năm 2023).\n3. Đề xuất, kiến nghị.\nĐề nghị các đơn vị quan tâm thực hiện./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT, TC.\nTM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH\n\n\nLò Thị Hoa\n";
    let e = extract_text(text).expect("the letter reads");
    let outline = e.outline.expect("the three items are the outline");
    assert_eq!(
        lines(&outline),
        vec!["1. Số lượng, chất lượng đội ngũ cán bộ Hội cấp huyện, cấp xã", "2. Công tác quy hoạch, đào tạo, bồi dưỡng cán bộ", "3. Đề xuất, kiến nghị"]
    );
    assert_eq!(outline.headings[1].notes, vec!["có số liệu so sánh với năm 2023".to_string()]);
    assert!(e.plan.tasks.iter().flat_map(|t| &t.deadlines).any(|d| d.outline.is_some()));
}

#[test]
fn plans_that_give_no_outline_have_none() {
    let mut checked = 0;
    for entry in std::fs::read_dir(EXTRACT).expect("fixtures") {
        let path = entry.expect("entry").path();
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
            continue;
        }
        let e = extract_file(&path).expect("every fixture reads");
        assert!(e.outline.is_none(), "{} gives no report outline, found {:#?}", path.display(), e.outline);
        checked += 1;
    }
    assert!(checked >= 20, "the fixtures were read ({checked})");
}

#[test]
fn a_document_with_no_heading_is_not_an_outline() {
    let err = outline_text("Đề nghị các đơn vị gửi báo cáo đúng hạn, đầy đủ nội dung theo yêu cầu của cấp trên.").expect_err("no headings");
    assert!(err.to_string().contains("Không tìm thấy đề mục"), "{err}");
}
