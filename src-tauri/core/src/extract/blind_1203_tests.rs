//! The miss families of the first run of blind batch 2026-12-03 (`docs/extraction.md`): one test
//! per family, over short texts written for the family (never the batch's documents).

use chrono::NaiveDate;

use super::*;
use crate::deadlines::RuleSpec;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Per deadline: the task's office phrases, the deadline's submitter and its rule.
fn deadlines(e: &Extraction) -> Vec<(Vec<String>, Option<String>, RuleSpec)> {
    e.plan
        .tasks
        .iter()
        .zip(&e.tasks)
        .flat_map(|(t, x)| t.deadlines.iter().zip(&x.deadlines).map(move |(d, xd)| (x.assignees.clone(), xd.submitter.clone(), d.rule.clone())))
        .collect()
}

fn rules(e: &Extraction) -> Vec<RuleSpec> {
    deadlines(e).into_iter().map(|(_, _, r)| r).collect()
}

/// The office phrases of the tasks whose deadline is `rule`.
fn offices_of(e: &Extraction, rule: &RuleSpec) -> Vec<Vec<String>> {
    deadlines(e).into_iter().filter(|(_, _, r)| r == rule).map(|(a, _, _)| a).collect()
}

/// A web page's tables converted to Markdown one cell per block ("|" lines between cells, "|"
/// twice between rows), bold and italic pairs wrapped over two lines.
const WEB_HEAD: &str = "|\n**ỦY BAN NHÂN\nDÂN**\n**TỈNH AN GIANG**\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 77/KH-UBND\n|\n*An Giang, ngày\n18 tháng 11 năm 2025*\n|\n\n** **\n\n**KẾ HOẠCH**\n\nTHỰC HIỆN CÔNG TÁC DÂN VẬN NĂM 2026\n\n";

const WEB_CLOSE: &str = "\n\n|\nNơi nhận:\n- Thường trực Tỉnh ủy (để\nb/c);\n- UBND các xã, phường;\n- Lưu: VT, KGVX.\n|\n**TM. ỦY BAN NHÂN\nDÂN**\nKT. CHỦ TỊCH\n**PHÓ CHỦ TỊCH**\n**Trần Văn Bình**\n|\n\n**PHỤ LỤC**\n";

#[test]
fn a_web_table_of_one_cell_per_block_reads_like_the_word_table() {
    let text = format!("{WEB_HEAD}**I. TỔ CHỨC THỰC HIỆN**\n\n1. Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2026.{WEB_CLOSE}");
    let e = extract_text(&text).expect("extracts");
    let d = &e.plan.document;
    assert_eq!(d.issuer, "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG");
    assert_eq!(d.place, "An Giang");
    assert_eq!(d.issued_on, Some(day(2025, 11, 18)));
    assert_eq!((d.number.as_str(), d.symbol.as_str()), ("77", "KH-UBND"));
    assert_eq!(d.signer, "Trần Văn Bình");
    assert_eq!(d.signer_title, "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH");
    assert_eq!(d.recipients, ["Thường trực Tỉnh ủy (để b/c)", "UBND các xã, phường", "Lưu: VT, KGVX"]);
    assert_eq!(rules(&e), [RuleSpec::Date { due: day(2026, 12, 15) }]);
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2026, 12, 15) }), [vec!["Sở Nội vụ".to_string()]]);
    // A cell table of three columns or more is a data table: one line per row, cells by tabs.
    let rows = normalize::strip_markup("|\n**STT**\n|\n**NHIỆM VỤ**\n|\n**CHỦ TRÌ**\n|\n|\n1\n|\nRà soát cơ chế,\nchính sách.\n|\nSở Tài chính\n|\n");
    assert_eq!(rows, "STT\tNHIỆM VỤ\tCHỦ TRÌ\n1\tRà soát cơ chế, chính sách.\tSở Tài chính\n");
    // An italic pair wrapped over two lines is one line; a star alone stays.
    assert_eq!(normalize::strip_markup("chậm nhất *ngày\n17 tháng 12.* Thời gian"), "chậm nhất ngày 17 tháng 12. Thời gian");
    assert_eq!(normalize::strip_markup("*\tLai Châu, ngày 18 tháng 9 năm 2025\nHội"), "*\tLai Châu, ngày 18 tháng 9 năm 2025\nHội");
    // A closing mark after a space at the line's end still closes.
    assert_eq!(normalize::strip_markup("*Cần Thơ, ngày 21\ntháng 11 năm 2025 *"), "Cần Thơ, ngày 21 tháng 11 năm 2025 ");
}

