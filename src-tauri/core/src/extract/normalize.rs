//! Text as the extractor reads it: one line ending, no invisible characters, every tone mark on
//! its vowel, Unicode NFC.
//!
//! Text pulled out of PDFs and old Word files often carries a tone mark on the wrong letter
//! (`Quyết điṇh`, `viêc̣`: the dot below sits on the consonant after the vowel), which breaks
//! both reading and matching; such marks are moved back onto the vowel they belong to.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The five Vietnamese tone marks as combining characters.
fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}')
}

fn is_vowel_base(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Normalises any text the extractor is given; the result is the text all spans point into.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' | '\u{0085}' => out.push('\n'),
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => out.push(' '),
            '\u{FEFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{00AD}' | '\u{FFFD}' => {}
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    repair_tone_marks(&out).nfc().collect()
}

/// Moves a tone mark that sits on a consonant to the nearest vowel before it in the same word,
/// when that word has no tone yet: `điṇh` → `định`, `viêc̣` → `việc`.
fn repair_tone_marks(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let decomposed: Vec<char> = text.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(decomposed.len());
    for &c in &decomposed {
        if is_tone_mark(c) {
            let base = out.iter().rev().find(|x| !is_combining_mark(**x)).copied();
            if let Some(base) = base
                && base.is_alphabetic()
                && !is_vowel_base(base)
                && base != 'đ'
                && base != 'Đ'
                && let Some(pos) = vowel_slot(&out)
            {
                out.insert(pos, c);
                continue;
            }
        }
        out.push(c);
    }
    out.into_iter().collect()
}

/// Where a misplaced tone mark goes: after the last vowel (and its vowel marks) of the current
/// word, provided the word carries no tone mark yet.
fn vowel_slot(out: &[char]) -> Option<usize> {
    let mut i = out.len();
    let mut slot = None;
    while i > 0 {
        let c = out[i - 1];
        if is_tone_mark(c) {
            return None;
        }
        if !(c.is_alphabetic() || is_combining_mark(c)) {
            break;
        }
        if slot.is_none() && is_vowel_base(c) {
            // Skip the vowel's own marks (circumflex, breve, horn) that follow it.
            let mut end = i;
            while end < out.len() && is_combining_mark(out[end]) && !is_tone_mark(out[end]) {
                end += 1;
            }
            slot = Some(end);
        }
        i -= 1;
    }
    slot
}

/// Text pasted from a web page or converted to Markdown reads like the same text without marks:
/// heading marks (`## `), bold and underline pairs (`**…**`, `__…__`), links and images
/// (`[text](url)` → text), block quotes (`> `), `* ` bullets (→ `- `), rule lines and
/// backslash escapes (`1\.`) are removed. Tables (`| … |`) are kept for the table reader; a
/// single `*` (the star under a Party heading) stays.
pub(crate) fn strip_markup(text: &str) -> String {
    if !text.contains(['#', '*', '_', '[', '>', '\\', '|']) {
        return text.to_string();
    }
    let text = split_cell_tables(&join_open_emphasis(text));
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&strip_line(line));
    }
    out
}

/// A line that is only a table cell's edge ("|"), as a web page's table converted to Markdown
/// writes it when a cell holds several lines.
fn is_cell_edge(line: &str) -> bool {
    line.trim() == "|"
}

/// Pairs of `**` (and single `*`) opened on one line and closed on the next: a converter wraps the
/// text of a cell or paragraph inside the pair ("**ỦY BAN NHÂN / DÂN**", "*Thanh Hóa, ngày / 18
/// tháng 11 năm 2025*"). Emphasis never spans a paragraph, so the wrapped lines are one line.
/// At most three lines are joined, never across a blank line or a cell edge.
fn join_open_emphasis(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut line = lines[i].to_string();
        let mut joined = 0;
        while joined < 2
            && open_mark(&line)
            && let Some(next) = lines.get(i + 1)
            && !next.trim().is_empty()
            && !is_cell_edge(next)
            && closes_mark(next)
        {
            line = format!("{} {}", line.trim_end(), next.trim_start());
            i += 1;
            joined += 1;
        }
        out.push(line);
        i += 1;
    }
    out.join("\n")
}

