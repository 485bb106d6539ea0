//! The backup file: one zip archive that holds a compact copy of the database, the attached files
//! and the signing key, with a list (`sao-luu.json`) of what is inside and the SHA-256 of each part.
//!
//! It is written to a temporary name, synced, renamed, then read back in full and checked against
//! that list before the backup counts as made. A restore checks it again, part by part, before it
//! writes anything: a truncated, altered or half-copied file is refused whole.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::seal::StoredKey;
use crate::bundle::read::{HashingReader, copy, CopyFailed};
use crate::error::{Error, Result};
use crate::ids::OfficeId;
use crate::model::backups::{BackupCounts, BackupKind, BackupProgress};

/// The extension of a backup file.
pub const BACKUP_EXTENSION: &str = "skhsaoluu";

const FORMAT: &str = "sokehoach-sao-luu";
const VERSION: u32 = 1;
const MANIFEST: &str = "sao-luu.json";
const DATABASE: &str = "co-so-du-lieu.db";
const FILES_PREFIX: &str = "tep-dinh-kem/";
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// One part of the archive: its size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Part {
    pub sha256: String,
    pub bytes: u64,
}

/// What the archive holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Manifest {
    pub format: String,
    pub version: u32,
    pub kind: BackupKind,
    /// RFC 3339, local time of the machine that made it.
    pub made_at: String,
    pub schema_version: usize,
    pub office_id: Option<OfficeId>,
    /// "MÃ — Tên" of the office, for the list of backups.
    pub office: Option<String>,
    pub counts: BackupCounts,
    pub database: Part,
    /// The attached files (each named by its SHA-256).
    pub files: Vec<Part>,
    /// The office's public key (hex), when the signing key is inside.
    pub public_key: Option<String>,
    pub key: Option<StoredKey>,
}

impl Manifest {
    pub(crate) fn new(kind: BackupKind, schema_version: usize, office: Option<(OfficeId, String)>, counts: BackupCounts) -> Self {
        let (office_id, office) = office.map_or((None, None), |(id, name)| (Some(id), Some(name)));
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            kind,
            made_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            schema_version,
            office_id,
            office,
            counts,
            database: Part { sha256: String::new(), bytes: 0 },
            files: Vec::new(),
            public_key: None,
            key: None,
        }
    }
}

fn damaged(path: &Path, why: &str) -> Error {
    Error::invalid(format!(
        "Tệp sao lưu «{}» bị hỏng hoặc chép chưa xong ({why}). Hãy dùng một bản sao lưu khác. Dữ liệu chưa bị thay đổi.",
        path.display()
    ))
}

/// How many bytes of the whole have passed, reported every 4 MiB.
struct Meter<'p> {
    done: u64,
    reported: u64,
    total: u64,
    progress: &'p mut dyn FnMut(BackupProgress),
}

impl Meter<'_> {
    fn advance(&mut self, n: usize) {
        self.done += n as u64;
        if self.done - self.reported >= 4 * 1024 * 1024 {
            self.reported = self.done;
            (self.progress)(BackupProgress { done_bytes: self.done, total_bytes: self.total });
        }
    }
}

/// A reader that moves its [`Meter`].
struct Metered<'m, 'p, R> {
    inner: R,
    meter: &'m mut Meter<'p>,
}

impl<R: Read> Read for Metered<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.meter.advance(n);
        Ok(n)
    }
}

fn zip_error(target: &Path) -> impl Fn(zip::result::ZipError) -> Error + '_ {
    move |e| match e {
        zip::result::ZipError::Io(e) => Error::io(target, e),
        other => Error::invalid(format!("Không ghi được bản sao lưu «{}» ({other}). Hãy chọn nơi khác.", target.display())),
    }
}

/// Adds `source` to the archive as `name`; returns its size and SHA-256.
fn add_part<W: std::io::Write + std::io::Seek>(
    zip: &mut ZipWriter<W>,
    target: &Path,
    name: &str,
    source: &Path,
    options: SimpleFileOptions,
    meter: &mut Meter<'_>,
) -> Result<Part> {
    zip.start_file(name, options).map_err(zip_error(target))?;
    let file = File::open(source).map_err(|e| Error::io(source, e))?;
    let mut hashing = HashingReader::new(Metered { inner: file, meter });
    copy(&mut hashing, zip).map_err(|e| match e {
        CopyFailed::Read(e) => Error::io(source, e),
        CopyFailed::Write(e) => Error::io(target, e),
    })?;
    let (bytes, sha256) = hashing.finish();
    Ok(Part { sha256, bytes })
}

fn size_of(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len())
}

