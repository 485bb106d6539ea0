//! Plan import: reads a plan document (Word `.docx`, PDF with a text layer, `.txt`/`.md`, or
//! pasted text) and drafts its plan file — kind, number and symbol, place and date, issuer,
//! title, signer, recipients, references, sections, who is assigned what, and every deadline
//! with its rule — each field with the sentence it came from, for a person to check and save.
//!
//! Plain Rust, no network and no model: the document's layout (Nghị định 30/2020, Quy định
//! 66-QĐ/TW) and the phrasing families of deadlines (`docs/extraction.md`) do the work. A date is
//! a deadline only when a deadline phrase governs it, so the dates of cited documents, of the
//! plan itself and of events are left out; what is left out on purpose is reported in
//! [`Extraction::unresolved`] so the reviewer can see it.
//!
//! The extractor does not know the office tree: assignees come out as phrases
//! ([`ExtractedTask::assignees`]); [`match_assignee`] and [`resolve_assignees`] turn them into
//! office codes against a store's offices.

mod assignee;
mod dates;
mod deadlines;
mod grammar;
mod header;
mod layout;
mod legacy;
mod normalize;
mod outline;
mod read;
mod refs;
mod structure;
mod tasks;
#[cfg(test)]
mod blind_family_tests;
#[cfg(test)]
mod blind_tests;
#[cfg(test)]
mod blind_1203_tests;
#[cfg(test)]
mod blind_party_tests;
#[cfg(test)]
mod notepad_tests;
#[cfg(test)]
mod office_tests;
#[cfg(test)]
mod outline_tests;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use assignee::{assignee_choices, match_assignee};
pub(crate) use outline::{closing_line, heading_marker, report_text};

use crate::documents::{DocKind, DocumentInput, NumberStyle};
use crate::error::Result;
use crate::model::outlines::ReportOutline;
use crate::offices::{LevelName, Office};
use crate::plans::{PLAN_FORMAT, PlanAssignee, PlanDeadline, PlanFile, PlanTask};
use deadlines::{Ctx, SkipReason};
use header::Found;
use layout::{Para, Source, fold_str, tokenize};
use structure::MarkerKind;
use tasks::{DeadlineDraft, TaskDraft};

/// A drafted plan with the evidence for each field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Extraction {
    /// The plan file as drafted. Task assignees are empty until matched to offices
    /// ([`resolve_assignees`]); the phrases are in [`Extraction::tasks`].
    pub plan: PlanFile,
    /// Where each field came from.
    pub fields: Vec<FieldEvidence>,
    /// What the reviewer must settle: unmatched assignees, inferred years, dates left out.
    pub unresolved: Vec<ExtractionIssue>,
    /// Per task of `plan.tasks` (same order): the assignee phrases and deadline details as read.
    pub tasks: Vec<ExtractedTask>,
    /// The section outline (I., 1., 1.1., a), -).
    pub sections: Vec<ExtractedSection>,
    /// The normalised text all spans point into (NFC, `\n` line ends, tables as tab-separated rows).
    pub source_text: String,
    /// The outline (đề cương) the plan gives for its report, also set on the report deadlines of
    /// `plan` it belongs to; its evidence is the field `outline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub outline: Option<ReportOutline>,
}

/// Where a field's value was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldEvidence {
    /// Path of the field: `document.title`, `document.references[2]`, `tasks[0].deadlines[1]`.
    pub field: String,
    /// Character span `[start, end)` in `source_text` (Unicode scalar values; the same as
    /// JavaScript string indexes for Vietnamese text).
    #[ts(type = "number")]
    pub start: usize,
    #[ts(type = "number")]
    pub end: usize,
    /// The source text there, white space collapsed.
    pub snippet: String,
    /// 0..1: how sure the reader is.
    pub confidence: f32,
    /// Why the value may need checking ("Năm suy ra từ …"), or empty.
    pub note: String,
}

/// What kind of question an issue raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum IssueKind {
    /// An assignee phrase not matched to an office: choose the office(s).
    AssigneeUnmatched,
    /// A task whose text names no office.
    AssigneeMissing,
    /// "gửi về …" names an office not matched.
    ReportToUnmatched,
    /// A deadline's year was not written and was taken from the document.
    YearInferred,
    /// Levels of a tiered deadline use the default level order.
    TierLevels,
    /// The date of an event, left out of the deadlines.
    EventDate,
    /// A deadline whose year cannot be known.
    DateWithoutYear,
    /// A date that does not exist.
    DateInvalid,
    /// A heading field not found (title, kind, date).
    MissingField,
    /// The text was in a legacy encoding and was converted.
    LegacyEncoding,
    /// A deadline counted from an event ("15 ngày trước Đại hội") whose date the plan does not
    /// give: no date is due until the reviewer enters the event's date.
    EventDeadline,
    /// The same obligation with different dates in the text and in its appendix.
    DateConflict,
    /// The report follows an outline sent in a document of its own ("theo đề cương gửi kèm").
    OutlineSeparate,
}

