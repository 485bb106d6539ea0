//! The body as the reader sees it: logical paragraphs (hard-wrapped lines joined back), their
//! section and list markers (`I-`, `1.`, `1.1-`, `a)`, `-`), and tables with a header row.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::layout::{Para, Source, fold_str};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum MarkerKind {
    Roman,
    Number,
    SubNumber,
    Letter,
    Dash,
}

/// A section or list marker at the start of a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    pub kind: MarkerKind,
    /// As written, without the separator: "II", "1", "1.2", "a", "-".
    pub label: String,
    /// Characters taken by the marker and the spaces after it.
    pub len: usize,
}

static ROMAN: LazyLock<Regex> =
    // A heading after a Roman numeral starts with a capital ("V/v …" is not section V).
    LazyLock::new(|| Regex::new(r"^([IVXL]{1,5})\s*[.\-–/:)]\s*[\p{Lu}“\x22]").expect("roman marker pattern is valid"));
static SUBNUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s*[\-–)]?\s*\p{L}").expect("sub-number marker pattern is valid")
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    // After "-" or "/" a space is required: "21-CT/TW" at a line start is a symbol, not item 21.
    Regex::new(r"^(\d{1,2})(?:\s*[.):]\s*|\s*[\-–/]\s+)[\p{L}“\x22]").expect("number marker pattern is valid")
});
static LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-zđ])\s*[.)]\s+\p{L}").expect("letter marker pattern is valid"));
static DASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\-–—+•*·]\s*[\p{L}\d“\x22(]").expect("dash marker pattern is valid"));

/// The marker at the start of `text`, if any.
pub(crate) fn marker(text: &str) -> Option<Marker> {
    let text = text.trim_start();
    let found = |kind: MarkerKind, re: &Regex| -> Option<Marker> {
        let caps = re.captures(text)?;
        let whole = caps.get(0)?;
        // The match ends on the first letter of the heading: do not count it.
        let end = whole.end() - text[..whole.end()].chars().last().map_or(0, char::len_utf8);
        let label = caps.get(1).map_or("-", |m| m.as_str()).to_string();
        Some(Marker { kind, label, len: text[..end].chars().count() })
    };
    found(MarkerKind::Roman, &ROMAN)
        .or_else(|| found(MarkerKind::SubNumber, &SUBNUMBER))
        .or_else(|| found(MarkerKind::Number, &NUMBER))
        .or_else(|| found(MarkerKind::Letter, &LETTER))
        .or_else(|| found(MarkerKind::Dash, &DASH))
}

/// Which column of a table holds what.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Columns {
    pub index: Option<usize>,
    pub content: Option<usize>,
    pub assignee: Option<usize>,
    pub cooperate: Option<usize>,
    pub deadline: Option<usize>,
}

/// A table whose header row names its columns.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub columns: Columns,
    /// Number of cells of the header row.
    pub width: usize,
    /// Rows below the header: the line and its cells (char ranges of the source).
    pub rows: Vec<(usize, Vec<(usize, usize)>)>,
}

/// Whether a row of cells is the header row of a table of work (names its columns).
pub(crate) fn is_header_row(cells: &[String]) -> bool {
    classify_header(cells).is_some()
}

fn classify_header(cells: &[String]) -> Option<Columns> {
    let mut cols = Columns::default();
    let mut known = 0;
    for (i, cell) in cells.iter().enumerate() {
        let f = fold_str(cell);
        let f = f.trim();
        let slot = if f == "tt" || f == "stt" || f == "so tt" || f == "s tt" {
            &mut cols.index
        } else if f.contains("phoi hop") && !f.contains("chu tri") {
            // "Đơn vị phối hợp"; "Cơ quan chủ trì, phối hợp" names the leading office first.
            &mut cols.cooperate
        } else if f.contains("thoi han")
            || f.contains("thoi gian")
            || f.contains("cham nhat")
            || f.contains("hoan thanh")
            || f.contains("han nop")
            || f.contains("tien do")
            || f == "han"
        {
            &mut cols.deadline
        } else if f.contains("chu tri")
            || f.contains("don vi")
            || f.contains("co quan")
            || f.contains("trach nhiem")
            || f.contains("thuc hien")
            || f.contains("bo phan")
        {
            &mut cols.assignee
        } else if f.contains("noi dung") || f.contains("nhiem vu") || f.contains("cong viec") || f.contains("hoat dong") {
            &mut cols.content
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(i);
            known += 1;
        }
    }
    let useful = cols.content.is_some() && (cols.deadline.is_some() || cols.assignee.is_some());
    (known >= 2 && useful).then_some(cols)
}