const TB_HEAD: &str = "VĂN PHÒNG UBND TỈNH\nSố: 45/TB-VP\n\nAn Giang, ngày 20 tháng 11 năm 2025\n\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại buổi làm việc với huyện An Phú\n\n";

#[test]
fn a_topic_before_a_colon_is_no_office() {
    let text = format!(
        "{TB_HEAD}III. VỀ CÁC KIẾN NGHỊ\n1. Về đề nghị hỗ trợ kinh phí sửa chữa trường học: giao Sở Tài chính chủ trì rà soát, báo cáo UBND tỉnh trong tháng 12 năm 2025.\n2. Về dự án đường liên xã: Sở Xây dựng khẩn trương hoàn thiện hồ sơ, báo cáo UBND tỉnh trước ngày 15 tháng 12 năm 2025.\n3. Về bố trí vốn cho dự án kè sông: giao Sở Tài chính chủ trì xem xét theo quy định. Đối với nội dung vượt thẩm quyền, đề xuất báo cáo cấp có thẩm quyền trước ngày 20 tháng 12 năm 2025.\n4. Về tổ chức bộ máy cấp xã: tăng số cấp phó từ 2 lên 3, bố trí đủ biên chế: giao Sở Nội vụ chủ trì tổng hợp, báo cáo UBND tỉnh trước ngày 30 tháng 11 năm 2025.\n5. Về phủ sóng các thôn vùng lõm: đề nghị các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội tổ chức triển khai, hoàn thành trong Quý I năm 2026.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let of = |r: RuleSpec| offices_of(&e, &r);
    assert_eq!(of(RuleSpec::Month { year: 2025, month: 12 }), [vec!["Sở Tài chính".to_string()]]);
    assert_eq!(of(RuleSpec::Date { due: day(2025, 12, 15) }), [vec!["Sở Xây dựng".to_string()]]);
    // A sentence with a topic and no subject ("Đối với …, đề xuất …") is its item's office's.
    assert_eq!(of(RuleSpec::Date { due: day(2025, 12, 20) }), [vec!["Sở Tài chính".to_string()]]);
    assert_eq!(of(RuleSpec::Date { due: day(2025, 11, 30) }), [vec!["Sở Nội vụ".to_string()]]);
    assert_eq!(
        of(RuleSpec::Quarter { year: 2026, quarter: 1 }),
        [vec!["các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội".to_string()]]
    );
}

#[test]
fn a_recipient_ends_before_what_is_reported_and_before_a_second_office() {
    let text = format!(
        "{TB_HEAD}1. Sở Xây dựng hoàn thiện hồ sơ, báo cáo Chủ tịch UBND tỉnh kết quả thực hiện trước ngày 10 tháng 12 năm 2025.\n2. Sở Khoa học và Công nghệ tổng hợp, báo cáo Ủy ban nhân dân tỉnh và Bộ Khoa học và Công nghệ trước ngày 30/11 năm 2025.\n3. Sở Kế hoạch và Đầu tư gửi báo cáo về Sở Tài chính và Sở Nội vụ trước ngày 05/12/2025.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let to: Vec<Option<String>> = e.tasks.iter().flat_map(|t| t.deadlines.iter().map(|d| d.report_to.clone())).collect();
    assert_eq!(
        to,
        [Some("Chủ tịch UBND tỉnh".to_string()), Some("Ủy ban nhân dân tỉnh".to_string()), Some("Sở Tài chính".to_string())]
    );
}

const KH_HEAD: &str = "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 90/KH-UBND\n\nAn Giang, ngày 19 tháng 11 năm 2025\n\nKẾ HOẠCH\n";

#[test]
fn a_schedule_of_repeated_work_and_a_reporting_period_are_no_deadlines() {
    let text = format!(
        "{KH_HEAD}Quan trắc môi trường nuôi trồng thủy sản năm 2026\n\nII. NỘI DUNG\n- Thông số, tần suất, thời gian: nhiệt độ, pH quan trắc với tần suất 2 lần/tháng; thời gian quan trắc từ tháng 3 đến tháng 10 năm 2026; số lượng mẫu 64 mẫu/năm.\n- Kim loại nặng quan trắc với tần suất 02 lần/năm; thời gian quan trắc vào tháng 4 và tháng 8 năm 2026.\nIII. TỔ CHỨC THỰC HIỆN\n1. Các đơn vị, địa phương định kỳ hàng năm báo cáo kết quả thực hiện về Sở Nông nghiệp và Môi trường chậm nhất ngày 17 tháng 12. Thời gian báo cáo định kỳ hàng năm tính từ ngày 15 tháng 12 năm trước kỳ báo cáo đến ngày 14 tháng 12 của kỳ báo cáo.\n2. Sở Nông nghiệp và Môi trường báo cáo UBND tỉnh trước ngày 15/12/2026.\n"
    );
    let e = extract_text(&text).expect("extracts");
    let until = Some(day(2026, 12, 31));
    assert_eq!(
        rules(&e),
        [
            RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Yearly, due_month: 12, day: 17, from: day(2025, 11, 19), until },
            RuleSpec::Date { due: day(2026, 12, 15) },
        ]
    );
}

#[test]
fn a_strategy_with_a_vision_leaves_its_yearly_reports_open() {
    let text = format!(
        "{KH_HEAD}Thực hiện Chiến lược bảo vệ môi trường biển đến năm 2030, tầm nhìn đến năm 2050\n\nIII. TỔ CHỨC THỰC HIỆN\n1. Các sở, ngành định kỳ hằng năm báo cáo về Sở Nông nghiệp và Môi trường trước ngày 17/12.\n"
    );
    let e = extract_text(&text).expect("extracts");
    assert_eq!(
        rules(&e),
        [RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Yearly, due_month: 12, day: 17, from: day(2025, 11, 19), until: None }]
    );
}

