//! Reading a bundle file and checking everything about it that does not need the store: the zip
//! structure, limits, the manifest and its signature, and every entry's size and SHA-256. Entry
//! names are only ever compared with the names we expect, never used as paths.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use crate::bundle::Refusal;
use crate::bundle::format::{
    FORMAT_VERSION, MANIFEST, MAX_COMPRESSION_RATIO, MAX_ENTRIES, MAX_FILE_BYTES, MAX_MANIFEST_BYTES,
    MAX_RECORD_LINE_BYTES, MAX_RECORDS_BYTES, MAX_TOTAL_BYTES, Manifest, RECORDS, SIGNATURE, is_file_entry, FILES_PREFIX,
};
use crate::bundle::identity;
use crate::bundle::records::{Record, spec};
use crate::store::SCHEMA_VERSION;

pub(crate) type Archive = ZipArchive<BufReader<File>>;

/// A bundle whose structure, signature and contents have been checked.
pub(crate) struct CheckedBundle {
    pub manifest: Manifest,
    pub archive: Archive,
    /// The SHA-256 of every file a record line refers to (attachments, report files): only these
    /// are ever stored.
    pub referenced_files: HashSet<String>,
}

fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// How many entries the central directory holds, counted header by header from its start, after
/// checking that the file ends with the end-of-archive record and no comment (as this program
/// writes it). The zip library folds entries of the same name into one and looks for the end
/// record leniently (a comment may hide a second one), so duplicates show as a difference here.
fn central_directory_entries(file: &mut File, start: u64) -> Option<u64> {
    const HEADER: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    const END: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let len = file.seek(SeekFrom::End(0)).ok()?;
    let mut end = [0u8; 22];
    file.seek(SeekFrom::Start(len.checked_sub(22)?)).ok()?;
    file.read_exact(&mut end).ok()?;
    if end[..4] != END || end[20..22] != [0, 0] {
        return None;
    }
    file.seek(SeekFrom::Start(start)).ok()?;
    let mut reader = BufReader::new(file);
    let mut count = 0u64;
    let mut fixed = [0u8; 46];
    loop {
        reader.read_exact(&mut fixed[..4]).ok()?;
        if fixed[..4] != HEADER {
            return Some(count);
        }
        reader.read_exact(&mut fixed[4..]).ok()?;
        let field = |at: usize| i64::from(u16::from_le_bytes([fixed[at], fixed[at + 1]]));
        reader.seek_relative(field(28) + field(30) + field(32)).ok()?;
        count += 1;
        if count > MAX_ENTRIES as u64 + 1 {
            return Some(count);
        }
    }
}

/// Opens `path` and checks it completely; nothing here touches the store.
pub(crate) fn check(path: &Path) -> Result<CheckedBundle, Refusal> {
    let name = display_name(path);
    let file = File::open(path).map_err(|_| Refusal::NotABundle(name.clone()))?;
    let file_len = file.metadata().map_err(|_| Refusal::NotABundle(name.clone()))?.len();
    let mut archive = ZipArchive::new(BufReader::new(file)).map_err(|_| Refusal::NotABundle(name.clone()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(Refusal::TooManyEntries { count: archive.len() as u64, limit: MAX_ENTRIES as u64 });
    }
    if archive.offset() != 0 || !archive.comment().is_empty() {
        return Err(Refusal::NotABundle(name.clone()));
    }
    let start = archive.central_directory_start();
    let declared = File::open(path).ok().and_then(|mut f| central_directory_entries(&mut f, start));
    match declared {
        None => return Err(Refusal::NotABundle(name.clone())),
        Some(n) if n > MAX_ENTRIES as u64 => {
            return Err(Refusal::TooManyEntries { count: n, limit: MAX_ENTRIES as u64 });
        }
        Some(n) if n != archive.len() as u64 || archive.has_duplicate_names() => {
            return Err(Refusal::DuplicateEntry("(trùng tên)".into()));
        }
        Some(_) => {}
    }
    // Names, sizes and compression of every entry, before reading any of them.
    let mut names = HashSet::new();
    let mut sizes = HashMap::new();
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
        sizes.insert(entry_name, entry.size());
        total += entry.size();
    }
    if total > MAX_TOTAL_BYTES {
        return Err(Refusal::TooLarge { name: "toàn bộ gói".into(), size: total, limit: MAX_TOTAL_BYTES });
    }
    // Many small entries escape the ratio of each: the whole file is held to it too, so the work a
    // bundle can cause is bounded by its size on the stick.
    if total > 1024 * 1024 && total / file_len.max(1) > MAX_COMPRESSION_RATIO {
        return Err(Refusal::CompressionRatio("toàn bộ gói".into()));
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
    let mut referenced_files = HashSet::new();
    for info in &manifest.entries {
        match sizes.get(&info.name) {
            None => return Err(Refusal::MissingEntry(info.name.clone())),
            Some(size) if *size != info.size => return Err(Refusal::CorruptEntry(info.name.clone())),
            Some(_) => {}
        }
        let entry = archive.by_name(&info.name).map_err(|_| Refusal::MissingEntry(info.name.clone()))?;
        let mut hashing = HashingReader::new(entry.take(info.size + 1));
        if info.name == RECORDS {
            let lines = check_records(&mut hashing, &mut referenced_files)?;
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
        if hashing.finish() != (info.size, info.sha256.clone()) {
            return Err(Refusal::CorruptEntry(info.name.clone()));
        }
    }
    Ok(CheckedBundle { manifest, archive, referenced_files })
}

/// Which side of a copy failed: reading the source, or writing the target (a full stick or disk),
/// so that the message names the right place.
#[derive(Debug)]
pub(crate) enum CopyFailed {
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Copies `from` to `to` in 1 MiB pieces (`std::io::copy` moves 8 KiB at a time, which makes
/// hundreds of megabytes of attachments cost tens of thousands of system calls each way).
pub(crate) fn copy(from: &mut impl Read, to: &mut impl std::io::Write) -> Result<u64, CopyFailed> {
    let mut buf = vec![0u8; 1024 * 1024];
    let mut total = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyFailed::Read(e)),
        };
        to.write_all(&buf[..n]).map_err(CopyFailed::Write)?;
        total += n as u64;
    }
}

fn read_small(archive: &mut Archive, name: &str) -> Result<Vec<u8>, Refusal> {
    let entry = archive.by_name(name).map_err(|_| Refusal::MissingEntry(name.into()))?;
    let mut bytes = Vec::new();
    entry.take(MAX_MANIFEST_BYTES).read_to_end(&mut bytes).map_err(|_| Refusal::CorruptEntry(name.into()))?;
    Ok(bytes)
}

/// A reader that hashes and counts what passes through it.
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    size: u64,
}

