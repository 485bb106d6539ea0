//! "Tổng hợp báo cáo": for one deadline (a rule and a period) across the sub-offices that owe it,
//! the reports received are read (Word, PDF with a text layer), the outline's headings found in
//! each, and one Word file written: under each heading what each office wrote (its name in bold
//! first, its tables kept as tables), then who sent what when, then every office whose report is
//! missing, could not be read, or lacks a heading — so nothing is dropped without a word.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklists::place_of;
use crate::compose::heading::{self, Style, Top};
use crate::compose::matching::{Piece, ReadReport, align, passages, read_report};
use crate::compose::skeleton::party_office;
use crate::compose::{cited, period_words};
use crate::deadlines::DeadlineQuery;
use crate::deadlines::status::on_time;
use crate::docx::{Align, Cell, Paragraph, Run, Table, WordDocument, write_docx};
use crate::error::{Error, Result};
use crate::extract::{closing_line, report_text};
use crate::ids::{InstanceId, RuleId, TaskId};
use crate::model::outlines::ReportOutline;
use crate::store::{self, Store};
use crate::text::compare_vi;

/// Which deadline to compile: a rule and one of its periods ("once", "2026", "2026-H1" …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SynthesisRequest {
    pub rule_id: RuleId,
    pub period: String,
}

/// Whether and when an office sent its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SubmissionStatus {
    OnTime,
    Late,
    Missing,
}

/// One office as the synthesis found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OfficeOutcome {
    pub office_name: String,
    pub status: SubmissionStatus,
    #[ts(type = "string | null")]
    pub submitted_on: Option<NaiveDate>,
    /// Days after the due date, for a late report.
    #[ts(type = "number")]
    pub days_late: i64,
    /// The files read.
    pub files: Vec<String>,
    /// Outline headings found in its report.
    #[ts(type = "number")]
    pub headings_found: usize,
    /// Outline headings not found ("2. Kết quả thực hiện").
    pub headings_missing: Vec<String>,
    /// What went wrong or was guessed, in Vietnamese (a file not read, a heading found by its
    /// number only).
    pub notes: Vec<String>,
}

/// What the synthesis wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SynthesisOutcome {
    /// Where the file was written (empty when only built).
    pub path: String,
    /// The outline is the deadline's own (else the parts every report has).
    pub outline_from_plan: bool,
    #[ts(type = "number")]
    pub headings: usize,
    pub offices: Vec<OfficeOutcome>,
}

/// A report file as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    pub name: String,
    /// The file's contents; `None` when the file has not reached this machine.
    pub bytes: Option<Vec<u8>>,
}

/// One office's report as the synthesis is given it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeReport {
    pub office_name: String,
    pub due_on: NaiveDate,
    /// `None`: no report yet.
    pub submitted_on: Option<NaiveDate>,
    pub files: Vec<ReportFile>,
}

/// What the top of the synthesis says.
#[derive(Debug, Clone)]
pub struct SynthesisHeading {
    pub parent: String,
    pub office: String,
    pub place: String,
    pub date: NaiveDate,
    /// "Báo cáo tổng kết của các đơn vị theo Kế hoạch số … (năm 2026)".
    pub title: String,
    pub party: bool,
}

fn extension(name: &str) -> String {
    Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default()
}

/// The body of an office's report files (Word and PDF, in order), with a note for each file that
/// could not be read.
fn read_files(files: &[ReportFile], notes: &mut Vec<String>, read: &mut Vec<String>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for file in files {
        let ext = extension(&file.name);
        if matches!(ext.as_str(), "xls" | "xlsx" | "ods") {
            notes.push(format!("Tệp «{}» là bảng tính: chưa đưa vào tổng hợp, hãy xem riêng.", file.name));
            continue;
        }
        let Some(bytes) = &file.bytes else {
            notes.push(format!("Tệp «{}» chưa có trên máy này (chưa nhận được qua gói dữ liệu).", file.name));
            continue;
        };
        match report_text(bytes, &ext) {
            Ok(t) => {
                let word = bytes.starts_with(b"PK");
                pieces.extend(read_report(&t, closing_line(&t), !word).pieces);
                read.push(file.name.clone());
            }
            Err(e) => notes.push(format!("Tệp «{}» không đọc được: {e}", file.name)),
        }
    }
    pieces
}