#[test]
fn a_ministry_is_an_office_a_subjectless_sentence_inherits() {
    let text = format!(
        "{TB_HEAD}III. VỀ CÁC KIẾN NGHỊ\n7. Về bố trí vốn dự án đường ven biển: giao Bộ Tài chính chủ trì phối hợp với Bộ Xây dựng xem xét, xử lý theo đúng quy định. Đối với nội dung vượt thẩm quyền, đề xuất báo cáo cấp có thẩm quyền trước ngày 22 tháng 12 năm 2025.\n8. Bộ Công Thương và Bộ Xây dựng rà soát, báo cáo Thủ tướng Chính phủ trước ngày 28 tháng 12 năm 2025.\n"
    );
    let e = extract_text(&text).expect("extracts");
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 22) }), [vec!["Bộ Tài chính".to_string()]]);
    // Two ministries in one subject are two offices.
    let both: Vec<String> = offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 28) }).concat();
    assert_eq!(both, ["Bộ Công Thương", "Bộ Xây dựng"]);
}

#[test]
fn a_decision_closes_before_the_plan_it_issues() {
    let text = "BỘ TRƯỞNG BỘ NỘI VỤ\nSố: 310/QĐ-BNV\n\nHà Nội, ngày 29 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\nBAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT CÁN BỘ, CÔNG CHỨC\nBỘ TRƯỞNG BỘ NỘI VỤ\nCăn cứ Luật Cán bộ, công chức ngày 24 tháng 6 năm 2025;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thi hành Luật.\nĐiều 2. Quyết định này có hiệu lực từ ngày ký.\nNơi nhận:\n- Các bộ, cơ quan ngang bộ;\n- UBND các tỉnh, thành phố;\n- Lưu: VT, CCVC.\nBỘ TRƯỞNG\nTrần Văn Nam\nKẾ HOẠCH\nTRIỂN KHAI THI HÀNH LUẬT CÁN BỘ, CÔNG CHỨC\n(Kèm theo Quyết định số 310/QĐ-BNV ngày 29 tháng 11 năm 2025)\nI. NỘI DUNG\n1. Rà soát văn bản\n- Cơ quan chủ trì: Bộ Nội vụ.\n- Thời hạn hoàn thành: trước ngày 31 tháng 12 năm 2025.\n2. Các bộ, cơ quan ngang bộ gửi kết quả rà soát về Bộ Nội vụ trước ngày 15 tháng 12 năm 2025.\n";
    let e = extract_text(text).expect("extracts");
    let d = &e.plan.document;
    assert_eq!(d.title, "BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT CÁN BỘ, CÔNG CHỨC");
    assert_eq!(d.signer, "Trần Văn Nam");
    assert_eq!(d.signer_title, "BỘ TRƯỞNG");
    assert_eq!(d.recipients, ["Các bộ, cơ quan ngang bộ", "UBND các tỉnh, thành phố", "Lưu: VT, CCVC"]);
    // The plan after the signature is still read.
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 31) }), [vec!["Bộ Nội vụ".to_string()]]);
    assert_eq!(offices_of(&e, &RuleSpec::Date { due: day(2025, 12, 15) }), [vec!["Các bộ, cơ quan ngang bộ".to_string()]]);
}

