//! The outline (đề cương) a report must follow: the headings a plan lists in its content section
//! ("Nội dung báo cáo", "Nội dung tổng kết") or in an outline sent with it, each with its numbering
//! style (I., 1., 1.1., a), -) and the notes under it ("cần có số liệu so sánh"). It is kept with
//! the deadline rule (JSON in `deadline_rules.outline`), so it travels in the bundle with the rule;
//! the report skeleton is written from it and the synthesis above finds its headings in the reports
//! that come back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::text::clean;

/// How a heading is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HeadingStyle {
    /// "I.", "II.", …
    Roman,
    /// "1.", "2.", …
    Number,
    /// "1.1.", "2.3.", …
    SubNumber,
    /// "a)", "b)", …
    Letter,
    /// "-"
    Dash,
}

impl HeadingStyle {
    /// Depth a heading of this style usually has (I. → 1, 1. → 2, 1.1./a) → 3, - → 4).
    pub fn usual_depth(self) -> u8 {
        match self {
            HeadingStyle::Roman => 1,
            HeadingStyle::Number => 2,
            HeadingStyle::SubNumber | HeadingStyle::Letter => 3,
            HeadingStyle::Dash => 4,
        }
    }
}

/// One heading of an outline, with what the plan asks to write under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutlineHeading {
    pub style: HeadingStyle,
    /// The number as written, without its separator: "II", "1", "1.2", "a"; "-" for a dash.
    pub marker: String,
    /// The heading without its number: "Đánh giá công tác chỉ đạo".
    pub text: String,
    /// 1 for the outermost headings, then 2, 3 … (at most [`MAX_DEPTH`]).
    pub depth: u8,
    /// What the plan says about this part ("cần có số liệu so sánh với cùng kỳ").
    #[serde(default)]
    pub notes: Vec<String>,
}

impl OutlineHeading {
    /// The number as printed: "I.", "1.", "1.1.", "a)", "-".
    pub fn label(&self) -> String {
        match self.style {
            HeadingStyle::Roman | HeadingStyle::Number | HeadingStyle::SubNumber => format!("{}.", self.marker),
            HeadingStyle::Letter => format!("{})", self.marker),
            HeadingStyle::Dash => "-".to_string(),
        }
    }

    /// The heading line as printed: "1. Đánh giá công tác chỉ đạo".
    pub fn line(&self) -> String {
        format!("{} {}", self.label(), self.text)
    }
}

/// The outline of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportOutline {
    /// Where it was read: "Nội dung tổng kết (mục III)", "Đề cương báo cáo sơ kết …", or empty.
    #[serde(default)]
    pub source: String,
    /// Notes for the whole report, before its first heading ("Số liệu tính từ ngày 15/12 …").
    #[serde(default)]
    pub notes: Vec<String>,
    /// In document order.
    pub headings: Vec<OutlineHeading>,
}

/// Most headings an outline may have.
pub const MAX_HEADINGS: usize = 300;
/// Deepest heading level.
pub const MAX_DEPTH: u8 = 6;
const MAX_TEXT_CHARS: usize = 1_000;
const MAX_NOTES: usize = 30;
const MAX_NOTE_CHARS: usize = 4_000;

fn marker_fits(style: HeadingStyle, marker: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit());
    match style {
        HeadingStyle::Roman => !marker.is_empty() && marker.len() <= 8 && marker.chars().all(|c| "IVXLC".contains(c)),
        HeadingStyle::Number => digits(marker),
        HeadingStyle::SubNumber => {
            let parts: Vec<&str> = marker.split('.').collect();
            parts.len() >= 2 && parts.len() <= 5 && parts.iter().all(|p| digits(p))
        }
        HeadingStyle::Letter => marker.chars().count() == 1 && marker.chars().all(|c| c.is_alphabetic()),
        HeadingStyle::Dash => marker == "-",
    }
}

impl ReportOutline {
    /// The outline used when a deadline has none: the parts every Báo cáo has.
    pub fn standard() -> ReportOutline {
        let h = |style, marker: &str, text: &str, depth| OutlineHeading {
            style,
            marker: marker.to_string(),
            text: text.to_string(),
            depth,
            notes: Vec::new(),
        };
        ReportOutline {
            source: String::new(),
            notes: Vec::new(),
            headings: vec![
                h(HeadingStyle::Roman, "I", "KẾT QUẢ THỰC HIỆN", 1),
                h(HeadingStyle::Roman, "II", "ĐÁNH GIÁ CHUNG", 1),
                h(HeadingStyle::Number, "1", "Ưu điểm", 2),
                h(HeadingStyle::Number, "2", "Hạn chế, nguyên nhân", 2),
                h(HeadingStyle::Roman, "III", "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", 1),
                h(HeadingStyle::Roman, "IV", "ĐỀ XUẤT, KIẾN NGHỊ", 1),
            ],
        }
    }

