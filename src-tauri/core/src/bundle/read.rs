//! Reading a bundle file and checking everything about it that does not need the store: the zip
//! structure, limits, the manifest and its signature, and every entry's size and SHA-256. Entry
//! names are only ever compared with the names we expect, never used as paths.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use crate::bundle::Refusal;
use crate::bundle::format::{
    FORMAT_VERSION, MANIFEST, MAX_COMPRESSION_RATIO, MAX_ENTRIES, MAX_FILE_BYTES, MAX_MANIFEST_BYTES,
    MAX_RECORD_LINE_BYTES, MAX_RECORDS_BYTES, MAX_TOTAL_BYTES, Manifest, RECORDS, SIGNATURE, is_file_entry,
};
use crate::bundle::identity;
use crate::bundle::records::{Record, spec};
use crate::store::SCHEMA_VERSION;

pub(crate) type Archive = ZipArchive<BufReader<File>>;

/// A bundle whose structure, signature and contents have been checked.
pub(crate) struct CheckedBundle {
    pub manifest: Manifest,
    pub archive: Archive,
}

fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// The number of entries the zip's central directory declares (the zip library folds entries of
/// the same name into one, so duplicates show as a difference).
fn declared_entries(file: &mut File) -> Option<u64> {
    let len = file.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(65_557);
    file.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; tail_len as usize];
    file.read_exact(&mut tail).ok()?;
    let eocd = tail.windows(4).rposition(|w| w == [0x50, 0x4b, 0x05, 0x06])?;
    let count16 = u16::from_le_bytes([*tail.get(eocd + 10)?, *tail.get(eocd + 11)?]);
    if count16 != 0xFFFF {
        return Some(u64::from(count16));
    }
    // ZIP64: the locator just before the end record points at the ZIP64 end record.
    let locator = eocd.checked_sub(20)?;
    if tail.get(locator..locator + 4)? != [0x50, 0x4b, 0x06, 0x07] {
        return None;
    }
    let offset = u64::from_le_bytes(tail.get(locator + 8..locator + 16)?.try_into().ok()?);
    file.seek(SeekFrom::Start(offset + 32)).ok()?;
    let mut count = [0u8; 8];
    file.read_exact(&mut count).ok()?;
    Some(u64::from_le_bytes(count))
}

/// Opens `path` and checks it completely; nothing here touches the store.
pub(crate) fn check(path: &Path) -> Result<CheckedBundle, Refusal> {
    let name = display_name(path);
    let mut file = File::open(path).map_err(|_| Refusal::NotABundle(name.clone()))?;
    let declared = declared_entries(&mut file);
    file.seek(SeekFrom::Start(0)).map_err(|_| Refusal::NotABundle(name.clone()))?;
    let mut archive = ZipArchive::new(BufReader::new(file)).map_err(|_| Refusal::NotABundle(name.clone()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(Refusal::TooLarge { name: "số phần".into(), size: archive.len() as u64, limit: MAX_ENTRIES as u64 });
    }
    // Names, sizes and compression of every entry, before reading any of them.
    let mut names = HashSet::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| Refusal::NotABundle(name.clone()))?;
        let entry_name = entry.name().map_err(|_| Refusal::NotABundle(name.clone()))?.to_string();
        if !names.insert(entry_name.clone()) {
            return Err(Refusal::DuplicateEntry(entry_name));
        }
        let limit = match entry_name.as_str() {
            MANIFEST | SIGNATURE => MAX_MANIFEST_BYTES,
            RECORDS => MAX_RECORDS_BYTES,
            other if is_file_entry(other).is_some() => MAX_FILE_BYTES,
            other => return Err(Refusal::UnexpectedEntry(other.to_string())),
        };
        if entry.size() > limit {
            return Err(Refusal::TooLarge { name: entry_name, size: entry.size(), limit });
        }
        if entry.size() > 1024 * 1024 && entry.size() / entry.compressed_size().max(1) > MAX_COMPRESSION_RATIO {
            return Err(Refusal::CompressionRatio(entry_name));
        }
        total += entry.size();
    }
    if let Some(declared) = declared
        && declared != archive.len() as u64 {
            return Err(Refusal::DuplicateEntry("(trùng tên)".into()));
        }
    if total > MAX_TOTAL_BYTES {
        return Err(Refusal::TooLarge { name: "toàn bộ gói".into(), size: total, limit: MAX_TOTAL_BYTES });
    }
    let manifest_bytes = read_small(&mut archive, MANIFEST)?;
    let signature = read_small(&mut archive, SIGNATURE)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        // A newer format may have fields this version does not know; say so rather than "broken".
        match serde_json::from_slice::<serde_json::Value>(&manifest_bytes).ok().and_then(|v| v["format"].as_u64()) {
            Some(found) if found > u64::from(FORMAT_VERSION) => {
                Refusal::NewerFormat { found: found as u32, supported: FORMAT_VERSION }
            }
            _ => Refusal::BadManifest(e.to_string()),
        }
    })?;
    if manifest.format > FORMAT_VERSION {
        return Err(Refusal::NewerFormat { found: manifest.format, supported: FORMAT_VERSION });
    }
    identity::verify(&manifest.sender_public_key, &manifest_bytes, &String::from_utf8_lossy(&signature))?;
    if manifest.schema_version > SCHEMA_VERSION {
        return Err(Refusal::NewerSchema { found: manifest.schema_version, supported: SCHEMA_VERSION });
    }
    // Every declared entry is there with its size and hash; nothing undeclared is.
    let declared_names: HashSet<&str> = manifest.entries.iter().map(|e| e.name.as_str()).collect();
    for entry_name in &names {
        if entry_name != MANIFEST && entry_name != SIGNATURE && !declared_names.contains(entry_name.as_str()) {
            return Err(Refusal::UnexpectedEntry(entry_name.clone()));
        }
    }
    if !declared_names.contains(RECORDS) {
        return Err(Refusal::MissingEntry(RECORDS.into()));
    }
    for info in &manifest.entries {
        if !names.contains(&info.name) {
            return Err(Refusal::MissingEntry(info.name.clone()));
        }
        let entry = archive.by_name(&info.name).map_err(|_| Refusal::MissingEntry(info.name.clone()))?;
        let mut hashing = HashingReader { inner: entry.take(info.size + 1), hasher: Sha256::new(), size: 0 };
        if info.name == RECORDS {
            let lines = check_records(&mut hashing)?;
            if Some(lines) != info.count {
                return Err(Refusal::CorruptEntry(info.name.clone()));
            }
        } else {
            copy(&mut hashing, &mut std::io::sink()).map_err(|_| Refusal::CorruptEntry(info.name.clone()))?;
            if let Some(sha) = is_file_entry(&info.name)
                && sha != info.sha256 {
                    return Err(Refusal::CorruptEntry(info.name.clone()));
                }
        }
        if hashing.size != info.size || hex::encode(hashing.hasher.finalize()) != info.sha256 {
            return Err(Refusal::CorruptEntry(info.name.clone()));
        }
    }
    Ok(CheckedBundle { manifest, archive })
}

