//! Bundles between Linux and Windows: the Linux `skh` and `skh.exe` (cross-built, run under Wine)
//! exchange bundles through one folder, each importing what the other exported, and the stores
//! they leave dump identically. Runs only in the Windows lane (`scripts/windows-check.sh`, feature
//! `wine`), which builds `skh.exe` and the Wine prefix and passes them in `SKH_WINDOWS_SKH`,
//! `SKH_WINE` and `WINEPREFIX`.
//!
//! Paths given to `skh.exe` are written the Windows way (`Z:\tmp\…`, Wine's drive for `/`), and
//! the paths it prints are read back the same way, so drive letters and backslashes in folder
//! and bundle names are part of what is tested.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context as _, ensure};
use sokehoach_tests::{TempData, skh, workspace_root};

/// Which program runs a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Linux,
    Windows,
}

/// `/tmp/a/b` as Windows under Wine sees it: `Z:\tmp\a\b`.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display().to_string().replace('/', "\\"))
}

/// A path printed by `skh.exe` (`Z:\…`) as a Linux path.
fn linux_path(printed: &str) -> PathBuf {
    let printed = printed.trim();
    let rest = printed.strip_prefix("Z:").or_else(|| printed.strip_prefix("z:")).unwrap_or(printed);
    PathBuf::from(rest.replace('\\', "/"))
}

fn windows_skh(db: &Path) -> anyhow::Result<Command> {
    let exe = std::env::var_os("SKH_WINDOWS_SKH").context("SKH_WINDOWS_SKH (the path of skh.exe) is not set")?;
    let wine = std::env::var_os("SKH_WINE").unwrap_or_else(|| "/usr/lib/wine/wine64".into());
    let mut command = Command::new(wine);
    command.arg(exe).arg("--db").arg(windows_path(db)).env_remove("SKH_DB");
    command.env("WINEDEBUG", std::env::var_os("WINEDEBUG").unwrap_or_else(|| "-all".into()));
    Ok(command)
}