/// Whether a line leaves a `**` pair (or a single `*` opening at a word) unclosed.
fn open_mark(line: &str) -> bool {
    let doubles = line.matches("**").count();
    if doubles % 2 == 1 {
        return true;
    }
    let singles = line.replace("**", "  ");
    let stars: Vec<usize> = singles.char_indices().filter(|(_, c)| *c == '*').map(|(k, _)| k).collect();
    stars.len() % 2 == 1
        && stars.last().is_some_and(|&k| {
            let after = singles[k + 1..].chars().next();
            let before = singles[..k].chars().next_back();
            after.is_some_and(|c| !c.is_whitespace()) && before.is_none_or(|c| c.is_whitespace() || c == '(' || c == '|')
        })
}

/// Whether a line closes a mark left open on the line before.
fn closes_mark(line: &str) -> bool {
    let doubles = line.matches("**").count();
    let singles = line.replace("**", "").matches('*').count();
    doubles % 2 == 1 || singles % 2 == 1
}

/// A table written one cell per block between lines "|" (a cell's lines, then "|"; "|" twice
/// ends a row) becomes what the Word reader makes of a table: a data table (a header row naming
/// its columns, or three columns or more) one line per row with cells separated by tabs, a
/// layout table (the two-column heading, the "Nơi nhận" and signature block) column by column.
fn split_cell_tables(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if is_cell_edge(lines[i])
            && let Some((rows, end)) = cell_table(&lines, i)
        {
            out.extend(render_cells(&rows));
            i = end;
            continue;
        }
        out.push(lines[i].to_string());
        i += 1;
    }
    out.join("\n")
}