/// Something the reviewer has to settle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExtractionIssue {
    pub kind: IssueKind,
    /// The field concerned (`tasks[2].assignees`), or empty.
    pub field: String,
    /// What to do, in Vietnamese.
    pub message: String,
    /// The phrase concerned as written ("Hội LHPN các huyện, thị xã, thành phố").
    pub phrase: String,
    #[ts(type = "number")]
    pub start: usize,
    #[ts(type = "number")]
    pub end: usize,
}

/// A task as read: who (phrases) and the details of its deadlines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExtractedTask {
    /// Offices as the plan names them.
    pub assignees: Vec<String>,
    /// Where reports go, as written ("LĐLĐ tỉnh (qua Ban Tuyên giáo - Nữ công)").
    pub report_to: Option<String>,
    /// Per deadline of the task (same order as `plan.tasks[i].deadlines`).
    pub deadlines: Vec<ExtractedDeadline>,
    /// Who the review offers to choose in one click (an office, a level, a role inside our
    /// office), best first; filled by [`resolve_assignees`] against the office tree.
    #[serde(default)]
    pub choices: Vec<PlanAssignee>,
}

/// A deadline as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExtractedDeadline {
    /// The date phrase as written ("trước ngày 30/5").
    pub phrase: String,
    /// The rule in words ("Hằng năm, trước ngày 30/5").
    pub description: String,
    pub year_inferred: bool,
    /// Who must meet it, when the sentence says ("Các huyện").
    pub submitter: Option<String>,
    /// To whom, when the sentence says.
    pub report_to: Option<String>,
}

/// Kind of a section marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SectionKind {
    Roman,
    Number,
    SubNumber,
    Letter,
    Dash,
}

/// A heading or list item of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExtractedSection {
    pub kind: SectionKind,
    /// The marker as written without its separator: "II", "1", "1.2", "a", "-".
    pub marker: String,
    /// The heading (the paragraph, shortened).
    pub heading: String,
    /// 1 for the outermost kind of marker, then 2, 3 …
    pub depth: u8,
    #[ts(type = "number")]
    pub start: usize,
    #[ts(type = "number")]
    pub end: usize,
}

/// Reads a plan file (`.docx`, `.pdf` with a text layer, `.txt`, `.md`) to normalised text.
/// Bad input (a corrupt or foreign file, an empty or scanned one, one too large) is an
/// [`crate::Error::InvalidInput`] with a Vietnamese message saying what to do.
pub fn read_file(path: &Path) -> Result<String> {
    read::read_path(path).map(|r| r.text)
}

/// Reads the outline (đề cương) of a report from a document of its own (`.docx`, `.pdf`, `.txt`):
/// an "ĐỀ CƯƠNG BÁO CÁO …" sent with a letter, or a plan's content section.
pub fn outline_file(path: impl AsRef<Path>) -> Result<ReportOutline> {
    let read = read::read_path(path.as_ref())?;
    outline::of_document(&read.text)
}

/// [`outline_file`] for pasted text.
pub fn outline_text(text: &str) -> Result<ReportOutline> {
    let read = read::finish(text, None)?;
    outline::of_document(&read.text)
}

/// Reads a plan file and drafts its plan.
pub fn extract_file(path: impl AsRef<Path>) -> Result<Extraction> {
    let read = read::read_path(path.as_ref())?;
    Ok(extract_read(read))
}

/// Drafts the plan of a text (pasted, or read by [`read_file`]).
pub fn extract_text(text: &str) -> Result<Extraction> {
    let read = read::finish(text, None)?;
    Ok(extract_read(read))
}

/// Matches every assignee phrase against the office tree: matched phrases fill the task's
/// assignees (and `reportTo`) and leave `unresolved`; the others stay for the reviewer.
pub fn resolve_assignees(extraction: &mut Extraction, offices: &[Office], levels: &[LevelName]) {
    let mut solved_fields: Vec<(String, String)> = Vec::new();
    for (i, (task, drafted)) in extraction.plan.tasks.iter_mut().zip(&mut extraction.tasks).enumerate() {
        let mut choices: Vec<PlanAssignee> = Vec::new();
        let phrases = drafted.assignees.iter().chain(drafted.deadlines.iter().filter_map(|d| d.submitter.as_ref()));
        for phrase in phrases {
            for c in assignee_choices(phrase, offices, levels) {
                if !choices.contains(&c) {
                    choices.push(c);
                }
            }
        }
        if choices.is_empty()
            && let Some(own) = offices.iter().find(|o| o.is_own)
        {
            choices.push(PlanAssignee::Office { code: own.code.clone() });
        }
        drafted.choices = choices;
        for phrase in &drafted.assignees {
            let matched = match_assignee(phrase, offices, levels);
            if !matched.is_empty() {
                for a in matched {
                    if !task.assignees.contains(&a) {
                        task.assignees.push(a);
                    }
                }
                solved_fields.push((format!("tasks[{i}].assignees"), phrase.clone()));
            }
        }
        if let Some(to) = &drafted.report_to {
            match match_assignee(to, offices, levels).as_slice() {
                [PlanAssignee::Office { code }] => {
                    task.report_to = Some(code.clone());
                    solved_fields.push((format!("tasks[{i}].reportTo"), to.clone()));
                }
                // "báo cáo Thường trực": a role inside our own office, where reports go anyway.
                [PlanAssignee::Role { .. }] => solved_fields.push((format!("tasks[{i}].reportTo"), to.clone())),
                _ => {}
            }
        }
    }
    extraction.unresolved.retain(|issue| !solved_fields.iter().any(|(f, p)| *f == issue.field && *p == issue.phrase));
}

