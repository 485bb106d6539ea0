//! Importing a bundle: trust (recipient, sender, pinned key, installation), then every record with
//! its outcome — new, updated, already present, older, conflict or refused with the reason —
//! applied in one transaction after a backup. The preview is the same run, rolled back, so what
//! the preview says is exactly what applying does.

mod bookkeeping;
mod checks;
pub(super) mod files;
mod log;
mod record;
mod shown;
mod trust;
mod upsert;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::bundle::Refusal;
use crate::bundle::format::{BundleKind, FILES_PREFIX, Manifest, RECORDS, is_file_entry};
use crate::bundle::identity::fingerprint;
use crate::bundle::read::{self};
use crate::bundle::records::Record;
use crate::bundle::refusals;
use crate::bundle::signatures::Verdict;
use crate::error::{Error, Result};
use crate::store::{self, Store, import_log::Attempt};

use bookkeeping::*;
use checks::*;
use files::*;
use record::*;
pub use shown::*;
use trust::*;
use upsert::*;

/// Page cache of the import transaction, in KiB (SQLite's negative `cache_size`).
const IMPORT_CACHE_KIB: i64 = -64 * 1024;

/// Most deadline instances one import may create (the rules a bundle brings, and the rules that
/// new or moved offices make it expand again): the work an import does
/// is bounded by what the bundle is, not only by its bytes (a few kilobytes of monthly rules for
/// many offices would otherwise make millions of rows).
pub const MAX_INSTANCES_PER_IMPORT: u64 = 200_000;

impl Store {
    /// What importing `path` would do, without changing anything.
    /// A bundle refused already here is written to the import log, as a refused import is.
    pub fn preview_import(&mut self, path: &Path, today: NaiveDate) -> Result<ImportPreview> {
        match self.run_import(path, today, false) {
            Ok((preview, _)) => Ok(preview),
            Err(error) => {
                self.log_refusal(path, &error)?;
                Err(error)
            }
        }
    }

