//! Who must do what: the items of the "Tổ chức thực hiện" section (one task per office named),
//! the rows of a table with a deadline column, and any other sentence that sets a deadline.

use crate::extract::deadlines::{self, Ctx, Found, Skipped};
use crate::extract::grammar;
use crate::extract::header::capitalise;
use crate::extract::layout::{Kind, Para, Source, Tok, collapse, fold_str, tokenize};
use crate::extract::structure::{Body, MarkerKind, SectionHead, Table};

/// A deadline with the paragraph it was read from (spans are then made source spans).
#[derive(Debug, Clone)]
pub(crate) struct DeadlineDraft {
    pub found: Found,
    pub para: Para,
}

/// A task as read, before it becomes a [`crate::plans::PlanTask`].
#[derive(Debug, Clone)]
pub(crate) struct TaskDraft {
    pub title: String,
    pub title_span: (usize, usize),
    pub description: String,
    pub span: (usize, usize),
    /// Office phrases as written, with their source spans.
    pub assignees: Vec<(String, (usize, usize))>,
    pub report_to: Option<(String, (usize, usize))>,
    pub deadlines: Vec<DeadlineDraft>,
    /// Read from a sentence outside the assignment section and tables.
    pub from_sentence: bool,
}

/// Headings of the section that assigns the work.
const ASSIGNMENT_HEADINGS: &[&str] = &[
    "to chuc thuc hien",
    "trach nhiem thuc hien",
    "phan cong thuc hien",
    "phan cong nhiem vu",
    "phan cong trach nhiem",
    "giao nhiem vu",
    "trach nhiem cua cac",
    "nhiem vu cua cac",
    "to chuc chi dao thuc hien",
    "trach nhiem cua cac co quan",
];

fn is_assignment_heading(text: &str) -> bool {
    let f = fold_str(text);
    text.chars().count() < 120 && ASSIGNMENT_HEADINGS.iter().any(|h| f.contains(h))
}

/// The first sentence of `[from, to)` tokens: its end token.
fn sentence_end(toks: &[Tok], from: usize, to: usize) -> usize {
    for k in from..to {
        let t = &toks[k];
        if (t.is_punct('.') || t.is_punct(';')) && toks.get(k + 1).is_none_or(|n| n.space_before) {
            return k;
        }
    }
    to
}

/// Shortens to about `max` chars at a word boundary.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(b) => cut[..b].to_string(),
        None => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ' ']))
}

/// First words of an office's name, where a list of offices may be split.
const ORG_HEADS: &[&str] = &[
    "ban", "so", "hoi", "dang", "uy", "ubnd", "lien", "mat", "doan", "van", "phong", "trung", "chi", "cong", "co", "tinh",
    "huyen", "thanh", "cac", "hdnd", "ldld", "bch", "vien", "truong", "quy", "thuong",
    // Ministries and state groups ("Bộ Tài chính", "Tập đoàn Điện lực Việt Nam").
    "bo", "tap",
];

/// Splits a subject naming several offices ("Ban Tuyên giáo Tỉnh ủy và Ban Dân vận Tỉnh ủy")
/// at "và" or ";" between capitalised names; commas stay ("Hội LHPN các huyện, thị xã").
fn split_offices(p: &Para, toks: &[Tok], s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut start = s;
    for k in s..e {
        let t = &toks[k];
        let splits = (t.is("va") && !t.upper || t.is_punct(';'))
            && k > start
            && toks.get(k + 1).is_some_and(|n| n.upper && n.kind == Kind::Word && ORG_HEADS.contains(&n.text.as_str()))
            && toks[start].upper;
        if splits {
            parts.push((start, k));
            start = k + 1;
        }
    }
    parts.push((start, e));
    let _ = p;
    parts.into_iter().filter(|(a, b)| a < b).collect()
}

fn phrase(p: &Para, toks: &[Tok], s: usize, e: usize) -> (String, (usize, usize)) {
    let text = p.slice(toks[s].start, toks[e - 1].end);
    let text = text.trim_end_matches([',', ':', ';', '.', ' ']).to_string();
    (collapse(&text), p.source_span(toks[s].start, toks[e - 1].end))
}