/// The body: paragraphs, with the tables taken out.
#[derive(Debug)]
pub(crate) struct Body {
    pub paras: Vec<Para>,
    pub markers: Vec<Option<Marker>>,
    pub tables: Vec<Table>,
}

/// Builds the body from its lines (in order).
pub(crate) fn body(src: &Source, lines: &[usize]) -> Body {
    // Tables first: a header row, then the rows below it.
    let mut tables = Vec::new();
    let mut in_table: HashSet<usize> = HashSet::new();
    let mut k = 0;
    while k < lines.len() {
        let i = lines[k];
        if let Some(cells) = src.table_cells(i) {
            let texts: Vec<String> = cells.iter().map(|(s, e)| src.slice(*s, *e)).collect();
            if let Some(columns) = classify_header(&texts) {
                in_table.insert(i);
                let mut rows = Vec::new();
                let mut j = k + 1;
                while j < lines.len() {
                    let line = lines[j];
                    if src.is_blank(line) {
                        j += 1;
                        continue;
                    }
                    let Some(cells) = src.table_cells(line) else { break };
                    // Markdown's separator row.
                    let is_rule = cells.iter().all(|(s, e)| src.slice(*s, *e).chars().all(|c| matches!(c, '-' | ':' | ' ')));
                    if !is_rule {
                        rows.push((line, cells));
                    }
                    in_table.insert(line);
                    j += 1;
                }
                tables.push(Table { columns, width: cells.len(), rows });
                k = j;
                continue;
            }
        }
        k += 1;
    }

    let usable: Vec<usize> = lines.iter().copied().filter(|i| !in_table.contains(i) && !src.is_blank(*i)).collect();
    // Page numbers on their own line ("2", "- 3 -") are not text.
    let usable: Vec<usize> = usable
        .into_iter()
        .filter(|i| {
            let t = src.line_text(*i);
            !t.trim_matches(|c: char| c == '-' || c.is_whitespace()).chars().all(|c| c.is_ascii_digit())
        })
        .collect();

    let (wrapped, width) = wrapping(src, &usable);
    // The usual number of blank lines between two lines of text; a wider gap ends a paragraph.
    let gaps: Vec<usize> = usable.windows(2).map(|w| (w[0] + 1..w[1]).filter(|k| src.is_blank(*k)).count()).collect();
    let mut counts = [0usize; 4];
    for g in &gaps {
        counts[(*g).min(3)] += 1;
    }
    let usual = (0..4).max_by_key(|k| counts[*k]).unwrap_or(0);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut prev_line: Option<usize> = None;
    for &i in &usable {
        let text = src.line_text(i);
        let join = match (groups.last(), prev_line) {
            (Some(_), Some(p)) if !in_table.iter().any(|t| *t > p && *t < i) => {
                let gap = (p + 1..i).filter(|k| src.is_blank(*k)).count();
                continues(&src.line_text(p), &text, wrapped, width, gap > usual)
            }
            _ => false,
        };
        match groups.last_mut() {
            Some(g) if join => g.push(i),
            _ => groups.push(vec![i]),
        }
        prev_line = Some(i);
    }
    let paras: Vec<Para> = groups
        .iter()
        .map(|g| {
            let ranges: Vec<(usize, usize)> = g.iter().map(|i| src.trimmed(*i)).collect();
            Para::from_ranges(src, &ranges)
        })
        .collect();
    let markers = paras.iter().map(|p| marker(&p.text())).collect();
    Body { paras, markers, tables }
}

/// Whether the text was hard-wrapped (a PDF or an e-mail), and its usual line width.
fn wrapping(src: &Source, lines: &[usize]) -> (bool, usize) {
    let texts: Vec<String> = lines.iter().map(|i| src.line_text(*i)).collect();
    let mut lengths: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
    lengths.sort_unstable();
    let width = lengths.get(lengths.len() * 9 / 10).copied().unwrap_or(0);
    let continued = texts
        .windows(2)
        .filter(|w| !ends_sentence(&w[0]) && first_letter_lower(&w[1]) && marker(&w[1]).is_none())
        .count();
    (texts.len() >= 6 && continued * 7 >= texts.len(), width)
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['"', '”', '’', ')', '»']);
    t.ends_with(['.', '!', '?', ':', ';'])
}

fn first_letter_lower(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(|c| c.is_lowercase())
}

/// Words a line of a finished sentence or heading never ends with.
const CONTINUING: &[&str] = &[
    "của", "và", "với", "các", "về", "cho", "theo", "tại", "trong", "những", "là", "được", "để", "hoặc", "đến", "từ",
    "như", "nhằm", "số", "ngày", "tháng", "năm", "có", "đã", "sẽ", "trên", "dưới", "giữa", "vào", "bằng", "do", "mà",
];

