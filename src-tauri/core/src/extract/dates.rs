//! Date expressions as Vietnamese plans write them, over the tokens of a paragraph:
//! `23/6/2023`, `20.5.2017`, `10-4`, `ngày 15 tháng 5 năm 2017`, `ngày 28` (with "hằng tháng"),
//! `tháng 12/2020`, `tháng 5-2021`, `trung tuần tháng 9`, `quý I-2019`, `đầu quý III năm 2021`.
//!
//! This module only recognises the expressions; whether one is a deadline is decided by
//! `deadlines`. A number followed by a slash and letters is a document symbol (`21-CT/TW`,
//! `70/2008/NĐ-CP`), never a date.

use crate::extract::layout::{Kind, Tok};

/// Which part of a month or quarter: all of it, or its first, middle or last third.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Whole,
    Early,
    Mid,
    Late,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// A day of a month, the year when written.
    Day { d: u32, m: u32, y: Option<i32> },
    /// A day without a month ("ngày 28 hằng tháng").
    DayOnly { d: u32 },
    Month { m: u32, y: Option<i32>, part: Part },
    Quarter { q: u32, y: Option<i32>, part: Part },
}

/// A date expression: tokens `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expr {
    pub when: When,
    pub start: usize,
    pub end: usize,
}

fn is_sep(t: &Tok, seps: &str) -> bool {
    t.kind == Kind::Punct && seps.contains(t.text.as_str())
}

fn year_of(t: &Tok) -> Option<i32> {
    if t.kind != Kind::Num {
        return None;
    }
    let v = t.value as i32;
    match t.digits {
        4 if (1900..=2100).contains(&v) => Some(v),
        2 => Some(2000 + v),
        _ => None,
    }
}

fn day_of(t: &Tok) -> Option<u32> {
    (t.kind == Kind::Num && t.digits <= 2 && (1..=31).contains(&t.value)).then_some(t.value)
}

fn month_of(t: &Tok) -> Option<u32> {
    (t.kind == Kind::Num && t.digits <= 2 && (1..=12).contains(&t.value)).then_some(t.value)
}

fn roman_quarter(t: &Tok) -> Option<u32> {
    match (t.kind, t.text.as_str()) {
        (Kind::Word, "i") => Some(1),
        (Kind::Word, "ii") => Some(2),
        (Kind::Word, "iii") => Some(3),
        (Kind::Word, "iv") => Some(4),
        (Kind::Num, _) if (1..=4).contains(&t.value) && t.digits == 1 => Some(t.value),
        _ => None,
    }
}

/// `D/M`, `D/M/Y`, `D.M.Y`, `D-M`, `D-M-Y` starting at token `i`: (day, month, year, end).
fn numeric_at(toks: &[Tok], i: usize) -> Option<(u32, u32, Option<i32>, usize)> {
    let d = day_of(toks.get(i)?)?;
    let sep = toks.get(i + 1)?;
    if !is_sep(sep, "/.-") || sep.space_before {
        return None;
    }
    let mt = toks.get(i + 2)?;
    if mt.space_before {
        return None;
    }
    let m = month_of(mt)?;
    // Glued to a word or a number before it: part of a symbol or a longer number.
    if i > 0 && !toks[i].space_before {
        let prev = &toks[i - 1];
        if prev.kind != Kind::Punct || is_sep(prev, "/.-") {
            return None;
        }
    }
    let mut end = i + 3;
    let mut y = None;
    if let (Some(s2), Some(yt)) = (toks.get(i + 3), toks.get(i + 4))
        && s2.text == sep.text
        && !s2.space_before
        && !yt.space_before
        && yt.kind == Kind::Num
    {
        y = Some(year_of(yt)?);
        end = i + 5;
    }
    // A symbol follows (`12/5/KH`), or the chain goes on (`1/2/3/4`).
    if let (Some(a), Some(b)) = (toks.get(end), toks.get(end + 1)) {
        if is_sep(a, "/-") && !a.space_before && !b.space_before && (b.kind == Kind::Word || (b.kind == Kind::Num && y.is_none() && a.text == sep.text)) {
            return None;
        }
        if y.is_none() && a.text == sep.text && !a.space_before && !b.space_before && b.kind == Kind::Num {
            return None;
        }
    }
    // A dot separator only with a year (`20.5.2017`), so that "mục 1.2" is not a date.
    if sep.text == "." && y.is_none() {
        return None;
    }
    Some((d, m, y, end))
}

