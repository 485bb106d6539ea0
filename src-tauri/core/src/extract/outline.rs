//! The outline (đề cương) of the report a plan asks for: its content section ("III. NỘI DUNG TỔNG
//! KẾT", "Nội dung báo cáo gồm:"), an "ĐỀ CƯƠNG BÁO CÁO …" appendix after the signature, or an
//! outline sent as a document of its own. Headings keep their numbering style and depth; what is
//! written in brackets after a heading, after its colon or in a paragraph of its own under it is
//! a note on that part ("cần có số liệu so sánh").

use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result};
use crate::extract::header;
use crate::extract::layout::{Para, Source, collapse, fold_str};
use crate::extract::structure::{self, Body, MarkerKind};
use crate::model::outlines::{HeadingStyle, MAX_DEPTH, MAX_HEADINGS, OutlineHeading, ReportOutline};

/// An outline found in a plan, with where it is and what kind of report it is about.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub outline: ReportOutline,
    /// Character span in the source text, from the section heading to its last paragraph.
    pub span: (usize, usize),
    /// "tong ket", "so ket" when the section names the kind of report.
    pub topic: Option<&'static str>,
}

/// Section headings that introduce what a report must contain (folded, after the marker).
static CONTENT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:yeu cau )?(?:ve )?(?:cac |nhung )?noi dung (?:chinh |chu yeu |can |cua )*(?:bao cao|so ket|tong ket|de cuong)|de cuong(?: bao cao| so ket| tong ket)?|bao cao (?:tap trung|gom|can|phai)[^:]{0,60}(?:noi dung|sau)|(?:ket cau|bo cuc) (?:cua )?bao cao)\b",
    )
    .expect("content heading pattern is valid")
});

fn style(kind: MarkerKind) -> HeadingStyle {
    match kind {
        MarkerKind::Roman => HeadingStyle::Roman,
        MarkerKind::Number => HeadingStyle::Number,
        MarkerKind::SubNumber => HeadingStyle::SubNumber,
        MarkerKind::Letter => HeadingStyle::Letter,
        MarkerKind::Dash => HeadingStyle::Dash,
    }
}

fn topic_of(folded: &str) -> Option<&'static str> {
    if folded.contains("tong ket") {
        Some("tong ket")
    } else if folded.contains("so ket") {
        Some("so ket")
    } else {
        None
    }
}

/// Whether a paragraph starts an outline appendix: "ĐỀ CƯƠNG BÁO CÁO …" in capitals.
fn is_outline_title(text: &str) -> bool {
    let f = fold_str(text.trim());
    let upper = text.chars().filter(|c| c.is_alphabetic()).take(8).all(char::is_uppercase);
    upper && f.starts_with("de cuong")
}

/// Whether a paragraph ends an outline: another appendix or a table of figures.
fn ends_outline(text: &str) -> bool {
    let f = fold_str(text.trim());
    let upper = text.chars().filter(|c| c.is_alphabetic()).take(6).all(char::is_uppercase);
    upper && (f.starts_with("phu luc") || f.starts_with("bieu mau") || f.starts_with("bieu so") || f.starts_with("de cuong"))
}

/// Splits a heading into its text and its notes: "Kết quả thực hiện (cần có số liệu so sánh)",
/// "Công tác tuyên truyền: nêu rõ số buổi …".
fn heading_and_notes(text: &str) -> (String, Vec<String>) {
    let mut text = collapse(text).trim().to_string();
    let mut notes = Vec::new();
    // A bracket at the end.
    if text.ends_with(')') || text.ends_with(").") || text.ends_with(");") {
        let body = text.trim_end_matches(['.', ';']);
        if let Some(open) = body.rfind('(') {
            let inner = body[open + 1..body.len() - 1].trim().to_string();
            let before = body[..open].trim().to_string();
            if !before.is_empty() && inner.split_whitespace().count() >= 2 {
                notes.push(inner);
                text = before;
            }
        }
    }
    // A colon after a short heading.
    if let Some(colon) = text.find(':') {
        let (head, rest) = (text[..colon].trim(), text[colon + 1..].trim());
        let words = head.split_whitespace().count();
        if (1..=16).contains(&words) && rest.split_whitespace().count() >= 3 {
            notes.insert(0, rest.to_string());
            text = head.to_string();
        }
    }
    let text = text.trim_end_matches([';', ',', ':', ' ']).trim_end_matches('.').trim().to_string();
    (text, notes)
}

