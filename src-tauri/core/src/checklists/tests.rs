use std::process::Command;

use super::*;
use crate::deadlines::RuleSpec;
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::reports::{Channel, ReportInput};
use crate::testing::{date, plan_document, province};

fn tracked() -> (tempfile::TempDir, Store, DocumentId) {
    let (dir, mut store) = province();
    let own = store.require_own_office().expect("own");
    let doc = store.create_document(&plan_document("Tháng hành động vì bình đẳng giới năm 2026")).expect("doc");
    let rule = |label: &str, due| DeadlineRuleInput {
        id: None,
        label: label.into(),
        spec: RuleSpec::Date { due },
        source_text: String::new(),
        change_note: String::new(),
    };
    store
        .add_task(
            doc.id,
            &TaskInput {
                title: "Báo cáo kết quả Tháng hành động".into(),
                description: String::new(),
                assignees: vec![Assignee::Office { office_id: own.id }, Assignee::Level { under: own.id, level: 2 }],
                report_to_office_id: None,
                deadlines: vec![rule("Báo cáo nhanh", date(2026, 11, 10)), rule("Báo cáo tổng kết", date(2026, 11, 30))],
            },
        )
        .expect("task");
    let tdg = store.office_by_code("TDG").expect("TDG").id;
    let item = store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![tdg]), ..Default::default() }, date(2026, 11, 25))
        .expect("items")[0]
        .clone();
    store
        .record_report(
            &ReportInput {
                instance_id: item.instance_id,
                submitted_on: date(2026, 11, 9),
                submitted_by: "Văn thư".into(),
                channel: Channel::Post,
                note: String::new(),
                received_on: Some(date(2026, 11, 12)),
            },
            date(2026, 11, 25),
        )
        .expect("report");
    (dir, store, doc.id)
}

fn request(kind: ChecklistKind) -> ChecklistRequest {
    ChecklistRequest {
        kind,
        from: date(2026, 11, 1),
        to: date(2026, 11, 30),
        office_id: None,
        document_id: None,
        prepared_by: "Nguyễn Thị Hoa".into(),
    }
}