/// Reads one item of the assignment section: the paragraphs `paras` (the first is the head).
fn item_task(paras: &[&Para], marker_len: usize) -> TaskDraft {
    let head = paras[0];
    let toks = tokenize(&head.chars, &head.folded);
    let from = toks.iter().position(|t| t.start >= marker_len).unwrap_or(toks.len());
    let end = sentence_end(&toks, from, toks.len());
    let description = paras.iter().map(|p| p.text()).collect::<Vec<_>>().join("\n");
    let span = (head.source_span(0, 1).0, paras.last().map_or(0, |p| p.source_span(0, p.chars.len()).1));
    let mut task = TaskDraft {
        title: String::new(),
        title_span: (0, 0),
        description,
        span,
        assignees: Vec::new(),
        report_to: None,
        deadlines: Vec::new(),
        from_sentence: false,
    };
    if from >= toks.len() {
        return task;
    }
    let head_words = toks[from..].iter().filter(|t| t.kind == Kind::Word).count();
    if grammar::verbless(head, &toks, from, toks.len()) && head_words <= 25 && grammar::org_start(&toks, from) && !grammar::not_office(&toks, from) {
        // "1. Liên đoàn lao động tỉnh" — the office; the work is in the paragraphs below.
        for (s, e) in split_offices(head, &toks, from, toks.len()) {
            task.assignees.push(phrase(head, &toks, s, e));
        }
        if let Some(next) = paras.get(1) {
            let nt = tokenize(&next.chars, &next.folded);
            let ne = sentence_end(&nt, 0, nt.len());
            // The work, without a lead-in and a generic subject ("Căn cứ …, đơn vị xây dựng …").
            let from = grammar::subject(next, &nt, 0, ne).map_or(0, |(_, e)| e);
            if ne > from {
                let (s, e) = (nt[from].start, nt[ne - 1].end);
                task.title = capitalise(&shorten(&next.slice(s, e), 200));
                task.title_span = next.source_span(s, e);
            }
        }
        if task.title.is_empty() {
            task.title = capitalise(&head.slice(toks[from].start, head.chars.len()));
            task.title_span = head.source_span(toks[from].start, head.chars.len());
        }
        return task;
    }
    let predicate_from = match grammar::subject(head, &toks, from, end) {
        Some((s, e)) => {
            for (a, b) in split_offices(head, &toks, s, e) {
                task.assignees.push(phrase(head, &toks, a, b));
            }
            e
        }
        None => from,
    };
    let mut predicate_from = predicate_from;
    while predicate_from < end && toks[predicate_from].kind == Kind::Punct {
        predicate_from += 1;
    }
    if predicate_from < end {
        let (s, e) = (toks[predicate_from].start, toks[end - 1].end);
        task.title = capitalise(&shorten(&head.slice(s, e), 200));
        task.title_span = head.source_span(s, e);
    }
    task
}

/// Tasks of the assignment section, with the paragraphs each owns (indexes into `body.paras`).
pub(crate) fn assignment_tasks(body: &Body, outline: &[SectionHead]) -> Vec<(TaskDraft, Vec<usize>)> {
    // The section: a heading named like "Tổ chức thực hiện", to the next heading as high.
    let mut range = None;
    for (k, head) in outline.iter().enumerate() {
        if is_assignment_heading(&body.paras[head.para].text()) {
            let end = outline[k + 1..].iter().find(|h| h.depth <= head.depth).map_or(body.paras.len(), |h| h.para);
            range = Some((head.para + 1, end, head.depth));
            break;
        }
    }
    if range.is_none() {
        // A heading without a marker ("TỔ CHỨC THỰC HIỆN" on its own line).
        if let Some(i) = body.paras.iter().position(|p| body.markers[p_index(body, p)].is_none() && is_assignment_heading(&p.text()) && p.text().chars().count() < 40) {
            range = Some((i + 1, body.paras.len(), 0));
        }
    }
    let Some((start, end, depth)) = range else { return Vec::new() };
    // The appendix after the closing block is not part of the section ("PHỤ LỤC", "(Kèm theo …)").
    let end = (start..end).find(|i| is_appendix_heading(&body.paras[*i].text())).unwrap_or(end);
    if start >= end {
        return Vec::new();
    }
    // Items: the highest markers inside the section.
    let inside: Vec<&SectionHead> = outline.iter().filter(|h| h.para >= start && h.para < end && h.depth > depth).collect();
    let non_dash_depth = inside.iter().filter(|h| h.kind != MarkerKind::Dash).map(|h| h.depth).min();
    let item_depth = non_dash_depth.or_else(|| inside.iter().map(|h| h.depth).min());
    let mut heads: Vec<usize> = match item_depth {
        Some(d) => inside.iter().filter(|h| h.depth == d).map(|h| h.para).collect(),
        None => (start..end).collect(),
    };
    if heads.first().is_some_and(|h| *h > start) {
        // Paragraphs before the first item are an item of their own (an introduction with work).
        heads.insert(0, start);
    }
    let mut out = Vec::new();
    for (k, &h) in heads.iter().enumerate() {
        let next = heads.get(k + 1).copied().unwrap_or(end);
        let owned: Vec<usize> = (h..next).collect();
        let paras: Vec<&Para> = owned.iter().map(|i| &body.paras[*i]).collect();
        let marker_len = body.markers[h].as_ref().map_or(0, |m| m.len);
        let task = item_task(&paras, marker_len);
        // An item without an office, or naming a group of offices ("2. Các ban, đơn vị thuộc Hội
        // LHPN tỉnh"), whose sub-items each name one: one task per sub-item.
        let head_toks = tokenize(&paras[0].chars, &paras[0].folded);
        let group = task.assignees.len() == 1 && paras.len() > 2 && grammar::verbless(paras[0], &head_toks, 0, head_toks.len());
        if (task.assignees.is_empty() || group) && owned.len() > 2 {
            let subs: Vec<(TaskDraft, Vec<usize>)> = owned[1..]
                .iter()
                .filter(|i| body.markers[**i].is_some())
                .map(|i| {
                    let ml = body.markers[*i].as_ref().map_or(0, |m| m.len);
                    (item_task(&[&body.paras[*i]], ml), vec![*i])
                })
                .collect();
            if subs.len() >= 2 && subs.iter().filter(|(t, _)| !t.assignees.is_empty()).count() >= 2 {
                let mut subs = subs;
                if group {
                    // "1. Ban Thường trực …" then dashes: a dash naming nobody is the heading's.
                    for (sub, _) in subs.iter_mut().filter(|(s, _)| s.assignees.is_empty()) {
                        sub.assignees = task.assignees.clone();
                    }
                } else {
                    out.push((task, vec![h]));
                }
                out.extend(subs);
                continue;
            }
        }
        out.push((task, owned));
    }
    // An introduction paragraph that assigns nothing and sets no deadline is dropped later.
    out
}

