//! `skh bench-bundle`: times exporting a district's bundle to its province and importing it there,
//! each as its own `skh` process, against what the machine does with the same data in the same
//! run — `sqlite3` bulk-loading the same rows in one transaction, and `sha256sum` and `cp` over the
//! same attached files — and reports the peak memory of the import. Results are recorded in
//! docs/benchmarks.md; nothing here asserts a time. Needs `sqlite3`, `sha256sum`, `cp` and GNU
//! `time` (`/usr/bin/time`, for peak memory) on the PATH; it is run by hand, never by the tests.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Local;
use sokehoach_core::Store;
use sokehoach_core::bundle::bench::{ExchangePair, ExchangeSize, generate_exchange_pair, write_bulk_load_sql};
use sokehoach_core::bundle::bench_hostile::{HostileCase, generate_hostile};

const GNU_TIME: &str = "/usr/bin/time";

/// How long a command took and its peak resident memory in KiB (when GNU time is there).
struct Measured {
    took: Duration,
    max_rss_kib: Option<u64>,
    stdout: String,
}

fn io(what: &str) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// Runs `program args` to completion after flushing earlier writes, so one step's writeback is
/// not charged to the next.
fn measure(program: &Path, args: &[&std::ffi::OsStr], stdin: Option<&Path>, work: &Path) -> Result<Measured, String> {
    Command::new("sync").status().map_err(io("sync"))?;
    let rss_file = work.join("max-rss.txt");
    let with_time = Path::new(GNU_TIME).exists();
    let mut command = if with_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(program);
        c
    } else {
        Command::new(program)
    };
    command.args(args).stderr(Stdio::inherit()).stdout(Stdio::piped());
    command.stdin(match stdin {
        Some(path) => Stdio::from(File::open(path).map_err(io("stdin"))?),
        None => Stdio::null(),
    });
    let start = Instant::now();
    let out = command.output().map_err(io(&program.display().to_string()))?;
    let took = start.elapsed();
    if !out.status.success() {
        return Err(format!("{} {args:?} failed ({})", program.display(), out.status));
    }
    let max_rss_kib = if with_time {
        std::fs::read_to_string(&rss_file).ok().and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
    } else {
        None
    };
    Ok(Measured { took, max_rss_kib, stdout: String::from_utf8_lossy(&out.stdout).into_owned() })
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a (no /usr/bin/time)".to_string(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}

pub fn run(dir: &Path, size: ExchangeSize, runs: usize) -> Result<Vec<String>, String> {
    let exe = std::env::current_exe().map_err(io("skh"))?;
    let today = Local::now().date_naive();
    let base = dir.join(format!("r{}-m{}", size.records, size.attachment_bytes / 1_000_000));
    let mut lines = Vec::new();
    let pair_file = base.join("cap.json");
    let pair: ExchangePair = if pair_file.exists() {
        let text = std::fs::read_to_string(&pair_file).map_err(io("cap.json"))?;
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    } else {
        let _ = std::fs::remove_dir_all(&base);
        let start = Instant::now();
        let pair = generate_exchange_pair(&base, size, today).map_err(|e| e.to_string())?;
        std::fs::write(&pair_file, serde_json::to_string(&pair).map_err(|e| e.to_string())?).map_err(io("cap.json"))?;
        lines.push(format!("generated the stores in {:.0} s", start.elapsed().as_secs_f64()));
        pair
    };
    let work = base.join("lan-chay");
    let stick = work.join("usb");
    let receiver = work.join("tinh");
    let load_sql = work.join("nap.sql");
    let loaded = work.join("sqlite3");
    let copies = work.join("cp");
    std::fs::create_dir_all(&work).map_err(io("work"))?;
    let rm = |p: &Path| {
        let _ = if p.is_dir() { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) };
    };
    let (mut export, mut import, mut sqlite, mut hash, mut copy) = (vec![], vec![], vec![], vec![], vec![]);
    let (mut import_rss, mut export_rss) = (None, None);
    let mut summary = String::new();
    let files: Vec<&std::ffi::OsStr> = pair.files.iter().map(|p| p.as_os_str()).collect();
    let bytes: u64 = pair.files.iter().filter_map(|p| p.metadata().ok()).map(|m| m.len()).sum();
    for _ in 0..runs {
        rm(&stick);
        let out = measure(
            &exe,
            &["--db".as_ref(), pair.district.as_os_str(), "export".as_ref(), "--to".as_ref(), stick.as_os_str(),
              "--recipient".as_ref(), pair.province_code.as_ref()],
            None,
            &work,
        )?;
        export.push(out.took);
        export_rss = export_rss.max(out.max_rss_kib);
        let bundle = PathBuf::from(out.stdout.trim());

        rm(&receiver);
        std::fs::create_dir_all(&receiver).map_err(io("receiver"))?;
        std::fs::copy(&pair.province, receiver.join("skh.db")).map_err(io("copy of the province store"))?;
        let receiver_db = receiver.join("skh.db");
        let out = measure(&exe, &["--db".as_ref(), receiver_db.as_os_str(), "import".as_ref(), bundle.as_os_str()], None, &work)?;
        import.push(out.took);
        import_rss = import_rss.max(out.max_rss_kib);
        let outcome: serde_json::Value = serde_json::from_str(&out.stdout).map_err(|e| e.to_string())?;
        let counts = &outcome["preview"]["counts"];
        if outcome["applied"] != true {
            return Err(format!("the import was not applied: {outcome}"));
        }

        if summary.is_empty() {
            let store = Store::open(&pair.district).map_err(|e| e.to_string())?;
            let rows = write_bulk_load_sql(&store, &bundle, &load_sql).map_err(|e| e.to_string())?;
            summary = format!(
                "bundle {:.0} MB: {} records new at the province, {} files ({:.0} MB); sqlite3 loads {rows} rows",
                bundle.metadata().map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
                counts["new"],
                counts["files"],
                bytes as f64 / 1e6
            );
        }
        for suffix in ["", "-wal", "-shm"] {
            rm(&loaded.with_file_name(format!("sqlite3.db{suffix}")));
        }
        let target = loaded.with_file_name("sqlite3.db");
        sqlite.push(measure(Path::new("sqlite3"), &[target.as_os_str()], Some(&load_sql), &work)?.took);

        hash.push(measure(Path::new("sha256sum"), &files, None, &work)?.took);
        rm(&copies);
        std::fs::create_dir_all(&copies).map_err(io("cp"))?;
        let mut args = files.clone();
        args.push(copies.as_os_str());
        copy.push(measure(Path::new("cp"), &args, None, &work)?.took);
    }
    rm(&copies);
    let (export, import, sqlite) = (median(export), median(import), median(sqlite));
    let (hash, copy) = (median(hash), median(copy));
    let target = sqlite * 2 + (hash + copy).mul_f64(1.5);
    let verdict = |d: Duration| if d <= target { "met" } else { "NOT MET" };
    lines.push(summary);
    lines.push(format!("medians of {runs} run(s):"));
    lines.push(format!("  sqlite3 bulk load, one transaction   {}", secs(sqlite)));
    lines.push(format!("  sha256sum + cp over the files        {} + {}", secs(hash), secs(copy)));
    lines.push(format!("  target = 2 × sqlite3 + 1.5 × (sha256sum + cp) = {}", secs(target)));
    lines.push(format!("  export                               {}  {}  (peak {})", secs(export), verdict(export), mib(export_rss)));
    lines.push(format!("  import                               {}  {}  (peak {})", secs(import), verdict(import), mib(import_rss)));
    Ok(lines)
}