/// Builds the outline of paragraphs `paras` (in order) of `body`.
fn outline_of(body: &Body, paras: &[usize], source: String) -> Option<ReportOutline> {
    let mut order: Vec<MarkerKind> = Vec::new();
    let mut outline = ReportOutline { source, notes: Vec::new(), headings: Vec::new() };
    for &i in paras {
        let p = &body.paras[i];
        let text = p.text();
        match &body.markers[i] {
            Some(m) => {
                if outline.headings.len() >= MAX_HEADINGS {
                    break;
                }
                // Depth by nesting: a kind seen above closes what was opened under it; a new
                // kind opens a level under the heading before it ("III." then "a)" is depth 2).
                let depth = match order.iter().position(|k| *k == m.kind) {
                    Some(d) => {
                        order.truncate(d + 1);
                        d
                    }
                    None => {
                        order.push(m.kind);
                        order.len() - 1
                    }
                };
                let rest: String = p.chars.iter().skip(m.len).collect();
                let (heading, notes) = heading_and_notes(&rest);
                if heading.is_empty() {
                    continue;
                }
                outline.headings.push(OutlineHeading {
                    style: style(m.kind),
                    marker: m.label.clone(),
                    text: heading,
                    depth: (depth as u8 + 1).min(MAX_DEPTH),
                    notes,
                });
            }
            None => {
                let note = collapse(&text).trim().to_string();
                if note.is_empty() {
                    continue;
                }
                match outline.headings.last_mut() {
                    Some(h) => h.notes.push(note),
                    None => outline.notes.push(note),
                }
            }
        }
    }
    // An outline is a list of parts: one heading with no notes is a sentence, not an outline.
    let enough = outline.headings.len() >= 2 || outline.headings.iter().any(|h| !h.notes.is_empty());
    (enough && !outline.headings.is_empty()).then_some(outline)
}

fn span_of(body: &Body, paras: &[usize]) -> (usize, usize) {
    let first = paras.first().map(|i| &body.paras[*i]);
    let last = paras.last().map(|i| &body.paras[*i]);
    match (first, last) {
        (Some(f), Some(l)) => (f.source_span(0, 1).0, l.source_span(0, l.chars.len()).1),
        _ => (0, 0),
    }
}

fn heading_text(p: &Para, marker_len: usize) -> String {
    p.chars.iter().skip(marker_len).collect::<String>().trim().to_string()
}

/// The outline appendix ("ĐỀ CƯƠNG BÁO CÁO …") starting at paragraph `at`: its title lines make
/// the source; its paragraphs up to the next appendix make the outline.
fn appendix_at(body: &Body, at: usize) -> Option<Found> {
    let n = body.paras.len();
    let mut title = vec![collapse(&body.paras[at].text())];
    let mut k = at + 1;
    // Title lines: unmarked, before the first heading (the subject, "(Kèm theo …)").
    while k < n && body.markers[k].is_none() && k <= at + 3 {
        let text = collapse(&body.paras[k].text());
        let f = fold_str(&text);
        let titled = text.starts_with('(') || f.starts_with("kem theo") || text.chars().filter(|c| c.is_alphabetic()).take(8).all(char::is_uppercase);
        if !titled && k > at + 1 {
            break;
        }
        if !text.starts_with('(') {
            title.push(text);
        }
        k += 1;
    }
    let end = (k..n).find(|i| ends_outline(&body.paras[*i].text())).unwrap_or(n);
    let paras: Vec<usize> = (k..end).collect();
    let source: String = title.join(" ").chars().take(300).collect();
    let topic = topic_of(&fold_str(&source));
    let outline = outline_of(body, &paras, source)?;
    let mut all = vec![at];
    all.extend(&paras);
    Some(Found { outline, span: span_of(body, &all), topic })
}