fn p_index(body: &Body, p: &Para) -> usize {
    body.paras.iter().position(|q| std::ptr::eq(q, p)).unwrap_or(0)
}

/// A task for a sentence outside the assignment section that sets a deadline.
pub(crate) fn sentence_task(p: &Para, f: &Found) -> TaskDraft {
    let toks = tokenize(&p.chars, &p.folded);
    let (s, e) = f.sentence;
    let from = toks.iter().position(|t| t.start >= s).unwrap_or(0);
    let to = toks.iter().rposition(|t| t.end <= e).map_or(toks.len(), |k| k + 1);
    let mut task = TaskDraft {
        title: String::new(),
        title_span: p.source_span(s, e),
        description: p.slice(s, e),
        span: p.source_span(s, e),
        assignees: Vec::new(),
        report_to: None,
        deadlines: Vec::new(),
        from_sentence: true,
    };
    // Skip a list marker.
    let from = match crate::extract::structure::marker(&p.slice(toks.get(from).map_or(0, |t| t.start), e)) {
        Some(m) if from == 0 => toks.iter().position(|t| t.start >= m.len).unwrap_or(from),
        _ => from,
    };
    let found_subject = f.subject.and_then(|(a, b)| {
        let s = toks.iter().position(|t| t.start >= a)?;
        let e = toks.iter().rposition(|t| t.end <= b)? + 1;
        (e > s).then_some((s, e))
    });
    let predicate = match found_subject.or_else(|| grammar::subject(p, &toks, from, to)) {
        Some((a, b)) => {
            for (x, y) in split_offices(p, &toks, a, b) {
                task.assignees.push(phrase(p, &toks, x, y));
            }
            b
        }
        None => from,
    };
    let mut predicate = predicate;
    while predicate < to && toks[predicate].kind == Kind::Punct {
        predicate += 1;
    }
    if predicate < to {
        let (a, b) = (toks[predicate].start, toks[to - 1].end);
        task.title = capitalise(&shorten(p.slice(a, b).trim_end_matches(['.', ';', ',']), 200));
        task.title_span = p.source_span(a, b);
    } else {
        task.title = f.label.clone();
    }
    task
}

