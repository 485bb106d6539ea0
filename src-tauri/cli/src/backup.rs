//! `skh backup` and `skh restore`: the backups of `sokehoach_core::backup` for scripts, and for a
//! technician setting up a replacement laptop.
//!
//! The passphrase that seals the signing key is read from `$SKH_PASSPHRASE`, or from the first line
//! of the file given with `--passphrase-file`; never from the command line, where other users of
//! the machine could read it in the list of processes.

use std::io::Write;
use std::path::{Path, PathBuf};

use sokehoach_core::Store;
use sokehoach_core::backup::{self, list_backups};

use crate::failure::Failure;

/// The passphrase, from the file if one is given, else from `$SKH_PASSPHRASE`.
pub fn passphrase(file: Option<&Path>) -> Result<Option<String>, Failure> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Failure::bad_input(format!("không đọc được tệp mật khẩu {}: {e}", file.display())))?;
        return Ok(text.lines().next().map(str::to_string));
    }
    Ok(std::env::var("SKH_PASSPHRASE").ok().filter(|p| !p.is_empty()))
}

/// Makes a backup in `to`, or lists the backups in `places` (the backups folder beside the
/// database when none is given), or sets the reminder.
pub fn run(
    store: &mut Store,
    to: Option<PathBuf>,
    list: bool,
    places: Vec<PathBuf>,
    remind_days: Option<i64>,
    passphrase_file: Option<&Path>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let written = |r: std::io::Result<()>| r.map_err(|e| Failure::system(format!("không ghi được kết quả: {e}")));
    if let Some(days) = remind_days {
        store.set_backup_reminder_days(days)?;
    }
    if let Some(to) = to {
        let passphrase = passphrase(passphrase_file)?.ok_or_else(|| {
            Failure::bad_input("hãy đặt mật khẩu bảo vệ khóa ký trong biến SKH_PASSPHRASE hoặc tệp --passphrase-file")
        })?;
        let path = store.backup_full(&backup::backup_folder(&to), &passphrase, &mut |_| {})?;
        written(writeln!(out, "{}", path.display()))?;
    }
    if list {
        let mut places = places;
        if places.is_empty() {
            places.push(store.backups_dir());
        }
        let found = list_backups(&places.iter().flat_map(|p| backup::drive_places(p)).collect::<Vec<_>>());
        written(writeln!(out, "{}", serde_json::to_string_pretty(&found).map_err(|e| Failure::system(e.to_string()))?))?;
    }
    Ok(())
}