/// Copies `from` to `to` in 1 MiB pieces (`std::io::copy` moves 8 KiB at a time, which makes
/// hundreds of megabytes of attachments cost tens of thousands of system calls each way).
pub(crate) fn copy(from: &mut impl Read, to: &mut impl std::io::Write) -> std::io::Result<u64> {
    let mut buf = vec![0u8; 1024 * 1024];
    let mut total = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        to.write_all(&buf[..n])?;
        total += n as u64;
    }
}

fn read_small(archive: &mut Archive, name: &str) -> Result<Vec<u8>, Refusal> {
    let entry = archive.by_name(name).map_err(|_| Refusal::MissingEntry(name.into()))?;
    let mut bytes = Vec::new();
    entry.take(MAX_MANIFEST_BYTES).read_to_end(&mut bytes).map_err(|_| Refusal::CorruptEntry(name.into()))?;
    Ok(bytes)
}

struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    size: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}

/// Checks every line of `records.jsonl` (UTF-8, JSON, a known table, tables in order) and
/// returns the number of lines.
fn check_records(reader: &mut impl Read) -> Result<u64, Refusal> {
    let mut lines = 0u64;
    let mut last_table = 0usize;
    for_each_record(reader, |line, record| {
        lines = line;
        let (index, _) = spec(&record.table)
            .ok_or_else(|| Refusal::record(line, format!("loại bản ghi lạ «{}»", record.table)))?;
        if index < last_table {
            return Err(Refusal::record(line, "bản ghi không theo thứ tự"));
        }
        last_table = index;
        Ok(())
    })?;
    Ok(lines)
}

/// Calls `f` with each record of a `records.jsonl` stream, one line at a time.
pub(crate) fn for_each_record<E: From<Refusal>>(
    reader: &mut impl Read,
    mut f: impl FnMut(u64, Record) -> Result<(), E>,
) -> Result<(), E> {
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_RECORD_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|_| Refusal::CorruptEntry(RECORDS.into()))?;
        if n == 0 {
            return Ok(());
        }
        line += 1;
        if buf.len() > MAX_RECORD_LINE_BYTES {
            return Err(Refusal::record(line, "dòng quá dài").into());
        }
        let text = std::str::from_utf8(&buf).map_err(|_| Refusal::record(line, "không phải văn bản UTF-8"))?;
        let text = text.trim_end_matches(['\n', '\r']);
        let record: Record =
            serde_json::from_str(text).map_err(|e| Refusal::record(line, format!("JSON không hợp lệ ({e})")))?;
        f(line, record)?;
    }
}