/// Years written in a title outside its citations: (the plan's year, end of its period).
static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"giai doan (\d{4}) ?- ?(\d{4})").expect("period pattern is valid"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"nam (\d{4})").expect("year pattern is valid"));

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Everything found, before it is laid out as an [`Extraction`].
struct Draft {
    fields: Vec<FieldEvidence>,
    issues: Vec<ExtractionIssue>,
}

impl Draft {
    fn field(&mut self, src: &Source, field: impl Into<String>, (start, end): (usize, usize), confidence: f32, note: &str) {
        let snippet = layout::collapse(&src.slice(start, end));
        self.fields.push(FieldEvidence { field: field.into(), start, end, snippet, confidence, note: note.to_string() });
    }

    fn issue(&mut self, kind: IssueKind, field: impl Into<String>, message: impl Into<String>, phrase: impl Into<String>, (start, end): (usize, usize)) {
        self.issues.push(ExtractionIssue { kind, field: field.into(), message: message.into(), phrase: phrase.into(), start, end });
    }
}

fn extract_read(read: read::Read) -> Extraction {
    let src = Source::new(&read.text);
    let mut d = Draft { fields: Vec::new(), issues: Vec::new() };
    if let Some(l) = read.legacy {
        d.issue(
            IssueKind::LegacyEncoding,
            "",
            format!("Văn bản dùng bảng mã cũ {} và đã được chuyển sang Unicode: hãy kiểm tra lại dấu tiếng Việt.", l.name()),
            "",
            (0, 0),
        );
    }
    let n = src.lines.len();
    let header = header::read_header(&src);
    let tail = header::read_tail(&src, header.body_start);
    let lines: Vec<usize> = (header.body_start..tail.start.min(n)).chain(tail.end.max(tail.start)..n).collect();
    let body = structure::body(&src, &lines);
    let outline = structure::outline(&body);
    let report_outline = outline::in_plan(&body, &outline);

    // The title, read as a paragraph for its citations.
    let title_para = header.title.as_ref().map(|t| Para::from_ranges(&src, &[(t.start, t.end)]));

    // Citations (title first), and the unnumbered bases of the preamble.
    let first_section = outline.first().map_or(body.paras.len(), |h| h.para);
    let mut cited: Vec<Vec<(usize, usize)>> = vec![Vec::new(); body.paras.len()];
    let mut refs_found: Vec<(refs::Citation, (usize, usize))> = Vec::new();
    let mut cited_years: Vec<i32> = Vec::new();
    let mut title_cited: Vec<(usize, usize)> = Vec::new();
    if let Some(tp) = &title_para {
        for c in refs::citations(tp) {
            title_cited.push((c.start, c.end));
            cited_years.extend(years_in(&c.text));
            refs_found.push((c.clone(), tp.source_span(c.start, c.end)));
        }
    }
    for (i, p) in body.paras.iter().enumerate() {
        let found = refs::citations(p);
        for c in &found {
            cited[i].push((c.start, c.end));
            cited_years.extend(years_in(&c.text));
            refs_found.push((c.clone(), p.source_span(c.start, c.end)));
        }
        if i < first_section {
            for c in refs::preamble_bases(p, &found) {
                refs_found.push((c.clone(), p.source_span(c.start, c.end)));
            }
        }
    }
    refs_found.sort_by_key(|(_, span)| span.0);
    // The document itself, named in its appendix ("Kèm theo Quyết định số 1205/QĐ-UBND …"), is
    // not a reference.
    if let Some(n) = header.number.as_ref().map(|f| &f.value).filter(|n| !n.number.is_empty()) {
        let sep = if n.style == NumberStyle::Party { '-' } else { '/' };
        let own: String = fold_str(&format!("{}{sep}{}", n.number, n.symbol)).chars().filter(|c| !c.is_whitespace()).collect();
        refs_found.retain(|(c, _)| c.key != own);
    }
    let references = refs::dedupe(refs_found);

    // The year undated deadlines belong to.
    let issued = header.place_date.as_ref().and_then(|f| f.value.date);
    let title_text: String = title_para.as_ref().map_or(String::new(), |tp| {
        tp.folded.iter().enumerate().map(|(k, c)| if title_cited.iter().any(|(s, e)| k >= *s && k < *e) { ' ' } else { *c }).collect()
    });
    let title_year = YEAR.captures_iter(&title_text).filter_map(|c| c[1].parse::<i32>().ok()).last();
    let period_end = PERIOD.captures(&title_text).and_then(|c| c[2].parse::<i32>().ok());
    // Years written in full dates of the body (outside citations): the plan's time.
    let body_year = body
        .paras
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let toks = tokenize(&p.chars, &p.folded);
            dates::scan(&toks)
                .into_iter()
                .filter(|e| !cited[i].iter().any(|(s, end)| toks[e.start].start < *end && toks[e.end - 1].end > *s))
                .filter_map(|e| match e.when {
                    dates::When::Day { y, .. } | dates::When::Month { y, .. } | dates::When::Quarter { y, .. } => y,
                    dates::When::DayOnly { .. } => None,
                })
                .collect::<Vec<_>>()
        })
        .max();
    let (year, year_note) = match (issued, header.place_date.as_ref().and_then(|f| f.value.year), title_year, body_year, cited_years.iter().max()) {
        (Some(date), ..) => (Some(chrono::Datelike::year(&date)), ""),
        (None, Some(y), ..) => (Some(y), "Ngày ban hành còn để trống: năm lấy từ dòng địa danh, ngày tháng."),
        (None, None, Some(y), ..) => (Some(y), "Văn bản không ghi ngày ban hành: năm lấy từ trích yếu."),
        (None, None, None, Some(y), _) => (Some(y), "Văn bản không ghi ngày ban hành: năm lấy từ các ngày tháng trong văn bản."),
        (None, None, None, None, Some(y)) => (Some(*y), "Văn bản không ghi ngày ban hành: năm lấy từ văn bản được dẫn mới nhất."),
        _ => (None, ""),
    };
    // A strategy's horizon and vision ("… đến năm 2030, tầm nhìn đến năm 2050") are not the plan's
    // own period: its recurring reports stay open.
    let vision = title_text.contains("tam nhin");
    let until = match (period_end, title_year) {
        _ if vision => None,
        (Some(end), _) => ymd(end, 12, 31),
        (None, Some(y)) => ymd(y, 12, 31),
        _ => None,
    };
    let ctx = Ctx { issued, year, from: issued.or_else(|| year.and_then(|y| ymd(y, 1, 1))), until };

    // Tasks of the assignment section, then deadlines paragraph by paragraph.
    let assigned = tasks::assignment_tasks(&body, &outline);
    let mut owner: Vec<Option<usize>> = vec![None; body.paras.len()];
    let mut drafts: Vec<TaskDraft> = Vec::new();
    // "- Đơn vị chủ trì: …" lines: the office or role of their item.
    let labels = tasks::item_labels(&body);
    for (mut task, paras) in assigned {
        if task.assignees.is_empty()
            && let Some(label) = paras.iter().find_map(|p| labels[*p].clone())
        {
            task.assignees.push(label);
        }
        for p in paras {
            owner[p] = Some(drafts.len());
        }
        drafts.push(task);
    }
    let mut sentence_tasks: Vec<((usize, usize, String), usize)> = Vec::new();
    let mut skipped: Vec<(deadlines::Skipped, Para)> = Vec::new();
    for (i, p) in body.paras.iter().enumerate() {
        let toks = tokenize(&p.chars, &p.folded);
        let (found, skip) = deadlines::find(p, &toks, &cited[i], &ctx, false);
        skipped.extend(skip.into_iter().map(|s| (s, p.clone())));
        for f in found {
            let target = match owner[i] {
                // An item's label line names someone else than the task's office (a heading read
                // as one, or a task holding several items): a task of the label's office.
                Some(t) if labels[i].as_ref().is_some_and(|(l, _)| !drafts[t].assignees.iter().any(|(a, _)| a == l)) => {
                    let label = labels[i].clone().expect("checked");
                    let key = (usize::MAX - t, label.1.0, label.0.clone());
                    match sentence_tasks.iter().find(|(k, _)| *k == key) {
                        Some((_, t)) => *t,
                        None => {
                            let mut task = tasks::sentence_task(p, &f);
                            task.from_sentence = false;
                            task.assignees = vec![label];
                            drafts.push(task);
                            sentence_tasks.push((key, drafts.len() - 1));
                            drafts.len() - 1
                        }
                    }
                }
                Some(t) => t,
                None => {
                    // One task per sentence and office: "…; Hội LHPN thị trấn … trong tháng 02/2021".
                    let key = (i, f.sentence.0, f.subject.map_or(String::new(), |(s, e)| p.slice(s, e)));
                    match sentence_tasks.iter().find(|(k, _)| *k == key) {
                        Some((_, t)) => *t,
                        None => {
                            let mut task = tasks::sentence_task(p, &f);
                            if task.assignees.is_empty()
                                && let Some(label) = labels[i].clone()
                            {
                                task.assignees.push(label);
                            }
                            drafts.push(task);
                            sentence_tasks.push((key, drafts.len() - 1));
                            drafts.len() - 1
                        }
                    }
                }
            };
            drafts[target].deadlines.push(DeadlineDraft { found: f, para: p.clone() });
        }
    }
    // A deadline line without a subject ("- Thời gian thực hiện: …") inherits its item's office.
    for ((i, _, _), t) in &sentence_tasks {
        if *i < body.paras.len()
            && drafts[*t].assignees.is_empty()
            && let Some(office) = tasks::step_office(&body, *i).or_else(|| tasks::inherited_office(&body, &outline, *i))
        {
            drafts[*t].assignees.push(office);
        }
    }
    // Then the offices a guidance's title names as acting.
    if let Some(office) = header.title.as_ref().and_then(|t| tasks::title_office(&src, (t.start, t.end))) {
        for (_, t) in &sentence_tasks {
            if drafts[*t].assignees.is_empty() {
                drafts[*t].assignees.push(office.clone());
            }
        }
    }
    for table in &body.tables {
        drafts.extend(tasks::table_tasks(&src, table, &ctx, &mut skipped));
    }
    // A letter's deadlines without a subject are for its addressees ("Kính gửi: …").
    let addressees = addressees(&src, header.body_start);
    if !addressees.is_empty() {
        for t in drafts.iter_mut().filter(|t| t.from_sentence && t.assignees.is_empty()) {
            t.assignees = addressees.clone();
        }
    }
    tasks::split_by_submitter(&mut drafts);
    // A period restated in the appendix, a note or brackets is the deadline already read.
    let appendix_from = (tail.end.max(tail.start)..n)
        .chain(header.body_start..tail.start.min(n))
        .find(|l| src.line_folded(*l).starts_with("phu luc"))
        .or((tail.end > tail.start && tail.end < n).then_some(tail.end))
        .map(|l| src.lines[l].start);
    tasks::drop_restated(&mut drafts, appendix_from);
    tasks::drop_summaries(&mut drafts, &body);
    tasks::name_bare_meetings(&mut drafts, &body);
    drafts.retain(|t| !t.assignees.is_empty() || !t.deadlines.is_empty());
    drafts.sort_by_key(|t| t.span.0);

    // The document fields.
    let number = header.number.as_ref().map(|f| &f.value);
    let kind = header
        .kind
        .as_ref()
        .map(|f| (f.value, f.confidence))
        .or_else(|| number.and_then(|n| header::kind_from_symbol(&n.symbol)).map(|k| (k, 0.7)))
        .unwrap_or((DocKind::KeHoach, 0.3));
    match &header.kind {
        Some(f) => d.field(&src, "document.kind", (f.start, f.end), f.confidence, ""),
        None => {
            let note = "Không thấy tên loại văn bản: suy ra từ ký hiệu hoặc mặc định là Kế hoạch.";
            d.field(&src, "document.kind", (0, 0), kind.1, note);
        }
    }
    if let Some(f) = &header.number {
        let span = (f.start, f.end);
        let note = if f.value.number.is_empty() { "Số văn bản còn để trống (bản dự thảo)." } else { "" };
        d.field(&src, "document.number", span, f.confidence, note);
        d.field(&src, "document.symbol", span, f.confidence, "");
        d.field(&src, "document.numberStyle", span, f.confidence, "");
    }
    let place_date = header.place_date.as_ref();
    if let Some(f) = place_date {
        let note = if f.value.date.is_none() { "Ngày ban hành còn để trống (bản dự thảo)." } else { "" };
        d.field(&src, "document.issuedOn", (f.start, f.end), f.confidence, note);
        if !f.value.place.is_empty() {
            d.field(&src, "document.place", f.value.place_span, f.confidence, "");
        }
    } else {
        d.issue(IssueKind::MissingField, "document.issuedOn", "Không thấy dòng địa danh, ngày tháng: hãy nhập ngày ban hành.", "", (0, 0));
    }
    let issuer: Option<Found<String>> = header.issuer.clone().or_else(|| issuer_from_preamble(&body, first_section));
    if let Some(f) = &issuer {
        let note = if f.confidence < 0.8 { "Không có khối tên cơ quan ở đầu văn bản: lấy từ câu mở đầu." } else { "" };
        d.field(&src, "document.issuer", (f.start, f.end), f.confidence, note);
    } else {
        d.issue(IssueKind::MissingField, "document.issuer", "Không thấy cơ quan ban hành: hãy nhập.", "", (0, 0));
    }
    match &header.title {
        Some(f) => d.field(&src, "document.title", (f.start, f.end), f.confidence, ""),
        None => d.issue(IssueKind::MissingField, "document.title", "Không thấy trích yếu (tên kế hoạch): hãy nhập.", "", (0, 0)),
    }
    if let Some(f) = &tail.signer {
        d.field(&src, "document.signer", (f.start, f.end), f.confidence, "");
    }
    if let Some(f) = &tail.signer_title {
        d.field(&src, "document.signerTitle", (f.start, f.end), f.confidence, "");
    }
    for (i, r) in tail.recipients.iter().enumerate() {
        d.field(&src, format!("document.recipients[{i}]"), (r.start, r.end), r.confidence, "");
    }
    for (i, (c, span)) in references.iter().enumerate() {
        let confidence = if c.key.is_empty() { 0.6 } else { 0.9 };
        d.field(&src, format!("document.references[{i}]"), *span, confidence, "");
    }

    // Sections.
    let sections: Vec<ExtractedSection> = outline
        .iter()
        .map(|h| {
            let p = &body.paras[h.para];
            let (start, end) = p.source_span(0, p.chars.len());
            let heading: String = p.text().chars().take(160).collect();
            ExtractedSection {
                kind: match h.kind {
                    MarkerKind::Roman => SectionKind::Roman,
                    MarkerKind::Number => SectionKind::Number,
                    MarkerKind::SubNumber => SectionKind::SubNumber,
                    MarkerKind::Letter => SectionKind::Letter,
                    MarkerKind::Dash => SectionKind::Dash,
                },
                marker: h.label.clone(),
                heading,
                depth: h.depth,
                start,
                end,
            }
        })
        .collect();

    // Tasks and deadlines.
    let mut read_deadlines: Vec<ReadDeadline> = Vec::new();
    let mut plan_tasks = Vec::new();
    let mut extracted = Vec::new();
    for (i, t) in drafts.iter().enumerate() {
        d.field(&src, format!("tasks[{i}]"), t.span, 0.8, "");
        if !t.title.is_empty() {
            d.field(&src, format!("tasks[{i}].title"), t.title_span, 0.7, "");
        }
        for (j, (phrase, span)) in t.assignees.iter().enumerate() {
            d.field(&src, format!("tasks[{i}].assignees[{j}]"), *span, 0.8, "");
            d.issue(
                IssueKind::AssigneeUnmatched,
                format!("tasks[{i}].assignees"),
                format!("Chọn đơn vị (hoặc cấp đơn vị) ứng với «{phrase}»."),
                phrase.clone(),
                *span,
            );
        }
        if t.assignees.is_empty() {
            d.issue(IssueKind::AssigneeMissing, format!("tasks[{i}].assignees"), "Văn bản không nêu đơn vị thực hiện việc này: hãy chọn đơn vị.", "", t.span);
        }
        let mut report_to = t.report_to.clone();
        let mut plan_deadlines = Vec::new();
        let mut extracted_deadlines = Vec::new();
        for (j, dd) in t.deadlines.iter().enumerate() {
            let f = &dd.found;
            let p = &dd.para;
            let sentence_span = p.source_span(f.sentence.0, f.sentence.1);
            let phrase_span = p.source_span(f.phrase.0, f.phrase.1);
            let sentence = p.slice(f.sentence.0, f.sentence.1);
            d.field(&src, format!("tasks[{i}].deadlines[{j}]"), sentence_span, f.confidence, &f.note);
            d.field(&src, format!("tasks[{i}].deadlines[{j}].rule"), phrase_span, f.confidence, &f.note);
            let phrase = p.slice(f.phrase.0, f.phrase.1);
            if f.year_inferred {
                let y = year.map_or(String::new(), |y| y.to_string());
                d.issue(
                    IssueKind::YearInferred,
                    format!("tasks[{i}].deadlines[{j}]"),
                    format!("«{phrase}» không ghi năm: đã lấy năm {y} của văn bản, hãy kiểm tra."),
                    phrase.clone(),
                    phrase_span,
                );
            }
            if let crate::deadlines::RuleSpec::Relative { event, .. } = &f.rule {
                d.issue(
                    IssueKind::EventDeadline,
                    format!("tasks[{i}].deadlines[{j}]"),
                    format!("«{phrase}»: hạn tính theo ngày {event}, văn bản không cho biết ngày đó. Hãy nhập ngày {event} để có hạn cụ thể; chưa nhập thì việc này chưa có hạn nào."),
                    phrase.clone(),
                    phrase_span,
                );
            }
            read_deadlines.push(ReadDeadline {
                field: format!("tasks[{i}].deadlines[{j}]"),
                assignees: t.assignees.iter().map(|(a, _)| fold_str(a)).chain(f.subject.map(|(s, e)| fold_str(&layout::collapse(&p.slice(s, e))))).collect(),
                label: fold_str(&f.label),
                rule: f.rule.clone(),
                phrase: phrase.clone(),
                span: phrase_span,
            });
            if matches!(f.rule, crate::deadlines::RuleSpec::Tiered { .. }) {
                d.issue(
                    IssueKind::TierLevels,
                    format!("tasks[{i}].deadlines[{j}]"),
                    "Thời hạn theo cấp: cấp 1 là tỉnh, 2 là huyện, 3 là xã/cơ sở theo thứ tự cấp mặc định; hãy kiểm tra với danh sách cấp của đơn vị.",
                    phrase.clone(),
                    phrase_span,
                );
            }
            let submitter = f.subject.map(|(s, e)| layout::collapse(&p.slice(s, e)));
            if let Some((s, e)) = f.subject {
                // Who the program thinks reports, and where it read that.
                d.field(&src, format!("tasks[{i}].deadlines[{j}].submitter"), p.source_span(s, e), 0.7, "");
            }
            let to = f.report_to.map(|(s, e)| (layout::collapse(&p.slice(s, e)), p.source_span(s, e)));
            if report_to.is_none() {
                report_to = to.clone();
            }
            extracted_deadlines.push(ExtractedDeadline {
                phrase,
                description: f.rule.describe(),
                year_inferred: f.year_inferred,
                submitter,
                report_to: to.map(|(t, _)| t),
            });
            plan_deadlines.push(PlanDeadline { label: f.label.clone(), rule: f.rule.clone(), source_text: sentence, history: f.history.clone(), outline: None });
        }
        if let Some((phrase, span)) = &report_to {
            d.field(&src, format!("tasks[{i}].reportTo"), *span, 0.7, "");
            d.issue(IssueKind::ReportToUnmatched, format!("tasks[{i}].reportTo"), format!("Chọn đơn vị nhận báo cáo ứng với «{phrase}»."), phrase.clone(), *span);
        }
        plan_tasks.push(PlanTask {
            title: if t.title.is_empty() { "Nhiệm vụ".to_string() } else { t.title.clone() },
            description: t.description.clone(),
            assignees: Vec::new(),
            report_to: None,
            deadlines: plan_deadlines,
        });
        extracted.push(ExtractedTask {
            assignees: t.assignees.iter().map(|(p, _)| p.clone()).collect(),
            report_to: report_to.map(|(p, _)| p),
            deadlines: extracted_deadlines,
            choices: Vec::new(),
        });
    }
    // The appendix (after the closing block, or from a "PHỤ LỤC" line): the same obligation with
    // another date there is for the reviewer to settle, not silently one of them.
    let appendix_line = (tail.end.max(tail.start)..n)
        .chain(header.body_start..tail.start.min(n))
        .find(|l| src.line_folded(*l).starts_with("phu luc"))
        .or((tail.end > tail.start && tail.end < n).then_some(tail.end));
    if let Some(line) = appendix_line {
        let from = src.lines[line].start;
        for a in read_deadlines.iter().filter(|x| x.span.0 < from) {
            for b in read_deadlines.iter().filter(|x| x.span.0 >= from) {
                if a.rule == b.rule || !a.same_obligation(b) {
                    continue;
                }
                let message = format!(
                    "Cùng một việc có hai thời hạn khác nhau: «{}» trong văn bản và «{}» ở phụ lục. Hãy giữ thời hạn đúng và bỏ thời hạn kia.",
                    a.phrase, b.phrase
                );
                d.issue(IssueKind::DateConflict, a.field.clone(), message.clone(), a.phrase.clone(), a.span);
                d.issue(IssueKind::DateConflict, b.field.clone(), message, b.phrase.clone(), b.span);
            }
        }
    }
    for (s, p) in &skipped {
        let span = p.source_span(s.span.0, s.span.1);
        let phrase = p.slice(s.span.0, s.span.1);
        let (kind, message) = match s.why {
            SkipReason::Event => (IssueKind::EventDate, format!("«{phrase}» là ngày/thời gian của sự kiện nên không được coi là thời hạn; nếu là thời hạn, hãy thêm.")),
            SkipReason::Invalid => (IssueKind::DateInvalid, format!("«{phrase}» không phải ngày có thật: hãy kiểm tra.")),
            SkipReason::NoYear => (IssueKind::DateWithoutYear, format!("«{phrase}» không rõ năm: hãy nhập thời hạn.")),
        };
        d.issue(kind, "", message, phrase, span);
    }
    if !year_note.is_empty() && drafts.iter().any(|t| t.deadlines.iter().any(|x| x.found.year_inferred)) {
        d.issue(IssueKind::YearInferred, "document.issuedOn", year_note, "", (0, 0));
    }

    // The outline goes with the report deadlines it is about.
    match &report_outline {
        Some(found) => {
            d.field(&src, "outline", found.span, 0.8, "");
            attach_outline(&mut plan_tasks, found);
        }
        None => {
            let folded = fold_str(&read.text);
            if folded.contains("de cuong") && (folded.contains("gui kem") || folded.contains("kem theo")) {
                d.issue(
                    IssueKind::OutlineSeparate,
                    "outline",
                    "Văn bản yêu cầu báo cáo theo đề cương gửi kèm: hãy mở tệp đề cương để lấy các đề mục của báo cáo.",
                    "",
                    (0, 0),
                );
            }
        }
    }

    let document = DocumentInput {
        kind: kind.0,
        number: number.map(|n| n.number.clone()).unwrap_or_default(),
        symbol: number.map(|n| n.symbol.clone()).unwrap_or_default(),
        number_style: number.map_or(NumberStyle::State, |n| n.style),
        issued_on: issued,
        place: place_date.map(|f| f.value.place.clone()).unwrap_or_default(),
        issuer: issuer.map(|f| f.value).unwrap_or_default(),
        title: header.title.as_ref().map(|f| f.value.clone()).unwrap_or_default(),
        signer: tail.signer.as_ref().map(|f| f.value.clone()).unwrap_or_default(),
        signer_title: tail.signer_title.as_ref().map(|f| f.value.clone()).unwrap_or_default(),
        recipients: tail.recipients.iter().map(|f| f.value.clone()).collect(),
        references: references.iter().map(|(c, _)| c.text.clone()).collect(),
        body: read.text.clone(),
    };
    Extraction {
        plan: PlanFile { format: PLAN_FORMAT.to_string(), document, tasks: plan_tasks },
        fields: d.fields,
        unresolved: d.issues,
        tasks: extracted,
        sections,
        source_text: read.text,
        outline: report_outline.map(|f| f.outline),
    }
}

