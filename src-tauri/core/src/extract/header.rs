//! The parts of a document that sit at fixed places: the heading block (issuer, number and
//! symbol, place and date, kind and title) and the closing block (signer, recipients), laid out
//! after Nghị định 30/2020 (state documents) and Quy định 66-QĐ/TW (Party documents).
//!
//! The heading often arrives as two columns side by side (a Word table, or a PDF line with a wide
//! gap), so lines are read as cells; the issuer is the capitals block at the top left.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::documents::{DocKind, NumberStyle};
use crate::extract::layout::{Source, collapse, fold_str};

/// A value found in the text, with where it was found (chars of the source).
#[derive(Debug, Clone)]
pub(crate) struct Found<T> {
    pub value: T,
    pub start: usize,
    pub end: usize,
    pub confidence: f32,
}

impl<T> Found<T> {
    fn new(value: T, (start, end): (usize, usize), confidence: f32) -> Self {
        Found { value, start, end, confidence }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct NumberLine {
    pub number: String,
    pub symbol: String,
    pub style: NumberStyle,
}

#[derive(Debug, Clone)]
pub(crate) struct PlaceDate {
    pub place: String,
    pub place_span: (usize, usize),
    /// The full date, when day and month are filled in.
    pub date: Option<NaiveDate>,
    /// The year, also when day or month are left blank in a draft (`ngày   tháng   năm 2023`).
    pub year: Option<i32>,
}

#[derive(Debug, Default)]
pub(crate) struct Header {
    pub kind: Option<Found<DocKind>>,
    pub number: Option<Found<NumberLine>>,
    pub place_date: Option<Found<PlaceDate>>,
    pub issuer: Option<Found<String>>,
    pub title: Option<Found<String>>,
    /// First line of the body (after the title).
    pub body_start: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Tail {
    pub signer: Option<Found<String>>,
    pub signer_title: Option<Found<String>>,
    pub recipients: Vec<Found<String>>,
    /// Lines `[start, end)` that belong to the closing block, not the body.
    pub start: usize,
    pub end: usize,
}

const KINDS: &[(&str, DocKind)] = &[
    ("ke hoach", DocKind::KeHoach),
    ("chi thi", DocKind::ChiThi),
    ("nghi quyet", DocKind::NghiQuyet),
    ("chuong trinh", DocKind::ChuongTrinh),
    ("bao cao", DocKind::BaoCao),
    ("cong van", DocKind::CongVan),
    ("quyet dinh", DocKind::QuyetDinh),
    ("thong bao", DocKind::ThongBao),
    ("huong dan", DocKind::HuongDan),
    ("thong tri", DocKind::ThongTri),
    ("to trinh", DocKind::Khac),
    ("de an", DocKind::Khac),
    ("ket luan", DocKind::Khac),
    ("quy dinh", DocKind::Khac),
    ("quy che", DocKind::Khac),
];

/// The kind a symbol names: `KH-ĐCT`, `KH/TU` → Kế hoạch.
pub(crate) fn kind_from_symbol(symbol: &str) -> Option<DocKind> {
    let first = symbol.split(['-', '/']).find(|p| !p.chars().all(|c| c.is_ascii_digit()))?;
    Some(match fold_str(first).as_str() {
        "kh" => DocKind::KeHoach,
        "ct" => DocKind::ChiThi,
        "nq" => DocKind::NghiQuyet,
        "ctr" => DocKind::ChuongTrinh,
        "bc" => DocKind::BaoCao,
        "qd" => DocKind::QuyetDinh,
        "tb" => DocKind::ThongBao,
        "cv" => DocKind::CongVan,
        "hd" => DocKind::HuongDan,
        // Party style `TT/TU` is a Thông tri; state style `TT-BNV` is a ministry's Thông tư.
        "tt" if symbol.split_once(first).is_some_and(|(_, rest)| rest.starts_with('/')) => DocKind::ThongTri,
        _ => return None,
    })
}

fn mostly_upper(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 8
}

/// The kind named by a whole heading cell in capitals ("KẾ HOẠCH", "CHƯƠNG TRÌNH HÀNH ĐỘNG").
fn kind_line(text: &str) -> Option<DocKind> {
    if !mostly_upper(text) {
        return None;
    }
    let folded = collapse(&fold_str(text));
    let folded = folded.trim_end_matches(['.', ':']);
    for (name, kind) in KINDS {
        if let Some(rest) = folded.strip_prefix(name)
            && (rest.is_empty() || (rest.starts_with(' ') && rest.split_whitespace().count() <= 3))
        {
            return Some(*kind);
        }
    }
    None
}

/// A kind name in capitals followed by a title in ordinary case, on one line: (kind, chars of
/// the kind name).
fn kind_then_title(text: &str) -> Option<(DocKind, usize)> {
    let folded = fold_str(text);
    for (name, kind) in KINDS {
        let n = name.chars().count();
        if folded.starts_with(name) && folded.chars().nth(n) == Some(' ') {
            let head: String = text.chars().take(n).collect();
            let rest: String = text.chars().skip(n).collect();
            let rest_letters: Vec<char> = rest.chars().filter(|c| c.is_alphabetic()).collect();
            let rest_lower = rest_letters.iter().filter(|c| c.is_lowercase()).count() * 2 > rest_letters.len();
            if mostly_upper(&head) && rest_lower && rest_letters.len() >= 8 {
                return Some((*kind, n));
            }
        }
    }
    None
}

fn is_motto(folded: &str) -> bool {
    let f = folded.replace(' ', "");
    // Also its halves, when the heading was wrapped ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM").
    f.contains("conghoaxahoi")
        || f.starts_with("chunghiavietnam")
        || f.contains("doclap-tudo")
        || f.starts_with("doclap")
        || f.contains("dangcongsanvietnam")
}

fn is_separator(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '_' | '*' | '=' | '~' | '.' | '–' | '—' | ' ' | '•' | '|'))
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^số\s*:?\s*(?P<num>\d+[a-z]?)?[\s.…_]*(?P<sep>[/-])\s*(?P<sym>[\p{L}\d&]+(?:\s*[-/]\s*[\p{L}\d&]+)*)",
    )
    .expect("number pattern is valid")
});