    /// Checks an outline typed in, read from a plan or received in a bundle, and returns it
    /// cleaned (NFC, trimmed, empty notes dropped). The error says what is wrong, in Vietnamese.
    pub fn validated(&self) -> Result<ReportOutline> {
        if self.headings.is_empty() {
            return Err(Error::invalid("Đề cương báo cáo phải có ít nhất một đề mục."));
        }
        if self.headings.len() > MAX_HEADINGS {
            return Err(Error::invalid(format!("Đề cương báo cáo có quá nhiều đề mục (tối đa {MAX_HEADINGS}).")));
        }
        let notes = |notes: &[String], at: &str| -> Result<Vec<String>> {
            if notes.len() > MAX_NOTES {
                return Err(Error::invalid(format!("{at} có quá nhiều ghi chú (tối đa {MAX_NOTES}).")));
            }
            let kept: Vec<String> = notes.iter().map(|n| clean(n)).filter(|n| !n.is_empty()).collect();
            if kept.iter().any(|n| n.chars().count() > MAX_NOTE_CHARS) {
                return Err(Error::invalid(format!("{at} có ghi chú quá dài (tối đa {MAX_NOTE_CHARS} ký tự).")));
            }
            Ok(kept)
        };
        let mut headings = Vec::with_capacity(self.headings.len());
        for (i, h) in self.headings.iter().enumerate() {
            let at = format!("Đề mục thứ {} của đề cương", i + 1);
            let text = clean(&h.text);
            if text.is_empty() {
                return Err(Error::invalid(format!("{at} chưa có tên.")));
            }
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(Error::invalid(format!("{at} quá dài (tối đa {MAX_TEXT_CHARS} ký tự).")));
            }
            let marker = clean(&h.marker);
            if !marker_fits(h.style, &marker) {
                return Err(Error::invalid(format!("{at} («{text}») có số thứ tự «{marker}» không hợp với kiểu đánh số.")));
            }
            if h.depth == 0 || h.depth > MAX_DEPTH {
                return Err(Error::invalid(format!("{at} («{text}») có cấp {} (phải từ 1 đến {MAX_DEPTH}).", h.depth)));
            }
            if text.chars().any(|c| c.is_control()) || marker.chars().any(|c| c.is_control()) {
                return Err(Error::invalid(format!("{at} chứa ký tự điều khiển.")));
            }
            headings.push(OutlineHeading { style: h.style, marker, text, depth: h.depth, notes: notes(&h.notes, &at)? });
        }
        let source = clean(&self.source);
        if source.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::invalid("Nguồn của đề cương quá dài."));
        }
        Ok(ReportOutline { source, notes: notes(&self.notes, "Đề cương")?, headings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(style: HeadingStyle, marker: &str, text: &str, depth: u8) -> OutlineHeading {
        OutlineHeading { style, marker: marker.into(), text: text.into(), depth, notes: vec![] }
    }

    #[test]
    fn labels_follow_the_numbering_style() {
        assert_eq!(heading(HeadingStyle::Roman, "II", "KẾT QUẢ", 1).line(), "II. KẾT QUẢ");
        assert_eq!(heading(HeadingStyle::SubNumber, "1.2", "Tuyên truyền", 3).line(), "1.2. Tuyên truyền");
        assert_eq!(heading(HeadingStyle::Letter, "b", "Hạn chế", 3).line(), "b) Hạn chế");
        assert_eq!(heading(HeadingStyle::Dash, "-", "Số liệu", 4).line(), "- Số liệu");
    }

    #[test]
    fn validation_cleans_and_refuses_what_is_wrong() {
        let mut outline = ReportOutline {
            source: " Nội dung ".into(),
            notes: vec!["  ".into(), "Số liệu tính đến 15/6".into()],
            headings: vec![OutlineHeading { notes: vec!["cần có số liệu so sánh ".into()], ..heading(HeadingStyle::Number, "1", " Kết quả ", 1) }],
        };
        let ok = outline.validated().expect("a sound outline is kept");
        assert_eq!(ok.headings[0].text, "Kết quả");
        assert_eq!(ok.notes, vec!["Số liệu tính đến 15/6".to_string()]);
        assert_eq!(ok.headings[0].notes, vec!["cần có số liệu so sánh".to_string()]);

        outline.headings[0].marker = "IV".into();
        let err = outline.validated().expect_err("a Roman marker on a numbered heading is refused").to_string();
        assert!(err.contains("không hợp với kiểu đánh số"), "{err}");
        outline.headings[0] = heading(HeadingStyle::Letter, "a", "", 1);
        assert!(outline.validated().expect_err("an empty heading is refused").to_string().contains("chưa có tên"));
        outline.headings[0] = heading(HeadingStyle::Dash, "-", "Số liệu", 0);
        assert!(outline.validated().is_err(), "depth 0 is refused");
        outline.headings.clear();
        assert!(outline.validated().is_err(), "an outline without headings is refused");
        assert!(ReportOutline::standard().validated().is_ok(), "the standard outline is valid");
    }
}
