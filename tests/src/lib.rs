//! Helpers shared by the black-box test binaries of `sokehoach-tests`.
//!
//! The tests in this crate treat Sổ Kế Hoạch as a user or a script would: they run the `skh`
//! binary or drive the built desktop app, and look only at what comes out. Nothing here links
//! the core; that is what `cargo test -p sokehoach-core` is for.
//!
//! Conventions (also in `tests/README.md`):
//! - one test binary per area: `[[test]] name = "<area>"`, `path = "<area>/main.rs"` in
//!   `tests/Cargo.toml`, the area's other files are modules of that `main.rs`;
//! - paths come from [`workspace_root`], [`target_dir`] and [`artifacts_dir`], never from the
//!   current directory;
//! - every test works on its own fresh database in a temporary folder ([`TempData`]);
//! - anything a human may want to look at after a run (screenshots, logs, PDFs) goes into
//!   `artifacts/<area>/`, which is gitignored.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use anyhow::{Context as _, bail};

/// The root of the Cargo workspace (the repository root).
pub fn workspace_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest_dir
            .parent()
            .map_or_else(|| manifest_dir.to_path_buf(), Path::to_path_buf)
    })
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` when set, else `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        None => workspace_root().join("target"),
    }
}

/// `<workspace>/artifacts/<area>/` (or `$SKH_ARTIFACTS/<area>/`), created if missing.
/// Gitignored; CI may upload it.
pub fn artifacts_dir(area: &str) -> anyhow::Result<PathBuf> {
    let root = std::env::var_os("SKH_ARTIFACTS")
        .map_or_else(|| workspace_root().join("artifacts"), PathBuf::from);
    let dir = root.join(area);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// The path of a debug binary of this workspace, built first with
/// `cargo build -p <package> --bin <bin>` (once per test process), so a test never runs a stale
/// binary. Cargo has released its build lock by the time tests run, so this does not deadlock.
///
/// With `SKH_BIN_DIR` set, the binary is taken from that folder as it is, nothing is built: the
/// Windows lane (`scripts/windows-check.sh`) runs these tests as Windows programs under Wine,
/// where cargo cannot be called, after cross-building `skh.exe` itself.
pub fn cargo_binary(package: &str, bin: &str) -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("SKH_BIN_DIR") {
        let path = PathBuf::from(dir).join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
        if !path.is_file() {
            bail!("{} is missing (SKH_BIN_DIR is set: build {package} first)", path.display());
        }
        return Ok(path);
    }
    static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let key = format!("{package}/{bin}");
    let mut built = BUILT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !built.contains(&key) {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(workspace_root())
            .args(["build", "--quiet", "-p", package, "--bin", bin])
            .status()
            .with_context(|| format!("running cargo build -p {package} --bin {bin}"))?;
        if !status.success() {
            bail!("cargo build -p {package} --bin {bin} failed ({status})");
        }
        built.push(key);
    }
    let path = target_dir().join("debug").join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    if !path.is_file() {
        bail!("{} is missing after building it", path.display());
    }
    Ok(path)
}

/// A `Command` for the `skh` CLI (built on first use) working on the database `db`.
pub fn skh(db: &Path) -> anyhow::Result<Command> {
    let mut command = Command::new(cargo_binary("sokehoach-cli", "skh")?);
    command.arg("--db").arg(db).env_remove("SKH_DB");
    Ok(command)
}

/// A fresh temporary folder holding one test's database; removed on drop (kept, with its path
/// printed, when the `SKH_KEEP_TEST_DATA` environment variable is set).
#[derive(Debug)]
pub struct TempData {
    dir: tempfile::TempDir,
}

impl TempData {
    /// A new empty folder whose name starts with `skh-<label>-`.
    pub fn new(label: &str) -> anyhow::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("skh-{label}-"))
            .tempdir()
            .context("creating a temporary folder")?;
        Ok(Self { dir })
    }

    /// The folder itself.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database file the app or CLI should use (`<dir>/skh.db`, not created here).
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("skh.db")
    }
}

impl Drop for TempData {
    fn drop(&mut self) {
        if std::env::var_os("SKH_KEEP_TEST_DATA").is_some() {
            let path = self.dir.path().to_path_buf();
            eprintln!("keeping test data in {}", path.display());
            // Replace the TempDir with one that is never cleaned up.
            let kept = std::mem::replace(
                &mut self.dir,
                match tempfile::TempDir::new() {
                    Ok(dir) => dir,
                    Err(_) => return,
                },
            );
            let _ = kept.keep();
        }
    }
}

/// Copies the files of a store's folder (database, key) to `to`, so several runs can start from
/// the same state.
pub fn copy_store(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}