/// Tasks from the rows of tables with a deadline or office column.
pub(crate) fn table_tasks(src: &Source, table: &Table, ctx: &Ctx, skipped: &mut Vec<(Skipped, Para)>) -> Vec<TaskDraft> {
    let cols = table.columns;
    let mut out = Vec::new();
    for (line, cells) in &table.rows {
        // A row with fewer cells than the header (a PDF row whose narrow first cells ran
        // together): align it to the right-hand columns, and split a leading row number off.
        let mut cells = cells.clone();
        if cells.len() < table.width && !cells.is_empty() {
            let (s, e) = cells[0];
            let text = src.slice(s, e);
            let digits = text.chars().take_while(char::is_ascii_digit).count();
            let rest = text.chars().skip(digits).take_while(|c| matches!(c, '.' | ')' | ' ')).count();
            if digits > 0 && digits <= 3 && rest > 0 && cols.index.is_some() {
                cells[0] = (s + digits + rest, e);
                cells.insert(0, (s, s + digits));
            }
            let mut padded = vec![(0, 0); table.width.saturating_sub(cells.len())];
            padded.extend(cells);
            cells = padded;
        }
        let cells = &cells;
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).copied().filter(|(s, e)| s < e);
        let content = cell(cols.content);
        let Some((cs, ce)) = content else { continue };
        let content_text = collapse(&src.slice(cs, ce));
        // A group heading row ("I | CÔNG TÁC TUYÊN TRUYỀN |  |").
        let others_empty = cell(cols.assignee).is_none() && cell(cols.deadline).is_none();
        let index_roman = cell(cols.index).is_some_and(|(s, e)| src.slice(s, e).chars().all(|c| "IVXL.".contains(c)));
        if others_empty && (index_roman || content_text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)) {
            continue;
        }
        let mut task = TaskDraft {
            title: capitalise(&shorten(&content_text, 200)),
            title_span: (cs, ce),
            description: cells.iter().map(|(s, e)| collapse(&src.slice(*s, *e))).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" | "),
            span: (src.lines[*line].start, src.lines[*line].end),
            assignees: Vec::new(),
            report_to: None,
            deadlines: Vec::new(),
            from_sentence: false,
        };
        if let Some((s, e)) = cell(cols.assignee) {
            let text = src.slice(s, e);
            let mut offset = s;
            for part in text.split([';', '\n']) {
                let len = part.chars().count();
                let lead = part.chars().take_while(|c| c.is_whitespace() || *c == '-' || *c == '+').count();
                let t = collapse(part.trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '+'));
                let t = t.trim_end_matches([',', '.', ' ']).to_string();
                // "Ban Tổ chức chủ trì; Văn phòng phối hợp": the leading office is the assignee,
                // the others work with it (kept in the description).
                let folded = fold_str(&t);
                let t = match ["(chu tri)", "chu tri"].iter().find(|w| folded.ends_with(*w)) {
                    Some(w) => t.chars().take(t.chars().count() - w.chars().count()).collect::<String>().trim_end_matches([',', ' ', '-']).to_string(),
                    None => t,
                };
                let helper = folded.ends_with("phoi hop") || folded.starts_with("phoi hop");
                if !t.is_empty() && !helper {
                    task.assignees.push((t, (offset + lead, offset + len)));
                }
                offset += len + 1;
            }
        }
        if let Some((s, e)) = cell(cols.deadline) {
            let p = Para::from_ranges(src, &[(s, e)]);
            let toks = tokenize(&p.chars, &p.folded);
            let (found, skip) = deadlines::find(&p, &toks, &[], ctx, true);
            skipped.extend(skip.into_iter().map(|k| (k, p.clone())));
            for mut f in found {
                if f.label == "Thời hạn" || f.label.is_empty() {
                    f.label = shorten(&content_text, 80);
                }
                task.deadlines.push(DeadlineDraft { found: f, para: p.clone() });
            }
        }
        // Deadlines written in the content cell ("… gửi về trước ngày 15/6").
        let p = Para::from_ranges(src, &[(cs, ce)]);
        let toks = tokenize(&p.chars, &p.folded);
        let (found, skip) = deadlines::find(&p, &toks, &[], ctx, false);
        skipped.extend(skip.into_iter().map(|k| (k, p.clone())));
        if task.deadlines.is_empty() {
            task.deadlines.extend(found.into_iter().map(|f| DeadlineDraft { found: f, para: p.clone() }));
        }
        out.push(task);
    }
    out
}

/// Several offices with different duties in one item ("Hội LHPN tỉnh thành lập đoàn kiểm tra
/// trước ngày 30/5; Hội LHPN các huyện chuẩn bị hồ sơ trước ngày 30/5"): a deadline whose own
/// clause names another office becomes a task of that office, kept apart. A task that names no
/// office takes the one its deadline's sentence names ("Báo cáo của các huyện ủy gửi về …").
pub(crate) fn split_by_submitter(drafts: &mut Vec<TaskDraft>) {
    let mut extra: Vec<TaskDraft> = Vec::new();
    for t in drafts.iter_mut() {
        let submitter = |d: &DeadlineDraft| d.found.subject.map(|(s, e)| fold_str(d.para.slice(s, e).trim_end_matches([',', ':', ';', '.', ' '])));
        if t.assignees.is_empty()
            && let Some(first) = t.deadlines.iter().find(|d| d.found.subject.is_some())
        {
            t.assignees = sentence_task(&first.para, &first.found).assignees;
        }
        if t.assignees.is_empty() {
            continue;
        }
        let own: Vec<String> = t.assignees.iter().map(|(a, _)| fold_str(a)).collect();
        let foreign = |s: &str| !generic(s) && !own.iter().any(|a| a.contains(s) || s.contains(a.as_str()));
        let mut kept = Vec::new();
        let mut groups: Vec<(String, TaskDraft)> = Vec::new();
        for d in std::mem::take(&mut t.deadlines) {
            match submitter(&d).filter(|s| !s.is_empty() && foreign(s)) {
                Some(s) => match groups.iter_mut().find(|(k, _)| *k == s) {
                    Some((_, g)) => g.deadlines.push(d),
                    None => {
                        let mut g = sentence_task(&d.para, &d.found);
                        g.from_sentence = t.from_sentence;
                        g.deadlines.push(d);
                        groups.push((s, g));
                    }
                },
                None => kept.push(d),
            }
        }
        t.deadlines = kept;
        extra.extend(groups.into_iter().map(|(_, g)| g));
    }
    drafts.extend(extra);
}