static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?P<place>\p{L}[\p{L} .'-]{0,40}?)\s*,\s*)?ngày\s*(?P<d>\d{1,2})?[\s.…_]*(?:tháng|/)\s*(?P<m>\d{1,2})?[\s.…_]*(?:năm|/)\s*(?P<y>\d{4})?",
    )
    .expect("place and date pattern is valid")
});

static SIGNER_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:T\.?\s?M\.?|T/M|K\.?\s?T\.?|K/T|T\.?\s?L\.?|T/L|TUQ\.?|Q\.)\s+\p{Lu}")
        .expect("signer prefix pattern is valid")
});

static BODY_STARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:can cu|thuc hien|trien khai|nham|de |tren co so|theo |kinh gui|ngay \d|qua \d|sau khi)")
        .expect("body starter pattern is valid")
});

/// How the issuing authority is named above the preamble of a decision or resolution.
const AUTHORITY_LINES: &[&str] = &[
    "uy ban nhan dan", "chu tich uy ban", "ban chap hanh", "ban thuong vu", "bo truong", "giam doc", "hoi dong nhan dan",
    "doan chu tich", "ban chi dao", "thuong truc", "thu tuong chinh phu",
];

/// Positions a signer holds, folded.
const POSITIONS: &[&str] = &[
    "chu tich", "pho chu tich", "bi thu", "pho bi thu", "truong ban", "pho truong ban", "giam doc",
    "pho giam doc", "chanh van phong", "pho chanh van phong", "truong phong", "pho truong phong",
    "uy vien", "thuong truc", "bo truong", "thu truong", "chu nhiem", "pho chu nhiem", "hieu truong",
    "thu tuong", "pho thu tuong",
];

fn is_position(text: &str) -> bool {
    let f = collapse(&fold_str(text));
    mostly_upper(text) && POSITIONS.iter().any(|p| f.starts_with(p) || f.ends_with(p))
}

/// A person's name: two to six words, each capitalised, no digits or punctuation.
pub(crate) fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=6).contains(&words.len()) || text.chars().any(|c| c.is_ascii_digit() || ":;,()/\"“”-–".contains(c)) {
        return false;
    }
    if mostly_upper(text) {
        let f = fold_str(text);
        return !POSITIONS.iter().any(|p| f.contains(p)) && !f.contains("ban ") && !f.contains("hoi ");
    }
    words.iter().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(|c| c.is_uppercase()) && cs.all(|c| c.is_lowercase() || c == '.')
    })
}