/// Writes the archive at `target` (which must not exist): `database` (a closed copy) and `files`
/// (SHA-256 and where each is), with `manifest` completed by their sizes and hashes. Then reads it
/// back and checks it. On any failure nothing is left at `target`.
pub(crate) fn write(
    target: &Path,
    mut manifest: Manifest,
    database: &Path,
    files: &[(String, PathBuf)],
    progress: &mut dyn FnMut(BackupProgress),
) -> Result<()> {
    let temp = target.with_extension("dang-ghi");
    let _ = std::fs::remove_file(&temp);
    let mut total = size_of(database)?;
    for (_, path) in files {
        total += size_of(path)?;
    }
    let result = (|| -> Result<()> {
        let file = File::create_new(&temp).map_err(|e| Error::io(&temp, e))?;
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1024 * 1024, file));
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
        let mut meter = Meter { done: 0, reported: 0, total, progress: &mut *progress };
        manifest.database = add_part(&mut zip, target, DATABASE, database, deflated, &mut meter)?;
        for (sha256, path) in files {
            let part = add_part(&mut zip, target, &format!("{FILES_PREFIX}{sha256}"), path, stored, &mut meter)?;
            if part.sha256 != *sha256 {
                return Err(Error::invalid(format!(
                    "Tệp đính kèm «{}» trong thư mục dữ liệu đã bị hỏng (mã kiểm tra không khớp); chưa sao lưu được.",
                    path.display()
                )));
            }
            manifest.files.push(part);
        }
        let json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Internal(e.to_string()))?;
        zip.start_file(MANIFEST, deflated).map_err(zip_error(target))?;
        std::io::Write::write_all(&mut zip, &json).map_err(|e| Error::io(target, e))?;
        let file = zip.finish().map_err(zip_error(target))?.into_inner().map_err(|e| Error::io(target, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(target, e))?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    std::fs::rename(&temp, target).map_err(|e| Error::io(target, e))?;
    #[cfg(unix)]
    if let Some(dir) = target.parent() {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
    // Read back what is on the drive, every part, as a restore will.
    let check = read_manifest(target).and_then(|m| verify(target, &m, progress));
    if let Err(e) = check {
        let _ = std::fs::remove_file(target);
        return Err(Error::invalid(format!(
            "Bản sao lưu vừa ghi ra «{}» đọc lại không khớp ({e}). USB hoặc ổ đĩa có thể bị lỗi; hãy dùng USB khác.",
            target.display()
        )));
    }
    (progress)(BackupProgress { done_bytes: total, total_bytes: total });
    Ok(())
}

fn open_archive(path: &Path) -> Result<ZipArchive<BufReader<File>>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    ZipArchive::new(BufReader::new(file)).map_err(|_| damaged(path, "không đọc được mục lục của tệp"))
}

/// Reads and checks the list of what the archive holds (not the parts themselves).
pub(crate) fn read_manifest(path: &Path) -> Result<Manifest> {
    let mut archive = open_archive(path)?;
    let entry = archive.by_name(MANIFEST).map_err(|_| {
        Error::invalid(format!("Tệp «{}» không phải là bản sao lưu của Sổ Kế Hoạch.", path.display()))
    })?;
    let mut bytes = Vec::new();
    entry.take(MAX_MANIFEST_BYTES).read_to_end(&mut bytes).map_err(|_| damaged(path, "danh mục không đọc được"))?;
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|_| damaged(path, "danh mục không đọc được"))?;
    if manifest.format != FORMAT {
        return Err(Error::invalid(format!("Tệp «{}» không phải là bản sao lưu của Sổ Kế Hoạch.", path.display())));
    }
    if manifest.version > VERSION {
        return Err(Error::invalid(format!(
            "Bản sao lưu «{}» do phiên bản Sổ Kế Hoạch mới hơn tạo ra. Hãy cập nhật chương trình rồi khôi phục.",
            path.display()
        )));
    }
    Ok(manifest)
}

/// Reads one part through, checking its size and SHA-256, into `out`.
fn read_part(
    archive: &mut ZipArchive<BufReader<File>>,
    path: &Path,
    name: &str,
    part: &Part,
    out: &mut impl std::io::Write,
) -> Result<()> {
    let entry = archive.by_name(name).map_err(|_| damaged(path, &format!("thiếu phần «{name}»")))?;
    let mut hashing = HashingReader::new(entry);
    copy(&mut hashing, out).map_err(|e| match e {
        CopyFailed::Read(_) => damaged(path, &format!("phần «{name}» không đọc được")),
        CopyFailed::Write(e) => Error::io(path, e),
    })?;
    let (bytes, sha256) = hashing.finish();
    if bytes != part.bytes || sha256 != part.sha256 {
        return Err(damaged(path, &format!("phần «{name}» không khớp mã kiểm tra")));
    }
    Ok(())
}

/// Reads every part of the archive and checks it against the manifest.
pub(crate) fn verify(path: &Path, manifest: &Manifest, progress: &mut dyn FnMut(BackupProgress)) -> Result<()> {
    let mut archive = open_archive(path)?;
    let total = manifest.database.bytes + manifest.files.iter().map(|f| f.bytes).sum::<u64>();
    let mut done = 0;
    read_part(&mut archive, path, DATABASE, &manifest.database, &mut std::io::sink())?;
    done += manifest.database.bytes;
    progress(BackupProgress { done_bytes: done, total_bytes: total });
    for part in &manifest.files {
        read_part(&mut archive, path, &format!("{FILES_PREFIX}{}", part.sha256), part, &mut std::io::sink())?;
        done += part.bytes;
        progress(BackupProgress { done_bytes: done, total_bytes: total });
    }
    Ok(())
}

/// Writes the database part to `target`, checked.
pub(crate) fn extract_database(path: &Path, manifest: &Manifest, target: &Path) -> Result<()> {
    let mut archive = open_archive(path)?;
    let mut out = File::create(target).map_err(|e| Error::io(target, e))?;
    read_part(&mut archive, path, DATABASE, &manifest.database, &mut out)?;
    out.sync_all().map_err(|e| Error::io(target, e))
}

/// Hands each attached file's reader, with its SHA-256, to `put`.
pub(crate) fn each_file(
    path: &Path,
    manifest: &Manifest,
    mut put: impl FnMut(&str, &mut dyn Read) -> Result<()>,
) -> Result<()> {
    let mut archive = open_archive(path)?;
    for part in &manifest.files {
        let name = format!("{FILES_PREFIX}{}", part.sha256);
        let mut entry = archive.by_name(&name).map_err(|_| damaged(path, &format!("thiếu phần «{name}»")))?;
        put(&part.sha256, &mut entry)?;
    }
    Ok(())
}