/// "đơn vị", "các cơ quan, đơn vị", "địa phương": the task's own offices, not another one.
fn generic(folded: &str) -> bool {
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let vague = ["cac", "don", "vi", "co", "quan", "dia", "phuong", "nganh", "cap", "minh", "tung", "moi", "tat", "ca", "nay", "do", "lien", "truc", "thuoc"];
    !words.is_empty() && words.iter().all(|w| vague.contains(w))
}

/// The first line of an appendix: "PHỤ LỤC …", "ĐỀ CƯƠNG …", "(Kèm theo Kế hoạch số …)".
pub(crate) fn is_appendix_heading(text: &str) -> bool {
    let f = fold_str(text.trim_start_matches(['(', ' ']));
    let upper = text.chars().filter(|c| c.is_alphabetic()).take(6).all(char::is_uppercase);
    (upper && (f.starts_with("phu luc") || f.starts_with("de cuong") || f.starts_with("bieu mau"))) || f.starts_with("kem theo")
}

/// Labels of a line naming who does an item ("- Đơn vị chủ trì: …"), folded.
const ASSIGNEE_LABELS: &[&str] = &[
    "don vi chu tri",
    "don vi thuc hien",
    "don vi phu trach",
    "co quan chu tri",
    "co quan thuc hien",
    "bo phan thuc hien",
    "bo phan chu tri",
    "nguoi thuc hien",
    "nguoi chu tri",
    "nguoi phu trach",
    "chu tri thuc hien",
    "chu tri",
    "phu trach",
    "trach nhiem thuc hien",
];

/// The office or role on a label line under an item — "- Đơn vị chủ trì: Đồng chí Phó chủ tịch
/// Thường trực, phụ trách lĩnh vực …", "Người thực hiện: Ban Thường trực" — as written, with its
/// span in the paragraph; `None` for any other line. A trailing "(chủ trì)", "chủ trì, phối hợp
/// với …" or a second label after ";" is cut off.
pub(crate) fn label_assignee(p: &Para) -> Option<(String, (usize, usize))> {
    let folded: String = p.folded.iter().collect();
    let lead = folded.chars().take_while(|c| matches!(c, '-' | '+' | '*' | ' ' | '•')).count();
    let rest = &folded[folded.char_indices().nth(lead).map_or(folded.len(), |(b, _)| b)..];
    let label = ASSIGNEE_LABELS.iter().find(|l| rest.starts_with(*l))?;
    let after = &rest[label.len()..];
    // Only "<label>:" — "Chủ trì hội nghị …" is a sentence, not a label.
    let colon = after.trim_start();
    if !colon.starts_with(':') {
        return None;
    }
    let mut start = lead + label.chars().count() + (after.chars().count() - colon.chars().count()) + 1;
    while start < p.chars.len() && p.chars[start].is_whitespace() {
        start += 1;
    }
    let mut end = p.chars.len();
    // Cut at ";", at "(chủ trì)", at ". " and at "chủ trì, phối hợp" / ", phối hợp".
    let tail: String = p.folded[start..].iter().collect();
    for stop in [";", ". ", "(chu tri", " chu tri", ", phoi hop", " phoi hop voi", " - don vi phoi hop", "\n"] {
        if let Some(b) = tail.find(stop) {
            end = end.min(start + tail[..b].chars().count());
        }
    }
    while end > start && (matches!(p.chars[end - 1], ',' | '.' | ';' | ':' | '-') || p.chars[end - 1].is_whitespace()) {
        end -= 1;
    }
    let text = collapse(&p.slice(start, end));
    if text.is_empty() || !text.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some((text, p.source_span(start, end)))
}