/// `--hostile`: imports each hostile bundle (generated under `dir` on first run) into a fresh copy
/// of its province's store, `runs` times, and reports time, peak memory and what the import said.
/// A refused bundle is an expected outcome here, not a failure.
pub fn run_hostile(dir: &Path, runs: usize) -> Result<Vec<String>, String> {
    let exe = std::env::current_exe().map_err(io("skh"))?;
    let today = Local::now().date_naive();
    let base = dir.join("hostile");
    let cases_file = base.join("cases.json");
    let mut lines = Vec::new();
    let cases: Vec<HostileCase> = if cases_file.exists() {
        serde_json::from_str(&std::fs::read_to_string(&cases_file).map_err(io("cases.json"))?).map_err(|e| e.to_string())?
    } else {
        let _ = std::fs::remove_dir_all(&base);
        let start = Instant::now();
        let cases = generate_hostile(&base, today).map_err(|e| e.to_string())?;
        std::fs::write(&cases_file, serde_json::to_string(&cases).map_err(|e| e.to_string())?).map_err(io("cases.json"))?;
        lines.push(format!("generated the bundles in {:.0} s", start.elapsed().as_secs_f64()));
        cases
    };
    let work = base.join("lan-chay");
    for case in &cases {
        let (mut took, mut rss, mut said) = (Vec::new(), None, String::new());
        for _ in 0..runs {
            let _ = std::fs::remove_dir_all(&work);
            std::fs::create_dir_all(&work).map_err(io("work"))?;
            for entry in std::fs::read_dir(&case.province_dir).map_err(io("province"))? {
                let entry = entry.map_err(io("province"))?;
                if entry.file_type().map_err(io("province"))?.is_file() {
                    std::fs::copy(entry.path(), work.join(entry.file_name())).map_err(io("copy of the province store"))?;
                }
            }
            Command::new("sync").status().map_err(io("sync"))?;
            let rss_file = base.join("max-rss.txt");
            let db = work.join("skh.db");
            let start = Instant::now();
            let out = Command::new(GNU_TIME)
                .arg("-f")
                .arg("%M")
                .arg("-o")
                .arg(&rss_file)
                .arg(&exe)
                .arg("--db")
                .arg(&db)
                .arg("import")
                .arg(&case.bundle)
                .output()
                .map_err(io("/usr/bin/time"))?;
            took.push(start.elapsed());
            rss = rss.max(std::fs::read_to_string(&rss_file).ok().and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok())));
            said = if out.status.success() {
                let outcome: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
                format!("applied: {}", outcome["message"].as_str().unwrap_or_default())
            } else {
                format!("refused: {}", String::from_utf8_lossy(&out.stderr).trim())
            };
        }
        let size = case.bundle.metadata().map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        lines.push(format!("{} ({size:.1} MB file): {}", case.name, case.what));
        lines.push(format!("  import median of {runs}: {}, peak {}", secs(median(took)), mib(rss)));
        lines.push(format!("  {said}"));
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(lines)
}