fn status_words(o: &OfficeOutcome) -> String {
    match o.status {
        SubmissionStatus::OnTime => "Đúng hạn".into(),
        SubmissionStatus::Late => format!("Muộn {} ngày", o.days_late),
        SubmissionStatus::Missing => "Chưa gửi".into(),
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn piece_blocks(doc: &mut WordDocument, office: &str, pieces: &[Piece]) {
    let mut named = false;
    let name = || Run::new(format!("{office}: ")).bold();
    for piece in pieces {
        match piece {
            Piece::Text(t) => {
                let mut runs = Vec::new();
                if !named {
                    runs.push(name());
                    named = true;
                }
                runs.push(Run::new(t));
                doc.push(heading::body(runs));
            }
            Piece::Table(rows) => {
                if !named {
                    doc.push(heading::body(vec![name()]));
                    named = true;
                }
                let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
                let rows: Vec<Vec<Cell>> = rows
                    .iter()
                    .map(|r| {
                        (0..width)
                            .map(|k| Cell::new(vec![Paragraph::new(vec![Run::new(r.get(k).cloned().unwrap_or_default()).size(12.0)])]))
                            .collect()
                    })
                    .collect();
                doc.table(Table { widths: vec![1.0; width], rows, borders: true, header_row: true });
            }
        }
    }
}

/// Compiles the reports: the document and what became of each office.
pub fn compile(outline: &ReportOutline, top: &SynthesisHeading, reports: &[OfficeReport]) -> (WordDocument, Vec<OfficeOutcome>) {
    let mut outcomes = Vec::with_capacity(reports.len());
    let mut found_passages: Vec<Vec<Vec<Piece>>> = Vec::with_capacity(reports.len());
    for r in reports {
        let (status, days_late) = match r.submitted_on {
            None => (SubmissionStatus::Missing, 0),
            Some(s) if on_time(r.due_on, s) => (SubmissionStatus::OnTime, 0),
            Some(s) => (SubmissionStatus::Late, (s - r.due_on).num_days()),
        };
        let mut outcome = OfficeOutcome {
            office_name: r.office_name.clone(),
            status,
            submitted_on: r.submitted_on,
            days_late,
            files: Vec::new(),
            headings_found: 0,
            headings_missing: Vec::new(),
            notes: Vec::new(),
        };
        let mut passages_of = vec![Vec::new(); outline.headings.len()];
        if r.submitted_on.is_some() {
            if r.files.is_empty() {
                outcome.notes.push("Báo cáo không kèm tệp nào: chưa có nội dung để tổng hợp.".into());
            }
            let pieces = read_files(&r.files, &mut outcome.notes, &mut outcome.files);
            if !outcome.files.is_empty() {
                let report = ReadReport { pieces };
                let found = align(&outline.headings, &report);
                passages_of = passages(&outline.headings, &report, &found);
                for (h, f) in outline.headings.iter().zip(&found) {
                    match f {
                        Some(f) => {
                            outcome.headings_found += 1;
                            if f.by_number {
                                outcome.notes.push(format!("Đề mục «{}» được hiểu là «{}» (theo số thứ tự).", f.written, h.line()));
                            }
                        }
                        None => outcome.headings_missing.push(h.line()),
                    }
                }
            }
        }
        outcomes.push(outcome);
        found_passages.push(passages_of);
    }
    // Offices in Vietnamese order of their names.
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by(|a, b| compare_vi(&reports[*a].office_name, &reports[*b].office_name));

    let mut doc = WordDocument::new(format!("Tổng hợp {}", top.title));
    heading::top(
        &mut doc,
        &Top {
            style: if top.party { Style::Party } else { Style::State },
            parent: top.parent.clone(),
            office: top.office.clone(),
            number_line: String::new(),
            place_date: crate::pdf::place_date_line(&top.place, top.date),
            kind: "TỔNG HỢP BÁO CÁO".into(),
            title: top.title.clone(),
        },
    );
    let sent = outcomes.iter().filter(|o| o.status != SubmissionStatus::Missing).count();
    doc.push(heading::body(vec![Run::new(format!(
        "Có {sent}/{} đơn vị đã gửi báo cáo. Dưới mỗi đề mục của đề cương là nội dung từng đơn vị viết (tên đơn vị in đậm); cuối văn bản là bảng tình hình gửi báo cáo và các đơn vị, đề mục chưa đưa được vào tổng hợp.",
        reports.len()
    ))
    .italic()]));
    for (k, h) in outline.headings.iter().enumerate() {
        doc.push(heading::heading(h));
        let mut any = false;
        for &i in &order {
            let pieces = &found_passages[i][k];
            if !pieces.is_empty() {
                piece_blocks(&mut doc, &reports[i].office_name, pieces);
                any = true;
            }
        }
        let has_children = outline.headings.get(k + 1).is_some_and(|next| next.depth > h.depth);
        if !any && !has_children {
            doc.push(heading::body(vec![Run::new("(Không đơn vị nào viết ở đề mục này.)").italic()]));
        }
    }

    // Who sent what when.
    doc.push(Paragraph::new(vec![Run::new("TÌNH HÌNH GỬI BÁO CÁO").bold()]).align(Align::Center).spacing(12.0, 6.0).keep_next());
    let mut rows = vec![["STT", "Đơn vị", "Hạn", "Ngày gửi", "Tình trạng", "Tệp báo cáo"].map(Cell::text).to_vec()];
    for (n, &i) in order.iter().enumerate() {
        let o = &outcomes[i];
        let r = &reports[i];
        let files = r.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join("; ");
        rows.push(vec![
            Cell::text((n + 1).to_string()),
            Cell::text(&o.office_name),
            Cell::text(date(r.due_on)),
            Cell::text(o.submitted_on.map(date).unwrap_or_default()),
            Cell::text(status_words(o)),
            Cell::text(files),
        ]);
    }
    for row in rows.iter_mut() {
        for cell in row.iter_mut() {
            for p in &mut cell.paragraphs {
                for run in &mut p.runs {
                    run.size = Some(11.0);
                }
            }
        }
    }
    doc.table(Table { widths: vec![0.75, 3.0, 1.45, 1.45, 1.35, 2.0], rows, borders: true, header_row: true });

    // What is not in the synthesis, and why.
    doc.push(Paragraph::new(vec![Run::new("ĐƠN VỊ, ĐỀ MỤC CHƯA ĐƯA ĐƯỢC VÀO TỔNG HỢP").bold()]).align(Align::Center).spacing(12.0, 6.0).keep_next());
    let mut lines = Vec::new();
    for &i in &order {
        let o = &outcomes[i];
        if o.status == SubmissionStatus::Missing {
            lines.push(format!("{}: chưa gửi báo cáo (hạn {}).", o.office_name, date(reports[i].due_on)));
            continue;
        }
        for note in &o.notes {
            lines.push(format!("{}: {note}", o.office_name));
        }
        if !o.files.is_empty() && !o.headings_missing.is_empty() {
            lines.push(format!(
                "{}: không tìm thấy đề mục {} trong báo cáo; nội dung (nếu có) nằm ở đề mục đứng trước.",
                o.office_name,
                o.headings_missing.iter().map(|h| format!("«{h}»")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if lines.is_empty() {
        lines.push("Tất cả các đơn vị đã gửi báo cáo, đủ các đề mục của đề cương.".into());
    }
    for line in lines {
        doc.push(heading::body(vec![Run::new(format!("- {line}"))]));
    }
    (doc, outcomes)
}

impl Store {
    /// The synthesis of the reports sent for one deadline by the offices below this one.
    pub fn compile_reports(&self, request: &SynthesisRequest, today: NaiveDate) -> Result<(WordDocument, SynthesisOutcome)> {
        let own = self.require_own_office()?;
        let tree = self.office_tree()?;
        let (_, task, rule_deleted, _) =
            store::tasks::rule_with_task(&self.conn, &request.rule_id.to_string())?.ok_or(Error::NotFound { what: "hạn", id: request.rule_id.to_string() })?;
        if rule_deleted {
            return Err(Error::invalid("Hạn này đã bị bỏ khỏi kế hoạch."));
        }
        let task: TaskId = task.parse().map_err(|_| Error::invalid("Mã nhiệm vụ không hợp lệ."))?;
        let items: Vec<_> = self
            .deadline_items(&DeadlineQuery { task_id: Some(task), ..DeadlineQuery::default() }, today)?
            .into_iter()
            .filter(|i| i.rule_id == request.rule_id && i.period == request.period && i.office_id != own.id && tree.within(i.office_id, own.id))
            .collect();
        let Some(first) = items.first() else {
            return Err(Error::invalid(format!(
                "Không có đơn vị cấp dưới nào phải gửi báo cáo cho hạn này trong kỳ «{}».",
                if request.period == "once" { "một lần".to_string() } else { period_words(&request.period) }
            )));
        };
        let plan = self.get_document(first.document_id)?;
        let plan_owner = self.get_office(plan.owner_office_id)?;
        let given = store::tasks::rule_outline(&self.conn, request.rule_id)?;
        let outline_from_plan = given.is_some();
        let outline = given.unwrap_or_else(ReportOutline::standard);
        let mut reports = Vec::with_capacity(items.len());
        for item in &items {
            let mut files = Vec::new();
            if let Some(id) = item.report_id {
                for f in self.get_report(id)?.files {
                    let bytes = self.stored_file_path(&f.sha256).ok().and_then(|p| std::fs::read(p).ok());
                    files.push(ReportFile { name: f.file_name, bytes });
                }
            }
            reports.push(OfficeReport { office_name: item.office_name.clone(), due_on: item.due_on, submitted_on: item.submitted_on, files });
        }
        let parent = own.parent_id.map(|id| self.get_office(id)).transpose()?;
        let period = period_words(&request.period);
        let plan_cited = cited(plan.kind.info().name, &plan.number, &plan.symbol, plan.number_style, plan.issued_on);
        let mut title = format!("{} của các đơn vị theo {plan_cited} của {}", first.label, plan_owner.name);
        if !period.is_empty() {
            title.push_str(&format!(" ({period})"));
        }
        let top = SynthesisHeading {
            parent: parent.map(|p| p.name.to_uppercase()).unwrap_or_default(),
            office: own.name.to_uppercase(),
            place: place_of(&own.name),
            date: today,
            title,
            party: party_office(&own.name),
        };
        let (doc, offices) = compile(&outline, &top, &reports);
        Ok((doc, SynthesisOutcome { path: String::new(), outline_from_plan, headings: outline.headings.len(), offices }))
    }

    /// [`Store::compile_reports`] written to `path` as a `.docx`.
    pub fn save_compiled_reports(&self, request: &SynthesisRequest, today: NaiveDate, path: &Path) -> Result<SynthesisOutcome> {
        let (doc, mut outcome) = self.compile_reports(request, today)?;
        std::fs::write(path, write_docx(&doc)?).map_err(|e| Error::io(path, e))?;
        outcome.path = path.display().to_string();
        Ok(outcome)
    }

    /// The deadline a synthesis is about, from one of its instances (any office's).
    pub fn synthesis_request_of(&self, instance: InstanceId, today: NaiveDate) -> Result<SynthesisRequest> {
        let item = self.deadline_item(instance, today)?;
        Ok(SynthesisRequest { rule_id: item.rule_id, period: item.period })
    }
}