/// For every paragraph, the office or role named on a label line of its item (see
/// [`label_assignee`]). An item runs from a paragraph with a marker other than a dash
/// ("1.1.", "2.", "a)") to the next one; the label line may come before or after the deadline.
pub(crate) fn item_labels(body: &Body) -> Vec<Option<(String, (usize, usize))>> {
    let n = body.paras.len();
    let mut out = vec![None; n];
    let is_item = |i: usize| body.markers[i].as_ref().is_some_and(|m| m.kind != MarkerKind::Dash);
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && !is_item(end) {
            end += 1;
        }
        // Only inside an item: the text before the first marker has no label lines of its own.
        if is_item(start)
            && let Some(label) = (start..end).find_map(|i| label_assignee(&body.paras[i]))
        {
            for slot in &mut out[start..end] {
                *slot = Some(label.clone());
            }
        }
        start = end;
    }
    out
}

/// The office a subject-less deadline line inherits ("* Thời gian thực hiện: từ … đến …" under
/// "1. Giám sát … / - Ban Thường trực Ủy ban MTTQ phường giám sát …"): the first office that is
/// the subject of a sentence of its item (from the item's marker down to the line), else of the
/// section holding the item (from the section's heading down to the item). Dashes are no items;
/// a Roman heading ends the search.
pub(crate) fn inherited_office(body: &Body, outline: &[SectionHead], i: usize) -> Option<(String, (usize, usize))> {
    let pos = outline.iter().rposition(|h| h.para <= i && h.kind != MarkerKind::Dash)?;
    let item = &outline[pos];
    let subject_of = |k: usize| -> Option<(String, (usize, usize))> {
        let p = &body.paras[k];
        // Label lines ("Đơn vị phối hợp: …") say who helps, not who acts.
        let f: String = p.folded.iter().take(40).collect();
        if f.trim_start_matches(['-', '+', '*', ' ']).starts_with("don vi") || label_assignee(p).is_some() {
            return None;
        }
        let toks = tokenize(&p.chars, &p.folded);
        // After the marker ("4.5. Ban Thường trực …").
        let ml = body.markers[k].as_ref().map_or(0, |m| m.len);
        let from = toks.iter().position(|t| t.start >= ml).unwrap_or(toks.len());
        let end = sentence_end(&toks, from, toks.len());
        let (s, e) = grammar::subject(p, &toks, from, end)?;
        if grammar::not_office(&toks, s) || generic(&fold_str(&p.slice(toks[s].start, toks[e - 1].end))) || !office_head(&toks, s) {
            return None;
        }
        Some(phrase(p, &toks, s, e))
    };
    let first_subject = |from: usize, to: usize| (from..=to.min(body.paras.len() - 1)).find_map(subject_of);
    // In the item, the nearest sentence above the line that names an office ("Ban công tác Mặt
    // trận chuyển biên bản … / Việc chuyển các biên bản nói trên phải hoàn thành chậm nhất …").
    if let Some(found) = (item.para..=i.min(body.paras.len() - 1)).rev().find_map(subject_of) {
        return Some(found);
    }
    if item.kind == MarkerKind::Roman {
        return None;
    }
    // The section's lead text, before its first item ("III. … / Ban Thường trực … giám sát các
    // nội dung sau: / 1. …"); the sibling items' own offices are theirs.
    // The section above: by the usual order of markers (I. > 1. > 1.1. > a)), whatever order
    // they first appear in.
    let rank = |k: MarkerKind| match k {
        MarkerKind::Roman => 0,
        MarkerKind::Number => 1,
        MarkerKind::SubNumber => 2,
        MarkerKind::Letter => 3,
        MarkerKind::Dash => 4,
    };
    let parent_pos = outline[..pos].iter().rposition(|h| h.kind != MarkerKind::Dash && rank(h.kind) < rank(item.kind))?;
    let parent = &outline[parent_pos];
    let first_item = outline.get(parent_pos + 1).map_or(item.para, |h| h.para);
    if first_item <= parent.para + 1 {
        return first_subject(parent.para, parent.para);
    }
    first_subject(parent.para, first_item - 1)
}

/// Whether a deadline restates one given elsewhere: it is in the appendix, in a note ("Lưu ý:",
/// "Chú ý:", "Ghi chú:"), or inside brackets ("… ở Bước Hai (giai đoạn từ … đến …)").
fn restating(d: &DeadlineDraft, appendix_from: Option<usize>) -> bool {
    let (ps, _) = d.found.phrase;
    let at = d.para.source_span(ps, ps + 1).0;
    if appendix_from.is_some_and(|a| at >= a) {
        return true;
    }
    let folded: String = d.para.folded.iter().collect();
    let head = folded.trim_start_matches(['-', '+', '*', ' ', '(']);
    if ["luu y", "chu y", "ghi chu"].iter().any(|w| head.starts_with(w)) {
        return true;
    }
    // A bracketed period (not a bracketed latest day: "Dự kiến … (Chậm nhất ngày …)").
    let before: String = d.para.folded[d.found.sentence.0.min(ps)..ps].iter().collect();
    matches!(d.found.rule, crate::deadlines::RuleSpec::Range { .. }) && before.matches('(').count() > before.matches(')').count()
}