fn is_signed_note(text: &str) -> bool {
    let f = fold_str(text);
    let f = f.trim_matches(|c: char| !c.is_alphanumeric());
    f == "da ky" || f.starts_with("da ky") || f.starts_with("ky ten") || f.starts_with("ky, ") || f.starts_with("ky va")
        || f == "ky" || f.starts_with("ky ghi ro") || f.starts_with("dong dau")
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Reads the heading block and the title.
pub(crate) fn read_header(src: &Source) -> Header {
    let mut h = Header::default();
    let n = src.lines.len();
    // The heading is within the first lines; find the kind line there.
    let mut region_end = n;
    let mut nonblank = 0;
    for i in 0..n {
        if !src.is_blank(i) {
            nonblank += 1;
        }
        if nonblank > 45 {
            region_end = i;
            break;
        }
    }
    let mut kind_line_idx = None;
    let mut inline_title = None;
    'lines: for i in 0..region_end {
        for (s, e) in src.cells(i) {
            let text = src.slice(s, e);
            if let Some(kind) = kind_line(&text) {
                h.kind = Some(Found::new(kind, (s, e), 0.95));
                kind_line_idx = Some(i);
                break 'lines;
            }
            // "KẾ HOẠCH Tổ chức Hội thi …" on one line (text pasted without its line breaks).
            if let Some((kind, len)) = kind_then_title(&text) {
                h.kind = Some(Found::new(kind, (s, s + len), 0.8));
                inline_title = Some((s + len, e));
                kind_line_idx = Some(i);
                break 'lines;
            }
        }
        // A numbered section means the heading is over.
        let f = src.line_folded(i);
        if f.starts_with("i.") || f.starts_with("i-") || f.starts_with("1.") {
            break;
        }
    }
    let header_end = match kind_line_idx {
        Some(k) => k,
        None => {
            // Without a kind line the heading is the top block up to its number or place-and-date
            // line (whichever comes last), and never past the first body-looking line.
            let mut limit = region_end.min(20);
            for i in 0..limit {
                let f = src.line_folded(i);
                if BODY_STARTER.is_match(&f) || src.line_text(i).chars().count() > 120 || marker_len(&src.line_text(i)).is_some() {
                    limit = i;
                    break;
                }
            }
            let mut end = 0;
            for i in 0..limit {
                let (s, _) = src.trimmed(i);
                let (rest, _) = rest_of_line(src, i, s, limit);
                if src.cells(i).iter().any(|(cs, ce)| {
                    let t = src.slice(*cs, src.lines[i].end.max(*ce));
                    number_in(&t, 0).is_some() || place_date_in(&t).is_some()
                }) || number_in(&rest, 0).is_some()
                    || place_date_in(&rest).is_some()
                {
                    end = i + 1;
                }
            }
            end
        }
    };

    // Number, place and date, issuer: cells of the heading lines.
    let mut issuer_lines: Vec<(usize, usize)> = Vec::new();
    let mut issuer_closed = false;
    for i in 0..header_end {
        let cells = src.cells(i);
        let line_end = src.lines[i].end;
        // Blanks in a draft ("Số:      /KH-BTV", "ngày      tháng") look like column gaps: the
        // number and the date are matched on the rest of the line, and the cells they cover skipped.
        let mut covered_to = 0;
        for (ci, &(s, e)) in cells.iter().enumerate() {
            if s < covered_to {
                continue;
            }
            let text = src.slice(s, e);
            let folded = fold_str(&text);
            // The rest of the line, and the next line too when this one stops short
            // ("Quảng Nam, ngày" / "13 tháng 7 năm 2023", "Số:" / "06/2024/QĐ-UBND").
            let (rest, map) = rest_of_line(src, i, s, header_end);
            if h.number.is_none()
                && let Some(mut found) = number_in(&rest, 0)
            {
                found.start = map[found.start.min(map.len() - 1)];
                found.end = map[(found.end.max(1) - 1).min(map.len() - 1)] + 1;
                covered_to = if found.end > line_end { usize::MAX } else { found.end };
                h.number = Some(found);
                issuer_closed = true;
                continue;
            }
            if h.place_date.is_none()
                && let Some(mut found) = place_date_in(&rest)
            {
                let at = |k: usize| map[k.min(map.len() - 1)];
                found.start = at(found.start);
                found.end = at(found.end.max(1) - 1) + 1;
                let (ps, pe) = found.value.place_span;
                found.value.place_span = if pe > ps { (at(ps), at(pe - 1) + 1) } else { (found.start, found.start) };
                covered_to = if found.end > line_end { usize::MAX } else { found.end };
                h.place_date = Some(found);
                continue;
            }
            if is_motto(&folded) || is_separator(&text) || folded.starts_with("so:") || folded.starts_with("so ") {
                continue;
            }
            if folded.starts_with("v/v") {
                continue;
            }
            // The issuer is the left column, in capitals, above the number.
            if !issuer_closed && ci == 0 && mostly_upper(&text) && text.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                issuer_lines.push((s, e));
            }
        }
    }
    if !issuer_lines.is_empty() {
        // A heading line wrapped inside its cell ("BAN CHẤP HÀNH" / "TRUNG ƯƠNG", "ỦY BAN NHÂN" /
        // "DÂN") is one line of the issuer: a line ending in a word no name ends with joins the next.
        let mut lines: Vec<String> = Vec::new();
        let mut join_next = false;
        for (s, e) in &issuer_lines {
            let line = collapse(&src.slice(*s, *e));
            match lines.last_mut() {
                Some(prev) if join_next => {
                    prev.push(' ');
                    prev.push_str(&line);
                }
                _ => lines.push(line),
            }
            let folded = fold_str(lines.last().map_or("", |l| l.as_str()));
            join_next = ["chap hanh", " nhan", " va", " cua"].iter().any(|w| folded.ends_with(w)) || folded == "ban";
        }
        let value = lines.join("\n");
        let start = issuer_lines[0].0;
        let end = issuer_lines.last().map_or(start, |l| l.1);
        h.issuer = Some(Found::new(value, (start, end), 0.85));
    }

    // A letter (công văn) has no kind line: its summary follows "V/v".
    if kind_line_idx.is_none() {
        for i in 0..header_end.max(1).min(n) {
            for (s, e) in src.cells(i) {
                let text = src.slice(s, e);
                if fold_str(&text).starts_with("v/v") {
                    let title = text.chars().skip(3).collect::<String>();
                    let title = title.trim_start_matches([':', ' ', '.']);
                    h.kind = Some(Found::new(DocKind::CongVan, (s, e), 0.7));
                    h.title = Some(Found::new(capitalise(&collapse(title)), (s, e), 0.8));
                }
            }
        }
    }

    // The title: the lines after the kind line.
    h.body_start = header_end;
    if let (Some(k), Some((s, e))) = (kind_line_idx, inline_title) {
        let (s, e) = {
            let mut s = s;
            while s < e && src.chars[s].is_whitespace() {
                s += 1;
            }
            (s, e)
        };
        h.title = Some(Found::new(capitalise(&collapse(&src.slice(s, e))), (s, e), 0.7));
        h.body_start = k + 1;
        return h;
    }
    if kind_line_idx.is_none() && h.title.is_none() && header_end > 0 {
        // A heading without a kind name ("DANH SÁCH …"): an upper-case line under the date.
        if let Some(i) = (header_end..n.min(header_end + 3)).find(|i| !src.is_blank(*i)) {
            let text = src.line_text(i);
            if mostly_upper(&text) && text.chars().count() <= 120 && marker_len(&text).is_none() && !is_motto(&fold_str(&text)) {
                h.title = Some(Found::new(text, src.trimmed(i), 0.5));
                h.body_start = i + 1;
            }
        }
    }
    if let Some(k) = kind_line_idx {
        h.body_start = k + 1;
        let mut lines: Vec<(usize, usize)> = Vec::new();
        let mut first_upper = false;
        let mut blanks = 0;
        let mut i = k + 1;
        // The kind cell may share its line with other cells (a PDF line); ignore them.
        while i < n && lines.len() < 5 {
            if src.is_blank(i) {
                blanks += 1;
                if blanks > 3 {
                    break;
                }
                i += 1;
                continue;
            }
            let after_blank = blanks > 0;
            blanks = 0;
            let text = src.line_text(i);
            let folded = fold_str(&text);
            if is_separator(&text) {
                i += 1;
                break;
            }
            if lines.is_empty() {
                first_upper = mostly_upper(&text);
                lines.push(src.trimmed(i));
                i += 1;
                continue;
            }
            let previous = src.slice(lines[lines.len() - 1].0, lines[lines.len() - 1].1);
            let ends_sentence = previous.trim_end().ends_with(['.', ':', ';']);
            // A title line is not a sentence: one ending in "." is the body.
            let is_sentence = text.trim_end().ends_with(['.', ';', ':']) && !text.trim_end().ends_with("...");
            // The authority repeated before the preamble of a decision ("ỦY BAN NHÂN DÂN TỈNH …").
            // Not after a line that cannot end ("… NĂM 2024 CỦA / THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC …").
            let open_end = fold_str(previous.trim_end()).rsplit(' ').next().is_some_and(|w| ["cua", "va", "ve", "voi", "cho", "tai", "ve viec"].contains(&w));
            let authority = mostly_upper(&text) && !open_end && AUTHORITY_LINES.iter().any(|a| collapse(&folded).starts_with(a));
            let stop = ends_sentence
                || is_sentence
                || authority
                || BODY_STARTER.is_match(&folded)
                || marker_len(&text).is_some()
                || (mostly_upper(&text) && !first_upper)
                // A title in capitals, then after a blank line a line that is not: the body
                // ("KẾT LUẬN CỦA THỦ TƯỚNG … / / Từ ngày 08 đến ngày 09 …").
                || (first_upper && after_blank && !mostly_upper(&text) && !text.trim_start().starts_with('('))
                || folded.contains("so:")
                || folded.contains("ngay:")
                || text.chars().count() > 160;
            if stop {
                break;
            }
            lines.push(src.trimmed(i));
            i += 1;
        }
        if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
            let text = lines.iter().map(|(s, e)| src.slice(*s, *e)).collect::<Vec<_>>().join(" ");
            h.title = Some(Found::new(capitalise(&collapse(&text)), (first.0, last.1), 0.9));
            h.body_start = i;
        }
    }
    h
}

