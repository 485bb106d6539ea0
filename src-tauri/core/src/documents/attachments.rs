//! Attached original files (the Word or PDF a plan arrived as). The bytes live in the data folder
//! under their SHA-256, so the same file attached twice is stored once and the database stays small.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::ids::DocumentId;
use crate::model::documents::Attachment;
use crate::store::{self, Store};

/// Largest file accepted as an attachment.
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

/// A stored file's name: the lowercase hex SHA-256 of its bytes.
pub(crate) fn check_sha256(sha256: &str) -> Result<()> {
    if sha256.len() == 64 && sha256.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)) {
        return Ok(());
    }
    Err(Error::invalid(format!("Mã tệp không hợp lệ: «{sha256}».")))
}

impl Store {
    /// Copies `source` into the data folder and attaches it to the document.
    pub fn attach_file(&mut self, document: DocumentId, source: &Path) -> Result<Attachment> {
        self.get_document(document)?;
        let (sha256, size) = self.store_file(source)?;
        let file_name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| sha256.clone());
        let attachment = Attachment { sha256, file_name, size, added_at: store::now() };
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            store::documents::insert_attachment(tx, document, &attachment)?;
            store::documents::touch(tx, document, &attachment.added_at, seq)
        })?;
        Ok(attachment)
    }

    /// Where the bytes of a stored file are.
    pub fn stored_file_path(&self, sha256: &str) -> Result<PathBuf> {
        check_sha256(sha256)?;
        Ok(self.files_dir().join(&sha256[..2]).join(sha256))
    }

    /// Puts a copy of an attachment, under its original name, in a folder of its own under
    /// `dir`, so that the system viewer recognises its type; returns the copy's path.
    pub fn attachment_copy_for_viewing(&self, sha256: &str, dir: &Path) -> Result<PathBuf> {
        let name = store::documents::attachment_name(&self.conn, sha256)?
            .ok_or_else(|| Error::NotFound { what: "tệp đính kèm", id: sha256.to_string() })?;
        let safe_name: String = Path::new(&name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| sha256.to_string());
        let target_dir = dir.join(&sha256[..16]);
        std::fs::create_dir_all(&target_dir).map_err(|e| Error::io(&target_dir, e))?;
        let target = target_dir.join(safe_name);
        let source = self.stored_file_path(sha256)?;
        std::fs::copy(&source, &target).map_err(|e| Error::io(&source, e))?;
        Ok(target)
    }

    /// Checks the size limit, then streams `source` into the content-addressed folder (temp file, sync, rename) and returns
    /// its SHA-256 and size.
    pub(crate) fn store_file(&self, source: &Path) -> Result<(String, u64)> {
        let meta = std::fs::metadata(source).map_err(|e| Error::io(source, e))?;
        if !meta.is_file() {
            return Err(Error::invalid(format!("«{}» không phải là một tệp.", source.display())));
        }
        if meta.len() > MAX_ATTACHMENT_BYTES {
            return Err(Error::invalid(format!(
                "Tệp «{}» lớn {:.1} MB, vượt giới hạn {} MB cho mỗi tệp đính kèm. Hãy nén hoặc chia nhỏ tệp.",
                source.display(),
                meta.len() as f64 / 1_048_576.0,
                MAX_ATTACHMENT_BYTES / 1_048_576
            )));
        }
        let mut reader = BufReader::new(File::open(source).map_err(|e| Error::io(source, e))?);
        self.store_stream(&mut reader, source)
    }

    /// Streams `reader` (read from `source`, for messages) into the content-addressed folder (temp
    /// file, sync, rename) and returns its SHA-256 and size. A file already there is kept as it is.
    pub(crate) fn store_stream(&self, reader: &mut dyn Read, source: &Path) -> Result<(String, u64)> {
        std::fs::create_dir_all(self.files_dir()).map_err(|e| Error::io(self.files_dir(), e))?;
        let mut temp = tempfile_in(self.files_dir())?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(n) => n,
                Err(e) => {
                    let _ = std::fs::remove_file(&temp.0);
                    return Err(Error::io(source, e));
                }
            };
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            temp.1.write_all(&buf[..n]).map_err(|e| Error::io(&temp.0, e))?;
            size += n as u64;
        }
        temp.1.sync_all().map_err(|e| Error::io(&temp.0, e))?;
        drop(temp.1);
        let sha256 = hex::encode(hasher.finalize());
        let target = self.stored_file_path(&sha256)?;
        if target.exists() {
            std::fs::remove_file(&temp.0).map_err(|e| Error::io(&temp.0, e))?;
        } else {
            let dir = target.parent().unwrap_or(self.files_dir());
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            std::fs::rename(&temp.0, &target).map_err(|e| Error::io(&target, e))?;
        }
        Ok((sha256, size))
    }
}

/// A new, uniquely named file in `dir` for writing before an atomic rename.
fn tempfile_in(dir: &Path) -> Result<(PathBuf, File)> {
    let path = dir.join(format!(".dang-ghi-{}", uuid::Uuid::now_v7()));
    let file = File::create_new(&path).map_err(|e| Error::io(&path, e))?;
    Ok((path, file))
}