/// Removes a deadline that restates one read elsewhere in the main text with the same rule: the
/// same period in the appendix, in a "Lưu ý" note or in brackets is not a second obligation.
pub(crate) fn drop_restated(drafts: &mut [TaskDraft], appendix_from: Option<usize>) {
    let firm: Vec<crate::deadlines::RuleSpec> =
        drafts.iter().flat_map(|t| &t.deadlines).filter(|d| !restating(d, appendix_from)).map(|d| d.found.rule.clone()).collect();
    for t in drafts.iter_mut() {
        t.deadlines.retain(|d| !(restating(d, appendix_from) && firm.contains(&d.found.rule)));
    }
}

/// Removes a summary period under exact dates: "- Thời gian hoàn thành: Quý IV/2025 và Quý
/// I/2026" at the end of an item whose lines already gave "chậm nhất ngày 10/12/2025 … 03/02/2026"
/// — a line of months or quarters each of which holds a day read earlier in the same item (an
/// item runs from a marker other than a dash to the next).
pub(crate) fn drop_summaries(drafts: &mut [TaskDraft], body: &Body) {
    use chrono::Datelike;

    use crate::deadlines::RuleSpec;
    let items: Vec<usize> = (0..body.paras.len())
        .filter(|i| body.markers[*i].as_ref().is_some_and(|m| m.kind != MarkerKind::Dash))
        .map(|i| body.paras[i].source_span(0, 1).0)
        .collect();
    let item_of = |at: usize| items.iter().rposition(|s| *s <= at);
    let line_of = |d: &DeadlineDraft| d.para.source_span(0, 1).0;
    // Every deadline: (position, line, item, rule, on a "Thời gian …:" line, task, index in task).
    type Seen = (usize, usize, Option<usize>, RuleSpec, bool, usize, usize);
    let mut all: Vec<Seen> = Vec::new();
    for (ti, t) in drafts.iter().enumerate() {
        for (di, d) in t.deadlines.iter().enumerate() {
            let at = d.para.source_span(d.found.phrase.0, d.found.phrase.0 + 1).0;
            // Only a "Thời gian (hoàn thành): …" line can be a summary, never a table's cell.
            let folded: String = d.para.folded.iter().take(30).collect();
            let time_line = folded.trim_start_matches(['-', '+', '*', ' ']).starts_with("thoi gian");
            all.push((at, line_of(d), item_of(at), d.found.rule.clone(), time_line, ti, di));
        }
    }
    all.sort_by_key(|x| x.0);
    let holds = |r: &RuleSpec, d: &chrono::NaiveDate| match r {
        RuleSpec::Month { year, month } => d.year() == *year && d.month() == *month,
        RuleSpec::Quarter { year, quarter } => d.year() == *year && (d.month() - 1) / 3 + 1 == *quarter,
        _ => false,
    };
    let mut drop: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < all.len() {
        let mut j = k;
        while j < all.len() && all[j].1 == all[k].1 {
            j += 1;
        }
        let item = all[k].2;
        let days: Vec<chrono::NaiveDate> = all[..k]
            .iter()
            .filter(|x| item.is_some() && x.2 == item)
            .filter_map(|x| if let RuleSpec::Date { due } = x.3 { Some(due) } else { None })
            .collect();
        let periods = all[k..j].iter().all(|x| x.4 && matches!(x.3, RuleSpec::Month { .. } | RuleSpec::Quarter { .. }));
        if periods && !days.is_empty() && all[k..j].iter().all(|x| days.iter().any(|d| holds(&x.3, d))) {
            drop.extend(all[k..j].iter().map(|x| (x.5, x.6)));
        }
        k = j;
    }
    for (ti, t) in drafts.iter_mut().enumerate() {
        let mut di = 0;
        t.deadlines.retain(|_| {
            let keep = !drop.contains(&(ti, di));
            di += 1;
            keep
        });
    }
}

