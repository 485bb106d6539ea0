//! Importing a bundle: trust (recipient, sender, pinned key, installation), then every record with
//! its outcome — new, updated, already present, older, conflict or refused with the reason —
//! applied in one transaction after a backup. The preview is the same run, rolled back, so what
//! the preview says is exactly what applying does.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::bundle::Refusal;
use crate::bundle::admit::Admission;
use crate::bundle::format::{BundleKind, FILES_PREFIX, Manifest, OfficeRef, RECORDS, is_file_entry};
use crate::bundle::identity::{self, fingerprint};
use crate::bundle::read::{self, for_each_record};
use crate::bundle::records::{Record, RecordTable, Row, children_of, columns, read_rows, spec, to_sql};
use crate::bundle::conflicts::{self, FoundConflict};
use crate::bundle::refusals;
use crate::bundle::signatures::{self, KeyBook, Verdict};
use crate::deadlines::RuleSpec;
use crate::deadlines::instances::{Rebuild, assigned_offices, check_rule_size, rebuild_rule, rebuild_rules};
use crate::error::{Error, Result};
use crate::ids::RuleId;
use crate::store::{self, Store, settings};

/// Page cache of the import transaction, in KiB (SQLite's negative `cache_size`).
const IMPORT_CACHE_KIB: i64 = -64 * 1024;

/// Most deadline instances one import may create (the rules a bundle brings, and the rules that
/// new or moved offices make it expand again): the work an import does
/// is bounded by what the bundle is, not only by its bytes (a few kilobytes of monthly rules for
/// many offices would otherwise make millions of rows).
pub const MAX_INSTANCES_PER_IMPORT: u64 = 200_000;

