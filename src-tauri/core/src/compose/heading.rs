//! The parts of a Báo cáo that Nghị định 30/2020 (Phụ lục I) fixes, shared by the skeleton and
//! the synthesis: the two-column heading (the office above and ours, quốc hiệu and tiêu ngữ, or
//! "ĐẢNG CỘNG SẢN VIỆT NAM" for a Party office after Hướng dẫn 36-HD/VPTW), the number line, the
//! place-and-date line, the kind and trích yếu, the outline's headings, "Nơi nhận" and the
//! signature block.

use crate::docx::{Align, Cell, Paragraph, Run, Table, WordDocument};
use crate::model::outlines::{HeadingStyle, OutlineHeading};

/// How the office writes its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    State,
    Party,
}

/// What the top of the document says.
#[derive(Debug, Clone)]
pub(crate) struct Top {
    pub style: Style,
    /// The office above, in capitals (may be empty).
    pub parent: String,
    /// Our office, in capitals.
    pub office: String,
    /// "Số:      /BC-HPN" or "Số      -BC/HU".
    pub number_line: String,
    /// "Lai Châu, ngày      tháng      năm 2026".
    pub place_date: String,
    /// "BÁO CÁO".
    pub kind: String,
    pub title: String,
}

/// A line under a heading: non-breaking spaces underlined (Word draws them as a short rule).
fn rule(width: usize) -> Paragraph {
    Paragraph::new(vec![Run::new("\u{a0}".repeat(width)).underline().size(8.0)]).align(Align::Center)
}

fn centered(runs: Vec<Run>) -> Paragraph {
    Paragraph::new(runs).align(Align::Center)
}

/// The heading block, the kind and the trích yếu.
pub(crate) fn top(doc: &mut WordDocument, top: &Top) {
    let mut left = Vec::new();
    if !top.parent.is_empty() {
        left.push(centered(vec![Run::new(&top.parent).size(12.0)]));
    }
    left.push(centered(vec![Run::new(&top.office).bold().size(12.0)]));
    let mut right = Vec::new();
    match top.style {
        Style::State => {
            left.push(rule(14));
            right.push(centered(vec![Run::new("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold().size(12.0)]));
            right.push(centered(vec![Run::new("Độc lập - Tự do - Hạnh phúc").bold().size(13.0)]));
            right.push(rule(40));
        }
        Style::Party => {
            left.push(centered(vec![Run::new("*").size(13.0)]));
            right.push(centered(vec![Run::new("ĐẢNG CỘNG SẢN VIỆT NAM").bold().underline().size(15.0)]));
        }
    }
    let number = vec![centered(vec![Run::new(&top.number_line).size(13.0)])];
    let date = vec![centered(vec![Run::new(&top.place_date).italic()])];
    doc.table(Table {
        widths: vec![4.4, 5.6],
        rows: vec![vec![Cell::new(left), Cell::new(right)], vec![Cell::new(number), Cell::new(date)]],
        borders: false,
        header_row: false,
    });
    doc.push(centered(vec![Run::new(&top.kind).bold()]).spacing(12.0, 0.0));
    doc.push(centered(vec![Run::new(&top.title).bold()]));
    doc.push(rule(24).spacing(0.0, 12.0));
}

/// A body paragraph: justified, first line indented 1.27 cm, 6 pt after, 1.15 lines.
pub(crate) fn body(runs: Vec<Run>) -> Paragraph {
    Paragraph::new(runs).align(Align::Justify).indent(1.27).spacing(0.0, 6.0).line(1.15)
}

/// An outline heading as the body prints it: Roman headings bold, numbered bold, 1.1. bold italic,
/// a) italic, - plain.
pub(crate) fn heading(h: &OutlineHeading) -> Paragraph {
    let run = Run::new(h.line());
    let run = match h.style {
        HeadingStyle::Roman | HeadingStyle::Number => run.bold(),
        HeadingStyle::SubNumber => run.bold().italic(),
        HeadingStyle::Letter => run.italic(),
        HeadingStyle::Dash => run,
    };
    body(vec![run]).spacing(6.0, 6.0).keep_next()
}

/// "Nơi nhận" and the signature block, side by side.
pub(crate) fn bottom(doc: &mut WordDocument, style: Style, recipients: &[String], signer_title: &str, signer: &str) {
    let mut left = vec![Paragraph::new(vec![match style {
        Style::State => Run::new("Nơi nhận:").bold().italic().size(12.0),
        Style::Party => Run::new("Nơi nhận:").underline().size(14.0),
    }])];
    for (i, r) in recipients.iter().enumerate() {
        let end = if i + 1 == recipients.len() { "." } else { ";" };
        left.push(Paragraph::new(vec![Run::new(format!("- {r}{end}")).size(11.0)]));
    }
    let mut right: Vec<Paragraph> =
        signer_title.lines().filter(|l| !l.trim().is_empty()).map(|l| centered(vec![Run::new(l.trim().to_uppercase()).bold()])).collect();
    if right.is_empty() {
        right.push(centered(vec![Run::new(" ")]));
    }
    for _ in 0..4 {
        right.push(Paragraph::text(""));
    }
    right.push(centered(vec![Run::new(if signer.trim().is_empty() { "" } else { signer.trim() }).bold()]));
    doc.push(Paragraph::text("").spacing(6.0, 0.0));
    doc.table(Table { widths: vec![4.5, 5.5], rows: vec![vec![Cell::new(left), Cell::new(right)]], borders: false, header_row: false });
}
