//! Writing a bundle for the office above or a sub-office: every record it may see that it has not
//! acknowledged, and the files it does not have yet. Written to a temporary file in the target
//! folder, synced, renamed, then read back and checked, so a pulled-out stick never leaves a file
//! that looks complete.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::bundle::format::{
    BUNDLE_EXTENSION, BundleKind, CAPABILITIES, EntryInfo, FILES_PREFIX, FORMAT_VERSION, MANIFEST, MAX_ENTRIES,
    MAX_MANIFEST_BYTES, Manifest, OfficeRef, RECORDS, SIGNATURE,
};
use crate::bundle::identity::sign;
use crate::bundle::records::{RECORD_TABLES, for_each_row, outgoing_sql, record_of};
use crate::bundle::signatures::RecordSigner;
use crate::bundle::read;
use crate::bundle::refusals;
use crate::error::{Error, Result};
use crate::ids::OfficeId;
use crate::model::offices::Office;
use crate::store::{self, SCHEMA_VERSION, Store, settings::{self, Setting}};
use crate::text::fold;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportResult {
    pub path: String,
    pub bundle_id: String,
    #[ts(type = "number")]
    pub records: u64,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What an export is doing, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ExportStage {
    /// The folder is chosen and the file is being started (sent at once, so the bar shows).
    FolderChosen,
    /// Writing records (sent every 1,000).
    Records,
    /// Copying attached files (sent after each).
    Files,
    /// Reading the written file back to check it.
    Checking,
}

/// How far an export has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportProgress {
    pub stage: ExportStage,
    #[ts(type = "number")]
    pub records: u64,
    #[ts(type = "number")]
    pub files_done: u64,
    #[ts(type = "number")]
    pub files_total: u64,
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The file on the stick, which stops writing after its first failure (a full stick): the zip
/// writer, dropped after an error, would try again to finish the archive and print its own debug
/// text; once failed, writes and seeks go nowhere, and the partial file is removed anyway.
struct Fused {
    file: File,
    failed: bool,
    position: u64,
}

impl Write for Fused {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed {
            return Ok(buf.len());
        }
        match self.file.write(buf) {
            Ok(n) => {
                self.position += n as u64;
                Ok(n)
            }
            Err(e) => {
                self.failed = true;
                Err(e)
            }
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed { Ok(()) } else { self.file.flush() }
    }
}

impl std::io::Seek for Fused {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        if self.failed {
            self.position = match to {
                std::io::SeekFrom::Start(n) => n,
                std::io::SeekFrom::Current(d) | std::io::SeekFrom::End(d) => self.position.saturating_add_signed(d),
            };
            return Ok(self.position);
        }
        self.position = self.file.seek(to)?;
        Ok(self.position)
    }
}

/// A name people can read on the stick: `HoiLHPN-LCU-gui-TDG-2026-11-25-0007.skh`, or
/// `HoiLHPN-LCU-khoiphuc-TDG-…` for a recovery bundle.
fn file_name(from: &Office, to: &Office, kind: BundleKind, today: NaiveDate, number: i64) -> String {
    let ascii = |s: &str| -> String {
        fold(s).chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_uppercase()
    };
    let verb = if kind == BundleKind::Recovery { "khoiphuc" } else { "gui" };
    format!("HoiLHPN-{}-{verb}-{}-{}-{number:04}.{BUNDLE_EXTENSION}", ascii(&from.code), ascii(&to.code), today.format("%Y-%m-%d"))
}

/// A failure of the zip writer: its I/O errors are the stick's (full, read-only, pulled out).
fn zip_error(dir: &Path) -> impl Fn(zip::result::ZipError) -> Error + '_ {
    move |e| match e {
        zip::result::ZipError::Io(e) => Error::io(dir, e),
        _ => Error::invalid(format!(
            "Không ghi được gói dữ liệu vào «{}». Hãy thử lại, hoặc dùng thư mục hoặc USB khác.",
            dir.display()
        )),
    }
}