/// Sets the outline on the deadlines it is about: the reports of its kind ("tổng kết", "sơ kết")
/// when the outline names one and the plan has such reports, else every report deadline, else
/// the plan's only deadline.
fn attach_outline(tasks: &mut [PlanTask], found: &outline::Found) {
    let is_report = |label: &str| {
        let f = fold_str(label);
        f.contains("bao cao") || f.contains("so ket") || f.contains("tong ket")
    };
    let of_topic = |label: &str| found.topic.is_some_and(|t| fold_str(label).contains(t));
    let labels: Vec<&str> = tasks.iter().flat_map(|t| t.deadlines.iter().map(|d| d.label.as_str())).collect();
    let pick: Box<dyn Fn(&str) -> bool> = if labels.iter().any(|l| of_topic(l) && is_report(l)) {
        Box::new(|l: &str| of_topic(l) && is_report(l))
    } else if labels.iter().any(|l| is_report(l)) {
        Box::new(is_report)
    } else if labels.len() == 1 {
        Box::new(|_: &str| true)
    } else {
        return;
    };
    for deadline in tasks.iter_mut().flat_map(|t| t.deadlines.iter_mut()) {
        if pick(&deadline.label) {
            deadline.outline = Some(found.outline.clone());
        }
    }
}

/// A deadline as read, to compare the text with its appendix.
struct ReadDeadline {
    field: String,
    /// Folded office phrases: the task's and the sentence's subject.
    assignees: Vec<String>,
    label: String,
    rule: crate::deadlines::RuleSpec,
    phrase: String,
    span: (usize, usize),
}