/// Most record issues listed in a preview (the counts are always complete).
pub const MAX_LISTED_ISSUES: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RecordIssueKind {
    /// The same record changed differently here and there: not applied, shown to resolve.
    Conflict,
    /// The sender may not change this record, or it is invalid.
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordIssue {
    pub table: String,
    pub id: String,
    pub kind: RecordIssueKind,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportCounts {
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Older versions of records we already have newer.
    pub older: u32,
    pub conflicts: u32,
    pub refused: u32,
    pub files: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    pub file_name: String,
    pub bundle_id: String,
    pub kind: BundleKind,
    pub sender: OfficeRef,
    pub recipient: OfficeRef,
    pub created_at: String,
    pub sender_fingerprint: String,
    /// The sender's key is seen for the first time and will be pinned: compare the fingerprint by phone.
    pub first_contact: bool,
    /// The sender changed its key with a valid statement signed by the old one.
    pub key_rotation: bool,
    /// This very bundle was imported before: nothing will change.
    pub already_imported: bool,
    pub counts: ImportCounts,
    pub issues: Vec<RecordIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportOutcome {
    pub preview: ImportPreview,
    pub applied: bool,
    /// The copy of the store made just before applying.
    pub backup: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportLogEntry {
    pub at: String,
    pub file_name: String,
    pub bundle_id: Option<String>,
    pub sender: Option<String>,
    /// "applied", "nothingNew" or "refused".
    pub outcome: String,
    pub message: String,
}

/// What the trust checks decided about the sender's key.
struct Trust {
    first_contact: bool,
    rotation: bool,
}

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
                let (outcome, message) = if preview.already_imported {
                    ("nothingNew", "Gói này đã được nhập trước đây; không có gì thay đổi.".to_string())
                } else if c.new + c.updated == 0 {
                    let conflicts = if c.conflicts > 0 {
                        format!(" Có {} xung đột cần xử lý ở mục «Xung đột cần xử lý».", c.conflicts)
                    } else {
                        String::new()
                    };
                    ("nothingNew", format!("Không có dữ liệu mới từ «{}».{conflicts}", preview.sender.name))
                } else {
                    (
                        "applied",
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
                self.log_import(&file_name, Some(&preview.bundle_id), Some(&preview.sender.name), outcome, &message, Some(&c))?;
                Ok(ImportOutcome { applied: outcome == "applied", backup, message, preview })
            }
            Err(error) => {
                self.log_refusal(path, &error)?;
                Err(error)
            }
        }
    }

    pub fn import_log(&self) -> Result<Vec<ImportLogEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, file_name, bundle_id, sender, outcome, message FROM import_log ORDER BY id DESC LIMIT 200",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportLogEntry {
                at: r.get(0)?,
                file_name: r.get(1)?,
                bundle_id: r.get(2)?,
                sender: r.get(3)?,
                outcome: r.get(4)?,
                message: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn log_refusal(&mut self, path: &Path, error: &Error) -> Result<()> {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.log_import(&file_name, None, None, "refused", &error.to_string(), None)
    }

    fn log_import(
        &mut self,
        file_name: &str,
        bundle_id: Option<&str>,
        sender: Option<&str>,
        outcome: &str,
        message: &str,
        counts: Option<&ImportCounts>,
    ) -> Result<()> {
        let summary = counts.map(|c| serde_json::to_string(c).unwrap_or_default());
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO import_log (at, file_name, bundle_id, sender, outcome, message, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![store::now(), file_name, bundle_id, sender, outcome, message, summary],
            )?;
            Ok(())
        })
    }

    /// An office named in a bundle, with the code and name of our own list when we have it.
    fn known_office(&self, named: &OfficeRef) -> OfficeRef {
        match self.get_office(named.id) {
            Ok(office) => OfficeRef { id: office.id, code: office.code, name: office.name },
            Err(_) => named.clone(),
        }
    }

    fn trust(&self, manifest: &Manifest) -> Result<Trust> {
        let own = self.own_office()?;
        if manifest.kind == BundleKind::Setup {
            if let Some(own) = own {
                return Err(Refusal::SetupOnConfiguredStore(own.name).into());
            }
            return Ok(Trust { first_contact: true, rotation: false });
        }
        let Some(own) = own else { return Err(Refusal::DataBeforeSetup.into()) };
        if manifest.recipient.id != own.id {
            return Err(Refusal::WrongRecipient {
                expected: format!("{} ({})", manifest.recipient.name, manifest.recipient.code),
                actual: format!("{} ({})", own.name, own.code),
            }
            .into());
        }
        let sender = self
            .get_office(manifest.sender.id)
            .map_err(|_| Refusal::UnknownSender(format!("{} ({})", manifest.sender.name, manifest.sender.code)))?;
        if own.parent_id != Some(sender.id) && sender.parent_id != Some(own.id) {
            return Err(Refusal::NotAPeer(sender.name).into());
        }
        match identity::pinned(&self.conn, sender.id)? {
            None => Ok(Trust { first_contact: true, rotation: false }),
            Some((key, installation)) if key == manifest.sender_public_key => {
                if installation.is_some_and(|i| i != manifest.sender_installation) {
                    return Err(Refusal::CopiedInstallation(sender.name).into());
                }
                Ok(Trust { first_contact: false, rotation: false })
            }
            Some((key, _)) => {
                let valid_rotation = manifest.key_rotation.as_ref().is_some_and(|r| {
                    r.new_installation_id == manifest.sender_installation
                        && identity::rotation_signed_by(&key, r, &manifest.sender_public_key)
                });
                if valid_rotation {
                    Ok(Trust { first_contact: false, rotation: true })
                } else {
                    Err(Refusal::ChangedKey {
                        office: sender.name,
                        pinned: fingerprint(&key),
                        found: fingerprint(&manifest.sender_public_key),
                    }
                    .into())
                }
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
            key_rotation: trust.rotation,
            already_imported: false,
            counts: ImportCounts::default(),
            issues: Vec::new(),
        };
        let seen: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM imported_bundles WHERE bundle_id = ?1)", [&manifest.bundle_id], |r| {
                r.get(0)
            })?;
        if seen {
            preview.already_imported = true;
            return Ok((preview, None));
        }
        let backup = if apply {
            let stem = format!(
                "truoc-khi-nhap-{}-{}",
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
            let seq = store::next_change_seq(&tx)?;
            let mut run = Run::new(&tx, &manifest, today, horizon, seq);
            // Files a record of the bundle refers to: copied into a staging folder of the data
            // folder, hashed as they are copied (what is stored is what was checked), made
            // durable by a second thread while the records are applied, and moved into place
            // before the commit only if a record this import wrote refers to them. A failed or
            // killed import leaves nothing in place; the staging folder is emptied each time.
            let staging = files_dir.join(STAGING_DIR);
            let (durable, copied) = std::sync::mpsc::channel::<(PathBuf, PathBuf)>();
            let placed = std::thread::scope(|scope| -> Result<Vec<(PathBuf, PathBuf)>> {
                let syncing = scope.spawn(move || make_durable(copied));
                let applied = (|| -> Result<()> {
                    let mut peer_file = tx.prepare_cached("INSERT OR IGNORE INTO peer_files (office_id, sha256) VALUES (?1, ?2)")?;
                    for info in manifest.entries.iter().filter(|e| is_file_entry(&e.name).is_some()) {
                        let sha = info.name.trim_start_matches(FILES_PREFIX);
                        if !checked.referenced_files.contains(sha) {
                            continue;
                        }
                        preview.counts.files += 1;
                        peer_file.execute(params![manifest.sender.id, sha])?;
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
            conflicts::keep_found(&tx, &manifest, &file_name, std::mem::take(&mut run.conflicts))?;
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
pub(super) fn apply_chosen_version(
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

/// Records checked together by the prechecker.
const PRECHECK_CHUNK: usize = 512;
/// A chunk is also closed once its lines reach this many bytes, so long lines make short chunks.
const PRECHECK_CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// Chunks read ahead of the one being applied …
const PRECHECK_AHEAD: usize = 2;
/// … and the bytes of line they may hold together: what records take in memory while they wait is
/// bounded by this, however long the lines (each at most `MAX_RECORD_LINE_BYTES`).
const PRECHECK_AHEAD_BYTES: usize = 16 * 1024 * 1024;

/// Reads the records and applies each with `apply`, in order, while a second thread checks the
/// signatures of the next chunks (each record is checked before it is applied, and only its
/// application touches the store).
fn apply_prechecked(
    records: &mut impl std::io::Read,
    prechecker: &signatures::Prechecker,
    mut apply: impl FnMut(Record, Option<&str>) -> Result<()>,
) -> Result<()> {
    let lost = || Error::invalid("Không kiểm tra được chữ ký các bản ghi.");
    std::thread::scope(|scope| {
        let (to_check, checking) = std::sync::mpsc::sync_channel::<Vec<Record>>(PRECHECK_AHEAD);
        let (to_apply, checked) = std::sync::mpsc::sync_channel(PRECHECK_AHEAD);
        scope.spawn(move || {
            for chunk in checking {
                if to_apply.send(prechecker.check(chunk)).is_err() {
                    break;
                }
            }
        });
        // Both channels end here, on success or error, so the checker stops before the scope ends.
        let mut apply_chunk = |chunk: Vec<(Record, Option<String>)>| -> Result<()> {
            chunk.into_iter().try_for_each(|(record, verified_with)| apply(record, verified_with.as_deref()))
        };
        // Chunks sent and not yet applied, with their bytes, oldest first.
        let mut in_flight = std::collections::VecDeque::<usize>::new();
        let mut next = |in_flight: &mut std::collections::VecDeque<usize>| -> Result<()> {
            let chunk = checked.recv().map_err(|_| lost())?;
            in_flight.pop_front();
            apply_chunk(chunk)
        };
        let mut chunk = Vec::with_capacity(PRECHECK_CHUNK);
        let mut chunk_bytes = 0usize;
        for_each_record(records, |_, len, record| -> Result<()> {
            chunk.push(record);
            chunk_bytes += len;
            if chunk.len() == PRECHECK_CHUNK || chunk_bytes >= PRECHECK_CHUNK_BYTES {
                to_check.send(std::mem::take(&mut chunk)).map_err(|_| lost())?;
                in_flight.push_back(std::mem::take(&mut chunk_bytes));
                while in_flight.len() > PRECHECK_AHEAD
                    || in_flight.len() > 1 && in_flight.iter().sum::<usize>() > PRECHECK_AHEAD_BYTES
                {
                    next(&mut in_flight)?;
                }
            }
            Ok(())
        })?;
        if !chunk.is_empty() {
            to_check.send(chunk).map_err(|_| lost())?;
            in_flight.push_back(chunk_bytes);
        }
        drop(to_check);
        while !in_flight.is_empty() {
            next(&mut in_flight)?;
        }
        Ok(())
    })
}

/// Folder of the data folder's files where an import copies attachments before they are in place.
const STAGING_DIR: &str = ".dang-nhap";

/// Empties (and makes) the staging folder: what a killed import left there is of no use.
fn clear_staging(staging: &Path) -> Result<()> {
    match std::fs::remove_dir_all(staging) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(staging, e)),
    }
    std::fs::create_dir_all(staging).map_err(|e| Error::io(staging, e))
}

/// Copies an attachment out of the bundle to `temp`, hashing the bytes as they are written: a
/// file that changed since the bundle was checked (a stick that changes under us, a failing
/// reader) is refused, never stored under a name its content does not match. A failed copy (a
/// full disk) leaves no partial file.
pub(super) fn copy_checked(archive: &mut read::Archive, info: &crate::bundle::format::EntryInfo, temp: &Path) -> Result<()> {
    let result = (|| -> Result<()> {
        let entry = archive.by_name(&info.name).map_err(|_| Refusal::MissingEntry(info.name.clone()))?;
        let mut hashing = read::HashingReader::new(std::io::Read::take(entry, info.size + 1));
        let mut out = std::fs::File::create(temp).map_err(|e| Error::io(temp, e))?;
        match read::copy(&mut hashing, &mut out) {
            Ok(_) => {}
            Err(read::CopyFailed::Read(_)) => return Err(Refusal::FileChanged(info.name.clone()).into()),
            Err(read::CopyFailed::Write(e)) => return Err(Error::io(temp, e)),
        }
        let (size, sha) = hashing.finish();
        if size != info.size || sha != info.sha256 {
            return Err(Refusal::FileChanged(info.name.clone()).into());
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(temp);
    }
    result
}

/// Syncs the copied files as they arrive, several at a time, and returns them to be moved into
/// place. A journaling file system commits concurrent syncs together; one at a time, each small
/// file costs a journal commit (30,000 files of a bundle took 47 s that way).
fn make_durable(copied: std::sync::mpsc::Receiver<(PathBuf, PathBuf)>) -> Result<Vec<(PathBuf, PathBuf)>> {
    const SYNCING: usize = 8;
    let copied = std::sync::Mutex::new(copied);
    let lost = || Error::invalid("Không ghi được tệp đính kèm.");
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..SYNCING)
            .map(|_| {
                scope.spawn(|| -> Result<Vec<(PathBuf, PathBuf)>> {
                    let mut synced = Vec::new();
                    loop {
                        let next = copied.lock().map_err(|_| lost())?.recv();
                        let Ok((temp, target)) = next else { return Ok(synced) };
                        let file = std::fs::OpenOptions::new().write(true).open(&temp).map_err(|e| Error::io(&temp, e))?;
                        file.sync_all().map_err(|e| Error::io(&temp, e))?;
                        synced.push((temp, target));
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            all.extend(worker.join().unwrap_or_else(|_| Err(lost()))?);
        }
        Ok(all)
    })
}

/// Peer sequence numbers, acknowledgements, pinned key, setup and the record of this bundle.
fn bookkeeping(tx: &Connection, manifest: &Manifest, trust: &Trust, file_name: &str, counts: &ImportCounts) -> Result<()> {
    let sender = manifest.sender.id;
    let previous_ack: Option<i64> =
        tx.query_row("SELECT acked_seq FROM peers WHERE office_id = ?1", [sender], |r| r.get(0)).optional()?;
    refusals::learn(tx, manifest, previous_ack)?;
    tx.execute(
        "INSERT INTO peers (office_id, acked_seq, imported_seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (office_id) DO UPDATE SET acked_seq = max(acked_seq, excluded.acked_seq),
             imported_seq = max(imported_seq, excluded.imported_seq)",
        params![sender, manifest.ack_seq, manifest.seq_to],
    )?;
    // Files of our bundles the sender has now acknowledged are files it has.
    let acked_files: Vec<String> = tx
        .prepare_cached("SELECT files FROM exported_bundles WHERE recipient_id = ?1 AND seq_to <= ?2")?
        .query_map(params![sender, manifest.ack_seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for files in acked_files {
        for sha in serde_json::from_str::<Vec<String>>(&files).unwrap_or_default() {
            tx.execute("INSERT OR IGNORE INTO peer_files (office_id, sha256) VALUES (?1, ?2)", params![sender, sha])?;
        }
    }
    if trust.first_contact || trust.rotation {
        let previous = if trust.rotation { manifest.key_rotation.as_ref().map(|r| r.old_public_key.as_str()) } else { None };
        identity::pin(tx, sender, &manifest.sender_public_key, &manifest.sender_installation, previous)?;
        if let Some(rotation) = manifest.key_rotation.as_ref().filter(|_| trust.rotation) {
            signatures::keep_rotation(tx, sender, rotation)?;
        }
    }
    if manifest.kind == BundleKind::Setup {
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM offices WHERE id = ?1 AND deleted = 0)", [manifest.recipient.id], |r| {
                r.get(0)
            })?;
        if !exists {
            return Err(Refusal::BadManifest("gói thiết lập không chứa đơn vị nhận".into()).into());
        }
        settings::set(tx, settings::OWN_OFFICE, &manifest.recipient.id.to_string())?;
    }
    tx.execute(
        "INSERT INTO imported_bundles (bundle_id, sender_id, seq_from, seq_to, imported_at, file_name, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            manifest.bundle_id,
            sender,
            manifest.seq_from,
            manifest.seq_to,
            store::now(),
            file_name,
            serde_json::to_string(counts).unwrap_or_default()
        ],
    )?;
    Ok(())
}

/// (table, column, parent table, the parent in words): a record refers to its parent record.
const DEPENDS_ON: &[(&str, &str, &str, &str)] = &[
    ("tasks", "document_id", "documents", "một văn bản"),
    ("deadline_rules", "task_id", "tasks", "một nhiệm vụ"),
    ("receipts", "report_id", "reports", "một báo cáo"),
];

/// One pass over the records of a bundle inside the import transaction.
struct Run<'a> {
    tx: &'a Connection,
    manifest: &'a Manifest,
    today: NaiveDate,
    horizon: NaiveDate,
    counts: ImportCounts,
    issues: Vec<RecordIssue>,
    /// Owners whose records the sender may bring; decided once the offices are in.
    allowed: Option<HashSet<String>>,
    stage: usize,
    rules: BTreeSet<String>,
    offices_changed: bool,
    /// The change every record this import writes is stamped with (one transaction, one change).
    seq: i64,
    /// Receipt dates of our own records of reports that the sender's records replaced.
    carried_receipts: HashMap<String, String>,
    /// The keys records are checked with, and those learnt from the sender.
    keys: KeyBook,
    /// Records refused in this run (table, key), so the records that depend on them are refused
    /// with the reason rather than a database error.
    refused: HashSet<(String, String)>,
    /// Conflicting versions, kept for the user to resolve.
    conflicts: Vec<FoundConflict>,
    /// Whether the store had conflicts waiting to be resolved when the run started: if not, no
    /// record of the run can supersede one (those the run finds are kept after it).
    pending_conflicts: Option<bool>,
    upserts: Upserts,
    /// What the sender may say: references and values (`admit`).
    admission: Admission,
    /// Files the records written by this run refer to: the only ones moved into place.
    stored_files: HashSet<String>,
    /// Instances this run created, against [`MAX_INSTANCES_PER_IMPORT`].
    instances: u64,
    /// Records refused in this run, kept to be listed for the sender.
    refusals: Vec<refusals::Refusal>,
    /// Whether records of the sender refused before are waiting (then accepted ones are struck).
    pending_refusals: Option<bool>,
}

impl<'a> Run<'a> {
    fn new(tx: &'a Connection, manifest: &'a Manifest, today: NaiveDate, horizon: NaiveDate, seq: i64) -> Self {
        Run {
            tx,
            manifest,
            today,
            horizon,
            counts: ImportCounts::default(),
            issues: Vec::new(),
            allowed: None,
            stage: 0,
            rules: BTreeSet::new(),
            offices_changed: false,
            seq,
            carried_receipts: HashMap::new(),
            keys: KeyBook::default(),
            refused: HashSet::new(),
            conflicts: Vec::new(),
            pending_conflicts: None,
            upserts: Upserts::default(),
            admission: Admission::new(manifest, today),
            stored_files: HashSet::new(),
            instances: 0,
            refusals: Vec::new(),
            pending_refusals: None,
        }
    }

    fn issue(&mut self, table: &str, id: &str, kind: RecordIssueKind, reason: String) {
        match kind {
            RecordIssueKind::Conflict => self.counts.conflicts += 1,
            RecordIssueKind::Refused => {
                self.counts.refused += 1;
                self.refused.insert((table.to_string(), id.to_string()));
                self.refusals.push(refusals::Refusal {
                    table: table.into(),
                    id: id.into(),
                    reason: reason.clone(),
                    what: String::new(),
                });
            }
        }
        if self.issues.len() < MAX_LISTED_ISSUES {
            self.issues.push(RecordIssue { table: table.into(), id: id.into(), kind, reason });
        }
    }

    /// The owners the sender may bring records of: itself and, going up, its sub-offices; going
    /// down, the levels above it. A setup bundle comes from the parent we are about to trust.
    fn allowed(&mut self) -> Result<&HashSet<String>> {
        if self.allowed.is_none() {
            let tree: Vec<(String, Option<String>)> = self
                .tx
                .prepare_cached("SELECT id, parent_id FROM offices WHERE deleted = 0")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let sender = self.manifest.sender.id.to_string();
            let recipient = self.manifest.recipient.id.to_string();
            let parent_of: HashMap<&str, Option<&str>> = tree.iter().map(|(id, p)| (id.as_str(), p.as_deref())).collect();
            let sender_is_parent = parent_of.get(recipient.as_str()).copied().flatten() == Some(sender.as_str())
                || self.manifest.kind == BundleKind::Setup;
            let mut allowed = HashSet::from([sender.clone()]);
            if sender_is_parent {
                let mut current = parent_of.get(sender.as_str()).copied().flatten();
                while let Some(id) = current.filter(|id| allowed.insert(id.to_string())) {
                    current = parent_of.get(id).copied().flatten();
                }
            } else {
                let mut frontier = vec![sender.clone()];
                while let Some(parent) = frontier.pop() {
                    for (id, p) in &tree {
                        if p.as_deref() == Some(parent.as_str()) && allowed.insert(id.clone()) {
                            frontier.push(id.clone());
                        }
                    }
                }
            }
            self.allowed = Some(allowed);
        }
        Ok(self.allowed.get_or_insert_with(HashSet::new))
    }

    /// Applies one record; `verified_with` as for `KeyBook::check`. A refused record is kept to be
    /// listed for the sender (in words, from the version refused); one accepted no longer waits.
    fn record(&mut self, record: Record, verified_with: Option<&str>) -> Result<()> {
        let (refused, conflicts) = (self.refusals.len(), self.counts.conflicts);
        self.apply_record(&record, verified_with)?;
        if self.refusals.len() > refused {
            let what = refusals::describe(self.tx, &record.table, &record.row)?;
            for refusal in &mut self.refusals[refused..] {
                refusal.what.clone_from(&what);
            }
        } else if self.counts.conflicts == conflicts && self.pending_refusals()? {
            if let Some((_, table)) = spec(&record.table) {
                let id = record.row.get(table.key).and_then(|v| v.as_str()).unwrap_or_default();
                refusals::accepted(self.tx, self.manifest.sender.id, table.table, id)?;
            }
        }
        Ok(())
    }

    fn pending_refusals(&mut self) -> Result<bool> {
        if let Some(pending) = self.pending_refusals {
            return Ok(pending);
        }
        let pending = refusals::any_from(self.tx, self.manifest.sender.id)?;
        self.pending_refusals = Some(pending);
        Ok(pending)
    }

    fn apply_record(&mut self, record: &Record, verified_with: Option<&str>) -> Result<()> {
        let Some((stage, table)) = spec(&record.table) else { return Ok(()) };
        if stage != self.stage {
            self.enter_stage(stage)?;
        }
        let key = record.row.get(table.key).cloned().unwrap_or(Value::Null);
        let id = key.as_str().unwrap_or_default().to_string();
        let owner = record.row.get(table.owner).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        if stage > 0 && !self.allowed()?.contains(&owner) || stage == 0 && !self.owner_allowed_for_office(&owner)? {
            let name = self.office_name(&owner)?;
            let reason = format!(
                "«{}» không có quyền gửi bản ghi thuộc «{name}»: chỉ đơn vị làm ra bản ghi mới được thay đổi nó.",
                self.manifest.sender.name
            );
            self.issue(table.table, &id, RecordIssueKind::Refused, reason);
            return Ok(());
        }
        if let Some(reason) = self.depends_on_refused(table.table, record) {
            self.issue(table.table, &id, RecordIssueKind::Refused, reason);
            return Ok(());
        }
        let local: Option<(String, String)> = self
            .tx
            .prepare_cached(&format!("SELECT {}, updated_at FROM {} WHERE {} = ?1", table.owner, table.table, table.key))?
            .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let incoming_at = record.row.get("updated_at").and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let is_new = local.is_none();
        if local.as_ref().is_some_and(|(local_owner, _)| *local_owner != owner) {
            let reason = "bản ghi này ở máy nhận thuộc đơn vị khác; không đổi được chủ sở hữu.".to_string();
            self.issue(table.table, &id, RecordIssueKind::Refused, reason);
            return Ok(());
        }
        if let Err(reason) = self.admission.check(self.tx, &record)? {
            self.issue(table.table, &id, RecordIssueKind::Refused, reason);
            return Ok(());
        }
        if let Some((_, local_at)) = &local {
            match incoming_at.as_str().cmp(local_at.as_str()) {
                std::cmp::Ordering::Less => {
                    self.counts.older += 1;
                    return Ok(());
                }
                std::cmp::Ordering::Equal => {
                    let ours = self.local_record(table, &key)?;
                    if ours.same_content(record) {
                        self.counts.unchanged += 1;
                    } else if let Some(verdict) = self.signature(table.table, &id, &owner, record, verified_with)? {
                        let reason = format!(
                            "cùng thời điểm sửa nhưng nội dung khác với bản ở máy này: có thể đã sửa trên hai máy. Bản trong gói được giữ lại ở mục «Xung đột cần xử lý» (Trao đổi dữ liệu) để chọn sau khi thống nhất với «{}».",
                            self.manifest.sender.name
                        );
                        self.keep_conflict(table, &id, record.clone(), ours, verdict, &reason);
                        self.issue(table.table, &id, RecordIssueKind::Conflict, reason);
                    }
                    return Ok(());
                }
                std::cmp::Ordering::Greater => {}
            }
        }
        let Some(verdict) = self.signature(table.table, &id, &owner, record, verified_with)? else { return Ok(()) };
        if table.table == "reports" && is_new
            && let Some(reason) = self.replace_report_made_for_sender(record, &id)? {
                self.issue(table.table, &id, RecordIssueKind::Conflict, reason);
                return Ok(());
            }
        match self.write_verified(table, record, &key, &id, &owner, &verdict)? {
            Ok(()) if is_new => self.counts.new += 1,
            Ok(()) => self.counts.updated += 1,
            Err(reason) => self.issue(table.table, &id, RecordIssueKind::Refused, reason),
        }
        Ok(())
    }

    /// Writes a record whose signature was checked, keeps the signature, and settles conflicts
    /// about it, all or nothing; an error is the Vietnamese reason it was refused.
    fn write_verified(
        &mut self,
        table: &RecordTable,
        record: &Record,
        key: &Value,
        id: &str,
        owner: &str,
        verdict: &Verdict,
    ) -> Result<std::result::Result<(), String>> {
        self.tx.prepare_cached("SAVEPOINT ban_ghi")?.execute([])?;
        match self.write(table, record, key) {
            Ok(()) => {
                for child in ["attachments", "report_files"] {
                    for row in record.children.get(child).into_iter().flatten() {
                        if let Some(sha) = row.get("sha256").and_then(|v| v.as_str()) {
                            self.stored_files.insert(sha.to_string());
                        }
                    }
                }
                signatures::keep(self.tx, table.table, id, owner, verdict)?;
                if self.pending_conflicts()? {
                    conflicts::supersede(self.tx, table.table, id)?;
                }
                self.tx.prepare_cached("RELEASE ban_ghi")?.execute([])?;
                self.touched(table.table, record, id)?;
                Ok(Ok(()))
            }
            Err(reason) => {
                self.tx.execute_batch("ROLLBACK TO ban_ghi; RELEASE ban_ghi")?;
                Ok(Err(reason))
            }
        }
    }

    fn pending_conflicts(&mut self) -> Result<bool> {
        if let Some(pending) = self.pending_conflicts {
            return Ok(pending);
        }
        let pending = conflicts::any_pending(self.tx)?;
        self.pending_conflicts = Some(pending);
        Ok(pending)
    }

    fn keep_conflict(&mut self, table: &RecordTable, id: &str, incoming: Record, local: Record, verdict: Verdict, reason: &str) {
        let signed_by = match verdict {
            Verdict::Signed(key, _) => Some(key),
            Verdict::VouchedByBundle | Verdict::Refused(_) => None,
        };
        self.conflicts.push(FoundConflict {
            table: table.table.to_string(),
            key: id.to_string(),
            incoming,
            signed_by,
            local,
            reason: reason.to_string(),
        });
    }

    /// Applies the version the user chose in a conflict, as its import would have: the sender
    /// must still be allowed to send it, and our version must still be the one shown.
    fn apply_chosen(&mut self, record: Record, shown_local: &Record, verdict: &Verdict) -> Result<std::result::Result<(), String>> {
        let Some((stage, table)) = spec(&record.table) else {
            return Ok(Err(format!("loại bản ghi lạ «{}»", record.table)));
        };
        self.enter_stage(stage)?;
        let key = record.row.get(table.key).cloned().unwrap_or(Value::Null);
        let id = key.as_str().unwrap_or_default().to_string();
        let owner = record.row.get(table.owner).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let allowed = if stage == 0 { self.owner_allowed_for_office(&owner)? } else { self.allowed()?.contains(&owner) };
        if !allowed {
            return Ok(Err(format!("«{}» không có quyền gửi bản ghi này.", self.manifest.sender.name)));
        }
        if !self.local_record(table, &key)?.same_content(shown_local) {
            return Ok(Err("bản trên máy này đã thay đổi từ khi phát hiện xung đột; hãy tải lại màn hình.".into()));
        }
        let written = self.write_verified(table, &record, &key, &id, &owner, verdict)?;
        if written.is_ok() {
            self.finish()?;
        }
        Ok(written)
    }

    /// The reason to refuse a record that belongs to one refused earlier in this run.
    fn depends_on_refused(&self, table: &str, record: &Record) -> Option<String> {
        DEPENDS_ON.iter().filter(|(t, _, _, _)| *t == table).find_map(|(_, column, parent, what)| {
            let key = record.row.get(*column)?.as_str()?;
            self.refused.contains(&(parent.to_string(), key.to_string())).then(|| {
                format!("thuộc {what} bị từ chối ở trên nên cũng không nhập.")
            })
        })
    }

    /// Checks the owner's signature of a record about to be applied or shown as a conflict; a
    /// refused one is listed with its reason and `None` returned.
    fn signature(&mut self, table: &str, id: &str, owner: &str, record: &Record, verified_with: Option<&str>) -> Result<Option<Verdict>> {
        match self.keys.check(self.tx, self.manifest, owner, record, verified_with)? {
            Verdict::Refused(problem) => {
                let reason = problem.reason(&self.office_name(owner)?, &self.manifest.sender.name);
                self.issue(table, id, RecordIssueKind::Refused, reason);
                Ok(None)
            }
            verdict => Ok(Some(verdict)),
        }
    }

    /// A sub-office's own report for a deadline we had recorded for it (it came by post): ours
    /// steps aside (a tombstone) and its receipt date carries over. Returns a conflict reason when
    /// the deadline already has a live report we did not make.
    fn replace_report_made_for_sender(&mut self, record: &Record, id: &str) -> Result<Option<String>> {
        let field = |name: &str| record.row.get(name).and_then(|v| v.as_str()).unwrap_or_default();
        let live = record.row.get("deleted").and_then(|v| v.as_i64()) == Some(0);
        if !live {
            return Ok(None);
        }
        let submitters_own = field("owner_office_id") == field("office_id");
        let instance = field("instance_id");
        let existing: Option<(String, String, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT r.id, r.owner_office_id, rc.received_on FROM reports r
                 LEFT JOIN receipts rc ON rc.report_id = r.id AND rc.deleted = 0
                 WHERE r.instance_id = ?1 AND r.deleted = 0 AND r.id <> ?2",
            )?
            .query_row(params![instance, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((local, owner, received_on)) = existing else { return Ok(None) };
        let own: Option<String> = settings::get(self.tx, settings::OWN_OFFICE)?;
        let made_on_behalf = own.as_deref() == Some(owner.as_str()) && owner != field("office_id");
        if !(submitters_own && made_on_behalf) {
            return Ok(Some("hạn này đã có một báo cáo khác ở máy nhận; hãy kiểm tra và thống nhất với đơn vị gửi.".into()));
        }
        let seq = store::next_change_seq(self.tx)?;
        let now = store::now();
        self.tx.execute(
            "UPDATE reports SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE id = ?1",
            params![local, now, seq],
        )?;
        self.tx.execute(
            "UPDATE receipts SET deleted = 1, updated_at = ?2, change_seq = ?3 WHERE report_id = ?1",
            params![local, now, seq],
        )?;
        if let Some(received_on) = received_on {
            self.carried_receipts.insert(id.to_string(), received_on);
        }
        Ok(None)
    }

    /// Offices: the sender may add or change offices it owns, or (going down) its ancestors own.
    fn owner_allowed_for_office(&mut self, owner: &str) -> Result<bool> {
        let sender = self.manifest.sender.id.to_string();
        if owner == sender || self.manifest.kind == BundleKind::Setup {
            return Ok(true);
        }
        // Offices are applied before the tree is final: decide on the tree as it is now.
        Ok(self.allowed()?.contains(owner))
    }

    fn office_name(&self, id: &str) -> Result<String> {
        Ok(self
            .tx
            .prepare_cached("SELECT name FROM offices WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| id.to_string()))
    }

    fn local_record(&self, table: &RecordTable, key: &Value) -> Result<Record> {
        let sql = format!("SELECT * FROM {} WHERE {} = ?1", table.table, table.key);
        let key_sql = to_sql(key).unwrap_or(SqlValue::Null);
        let row = read_rows(self.tx, &sql, [&key_sql])?.into_iter().next().unwrap_or_default();
        Ok(Record { table: table.table.into(), row, children: children_of(self.tx, table, key)?, signature: None })
    }

    /// Writes a record and its children; an error is the Vietnamese reason it was refused.
    fn write(&mut self, table: &RecordTable, record: &Record, key: &Value) -> std::result::Result<(), String> {
        let sql_error = |e: rusqlite::Error| crate::error::sqlite_text(&e);
        let seq = self.seq;
        self.upserts.write(self.tx, table.table, table.key, &record.row, seq)?;
        for child in table.children {
            let rows = record.children.get(child.table).map(Vec::as_slice).unwrap_or_default();
            let key_sql = to_sql(key).unwrap_or(SqlValue::Null);
            self.tx
                .prepare_cached(&format!("DELETE FROM {} WHERE {} = ?1", child.table, child.parent_column))
                .and_then(|mut delete| delete.execute([&key_sql]))
                .map_err(sql_error)?;
            for row in rows {
                if row.get(child.parent_column) != Some(key) {
                    return Err(format!("dòng con của «{}» không thuộc bản ghi này", child.table));
                }
                self.upserts.write(self.tx, child.table, "", row, seq)?;
            }
        }
        if record.children.keys().any(|k| !table.children.iter().any(|c| c.table == k)) {
            return Err("có dữ liệu con không được phép".into());
        }
        if table.table == "documents" {
            crate::documents::refresh_derived(self.tx, key.as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
        }
        if table.table == "deadline_rules" {
            let spec = record.row.get("spec").and_then(|v| v.as_str()).unwrap_or_default();
            let parsed: RuleSpec = serde_json::from_str(spec).map_err(|e| format!("hạn không đọc được ({e})"))?;
            // Its values were checked on admission (`admit`). The rule's task is in (tasks come
            // first): refuse the rule rather than the bundle when it would make too many deadlines.
            let task = record.row.get("task_id").and_then(|v| v.as_str()).and_then(|t| t.parse().ok());
            if let Some(task) = task {
                let assignees = store::tasks::assignees(self.tx, task).map_err(|e| e.to_string())?;
                let offices = assigned_offices(self.tx, &assignees).map_err(|e| e.to_string())?;
                check_rule_size(&parsed, &offices, self.horizon).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }

    fn touched(&mut self, table: &str, record: &Record, id: &str) -> Result<()> {
        match table {
            "offices" => self.offices_changed = true,
            "documents" if record.row.get("deleted").and_then(|v| v.as_i64()) == Some(1) => {
                crate::deadlines::instances::remove_document_instances(self.tx, id)?;
            }
            "tasks" => {
                let rules: Vec<String> = self
                    .tx
                    .prepare_cached("SELECT id FROM deadline_rules WHERE task_id = ?1")?
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                self.rules.extend(rules);
            }
            "deadline_rules" => {
                self.rules.insert(id.to_string());
            }
            _ => {}
        }
        Ok(())
    }

    /// Moving on to a later table: offices settle who may send what; rules must be expanded
    /// before reports refer to their instances.
    fn enter_stage(&mut self, stage: usize) -> Result<()> {
        if self.stage == 0 {
            self.allowed = None;
        }
        if stage >= 4 && self.stage < 4 {
            self.rebuild()?;
        }
        self.stage = stage;
        Ok(())
    }

    fn rebuild(&mut self) -> Result<()> {
        // Only created instances count against the bound: a new commune rebuilds every rule
        // assigned by level, but writes only the commune's own instances.
        let over = |instances: u64| -> Result<()> {
            if instances > MAX_INSTANCES_PER_IMPORT {
                return Err(Refusal::TooMuchWork { limit: MAX_INSTANCES_PER_IMPORT }.into());
            }
            Ok(())
        };
        if self.offices_changed {
            let instances = &mut self.instances;
            rebuild_rules(self.tx, Rebuild::AssignedByLevel, self.horizon, &mut |created| {
                *instances += created as u64;
                over(*instances)
            })?;
            self.offices_changed = false;
        }
        for rule in std::mem::take(&mut self.rules) {
            let found: Option<(String, String, i64, i64)> = self
                .tx
                .prepare_cached(
                    "SELECT r.spec, t.id, r.deleted, t.deleted FROM deadline_rules r JOIN tasks t ON t.id = r.task_id
                     WHERE r.id = ?1",
                )?
                .query_row([&rule], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            let Some((spec, task, rule_deleted, task_deleted)) = found else { continue };
            let rule_id: RuleId = rule.parse()?;
            if rule_deleted != 0 || task_deleted != 0 {
                crate::deadlines::instances::remove_rule_instances(self.tx, rule_id)?;
                continue;
            }
            let spec: RuleSpec = serde_json::from_str(&spec).map_err(|e| Error::invalid(e.to_string()))?;
            let assignees = store::tasks::assignees(self.tx, task.parse()?)?;
            let offices = assigned_offices(self.tx, &assignees)?;
            self.instances += rebuild_rule(self.tx, rule_id, &spec, &offices, self.horizon)? as u64;
            over(self.instances)?;
        }
        Ok(())
    }

    /// After the last record: expand rules, mirror reports into instances, and issue receipts for
    /// the reports that came up to us from below.
    fn finish(&mut self) -> Result<()> {
        self.rebuild()?;
        self.keys.pin_learnt(self.tx, self.manifest.sender.id)?;
        let own: Option<String> = settings::get(self.tx, settings::OWN_OFFICE)?;
        let sender_is_child = own.as_deref().is_some_and(|own| {
            self.tx
                .query_row("SELECT parent_id FROM offices WHERE id = ?1", [self.manifest.sender.id], |r| {
                    r.get::<_, Option<String>>(0)
                })
                .ok()
                .flatten()
                .as_deref()
                == Some(own)
        });
        if sender_is_child
            && let Some(own) = &own {
                // Every live report this import wrote; receipt dates carried over first.
                let seq = self.seq;
                let mut insert = self.tx.prepare_cached(
                    "INSERT INTO receipts (report_id, received_on, receiver_office_id, updated_at, change_seq)
                     SELECT id, ?2, ?3, ?4, ?5 FROM reports WHERE id = ?1 AND deleted = 0
                     ON CONFLICT (report_id) DO NOTHING",
                )?;
                for (report, received_on) in std::mem::take(&mut self.carried_receipts) {
                    insert.execute(params![report, received_on, own, store::now(), seq])?;
                }
                self.tx
                    .prepare_cached(
                        "INSERT INTO receipts (report_id, received_on, receiver_office_id, updated_at, change_seq)
                         SELECT id, ?2, ?3, ?4, ?1 FROM reports WHERE change_seq >= ?1 AND deleted = 0
                         ON CONFLICT (report_id) DO NOTHING",
                    )?
                    .execute(params![seq, self.today.to_string(), own, store::now()])?;
            }
        crate::reports::sync_instances_changed_after(self.tx, self.seq - 1)?;
        Ok(())
    }
}

/// The insert statement of each table, built once per import from the table's columns.
#[derive(Default)]
struct Upserts(HashMap<&'static str, Upsert>);

struct Upsert {
    /// The carried columns in table order, and sorted (as a row's keys are).
    columns: Vec<String>,
    sorted: Vec<String>,
    /// Local columns a new row starts with: `change_seq` (the import's), `search_text` ('').
    change_seq: bool,
    search_text: bool,
    sql: String,
}

impl Upsert {
    fn new(tx: &Connection, table: &str, key: &str) -> Result<Upsert> {
        let columns = columns(tx, table)?;
        let has = |column: &str| -> Result<bool> {
            Ok(tx.prepare_cached(&format!("SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"))?.exists([column])?)
        };
        let (change_seq, search_text) = (has("change_seq")?, has("search_text")?);
        let mut names = columns.clone();
        names.extend(change_seq.then(|| "change_seq".to_string()));
        names.extend(search_text.then(|| "search_text".to_string()));
        let placeholders = (1..=names.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let conflict = if key.is_empty() {
            String::new()
        } else {
            let mut updates = columns.iter().filter(|c| *c != key).map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>();
            updates.extend(change_seq.then(|| "change_seq = excluded.change_seq".to_string()));
            format!(" ON CONFLICT ({key}) DO UPDATE SET {}", updates.join(", "))
        };
        let sql = format!("INSERT INTO {table} ({}) VALUES ({placeholders}){conflict}", names.join(", "));
        let mut sorted = columns.clone();
        sorted.sort();
        Ok(Upsert { columns, sorted, change_seq, search_text, sql })
    }
}

impl Upserts {
    /// Inserts or replaces a row from its carried columns, which must be exactly the table's,
    /// stamped with `seq`. A new row's `search_text` starts empty; the caller fills it.
    fn write(&mut self, tx: &Connection, table: &'static str, key: &str, row: &Row, seq: i64) -> std::result::Result<(), String> {
        let upsert = match self.0.entry(table) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Upsert::new(tx, table, key).map_err(|e| e.to_string())?),
        };
        if !row.keys().eq(upsert.sorted.iter()) {
            return Err(format!("các trường của «{table}» không khớp phiên bản dữ liệu"));
        }
        let mut values: Vec<SqlValue> = upsert
            .columns
            .iter()
            .map(|c| row.get(c).and_then(to_sql).ok_or_else(|| format!("trường «{c}» có giá trị không hợp lệ")))
            .collect::<std::result::Result<_, _>>()?;
        values.extend(upsert.change_seq.then_some(SqlValue::Integer(seq)));
        values.extend(upsert.search_text.then(|| SqlValue::Text(String::new())));
        tx.prepare_cached(&upsert.sql)
            .and_then(|mut insert| insert.execute(rusqlite::params_from_iter(values.iter())))
            .map(|_| ())
            .map_err(|e| crate::error::sqlite_text(&e))
    }
}