/// Whether line `next` continues the paragraph that ends with line `prev`.
fn continues(prev: &str, next: &str, wrapped: bool, width: usize, wide_gap: bool) -> bool {
    if marker(next).is_some() {
        return false;
    }
    let prev_t = prev.trim_end();
    if prev_t.ends_with('-') && prev_t.chars().rev().nth(1).is_some_and(char::is_alphanumeric) {
        return true;
    }
    if first_letter_lower(next) || next.starts_with(|c: char| c.is_ascii_digit()) && !ends_sentence(prev) {
        return true;
    }
    if ends_sentence(prev) {
        return false;
    }
    // A line cannot end on "của", "và", "các" …: the sentence goes on.
    let last_word = prev_t.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    if prev_t.ends_with(',') || CONTINUING.contains(&last_word.as_str()) {
        return true;
    }
    wrapped && !wide_gap && prev.chars().count() * 10 >= width * 7
}

/// A heading of the section outline.
#[derive(Debug, Clone)]
pub(crate) struct SectionHead {
    pub para: usize,
    pub kind: MarkerKind,
    pub depth: u8,
    pub label: String,
}

/// The section outline: every paragraph with a marker, with its depth (the order in which marker
/// kinds first appear gives their depth: `I.` → 1, `1.` → 2, `a)` → 3 …).
pub(crate) fn outline(body: &Body) -> Vec<SectionHead> {
    let mut order: Vec<MarkerKind> = Vec::new();
    let mut out = Vec::new();
    for (i, m) in body.markers.iter().enumerate() {
        let Some(m) = m else { continue };
        let depth = match order.iter().position(|k| *k == m.kind) {
            Some(p) => p,
            None => {
                order.push(m.kind);
                order.len() - 1
            }
        };
        out.push(SectionHead { para: i, kind: m.kind, depth: depth as u8 + 1, label: m.label.clone() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_every_style() {
        let k = |t: &str| marker(t).map(|m| (m.kind, m.label, m.len));
        assert_eq!(k("I- Mục đích"), Some((MarkerKind::Roman, "I".into(), 3)));
        assert_eq!(k("III. TỔ CHỨC"), Some((MarkerKind::Roman, "III".into(), 5)));
        assert_eq!(k("1- Mục đích"), Some((MarkerKind::Number, "1".into(), 3)));
        assert_eq!(k("2. Ban Tuyên giáo"), Some((MarkerKind::Number, "2".into(), 3)));
        assert_eq!(k("1.1- Tuyên truyền"), Some((MarkerKind::SubNumber, "1.1".into(), 5)));
        assert_eq!(k("a) Nội dung"), Some((MarkerKind::Letter, "a".into(), 3)));
        assert_eq!(k("- Tổ chức"), Some((MarkerKind::Dash, "-".into(), 2)));
        assert_eq!(k("15/5 là hạn"), None);
        assert_eq!(k("20.5.2017 là hạn"), None);
        assert_eq!(k("Ban Tuyên giáo"), None);
    }

    #[test]
    fn wrapped_lines_join_into_paragraphs() {
        let text = "I- Mục đích, yêu cầu \n\n1- Mục đích \n\n- Tổ chức quán triệt nghiêm túc, sâu sắc Chỉ thị 21-CT/TW nhằm nâng \n\ncao nhận thức, trách nhiệm của các cấp ủy, chính quyền, mặt trận Tổ quốc, các \n\nđoàn thể chính trị - xã hội. \n\n- Tăng cường sự lãnh đạo của \n\nBan Thường vụ.";
        let src = Source::new(text);
        let lines: Vec<usize> = (0..src.lines.len()).collect();
        let b = body(&src, &lines);
        let texts: Vec<String> = b.paras.iter().map(|p| p.text()).collect();
        assert_eq!(texts.len(), 4, "{texts:#?}");
        assert!(texts[2].ends_with("các đoàn thể chính trị - xã hội."));
    }

    #[test]
    fn tables_with_a_header_row() {
        let text = "TT\tNội dung công việc\tĐơn vị thực hiện\tNgày chậm nhất phải hoàn thành\n1\tBáo cáo sơ kết\tHội LHPN các huyện\t15/6/2024\nĐoạn văn.";
        let src = Source::new(text);
        let lines: Vec<usize> = (0..src.lines.len()).collect();
        let b = body(&src, &lines);
        assert_eq!(b.tables.len(), 1);
        let t = &b.tables[0];
        assert_eq!((t.columns.content, t.columns.assignee, t.columns.deadline), (Some(1), Some(2), Some(3)));
        assert_eq!(t.rows.len(), 1);
        assert_eq!(b.paras.len(), 1);
    }
}