/// The rows of a cell table starting at the edge line `start`, and the line after its last edge.
fn cell_table<'a>(lines: &[&'a str], start: usize) -> Option<(Vec<Vec<Vec<&'a str>>>, usize)> {
    let mut rows: Vec<Vec<Vec<&str>>> = Vec::new();
    let mut row: Vec<Vec<&str>> = Vec::new();
    let mut j = start + 1;
    loop {
        match lines.get(j) {
            None => break,
            Some(l) if l.trim().is_empty() => break,
            Some(l) if is_cell_edge(l) => {
                rows.push(std::mem::take(&mut row));
                j += 1;
            }
            Some(_) => {
                let k = (j..lines.len()).find(|&k| lines[k].trim().is_empty() || is_cell_edge(lines[k]))?;
                if !is_cell_edge(lines[k]) {
                    return None;
                }
                row.push(lines[j..k].to_vec());
                j = k + 1;
            }
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows.retain(|r| !r.is_empty());
    (!rows.is_empty()).then_some((rows, j))
}

fn render_cells(rows: &[Vec<Vec<&str>>]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let flat = |cell: &[&str]| -> String {
        let mut s = String::new();
        for l in cell {
            let l = l.trim();
            if l.is_empty() {
                continue;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(l);
        }
        s.replace('\t', " ")
    };
    let first: Vec<String> = rows[0].iter().map(|c| inline(&flat(c)).trim().to_string()).collect();
    let data = crate::extract::structure::is_header_row(&first) || (columns >= 3 && rows.len() >= 2);
    if data {
        rows.iter().map(|r| r.iter().map(|c| flat(c)).collect::<Vec<_>>().join("\t")).collect()
    } else {
        let mut out = Vec::new();
        for col in 0..columns {
            for row in rows {
                if let Some(cell) = row.get(col) {
                    out.extend(cell.iter().map(|l| l.replace('\t', " ")));
                }
            }
        }
        out
    }
}

fn strip_line(line: &str) -> String {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let indent = &line[..line.len() - trimmed.len()];
    let mut rest = trimmed;
    // A rule line ("---", "***", "___") that is not a table's separator.
    if rest.len() >= 3 && rest.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) && rest.chars().filter(|c| *c != ' ').count() >= 3 {
        let first = rest.chars().next().unwrap_or('-');
        if rest.chars().filter(|c| *c != ' ').all(|c| c == first) {
            return String::new();
        }
    }
    while let Some(r) = rest.strip_prefix('>') {
        rest = r.trim_start();
    }
    let hashes = rest.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && rest[hashes..].starts_with(' ') {
        rest = rest[hashes..].trim_start();
        rest = rest.trim_end_matches(['#', ' ']);
    }
    let mut line = String::with_capacity(line.len());
    line.push_str(indent);
    if let Some(r) = rest.strip_prefix("* ") {
        line.push_str("- ");
        rest = r;
    }
    line.push_str(&inline(rest));
    line
}

/// Links, images, emphasis pairs and escapes inside a line.
fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // An emphasis pair opened and not yet closed: (`**`, `__`).
    let mut open = [false, false];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // `[text](url)` and `![alt](url)`.
        let at_link = c == '[' || (c == '!' && chars.get(i + 1) == Some(&'['));
        if at_link {
            let open = if c == '!' { i + 1 } else { i };
            if let Some(close) = (open + 1..chars.len()).find(|k| chars[*k] == ']')
                && chars.get(close + 1) == Some(&'(')
                && let Some(end) = (close + 2..chars.len()).find(|k| chars[*k] == ')')
                && !chars[close + 2..end].iter().any(|c| c.is_whitespace())
            {
                out.extend(&chars[open + 1..close]);
                i = end + 1;
                continue;
            }
        }
        // `**`, `__` pairs.
        if (c == '*' || c == '_') && chars.get(i + 1) == Some(&c) {
            let slot = usize::from(c == '_');
            let closes = (i + 2..chars.len().saturating_sub(1)).any(|k| chars[k] == c && chars[k + 1] == c);
            if open[slot] || closes {
                open[slot] = !open[slot];
                i += 2;
                continue;
            }
        }
        // `*x*`, `_x_`: a single mark at a word's edge with its closing mark later in the line (a
        // star standing alone, under a Party heading, is no mark).
        if c == '*' || c == '_' {
            let edge = |k: Option<&char>| k.is_none_or(|p| p.is_whitespace() || p.is_ascii_punctuation());
            let opens = chars.get(i + 1).is_some_and(|n| !n.is_whitespace() && *n != c) && edge(i.checked_sub(1).and_then(|k| chars.get(k)));
            if opens
                // (A converter may leave a space before the closing mark at a line's end:
                // "*Cần Thơ, ngày 21 tháng 11 năm 2025 *".)
                && let Some(close) = (i + 2..chars.len()).find(|k| {
                    chars[*k] == c && (!chars[*k - 1].is_whitespace() || chars[*k + 1..].iter().all(|x| x.is_whitespace())) && edge(chars.get(*k + 1))
                })
            {
                out.extend(inline(&chars[i + 1..close].iter().collect::<String>()).chars());
                i = close + 1;
                continue;
            }
        }
        if c == '\\' && chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misplaced_tone_marks_move_to_their_vowel() {
        assert_eq!(normalise("Quyết điṇh số 217"), "Quyết định số 217");
        assert_eq!(normalise("viêc̣ ban hành"), "việc ban hành");
        // Correct text is left alone.
        assert_eq!(normalise("Kế hoạch việc định"), "Kế hoạch việc định");
    }

    #[test]
    fn line_endings_spaces_and_invisible_characters() {
        assert_eq!(normalise("a\r\nb\rc\u{00A0}d\u{200B}e\u{FEFF}"), "a\nb\nc de");
        let decomposed: String = "Phụ nữ".nfd().collect();
        assert_eq!(normalise(&decomposed), "Phụ nữ");
    }

    #[test]
    fn web_and_markdown_marks_are_removed() {
        assert_eq!(strip_markup("## KẾ HOẠCH ##"), "KẾ HOẠCH");
        assert_eq!(strip_markup("**HỘI LHPN TỈNH** và __BAN THƯỜNG VỤ__"), "HỘI LHPN TỈNH và BAN THƯỜNG VỤ");
        assert_eq!(strip_markup("Thực hiện [Hướng dẫn số 24/HD-ĐCT](https://a.vn/x_y) ngày 2/3"), "Thực hiện Hướng dẫn số 24/HD-ĐCT ngày 2/3");
        assert_eq!(strip_markup("* **Ban Tuyên giáo:** xây dựng"), "- Ban Tuyên giáo: xây dựng");
        assert_eq!(strip_markup("> _Nơi nhận:_\n---\n1\\. Hội"), "Nơi nhận:\n\n1. Hội");
        assert_eq!(strip_markup("![ảnh](a.png) *\tLai Châu"), "ảnh *\tLai Châu");
        // Tables and the star of a Party heading stay.
        assert_eq!(strip_markup("| TT | Nội dung |\n|---|---|"), "| TT | Nội dung |\n|---|---|");
        assert_eq!(strip_markup("*\tLai Châu, ngày 18 tháng 9 năm 2025"), "*\tLai Châu, ngày 18 tháng 9 năm 2025");
    }
}
