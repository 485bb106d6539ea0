//! The normalised text as lines, cells and logical paragraphs, with a folded twin for matching.
//!
//! Every position is a character index into the normalised source text, so evidence spans can be
//! shown in the review screen. The folded twin has exactly one character per source character
//! (`Đ` → `d`, `ế` → `e`, dashes → `-`, curly quotes → `"`), so a match in the folded text is a
//! match at the same positions in the source.

use unicode_normalization::char::decompose_canonical;

/// Folds one character for matching; always exactly one character out.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        'đ' | 'Đ' => 'd',
        '–' | '—' | '‒' | '−' | '‐' | '‑' | '―' => '-',
        '“' | '”' | '„' | '«' | '»' | '″' => '"',
        '‘' | '’' | '′' => '\'',
        '…' => '.',
        '\t' => ' ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() {
                    base = Some(d);
                }
            });
            let base = base.unwrap_or(c);
            base.to_lowercase().next().unwrap_or(base)
        }
    }
}

/// Folds a string character by character (same length in characters).
pub(crate) fn fold_str(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// One line of the source: `[start, end)` without its line break.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
}

/// The normalised text with its lines.
#[derive(Debug)]
pub(crate) struct Source {
    pub chars: Vec<char>,
    pub folded: Vec<char>,
    pub lines: Vec<Line>,
}

impl Source {
    pub fn new(text: &str) -> Source {
        let chars: Vec<char> = text.chars().collect();
        let folded: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, c) in chars.iter().enumerate() {
            if *c == '\n' {
                lines.push(Line { start, end: i });
                start = i + 1;
            }
        }
        lines.push(Line { start, end: chars.len() });
        Source { chars, folded, lines }
    }

    pub fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start.min(self.chars.len())..end.min(self.chars.len())].iter().collect()
    }

    pub fn folded_slice(&self, start: usize, end: usize) -> String {
        self.folded[start.min(self.folded.len())..end.min(self.folded.len())].iter().collect()
    }

    /// The line without surrounding white space, as a char range.
    pub fn trimmed(&self, i: usize) -> (usize, usize) {
        let Line { mut start, mut end } = self.lines[i];
        while start < end && self.chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && self.chars[end - 1].is_whitespace() {
            end -= 1;
        }
        (start, end)
    }

    pub fn line_text(&self, i: usize) -> String {
        let (s, e) = self.trimmed(i);
        collapse(&self.slice(s, e))
    }

    pub fn line_folded(&self, i: usize) -> String {
        let (s, e) = self.trimmed(i);
        collapse(&self.folded_slice(s, e))
    }

    pub fn is_blank(&self, i: usize) -> bool {
        let (s, e) = self.trimmed(i);
        s == e
    }

    /// The cells of a line: parts separated by a tab or by three or more spaces (the columns of
    /// a header laid out side by side, or of a table row), trimmed, empty ones dropped.
    pub fn cells(&self, i: usize) -> Vec<(usize, usize)> {
        let Line { start, end } = self.lines[i];
        let mut cells = Vec::new();
        let mut cell_start = start;
        let mut j = start;
        while j < end {
            let c = self.chars[j];
            let gap = if c == '\t' {
                1
            } else if c == ' ' {
                let mut k = j;
                while k < end && self.chars[k] == ' ' {
                    k += 1;
                }
                if k - j >= 3 { k - j } else { 0 }
            } else {
                0
            };
            if gap > 0 {
                cells.push((cell_start, j));
                j += gap;
                cell_start = j;
            } else {
                j += 1;
            }
        }
        cells.push((cell_start, end));
        cells
            .into_iter()
            .map(|(mut s, mut e)| {
                while s < e && self.chars[s].is_whitespace() {
                    s += 1;
                }
                while e > s && self.chars[e - 1].is_whitespace() {
                    e -= 1;
                }
                (s, e)
            })
            .filter(|(s, e)| s < e)
            .collect()
    }

    /// Table cells of a line: split on tabs, or on `|` for a Markdown row; `None` for other lines.
    pub fn table_cells(&self, i: usize) -> Option<Vec<(usize, usize)>> {
        let (s, e) = self.trimmed(i);
        if s == e {
            return None;
        }
        let sep = if self.chars[s..e].contains(&'\t') {
            '\t'
        } else if self.chars[s] == '|' && self.chars[e - 1] == '|' && e - s > 2 {
            '|'
        } else {
            return None;
        };
        let (s, e) = if sep == '|' { (s + 1, e - 1) } else { (s, e) };
        let mut cells = Vec::new();
        let mut cell_start = s;
        for j in s..=e {
            if j == e || self.chars[j] == sep {
                let (mut a, mut b) = (cell_start, j);
                while a < b && self.chars[a].is_whitespace() {
                    a += 1;
                }
                while b > a && self.chars[b - 1].is_whitespace() {
                    b -= 1;
                }
                cells.push((a, b));
                cell_start = j + 1;
            }
        }
        if cells.len() >= 2 { Some(cells) } else { None }
    }
}

/// Collapses runs of white space into one space and trims.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A logical paragraph: lines joined back together, white space collapsed, with the source
/// position of every character.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub chars: Vec<char>,
    pub folded: Vec<char>,
    pub map: Vec<usize>,
}