/// Runs `skh` on `side`; paths in `args` are given as Linux paths and converted for Windows.
fn run(side: Side, db: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out: Output = match side {
        Side::Linux => skh(db)?.args(args).output()?,
        Side::Windows => {
            let args: Vec<String> =
                args.iter().map(|a| if a.starts_with('/') { windows_path(Path::new(a)) } else { (*a).to_string() }).collect();
            windows_skh(db)?.args(&args).output()?
        }
    };
    ensure!(
        out.status.success(),
        "skh ({side:?}) {args:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).context("skh wrote non-UTF-8 output")
}

/// The bundle path a side printed, as a Linux path.
fn printed_bundle(side: Side, out: &str) -> PathBuf {
    match side {
        Side::Linux => PathBuf::from(out.trim()),
        Side::Windows => linux_path(out),
    }
}

fn s(path: &Path) -> String {
    path.display().to_string()
}

/// Folders of the test: one database each, all under a folder with a Vietnamese name.
fn db(data: &TempData, name: &str) -> anyhow::Result<PathBuf> {
    let dir = data.dir().join("Dữ liệu đơn vị").join(name);
    std::fs::create_dir_all(&dir)?;
    Ok(dir.join("skh.db"))
}

/// Copies a store's folder (database, key) after folding its WAL into the database file.
fn copy_store(from_db: &Path, to_db: &Path) -> anyhow::Result<()> {
    rusqlite::Connection::open(from_db)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    sokehoach_tests::copy_store(from_db.parent().context("folder")?, to_db.parent().context("folder")?)
}

/// Two dumps are equal; if not, the lines that differ are shown (dumps are long).
fn assert_same_dump(a: &str, b: &str, what: &str) {
    if a != b {
        let only_a: Vec<&str> = a.lines().filter(|l| !b.lines().any(|m| m == *l)).collect();
        let only_b: Vec<&str> = b.lines().filter(|l| !a.lines().any(|m| m == *l)).collect();
        panic!("{what}: the dumps differ\nonly in the first:\n{}\nonly in the second:\n{}", only_a.join("\n"), only_b.join("\n"));
    }
}

/// A dump with the receipts' `updated_at` (the local moment a report was received) left out.
fn without_receipt_times(dump: &str) -> anyhow::Result<String> {
    let mut out = String::new();
    for line in dump.lines() {
        let mut row: serde_json::Value = serde_json::from_str(line)?;
        if row["table"] == "receipts" {
            let time = row["record"].as_object_mut().and_then(|r| r.remove("updated_at"));
            ensure!(time.is_some_and(|t| t.is_string()), "a receipt has its time: {line}");
        }
        out.push_str(&row.to_string());
        out.push('\n');
    }
    Ok(out)
}

#[test]
fn bundles_travel_both_ways_between_linux_and_windows() -> anyhow::Result<()> {
    let data = TempData::new("wine-exchange")?;
    let fixture = s(&workspace_root().join("tests/cli/fixtures/plan-binh-dang-gioi-2024.json"));
    let stick = data.dir().join("USB (E:)").join("Gửi huyện");
    let province = db(&data, "tinh")?;
    run(Side::Linux, &province, &["demo"])?;
    run(Side::Linux, &province, &["plan", "add", &fixture])?;

    // Linux → Windows: the setup bundle for the district TDG, imported by skh.exe and, for
    // comparison, by the Linux skh into a second district store.
    let setup = run(Side::Linux, &province, &["export", "--setup", "--recipient", "TDG", "--to", &s(&stick)])?;
    let setup = printed_bundle(Side::Linux, &setup);
    let (district_w, district_l) = (db(&data, "huyện-windows")?, db(&data, "huyện-linux")?);
    run(Side::Windows, &district_w, &["import", &s(&setup)])?;
    run(Side::Linux, &district_l, &["import", &s(&setup)])?;
    let dump_w = run(Side::Windows, &district_w, &["dump"])?;
    assert!(dump_w.contains("Hội LHPN tỉnh Lai Châu"), "the district store holds the province");
    assert_same_dump(&dump_w, &run(Side::Linux, &district_l, &["dump"])?, "the same bundle makes the same store");
    assert_same_dump(&dump_w, &run(Side::Linux, &district_w, &["dump"])?, "both programs read the Windows-made store alike");

    // The district (on Windows) reports, and exports up: its key is created on first use.
    let keys: serde_json::Value = serde_json::from_str(&run(Side::Windows, &district_w, &["keys"])?)?;
    assert_eq!(keys["pinned"][0]["officeCode"], "LCU", "the province key is pinned at setup: {keys}");
    let items: Vec<serde_json::Value> =
        serde_json::from_str(&run(Side::Windows, &district_w, &["status", "--on", "2024-06-01", "--office", "TDG"])?)?;
    let instance = items
        .iter()
        .find(|i| i["documentNumberLine"] == "Số: /KH-LĐLĐ" && i["label"] == "Báo cáo 6 tháng")
        .and_then(|i| i["instanceId"].as_str())
        .context("the fixture's six-month deadline for TDG")?
        .to_string();
    // The report carries a file with a Vietnamese name, read by skh.exe from a Windows path.
    let attachment = data.dir().join("Tài liệu").join("Báo cáo 6 tháng đầu năm.docx");
    std::fs::create_dir_all(attachment.parent().context("folder")?)?;
    std::fs::write(&attachment, "Báo cáo sáu tháng của Hội LHPN huyện Tam Đường".as_bytes())?;
    run(
        Side::Windows,
        &district_w,
        &["report", "add", "--instance", &instance, "--date", "2024-05-28", "--by", "Lò Thị Mai", "--file", &s(&attachment)],
    )?;
    let up = run(Side::Windows, &district_w, &["export", "--to", &s(&stick)])?;
    assert!(up.trim().starts_with("Z:\\"), "skh.exe prints a Windows path: {up}");
    let up = printed_bundle(Side::Windows, &up);
    assert!(up.is_file(), "{} exists", up.display());
    assert!(up.starts_with(&stick), "the bundle is in the folder asked for: {}", up.display());

    // Windows → Linux: the province imports it on Linux, and a copy of the province imports it
    // with skh.exe; the two stores are the same and hold the report.
    let province_w = db(&data, "tỉnh-windows")?;
    copy_store(&province, &province_w)?;
    let outcome: serde_json::Value = serde_json::from_str(&run(Side::Linux, &province, &["import", &s(&up)])?)?;
    assert_eq!(outcome["applied"], true, "{outcome}");
    let outcome: serde_json::Value = serde_json::from_str(&run(Side::Windows, &province_w, &["import", &s(&up)])?)?;
    assert_eq!(outcome["applied"], true, "{outcome}");
    let dump_l = run(Side::Linux, &province, &["dump"])?;
    assert!(dump_l.contains("Lò Thị Mai"), "the report arrived");
    assert!(dump_l.contains(r#""file_name":"Báo cáo 6 tháng đầu năm.docx""#), "with its file, named as on Windows");
    // Each import writes the receipt at its own moment: the receipts' times aside, the same.
    let dump_pw = run(Side::Windows, &province_w, &["dump"])?;
    assert_same_dump(
        &without_receipt_times(&dump_l)?,
        &without_receipt_times(&dump_pw)?,
        "the Windows-made bundle makes the same store",
    );

    // And back down from Linux: the receipt reaches the Windows district.
    let down = run(Side::Linux, &province, &["export", "--recipient", "TDG", "--to", &s(&stick)])?;
    run(Side::Windows, &district_w, &["import", &s(&printed_bundle(Side::Linux, &down))])?;
    let status: Vec<serde_json::Value> =
        serde_json::from_str(&run(Side::Windows, &district_w, &["status", "--on", "2024-06-05", "--office", "TDG"])?)?;
    let six_month = status.iter().find(|i| i["instanceId"] == instance.as_str()).context("the deadline")?;
    assert_eq!(six_month["status"], "received", "the district sees that the province has its report");
    Ok(())
}

/// Without `--db`, skh.exe keeps its store where the application does: in
/// `%LOCALAPPDATA%\vn.sokehoach.app\sokehoach.db` (Wine's is inside its prefix).
#[test]
fn the_default_store_is_under_local_app_data() -> anyhow::Result<()> {
    let prefix = PathBuf::from(std::env::var_os("WINEPREFIX").context("WINEPREFIX is not set")?);
    let users = prefix.join("drive_c").join("users");
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(&users)? {
        let local = entry?.path().join("AppData").join("Local");
        if local.is_dir() {
            folders.push(local.join("vn.sokehoach.app"));
        }
    }
    ensure!(!folders.is_empty(), "no AppData\\Local under {}", users.display());
    for folder in &folders {
        if folder.exists() {
            std::fs::remove_dir_all(folder)?;
        }
    }
    let exe = std::env::var_os("SKH_WINDOWS_SKH").context("SKH_WINDOWS_SKH is not set")?;
    let wine = std::env::var_os("SKH_WINE").unwrap_or_else(|| "/usr/lib/wine/wine64".into());
    let out = Command::new(&wine).arg(&exe).args(["office", "list"]).env_remove("SKH_DB").env("WINEDEBUG", "-all").output()?;
    ensure!(out.status.success(), "skh.exe office list failed: {}", String::from_utf8_lossy(&out.stderr));
    let made: Vec<&PathBuf> = folders.iter().filter(|f| f.join("sokehoach.db").is_file()).collect();
    assert_eq!(made.len(), 1, "one store, in %LOCALAPPDATA%\\vn.sokehoach.app: {folders:?}");
    std::fs::remove_dir_all(made[0])?;
    Ok(())
}