impl Store {
    /// Writes a bundle for `recipient` (our parent or a direct sub-office) into `dir`.
    pub fn export_bundle(
        &mut self,
        recipient: OfficeId,
        dir: &Path,
        today: NaiveDate,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<ExportResult> {
        self.write_bundle(recipient, dir, today, BundleKind::Data, progress)
    }

    /// Writes the setup bundle for a sub-office's new installation: the office tree, our plans and
    /// our key. The new installation imports it on its first start.
    pub fn export_setup_bundle(&mut self, office: OfficeId, dir: &Path, today: NaiveDate) -> Result<ExportResult> {
        self.write_bundle(office, dir, today, BundleKind::Setup, &mut |_| {})
    }

    pub(crate) fn write_bundle(
        &mut self,
        recipient: OfficeId,
        dir: &Path,
        today: NaiveDate,
        kind: BundleKind,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<ExportResult> {
        let own = self.require_own_office()?;
        let to = self.get_office(recipient)?;
        let upward = own.parent_id == Some(to.id);
        if !upward && to.parent_id != Some(own.id) {
            return Err(Error::invalid(format!(
                "Chỉ gửi được cho đơn vị cấp trên trực tiếp hoặc đơn vị cấp dưới trực tiếp; «{}» không phải.",
                to.name
            )));
        }
        if kind == BundleKind::Setup && upward {
            return Err(Error::invalid("Gói thiết lập chỉ gửi cho đơn vị cấp dưới."));
        }
        if kind == BundleKind::Recovery && upward {
            return Err(Error::invalid("Gói khôi phục chỉ tạo cho đơn vị cấp dưới trực tiếp."));
        }
        progress(ExportProgress { stage: ExportStage::FolderChosen, records: 0, files_done: 0, files_total: 0 });
        let key = self.signing_key()?;
        let installation = self.installation_id()?;
        let rotation = self.pending_rotation()?;
        let store::peers::Peer { acked_seq: acked, imported_seq: imported, bundles_sent: sent } =
            store::peers::get(&self.conn, to.id)?;
        let seq_from = if kind == BundleKind::Data { acked } else { 0 };
        let seq_to: i64 = settings::get(&self.conn, Setting::ChangeSeq)?.and_then(|s| s.parse().ok()).unwrap_or(0);
        // Whose records the recipient may receive from us: ours, plus what we forward — our
        // sub-offices' records going up, the levels above us going down.
        let mut owners = vec![own.id];
        if upward {
            owners.extend(self.offices_below(own.id)?);
        } else {
            owners.extend(self.ancestors(own.id)?);
        }
        // A recovery bundle gives back what the sub-office and the offices below it owned.
        if kind == BundleKind::Recovery {
            owners.push(to.id);
            owners.extend(self.offices_below(to.id)?);
        }
        let owners_json = serde_json::to_string(&owners).unwrap_or_default();
        // A new installation has no file yet, whatever the lost one had.
        let peer_files = if kind == BundleKind::Recovery { BTreeSet::new() } else { store::peers::files(&self.conn, to.id)? };
        let recovered_from = if upward { settings::get(&self.conn, Setting::RecoveredFrom)? } else { None };
        let recipient_last_heard =
            if kind == BundleKind::Recovery { store::bundles::last_imported_from(&self.conn, to.id)? } else { None };

        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let name = file_name(&own, &to, kind, today, sent + 1);
        let target = dir.join(&name);
        let temp = dir.join(format!(".{name}.dang-ghi"));
        let result = (|| -> Result<(Manifest, u64, Vec<String>)> {
            let file = File::create(&temp).map_err(|e| Error::io(dir, e))?;
            let file = Fused { file, failed: false, position: 0 };
            let mut zip = ZipWriter::new(BufWriter::with_capacity(1024 * 1024, file));
            let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
            let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
            let mut entries = Vec::new();

            let mut signer = RecordSigner::new(own.id, key.clone());
            // records.jsonl
            zip.start_file(RECORDS, deflated).map_err(zip_error(dir))?;
            let mut out = Hashing { inner: &mut zip, hasher: Sha256::new(), size: 0 };
            let mut count = 0u64;
            let mut files = BTreeSet::new();
            for table in RECORD_TABLES {
                // Records the recipient said it refused are not acknowledged: sent again.
                let sql = outgoing_sql(table);
                for_each_row(&self.conn, &sql, params![seq_from, owners_json, to.id], |row| {
                    let key = row.get(table.key).cloned().unwrap_or_default();
                    let owner = row.get(table.owner).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                    let mut record = record_of(&self.conn, table, row)?;
                    files.extend(record.file_hashes().map(str::to_string));
                    signer.sign(&self.conn, &owner, key.as_str().unwrap_or_default(), &mut record)?;
                    let line = serde_json::to_string(&record).map_err(|e| Error::Internal(e.to_string()))?;
                    out.write_all(line.as_bytes()).and_then(|_| out.write_all(b"\n")).map_err(|e| Error::io(dir, e))?;
                    count += 1;
                    if count.is_multiple_of(1000) {
                        progress(ExportProgress { stage: ExportStage::Records, records: count, files_done: 0, files_total: 0 });
                    }
                    Ok(())
                })?;
            }
            entries.push(EntryInfo {
                name: RECORDS.into(),
                size: out.size,
                sha256: hex::encode(out.hasher.finalize()),
                count: Some(count),
            });

            // files/<sha256>: what the recipient does not have yet and we do.
            let wanted: Vec<String> = files
                .into_iter()
                .filter(|sha| !peer_files.contains(sha))
                .filter(|sha| self.stored_file_path(sha).is_ok_and(|p| p.exists()))
                .collect();
            // records.jsonl, the manifest and its signature are entries too.
            if wanted.len() + 3 > MAX_ENTRIES {
                return Err(Error::invalid(format!(
                    "Có {} tệp đính kèm chưa gửi; một gói chứa được tối đa {} tệp. Hãy báo cho người hỗ trợ kỹ thuật.",
                    wanted.len(),
                    MAX_ENTRIES - 3
                )));
            }
            for (done, sha) in wanted.iter().enumerate() {
                let source = self.stored_file_path(sha)?;
                let entry_name = format!("{FILES_PREFIX}{sha}");
                zip.start_file(entry_name.as_str(), stored).map_err(zip_error(dir))?;
                let mut out = Hashing { inner: &mut zip, hasher: Sha256::new(), size: 0 };
                let mut input = File::open(&source).map_err(|e| Error::io(&source, e))?;
                read::copy(&mut input, &mut out).map_err(|e| match e {
                    read::CopyFailed::Read(e) => Error::io(&source, e),
                    read::CopyFailed::Write(e) => Error::io(dir, e),
                })?;
                let actual = hex::encode(out.hasher.finalize());
                if actual != *sha {
                    return Err(Error::invalid(format!(
                        "Tệp đính kèm {} trong thư mục dữ liệu đã bị hỏng (mã kiểm tra không khớp). Hãy khôi phục từ bản sao lưu.",
                        source.display()
                    )));
                }
                entries.push(EntryInfo { name: entry_name, size: out.size, sha256: actual, count: None });
                progress(ExportProgress {
                    stage: ExportStage::Files,
                    records: count,
                    files_done: done as u64 + 1,
                    files_total: wanted.len() as u64,
                });
            }

            let office_ref = |o: &Office| OfficeRef { id: o.id, code: o.code.clone(), name: o.name.clone() };
            let manifest = Manifest {
                format: FORMAT_VERSION,
                capabilities: CAPABILITIES.iter().map(|c| c.to_string()).collect(),
                schema_version: SCHEMA_VERSION,
                kind,
                bundle_id: uuid::Uuid::now_v7().to_string(),
                created_at: store::now(),
                sender: office_ref(&own),
                sender_public_key: hex::encode(key.verifying_key().as_bytes()),
                sender_installation: installation.clone(),
                recipient: office_ref(&to),
                seq_from,
                seq_to,
                ack_seq: imported,
                key_rotation: rotation.clone(),
                forwarded_keys: signer.forwarded_keys(&self.conn)?,
                entries,
                refused: refusals::for_manifest(&self.conn, to.id)?,
                key_reissues: store::key_reissues::all(&self.conn)?,
                recovered_from: recovered_from.clone(),
                recipient_last_heard: recipient_last_heard.clone(),
            };
            let manifest_bytes = serde_json::to_vec(&manifest).map_err(|e| Error::Internal(e.to_string()))?;
            if manifest_bytes.len() as u64 > MAX_MANIFEST_BYTES {
                return Err(Error::invalid(format!(
                    "Danh mục của gói quá lớn ({} byte, tối đa {MAX_MANIFEST_BYTES}): gói này sẽ không nhập được. Hãy báo cho người hỗ trợ kỹ thuật.",
                    manifest_bytes.len()
                )));
            }
            zip.start_file(MANIFEST, deflated).map_err(zip_error(dir))?;
            zip.write_all(&manifest_bytes).map_err(|e| Error::io(dir, e))?;
            zip.start_file(SIGNATURE, stored).map_err(zip_error(dir))?;
            zip.write_all(sign(&key, &manifest_bytes).as_bytes()).map_err(|e| Error::io(dir, e))?;
            let writer = zip.finish().map_err(zip_error(dir))?;
            let file = writer.into_inner().map_err(|e| Error::io(dir, e.into_error()))?.file;
            file.sync_all().map_err(|e| Error::io(dir, e))?;
            let bytes = file.metadata().map_err(|e| Error::io(dir, e))?.len();
            Ok((manifest, bytes, wanted))
        })();
        let (manifest, bytes, files) = match result {
            Ok(done) => done,
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                return Err(e);
            }
        };
        std::fs::rename(&temp, &target).map_err(|e| Error::io(dir, e))?;
        if let Some(parent) = target.parent() {
            // Make the rename itself durable where the platform allows syncing a folder.
            let _ = File::open(parent).and_then(|d| d.sync_all());
        }
        // Read back what is on the stick and check it as the recipient will.
        let written = manifest.entries.first().and_then(|e| e.count).unwrap_or(0);
        let file_count = files.len() as u64;
        progress(ExportProgress { stage: ExportStage::Checking, records: written, files_done: file_count, files_total: file_count });
        if let Err(refusal) = read::check(&target) {
            let _ = std::fs::remove_file(&target);
            return Err(Error::invalid(format!(
                "Gói vừa ghi ra «{}» đọc lại không khớp ({refusal}). Thiết bị lưu trữ có thể bị lỗi; hãy thử thư mục hoặc USB khác.",
                target.display()
            )));
        }
        let files_json = serde_json::to_string(&files).unwrap_or_default();
        self.transact(|tx| {
            store::peers::sent_bundle(tx, to.id)?;
            store::bundles::exported(tx, &manifest.bundle_id, to.id, seq_to, &files_json)
        })?;
        Ok(ExportResult {
            path: target.display().to_string(),
            bundle_id: manifest.bundle_id,
            records: written,
            files: file_count,
            bytes,
        })
    }

    /// The offices above `office`, nearest first.
    pub fn ancestors(&self, office: OfficeId) -> Result<Vec<OfficeId>> {
        Ok(self.office_tree()?.ancestors(office))
    }
}