impl<R> HashingReader<R> {
    pub fn new(inner: R) -> Self {
        HashingReader { inner, hasher: Sha256::new(), size: 0 }
    }

    /// The bytes read and their lowercase hex SHA-256.
    pub fn finish(self) -> (u64, String) {
        (self.size, hex::encode(self.hasher.finalize()))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}

/// Checks every line of `records.jsonl` (UTF-8, JSON, a known table, tables in order), notes the
/// files the records refer to, and returns the number of lines.
fn check_records(reader: &mut impl Read, files: &mut HashSet<String>) -> Result<u64, Refusal> {
    let mut lines = 0u64;
    let mut last_table = 0usize;
    for_each_record(reader, |line, _, record| {
        lines = line;
        let (index, _) = spec(&record.table)
            .ok_or_else(|| Refusal::record(line, format!("loại bản ghi lạ «{}»", record.table)))?;
        if index < last_table {
            return Err(Refusal::record(line, "bản ghi không theo thứ tự"));
        }
        last_table = index;
        for sha in record.file_hashes().filter(|sha| is_file_entry(&format!("{FILES_PREFIX}{sha}")).is_some()) {
            files.insert(sha.to_string());
        }
        Ok(())
    })?;
    Ok(lines)
}

/// Most JSON values (scalars, arrays, objects) one record line may hold: far above any real
/// record (a document with its references and attachments has a few hundred), and low enough that
/// the parsed record stays within a few megabytes whatever the line (a parsed value takes some
/// tens of bytes however short its text).
pub(crate) const MAX_RECORD_VALUES: usize = 50_000;
/// Deepest nesting of a record line: the line, its children, a child table's rows, a row.
const MAX_RECORD_DEPTH: usize = 4;

/// Checks, without parsing, that a line's JSON is shallow and small enough to parse: the memory
/// a record can take is bounded by its length and [`MAX_RECORD_VALUES`], not by what its text
/// makes the parser build.
fn check_shape(line: &[u8]) -> Result<(), &'static str> {
    let (mut depth, mut values, mut in_string, mut escaped) = (0usize, 1usize, false, false);
    for &b in line {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_RECORD_DEPTH {
                    return Err("lồng nhau quá sâu");
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' | b':' => {
                values += 1;
                if values > MAX_RECORD_VALUES {
                    return Err("quá nhiều giá trị trong một bản ghi");
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Calls `f` with each record of a `records.jsonl` stream and the length of its line, one line at
/// a time.
pub(crate) fn for_each_record<E: From<Refusal>>(
    reader: &mut impl Read,
    mut f: impl FnMut(u64, usize, Record) -> Result<(), E>,
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
            return Err(Refusal::record(line, format!("dòng quá dài (hơn {} MiB)", MAX_RECORD_LINE_BYTES >> 20)).into());
        }
        check_shape(&buf).map_err(|reason| Refusal::record(line, reason))?;
        let text = std::str::from_utf8(&buf).map_err(|_| Refusal::record(line, "không phải văn bản UTF-8"))?;
        let text = text.trim_end_matches(['\n', '\r']);
        let record: Record =
            serde_json::from_str(text).map_err(|e| Refusal::record(line, format!("JSON không hợp lệ ({e})")))?;
        f(line, n, record)?;
        // A long line's buffer is not kept for the short ones after it.
        if buf.capacity() > 1024 * 1024 {
            buf = Vec::new();
        }
    }
}