/// The PDF's text as `pdftotext -layout` sees it; the PDF and its first page as PNG are kept in
/// `artifacts/print/` to look at.
fn pdf_text(name: &str, pdf: &[u8]) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/print");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    let _ = Command::new("pdftoppm").args(["-png", "-r", "60", "-f", "1", "-l", "2"]).arg(&path).arg(dir.join(name)).status();
    let out = Command::new("pdftotext").args(["-layout"]).arg(&path).arg("-").output().expect("pdftotext (poppler-utils) is installed by scripts/setup-debian.sh");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn in_order(text: &str, parts: &[&str]) {
    let mut at = 0;
    for part in parts {
        match text[at..].find(part) {
            Some(i) => at += i + part.len(),
            None => panic!("«{part}» missing or out of order in:\n{text}"),
        }
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn our_deadlines_overdue_first_then_by_date() {
    let (_dir, store, _) = tracked();
    let checklist = store.checklist(&request(ChecklistKind::Office), date(2026, 11, 25)).expect("checklist");
    assert_eq!(checklist.issuer, "HỘI LHPN TỈNH LAI CHÂU");
    assert_eq!(checklist.parent_issuer.as_deref(), Some("TRUNG ƯƠNG HỘI LHPN VIỆT NAM"));
    assert_eq!(checklist.place, "Lai Châu");
    let headings: Vec<_> = checklist.groups.iter().filter_map(|g| g.heading.clone()).collect();
    assert_eq!(headings, ["Quá hạn", "Thứ Hai, 30/11/2026"]);
    let text = pdf_text("han-cua-don-vi", &store.checklist_pdf(&request(ChecklistKind::Office), date(2026, 11, 25)).expect("pdf"));
    in_order(&text, &["HỘI LHPN TỈNH LAI CHÂU", "Lai Châu, ngày 25 tháng 11 năm 2026", "DANH SÁCH HẠN BÁO CÁO", "Quá hạn", "Báo cáo nhanh", "10/11/2026", "Quá hạn", "Báo cáo tổng kết", "30/11/2026", "NGƯỜI LẬP", "Nguyễn Thị Hoa"]);
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn each_sub_office_gets_its_own_page_of_what_it_still_owes() {
    let (_dir, store, _) = tracked();
    let checklist = store.checklist(&request(ChecklistKind::SubOffices), date(2026, 11, 25)).expect("checklist");
    let headings: Vec<_> = checklist.groups.iter().filter_map(|g| g.heading.clone()).collect();
    assert_eq!(headings, ["Hội LHPN huyện Phong Thổ", "Hội LHPN huyện Tam Đường"], "the ward owes nothing here");
    let tdg = &checklist.groups[1];
    assert_eq!(tdg.rows.len(), 1, "Tam Đường reported the first deadline; the final report remains");
    let text = pdf_text("con-phai-nop", &store.checklist_pdf(&request(ChecklistKind::SubOffices), date(2026, 11, 25)).expect("pdf"));
    in_order(&text, &["Hội LHPN huyện Phong Thổ", "Báo cáo nhanh", "Hội LHPN huyện Tam Đường", "Báo cáo tổng kết"]);
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn a_plan_lists_its_tasks_offices_and_dates() {
    let (_dir, store, doc) = tracked();
    let req = ChecklistRequest { document_id: Some(doc), ..request(ChecklistKind::Plan) };
    let text = pdf_text("ke-hoach", &store.checklist_pdf(&req, date(2026, 11, 25)).expect("pdf"));
    in_order(&text, &["DANH SÁCH NHIỆM VỤ VÀ HẠN BÁO CÁO", "Kế hoạch số 45/KH-HLHPN ngày 24/04/2024", "Báo cáo kết quả Tháng hành động", "Phong", "Báo cáo nhanh", "Đã nhận"]);
    assert!(store.checklist(&request(ChecklistKind::Plan), date(2026, 11, 25)).is_err(), "a plan must be chosen");
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn the_matrix_marks_every_office_and_deadline() {
    let (_dir, store, _) = tracked();
    let checklist = store.checklist(&request(ChecklistKind::Matrix), date(2026, 11, 25)).expect("checklist");
    assert_eq!(checklist.subtitle.as_deref(), Some("Từ ngày 01/11/2026 đến ngày 30/11/2026"));
    assert_eq!(checklist.columns.len(), 2 + 2 + 4, "STT, office, two deadlines, submitted, expected and the two rates");
    let text = pdf_text("ma-tran", &store.checklist_pdf(&request(ChecklistKind::Matrix), date(2026, 11, 25)).expect("pdf"));
    in_order(&text, &["TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ", "Hội LHPN tỉnh Lai Châu", "Quá hạn", "Hội LHPN huyện Tam", "Đã nhận", "100%"]);
}

#[test]
fn places_are_taken_from_office_names() {
    assert_eq!(place_of("Hội LHPN tỉnh Lai Châu"), "Lai Châu");
    assert_eq!(place_of("Hội LHPN huyện Tam Đường"), "Tam Đường");
    assert_eq!(place_of("Hội LHPN thành phố Lai Châu"), "Lai Châu");
    assert_eq!(place_of("Hội LHPN xã Bình Lư"), "Bình Lư");
    assert_eq!(place_of("Đà Nẵng"), "Đà Nẵng");
}

#[test]
fn every_kind_exports_the_same_table_to_excel() {
    use crate::workbook::tests::{ReadBack, assert_workbook_is};
    let (_dir, store, doc) = tracked();
    let today = date(2026, 11, 25);
    for kind in [ChecklistKind::Office, ChecklistKind::Plan, ChecklistKind::SubOffices, ChecklistKind::Matrix] {
        let req = ChecklistRequest { document_id: (kind == ChecklistKind::Plan).then_some(doc), ..request(kind) };
        let checklist = store.checklist(&req, today).expect("checklist");
        assert!(checklist.groups.iter().any(|g| !g.rows.is_empty()), "{kind:?} has rows");
        let bytes = store.checklist_xlsx(&req, today).expect("workbook");
        let header = assert_workbook_is(&checklist, &bytes);
        let back = ReadBack::of(&bytes);
        assert_eq!(back.sheet_names, std::slice::from_ref(&checklist.short_title));
        if kind == ChecklistKind::SubOffices {
            assert_eq!(back.text(header, 1), "Đơn vị", "the sub-office of each row is a column");
            assert_eq!(back.text(header + 1, 1), "Hội LHPN huyện Phong Thổ");
        }
        if kind == ChecklistKind::Office {
            assert_eq!(back.date(header + 1, 3), date(2026, 11, 10), "an Excel date");
            assert_eq!(back.text(header + 1, 4), "Quá hạn");
        }
    }
}

/// The matrix exported from the tracking screen: one row an office with the store's statuses,
/// counts and rates, as numbers.
#[test]
fn the_matrix_workbook_has_the_stores_offices_statuses_and_rates() {
    use crate::workbook::tests::{ReadBack, assert_workbook_is};
    let (_dir, store, _) = tracked();
    let today = date(2026, 11, 25);
    let query = MatrixQuery { due_from: Some(date(2026, 11, 1)), due_to: Some(date(2026, 11, 30)), ..Default::default() };
    let matrix = store.matrix(&query, today).expect("matrix");
    let checklist = store.matrix_checklist(&query, today).expect("table");
    assert_eq!(checklist.subtitle.as_deref(), Some("Từ ngày 01/11/2026 đến ngày 30/11/2026"));
    let bytes = crate::workbook::render_xlsx(&checklist).expect("workbook");
    let header = assert_workbook_is(&checklist, &bytes);
    let back = ReadBack::of(&bytes);
    let n = matrix.columns.len() as u32;
    assert_eq!(back.text(header, 2), "Báo cáo nhanh\nhạn 10/11/2026");
    assert_eq!((back.text(header, 2 + n), back.text(header, 5 + n)), ("Đã nộp".into(), "Đúng hạn".into()));
    assert_eq!(matrix.rows.len(), 3, "the province and its two districts; the ward has no deadline");
    for (i, row) in matrix.rows.iter().enumerate() {
        let r = header + 1 + i as u32;
        assert_eq!(back.text(r, 1), row.office.name);
        for (c, cell) in row.cells.iter().enumerate() {
            let shown = back.text(r, 2 + c as u32);
            match cell {
                Some(cell) if cell.status == DeadlineStatus::Overdue => assert_eq!(shown, "Quá hạn"),
                Some(cell) if cell.status == DeadlineStatus::Received => assert_eq!(shown, "Đã nhận"),
                Some(_) => assert!(!shown.is_empty()),
                None => assert_eq!(shown, ""),
            }
        }
        assert_eq!(back.number(r, 2 + n), f64::from(row.rates.received));
        assert_eq!(back.number(r, 3 + n), f64::from(row.rates.expected));
        match row.rates.reporting_rate() {
            Some(p) => assert!((back.number(r, 4 + n) * 100.0 - p).abs() < 1e-9),
            None => assert_eq!(back.text(r, 4 + n), "—"),
        }
    }
    let tdg = (0..3).map(|i| header + 1 + i).find(|r| back.text(*r, 1) == "Hội LHPN huyện Tam Đường").expect("Tam Đường");
    assert_eq!(back.number(tdg, 4 + n), 1.0, "Tam Đường reported the one deadline due: 100%");
    let whole = store.matrix_checklist(&MatrixQuery::default(), today).expect("no filter");
    assert_eq!(whole.subtitle.as_deref(), Some("Tất cả các hạn"));
}

/// Every table that can be exported, as LibreOffice shows it: the header row, each row's first
/// date as dd/mm/yyyy, rates as percentages.
#[test]
#[cfg_attr(windows, ignore = "converts with LibreOffice (soffice), a Linux program here; none in the Windows lane")]
fn libreoffice_reads_every_exported_workbook_as_it_was_made() {
    use crate::workbook::tests::{artifact, soffice_csvs};
    let (dir, store, doc) = tracked();
    let today = date(2026, 11, 25);
    let tables = [
        ("han-cua-don-vi", TableRequest::Checklist { request: request(ChecklistKind::Office) }),
        ("ke-hoach", TableRequest::Checklist { request: ChecklistRequest { document_id: Some(doc), ..request(ChecklistKind::Plan) } }),
        ("con-phai-nop", TableRequest::Checklist { request: request(ChecklistKind::SubOffices) }),
        ("ma-tran", TableRequest::Checklist { request: request(ChecklistKind::Matrix) }),
        ("bang-theo-doi", TableRequest::Matrix { query: MatrixQuery::default() }),
        ("danh-sach-han", TableRequest::Deadlines { query: DeadlineQuery::default() }),
        ("van-ban", TableRequest::Documents { order: crate::documents::DocumentOrder::Title }),
        ("ti-le", TableRequest::Rates { query: MatrixQuery::default() }),
    ];
    let mut paths = Vec::new();
    let mut checklists = Vec::new();
    for (name, table) in &tables {
        let checklist = store.table(table, today).expect("table");
        let bytes = crate::workbook::render_xlsx(&checklist).expect("workbook");
        artifact(&format!("{name}.xlsx"), &bytes);
        let path = dir.path().join(format!("{name}.xlsx"));
        std::fs::write(&path, &bytes).expect("write");
        paths.push(path);
        checklists.push(checklist);
    }
    for (((name, _), checklist), csv) in tables.iter().zip(&checklists).zip(soffice_csvs(&paths)) {
        let quoted = |h: &str| if h.contains('\n') || h.contains(',') { format!("\"{h}\"") } else { h.to_string() };
        let mut headers: Vec<String> = checklist.columns.iter().map(|c| quoted(&c.header)).collect();
        if checklist.group_column.is_some() && checklist.groups.iter().any(|g| g.heading.is_some()) {
            headers.insert(1, checklist.group_column.clone().unwrap_or_default());
        }
        assert!(csv.contains(&headers.join(",")), "{name}: no header row {:?} in\n{csv}", headers.join(","));
        let cells = || checklist.groups.iter().flat_map(|g| g.rows.iter().flatten());
        if let Some(Cell::Date { date }) = cells().find(|c| matches!(c, Cell::Date { .. })) {
            assert!(csv.contains(&format!(",{},", date.format("%d/%m/%Y"))), "{name}: {date} not shown dd/mm/yyyy in\n{csv}");
        }
        if let Some(rate @ Cell::Rate { whole, .. }) = cells().find(|c| matches!(c, Cell::Rate { whole, .. } if *whole > 0)) {
            assert!(*whole > 0 && csv.contains(&format!(",{},", rate.printed())), "{name}: {} not shown in\n{csv}", rate.printed());
        }
        assert!(csv.contains(&checklist.title), "{name}");
    }
}

/// The deadline list and the document list of their screens, as workbooks: every deadline the
/// store lists for the filter (past the screen's page size), with Excel dates; every document.
#[test]
fn the_deadline_and_document_lists_export_the_stores_rows() {
    use crate::workbook::tests::{ReadBack, assert_workbook_is};
    let (_dir, store, _) = tracked();
    let today = date(2026, 11, 25);
    let query = DeadlineQuery { due_from: Some(date(2026, 11, 1)), due_to: Some(date(2026, 11, 30)), limit: Some(1), ..Default::default() };
    let items = store.deadline_items(&DeadlineQuery { limit: None, ..query.clone() }, today).expect("items");
    assert!(items.len() > 1, "more than the screen's page of one");
    let table = TableRequest::Deadlines { query };
    let checklist = store.table(&table, today).expect("table");
    let bytes = crate::workbook::render_xlsx(&checklist).expect("workbook");
    let header = assert_workbook_is(&checklist, &bytes);
    let back = ReadBack::of(&bytes);
    for (i, item) in items.iter().enumerate() {
        let r = header + 1 + i as u32;
        assert_eq!(back.date(r, 1), item.due_on);
        assert_eq!(back.text(r, 2), item.label);
        assert_eq!(back.text(r, 3), item.office_name);
        if let Some(submitted) = item.submitted_on {
            assert_eq!(back.date(r, 6), submitted, "the submission date is a date");
        }
    }
    assert_eq!(back.text(header + 1 + items.len() as u32, 1), "", "no more rows than the store's");
    assert_eq!(table.file_stem(today), "Han-bao-cao-2026-11-25");

    let documents = store.list_documents(crate::documents::DocumentOrder::IssuedOn).expect("documents");
    let checklist = store.table(&TableRequest::Documents { order: crate::documents::DocumentOrder::IssuedOn }, today).expect("table");
    let bytes = crate::workbook::render_xlsx(&checklist).expect("workbook");
    let header = assert_workbook_is(&checklist, &bytes);
    let back = ReadBack::of(&bytes);
    assert_eq!(back.text(header + 1, 5), documents[0].title);
    assert_eq!(back.date(header + 1, 3), documents[0].issued_on.expect("dated"));
}

/// The reporting rates by month under the matrix, as a workbook: a row a month with the store's
/// counts as numbers and its rates as percentage cells.
#[test]
fn the_rates_by_month_export_the_stores_counts_and_rates() {
    use crate::workbook::tests::{ReadBack, assert_workbook_is};
    let (_dir, store, _) = tracked();
    let today = date(2026, 11, 25);
    let months = store.rates_by_month(&MatrixQuery::default(), today).expect("rates");
    assert!(!months.is_empty(), "the fixture has deadlines due");
    let table = TableRequest::Rates { query: MatrixQuery::default() };
    let checklist = store.table(&table, today).expect("table");
    let bytes = crate::workbook::render_xlsx(&checklist).expect("workbook");
    let header = assert_workbook_is(&checklist, &bytes);
    let back = ReadBack::of(&bytes);
    for (i, month) in months.iter().enumerate() {
        let r = header + 1 + i as u32;
        let (year, mo) = month.period.split_once('-').expect("yyyy-mm");
        assert_eq!(back.text(r, 0), format!("{mo}/{year}"));
        assert_eq!(back.number(r, 1), f64::from(month.rates.expected));
        assert_eq!(back.number(r, 2), f64::from(month.rates.received));
        if month.rates.expected > 0 {
            let rate = f64::from(month.rates.received) / f64::from(month.rates.expected);
            assert!((back.number(r, 4) - rate).abs() < 1e-9, "a rate is a number, shown as a percentage");
        }
    }
    assert_eq!(back.text(header + 1 + months.len() as u32, 0), "", "no more rows than the store's");
    assert_eq!(table.file_stem(today), "Ti-le-nop-theo-thang-2026-11-25");
}
