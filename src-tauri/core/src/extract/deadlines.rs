//! Which dates of a paragraph are deadlines, and the rule each one states.
//!
//! A date is a deadline only when a deadline phrase governs it — "trước (ngày)", "chậm nhất",
//! "hạn chót", "thời hạn …", "hoàn thành (trong|vào)", "trong tháng/quý", a range for doing
//! something — or when it stands in the deadline column of a table. Dates inside citations
//! (`Chỉ thị 21-CT/TW ngày 20/01/2018`), the plan's own date (read from the heading, never from
//! the body), event days and periods ("Ngày Quốc tế Phụ nữ 8/3", "Tháng hành động … (từ ngày
//! 15/11 đến ngày 15/12/2024)"), data periods ("số liệu tính từ …") and a replaced date
//! ("thay cho thời hạn cũ 30/11/2016") are not.

use chrono::{Datelike, NaiveDate};

use crate::deadlines::rule::last_day_of_month;
use crate::deadlines::{Frequency, RuleSpec, Tier};
use crate::extract::dates::{self, Expr, Part, When};
use crate::extract::grammar;
use crate::extract::header::capitalise;
use crate::extract::layout::{Kind, Para, Tok, words_at, words_before};
use crate::plans::PlanRuleChange;

/// What the document's own date says about undated deadlines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ctx {
    pub issued: Option<NaiveDate>,
    /// The year undated days and months fall in (the document's, or inferred).
    pub year: Option<i32>,
    /// Recurring rules start here (the document's date, else 1 January of its year).
    pub from: Option<NaiveDate>,
    /// Recurring rules end here when the plan covers one year or a period.
    pub until: Option<NaiveDate>,
}

/// A deadline found in a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub label: String,
    pub rule: RuleSpec,
    pub history: Vec<PlanRuleChange>,
    /// Chars of the paragraph: the sentence, and the date phrase.
    pub sentence: (usize, usize),
    pub phrase: (usize, usize),
    pub year_inferred: bool,
    pub confidence: f32,
    pub subject: Option<(usize, usize)>,
    pub report_to: Option<(usize, usize)>,
    pub note: String,
    /// Token range of the expression, to order and group.
    toks: (usize, usize),
    level: Option<u8>,
    trigger: Trig,
}

