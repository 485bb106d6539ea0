//! The tables of the screens as the same table model the checklists use, so each screen's table
//! can be exported to Excel: a checklist of In danh sách, the matrix of Theo dõi các đơn vị with
//! its filters, the deadline list of Danh sách hạn with its filters, the document list.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ChecklistRequest, date, document_cell, note, status_cell};
use crate::deadlines::DeadlineQuery;
use crate::documents::DocumentOrder;
use crate::error::Result;
use crate::model::table::{Align, Cell, Checklist, Column, ColumnWidth, Group, Orientation};
use crate::store::Store;
use crate::tracking::MatrixQuery;

/// Most rows of an exported deadline list (far fewer than Excel's 1,048,576).
pub const MAX_EXPORTED_DEADLINES: u32 = 100_000;

/// Which screen's table to export, with that screen's filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum TableRequest {
    /// A checklist of In danh sách.
    Checklist { request: ChecklistRequest },
    /// The matrix of Theo dõi các đơn vị.
    Matrix { query: MatrixQuery },
    /// The deadline list of Danh sách hạn (its `limit` is ignored: every matching deadline).
    Deadlines { query: DeadlineQuery },
    /// The document list, in the screen's order.
    Documents { order: DocumentOrder },
    /// The reporting rates by month under the matrix, with the matrix's filters.
    Rates { query: MatrixQuery },
}

impl TableRequest {
    /// The file name offered in the save dialog, without the extension.
    pub fn file_stem(&self, today: NaiveDate) -> String {
        let name = match self {
            TableRequest::Checklist { .. } => "Danh-sach-han-bao-cao",
            TableRequest::Matrix { .. } => "Bang-theo-doi",
            TableRequest::Deadlines { .. } => "Han-bao-cao",
            TableRequest::Documents { .. } => "Van-ban",
            TableRequest::Rates { .. } => "Ti-le-nop-theo-thang",
        };
        format!("{name}-{}", today.format("%Y-%m-%d"))
    }
}

impl Store {
    /// The table `request` names, as of `today`.
    pub fn table(&self, request: &TableRequest, today: NaiveDate) -> Result<Checklist> {
        match request {
            TableRequest::Checklist { request } => self.checklist(request, today),
            TableRequest::Matrix { query } => self.matrix_checklist(query, today),
            TableRequest::Deadlines { query } => self.deadline_list_checklist(query, today),
            TableRequest::Documents { order } => self.document_list_checklist(*order, today),
            TableRequest::Rates { query } => self.rates_checklist(query, today),
        }
    }

    /// The reporting rates by month (by due month), as the chart under the matrix shows them.
    pub fn rates_checklist(&self, query: &MatrixQuery, today: NaiveDate) -> Result<Checklist> {
        let months = self.rates_by_month(query, today)?;
        let mut checklist = self.letterhead("", today)?;
        checklist.title = "TỈ LỆ NỘP BÁO CÁO THEO THÁNG".into();
        checklist.short_title = "Tỉ lệ nộp theo tháng".into();
        checklist.legend = Vec::new();
        checklist.key_columns = 1;
        let col = |h: &str, w: ColumnWidth, a: Align| Column::new(h, w, a);
        checklist.columns = vec![
            col("Tháng (theo hạn nộp)", ColumnWidth::Mm(34.0), Align::Center),
            col("Phải nộp", ColumnWidth::Mm(24.0), Align::Right),
            col("Đã nộp", ColumnWidth::Mm(24.0), Align::Right),
            col("Nộp đúng hạn", ColumnWidth::Mm(28.0), Align::Right),
            col("Tỉ lệ nộp", ColumnWidth::Fraction(1.0), Align::Right),
            col("Tỉ lệ đúng hạn", ColumnWidth::Fraction(1.0), Align::Right),
        ];
        let rows = months
            .iter()
            .map(|m| {
                let shown = m.period.split_once('-').map_or_else(|| m.period.clone(), |(y, mo)| format!("{mo}/{y}"));
                vec![
                    Cell::text(shown),
                    Cell::Count { value: m.rates.expected },
                    Cell::Count { value: m.rates.received },
                    Cell::Count { value: m.rates.on_time },
                    Cell::Rate { part: m.rates.received, whole: m.rates.expected },
                    Cell::Rate { part: m.rates.on_time, whole: m.rates.expected },
                ]
            })
            .collect::<Vec<_>>();
        if rows.is_empty() {
            checklist.footnote = Some("Chưa có hạn nào đến ngày hoặc đã nộp trong phạm vi này.".into());
        }
        checklist.groups = vec![Group { heading: None, rows }];
        Ok(checklist)
    }

    /// Writes the table as an Excel workbook to `path` (through a temporary file and a rename).
    pub fn save_table_xlsx(&self, request: &TableRequest, today: NaiveDate, path: &std::path::Path) -> Result<()> {
        crate::workbook::save_xlsx(&self.table(request, today)?, path)
    }

