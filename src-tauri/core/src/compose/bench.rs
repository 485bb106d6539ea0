//! Generated reports for timing the synthesis (`skh bench-reports`): `count` offices, each with a
//! Word report of about `pages` A4 pages written to a twelve-heading outline — paragraphs drawn
//! from the vocabulary of real reports, a table of figures under every third heading, one heading
//! reworded and one left out in some reports, as offices write them.

use chrono::NaiveDate;

use crate::compose::synthesis::{OfficeReport, ReportFile, SynthesisHeading};
use crate::docx::{Block, Cell, Paragraph, Run, Table, WordDocument, write_docx};
use crate::error::Result;
use crate::model::outlines::{HeadingStyle, OutlineHeading, ReportOutline};

const SENTENCES: &[&str] = &[
    "Ban Thường vụ Hội LHPN huyện đã chỉ đạo các cơ sở Hội tổ chức quán triệt, tuyên truyền sâu rộng nội dung Chỉ thị đến cán bộ, hội viên, phụ nữ.",
    "Trong kỳ, toàn huyện tổ chức được 126 buổi tuyên truyền với 8.450 lượt hội viên, phụ nữ tham dự, tăng 12% so với cùng kỳ năm trước.",
    "Công tác phối hợp với các ngành chức năng được duy trì, nhất là trong hỗ trợ phụ nữ phát triển kinh tế, khởi nghiệp và giảm nghèo bền vững.",
    "Các cấp Hội đã vận động xây dựng 15 mô hình, câu lạc bộ mới; giới thiệu 32 cán bộ nữ tham gia cấp ủy, Hội đồng nhân dân các cấp.",
    "Tuy nhiên, một số cơ sở còn lúng túng trong triển khai, việc kiểm tra, giám sát chưa thường xuyên; nguồn lực hỗ trợ hội viên còn hạn chế.",
    "Nguyên nhân chủ yếu là đội ngũ cán bộ Hội cơ sở thường xuyên biến động, kinh phí hoạt động còn khó khăn, địa bàn rộng, giao thông đi lại khó.",
    "Thời gian tới, Hội LHPN huyện tiếp tục đổi mới nội dung, phương thức hoạt động hướng về cơ sở, gắn với chuyển đổi số trong công tác Hội.",
    "Đề nghị Hội LHPN tỉnh quan tâm bồi dưỡng nghiệp vụ cho cán bộ Hội cơ sở và bố trí kinh phí cho các mô hình điểm.",
];

/// The outline every generated report follows.
pub fn outline() -> ReportOutline {
    let h = |style, marker: &str, text: &str, depth| OutlineHeading { style, marker: marker.into(), text: text.into(), depth, notes: vec![] };
    ReportOutline {
        source: "Nội dung báo cáo".into(),
        notes: vec![],
        headings: vec![
            h(HeadingStyle::Roman, "I", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", 1),
            h(HeadingStyle::Number, "1", "Công tác quán triệt, tuyên truyền", 2),
            h(HeadingStyle::Number, "2", "Ban hành văn bản cụ thể hóa", 2),
            h(HeadingStyle::Roman, "II", "KẾT QUẢ THỰC HIỆN", 1),
            h(HeadingStyle::Number, "1", "Hỗ trợ phụ nữ phát triển kinh tế", 2),
            h(HeadingStyle::Number, "2", "Công tác cán bộ nữ", 2),
            h(HeadingStyle::Number, "3", "Xây dựng tổ chức Hội vững mạnh", 2),
            h(HeadingStyle::Roman, "III", "ĐÁNH GIÁ CHUNG", 1),
            h(HeadingStyle::Number, "1", "Ưu điểm", 2),
            h(HeadingStyle::Number, "2", "Hạn chế, nguyên nhân", 2),
            h(HeadingStyle::Roman, "IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", 1),
            h(HeadingStyle::Roman, "V", "ĐỀ XUẤT, KIẾN NGHỊ", 1),
        ],
    }
}

/// About 3,000 characters make an A4 page of 14-point text.
const PAGE_CHARS: usize = 3_000;

/// One office's report: `pages` pages spread over the outline's headings.
pub fn report_docx(office: usize, pages: usize) -> Result<Vec<u8>> {
    let outline = outline();
    let mut doc = WordDocument::new(format!("Báo cáo đơn vị {office}"));
    doc.push(Paragraph::new(vec![Run::new("BÁO CÁO").bold()]));
    doc.push(Paragraph::text(format!("Kết quả thực hiện của Hội LHPN huyện số {office}")));
    let per_heading = pages * PAGE_CHARS / outline.headings.len();
    for (k, h) in outline.headings.iter().enumerate() {
        if office % 7 == 3 && k == 6 {
            continue; // a heading left out
        }
        let line = if office % 5 == 2 && k == 4 { format!("{} Những việc đã làm được", h.label()) } else { h.line() };
        doc.push(Paragraph::new(vec![Run::new(line).bold()]));
        let mut written = 0;
        let mut s = office + k;
        while written < per_heading {
            let mut text = String::new();
            for _ in 0..3 {
                text.push_str(SENTENCES[s % SENTENCES.len()]);
                text.push(' ');
                s += 1;
            }
            written += text.chars().count();
            doc.push(Paragraph::text(text.trim_end()));
        }
        if k % 3 == 1 {
            let rows = (0..8)
                .map(|r| {
                    vec![
                        Cell::text(if r == 0 { "Chỉ tiêu".to_string() } else { format!("Chỉ tiêu {r}") }),
                        Cell::text(if r == 0 { "Kế hoạch".to_string() } else { (100 * r + office).to_string() }),
                        Cell::text(if r == 0 { "Thực hiện".to_string() } else { (110 * r + office).to_string() }),
                    ]
                })
                .collect();
            doc.blocks.push(Block::Table(Table { widths: vec![2.0, 1.0, 1.0], rows, borders: true, header_row: true }));
        }
    }
    write_docx(&doc)
}

/// `count` offices' reports, each due on `due`, a tenth of them late and one in twenty missing.
pub fn reports(count: usize, pages: usize, due: NaiveDate) -> Result<Vec<OfficeReport>> {
    (0..count)
        .map(|i| {
            let missing = i % 20 == 19;
            let submitted = if missing { None } else { Some(if i % 10 == 4 { due + chrono::Days::new(3) } else { due }) };
            let files = if missing { vec![] } else { vec![ReportFile { name: format!("bao-cao-{i}.docx"), bytes: Some(report_docx(i, pages)?) }] };
            Ok(OfficeReport { office_name: format!("Hội LHPN huyện số {i:03}"), due_on: due, submitted_on: submitted, files })
        })
        .collect()
}

/// The top of the generated synthesis.
pub fn heading(date: NaiveDate) -> SynthesisHeading {
    SynthesisHeading {
        parent: "HỘI LHPN VIỆT NAM".into(),
        office: "HỘI LHPN TỈNH MẪU".into(),
        place: "Mẫu".into(),
        date,
        title: "Báo cáo sơ kết của các đơn vị theo Kế hoạch số 45/KH-HPN".into(),
        party: false,
    }
}