    /// Imports `path`: checks everything, backs the store up, applies all in one transaction and
    /// logs the attempt. A refused bundle changes nothing but the log.
    pub fn import_bundle(&mut self, path: &Path, today: NaiveDate) -> Result<ImportOutcome> {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match self.run_import(path, today, true) {
            Ok((preview, backup)) => {
                let c = preview.counts;
                let (outcome, message) = if preview.kind == BundleKind::Recovery && !preview.already_imported {
                    (LoggedOutcome::Applied, crate::bundle::recovery::recovered_message(&preview, today))
                } else if preview.already_imported {
                    (LoggedOutcome::NothingNew, "Gói này đã được nhập trước đây; không có gì thay đổi.".to_string())
                } else if c.new + c.updated == 0 {
                    let conflicts = if c.conflicts > 0 {
                        format!(" Có {} xung đột cần xử lý ở mục «Xung đột cần xử lý».", c.conflicts)
                    } else {
                        String::new()
                    };
                    (LoggedOutcome::NothingNew, format!("Không có dữ liệu mới từ «{}».{conflicts}", preview.sender.name))
                } else {
                    (
                        LoggedOutcome::Applied,
                        format!(
                            "Đã nhập gói của «{}»: {} bản ghi mới, {} cập nhật, {} đã có{}{}.",
                            preview.sender.name,
                            c.new,
                            c.updated,
                            c.unchanged + c.older,
                            if c.conflicts > 0 { format!(", {} xung đột cần xử lý", c.conflicts) } else { String::new() },
                            if c.refused > 0 { format!(", {} bị từ chối", c.refused) } else { String::new() },
                        ),
                    )
                };
                let message = if c.refused > 0 && !preview.already_imported {
                    format!(
                        "{message} {} bản ghi bị từ chối chưa được nhận: chúng được liệt kê cho «{}» trong gói gửi đi tiếp theo để đơn vị đó gửi lại.",
                        c.refused, preview.sender.name
                    )
                } else {
                    message
                };
                let attempt = Attempt {
                    file_name: &file_name,
                    bundle_id: Some(&preview.bundle_id),
                    sender: Some(&preview.sender.name),
                    outcome,
                    message: &message,
                    summary: Some(serde_json::to_string(&c).unwrap_or_default()),
                };
                self.transact(|tx| store::import_log::add(tx, &attempt))?;
                Ok(ImportOutcome { applied: outcome == LoggedOutcome::Applied, backup, message, preview })
            }
            Err(error) => {
                self.log_refusal(path, &error)?;
                Err(error)
            }
        }
    }
    fn run_import(&mut self, path: &Path, today: NaiveDate, apply: bool) -> Result<(ImportPreview, Option<String>)> {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut checked = read::check(path)?;
        let manifest = checked.manifest.clone();
        let trust = self.trust(&manifest)?;
        let mut preview = ImportPreview {
            file_name: file_name.clone(),
            bundle_id: manifest.bundle_id.clone(),
            kind: manifest.kind,
            // Offices by our own list when we know them, not by what the bundle claims.
            sender: self.known_office(&manifest.sender),
            recipient: self.known_office(&manifest.recipient),
            created_at: manifest.created_at.clone(),
            sender_fingerprint: fingerprint(&manifest.sender_public_key),
            first_contact: trust.first_contact,
            // A key changed by a rotation the old key signed, or reissued by the parent.
            key_rotation: trust.rotation || trust.reissue,
            last_sent_up: manifest.recipient_last_heard.clone(),
            already_imported: false,
            counts: ImportCounts::default(),
            issues: Vec::new(),
        };
        if store::bundles::was_imported(&self.conn, &manifest.bundle_id)? {
            preview.already_imported = true;
            return Ok((preview, None));
        }
        let backup = if apply {
            let stem = format!(
                "{}{}-{}",
                store::backup::BEFORE_IMPORT_PREFIX,
                today.format("%Y-%m-%d"),
                &manifest.bundle_id.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
            );
            Some(self.backup_to_new(&self.backups_dir(), &stem)?.display().to_string())
        } else {
            None
        };
        let horizon = self.instances_horizon()?;
        let files_dir = self.files_dir().to_path_buf();
        // A cache that holds the pages the transaction changes, so they are written once at the
        // commit rather than spilled to the journal and written again; bounded whatever the size
        // of the bundle, and given back after.
        let cache: i64 = self.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
        let staging = files_dir.join(STAGING_DIR);
        if apply {
            clear_staging(&staging)?;
        }
        let result = (|| -> Result<()> {
            let tx = self.conn.transaction()?;
            // Keys reissued by a parent are trusted before the records signed with them are checked.
            crate::bundle::recovery::learn_reissues(&tx, &manifest)?;
            let seq = store::next_change_seq(&tx)?;
            let mut run = Run::new(&tx, &manifest, today, horizon, seq);
            // Files a record of the bundle refers to: copied into a staging folder of the data
            // folder, hashed as they are copied (what is stored is what was checked), made
            // durable by a second thread while the records are applied, and moved into place
            // before the commit only if a record this import wrote refers to them. A failed or
            // killed import leaves nothing in place; the staging folder is emptied each time.
            let staging = files_dir.join(STAGING_DIR);
            let (durable, copied) = std::sync::mpsc::channel::<(PathBuf, PathBuf)>();
            // Files the sender has, noted once the records are in (a setup or recovery bundle
            // brings the sender's office with them).
            let mut sender_has = Vec::new();
            let placed = std::thread::scope(|scope| -> Result<Vec<(PathBuf, PathBuf)>> {
                let syncing = scope.spawn(move || make_durable(copied));
                let applied = (|| -> Result<()> {
                    for info in manifest.entries.iter().filter(|e| is_file_entry(&e.name).is_some()) {
                        let sha = info.name.trim_start_matches(FILES_PREFIX);
                        if !checked.referenced_files.contains(sha) {
                            continue;
                        }
                        preview.counts.files += 1;
                        sender_has.push(sha.to_string());
                        let target = files_dir.join(&sha[..2]).join(sha);
                        if apply && !target.exists() {
                            let temp = staging.join(sha);
                            copy_checked(&mut checked.archive, info, &temp)?;
                            // A closed channel means the other thread failed; its error is told below.
                            let _ = durable.send((temp, target));
                        }
                    }
                    drop(durable);
                    let mut records = checked.archive.by_name(RECORDS).map_err(|_| Refusal::MissingEntry(RECORDS.into()))?;
                    let prechecker = run.keys.prechecker(&tx, &manifest)?;
                    apply_prechecked(&mut records, &prechecker, |record, verified_with| run.record(record, verified_with))?;
                    run.finish()
                })();
                let synced = syncing.join().unwrap_or_else(|_| Err(Error::invalid("Không ghi được tệp đính kèm.")));
                applied.and(synced)
            })?;
            for sha in &sender_has {
                store::peers::add_file(&tx, manifest.sender.id, sha)?;
            }
            for (temp, target) in placed {
                let sha = target.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if run.stored_files.contains(sha) {
                    if let Some(dir) = target.parent() {
                        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                    }
                    std::fs::rename(&temp, &target).map_err(|e| Error::io(&target, e))?;
                } else {
                    let _ = std::fs::remove_file(&temp);
                }
            }
            let found_in = store::record_conflicts::FoundIn {
                bundle_id: &manifest.bundle_id,
                sender_id: &manifest.sender.id.to_string(),
                file_name: &file_name,
            };
            store::record_conflicts::keep(&tx, &found_in, std::mem::take(&mut run.conflicts))?;
            preview.counts = ImportCounts { files: preview.counts.files, ..run.counts };
            preview.issues = std::mem::take(&mut run.issues);
            refusals::keep(&tx, &manifest, &today.to_string(), &run.refusals)?;
            drop(run);
            bookkeeping(&tx, &manifest, &trust, &file_name, &preview.counts)?;
            if apply {
                tx.commit()?;
            }
            Ok(())
        })();
        if apply {
            // Whatever was not moved into place (a refused bundle, a full disk) goes now.
            let _ = clear_staging(&staging);
        }
        self.conn.pragma_update(None, "cache_size", cache)?;
        result?;
        Ok((preview, backup))
    }
}
/// Applies one version the user chose to resolve a conflict, inside `tx`, through the same
/// checks and writes as an import from `source` (the bundle it came in).
pub(crate) fn apply_chosen_version(
    tx: &Connection,
    source: &Manifest,
    today: NaiveDate,
    horizon: NaiveDate,
    record: Record,
    shown_local: &Record,
    verdict: Verdict,
) -> Result<std::result::Result<(), String>> {
    let seq = store::next_change_seq(tx)?;
    Run::new(tx, source, today, horizon, seq).apply_chosen(record, shown_local, &verdict)
}
