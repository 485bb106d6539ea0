//! The blind protocol (`docs/extraction.md`): a batch of real documents whose expected results
//! were written before the extractor ever read them, scored on its first run.
//!
//! A batch is a folder of `<name>.expected.json` files (the same format as
//! `tests/fixtures/extract`); each document is `<name>.txt`, `.md`, `.docx` or `.pdf` in that folder
//! or in the folder named by `EXTRACT_BLIND_INPUTS`. The folder is `EXTRACT_BLIND_DIR`, by default
//! `tests/fixtures/extract-blind/2026-12`. Run with
//! `cargo test -p sokehoach-core --release extract::blind_tests -- --ignored --nocapture`.
//!
//! Per document it prints: deadlines with the right date (rule), with the right date **and** the
//! right office or role, with everything the fixtures check (also recipient, label, year flag),
//! false deadlines (extracted dates matching no expected deadline), and metadata fields right.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::*;
use super::tests::{Expected, ExpectedDeadline, Got, got, prefix_either};

const DEFAULT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract-blind/2026-12");

#[derive(Debug, Default, Clone, Copy)]
struct Row {
    expected: usize,
    date: usize,
    office: usize,
    /// Expected deadlines that name who acts (an office, a level or a role), and of those the
    /// ones found with the right date and that office.
    named: usize,
    named_office: usize,
    full: usize,
    false_deadlines: usize,
    meta_right: usize,
    meta_total: usize,
}

fn office_ok(g: &Got, w: &ExpectedDeadline) -> bool {
    w.assignee.as_ref().is_none_or(|a| g.assignees.contains(a) || g.submitter.as_ref() == Some(a))
}

fn full_ok(g: &Got, w: &ExpectedDeadline) -> bool {
    g.history == w.history
        && office_ok(g, w)
        && w.report_to.as_ref().is_none_or(|r| g.report_to.contains(r))
        && w.label.as_ref().is_none_or(|l| prefix_either(l, &g.label))
        && g.year_inferred == w.year_inferred
}

/// Greedy one-to-one matching of expected deadlines to extracted ones under `ok`; returns the
/// number matched and which extracted ones were used.
fn matched(all: &[Got], want: &[&ExpectedDeadline], ok: impl Fn(&Got, &ExpectedDeadline) -> bool) -> (usize, Vec<bool>) {
    let mut used = vec![false; all.len()];
    let mut n = 0;
    for w in want {
        if let Some(k) = (0..all.len()).find(|&k| !used[k] && all[k].rule == w.rule && ok(&all[k], w)) {
            used[k] = true;
            n += 1;
        }
    }
    (n, used)
}

fn score(e: &Extraction, x: &Expected, failures: &mut Vec<String>) -> Row {
    let mut r = Row::default();
    let doc = serde_json::to_value(&e.plan.document).expect("document serialises");
    for (key, want) in &x.document {
        r.meta_total += 1;
        if doc.get(key) == Some(want) {
            r.meta_right += 1;
        } else {
            failures.push(format!("document.{key}: expected {want}, got {}", doc.get(key).unwrap_or(&Value::Null)));
        }
    }
    let all = got(e);
    r.expected = x.deadlines.len();
    let want: Vec<&ExpectedDeadline> = x.deadlines.iter().collect();
    let named: Vec<&ExpectedDeadline> = x.deadlines.iter().filter(|w| w.assignee.is_some()).collect();
    let (date, used) = matched(&all, &want, |_, _| true);
    r.date = date;
    r.office = matched(&all, &want, office_ok).0;
    r.named = named.len();
    r.named_office = matched(&all, &named, office_ok).0;
    r.full = matched(&all, &want, full_ok).0;
    r.false_deadlines = used.iter().filter(|u| !**u).count();
    for w in &x.deadlines {
        let same: Vec<&Got> = all.iter().filter(|g| g.rule == w.rule).collect();
        if same.is_empty() {
            failures.push(format!("date missed: {:?} ({:?})", w.rule, w.assignee));
        } else if !same.iter().any(|g| office_ok(g, w)) {
            let offices: Vec<String> = same.iter().map(|g| format!("{:?} / {:?}", g.assignees, g.submitter)).collect();
            failures.push(format!("office missed: {:?} expected {:?}, got {offices:?}", w.rule, w.assignee));
        } else if !same.iter().any(|g| full_ok(g, w)) {
            let detail: Vec<String> =
                same.iter().map(|g| format!("to {:?}, label «{}», yearInferred {}", g.report_to, g.label, g.year_inferred)).collect();
            failures.push(format!("detail missed: {:?} expected {w:?}, got {detail:?}", w.rule));
        }
    }
    for (k, g) in all.iter().enumerate() {
        if !used[k] {
            failures.push(format!("false deadline {:?} from «{}»", g.rule, g.phrase));
        }
        for trap in &x.not_deadlines {
            if g.phrase.contains(trap.as_str()) {
                failures.push(format!("«{trap}» was taken as a deadline («{}»)", g.phrase));
            }
        }
    }
    r
}