/// The office of a period in brackets on its own line ("(Từ ngày 17/12/2025 đến ngày
/// 25/01/2026)") under a step's heading ("BƯỚC HAI / Các cơ quan, tổ chức, đơn vị giới thiệu …"):
/// the subject of the heading's line just above.
pub(crate) fn step_office(body: &Body, i: usize) -> Option<(String, (usize, usize))> {
    let p = &body.paras[i];
    if i == 0 || !p.text().starts_with('(') || !p.text().trim_end().ends_with(')') {
        return None;
    }
    let above = &body.paras[i - 1];
    let toks = tokenize(&above.chars, &above.folded);
    let (s, e) = grammar::subject(above, &toks, 0, toks.len())?;
    (!grammar::not_office(&toks, s)).then(|| phrase(above, &toks, s, e))
}

/// Whether token `s` begins an office's or a person's name: an office head word ("Ban", "Ủy
/// ban", "Hội", "các …"), "đồng chí", "người …" — not a thing ("Cách tính tuổi", "Thẻ cử tri").
fn office_head(toks: &[Tok], s: usize) -> bool {
    let t = &toks[s];
    t.kind == Kind::Word
        && (ORG_HEADS.contains(&t.text.as_str()) || ["nguoi", "dong", "to", "doan", "chuyen", "can"].contains(&t.text.as_str()))
        && !crate::extract::layout::words_at(toks, s, "thanh phan")
        && !crate::extract::layout::words_at(toks, s, "so luong")
        // "người ứng cử", "người được giới thiệu", "người đứng đầu", not "Người không được …".
        && (!t.is("nguoi") || toks.get(s + 1).is_some_and(|n| ["ung", "duoc", "dung", "phu", "tu"].contains(&n.text.as_str())))
        && !crate::extract::layout::words_at(toks, s, "co cau")
        && !crate::extract::layout::words_at(toks, s, "cong tac")
}

/// The office a subject-less deadline of a guidance falls to when its title names who acts
/// ("HƯỚNG DẪN / Các cơ quan, tổ chức, đơn vị giới thiệu người ứng cử …" → the offices named).
pub(crate) fn title_office(src: &Source, span: (usize, usize)) -> Option<(String, (usize, usize))> {
    let p = Para::from_ranges(src, &[span]);
    let toks = tokenize(&p.chars, &p.folded);
    let end = sentence_end(&toks, 0, toks.len());
    let (s, e) = grammar::subject(&p, &toks, 0, end)?;
    (office_head(&toks, s) && !grammar::not_office(&toks, s) && e < end).then(|| phrase(&p, &toks, s, e))
}

/// A deadline counted from a bare "hội nghị" / "đại hội" ("Thông báo … ít nhất trước 07 ngày …
/// tổ chức hội nghị") takes the fuller name of the meeting its item heading names ("4.5. Ban
/// Thường trực … tổ chức hội nghị tiếp xúc cử tri …" → "hội nghị tiếp xúc cử tri").
pub(crate) fn name_bare_meetings(drafts: &mut [TaskDraft], body: &Body) {
    use crate::deadlines::RuleSpec;
    const STOPS: &[&str] = &[
        "de", "va", "gui", "ve", "theo", "tai", "cho", "nham", "thi", "phai", "truoc", "sau", "trong", "hoac", "cua", "len",
        "lien", "phoi", "thuc", "cac", "noi", "duoc", "o", "nay", "do", "nhu",
    ];
    for t in drafts.iter_mut() {
        for d in &mut t.deadlines {
            let RuleSpec::Relative { event, .. } = &d.found.rule else { continue };
            let bare = fold_str(event);
            if bare != "hoi nghi" && bare != "dai hoi" {
                continue;
            }
            let at = d.para.source_span(0, 1).0;
            let Some(i) = body.paras.iter().position(|p| p.source_span(0, 1).0 == at) else { continue };
            // Up the item: to the nearest paragraph with a marker other than a dash or a letter.
            let top = (0..=i).rev().find(|k| body.markers[*k].as_ref().is_some_and(|m| !matches!(m.kind, MarkerKind::Dash | MarkerKind::Letter))).unwrap_or(i);
            let fuller = (top..i).rev().find_map(|k| {
                let p = &body.paras[k];
                let toks = tokenize(&p.chars, &p.folded);
                let head: Vec<&str> = bare.split(' ').collect();
                let q = (0..toks.len().saturating_sub(2)).find(|q| toks[*q].is(head[0]) && toks[q + 1].is(head[1]))?;
                let mut e = q + 2;
                while e < toks.len() && e < q + 8 && toks[e].kind == Kind::Word && !STOPS.contains(&toks[e].text.as_str()) {
                    e += 1;
                }
                (e > q + 2).then(|| p.slice(toks[q].start, toks[e - 1].end))
            });
            if let (Some(name), RuleSpec::Relative { event, .. }) = (fuller, &mut d.found.rule) {
                d.found.note = d.found.note.replace(event.as_str(), &name);
                *event = name;
            }
        }
    }
}
