//! The deadline checklists offices print (In danh sách) or export to Excel: our deadlines in a
//! period, one plan's tasks and deadlines, what each sub-office still owes us, and the province's
//! matrix. This module turns store data into a [`Checklist`] table model; `pdf` lays it out as an
//! A4 PDF and `workbook` writes it as an .xlsx workbook, so both carry the same columns.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::deadlines::{DeadlineItem, DeadlineQuery, DeadlineStatus};
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};

use crate::ids::{DocumentId, OfficeId, TaskId};
use crate::plans::Assignee;
use crate::model::table::{Align, Cell, Checklist, Column, ColumnWidth, Group, LegendEntry, Orientation, Signature};
use crate::pdf::render_pdf;
use crate::store::Store;
use crate::text::fold;
use crate::tracking::{MatrixQuery, Rates};
use crate::wording::STATUSES;

mod tables;

pub use tables::{MAX_EXPORTED_DEADLINES, TableRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ChecklistKind {
    /// An office's deadlines in a period, overdue first, then by due date.
    Office,
    /// One plan's tasks and deadlines.
    Plan,
    /// What each sub-office still owes us, a page each to hand out.
    SubOffices,
    /// Offices × deadlines with status marks (landscape when wide).
    Matrix,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChecklistRequest {
    pub kind: ChecklistKind,
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// The office (for `office`; our own by default) or the root (for `subOffices` and `matrix`).
    #[serde(default)]
    pub office_id: Option<OfficeId>,
    /// The plan (required for `plan`; narrows `matrix`).
    #[serde(default)]
    pub document_id: Option<DocumentId>,
    /// Name under "NGƯỜI LẬP"; left blank to sign by hand.
    #[serde(default)]
    pub prepared_by: String,
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// The place in "Lai Châu, ngày …": the office name without its union and level words.
pub fn place_of(office_name: &str) -> String {
    let mut rest = office_name.trim();
    for prefix in ["Hội LHPN", "Hội Liên hiệp Phụ nữ", "Ban Thường vụ"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim();
        }
    }
    let folded = fold(rest);
    for level in ["tinh ", "thanh pho ", "huyen ", "thi xa ", "quan ", "xa ", "phuong ", "thi tran "] {
        if folded.starts_with(level) {
            return rest.chars().skip(level.chars().count()).collect::<String>().trim().to_string();
        }
    }
    rest.to_string()
}

/// The status as the office printing the list says it: a sub-office's report we received is
/// "Đã nhận" (the sub-office itself would say "Cấp trên đã nhận").
fn status_cell(item: &DeadlineItem, own: OfficeId) -> Cell {
    let label = if item.status == DeadlineStatus::Received && item.office_id != own { "Đã nhận" } else { item.status.label() };
    Cell::status(label, item.status.tone())
}

/// What each colour of a status cell means, every status in the order the screen lists them.
fn status_legend() -> Vec<LegendEntry> {
    STATUSES.iter().map(|s| LegendEntry { tone: s.tone(), label: s.label().to_string() }).collect()
}

fn document_cell(item: &DeadlineItem) -> Cell {
    let number = if item.document_number_line.is_empty() { "(chưa có số)".to_string() } else { item.document_number_line.clone() };
    Cell::text(format!("{number}\n{}", item.document_title))
}

fn note(item: &DeadlineItem) -> String {
    let mut parts = Vec::new();
    if let Some(reason) = &item.non_working_reason {
        parts.push(format!("Rơi vào ngày nghỉ ({reason})"));
    }
    if let Some(upper) = item.upper_due_on {
        parts.push(format!("Hạn cấp trên {}", date(upper)));
    }
    if let Some(submitted) = item.submitted_on {
        parts.push(format!("Đã nộp {}", date(submitted)));
    }
    parts.join("; ")
}

/// Columns of the lists of deadlines (ours, or a sub-office's).
fn deadline_columns() -> Vec<Column> {
    vec![
        Column::new("STT", ColumnWidth::Mm(10.0), Align::Center),
        Column::new("Nội dung", ColumnWidth::Fraction(2.2), Align::Left),
        Column::new("Văn bản (số/ký hiệu)", ColumnWidth::Fraction(1.6), Align::Left),
        Column::new("Hạn", ColumnWidth::Mm(22.0), Align::Center),
        Column::new("Tình trạng", ColumnWidth::Mm(24.0), Align::Center),
        Column::new("Xong", ColumnWidth::Mm(11.0), Align::Center),
        Column::new("Ghi chú", ColumnWidth::Fraction(1.0), Align::Left),
    ]
}

/// The roles inside an office that tasks name ("Phó Chủ tịch Thường trực"), by task and office:
/// a checklist for the office's own staff says who does each thing.
type Roles = HashMap<(TaskId, OfficeId), String>;

fn roles_of(store: &Store, items: &[DeadlineItem]) -> Result<Roles> {
    let mut out = Roles::new();
    let mut seen = HashSet::new();
    for item in items {
        if !seen.insert(item.task_id) {
            continue;
        }
        let task = store.get_task(item.task_id)?;
        let mut by_office: HashMap<OfficeId, Vec<&str>> = HashMap::new();
        for a in &task.assignees {
            if let Assignee::Role { office_id, role } = a {
                by_office.entry(*office_id).or_default().push(role);
            }
        }
        for (office, roles) in by_office {
            out.insert((task.id, office), roles.join(", "));
        }
    }
    Ok(out)
}

/// What is due, with the role that does it when the task names one.
fn label_with_role(item: &DeadlineItem, roles: &Roles) -> String {
    match roles.get(&(item.task_id, item.office_id)) {
        Some(role) => format!("{}\n(Thực hiện: {role})", item.label),
        None => item.label.clone(),
    }
}

/// Row `n` of a list of deadlines, in [`deadline_columns`].
fn deadline_row(n: usize, item: &DeadlineItem, own: OfficeId, roles: &Roles) -> Vec<Cell> {
    vec![
        Cell::Count { value: n as u32 },
        Cell::text(label_with_role(item, roles)),
        document_cell(item),
        Cell::Date { date: item.due_on },
        status_cell(item, own),
        Cell::Checkbox,
        Cell::text(note(item)),
    ]
}

/// Overdue first, then one group a due date.
fn by_due_date(items: Vec<DeadlineItem>, row: impl Fn(usize, &DeadlineItem) -> Vec<Cell>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let (overdue, rest): (Vec<_>, Vec<_>) = items.into_iter().partition(|i| i.status == DeadlineStatus::Overdue);
    let mut n = 0;
    if !overdue.is_empty() {
        let rows = overdue.iter().map(|i| {
            n += 1;
            row(n, i)
        });
        groups.push(Group { heading: Some("Quá hạn".into()), rows: rows.collect() });
    }
    for item in rest {
        let heading = format!("{}, {}", weekday(item.due_on), date(item.due_on));
        n += 1;
        let cells = row(n, &item);
        match groups.last_mut() {
            Some(g) if g.heading.as_deref() == Some(heading.as_str()) => g.rows.push(cells),
            _ => groups.push(Group { heading: Some(heading), rows: vec![cells] }),
        }
    }
    groups
}

impl Store {
    /// A checklist with our letterhead, dated `today`, signed by `prepared_by` (blank to sign by
    /// hand), without a title or a table yet.
    fn letterhead(&self, prepared_by: &str, today: NaiveDate) -> Result<Checklist> {
        let own = self.require_own_office()?;
        let parent = own.parent_id.map(|id| self.get_office(id)).transpose()?;
        Ok(Checklist {
            parent_issuer: parent.map(|p| p.name.to_uppercase()),
            issuer: own.name.to_uppercase(),
            place: place_of(&own.name),
            date: today,
            title: String::new(),
            short_title: String::new(),
            subtitle: None,
            orientation: Orientation::Portrait,
            columns: Vec::new(),
            groups: Vec::new(),
            page_break_between_groups: false,
            group_column: None,
            key_columns: 0,
            legend: status_legend(),
            signature: Some(Signature { title: "NGƯỜI LẬP".into(), name: prepared_by.trim().to_string() }),
            footnote: None,
        })
    }

    /// The checklist for `request` as of `today`.
    pub fn checklist(&self, request: &ChecklistRequest, today: NaiveDate) -> Result<Checklist> {
        if request.from > request.to {
            return Err(Error::invalid("Ngày bắt đầu phải trước ngày kết thúc."));
        }
        let own = self.require_own_office()?;
        let office = match request.office_id {
            Some(id) => self.get_office(id)?,
            None => own.clone(),
        };
        let period = format!("Từ ngày {} đến ngày {}", date(request.from), date(request.to));
        let mut checklist = self.letterhead(&request.prepared_by, today)?;
        let col = |h: &str, w: ColumnWidth, a: Align| Column::new(h, w, a);
        let open_or_in_period = |offices: Vec<OfficeId>| -> Result<Vec<DeadlineItem>> {
            // Everything due in the period, and whatever is still open from before it.
            let mut items = self.deadline_items(
                &DeadlineQuery { office_ids: Some(offices.clone()), due_to: request.from.pred_opt(), open_only: true, ..Default::default() },
                today,
            )?;
            items.extend(self.deadline_items(
                &DeadlineQuery {
                    office_ids: Some(offices),
                    due_from: Some(request.from),
                    due_to: Some(request.to),
                    document_id: request.document_id,
                    ..Default::default()
                },
                today,
            )?);
            Ok(items)
        };
        match request.kind {
            ChecklistKind::Office => {
                checklist.title = "DANH SÁCH HẠN BÁO CÁO".into();
                checklist.short_title = "Hạn báo cáo".into();
                checklist.subtitle = Some(if office.id == own.id { period } else { format!("{}\n{period}", office.name) });
                checklist.columns = deadline_columns();
                let items = open_or_in_period(vec![office.id])?;
                let roles = roles_of(self, &items)?;
                checklist.groups = by_due_date(items, |n, i| deadline_row(n, i, own.id, &roles));
            }
            ChecklistKind::SubOffices => {
                checklist.title = "DANH SÁCH BÁO CÁO ĐƠN VỊ CÒN PHẢI NỘP".into();
                checklist.short_title = "Đơn vị còn phải nộp".into();
                checklist.group_column = Some("Đơn vị".into());
                checklist.subtitle = Some(format!("Hạn đến ngày {}", date(request.to)));
                checklist.page_break_between_groups = true;
                checklist.columns = deadline_columns();
                for sub in self.list_offices()?.into_iter().filter(|o| o.parent_id == Some(office.id)) {
                    let mut items = open_or_in_period(vec![sub.id])?;
                    items.retain(|i| i.submitted_on.is_none());
                    if items.is_empty() {
                        continue;
                    }
                    let roles = roles_of(self, &items)?;
                    let rows = items
                        .iter()
                        .enumerate()
                        .map(|(n, i)| deadline_row(n + 1, i, own.id, &roles))
                        .collect();
                    checklist.groups.push(Group { heading: Some(sub.name.clone()), rows });
                }
            }
            ChecklistKind::Plan => {
                let Some(document_id) = request.document_id else {
                    return Err(Error::invalid("Hãy chọn kế hoạch cần in."));
                };
                let document = self.get_document(document_id)?;
                checklist.title = "DANH SÁCH NHIỆM VỤ VÀ HẠN BÁO CÁO".into();
                checklist.short_title = "Nhiệm vụ và hạn".into();
                checklist.group_column = Some("Nhiệm vụ".into());
                let number = document.number_line.trim_start_matches("Số:").trim_start_matches("Số").trim();
                let mut heading = document.kind.info().name.to_string();
                if !number.is_empty() {
                    heading.push_str(&format!(" số {number}"));
                }
                if let Some(issued) = document.issued_on {
                    heading.push_str(&format!(" ngày {}", date(issued)));
                }
                checklist.subtitle = Some(format!("{heading}\n{}", document.title));
                checklist.columns = vec![
                    col("STT", ColumnWidth::Mm(10.0), Align::Center),
                    col("Đơn vị thực hiện", ColumnWidth::Fraction(1.6), Align::Left),
                    col("Nội dung", ColumnWidth::Fraction(2.0), Align::Left),
                    col("Hạn", ColumnWidth::Mm(22.0), Align::Center),
                    col("Tình trạng", ColumnWidth::Mm(24.0), Align::Center),
                    col("Xong", ColumnWidth::Mm(11.0), Align::Center),
                ];
                for task in self.tasks_of_document(document_id)? {
                    let items = self.deadline_items(
                        &DeadlineQuery {
                            task_id: Some(task.id),
                            due_from: Some(request.from),
                            due_to: Some(request.to),
                            ..Default::default()
                        },
                        today,
                    )?;
                    let roles = roles_of(self, &items)?;
                    let rows = items
                        .iter()
                        .enumerate()
                        .map(|(n, i)| {
                            vec![
                                Cell::Count { value: (n + 1) as u32 },
                                Cell::text(match roles.get(&(i.task_id, i.office_id)) {
                                    Some(role) => format!("{role}\n({})", i.office_name),
                                    None => i.office_name.clone(),
                                }),
                                Cell::text(i.label.clone()),
                                Cell::Date { date: i.due_on },
                                status_cell(i, own.id),
                                Cell::Checkbox,
                            ]
                        })
                        .collect::<Vec<_>>();
                    let heading = if task.description.is_empty() { task.title.clone() } else { format!("{}: {}", task.title, task.description) };
                    checklist.groups.push(Group { heading: Some(heading), rows });
                }
                checklist.groups.retain(|g| !g.rows.is_empty());
            }
            ChecklistKind::Matrix => {
                let query = MatrixQuery {
                    document_id: request.document_id,
                    due_from: Some(request.from),
                    due_to: Some(request.to),
                    level: None,
                    office_id: Some(office.id),
                };
                self.fill_matrix(&mut checklist, &query, today)?;
                checklist.subtitle = Some(period);
            }
        }
        if checklist.groups.is_empty() {
            checklist.groups.push(Group { heading: None, rows: Vec::new() });
            checklist.footnote = Some("Không có hạn báo cáo nào trong khoảng thời gian đã chọn.".into());
        }
        Ok(checklist)
    }

    /// The matrix of offices × deadlines of `query` as a table (the tracking screen's, for
    /// printing and for Excel), as of `today`.
    pub fn matrix_checklist(&self, query: &MatrixQuery, today: NaiveDate) -> Result<Checklist> {
        if let (Some(from), Some(to)) = (query.due_from, query.due_to)
            && from > to
        {
            return Err(Error::invalid("Ngày bắt đầu phải trước ngày kết thúc."));
        }
        let period = match (query.due_from, query.due_to) {
            (Some(from), Some(to)) => format!("Từ ngày {} đến ngày {}", date(from), date(to)),
            (Some(from), None) => format!("Các hạn từ ngày {}", date(from)),
            (None, Some(to)) => format!("Các hạn đến ngày {}", date(to)),
            (None, None) => "Tất cả các hạn".to_string(),
        };
        let mut checklist = self.letterhead("", today)?;
        self.fill_matrix(&mut checklist, query, today)?;
        checklist.subtitle = Some(period);
        if checklist.groups.iter().all(|g| g.rows.is_empty()) {
            checklist.footnote = Some("Không có hạn báo cáo nào trong phạm vi đã chọn.".into());
        }
        Ok(checklist)
    }

    /// Offices × deadlines with status marks, the counts behind the rates and the rates.
    fn fill_matrix(&self, checklist: &mut Checklist, query: &MatrixQuery, today: NaiveDate) -> Result<()> {
        let matrix = self.matrix(query, today)?;
        let col = |h: &str, w: ColumnWidth, a: Align| Column::new(h, w, a);
        checklist.title = "TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ".into();
        checklist.short_title = "Bảng theo dõi".into();
        checklist.key_columns = 2;
        // Beyond two deadlines (beside the counts and rates) the columns get too narrow for a
        // date on portrait A4.
        checklist.orientation = if matrix.columns.len() > 2 { Orientation::Landscape } else { Orientation::Portrait };
        checklist.columns = vec![col("STT", ColumnWidth::Mm(10.0), Align::Center), col("Đơn vị", ColumnWidth::Fraction(2.4), Align::Left)];
        for c in &matrix.columns {
            checklist.columns.push(col(&format!("{}\nhạn {}", c.label, date(c.due_on)), ColumnWidth::Fraction(1.0), Align::Center));
        }
        checklist.columns.extend([
            col("Đã nộp", ColumnWidth::Mm(13.0), Align::Center),
            col("Phải nộp", ColumnWidth::Mm(13.0), Align::Center),
            col("Tỷ lệ nộp", ColumnWidth::Mm(15.0), Align::Center),
            col("Đúng hạn", ColumnWidth::Mm(15.0), Align::Center),
        ]);
        let mark = |s: DeadlineStatus| match s {
            DeadlineStatus::SubmittedOnTime => "Đúng hạn",
            DeadlineStatus::SubmittedLate => "Muộn",
            DeadlineStatus::Received => "Đã nhận",
            DeadlineStatus::Overdue => "Quá hạn",
            DeadlineStatus::DueSoon | DeadlineStatus::NotYetDue => "—",
        };
        let rate = |r: Rates| match r.reporting_rate() {
            Some(p) => format!("{p:.0}% ({}/{})", r.received, r.expected),
            None => "—".into(),
        };
        let rows = matrix
            .rows
            .iter()
            .enumerate()
            .map(|(n, row)| {
                let mut cells = vec![Cell::Count { value: (n + 1) as u32 }, Cell::text(row.office.name.clone())];
                for cell in &row.cells {
                    cells.push(match cell {
                        Some(c) => Cell::status(mark(c.status), c.status.tone()),
                        None => Cell::text(""),
                    });
                }
                let r = row.rates;
                cells.extend([
                    Cell::Count { value: r.received },
                    Cell::Count { value: r.expected },
                    Cell::Rate { part: r.received, whole: r.expected },
                    Cell::Rate { part: r.on_time, whole: r.expected },
                ]);
                cells
            })
            .collect();
        checklist.groups = vec![Group { heading: None, rows }];
        checklist.legend = status_legend();
        checklist.footnote = Some(format!(
            "Tỷ lệ nộp = số báo cáo đã nộp / số báo cáo đã đến hạn; đúng hạn = số nộp không muộn hơn hạn / số đã đến hạn. Toàn bộ: {}. «—»: chưa đến hạn; ô trống: hạn không áp dụng cho đơn vị.",
            rate(matrix.totals)
        ));
        Ok(())
    }

    /// The checklist as an A4 PDF.
    pub fn checklist_pdf(&self, request: &ChecklistRequest, today: NaiveDate) -> Result<Vec<u8>> {
        render_pdf(&self.checklist(request, today)?)
    }

    /// The checklist as an .xlsx workbook.
    pub fn checklist_xlsx(&self, request: &ChecklistRequest, today: NaiveDate) -> Result<Vec<u8>> {
        crate::workbook::render_xlsx(&self.checklist(request, today)?)
    }

    /// Writes the checklist's workbook to `path` (through a temporary file and a rename).
    pub fn save_checklist_xlsx(&self, request: &ChecklistRequest, today: NaiveDate, path: &std::path::Path) -> Result<()> {
        crate::workbook::save_xlsx(&self.checklist(request, today)?, path)
    }

    /// Writes the checklist's PDF to `path` (a temporary file beside it, then a rename, so a
    /// pulled-out stick never holds half a PDF under the real name).
    pub fn save_checklist_pdf(&self, request: &ChecklistRequest, today: NaiveDate, path: &std::path::Path) -> Result<()> {
        let pdf = self.checklist_pdf(request, today)?;
        let temp = path.with_extension("pdf.dang-ghi");
        std::fs::write(&temp, pdf).map_err(|e| Error::io(&temp, e))?;
        std::fs::rename(&temp, path).map_err(|e| Error::io(path, e))
    }
}

#[cfg(test)]
mod tests;