impl ReadDeadline {
    /// The same thing due from the same office: labels alike (one begins with the other, or
    /// they share their first three words) and an office in common when both name one.
    fn same_obligation(&self, other: &ReadDeadline) -> bool {
        let offices = self.assignees.is_empty() || other.assignees.is_empty() || self.assignees.iter().any(|a| other.assignees.contains(a));
        let words = |l: &str| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        let (a, b) = (&self.label, &other.label);
        let shorter = a.split_whitespace().count().min(b.split_whitespace().count());
        let alike = shorter >= 3 && (a.starts_with(b.as_str()) || b.starts_with(a.as_str()) || words(a) == words(b));
        offices && alike
    }
}

/// The addressees of a letter: "Kính gửi: Hội LHPN các huyện, thành phố" or a dashed list below.
fn addressees(src: &Source, body_start: usize) -> Vec<(String, (usize, usize))> {
    let n = src.lines.len();
    let Some(line) = (0..n.min(body_start + 12)).find(|i| src.line_folded(*i).starts_with("kinh gui")) else {
        return Vec::new();
    };
    let clean = |s: usize, e: usize| {
        let text = layout::collapse(&src.slice(s, e));
        let text = text.trim_start_matches(['-', '+', '•', ' ', ':']).trim_end_matches([',', ';', '.', ' ']).to_string();
        (text, (s, e))
    };
    let mut out = Vec::new();
    let (s, e) = src.trimmed(line);
    let head: String = src.slice(s, e);
    if let Some(colon) = head.find(':') {
        let at = s + head[..colon].chars().count() + 1;
        let (text, span) = clean(at, e);
        if !text.is_empty() {
            out.push((text, span));
        }
    }
    for i in line + 1..n.min(line + 12) {
        if src.is_blank(i) {
            continue;
        }
        let (s, e) = src.trimmed(i);
        if !src.chars[s..e].first().is_some_and(|c| matches!(c, '-' | '+' | '•')) {
            break;
        }
        let (text, span) = clean(s, e);
        if !text.is_empty() {
            out.push((text, span));
        }
    }
    out
}

