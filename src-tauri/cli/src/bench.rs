//! `skh bench`: generates a large store and times what users wait for — opening the store and
//! the dashboard, the province matrix and its Excel export, accent-insensitive search, printing
//! checklists. Results are
//! recorded in docs/benchmarks.md; nothing here asserts a time.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Datelike, Local, NaiveDate};
use sokehoach_core::Store;
use sokehoach_core::bench::BenchSize;
use sokehoach_core::checklists::{ChecklistKind, ChecklistRequest};
use sokehoach_core::pdf::{Align, Cell, Checklist, Column, ColumnWidth, Group, Orientation, render_pdf};
use sokehoach_core::tracking::MatrixQuery;

fn stats(name: &str, mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    format!(
        "{name:<44} n={:<4} median {:>9.2} ms   p95 {:>9.2} ms   max {:>9.2} ms",
        samples.len(),
        at(0.5).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        at(1.0).as_secs_f64() * 1000.0
    )
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

pub fn run(db: &Path, size: BenchSize) -> Result<Vec<String>, String> {
    let today = Local::now().date_naive();
    let mut lines = Vec::new();
    let err = |e: sokehoach_core::Error| e.to_string();
    if !db.exists() {
        let mut store = Store::open(db).map_err(err)?;
        let (took, result) = time(|| store.generate_bench_store(size, today));
        result.map_err(err)?;
        lines.push(format!("generated {} offices, {} years, {} monthly rules, {} documents in {:.1} s", size.offices, size.years, size.monthly_rules, size.documents, took.as_secs_f64()));
    }
    let (open_took, store) = time(|| Store::open(db));
    let store = store.map_err(err)?;
    let counts = store.row_counts().map_err(err)?;
    lines.push(format!("store: {} deadline instances, {} reports, {} documents", counts.deadline_instances, counts.reports, counts.documents));
    let (first_dashboard, _) = time(|| store.dashboard(today));
    lines.push(format!(
        "open store + first dashboard (cold)              {:.1} ms",
        (open_took + first_dashboard).as_secs_f64() * 1000.0
    ));

    let dashboards: Vec<Duration> = (0..30).map(|_| time(|| store.dashboard(today)).0).collect();
    lines.push(stats("dashboard", dashboards));

    let month_start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let month_query = MatrixQuery { due_from: Some(month_start), due_to: Some(month_start + chrono::Days::new(30)), ..Default::default() };
    let (_, matrix) = time(|| store.matrix(&month_query, today));
    let matrix = matrix.map_err(err)?;
    lines.push(format!("matrix this month: {} offices × {} deadlines", matrix.rows.len(), matrix.columns.len()));
    let matrices: Vec<Duration> = (0..30).map(|_| time(|| store.matrix(&month_query, today)).0).collect();
    lines.push(stats("province matrix (one month, all offices)", matrices));
    // The matrix as an Excel workbook, as the tracking screen exports it: query, table, file.
    let export = || store.matrix_checklist(&month_query, today).and_then(|table| sokehoach_core::workbook::render_xlsx(&table));
    let (first, workbook) = time(export);
    let workbook = workbook.map_err(err)?;
    let exports: Vec<Duration> = (0..10).map(|_| time(export).0).collect();
    lines.push(format!("matrix workbook (.xlsx): first {:.0} ms, {} KB", first.as_secs_f64() * 1000.0, workbook.len() / 1024));
    lines.push(stats("matrix workbook .xlsx (query + table + file)", exports));
    let rates: Vec<Duration> = (0..10).map(|_| time(|| store.rates_by_month(&MatrixQuery::default(), today)).0).collect();
    lines.push(stats("reporting rates by month (all years)", rates));

    let queries = ["dang", "phu nu", "binh dang gioi", "kiem tra giam sat", "tre em", "chuyen doi so", "khoi nghiep", "dan toc thieu so", "can bo nu", "ke hoach"];
    let searches: Vec<Duration> = (0..200).map(|i| time(|| store.search_documents(queries[i % queries.len()])).0).collect();
    lines.push(stats("search (accent-insensitive)", searches));

    // Printing: a one-page checklist after a first render, and a 1,000-row one.
    let request = ChecklistRequest { kind: ChecklistKind::Office, from: today, to: today, office_id: None, document_id: None, prepared_by: String::new() };
    let _ = store.checklist_pdf(&request, today);
    let pages: Vec<Duration> = (0..10).map(|_| time(|| store.checklist_pdf(&request, today)).0).collect();
    lines.push(stats("one-page checklist PDF (after the first)", pages));
    let big = thousand_rows(today);
    let (took, pdf) = time(|| render_pdf(&big));
    let pdf = pdf.map_err(err)?;
    lines.push(format!("1,000-row checklist PDF                          {:.0} ms ({} KB)", took.as_secs_f64() * 1000.0, pdf.len() / 1024));
    Ok(lines)
}

fn thousand_rows(today: NaiveDate) -> Checklist {
    let rows = (1..=1000)
        .map(|n| {
            vec![
                Cell::text(n.to_string()),
                Cell::text(format!("Báo cáo kết quả thực hiện nhiệm vụ số {n} về công tác phụ nữ và bình đẳng giới")),
                Cell::text("Số: 268/KH-ĐCT"),
                Cell::text(today.format("%d/%m/%Y").to_string()),
                Cell::text("Chưa đến hạn"),
                Cell::Checkbox,
            ]
        })
        .collect();
    Checklist {
        parent_issuer: Some("HỘI LHPN VIỆT NAM".into()),
        issuer: "HỘI LHPN TỈNH MẪU".into(),
        place: "Mẫu".into(),
        date: today,
        title: "DANH SÁCH HẠN BÁO CÁO".into(),
        short_title: "Hạn báo cáo".into(),
        subtitle: None,
        orientation: Orientation::Portrait,
        columns: vec![
            Column::new("STT", ColumnWidth::Mm(10.0), Align::Center),
            Column::new("Nội dung", ColumnWidth::Fraction(2.0), Align::Left),
            Column::new("Văn bản", ColumnWidth::Fraction(1.0), Align::Left),
            Column::new("Hạn", ColumnWidth::Mm(22.0), Align::Center),
            Column::new("Tình trạng", ColumnWidth::Mm(24.0), Align::Center),
            Column::new("Xong", ColumnWidth::Mm(11.0), Align::Center),
        ],
        groups: vec![Group { heading: None, rows }],
        page_break_between_groups: false,
        group_column: None,
        key_columns: 0,
        legend: Vec::new(),
        signature: None,
        footnote: None,
    }
}