/// A date that is deliberately not a deadline, shown to the reviewer.
#[derive(Debug, Clone)]
pub(crate) struct Skipped {
    pub why: SkipReason,
    pub span: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SkipReason {
    /// The day or period of an event.
    Event,
    /// A date that does not exist (31/4).
    Invalid,
    /// A deadline without any year to put it in.
    NoYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trig {
    Before,
    Within,
    Until,
    /// "thời hạn …", "hạn nộp …" a few words before.
    Deadline,
    /// "thời gian (thực hiện): …"
    Time,
    Column,
    Range,
    Inherited,
}

impl Trig {
    fn confidence(self) -> f32 {
        match self {
            Trig::Before | Trig::Column => 0.9,
            Trig::Deadline | Trig::Range | Trig::Inherited => 0.8,
            Trig::Within => 0.75,
            Trig::Until | Trig::Time => 0.6,
        }
    }
}

const PHRASES: &[(&str, Trig)] = &[
    ("khong muon hon", Trig::Before),
    ("khong cham hon", Trig::Before),
    ("khong qua", Trig::Before),
    ("cham nhat vao", Trig::Before),
    ("cham nhat truoc", Trig::Before),
    ("cham nhat la", Trig::Before),
    ("cham nhat", Trig::Before),
    ("han chot", Trig::Before),
    ("han cuoi", Trig::Before),
    ("han nop", Trig::Before),
    ("han gui", Trig::Before),
    ("xong truoc", Trig::Before),
    ("hoan thanh truoc", Trig::Before),
    ("ket thuc truoc", Trig::Before),
    ("truoc", Trig::Before),
    ("den het", Trig::Until),
    ("den", Trig::Until),
    ("hoan thanh trong", Trig::Within),
    ("hoan thanh vao", Trig::Within),
    ("ket thuc vao", Trig::Within),
    ("ket thuc", Trig::Within),
    ("hoan thanh", Trig::Within),
    ("xong", Trig::Within),
    ("trong", Trig::Within),
    ("vao", Trig::Within),
];

/// Verbs of handing something in: a day after "vào"/"trong"/"đến" is a deadline only with one.
const SUBMIT: &[&str] = &[
    "gui", "nop", "bao cao", "hoan thanh", "dang ky", "tong hop", "xong", "gia han", "keo dai", "nhan",
    "chuyen", "cung cap", "hoan tat", "ket thuc",
];

/// Heads of event names: a date in brackets after one of these is the event's date.
const EVENTS: &[&str] = &[
    "thang hanh dong", "tuan le", "ky niem", "le phat dong", "le ky niem", "le hoi", "hoi nghi", "dai hoi", "hoi thi",
    "hoi thao", "hoi dien", "chien dich", "dien dan", "tet", "thang cao diem", "cuoc thi", "giai thuong", "nhan dip",
    "ngay hoi",
];

/// Level words of a tiered deadline, with the default rank of their level.
const LEVELS: &[(&str, u8)] = &[
    ("cap co so", 3),
    ("co so", 3),
    ("cap xa", 3),
    ("xa", 3),
    ("phuong", 3),
    ("thi tran", 3),
    ("cap huyen", 2),
    ("huyen", 2),
    ("quan", 2),
    ("thi xa", 2),
    ("cap tinh", 1),
    ("tinh", 1),
    ("trung uong", 0),
    ("chi hoi", 4),
    ("to hoi", 4),
];

/// One dated thing of a paragraph: a single expression, a range, or a change of date.
#[derive(Debug, Clone, Copy)]
enum Unit {
    Single(Expr),
    Range(Expr, Expr, usize),
    Change(Expr, Expr, usize),
}

impl Unit {
    fn start(&self) -> usize {
        match self {
            Unit::Single(e) => e.start,
            Unit::Range(_, _, s) | Unit::Change(_, _, s) => *s,
        }
    }
    fn end(&self) -> usize {
        match self {
            Unit::Single(e) => e.end,
            Unit::Range(_, b, _) | Unit::Change(_, b, _) => b.end,
        }
    }
}

fn texts(toks: &[Tok], from: usize, to: usize) -> Vec<&str> {
    toks[from.min(to)..to].iter().map(|t| t.text.as_str()).collect()
}

/// Groups expressions into units: "từ (ngày) A đến (ngày) B", "A - B", "từ A sang B".
fn units(toks: &[Tok], exprs: &[Expr]) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < exprs.len() {
        let a = exprs[k];
        if let Some(b) = exprs.get(k + 1).copied() {
            // The end may carry a time of day: "đến 17 giờ 00, ngày 01/02/2026", "đến 17h00 ngày …".
            let mut b_from = b.start;
            while b_from > a.end && toks[b_from - 1].is_punct(',') {
                b_from -= 1;
            }
            if let Some(len) = time_of_day_before(toks, b_from, a.end) {
                b_from -= len;
            }
            let between = texts(toks, a.end, b_from);
            let from_tu = a.start > 0 && toks[a.start - 1].is("tu");
            // "trong ngày 02/02/2026 đến ngày 03/02/2026", "Thời gian hoàn thành: tháng 11/2025 đến tháng 4/2026".
            let from_open = a.start > 0 && (toks[a.start - 1].is("trong") || toks[a.start - 1].is_punct(':'));
            let start = if from_tu { a.start - 1 } else { a.start };
            let days = matches!(a.when, When::Day { .. } | When::DayOnly { .. }) && matches!(b.when, When::Day { .. });
            // "từ tháng 12/2025 đến quý I/2026": a month or quarter to a month or quarter.
            let periods = matches!(a.when, When::Month { .. } | When::Quarter { .. }) && matches!(b.when, When::Month { .. } | When::Quarter { .. });
            let months = periods;
            let link = matches!(between.as_slice(), ["den"] | ["den", "het"] | ["-"] | ["den", "het", "ngay"]);
            // "Bắt đầu từ ngày 15/12/2025 và kết thúc vào 17 giờ 00 ngày 01/02/2026".
            let ends = matches!(between.as_slice(), ["va", "ket", "thuc", "vao"] | ["va", "ket", "thuc"] | ["ket", "thuc", "vao"] | [",", "ket", "thuc", "vao"]);
            // Ends that are events with their days in brackets: "từ ngày công bố danh sách (ngày
            // 22 tháng 02 năm 2026) và kết thúc trước thời điểm bỏ phiếu (trước 07h00 ngày 14/3/2026)".
            if days && !from_tu && a.start > 0 && toks[a.start - 1].is_punct('(') && toks.get(a.end).is_some_and(|t| t.is_punct(')')) {
                let tu = (a.start.saturating_sub(14)..a.start - 1).rev().take_while(|q| !toks[*q].is_punct('.') && !toks[*q].is_punct(';')).find(|q| toks[*q].is("tu"));
                let second = b.start - a.end <= 20
                    && grammar::contains(toks, a.end, b.start, &["ket thuc", "den"]).is_some()
                    && toks[a.end + 1..b.start].iter().any(|t| t.is_punct('('));
                if let (Some(tu), true) = (tu, second) {
                    out.push(Unit::Range(a, b, tu));
                    k += 2;
                    continue;
                }
            }
            // "Đợt 2: Từ tháng 01 đến ngày bầu cử 15/3/2026": a month to a day, the day named
            // after the event it is.
            let month_to_day = matches!(a.when, When::Month { part: Part::Whole, .. }) && matches!(b.when, When::Day { .. });
            if month_to_day && from_tu && between.first() == Some(&"den") && between.len() <= 5 && between.iter().all(|w| w.chars().all(char::is_alphabetic)) {
                out.push(Unit::Range(a, b, start));
                k += 2;
                continue;
            }
            if days && ends && from_tu {
                out.push(Unit::Range(a, b, start));
                k += 2;
                continue;
            }
            if (days || months) && between == ["den"] && from_open {
                out.push(Unit::Range(a, b, start));
                k += 2;
                continue;
            }
            let change = matches!(between.as_slice(), ["sang"] | ["thanh"] | ["xuong"] | ["len"]);
            if (days || months) && change && from_tu {
                out.push(Unit::Change(a, b, start));
                k += 2;
                continue;
            }
            if (days || months) && link && (from_tu || between == ["-"]) {
                out.push(Unit::Range(a, b, start));
                k += 2;
                continue;
            }
        }
        out.push(Unit::Single(a));
        k += 1;
    }
    out
}

/// Token indexes where sentences (and clauses, after ";") start.
fn boundaries(toks: &[Tok]) -> (Vec<usize>, Vec<usize>) {
    let mut sentences = vec![0];
    let mut clauses = vec![0];
    for k in 1..toks.len() {
        let prev = &toks[k - 1];
        let t = &toks[k];
        let sentence_end = (prev.is_punct('.') || prev.is_punct('!') || prev.is_punct('?')) && t.space_before && (t.upper || t.kind != Kind::Word);
        if sentence_end {
            sentences.push(k);
            clauses.push(k);
        } else if prev.is_punct(';') {
            clauses.push(k);
        }
    }
    (sentences, clauses)
}

fn start_of(bounds: &[usize], k: usize) -> usize {
    bounds.iter().rev().find(|b| **b <= k).copied().unwrap_or(0)
}

fn end_of(bounds: &[usize], k: usize, n: usize) -> usize {
    bounds.iter().find(|b| **b > k).copied().unwrap_or(n)
}

/// The deadline phrase governing the expression at token `start`, if any: (kind, first token).
fn trigger(toks: &[Tok], start: usize, clause: usize, dated: &[(usize, usize)]) -> Option<(Trig, usize)> {
    let mut p = start;
    let mut skipped = 0;
    while p > clause && skipped < 3 {
        let t = &toks[p - 1];
        if t.is("ngay") || t.is("la") || t.is_punct(':') || t.is_punct('(') || t.is_punct(',') {
            p -= 1;
            skipped += 1;
        } else if let Some(len) = time_of_day_before(toks, p, clause) {
            // "trước 17h00 ngày 30/6/2024", "chậm nhất 16 giờ 30 ngày …"
            p -= len;
            skipped += 1;
        } else {
            break;
        }
    }
    for (phrase, trig) in PHRASES {
        let n = phrase.split(' ').count();
        if p >= clause + n && words_before(toks, p, phrase) {
            return Some((*trig, p - n));
        }
    }
    // "Thời hạn nộp báo cáo về Ban Thường vụ: ngày …", a few words back in the clause.
    // Stops at another date: the phrase would govern that one.
    let mut q = p;
    let mut steps = 0;
    while q > clause && steps < 30 {
        q -= 1;
        steps += 1;
        if dated.iter().any(|(s, e)| q >= *s && q < *e) {
            break;
        }
        if ["thoi han", "han nop", "han gui", "han chot", "han cuoi", "han dang ky", "han hoan thanh", "thoi gian cham nhat"].iter().any(|w| words_at(toks, q, w)) {
            let q = if q > clause && toks[q - 1].is("thoi") { q - 1 } else { q };
            return Some((Trig::Deadline, q));
        }
        if steps <= 12 && words_at(toks, q, "thoi gian") {
            return Some((Trig::Time, q));
        }
    }
    None
}

/// A time of day ending just before token `p` ("17h00", "17h", "16 giờ 30 (phút)"): its length.
fn time_of_day_before(toks: &[Tok], p: usize, clause: usize) -> Option<usize> {
    let at = |k: usize| toks.get(k).filter(|_| k >= clause);
    let num = |k: usize| at(k).is_some_and(|t| t.kind == Kind::Num && t.digits <= 2);
    let word = |k: usize, w: &str| at(k).is_some_and(|t| t.is(w));
    if p >= 3 && num(p - 3) && (word(p - 2, "h") || word(p - 2, "gio")) && num(p - 1) {
        return Some(3);
    }
    if p >= 4 && num(p - 4) && word(p - 3, "gio") && num(p - 2) && word(p - 1, "phut") {
        return Some(4);
    }
    if p >= 2 && num(p - 2) && (word(p - 1, "h") || word(p - 1, "gio")) {
        return Some(2);
    }
    None
}

/// An event name before a bracketed date, or a named day just before the date.
fn is_event(toks: &[Tok], unit_start: usize, clause: usize, range: bool) -> bool {
    let mut k = unit_start;
    while k > clause && (toks[k - 1].is("tu") || toks[k - 1].is("ngay")) {
        k -= 1;
    }
    let bracketed = k > clause && toks[k - 1].is_punct('(');
    let look_from = if bracketed { k - 1 } else { k };
    if bracketed {
        // Back to the previous bracket or clause end, at most 30 words: the event's name.
        let mut lo = look_from;
        while lo > clause && look_from - lo < 30 && !toks[lo - 1].is_punct(')') && !toks[lo - 1].is_punct('(') {
            lo -= 1;
        }
        return grammar::contains(toks, lo, look_from, EVENTS).is_some()
            || (lo..look_from).any(|q| toks[q].is("ngay") && toks[q].upper);
    }
    // A period of work after the main verb ("Tổ chức các hoạt động hưởng ứng Tháng hành động từ
    // ngày 15/11 đến ngày 15/12") is a deadline; only a bracketed period belongs to the event.
    if range {
        return false;
    }
    // "Ngày Quốc tế Phụ nữ 8/3", "nhân dịp kỷ niệm 20/10": a capitalised "Ngày" or an event word
    // shortly before, with no deadline word in between.
    let near = look_from.saturating_sub(7).max(clause);
    (near..look_from).any(|q| toks[q].is("ngay") && toks[q].upper && q + 1 < look_from && toks[q + 1].kind == Kind::Word)
        || grammar::contains(toks, near, look_from, &["ky niem", "nhan dip", "chao mung", "huong ung"]).is_some()
}

/// A replaced date: "thay cho (thời hạn cũ)", "thay vì"; the first token of that phrase.
fn replaced_from(toks: &[Tok], unit_start: usize, clause: usize) -> Option<usize> {
    let lo = unit_start.saturating_sub(6).max(clause);
    grammar::contains(toks, lo, unit_start, &["thay cho", "thay vi", "thay the cho", "han cu"])
}

fn data_period(toks: &[Tok], unit_start: usize, clause: usize) -> bool {
    let lo = unit_start.saturating_sub(10).max(clause);
    grammar::contains(toks, lo, unit_start, &["so lieu", "tinh tu", "tinh den", "ky bao cao", "thoi diem"]).is_some()
}

/// Resolves a day, inferring the year when it is not written.
fn day(ctx: &Ctx, d: u32, m: u32, y: Option<i32>) -> Result<(NaiveDate, bool), SkipReason> {
    match y {
        Some(y) => NaiveDate::from_ymd_opt(y, m, d).map(|x| (x, false)).ok_or(SkipReason::Invalid),
        None => {
            let year = ctx.year.ok_or(SkipReason::NoYear)?;
            let mut date = NaiveDate::from_ymd_opt(year, m, d).ok_or(SkipReason::Invalid)?;
            // A deadline well before the plan's date means the next year ("trước ngày 10/01" in
            // a plan of November).
            if let Some(issued) = ctx.issued
                && date + chrono::Duration::days(31) < issued
            {
                date = NaiveDate::from_ymd_opt(year + 1, m, d).ok_or(SkipReason::Invalid)?;
            }
            Ok((date, true))
        }
    }
}

fn month_year(ctx: &Ctx, m: u32, y: Option<i32>) -> Result<(i32, bool), SkipReason> {
    match y {
        Some(y) => Ok((y, false)),
        None => {
            let year = ctx.year.ok_or(SkipReason::NoYear)?;
            let late = ctx.issued.is_some_and(|i| (i.month() as i32 - m as i32) > 1);
            Ok((if late { year + 1 } else { year }, true))
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, SkipReason> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or(SkipReason::Invalid)
}

/// Days `[first, last]` of a third of a month.
fn month_part(y: i32, m: u32, part: Part) -> Result<RuleSpec, SkipReason> {
    let first = ymd(y, m, 1)?;
    let last = last_day_of_month(first);
    Ok(match part {
        Part::Whole => RuleSpec::Month { year: y, month: m },
        Part::Early => RuleSpec::Range { start: first, end: ymd(y, m, 10)? },
        Part::Mid => RuleSpec::Range { start: ymd(y, m, 11)?, end: ymd(y, m, 20)? },
        Part::Late => RuleSpec::Range { start: ymd(y, m, 21)?, end: last },
    })
}

/// The rule of a single expression under its trigger: (rule, year inferred).
fn single_rule(ctx: &Ctx, when: When, trig: Trig) -> Result<(RuleSpec, bool), SkipReason> {
    match when {
        When::Day { d, m, y } => {
            let (due, inferred) = day(ctx, d, m, y)?;
            Ok((RuleSpec::Date { due }, inferred))
        }
        When::DayOnly { .. } => Err(SkipReason::NoYear),
        When::Month { m, y, part } => {
            // "trước tháng 6" = by the end of May.
            let (m, y) = if trig == Trig::Before && part == Part::Whole { (if m == 1 { 12 } else { m - 1 }, y.map(|y| if m == 1 { y - 1 } else { y })) } else { (m, y) };
            let (year, inferred) = month_year(ctx, m, y)?;
            Ok((month_part(year, m, part)?, inferred))
        }
        When::Quarter { q, y, part } => {
            let q = if trig == Trig::Before && part == Part::Whole && q > 1 { q - 1 } else { q };
            let (year, inferred) = month_year(ctx, q * 3 - 2, y)?;
            let first_month = q * 3 - 2;
            Ok((
                match part {
                    Part::Whole => RuleSpec::Quarter { year, quarter: q },
                    Part::Early => RuleSpec::Month { year, month: first_month },
                    Part::Mid => RuleSpec::Month { year, month: first_month + 1 },
                    Part::Late => RuleSpec::Month { year, month: first_month + 2 },
                },
                inferred,
            ))
        }
    }
}

fn range_rule(ctx: &Ctx, a: When, b: When) -> Result<(RuleSpec, bool), SkipReason> {
    // A quarter as an end is its last month, as a start its first.
    let as_month = |w: When, last: bool| match w {
        When::Quarter { q, y, .. } => When::Month { m: if last { q * 3 } else { q * 3 - 2 }, y, part: Part::Whole },
        other => other,
    };
    let (a, b) = match (a, b) {
        (When::Month { .. } | When::Quarter { .. }, When::Month { .. } | When::Quarter { .. }) => (as_month(a, false), as_month(b, true)),
        _ => (a, b),
    };
    match (a, b) {
        (When::Month { m: m1, y: y1, .. }, When::Month { m: m2, y: y2, .. }) => {
            let (year2, inferred) = month_year(ctx, m2, y2)?;
            let year1 = y1.unwrap_or(if m1 > m2 { year2 - 1 } else { year2 });
            let start = ymd(year1, m1, 1)?;
            let end = last_day_of_month(ymd(year2, m2, 1)?);
            Ok((RuleSpec::Range { start, end }, inferred))
        }
        (first, When::Day { d: d2, m: m2, y: y2 }) => {
            let (end, inferred) = day(ctx, d2, m2, y2)?;
            let (d1, m1, y1) = match first {
                When::Day { d, m, y } => (d, m, y),
                When::DayOnly { d } => (d, m2, None),
                When::Month { m, y, .. } => (1, m, y),
                _ => return Err(SkipReason::Invalid),
            };
            let year1 = y1.unwrap_or(if m1 > end.month() || (m1 == end.month() && d1 > end.day()) { end.year() - 1 } else { end.year() });
            let start = ymd(year1, m1, d1)?;
            if start > end {
                return Err(SkipReason::Invalid);
            }
            Ok((RuleSpec::Range { start, end }, inferred))
        }
        _ => Err(SkipReason::Invalid),
    }
}

/// How often a report recurs, from the words around its date: (frequency, due month, label).
enum Recur {
    /// A day of a month each year ("báo cáo năm trước ngày 30/11"; month past 12 = next year).
    Yearly(&'static str),
    /// A day each period, the due month counted from the period's start.
    Periodic(Frequency, u32, &'static str),
}

fn recurrence(toks: &[Tok], before: (usize, usize), after: (usize, usize), day_only: bool) -> Option<Recur> {
    let has_after = |phrases: &[&str]| grammar::contains(toks, after.0, after.1, phrases).is_some();
    let has_before = |phrases: &[&str]| grammar::contains(toks, before.0, before.1, phrases).is_some();
    if day_only {
        if has_after(&["cua thang dau quy sau", "thang dau quy sau", "thang dau cua quy sau", "thang dau quy ke tiep"]) {
            return Some(Recur::Periodic(Frequency::Quarterly, 4, "Báo cáo quý"));
        }
        if has_after(&["thang cuoi quy", "thang cuoi cua quy", "cua thang cuoi quy"]) {
            return Some(Recur::Periodic(Frequency::Quarterly, 3, "Báo cáo quý"));
        }
        if has_after(&["thang cuoi ky", "thang cuoi cua ky"]) {
            return Some(Recur::Periodic(Frequency::HalfYearly, 6, "Báo cáo 6 tháng"));
        }
        if has_after(&["thang dau ky sau", "thang dau cua ky sau"]) {
            return Some(Recur::Periodic(Frequency::HalfYearly, 7, "Báo cáo 6 tháng"));
        }
        if has_after(&["thang sau", "thang ke tiep", "cua thang sau"]) {
            return Some(Recur::Periodic(Frequency::Monthly, 2, "Báo cáo tháng"));
        }
        if has_after(&["hang thang", "hang thang", "moi thang"]) || has_before(&["hang thang", "moi thang", "bao cao thang", "dinh ky thang"]) {
            return Some(Recur::Periodic(Frequency::Monthly, 1, "Báo cáo tháng"));
        }
        if has_after(&["hang quy", "moi quy"]) || has_before(&["hang quy", "moi quy", "bao cao quy", "dinh ky quy"]) {
            return Some(Recur::Periodic(Frequency::Quarterly, 3, "Báo cáo quý"));
        }
        if has_before(&["bao cao 6 thang", "6 thang mot lan", "dinh ky 6 thang"]) {
            return Some(Recur::Periodic(Frequency::HalfYearly, 6, "Báo cáo 6 tháng"));
        }
        return None;
    }
    // A day and month: the nearest cue before the trigger (or just after the date) decides.
    let cues: &[(&str, &'static str)] = &[
        ("bao cao 6 thang", "Báo cáo 6 tháng"),
        ("bao cao sau thang", "Báo cáo 6 tháng"),
        ("bao cao so ket", "Báo cáo sơ kết"),
        ("so ket 6 thang", "Báo cáo 6 tháng"),
        ("6 thang", "Báo cáo 6 tháng"),
        ("bao cao nam", "Báo cáo năm"),
        ("bao cao tong ket", "Báo cáo năm"),
        ("tong ket nam", "Báo cáo năm"),
        ("bao cao quy", "Báo cáo quý"),
        ("bao cao thang", "Báo cáo tháng"),
        ("hang nam", "Báo cáo năm"),
        ("hang nam", "Báo cáo năm"),
        ("moi nam", "Báo cáo năm"),
        ("dinh ky", "Báo cáo định kỳ"),
    ];
    let mut best: Option<(usize, &'static str)> = None;
    for (cue, label) in cues {
        for k in before.0..before.1 {
            if words_at(toks, k, cue) && k + cue.split(' ').count() <= before.1 {
                // "báo cáo năm 2024" names one year's report: not a recurrence.
                let next = toks.get(k + cue.split(' ').count());
                if cue.ends_with("nam") && next.is_some_and(|t| t.kind == Kind::Num) {
                    continue;
                }
                if best.is_none_or(|(b, _)| k > b) {
                    best = Some((k, label));
                }
            }
        }
    }
    if let Some((_, label)) = best {
        return Some(Recur::Yearly(label));
    }
    if has_after(&["hang nam", "moi nam"]) {
        return Some(Recur::Yearly("Báo cáo năm"));
    }
    None
}

fn level_before(toks: &[Tok], from: usize, to: usize) -> Option<u8> {
    let lo = to.saturating_sub(4).max(from);
    let mut found = None;
    for k in lo..to {
        for (w, rank) in LEVELS {
            if words_at(toks, k, w) && k + w.split(' ').count() <= to {
                found = Some(*rank);
            }
        }
    }
    found
}

/// A short label of what is due, from the words before the date.
fn label(p: &Para, toks: &[Tok], from: usize, to: usize) -> String {
    // "… báo cáo 6 tháng …": the report's name.
    if let Some(k) = (from..to).rev().find(|k| words_at(toks, *k, "bao cao") && *k + 1 < to) {
        // Compared with their tones: "đề" of "chuyên đề" is not "để".
        let stops = ["về", "cho", "lên", "gửi", "nộp", "trước", "trong", "vào", "chậm", "theo", "tại", "qua", "để", "và", "hạn", "thời", "của", "định", "trình"];
        let mut e = k + 2;
        while e < to && e < k + 9 {
            let t = &toks[e];
            let ket_qua = t.is("qua") && toks[e - 1].is("ket");
            if t.kind == Kind::Punct && !t.is_punct('-') || t.kind == Kind::Word && !t.upper && !ket_qua && stops.iter().any(|w| grammar::exact_at(p, toks, e, w)) {
                break;
            }
            e += 1;
        }
        return capitalise(&p.slice(toks[k].start, toks[e - 1].end));
    }
    let mut s = from;
    if let Some((_, e)) = grammar::subject(p, toks, from, to) {
        s = e;
    }
    while s < to && (toks[s].kind == Kind::Punct || ["va", "dong", "thoi", "sau", "do"].contains(&toks[s].text.as_str())) {
        s += 1;
    }
    let mut e = to.min(s + 14);
    while e > s && (toks[e - 1].kind == Kind::Punct || ["va", "vao", "trong", "la", "ngay", "se", "duoc", "phai"].contains(&toks[e - 1].text.as_str())) {
        e -= 1;
    }
    if e <= s {
        return "Thời hạn".to_string();
    }
    let mut text = p.slice(toks[s].start, toks[e - 1].end);
    if e < to && e == s + 14 {
        text.push('…');
    }
    capitalise(&text)
}

/// "Thời hạn gửi báo cáo … của <X> là …", "Báo cáo (…) của <X> gửi về …": whose deadline it is,
/// whoever announces it.
fn owner_of_deadline(p: &Para, toks: &[Tok], from: usize, to: usize) -> Option<(usize, usize)> {
    if let Some(q) = grammar::contains(toks, from, to, &["thoi han", "han nop", "han gui"]) {
        let k = (q..to).find(|k| toks[*k].is("cua") && !toks[*k].upper)?;
        let s = k + 1;
        if !grammar::org_start(toks, s) {
            return None;
        }
        let e = (s..to).find(|e| toks[*e].is("la") || toks[*e].is_punct(':') || toks[*e].is_punct(';') || toks[*e].is_punct('(')).unwrap_or(to);
        return (e > s).then_some((s, e));
    }
    // A document named first, then its author: "Báo cáo của các huyện ủy gửi về …".
    let mut s = from;
    while s < to && (toks[s].kind != Kind::Word || s == from && toks[s].kind == Kind::Num) {
        s += 1;
    }
    let documents = ["bao cao", "ho so", "bien ban", "danh sach", "ke hoach", "de an", "san pham", "bai du thi", "tham luan"];
    let doc = documents.iter().find(|w| words_at(toks, s, w))?;
    // "Biên bản hội nghị cử tri … và biên bản hội nghị ban lãnh đạo mở rộng của X": the author
    // after the documents' names, before any verb.
    let k = (s + doc.split(' ').count()..to.min(s + 24)).take_while(|k| !toks[*k].is_punct('.') && !toks[*k].is_punct(';') && !["gui", "nop", "chuyen", "phai", "duoc"].contains(&toks[*k].text.as_str())).find(|k| toks[*k].is("cua") && !toks[*k].upper)?;
    let start = k + 1;
    if !grammar::org_start(toks, start) {
        return None;
    }
    let e = (start + 1..to).find(|e| {
        let t = &toks[*e];
        // "… của Ủy ban MTTQ xã theo hướng dẫn …": the author ends before "theo", "về", "tại", "đến".
        let stop = !t.upper && ["theo", "về", "tại", "đến", "để", "gửi"].iter().any(|w| grammar::exact_at(p, toks, *e, w)) && !grammar::exact_at(p, toks, *e, "theo dõi");
        t.is_punct(':') || t.is_punct(';') || t.is_punct('(') || t.is_punct('.') || stop || grammar::verb_at(p, toks, *e).is_some()
    })?;
    let mut e = e;
    while e > start && toks[e - 1].kind == Kind::Punct {
        e -= 1;
    }
    (e > start).then_some((start, e))
}

/// Where reports go: "gửi/báo cáo … về <X>" in the sentence.
fn report_to(toks: &[Tok], from: usize, to: usize, pivot: usize) -> Option<(usize, usize)> {
    // The last one before the deadline phrase, else the first after it.
    let mut best: Option<(usize, usize)> = None;
    for k in from..to {
        let t = &toks[k];
        // "gửi … về X", "báo cáo … lên X", or "báo cáo X" (X a capitalised name).
        // At a sentence's start too ("Báo cáo Ban Thường trực … tỉnh chậm nhất …"), when an
        // office's name follows.
        let heads = ["ban", "uy", "hoi", "thuong", "ubnd", "so", "tinh", "huyen", "dang", "lien", "mat"];
        let opening = toks[from..k].iter().all(|t| t.kind == Kind::Punct) && toks.get(k + 2).is_some_and(|n| heads.contains(&n.text.as_str()));
        let direct = words_at(toks, k, "bao cao") && (!t.upper || opening) && toks.get(k + 2).is_some_and(|n| n.upper && n.kind == Kind::Word) && k + 2 < to;
        // "… phải được chuyển đến Ban Thường trực …": "đến" after a verb of sending.
        let to_word = t.is("ve") || t.is("len") || t.is("cho") || t.is("den");
        if !direct && (!to_word || t.upper) {
            continue;
        }
        let lo = from;
        if !direct && grammar::contains(toks, lo, k, &["gui", "nop", "bao cao", "chuyen", "dang ky"]).is_none() {
            continue;
        }
        let s = if direct { k + 2 } else { k + 1 };
        // "… báo cáo cấp ủy xã về công tác bồi dưỡng": a topic after "về", no office.
        if !grammar::org_start(toks, s) || ["cong tac", "ket qua", "tinh hinh", "viec"].iter().any(|w| words_at(toks, s, w)) || grammar::not_office(toks, s) {
            continue;
        }
        // Also what is reported: "báo cáo Thủ tướng Chính phủ | kết quả thực hiện …".
        let stops = [
            "truoc", "trong", "vao", "cham", "theo", "de", "dung", "khi", "bang", "dinh", "tai", "dong thoi", "qua thu", "qua email", "sau",
            "ket qua", "tinh hinh", "phuong an", "ve viec", "viec",
        ];
        let mut e = s;
        let mut depth = 0i32;
        while e < to {
            let t = &toks[e];
            // "và" joins two names ("Sở Kế hoạch và Đầu tư") or starts the next clause ("và báo cáo").
            let and_clause = t.is("va") && !t.upper && toks.get(e + 1).is_none_or(|n| !n.upper);
            // "… Ủy ban nhân dân Tỉnh | và Bộ Khoa học và Công nghệ": a second recipient.
            let and_office = t.is("va") && !t.upper && e > s + 1 && ["bo", "so", "ban", "ubnd"].iter().any(|w| toks.get(e + 1).is_some_and(|n| n.upper && n.is(w)))
                || t.is("va") && e > s + 1 && words_at(toks, e + 1, "uy ban") && toks.get(e + 1).is_some_and(|n| n.upper);
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') {
                depth -= 1;
                if depth < 0 {
                    break;
                }
            } else if depth == 0 && t.kind == Kind::Num && toks.get(e + 1).is_some_and(|n| n.is("ngay")) {
                break; // "… về Ban Thường vụ | 15 ngày trước Đại hội"
            } else if depth == 0 && t.is("ngay") && !t.upper && toks.get(e + 1).is_some_and(|n| n.kind == Kind::Num || n.is("sau") || n.is("khi") || n.is("lap")) {
                break; // "… về Ban Thường trực tỉnh | ngày 23/3/2026", "… tỉnh | ngay sau khi …"
            } else if depth == 0
                && (t.is_punct(',') || t.is_punct(';') || t.is_punct('.') || t.is_punct(':') || and_clause || and_office
                    || t.kind == Kind::Word && !t.upper && stops.iter().any(|w| words_at(toks, e, w)))
            {
                break;
            }
            e += 1;
        }
        if e > s {
            if s > pivot {
                return best.or(Some((s, e)));
            }
            best = Some((s, e));
        }
    }
    best
}

/// Finds the deadlines of a paragraph. `cited` are char ranges of citations; `column` is set for
/// a table's deadline cell, where every date is a deadline.
pub(crate) fn find(p: &Para, toks: &[Tok], cited: &[(usize, usize)], ctx: &Ctx, column: bool) -> (Vec<Found>, Vec<Skipped>) {
    let exprs = dates::scan(toks);
    let dated: Vec<(usize, usize)> = exprs.iter().map(|e| (e.start, e.end)).collect();
    let units = units(toks, &exprs);
    let (sentences, clauses) = boundaries(toks);
    let mut found: Vec<Found> = Vec::new();
    let mut skipped = Vec::new();
    let mut replaced: Vec<(usize, RuleSpec, (usize, usize))> = Vec::new();
    for unit in &units {
        let (us, ue) = (unit.start(), unit.end());
        let (cs, ce) = (toks[us].start, toks[ue - 1].end);
        if cited.iter().any(|(s, e)| cs < *e && ce > *s) {
            continue;
        }
        let clause = start_of(&clauses, us);
        let sentence = start_of(&sentences, us);
        let sentence_end = end_of(&sentences, us, toks.len());
        let prev_end = found.last().filter(|f| f.toks.1 <= us && f.toks.0 >= sentence).map(|f| f.toks.1);
        let window_start = prev_end.map_or(clause, |e| e.max(clause));
        let event = is_event(toks, us, clause, matches!(unit, Unit::Range(..)));
        let (trig, trig_start) = match unit {
            Unit::Range(..) | Unit::Change(..) => (Trig::Range, us),
            Unit::Single(_) => match trigger(toks, us, window_start, &dated) {
                Some(t) => t,
                None => {
                    // "… trước ngày 15/5 và 15/11": coordinated with the deadline before.
                    let between = prev_end.map(|e| texts(toks, e, us));
                    let coordinated = between.is_some_and(|b| b.len() <= 3 && b.iter().all(|w| ["va", ",", ";", "hoac", "truoc", "ngay"].contains(w)));
                    if coordinated {
                        (Trig::Inherited, us)
                    } else if column {
                        (Trig::Column, us)
                    } else {
                        if event {
                            skipped.push(Skipped { why: SkipReason::Event, span: (cs, ce) });
                        }
                        continue;
                    }
                }
            },
        };
        if let Some(r) = replaced_from(toks, us, clause) {
            if let Unit::Single(e) = unit
                && let Ok((rule, _)) = single_rule(ctx, e.when, Trig::Before)
            {
                replaced.push((us, rule, (toks[r].start, ce)));
            }
            continue;
        }
        if event && !matches!(trig, Trig::Before | Trig::Column) {
            skipped.push(Skipped { why: SkipReason::Event, span: (cs, ce) });
            continue;
        }
        // The start or end of the period a report covers ("Thời gian báo cáo … tính từ ngày 15
        // tháng 12 năm trước …", "số liệu tính đến ngày 31/5") is no deadline.
        if matches!(unit, Unit::Single(_)) && grammar::contains(toks, us.saturating_sub(3).max(clause), us, &["tinh tu", "tinh den"]).is_some() {
            continue;
        }
        // A schedule of repeated work ("quan trắc với tần suất 2 lần/tháng; thời gian quan trắc
        // từ tháng 3 đến tháng 10 năm 2026") says how often, not by when.
        // Only a frequency given as a count ("tần suất 2 lần/tháng"): "tần suất chia sẻ" named
        // among a document's contents is no schedule.
        let schedule = (sentence..sentence_end).any(|k| {
            words_at(toks, k, "tan suat")
                && (k + 2..(k + 6).min(sentence_end)).any(|q| toks[q].kind == Kind::Num && toks.get(q + 1).is_some_and(|t| t.is("lan")))
        });
        if !column && schedule {
            continue;
        }
        let clause_end = end_of(&clauses, us, toks.len());
        let (rule, inferred, history) = match unit {
            Unit::Range(a, b, _) => {
                if data_period(toks, us, clause) {
                    continue;
                }
                // "theo từng năm từ ngày 01/01 đến hết ngày 31/12": any year's span, no deadline.
                if matches!((a.when, b.when), (When::Day { d: 1, m: 1, y: None }, When::Day { d: 31, m: 12, y: None })) {
                    continue;
                }
                // A period in brackets on its own line under a step's heading ("BƯỚC HAI … / (Từ ngày
                // 17/12/2025 đến ngày 25/01/2026)"), or after a phase label ("Đợt 1: Từ ngày …").
                let own_line = toks.first().is_some_and(|t| t.is_punct('(')) && us <= 4 && toks.len() <= ue + 2;
                let phase = grammar::contains(toks, us.saturating_sub(5).max(clause), us, &["dot", "giai doan", "buoc"]).is_some();
                let acts = (clause..clause_end).any(|k| grammar::verb_at_case(p, toks, k, k == clause).is_some())
                    || trigger(toks, us, window_start, &dated).is_some()
                    || own_line
                    || phase
                    // "Bắt đầu từ ngày … và kết thúc vào … ngày …": a period of work by its wording.
                    || us >= 2 && words_at(toks, us - 2, "bat dau") && grammar::contains(toks, us, ue, &["ket thuc"]).is_some();
                if !acts && !column {
                    continue;
                }
                match range_rule(ctx, a.when, b.when) {
                    Ok((RuleSpec::Range { start, end }, inf)) if (end - start).num_days() > 366 => {
                        let _ = inf;
                        continue; // "(20/10/1930 - 20/10/2021)": an anniversary, not a period of work
                    }
                    Ok((rule, inf)) => (rule, inf, Vec::new()),
                    Err(why) => {
                        skipped.push(Skipped { why, span: (cs, ce) });
                        continue;
                    }
                }
            }
            Unit::Change(a, b, _) => {
                let old = single_rule(ctx, a.when, Trig::Before);
                let new = single_rule(ctx, b.when, Trig::Before);
                match (old, new) {
                    (Ok((old, _)), Ok((new, inf))) => {
                        let note = p.slice(cs, ce);
                        (new, inf, vec![PlanRuleChange { previous: old, note }])
                    }
                    _ => continue,
                }
            }
            Unit::Single(e) => {
                // A day after "vào", "trong", "đến" is a deadline only when something is handed in.
                if matches!(e.when, When::Day { .. }) && matches!(trig, Trig::Within | Trig::Until) {
                    let lo = clause;
                    let submits = grammar::contains(toks, lo, us, SUBMIT).is_some();
                    let cutoff = trig_start > 0 && toks[trig_start - 1].is("tinh");
                    if !submits || cutoff || data_period(toks, us, clause) {
                        continue;
                    }
                }
                if matches!(e.when, When::Month { .. } | When::Quarter { .. }) && trig == Trig::Until {
                    let submits = grammar::contains(toks, clause, us, SUBMIT).is_some();
                    if !submits {
                        continue;
                    }
                }
                let after = (e.end, (e.end + 8).min(clause_end.max(e.end)));
                let mut recur = match e.when {
                    When::Day { y: None, .. } | When::DayOnly { .. } => {
                        recurrence(toks, (window_start, trig_start), after, matches!(e.when, When::DayOnly { .. }))
                    }
                    _ => None,
                };
                // After a half-year report, "… và năm (trước ngày 15/12)" or "… 15/6 và 15/12"
                // is the year's report.
                let previous_yearly = prev_end.is_some()
                    && found.last().is_some_and(|f| matches!(f.rule, RuleSpec::Recurring { frequency: Frequency::Yearly, .. }));
                if recur.is_none() && previous_yearly && matches!(e.when, When::Day { y: None, .. }) {
                    let names_year = (window_start..trig_start).any(|k| toks[k].is("nam") && toks.get(k + 1).is_none_or(|n| n.kind != Kind::Num));
                    let six_then_year = grammar::contains(toks, sentence, us, &["6 thang , nam", "6 thang va nam", "sau thang , nam"]).is_some();
                    if names_year || (trig == Trig::Inherited && six_then_year) {
                        recur = Some(Recur::Yearly("Báo cáo năm"));
                    } else if trig == Trig::Inherited {
                        recur = found.last().map(|f| Recur::Yearly(if f.label.contains("6 tháng") { "Báo cáo năm" } else { "Báo cáo định kỳ" }));
                    }
                }
                let Some(from) = ctx.from else {
                    if recur.is_some() {
                        skipped.push(Skipped { why: SkipReason::NoYear, span: (cs, ce) });
                        continue;
                    }
                    if matches!(e.when, When::DayOnly { .. }) {
                        continue;
                    }
                    match single_rule(ctx, e.when, trig) {
                        Ok((rule, inf)) => {
                            found.push(make(p, toks, ctx, rule, inf, Vec::new(), trig, (trig_start, us, ue), (window_start, sentence, sentence_end), None));
                        }
                        Err(why) => skipped.push(Skipped { why, span: (cs, ce) }),
                    }
                    continue;
                };
                match (recur, e.when) {
                    (Some(Recur::Yearly(label)), When::Day { d, m, .. }) => {
                        let next_year = grammar::contains(toks, after.0, after.1, &["nam sau", "nam ke tiep"]).is_some();
                        let rule = RuleSpec::Recurring { frequency: Frequency::Yearly, due_month: if next_year { m + 12 } else { m }, day: d, from, until: ctx.until };
                        if rule.validate().is_err() {
                            skipped.push(Skipped { why: SkipReason::Invalid, span: (cs, ce) });
                            continue;
                        }
                        let mut f = make(p, toks, ctx, rule, false, Vec::new(), trig, (trig_start, us, ue), (window_start, sentence, sentence_end), Some(label));
                        f.confidence = 0.8;
                        found.push(f);
                        continue;
                    }
                    (Some(Recur::Periodic(frequency, due_month, label)), When::DayOnly { d }) => {
                        let rule = RuleSpec::Recurring { frequency, due_month, day: d, from, until: ctx.until };
                        let mut f = make(p, toks, ctx, rule, false, Vec::new(), trig, (trig_start, us, ue), (window_start, sentence, sentence_end), Some(label));
                        f.confidence = 0.8;
                        found.push(f);
                        continue;
                    }
                    (_, When::DayOnly { .. }) => continue,
                    _ => {}
                }
                // "trước tháng 6" is by the end of May, "chậm nhất (là) tháng 6" by the end of June.
                let by_end = trig == Trig::Before && !(trig_start..us).any(|k| toks[k].is("truoc"));
                match single_rule(ctx, e.when, if by_end { Trig::Until } else { trig }) {
                    Ok((rule, inf)) => (rule, inf, Vec::new()),
                    Err(why) => {
                        skipped.push(Skipped { why, span: (cs, ce) });
                        continue;
                    }
                }
            }
        };
        found.push(make(p, toks, ctx, rule, inferred, history, trig, (trig_start, us, ue), (window_start, sentence, sentence_end), None));
    }

    // Deadlines counted from an event ("15 ngày trước Đại hội"): due once its date is entered.
    let mut k = 0;
    while k < toks.len() {
        let Some(rel) = relative_at(toks, k) else {
            k += 1;
            continue;
        };
        let (ps, pe) = rel.phrase;
        let overlaps = found.iter().any(|f| f.toks.0 < pe && f.toks.1 > ps)
            || dated.iter().any(|(s, e)| *s < pe && *e > ps)
            || cited.iter().any(|(s, e)| toks[ps].start < *e && toks[pe - 1].end > *s);
        // "chậm nhất ngày 10/12/2025 - 95 ngày trước bầu cử": the count restates the date before it.
        let restates = found.iter().any(|f| {
            !matches!(f.rule, RuleSpec::Relative { .. })
                && f.toks.1 <= ps
                && ps - f.toks.1 <= 3
                && start_of(&sentences, f.toks.0) == start_of(&sentences, ps)
                && toks[f.toks.1..ps].iter().all(|t| t.kind == Kind::Punct || t.is("tuc") || t.is("la"))
        });
        if !overlaps && !restates {
            let sentence = start_of(&sentences, ps);
            let sentence_end = end_of(&sentences, ps, toks.len()).max(pe);
            let clause = start_of(&clauses, ps);
            let prev_end = found.iter().filter(|f| f.toks.1 <= ps && f.toks.0 >= sentence).map(|f| f.toks.1).max();
            let window_start = prev_end.map_or(clause, |e| e.max(clause));
            let event = capitalise_event(&p.slice(toks[rel.event.0].start, toks[rel.event.1 - 1].end));
            let rule = RuleSpec::Relative { event: event.clone(), offset_days: rel.offset, event_date: None };
            let mut f = make(p, toks, ctx, rule, false, Vec::new(), Trig::Before, (ps, ps, pe), (window_start, sentence, sentence_end), None);
            f.confidence = 0.7;
            f.note = format!("Hạn tính theo ngày {event}: cần nhập ngày {event}.");
            found.push(f);
        }
        k = pe;
    }

    // A month or quarter without a year in a sentence that says "hằng năm" ("Tháng 11 hằng năm,
    // Trung tâm có văn bản báo cáo …"; "Hằng năm, … báo cáo … trong Quý II, chậm nhất tháng 6"):
    // a yearly report due on that month's last day (a quarter's: its last month's).
    if let Some(from) = ctx.from {
        for (ix, e) in exprs.iter().enumerate() {
            let (month, quarter) = match e.when {
                When::Month { m, y: None, part: Part::Whole } => (m, false),
                When::Quarter { q, y: None, part: Part::Whole } => (q * 3, true),
                _ => continue,
            };
            let (cs, ce) = (toks[e.start].start, toks[e.end - 1].end);
            if cited.iter().any(|(a, b)| cs < *b && ce > *a) {
                continue;
            }
            let sentence = start_of(&sentences, e.start);
            let sentence_end = end_of(&sentences, e.start, toks.len());
            let yearly_after = words_at(toks, e.end, "hang nam") || words_at(toks, e.end, "moi nam");
            let yearly_before = (sentence..e.start).any(|k| words_at(toks, k, "hang nam") || words_at(toks, k, "moi nam"));
            if !yearly_after && !yearly_before {
                continue;
            }
            let existing = found.iter().position(|f| f.toks.0 <= e.start && f.toks.1 >= e.end && !matches!(f.rule, RuleSpec::Relative { .. }));
            let submits = grammar::contains(toks, sentence, sentence_end, SUBMIT).is_some();
            if existing.is_none() && !(yearly_after && submits) {
                continue;
            }
            // "trong Quý II, chậm nhất tháng 6": the quarter is the month's, said twice.
            let restated = quarter
                && exprs.get(ix + 1).is_some_and(|o| {
                    o.start <= e.end + 4 && matches!(o.when, When::Month { m, y: None, .. } if m <= month && m + 2 >= month)
                });
            if restated {
                if let Some(i) = existing {
                    found.remove(i);
                }
                continue;
            }
            let Ok(first) = ymd(2001, month, 1) else { continue };
            let rule = RuleSpec::Recurring { frequency: Frequency::Yearly, due_month: month, day: last_day_of_month(first).day(), from, until: ctx.until };
            match existing {
                Some(i) => {
                    found[i].rule = rule;
                    found[i].year_inferred = false;
                    found[i].note.clear();
                }
                None => {
                    let ue = if yearly_after { e.end + 2 } else { e.end };
                    let clause = start_of(&clauses, e.start);
                    let mut f = make(p, toks, ctx, rule, false, Vec::new(), Trig::Column, (e.start, e.start, ue), (clause, sentence, sentence_end), Some("Báo cáo năm"));
                    f.confidence = 0.7;
                    // "Tháng 11 hằng năm, Trung tâm có văn bản báo cáo …": the subject follows.
                    if f.subject.is_none() {
                        let from = if toks.get(ue).is_some_and(|t| t.is_punct(',')) { ue + 1 } else { ue };
                        f.subject = grammar::subject(p, toks, from, sentence_end).map(|(s, e)| (toks[s].start, toks[e - 1].end));
                    }
                    found.push(f);
                }
            }
        }
    }
    found.sort_by_key(|f| f.toks.0);

    // "Dự kiến ngày 05/12/2025 (Chậm nhất ngày 10/12/2025 …)": the planned day is not the deadline
    // when the sentence gives a latest one.
    let planned = |f: &Found| {
        let lo = f.toks.0.saturating_sub(5).max(start_of(&sentences, f.toks.0));
        grammar::contains(toks, lo, f.toks.0, &["du kien"]).is_some()
    };
    let latest: Vec<usize> = found.iter().filter(|f| f.trigger == Trig::Before && !planned(f)).map(|f| start_of(&sentences, f.toks.0)).collect();
    found.retain(|f| !(planned(f) && f.trigger != Trig::Before && latest.contains(&start_of(&sentences, f.toks.0))));

    // A replaced date becomes the history of the deadline next to it in its sentence.
    for (at, previous, (s, e)) in replaced {
        let sentence = start_of(&sentences, at);
        let target = found
            .iter_mut()
            .filter(|f| start_of(&sentences, f.toks.0) == sentence)
            .min_by_key(|f| f.toks.0.abs_diff(at));
        if let Some(f) = target {
            f.history.push(PlanRuleChange { previous, note: p.slice(s, e) });
        }
    }
    (tiered(p, toks, found), skipped)
}

/// A deadline counted from an event, found at token `k`.
struct Relative {
    offset: i32,
    /// Tokens of the event's name, and of the whole phrase.
    event: (usize, usize),
    phrase: (usize, usize),
}

/// Words that end an event's name ("… trước Đại hội | để thẩm định").
const EVENT_STOPS: &[&str] = &[
    "de", "va", "gui", "ve", "theo", "tai", "cho", "nham", "thi", "phai", "truoc", "sau", "trong", "hoac", "cua", "len", "lien",
];

/// "15 ngày trước Đại hội" (−15), "05 ngày sau Hội nghị", "(sau) 01 ngày kể từ (khi|ngày) …" (+1),
/// "trước Đại hội 15 ngày" (−15), "sau Đại hội 05 ngày" (+5) starting at token `k`.
fn relative_at(toks: &[Tok], k: usize) -> Option<Relative> {
    // "01 ngày", "01 (một) ngày": the number in words in brackets is skipped.
    let spelled = |n: usize| toks.get(n + 1).is_some_and(|t| t.is_punct('(')) && toks.get(n + 3).is_some_and(|t| t.is_punct(')'));
    let day_word = |n: usize| if spelled(n) { n + 4 } else { n + 1 };
    // "24 giờ", "48 giờ": whole days counted in hours.
    let hours = |n: usize| toks.get(day_word(n)).is_some_and(|t| t.is("gio")) && toks[n].value % 24 == 0;
    let is_days = |n: usize| {
        toks.get(n).is_some_and(|t| t.kind == Kind::Num && t.digits <= 3 && (1..=366).contains(&t.value))
            && (toks.get(day_word(n)).is_some_and(|t| t.is("ngay")) || hours(n))
    };
    let days_of = |n: usize| -> Option<i32> {
        let v = i32::try_from(toks[n].value).ok()?;
        Some(if hours(n) { v / 24 } else { v })
    };
    // The days' word, and "làm việc" after it.
    let after_days = |n: usize| if words_at(toks, day_word(n) + 1, "lam viec") { day_word(n) + 3 } else { day_word(n) + 1 };
    // A meeting named in the clause around `at` ("… tổ chức hội nghị cử tri, …"), the nearest
    // one; a bare "hội nghị" takes the fuller name of the meeting named in the sentence.
    let (sentences, clauses) = boundaries(toks);
    let meeting_near = |at: usize, skip: (usize, usize)| -> Option<(usize, usize)> {
        let (lo, hi) = (start_of(&clauses, at), end_of(&clauses, at, toks.len()));
        let name = |s: usize| -> (usize, usize) {
            let mut e = s + 2;
            while e < hi && e < s + 8 {
                let t = &toks[e];
                if t.kind != Kind::Word || !t.upper && EVENT_STOPS.contains(&t.text.as_str()) || words_at(toks, e, "theo quy dinh") {
                    break;
                }
                e += 1;
            }
            (s, e)
        };
        let heads = ["hoi nghi", "dai hoi", "hoi thi", "ky hop", "phien hop", "cuoc hop"];
        (lo..hi).filter(|q| (*q < skip.0 || *q >= skip.1) && heads.iter().any(|h| words_at(toks, *q, h))).min_by_key(|q| q.abs_diff(at)).map(name)
    };
    let fuller = |ev: (usize, usize)| -> (usize, usize) {
        if ev.1 - ev.0 > 2 || !(words_at(toks, ev.0, "hoi nghi") || words_at(toks, ev.0, "dai hoi")) {
            return ev;
        }
        let lo = start_of(&sentences, ev.0);
        (lo..ev.0)
            .find(|q| toks[*q].upper && words_at(toks, *q, &toks[ev.0].text) && toks[q + 1].text == toks[ev.0 + 1].text && toks.get(q + 2).is_some_and(|t| t.kind == Kind::Word && !EVENT_STOPS.contains(&t.text.as_str())))
            .map(|q| {
                let mut e = q + 2;
                while e < ev.0 && e < q + 8 && toks[e].kind == Kind::Word && (toks[e].upper || !EVENT_STOPS.contains(&toks[e].text.as_str())) {
                    e += 1;
                }
                (q, e)
            })
            .unwrap_or(ev)
    };
    // The event's name from token `s`: up to punctuation, a number or a linking word, at most 8 words.
    let event_from = |s: usize, needs_upper: bool| -> Option<(usize, usize)> {
        let mut s = s;
        for lead in ["khi ket thuc", "ngay ket thuc", "ket thuc", "khi to chuc", "ngay to chuc", "thoi diem", "ngay", "khi"] {
            if words_at(toks, s, lead) && toks.get(s + lead.split(' ').count()).is_some_and(|t| t.kind == Kind::Word) {
                s += lead.split(' ').count();
                break;
            }
        }
        let first = toks.get(s)?;
        if first.kind != Kind::Word || (needs_upper && !first.upper) {
            return None;
        }
        // At most 12 words: "ký quyết định công nhận hoàn thành chương trình bồi dưỡng" is ten.
        let mut e = s;
        while e < toks.len() && e < s + 12 {
            let t = &toks[e];
            if t.kind == Kind::Punct && !t.is_punct('-') || t.kind == Kind::Num {
                break;
            }
            if e > s && t.kind == Kind::Word && !t.upper && EVENT_STOPS.contains(&t.text.as_str()) && !words_at(toks, e, "de nghi") {
                break;
            }
            // "… kể từ thời điểm xác định vi phạm | những nội dung sau:", "… | đồng thời …".
            if e > s && (words_at(toks, e, "nhung noi dung") || words_at(toks, e, "dong thoi")) {
                break;
            }
            e += 1;
        }
        (e > s).then_some((s, e))
    };
    // A lead-in belongs to the phrase: "chậm nhất 15 ngày trước …", "trong thời hạn 05 ngày kể từ …".
    let lead = |n: usize| -> usize {
        for w in ["trong thoi han", "trong vong", "cham nhat", "truoc", "sau", "trong"] {
            if words_before(toks, n, w) {
                return n - w.split(' ').count();
            }
        }
        n
    };
    let t = &toks[k];
    if is_days(k) {
        let d = days_of(k)?;
        let n = after_days(k);
        let start = lead(k);
        let before_lead = start < k && words_at(toks, start, "sau");
        if toks.get(n).is_some_and(|x| x.is("truoc")) && !before_lead {
            let ev = event_from(n + 1, false)?;
            return Some(Relative { offset: -d, event: ev, phrase: (start, ev.1) });
        }
        if words_at(toks, n, "ke tu") {
            let ev = event_from(n + 2, false)?;
            return Some(Relative { offset: d, event: ev, phrase: (start, ev.1) });
        }
        if toks.get(n).is_some_and(|x| x.is("sau")) {
            let ev = event_from(n + 1, false)?;
            return Some(Relative { offset: d, event: ev, phrase: (start, ev.1) });
        }
        // "thông báo … sớm trước 05 ngày …", "là sau 01 (một) ngày": the meeting of the clause.
        if start < k && (words_at(toks, start, "truoc") || words_at(toks, start, "sau")) {
            let ev = meeting_near(k, (start, n))?;
            let offset = if words_at(toks, start, "truoc") { -d } else { d };
            return Some(Relative { offset, event: fuller(ev), phrase: (start, n) });
        }
        return None;
    }
    // "ngay sau khi tổ chức hội nghị 01 ngày": the event, then the days.
    if t.is("sau") && words_at(toks, k + 1, "khi") {
        let ev = event_from(k + 1, false)?;
        if is_days(ev.1) {
            let d = days_of(ev.1)?;
            return Some(Relative { offset: d, event: fuller(ev), phrase: (k, after_days(ev.1)) });
        }
    }
    // "trước Đại hội 15 ngày", "sau Đại hội 05 ngày".
    if (t.is("truoc") || t.is("sau")) && toks.get(k + 1).is_some_and(|x| x.upper && x.kind == Kind::Word) {
        let ev = event_from(k + 1, true)?;
        if is_days(ev.1) {
            let d = days_of(ev.1)?;
            let end = after_days(ev.1);
            return Some(Relative { offset: if t.is("truoc") { -d } else { d }, event: ev, phrase: (k, end) });
        }
    }
    None
}

/// The event's name as written, its first letter kept ("Đại hội", "nhận được Hướng dẫn này").
fn capitalise_event(text: &str) -> String {
    text.trim_end_matches([',', '.', ';', ':', ' ']).to_string()
}

#[allow(clippy::too_many_arguments)]
fn make(
    p: &Para,
    toks: &[Tok],
    ctx: &Ctx,
    rule: RuleSpec,
    inferred: bool,
    history: Vec<PlanRuleChange>,
    trig: Trig,
    (trig_start, us, ue): (usize, usize, usize),
    (window_start, sentence, sentence_end): (usize, usize, usize),
    fixed_label: Option<&str>,
) -> Found {
    let _ = ctx;
    // After "Thời hạn …" the words up to the date say what is due ("thời hạn gửi báo cáo tổng kết
    // … là ngày …"); otherwise the words before the deadline phrase do.
    let (label_from, label_to) = match trig {
        Trig::Deadline | Trig::Time => ((trig_start + 2).min(us), us),
        _ => (window_start, trig_start),
    };
    let label = match fixed_label {
        Some(l) => {
            // Prefer the report's name as written when there is one ("Báo cáo 6 tháng").
            let written = label(p, toks, label_from, label_to);
            let words = written.split_whitespace().count();
            if crate::text::fold(&written).starts_with("bao cao") && words > 2 { written } else { l.to_string() }
        }
        None => label(p, toks, label_from, label_to),
    };
    // The clause's own subject ("…; Hội LHPN thị trấn Thanh Ba tổ chức … trong tháng 02/2021"),
    // else the sentence's.
    let clause = start_of(&boundaries(toks).1, us).max(sentence);
    // "thời hạn … của X là …" says whose deadline it is, whoever announces it.
    // "Chậm nhất là ngày …, biên bản … của X phải được chuyển đến …": the document follows the date.
    let after_date = || {
        // Only a list marker ("a)", "-", "1.") may come before the deadline phrase.
        let leading = trig_start <= sentence + 3
            && toks[sentence..trig_start].iter().all(|t| t.kind != Kind::Word || t.text.chars().count() == 1)
            && toks.get(ue).is_some_and(|t| t.is_punct(','));
        if leading { owner_of_deadline(p, toks, ue + 1, sentence_end) } else { None }
    };
    // "… nếu cơ quan khai thác không khắc phục được … trong vòng 30 ngày …": the deadline of a
    // condition is the condition's subject's.
    let condition = || {
        let k = (window_start.max(sentence)..trig_start).rev().find(|&k| toks[k].is("neu") && !toks[k].upper)?;
        grammar::subject(p, toks, k + 1, trig_start).filter(|(s, _)| !grammar::not_office(toks, *s))
    };
    let subject = owner_of_deadline(p, toks, window_start.max(sentence), us)
        .or_else(condition)
        .or_else(after_date)
        .or_else(|| {
            if clause <= sentence {
                return None;
            }
            // A clause that opens inside the sentence's subject ("đề nghị các Tập đoàn: A, B tổ
            // chức …") is part of that subject, not a clause of its own.
            match grammar::subject(p, toks, sentence, trig_start) {
                Some((s, e)) if s < clause && e > clause => Some((s, e)),
                _ => grammar::subject(p, toks, clause, trig_start),
            }
        })
        .or_else(|| grammar::subject(p, toks, sentence, trig_start))
        .or_else(|| {
            // "Văn phòng sẽ phối hợp … . Thời gian hoàn thành trước ngày 30/12/2025.": a sentence
            // about the time only takes the subject of the sentence before it.
            let about_time = words_at(toks, sentence, "thoi gian");
            if !about_time || sentence == 0 {
                return None;
            }
            let previous = start_of(&boundaries(toks).0, sentence - 1);
            // Only a name (a letter's "Đề nghị các đơn vị …" leaves the time to its addressees).
            grammar::subject(p, toks, previous, sentence).filter(|(s, _)| toks[*s].upper && !grammar::not_office(toks, *s))
        })
        .map(|(s, e)| (toks[s].start, toks[e - 1].end));
    let report = report_to(toks, sentence, sentence_end, trig_start).map(|(s, e)| (toks[s].start, toks[e - 1].end));
    let phrase_start = if matches!(trig, Trig::Column | Trig::Inherited | Trig::Range) { us } else { trig_start };
    let mut note = String::new();
    if inferred {
        note = "Năm không ghi trong câu: suy ra từ năm của văn bản.".to_string();
    }
    Found {
        label,
        rule,
        history,
        sentence: (toks[sentence].start, toks[sentence_end - 1].end),
        phrase: (toks[phrase_start].start, toks[ue - 1].end),
        year_inferred: inferred,
        confidence: trig.confidence() - if inferred { 0.15 } else { 0.0 },
        subject,
        report_to: report,
        note,
        toks: (us, ue),
        level: level_before(toks, window_start, trig_start),
        trigger: trig,
    }
}

/// "cấp cơ sở trước 15/5; huyện trước 31/5; tỉnh trước 10/6": dates of one sentence, each after
/// a different level word, become one tiered rule.
fn tiered(p: &Para, toks: &[Tok], found: Vec<Found>) -> Vec<Found> {
    let (sentences, _) = boundaries(toks);
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < found.len() {
        let sentence = start_of(&sentences, found[i].toks.0);
        let mut j = i;
        while j < found.len()
            && start_of(&sentences, found[j].toks.0) == sentence
            && found[j].level.is_some()
            && matches!(found[j].rule, RuleSpec::Date { .. })
        {
            j += 1;
        }
        let group = &found[i..j];
        let mut levels: Vec<u8> = group.iter().filter_map(|f| f.level).collect();
        levels.sort_unstable();
        levels.dedup();
        if group.len() >= 2 && levels.len() == group.len() {
            let tiers = group
                .iter()
                .filter_map(|f| match f.rule {
                    RuleSpec::Date { due } => f.level.map(|level| Tier { level, due }),
                    _ => None,
                })
                .collect();
            let first = &group[0];
            let last = &group[group.len() - 1];
            let mut merged = first.clone();
            merged.rule = RuleSpec::Tiered { tiers };
            merged.phrase = (first.phrase.0, last.phrase.1);
            merged.year_inferred = group.iter().any(|f| f.year_inferred);
            merged.note = "Thời hạn theo cấp; cấp 1 = tỉnh, 2 = huyện, 3 = xã/cơ sở (thứ tự cấp mặc định).".to_string();
            merged.confidence = 0.75;
            merged.toks = (first.toks.0, last.toks.1);
            // The label comes before the first level word.
            let mut lead_end = (0..first.toks.0).rev().find(|k| LEVELS.iter().any(|(w, _)| words_at(toks, *k, w))).unwrap_or(first.toks.0);
            while lead_end > 0 && (toks[lead_end - 1].is("cap") || toks[lead_end - 1].is("co")) {
                lead_end -= 1;
            }
            let lead_start = start_of(&boundaries(toks).1, lead_end).max(sentence);
            merged.label = label(p, toks, lead_start, lead_end.max(lead_start));
            let _ = merged.trigger;
            out.push(merged);
            i = j;
        } else {
            out.push(found[i].clone());
            i += 1;
        }
    }
    out
}