/// `D tháng M [năm Y]` from token `i` (a number).
fn words_date_at(toks: &[Tok], i: usize) -> Option<(u32, u32, Option<i32>, usize)> {
    let d = day_of(toks.get(i)?)?;
    if !toks.get(i + 1)?.is("thang") {
        return None;
    }
    let m = month_of(toks.get(i + 2)?)?;
    if let (Some(n), Some(yt)) = (toks.get(i + 3), toks.get(i + 4))
        && n.is("nam")
        && let Some(y) = year_of(yt).filter(|_| yt.digits == 4)
    {
        return Some((d, m, Some(y), i + 5));
    }
    // "tháng 5/2017" after the day.
    if let (Some(s), Some(yt)) = (toks.get(i + 3), toks.get(i + 4))
        && is_sep(s, "/-")
        && !s.space_before
        && yt.digits == 4
        && let Some(y) = year_of(yt)
    {
        return Some((d, m, Some(y), i + 5));
    }
    Some((d, m, None, i + 3))
}

/// A year after a month or quarter: `/2020`, `-2021`, ` năm 2021`.
fn trailing_year(toks: &[Tok], i: usize) -> (Option<i32>, usize) {
    if let (Some(s), Some(yt)) = (toks.get(i), toks.get(i + 1))
        && (is_sep(s, "/-") || s.is("nam"))
        && yt.kind == Kind::Num
        && yt.digits == 4
        && let Some(y) = year_of(yt)
    {
        return (Some(y), i + 2);
    }
    (None, i)
}

/// "đầu", "giữa", "cuối", "thượng/trung/hạ tuần" before token `i`: (part, first token).
fn part_before(toks: &[Tok], i: usize) -> (Part, usize) {
    let w = |k: usize| toks.get(k).map(|t| t.text.as_str());
    if i >= 2 && w(i - 1) == Some("tuan") {
        match w(i - 2) {
            Some("thuong") => return (Part::Early, i - 2),
            Some("trung") => return (Part::Mid, i - 2),
            Some("ha") => return (Part::Late, i - 2),
            _ => {}
        }
    }
    if i >= 1 {
        match w(i - 1) {
            Some("dau") => return (Part::Early, i - 1),
            Some("giua") => return (Part::Mid, i - 1),
            Some("cuoi") => return (Part::Late, i - 1),
            _ => {}
        }
    }
    (Part::Whole, i)
}

/// The date expression starting at token `i`, if any.
pub(crate) fn parse_at(toks: &[Tok], i: usize) -> Option<Expr> {
    let t = toks.get(i)?;
    match t.kind {
        Kind::Word if t.is("ngay") => {
            let next = toks.get(i + 1)?;
            if next.kind != Kind::Num {
                return None;
            }
            if let Some((d, m, y, end)) = numeric_at(toks, i + 1) {
                return Some(Expr { when: When::Day { d, m, y }, start: i, end });
            }
            if let Some(n2) = toks.get(i + 2) {
                if n2.is("thang") && toks.get(i + 3).is_some_and(|t| month_of(t).is_some()) {
                    let (d, m, y, end) = words_date_at(toks, i + 1)?;
                    return Some(Expr { when: When::Day { d, m, y }, start: i, end });
                }
                // "ngày 15/11" is numeric; "ngày 10-4" too; anything else glued is not a day (a
                // full stop after it is the sentence's end).
                if is_sep(n2, "/.-") && !n2.space_before && toks.get(i + 3).is_some_and(|t| !t.space_before && t.kind != Kind::Punct) {
                    return None;
                }
            }
            let d = day_of(next)?;
            Some(Expr { when: When::DayOnly { d }, start: i, end: i + 2 })
        }
        Kind::Num => {
            if let Some((d, m, y, end)) = numeric_at(toks, i) {
                return Some(Expr { when: When::Day { d, m, y }, start: i, end });
            }
            if toks.get(i + 1).is_some_and(|n| n.is("thang")) && toks.get(i + 2).is_some_and(|t| month_of(t).is_some()) {
                // Not "6 tháng 5 …" after a duration: only when a plain day number.
                let (d, m, y, end) = words_date_at(toks, i)?;
                return Some(Expr { when: When::Day { d, m, y }, start: i, end });
            }
            None
        }
        Kind::Word if t.is("thang") => {
            if i > 0 && toks[i - 1].kind == Kind::Num {
                return None; // "6 tháng": a duration
            }
            let mt = toks.get(i + 1)?;
            let m = month_of(mt)?;
            // "tháng 15/5" is not a month; "tháng 12/2020" is.
            if let (Some(s), Some(n)) = (toks.get(i + 2), toks.get(i + 3))
                && is_sep(s, "/-.")
                && !s.space_before
                && n.kind == Kind::Num
                && n.digits != 4
            {
                return None;
            }
            let (y, end) = trailing_year(toks, i + 2);
            let (part, start) = part_before(toks, i);
            Some(Expr { when: When::Month { m, y, part }, start, end })
        }
        Kind::Word if t.is("quy") => {
            let q = roman_quarter(toks.get(i + 1)?)?;
            let (y, end) = trailing_year(toks, i + 2);
            let (part, start) = part_before(toks, i);
            Some(Expr { when: When::Quarter { q, y, part }, start, end })
        }
        _ => None,
    }
}