/// The text from char `start` of line `i` to its end, followed by the next non-blank line when
/// the line ends on "Số:", "ngày", "tháng", "năm" or a place followed by a comma; with the source
/// position of every char.
fn rest_of_line(src: &Source, i: usize, start: usize, limit: usize) -> (String, Vec<usize>) {
    let end = src.lines[i].end;
    let mut text: String = src.slice(start, end);
    let mut map: Vec<usize> = (start..end).collect();
    // The last word as written: "năm" and "số" end a date or number line cut short, "NAM" of
    // "ĐẢNG CỘNG SẢN VIỆT NAM" (the Party's heading line above the date) and "SỐ" in a name do not.
    let trimmed = text.trim_end();
    let last = trimmed.rsplit(' ').next().unwrap_or("");
    let cut_short = matches!(last, "Số:" | "số:" | "SỐ:" | "Số" | "số" | "SỐ" | "ngày" | "Ngày" | "tháng" | "năm") || trimmed.ends_with(',');
    if cut_short
        && let Some(next) = (i + 1..limit.min(i + 3)).find(|k| !src.is_blank(*k) && !is_separator(&src.line_text(*k)))
    {
        let (ns, ne) = src.trimmed(next);
        text.push(' ');
        map.push(end);
        text.push_str(&src.slice(ns, ne));
        map.extend(ns..ne);
    }
    if map.is_empty() {
        map.push(start);
    }
    (text, map)
}