    /// Every deadline of `query`, soonest first, as the deadline list shows them, with the dates
    /// of the report.
    pub fn deadline_list_checklist(&self, query: &DeadlineQuery, today: NaiveDate) -> Result<Checklist> {
        let own = self.require_own_office()?;
        let query = DeadlineQuery { limit: Some(MAX_EXPORTED_DEADLINES), ..query.clone() };
        let items = self.deadline_items(&query, today)?;
        let mut checklist = self.letterhead("", today)?;
        checklist.title = "DANH SÁCH HẠN BÁO CÁO".into();
        checklist.short_title = "Hạn báo cáo".into();
        checklist.orientation = Orientation::Landscape;
        checklist.subtitle = match (query.due_from, query.due_to) {
            (Some(from), Some(to)) => Some(format!("Hạn từ ngày {} đến ngày {}", date(from), date(to))),
            (Some(from), None) => Some(format!("Hạn từ ngày {}", date(from))),
            (None, Some(to)) => Some(format!("Hạn đến ngày {}", date(to))),
            (None, None) => None,
        };
        checklist.key_columns = 2;
        let col = |h: &str, w: ColumnWidth, a: Align| Column::new(h, w, a);
        checklist.columns = vec![
            col("STT", ColumnWidth::Mm(10.0), Align::Center),
            col("Hạn nộp", ColumnWidth::Mm(22.0), Align::Center),
            col("Nội dung", ColumnWidth::Fraction(2.0), Align::Left),
            col("Đơn vị", ColumnWidth::Fraction(1.3), Align::Left),
            col("Kế hoạch", ColumnWidth::Fraction(1.8), Align::Left),
            col("Tình trạng", ColumnWidth::Mm(24.0), Align::Center),
            col("Ngày nộp", ColumnWidth::Mm(22.0), Align::Center),
            col("Ngày nhận", ColumnWidth::Mm(22.0), Align::Center),
            col("Ghi chú", ColumnWidth::Fraction(1.0), Align::Left),
        ];
        let day = |d: Option<NaiveDate>| d.map_or_else(|| Cell::text(""), |date| Cell::Date { date });
        let rows = items
            .iter()
            .enumerate()
            .map(|(n, item)| {
                vec![
                    Cell::Count { value: (n + 1) as u32 },
                    Cell::Date { date: item.due_on },
                    Cell::text(item.label.clone()),
                    Cell::text(item.office_name.clone()),
                    document_cell(item),
                    status_cell(item, own.id),
                    day(item.submitted_on),
                    day(item.received_on),
                    Cell::text(note(item)),
                ]
            })
            .collect::<Vec<_>>();
        if rows.is_empty() {
            checklist.footnote = Some("Không có hạn báo cáo nào khớp bộ lọc.".into());
        } else if rows.len() as u32 >= MAX_EXPORTED_DEADLINES {
            checklist.footnote = Some(format!("Chỉ có {MAX_EXPORTED_DEADLINES} hạn đầu tiên; hãy thu hẹp bộ lọc."));
        }
        checklist.groups = vec![Group { heading: None, rows }];
        Ok(checklist)
    }

    /// Every document, in `order`, as the document list shows them.
    pub fn document_list_checklist(&self, order: DocumentOrder, today: NaiveDate) -> Result<Checklist> {
        let documents = self.list_documents(order)?;
        let mut checklist = self.letterhead("", today)?;
        checklist.title = "DANH SÁCH VĂN BẢN".into();
        checklist.short_title = "Văn bản".into();
        checklist.orientation = Orientation::Landscape;
        checklist.legend = Vec::new();
        let col = |h: &str, w: ColumnWidth, a: Align| Column::new(h, w, a);
        checklist.columns = vec![
            col("STT", ColumnWidth::Mm(10.0), Align::Center),
            col("Loại", ColumnWidth::Mm(24.0), Align::Left),
            col("Số/ký hiệu", ColumnWidth::Mm(40.0), Align::Left),
            col("Ngày", ColumnWidth::Mm(22.0), Align::Center),
            col("Cơ quan ban hành", ColumnWidth::Fraction(1.2), Align::Left),
            col("Trích yếu", ColumnWidth::Fraction(2.5), Align::Left),
        ];
        let rows = documents
            .iter()
            .enumerate()
            .map(|(n, d)| {
                vec![
                    Cell::Count { value: (n + 1) as u32 },
                    Cell::text(d.kind.info().name),
                    Cell::text(d.number_line.clone()),
                    d.issued_on.map_or_else(|| Cell::text(""), |date| Cell::Date { date }),
                    Cell::text(d.issuer.clone()),
                    Cell::text(d.title.clone()),
                ]
            })
            .collect::<Vec<_>>();
        if rows.is_empty() {
            checklist.footnote = Some("Chưa có văn bản nào.".into());
        }
        checklist.groups = vec![Group { heading: None, rows }];
        Ok(checklist)
    }
}