/// The content section of a plan: a heading such as "NỘI DUNG TỔNG KẾT" and what lies under it,
/// up to the next heading of the same depth or above.
fn section_at(body: &Body, heads: &[structure::SectionHead], h: usize) -> Option<Found> {
    let head = &heads[h];
    let p = &body.paras[head.para];
    let marker_len = body.markers[head.para].as_ref().map_or(0, |m| m.len);
    let heading = heading_text(p, marker_len);
    let end = heads[h + 1..].iter().find(|x| x.depth <= head.depth).map_or(body.paras.len(), |x| x.para);
    let end = (head.para + 1..end).find(|i| ends_outline(&body.paras[*i].text()) || is_appendix_start(body, *i)).unwrap_or(end);
    let paras: Vec<usize> = (head.para + 1..end).collect();
    let source = format!("{} {}", body.markers[head.para].as_ref().map_or(String::new(), |m| m.label.clone()), collapse(&heading));
    let source: String = source.trim().chars().take(300).collect();
    let topic = topic_of(&fold_str(&heading));
    let mut outline = outline_of(body, &paras, source)?;
    // "NỘI DUNG BÁO CÁO: tập trung đánh giá …": what follows the colon is a note on the report.
    if let Some((_, rest)) = heading.split_once(':')
        && rest.split_whitespace().count() >= 3
    {
        outline.notes.insert(0, collapse(rest).trim().to_string());
    }
    let mut all = vec![head.para];
    all.extend(&paras);
    Some(Found { outline, span: span_of(body, &all), topic })
}

/// "PHỤ LỤC", "(Kèm theo …)": an appendix begins.
fn is_appendix_start(body: &Body, i: usize) -> bool {
    body.markers[i].is_none() && crate::extract::tasks::is_appendix_heading(&body.paras[i].text())
}

/// A sentence that announces the list of contents without a numbered heading: "Báo cáo tập trung
/// vào các nội dung sau:", "Nội dung báo cáo gồm:". The outline is the marked paragraphs after it,
/// up to one shallower than the first of them.
fn lead_in_at(body: &Body, at: usize) -> Option<Found> {
    let n = body.paras.len();
    let first = (at + 1..n).find(|i| body.markers[*i].is_some())?;
    if first != at + 1 {
        return None;
    }
    let first_kind = body.markers[first].as_ref()?.kind;
    let mut kinds = vec![first_kind];
    let mut end = first;
    while end < n {
        if let Some(m) = &body.markers[end] {
            if !kinds.contains(&m.kind) {
                // A kind not seen yet is deeper only when it follows its parent directly.
                let after_heading = body.markers[end - 1].is_some();
                if !after_heading || matches!(m.kind, MarkerKind::Roman) {
                    break;
                }
                kinds.push(m.kind);
            }
        } else if is_appendix_start(body, end) || ends_outline(&body.paras[end].text()) {
            break;
        } else if end > first && body.markers[end - 1].is_none() && body.markers.get(end + 1).is_none_or(Option::is_none) {
            // Two paragraphs without a marker in a row: the list is over.
            break;
        }
        end += 1;
    }
    let paras: Vec<usize> = (first..end).collect();
    let lead = collapse(&body.paras[at].text());
    let topic = topic_of(&fold_str(&lead));
    let outline = outline_of(body, &paras, lead.chars().take(300).collect())?;
    let mut all = vec![at];
    all.extend(&paras);
    Some(Found { outline, span: span_of(body, &all), topic })
}