/// Makes the first letter a capital ("thực hiện …" → "Thực hiện …").
pub(crate) fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

fn number_in(text: &str, offset: usize) -> Option<Found<NumberLine>> {
    let caps = NUMBER.captures(text)?;
    let sym_match = caps.name("sym")?;
    let symbol: String = sym_match.as_str().chars().filter(|c| !c.is_whitespace()).collect();
    let symbol = symbol.trim_end_matches(['.', '-', '/']).to_string();
    if !symbol.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    let number = caps.name("num").map(|m| m.as_str().to_string()).unwrap_or_default();
    let style = if caps.name("sep").is_some_and(|m| m.as_str() == "-") { NumberStyle::Party } else { NumberStyle::State };
    let end = offset + text[..sym_match.end()].chars().count();
    Some(Found::new(NumberLine { number, symbol, style }, (offset, end), 0.95))
}

fn place_date_in(text: &str) -> Option<Found<PlaceDate>> {
    let offset = 0;
    let caps = PLACE_DATE.captures(text)?;
    let whole = caps.get(0)?;
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = caps.name("y").and_then(|m| m.as_str().parse::<i32>().ok());
    let date = match (num("d"), num("m"), year) {
        (Some(d), Some(m), Some(y)) => ymd(y, m, d),
        _ => None,
    };
    if year.is_none() && date.is_none() && caps.name("place").is_none() {
        return None;
    }
    let (place, place_span) = match caps.name("place") {
        Some(m) => {
            let s = offset + text[..m.start()].chars().count();
            let e = offset + text[..m.end()].chars().count();
            (collapse(m.as_str()), (s, e))
        }
        None => (String::new(), (offset, offset)),
    };
    let end = offset + text[..whole.end()].chars().count();
    let confidence = if date.is_some() { 0.95 } else { 0.6 };
    Some(Found::new(PlaceDate { place, place_span, date, year }, (offset, end), confidence))
}