fn years_in(text: &str) -> Vec<i32> {
    let f = fold_str(text);
    let mut out = Vec::new();
    let chars: Vec<char> = f.chars().collect();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let is_year = chars[i..i + 4].iter().all(char::is_ascii_digit)
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if is_year {
            let y: String = chars[i..i + 4].iter().collect();
            if let Ok(y) = y.parse::<i32>()
                && (1945..=2100).contains(&y)
            {
                out.push(y);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// "…, Ban Thường vụ Tỉnh ủy xây dựng kế hoạch …": the issuer named in the opening sentence,
/// when the heading block is missing (text copied without its heading).
fn issuer_from_preamble(body: &structure::Body, first_section: usize) -> Option<Found<String>> {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[,;]\s*((?:ban|thuong truc|uy ban|ubnd|hoi|tinh uy|huyen uy|dang uy|lien doan|ldld|doan)\b[^,;.]{0,60}?)\s+(?:xay dung|ban hanh|trien khai)\s+(?:ke hoach|chuong trinh)")
            .expect("opening pattern is valid")
    });
    for p in body.paras.iter().take(first_section.min(8)) {
        let folded: String = p.folded.iter().collect();
        if let Some(c) = OPENING.captures(&folded) {
            let m = c.get(1)?;
            let s = folded[..m.start()].chars().count();
            let e = folded[..m.end()].chars().count();
            let text = layout::collapse(&p.slice(s, e));
            if text.chars().next().is_some_and(char::is_uppercase) {
                return Some(Found { value: text, start: p.source_span(s, e).0, end: p.source_span(s, e).1, confidence: 0.5 });
            }
        }
    }
    None
}