/// Every date expression of a paragraph, left to right, not overlapping.
pub(crate) fn scan(toks: &[Tok]) -> Vec<Expr> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parse_at(toks, i) {
            Some(e) => {
                i = e.end.max(i + 1);
                out.push(e);
            }
            None => i += 1,
        }
    }
    out
}

/// Whether tokens `[i, end)` are a document number and symbol: `21-CT/TW`, `268/KH-ĐCT`,
/// `70/2008/NĐ-CP`. Returns the end.
pub(crate) fn number_symbol_at(toks: &[Tok], i: usize) -> Option<usize> {
    let first = toks.get(i)?;
    if first.kind != Kind::Num {
        return None;
    }
    let mut j = i + 1;
    let mut has_word = false;
    while let (Some(sep), Some(part)) = (toks.get(j), toks.get(j + 1)) {
        if is_sep(sep, "/-") && !sep.space_before && !part.space_before && part.kind != Kind::Punct {
            has_word |= part.kind == Kind::Word;
            j += 2;
            // "CTr", "LĐLĐ" and glued digits ("BCĐ389") continue the part.
            while let Some(t) = toks.get(j) {
                if !t.space_before && t.kind != Kind::Punct {
                    j += 1;
                } else {
                    break;
                }
            }
        } else {
            break;
        }
    }
    (has_word && j > i + 1).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::{fold_str, tokenize};

    fn whens(text: &str) -> Vec<When> {
        let chars: Vec<char> = text.chars().collect();
        let folded: Vec<char> = fold_str(text).chars().collect();
        scan(&tokenize(&chars, &folded)).into_iter().map(|e| e.when).collect()
    }

    #[test]
    fn day_forms() {
        assert_eq!(whens("trước ngày 23/6/2023"), [When::Day { d: 23, m: 6, y: Some(2023) }]);
        assert_eq!(whens("trước ngày 15 tháng 5 năm 2017"), [When::Day { d: 15, m: 5, y: Some(2017) }]);
        assert_eq!(whens("chậm nhất ngày 06/6"), [When::Day { d: 6, m: 6, y: None }]);
        assert_eq!(whens("trước 20.5.2017"), [When::Day { d: 20, m: 5, y: Some(2017) }]);
        assert_eq!(whens("trước ngày 10-4"), [When::Day { d: 10, m: 4, y: None }]);
        assert_eq!(whens("Ngày: 6/9/18"), [When::Day { d: 6, m: 9, y: Some(2018) }]);
        assert_eq!(whens("trước ngày 28 hằng tháng"), [When::DayOnly { d: 28 }]);
        assert_eq!(whens("ngày 05 tháng 12"), [When::Day { d: 5, m: 12, y: None }]);
    }

    #[test]
    fn month_and_quarter_forms() {
        assert_eq!(whens("trong tháng 12/2020"), [When::Month { m: 12, y: Some(2020), part: Part::Whole }]);
        assert_eq!(whens("vào tháng 5-2021"), [When::Month { m: 5, y: Some(2021), part: Part::Whole }]);
        assert_eq!(whens("trong quý I-2019"), [When::Quarter { q: 1, y: Some(2019), part: Part::Whole }]);
        assert_eq!(whens("đầu quý III năm 2021"), [When::Quarter { q: 3, y: Some(2021), part: Part::Early }]);
        assert_eq!(whens("trung tuần tháng 9"), [When::Month { m: 9, y: None, part: Part::Mid }]);
        assert_eq!(whens("báo cáo 6 tháng trước ngày 30/5"), [When::Day { d: 30, m: 5, y: None }]);
    }

    #[test]
    fn symbols_periods_and_numbers_are_not_dates() {
        assert!(whens("Chỉ thị số 21-CT/TW").is_empty());
        assert!(whens("Nghị định 70/2008/NĐ-CP").is_empty());
        assert!(whens("Kế hoạch số 01/KH-BVSTBPN").is_empty());
        assert!(whens("giai đoạn 2021-2025, nhiệm kỳ 2016 - 2021").is_empty());
        assert!(whens("mục 1.2 của kế hoạch").is_empty());
        assert_eq!(whens("ngày 20/01/2018").len(), 1);
    }

    #[test]
    fn number_symbols() {
        let text = "số 21-CT/TW và 70/2008/NĐ-CP và 17-CTr/TU";
        let chars: Vec<char> = text.chars().collect();
        let folded: Vec<char> = fold_str(text).chars().collect();
        let toks = tokenize(&chars, &folded);
        let mut found = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match number_symbol_at(&toks, i) {
                Some(end) => {
                    found.push(toks[i..end].iter().map(|t| t.text.as_str()).collect::<String>());
                    i = end;
                }
                None => i += 1,
            }
        }
        assert_eq!(found, ["21-ct/tw", "70/2008/nd-cp", "17-ctr/tu"]);
    }
}