/// Length in chars of a section or list marker at the start of `text` ("I- ", "1. ", "1.2. ",
/// "a) ", "- "), when there is one.
pub(crate) fn marker_len(text: &str) -> Option<usize> {
    crate::extract::structure::marker(text).map(|m| m.len)
}

/// Reads the closing block: signer and title, recipients; and the appendix after them, if any.
pub(crate) fn read_tail(src: &Source, body_start: usize) -> Tail {
    let n = src.lines.len();
    let mut tail = Tail { start: n, end: n, ..Tail::default() };
    let from = body_start.max(n / 3);
    // The "Nơi nhận" line and the signer's prefix line (the last ones).
    let mut recipients_line = None;
    let mut prefix_line = None;
    for i in (from..n).rev() {
        for (s, e) in src.cells(i) {
            let text = src.slice(s, e);
            let folded = fold_str(&text);
            if recipients_line.is_none() && folded.starts_with("noi nhan") {
                recipients_line = Some((i, s, e));
            }
            if prefix_line.is_none() && SIGNER_PREFIX.is_match(&text) && mostly_upper(&text) {
                prefix_line = Some((i, s, e));
            }
        }
    }
    // A decision issuing a plan closes before the plan it issues ("Nơi nhận … / THỦ TƯỚNG / Phạm
    // Minh Chính / KẾ HOẠCH / (Kèm theo Quyết định …)"): its closing block may be early.
    if recipients_line.is_none() {
        'early: for i in (body_start..from).rev() {
            for (s, e) in src.cells(i) {
                if fold_str(&src.slice(s, e)).starts_with("noi nhan") && (i + 1..n.min(i + 60)).any(|k| attached(&src.line_text(k))) {
                    recipients_line = Some((i, s, e));
                    break 'early;
                }
            }
        }
    }
    if prefix_line.is_none()
        && let Some((r, _, _)) = recipients_line
        && r < from
    {
        let end = (r + 1..n).find(|&k| attached(&src.line_text(k))).unwrap_or(n);
        prefix_line = (r + 1..end).rev().find_map(|i| {
            src.cells(i).into_iter().find(|(s, e)| {
                let t = src.slice(*s, *e);
                (SIGNER_PREFIX.is_match(&t) && mostly_upper(&t)) || is_position(&t) && t.split_whitespace().count() <= 6
            }).map(|(s, e)| (i, s, e))
        });
        // The first line of a multi-line title ("TM. … / KT. …") is found below.
        if let Some((i, _, _)) = prefix_line {
            let mut k = i;
            while k > r + 1 && src.cells(k - 1).iter().any(|(s, e)| {
                let t = src.slice(*s, *e);
                (SIGNER_PREFIX.is_match(&t) && mostly_upper(&t)) || is_position(&t)
            }) {
                k -= 1;
            }
            prefix_line = src.cells(k).into_iter().find(|(s, e)| {
                let t = src.slice(*s, *e);
                (SIGNER_PREFIX.is_match(&t) && mostly_upper(&t)) || is_position(&t)
            }).map(|(s, e)| (k, s, e)).or(prefix_line);
        }
    }
    // Without a prefix (a head signing in their own name): a position line followed by a name.
    if prefix_line.is_none() {
        let start = n.saturating_sub(40).max(from);
        for i in (start..n).rev() {
            for (s, e) in src.cells(i) {
                let text = src.slice(s, e);
                if is_position(&text) && text.split_whitespace().count() <= 6 {
                    prefix_line = Some((i, s, e));
                }
            }
            if prefix_line.is_some() {
                break;
            }
        }
    }

    let mut block_end = 0;
    // "TM. ỦY BAN NHÂN DÂN" above "KT. CHỦ TỊCH": the title starts at the first prefix line.
    let mut first_prefix = None;
    if let Some((line, _, _)) = prefix_line {
        let mut k = line;
        let mut steps = 0;
        while k > from && steps < 2 {
            k -= 1;
            if src.is_blank(k) {
                continue;
            }
            steps += 1;
            let found = src.cells(k).into_iter().rev().find(|(s, e)| {
                let t = src.slice(*s, *e);
                SIGNER_PREFIX.is_match(&t) && mostly_upper(&t)
            });
            match found {
                Some((s, e)) => first_prefix = Some((s, e)),
                None => break,
            }
        }
    }
    if let Some((line, s, e)) = prefix_line {
        let mut title_parts = vec![collapse(&src.slice(s, e))];
        let mut s = s;
        if let Some((fs, fe)) = first_prefix {
            title_parts.insert(0, collapse(&src.slice(fs, fe)));
            s = fs;
        }
        let mut title_end = e;
        let mut i = line + 1;
        let mut name = None;
        let mut seen = 0;
        while i < n && seen < 10 {
            if !src.is_blank(i) {
                seen += 1;
            }
            let cells = src.cells(i);
            // In a side-by-side layout the signature is the right-hand cell.
            let cell = if cells.len() > 1 { cells.last().copied() } else { cells.first().copied() };
            i += 1;
            let Some((cs, ce)) = cell else { continue };
            let text = collapse(&src.slice(cs, ce));
            if name.is_none() && title_parts.len() < 3 && is_position(&text) {
                title_parts.push(text);
                title_end = ce;
                continue;
            }
            if is_signed_note(&text) || text.starts_with(['-', '+', '(', '[']) && !is_name(&text) {
                continue;
            }
            if is_name(&text) {
                name = Some(Found::new(text, (cs, ce), 0.9));
                block_end = i;
                break;
            }
            if fold_str(&text).starts_with("noi nhan") {
                continue;
            }
        }
        tail.signer_title = Some(Found::new(title_parts.join("\n"), (s, title_end), 0.9));
        tail.signer = name;
        tail.start = tail.start.min(line);
        block_end = block_end.max(line + 1);
    }

    if let Some((line, s, e)) = recipients_line {
        tail.start = tail.start.min(line);
        let mut items: Vec<(String, usize, usize)> = Vec::new();
        // Text after "Nơi nhận:" on the same cell.
        let first = src.slice(s, e);
        let after: String = first.chars().skip_while(|c| *c != ':').skip(1).collect();
        let after_trim = after.trim();
        if !after_trim.is_empty() {
            let offset = e - after.chars().count() + (after.chars().count() - after.trim_start().chars().count());
            items.push((after_trim.to_string(), offset, e));
        }
        let mut i = line + 1;
        let mut parent: Option<usize> = None;
        while i < n {
            let cells = src.cells(i);
            i += 1;
            let Some(&(cs, ce)) = cells.first() else { continue };
            let text = collapse(&src.slice(cs, ce));
            if SIGNER_PREFIX.is_match(&text) || is_position(&text) || is_signed_note(&text) || appendix(&text) {
                if appendix(&text) {
                    i -= 1;
                }
                break;
            }
            if tail.signer.as_ref().is_some_and(|n| n.value == text) {
                break;
            }
            if text.starts_with(['-', '+', '•', '*', '–']) {
                let body = text.trim_start_matches(['-', '+', '•', '*', '–', ' ']);
                let skip = src.slice(cs, ce).chars().take_while(|c| matches!(c, '-' | '+' | '•' | '*' | '–' | ' ')).count();
                // "- VP UBND tỉnh: / + LĐVP, KGVX;": the sub-items belong to the item above ("Lưu"
                // stays an item of its own).
                if text.starts_with('+')
                    && !fold_str(body).starts_with("luu")
                    && let Some(k) = parent
                {
                    let item: &mut (String, usize, usize) = &mut items[k];
                    let sep = if item.0.trim_end().ends_with(':') { " " } else { "; " };
                    item.0 = format!("{}{sep}{}", item.0.trim_end().trim_end_matches(';'), body.trim_end_matches([';', '.', ' ']));
                    item.2 = ce;
                    continue;
                }
                parent = if body.trim_end().ends_with(':') { Some(items.len()) } else { None };
                items.push((body.to_string(), cs + skip, ce));
            } else if let Some(last) = items.last_mut() {
                if is_name(&text) && last.0.trim_end().ends_with('.') {
                    break;
                }
                last.0 = format!("{} {}", last.0, text);
                last.2 = ce;
            } else {
                items.push((text, cs, ce));
            }
        }
        block_end = block_end.max(i);
        tail.recipients = items
            .into_iter()
            .map(|(t, s, e)| {
                let t = collapse(&t);
                let t = t.trim_end_matches([',', ';', '.', ' ']).to_string();
                Found::new(t, (s, e), 0.9)
            })
            .filter(|f| !f.value.is_empty())
            .collect();
    }
    if tail.start < n {
        // An appendix (phụ lục, đề cương) after the closing block is body again.
        tail.end = n;
        for i in block_end.max(tail.start + 1)..n {
            if appendix(&src.line_text(i)) || attached(&src.line_text(i)) {
                tail.end = i;
                break;
            }
        }
    }
    tail
}