#[test]
fn a_title_in_capitals_ends_before_the_body_and_not_at_an_open_line() {
    let text = "VĂN PHÒNG CHÍNH PHỦ\nSố: 12/TB-VPCP\n\nHà Nội, ngày 22 tháng 11 năm 2025\n\nTHÔNG BÁO\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI\nTỈNH AN GIANG\n\nNgày 10 tháng 11 năm 2025, Phó Thủ tướng đã làm việc với tỉnh An Giang.\n\n1. Bộ Tài chính báo cáo Thủ tướng Chính phủ trước ngày 15 tháng 12 năm 2025.\n";
    let e = extract_text(text).expect("extracts");
    assert_eq!(e.plan.document.title, "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI TỈNH AN GIANG");
    let text = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 16/KH-UBND\n\nCần Thơ, ngày 21 tháng 11 năm 2025\n\nKẾ HOẠCH\nTHỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG CỦA\nTHỦ TƯỚNG CHÍNH PHỦ VỀ CÔNG TÁC DÂN SỐ\n\nCăn cứ Chỉ thị số 27/CT-TTg;\n";
    let e = extract_text(text).expect("extracts");
    assert_eq!(e.plan.document.title, "THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ CÔNG TÁC DÂN SỐ");
}

#[test]
fn sub_items_of_a_recipient_join_it_and_the_file_copy_stays_alone() {
    let text = format!(
        "{KH_HEAD}Phát triển kinh tế số năm 2026\n\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Khoa học và Công nghệ báo cáo UBND tỉnh trước ngày 15/12/2026.\n\nNơi nhận:\n- UBND các xã, phường;\n- VP UBND tỉnh:\n+ LĐVP, KGVX;\n+ Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Hai\n"
    );
    let e = extract_text(&text).expect("extracts");
    assert_eq!(e.plan.document.recipients, ["UBND các xã, phường", "VP UBND tỉnh: LĐVP, KGVX", "Lưu: VT"]);
}