impl Para {
    /// Builds a paragraph from char ranges of the source, joined by spaces (or by nothing after
    /// a word broken at a hyphen: `262/KH-` + `LĐLĐ`).
    pub fn from_ranges(src: &Source, ranges: &[(usize, usize)]) -> Para {
        let mut chars = Vec::new();
        let mut map = Vec::new();
        for &(s, e) in ranges {
            if !chars.is_empty() {
                let joined_hyphen = chars.len() >= 2
                    && chars.last() == Some(&'-')
                    && chars.get(chars.len() - 2).is_some_and(|c: &char| c.is_alphanumeric());
                if !joined_hyphen {
                    chars.push(' ');
                    map.push(s.saturating_sub(1));
                }
            }
            let mut last_space = false;
            for j in s..e {
                let c = src.chars[j];
                if c.is_whitespace() {
                    if !last_space {
                        chars.push(' ');
                        map.push(j);
                    }
                    last_space = true;
                } else {
                    chars.push(c);
                    map.push(j);
                    last_space = false;
                }
            }
        }
        let folded = chars.iter().map(|c| fold_char(*c)).collect();
        Para { chars, folded, map }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        let start = start.min(end);
        self.chars[start..end].iter().collect::<String>().trim().to_string()
    }

    /// The source span of `[start, end)` of this paragraph.
    pub fn source_span(&self, start: usize, end: usize) -> (usize, usize) {
        if self.map.is_empty() {
            return (0, 0);
        }
        let end = end.clamp(1, self.map.len());
        let start = start.min(end - 1);
        (self.map[start], self.map[end - 1] + 1)
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// A word, a number or one punctuation character of a paragraph, in folded form.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// White space before the token.
    pub space_before: bool,
    /// The first character is a capital letter in the source.
    pub upper: bool,
    /// The folded text.
    pub text: String,
    /// For numbers: the value (saturating) and the digit count.
    pub value: u32,
    pub digits: usize,
}

impl Tok {
    pub fn is(&self, word: &str) -> bool {
        self.text == word
    }
    pub fn is_punct(&self, p: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(p)
    }
}

/// Splits a paragraph into tokens.
pub(crate) fn tokenize(chars: &[char], folded: &[char]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut i = 0;
    let mut space = true;
    while i < folded.len() {
        let c = folded[i];
        if c.is_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c.is_ascii_digit() {
            while i < folded.len() && folded[i].is_ascii_digit() {
                i += 1;
            }
            Kind::Num
        } else if c.is_alphabetic() {
            while i < folded.len() && folded[i].is_alphabetic() {
                i += 1;
            }
            Kind::Word
        } else {
            i += 1;
            Kind::Punct
        };
        let text: String = folded[start..i].iter().collect();
        let (value, digits) = if kind == Kind::Num {
            let v = text.bytes().fold(0u32, |acc, b| acc.saturating_mul(10).saturating_add(u32::from(b - b'0')));
            (v, i - start)
        } else {
            (0, 0)
        };
        toks.push(Tok {
            kind,
            start,
            end: i,
            space_before: space,
            upper: chars.get(start).is_some_and(|c| c.is_uppercase()),
            text,
            value,
            digits,
        });
        space = false;
    }
    toks
}

/// True when the words `words` (space separated, folded) start at token `i`.
pub(crate) fn words_at(toks: &[Tok], i: usize, words: &str) -> bool {
    let mut j = i;
    for w in words.split(' ') {
        match toks.get(j) {
            Some(t) if t.text == w => j += 1,
            _ => return false,
        }
    }
    true
}

/// True when the words `words` end just before token `i` (i.e. occupy `i - n .. i`).
pub(crate) fn words_before(toks: &[Tok], i: usize, words: &str) -> bool {
    let n = words.split(' ').count();
    i >= n && words_at(toks, i - n, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_character_per_character() {
        let s = "Đảng “Kế hoạch” – 15/5";
        assert_eq!(fold_str(s), "dang \"ke hoach\" - 15/5");
        assert_eq!(fold_str(s).chars().count(), s.chars().count());
    }

    #[test]
    fn paragraphs_rejoin_hyphen_broken_symbols() {
        let src = Source::new("Kế hoạch số 262/KH-\n\nLĐLĐ, ngày 21/7/2021");
        let p = Para::from_ranges(&src, &[src.trimmed(0), src.trimmed(2)]);
        assert_eq!(p.text(), "Kế hoạch số 262/KH-LĐLĐ, ngày 21/7/2021");
        let (s, e) = p.source_span(12, 23);
        assert_eq!(src.slice(s, e), "262/KH-\n\nLĐLĐ");
    }

    #[test]
    fn cells_split_on_tabs_and_wide_gaps() {
        let src = Source::new("TỈNH ỦY TRÀ VINH      ĐẢNG CỘNG SẢN VIỆT NAM\tx");
        let cells: Vec<String> = src.cells(0).iter().map(|(s, e)| src.slice(*s, *e)).collect();
        assert_eq!(cells, ["TỈNH ỦY TRÀ VINH", "ĐẢNG CỘNG SẢN VIỆT NAM", "x"]);
    }
}
