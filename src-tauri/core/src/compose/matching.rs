//! Finding the outline's headings in a report as an office wrote it: by numbering ("2." is the
//! second numbered heading) and by the heading's words folded (diacritics and case aside), tolerant
//! of a heading reworded, renumbered, extended or left out. The headings are aligned in order with
//! the report's lines (the best-scoring order-keeping alignment), so "1." under section II is not
//! taken for "1." under section I; the text between two matched headings is the passage of the
//! first.

use std::collections::HashSet;

use crate::compose::skeleton::is_room;
use crate::extract::heading_marker;
use crate::model::outlines::{HeadingStyle, OutlineHeading};
use crate::text::fold;

/// A block of a report's body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// A paragraph (wrapped lines joined back).
    Text(String),
    /// A table of figures: rows of cells.
    Table(Vec<Vec<String>>),
}

/// A report read into blocks, with the heading each may be.
#[derive(Debug, Clone)]
pub(crate) struct ReadReport {
    pub pieces: Vec<Piece>,
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().trim_end_matches(['"', '”', ')', '»']).ends_with(['.', '!', '?', ':', ';'])
}

/// The report's text (as the plan reader gives it) cut into paragraphs and tables, without the
/// closing block. `wrapped`: the lines are hard-wrapped (a PDF, plain text) and are joined back
/// into paragraphs; a Word file has one line a paragraph.
pub(crate) fn read_report(text: &str, closing_from: usize, wrapped: bool) -> ReadReport {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut open_text = false;
    for line in text.split('\n').take(closing_from) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open_text = false;
            continue;
        }
        if line.contains('\t') {
            let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
            match pieces.last_mut() {
                Some(Piece::Table(rows)) if !open_text => rows.push(cells),
                _ => pieces.push(Piece::Table(vec![cells])),
            }
            open_text = false;
            continue;
        }
        // A page number alone on its line.
        if trimmed.trim_matches(|c: char| c == '-' || c.is_whitespace()).chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let joins = wrapped
            && open_text
            && heading_marker(trimmed).is_none()
            && !trimmed.starts_with('(')
            && trimmed.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase)
            && matches!(pieces.last(), Some(Piece::Text(prev)) if !ends_sentence(prev));
        match pieces.last_mut() {
            Some(Piece::Text(prev)) if joins => {
                if prev.ends_with('-') {
                    prev.push_str(trimmed);
                } else {
                    prev.push(' ');
                    prev.push_str(trimmed);
                }
            }
            _ => pieces.push(Piece::Text(trimmed.to_string())),
        }
        open_text = true;
    }
    // Tables a layout split into a row per line come back as one table; a one-row "table" of two
    // cells is a line with a tab.
    ReadReport { pieces }
}

fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// How alike two headings' words are, 0..1 (Dice over the sets of folded words).
pub(crate) fn similarity(a: &str, b: &str) -> f32 {
    let a: HashSet<String> = words(a).into_iter().collect();
    let b: HashSet<String> = words(b).into_iter().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(&b).count();
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

/// A heading of the outline found in a report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    /// The piece it is.
    pub piece: usize,
    /// The heading as the report wrote it.
    pub written: String,
    /// Found by its number more than by its words: the office reworded it.
    pub by_number: bool,
}

/// The score of taking piece `text` for heading `h`, if it may be taken at all.
fn score(h: &OutlineHeading, text: &str) -> Option<(f32, bool)> {
    match heading_marker(text) {
        Some((style, label, len)) => {
            let rest: String = text.chars().skip(len).collect();
            // The heading alone, without what an office added after a colon or in brackets.
            let bare = rest.split([':', '(']).next().unwrap_or_default();
            let sim = similarity(&h.text, &rest).max(similarity(&h.text, bare));
            let same_number = style == h.style && style != HeadingStyle::Dash && label.eq_ignore_ascii_case(&h.marker);
            // The flag: the office reworded the heading (it is found, but say how it was read).
            if same_number {
                Some(if sim >= 0.2 { (2.0 + sim, sim < 0.5) } else { (1.0, true) })
            } else if sim >= 0.6 {
                Some((1.5 + sim, false))
            } else {
                None
            }
        }
        None => {
            let short = text.split_whitespace().count() <= 16 && !text.trim_end().ends_with('.');
            let sim = similarity(&h.text, text);
            (short && sim >= 0.8).then_some((1.2 + sim, false))
        }
    }
}

