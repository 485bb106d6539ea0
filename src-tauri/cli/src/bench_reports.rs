//! `skh bench-reports`: times "Tổng hợp báo cáo" on generated reports — 100 Word reports of 10
//! pages each by default — from the files' bytes to the written synthesis: reading every report,
//! finding the outline's headings, laying out and writing the .docx. Results are recorded in
//! docs/benchmarks.md; nothing here asserts a time.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Local;
use sokehoach_core::compose::{bench, compile};
use sokehoach_core::docx::write_docx;

pub fn run(dir: &Path, count: usize, pages: usize, runs: usize) -> Result<Vec<String>, String> {
    let err = |e: sokehoach_core::Error| e.to_string();
    let today = Local::now().date_naive();
    let started = Instant::now();
    let reports = bench::reports(count, pages, today).map_err(err)?;
    let bytes: usize = reports.iter().flat_map(|r| &r.files).filter_map(|f| f.bytes.as_ref()).map(Vec::len).sum();
    let mut lines = vec![format!(
        "generated {count} reports of about {pages} pages ({} KB of .docx) in {:.1} s",
        bytes / 1024,
        started.elapsed().as_secs_f64()
    )];
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let outline = bench::outline();
    let heading = bench::heading(today);
    let mut times: Vec<Duration> = Vec::new();
    let mut size = 0;
    let mut found = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let (doc, outcomes) = compile(&outline, &heading, &reports);
        let docx = write_docx(&doc).map_err(err)?;
        let path = dir.join("tong-hop.docx");
        std::fs::write(&path, &docx).map_err(|e| format!("{}: {e}", path.display()))?;
        times.push(start.elapsed());
        size = docx.len();
        found = outcomes.iter().map(|o| o.headings_found).sum();
    }
    times.sort();
    lines.push(format!(
        "synthesis of {count} reports (read, match, write): median {:.0} ms, max {:.0} ms over {} runs; {found} headings found; {} KB written",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
        times.len(),
        size / 1024
    ));
    Ok(lines)
}