/// The outline a plan gives for its report, if any: an "ĐỀ CƯƠNG" appendix first, then a content
/// section, then a lead-in sentence.
pub(crate) fn in_plan(body: &Body, heads: &[structure::SectionHead]) -> Option<Found> {
    if let Some(at) = (0..body.paras.len()).find(|i| body.markers[*i].is_none() && is_outline_title(&body.paras[*i].text()))
        && let Some(found) = appendix_at(body, at)
    {
        return Some(found);
    }
    for (h, head) in heads.iter().enumerate() {
        if head.kind == MarkerKind::Dash {
            continue;
        }
        let p = &body.paras[head.para];
        let marker_len = body.markers[head.para].as_ref().map_or(0, |m| m.len);
        let folded = fold_str(&heading_text(p, marker_len));
        if CONTENT_HEADING.is_match(&folded)
            && let Some(found) = section_at(body, heads, h)
        {
            return Some(found);
        }
    }
    for i in 0..body.paras.len() {
        if body.markers[i].is_some() {
            continue;
        }
        let text = body.paras[i].text();
        let t = text.trim_end();
        if !t.ends_with(':') {
            continue;
        }
        // The last sentence of the paragraph announces the list.
        let folded = fold_str(t);
        let folded = folded.rsplit(". ").next().unwrap_or(&folded);
        let about_report = folded.contains("bao cao") || folded.contains("de cuong") || folded.contains("tong ket") || folded.contains("so ket");
        let lists = folded.contains("noi dung") || folded.contains("de muc") || folded.contains("gom") || folded.contains("nhu sau");
        if about_report && lists && folded.split_whitespace().count() <= 30
            && let Some(found) = lead_in_at(body, i)
        {
            return Some(found);
        }
    }
    None
}

/// The outline of a document that is an outline ("ĐỀ CƯƠNG BÁO CÁO SƠ KẾT …", sent with a letter):
/// its title makes the source, its numbered paragraphs the headings. A plan given here instead
/// yields its own content section.
pub(crate) fn of_document(text: &str) -> Result<ReportOutline> {
    let src = Source::new(text);
    let n = src.lines.len();
    // An outline document starts with (or, after a heading block, has) its "ĐỀ CƯƠNG" title; a
    // closing block (signature, "Nơi nhận") after it is not part of it.
    let tail = header::read_tail(&src, 0);
    let lines: Vec<usize> = (0..tail.start.min(n)).chain(tail.end.max(tail.start)..n).collect();
    let plain = structure::body(&src, &lines);
    if let Some(at) = (0..plain.paras.len()).find(|i| plain.markers[*i].is_none() && is_outline_title(&plain.paras[*i].text()))
        && let Some(found) = appendix_at(&plain, at)
    {
        return Ok(found.outline);
    }
    let head = header::read_header(&src);
    let tail = header::read_tail(&src, head.body_start);
    let lines: Vec<usize> = (head.body_start..tail.start.min(n)).chain(tail.end.max(tail.start)..n).collect();
    let body = structure::body(&src, &lines);
    let heads = structure::outline(&body);
    if let Some(found) = in_plan(&body, &heads) {
        return Ok(found.outline);
    }
    let paras: Vec<usize> = (0..body.paras.len()).collect();
    let title = head.title.map(|t| t.value).unwrap_or_default();
    outline_of(&body, &paras, title).ok_or_else(|| {
        Error::invalid(
            "Không tìm thấy đề mục nào trong tệp đề cương (các dòng bắt đầu bằng I., 1., 1.1., a) hoặc -). Hãy kiểm tra lại tệp, hoặc nhập đề cương bằng tay.",
        )
    })
}

/// The heading marker at the start of a line of a report: its style, its number as written
/// ("II", "1.2", "a", "-") and how many characters it takes with the spaces after it.
pub(crate) fn heading_marker(text: &str) -> Option<(HeadingStyle, String, usize)> {
    structure::marker(text).map(|m| (style(m.kind), m.label, m.len))
}

/// The first line of the closing block of a text ("Nơi nhận", the signature), or the number of
/// lines when there is none.
pub(crate) fn closing_line(text: &str) -> usize {
    let src = Source::new(text);
    let tail = header::read_tail(&src, 0);
    tail.start.min(src.lines.len())
}

/// A report file's text as the plan reader reads it (Word with its numbering and tables, PDF with
/// a text layer, plain text); a file that is not one gets the reader's Vietnamese message.
pub(crate) fn report_text(bytes: &[u8], ext: &str) -> Result<String> {
    crate::extract::read::read_bytes(bytes, ext).map(|r| r.text)
}