/// The kind line of a document issued with a decision, after the decision's signature
/// ("KẾ HOẠCH", "QUY CHẾ" …, in capitals, alone on its line).
fn attached(text: &str) -> bool {
    let f = collapse(&fold_str(text.trim()));
    mostly_upper(text) && ["ke hoach", "quy che", "quy dinh", "chuong trinh", "de an", "huong dan", "dieu le"].contains(&f.as_str())
}

/// A heading that starts an appendix after the signature.
fn appendix(text: &str) -> bool {
    let f = fold_str(text);
    mostly_upper(text)
        && (f.starts_with("phu luc") || f.starts_with("de cuong") || f.starts_with("bieu mau") || f.starts_with("danh sach"))
        || f.starts_with("(kem theo")
        || f.starts_with("(ban hanh kem theo")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Header {
        read_header(&Source::new(text))
    }

    #[test]
    fn state_and_party_numbers() {
        let f = number_in("Số: 268/KH-ĐCT", 0).expect("state number");
        assert_eq!((f.value.number.as_str(), f.value.symbol.as_str(), f.value.style), ("268", "KH-ĐCT", NumberStyle::State));
        let f = number_in("Số 127-QĐ/TW", 0).expect("party number");
        assert_eq!((f.value.number.as_str(), f.value.symbol.as_str(), f.value.style), ("127", "QĐ/TW", NumberStyle::Party));
        let f = number_in("Số:        /KH-BTV", 0).expect("blank number");
        assert_eq!((f.value.number.as_str(), f.value.symbol.as_str(), f.value.style), ("", "KH-BTV", NumberStyle::State));
        let f = number_in("Số: ……/KH-BTV", 0).expect("dotted blank number");
        assert_eq!(f.value.number, "");
        let f = number_in("Số   -KH/TU", 0).expect("blank party number");
        assert_eq!((f.value.number.as_str(), f.value.style), ("", NumberStyle::Party));
        // An arrival stamp has a number but no symbol.
        assert!(number_in("Số: 177 Ngày: 6/9/18", 0).is_none());
    }

    #[test]
    fn place_and_date_with_blanks() {
        let h = header("HỘI LHPN TỈNH LÀO CAI\nSố: 12/KH-HPN\nLào Cai, ngày 05 tháng 6 năm 2023\n\nKẾ HOẠCH\nTổ chức Hội thi\n\nCăn cứ");
        let pd = h.place_date.expect("place and date").value;
        assert_eq!(pd.place, "Lào Cai");
        assert_eq!(pd.date, NaiveDate::from_ymd_opt(2023, 6, 5));
        let h = header("BAN THƯỜNG VỤ\nSố:    /KH-BTV\tLai Châu, ngày      tháng     năm 2024\nKẾ HOẠCH\nabc");
        let pd = h.place_date.expect("draft date").value;
        assert_eq!((pd.place.as_str(), pd.date, pd.year), ("Lai Châu", None, Some(2024)));
    }

    #[test]
    fn issuer_block_kind_and_title() {
        let text = "TỈNH ỦY TRÀ VINH      ĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 177-KH/TU      Trà Vinh, ngày 05 tháng 9 năm 2018\n\nKẾ HOẠCH\nthực hiện Chỉ thị số 21-CT/TW\nvề công tác phụ nữ\n-----\nThực hiện Chỉ thị ...";
        let h = header(text);
        assert_eq!(h.issuer.expect("issuer").value, "TỈNH ỦY TRÀ VINH");
        assert_eq!(h.kind.expect("kind").value, DocKind::KeHoach);
        assert_eq!(h.title.expect("title").value, "Thực hiện Chỉ thị số 21-CT/TW về công tác phụ nữ");
        assert_eq!(h.number.expect("number").value.symbol, "KH/TU");
    }

    #[test]
    fn kind_and_title_on_one_line() {
        let h = header("HỘI LHPN TỈNH LÀO CAI\nSố: 12/KH-HPN\nLào Cai, ngày 05 tháng 6 năm 2023\nKẾ HOẠCH Tổ chức Hội thi gia đình hạnh phúc\nCăn cứ …");
        assert_eq!(h.kind.expect("kind").value, DocKind::KeHoach);
        assert_eq!(h.title.expect("title").value, "Tổ chức Hội thi gia đình hạnh phúc");
    }

    #[test]
    fn names_and_positions() {
        assert!(is_name("Châu Ngọc Tuấn"));
        assert!(is_name("Hoàng Văn Trinh"));
        assert!(!is_name("PHÓ CHỦ TỊCH"));
        assert!(!is_name("Lưu VPTU."));
        assert!(is_position("PHÓ BÍ THƯ"));
    }
}