fn input(dir: &Path, name: &str) -> Option<PathBuf> {
    let inputs = std::env::var("EXTRACT_BLIND_INPUTS").ok().map(PathBuf::from);
    for base in std::iter::once(dir.to_path_buf()).chain(inputs) {
        for ext in ["txt", "md", "docx", "pdf"] {
            let p = base.join(format!("{name}.{ext}"));
            if p.exists() {
                return Some(p);
            }
        }
    }
    None
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 { "–".into() } else { format!("{:.0} %", 100.0 * a as f64 / b as f64) }
}

/// Prints the first-run table of a blind batch.
#[test]
#[ignore]
fn blind_table() {
    let dir = std::env::var("EXTRACT_BLIND_DIR").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(DEFAULT_DIR));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".expected.json")).map(str::to_string))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no expected files in {}", dir.display());
    println!("| document | deadlines | right date | right date and office/role | of those naming who acts | all details | false deadlines | metadata right / total |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut t = Row::default();
    for name in names {
        let path = dir.join(format!("{name}.expected.json"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let x: Expected = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let Some(file) = input(&dir, &name) else {
            println!("| {name} | (document not found) | | | | | | |");
            continue;
        };
        let started = std::time::Instant::now();
        let mut failures = Vec::new();
        let r = match extract_file(&file) {
            Ok(e) => score(&e, &x, &mut failures),
            Err(err) => {
                failures.push(format!("not read: {err}"));
                Row { expected: x.deadlines.len(), meta_total: x.document.len(), ..Row::default() }
            }
        };
        let ms = started.elapsed().as_millis();
        println!(
            "| {name} | {} | {} | {} | {} / {} | {} | {} | {} / {} |",
            r.expected, r.date, r.office, r.named_office, r.named, r.full, r.false_deadlines, r.meta_right, r.meta_total
        );
        eprintln!("== {name} ({ms} ms)");
        for f in &failures {
            eprintln!("  {f}");
        }
        t.expected += r.expected;
        t.date += r.date;
        t.office += r.office;
        t.named += r.named;
        t.named_office += r.named_office;
        t.full += r.full;
        t.false_deadlines += r.false_deadlines;
        t.meta_right += r.meta_right;
        t.meta_total += r.meta_total;
    }
    println!(
        "| **total** | **{}** | **{} ({})** | **{} ({})** | **{} / {} ({})** | **{} ({})** | **{}** | **{} / {} ({})** |",
        t.expected,
        t.date,
        pct(t.date, t.expected),
        t.office,
        pct(t.office, t.expected),
        t.named_office,
        t.named,
        pct(t.named_office, t.named),
        t.full,
        pct(t.full, t.expected),
        t.false_deadlines,
        t.meta_right,
        t.meta_total,
        pct(t.meta_right, t.meta_total)
    );
}