/// Finds the headings in the report: for each outline heading, where it is, or `None`.
pub(crate) fn align(headings: &[OutlineHeading], report: &ReadReport) -> Vec<Option<Found>> {
    let candidates: Vec<(usize, &str)> = report
        .pieces
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            Piece::Text(t) if t.chars().count() <= 400 => Some((i, t.as_str())),
            _ => None,
        })
        .collect();
    let (n, m) = (headings.len(), candidates.len());
    // best[i][j]: the best score of headings[..i] placed in candidates[..j], order kept.
    let mut best = vec![vec![0.0f32; m + 1]; n + 1];
    let mut took = vec![vec![false; m + 1]; n + 1];
    let scores: Vec<Vec<Option<(f32, bool)>>> = headings.iter().map(|h| candidates.iter().map(|(_, t)| score(h, t)).collect()).collect();
    for i in 1..=n {
        for j in 1..=m {
            let mut value = best[i - 1][j].max(best[i][j - 1]);
            let mut take = false;
            if let Some((s, _)) = scores[i - 1][j - 1] {
                let with = best[i - 1][j - 1] + s;
                if with > value {
                    value = with;
                    take = true;
                }
            }
            best[i][j] = value;
            took[i][j] = take;
        }
    }
    let mut out = vec![None; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if took[i][j] {
            let (piece, text) = candidates[j - 1];
            let by_number = scores[i - 1][j - 1].is_some_and(|(_, b)| b);
            out[i - 1] = Some(Found { piece, written: text.to_string(), by_number });
            i -= 1;
            j -= 1;
        } else if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out
}

/// The passage under each found heading: the pieces after it up to the next found heading,
/// without the room left in a skeleton and the outline's own notes.
pub(crate) fn passages(headings: &[OutlineHeading], report: &ReadReport, found: &[Option<Found>]) -> Vec<Vec<Piece>> {
    let starts: Vec<usize> = found.iter().flatten().map(|f| f.piece).collect();
    found
        .iter()
        .zip(headings)
        .map(|(f, h)| {
            let Some(f) = f else { return Vec::new() };
            let end = starts.iter().copied().filter(|s| *s > f.piece).min().unwrap_or(report.pieces.len());
            let notes: Vec<String> = h.notes.iter().map(|n| fold(n.trim())).collect();
            report.pieces[f.piece + 1..end]
                .iter()
                .filter(|p| match p {
                    Piece::Text(t) => {
                        let folded = fold(t.trim().trim_start_matches('(').trim_end_matches(')'));
                        !is_room(t) && !notes.contains(&folded)
                    }
                    Piece::Table(_) => true,
                })
                .cloned()
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(style: HeadingStyle, marker: &str, text: &str) -> OutlineHeading {
        OutlineHeading { style, marker: marker.into(), text: text.into(), depth: 1, notes: vec![] }
    }

    #[test]
    fn headings_are_found_by_number_and_by_words_in_order() {
        let outline = vec![
            h(HeadingStyle::Roman, "I", "KẾT QUẢ THỰC HIỆN"),
            h(HeadingStyle::Number, "1", "Công tác tuyên truyền"),
            h(HeadingStyle::Number, "2", "Hỗ trợ phụ nữ phát triển kinh tế"),
            h(HeadingStyle::Roman, "II", "ĐÁNH GIÁ CHUNG"),
            h(HeadingStyle::Number, "1", "Ưu điểm"),
            h(HeadingStyle::Number, "2", "Hạn chế, nguyên nhân"),
        ];
        let text = "BÁO CÁO\nI. KET QUA THUC HIEN\n1. Công tác tuyên truyền, giáo dục\nĐã tổ chức 12 buổi.\n2. Những việc đã làm được\nHỗ trợ 40 hộ.\nII. ĐÁNH GIÁ CHUNG\n1. Ưu điểm\nTích cực.\nĐề nghị cấp trên hỗ trợ.";
        let report = read_report(text, usize::MAX, false);
        let found = align(&outline, &report);
        let got: Vec<Option<(String, bool)>> = found.iter().map(|f| f.as_ref().map(|f| (f.written.clone(), f.by_number))).collect();
        assert_eq!(
            got,
            vec![
                Some(("I. KET QUA THUC HIEN".into(), false)),
                Some(("1. Công tác tuyên truyền, giáo dục".into(), false)),
                Some(("2. Những việc đã làm được".into(), true)),
                Some(("II. ĐÁNH GIÁ CHUNG".into(), false)),
                Some(("1. Ưu điểm".into(), false)),
                None,
            ],
            "the reworded 2. is found by its number, the missing II.2 is not taken from elsewhere"
        );
        let passages = passages(&outline, &report, &found);
        assert_eq!(passages[2], vec![Piece::Text("Hỗ trợ 40 hộ.".into())]);
        assert_eq!(passages[4], vec![Piece::Text("Tích cực.".into()), Piece::Text("Đề nghị cấp trên hỗ trợ.".into())]);
    }

    #[test]
    fn wrapped_lines_join_and_tables_stay_tables() {
        let report = read_report("1. Kết quả\nĐã tổ chức được nhiều hoạt động\nthiết thực cho hội viên.\n- 3 -\nChỉ tiêu\tKế hoạch\tThực hiện\nHội viên mới\t500\t612\nNơi nhận:", 6, true);
        assert_eq!(
            report.pieces,
            vec![
                Piece::Text("1. Kết quả".into()),
                Piece::Text("Đã tổ chức được nhiều hoạt động thiết thực cho hội viên.".into()),
                Piece::Table(vec![vec!["Chỉ tiêu".into(), "Kế hoạch".into(), "Thực hiện".into()], vec!["Hội viên mới".into(), "500".into(), "612".into()]]),
            ]
        );
    }
}
