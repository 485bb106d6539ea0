//! Readers: a plan file (Word `.docx`, PDF with a text layer, `.txt`/`.md`) to plain text with
//! its structure kept as lines (a table row is one line, cells separated by tabs).
//!
//! Every failure is a Vietnamese message that says what to do; nothing here panics on bad input
//! (the PDF library is guarded, since it may panic on malformed files).

mod docx;
mod pdf;
mod plain;

use std::path::Path;

use crate::error::{Error, Result};
use crate::extract::legacy::{self, Legacy};
use crate::extract::normalize::{normalise, strip_markup};

/// Largest file read (bytes): plans are a few hundred kilobytes.
pub(crate) const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Largest text extracted (chars), about 2 000 pages.
pub(crate) const MAX_TEXT_CHARS: usize = 5_000_000;

/// Text read from a file, with what the reader had to do to it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Read {
    pub text: String,
    /// A legacy encoding the text was converted from.
    pub legacy: Option<Legacy>,
}

/// Reads a plan file to normalised text; see [`crate::extract::read_file`].
pub(crate) fn read_path(path: &Path) -> Result<Read> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::invalid(format!("«{}» là một thư mục, không phải tệp văn bản. Hãy chọn tệp .docx, .pdf hoặc .txt.", path.display())));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(format!(
            "Tệp quá lớn ({} MB). Sổ Kế Hoạch chỉ đọc tệp đến {} MB: hãy tách riêng phần kế hoạch hoặc dán nội dung văn bản.",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default();
    read_bytes(&bytes, &ext)
}

/// Reads file contents; `ext` is the lowercase extension (it only breaks ties: the contents
/// decide).
pub(crate) fn read_bytes(bytes: &[u8], ext: &str) -> Result<Read> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::invalid("Tệp trống: không có nội dung để đọc. Hãy kiểm tra lại tệp đã chọn."));
    }
    let (text, legacy) = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        docx::read(bytes)?
    } else if bytes.starts_with(b"%PDF") || (bytes.len() > 1024 && bytes[..1024].windows(4).any(|w| w == b"%PDF")) {
        (pdf::read(bytes)?, None)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::invalid(
            "Đây là tệp Word cũ (.doc, Word 97–2003) hoặc tệp Word có mật khẩu, chưa đọc được. Hãy mở bằng Word, chọn Lưu thành (Save As) kiểu .docx rồi mở lại; hoặc sao chép nội dung và dán vào.",
        ));
    } else if bytes.starts_with(b"{\\rtf") {
        return Err(Error::invalid("Tệp RTF chưa đọc được. Hãy mở bằng Word và lưu thành .docx, hoặc sao chép nội dung và dán vào."));
    } else {
        if ext == "docx" || ext == "pdf" {
            return Err(Error::invalid(format!(
                "Tệp có đuôi .{ext} nhưng nội dung không phải {}: tệp có thể bị hỏng hoặc bị đổi tên. Hãy mở thử bằng chương trình gốc và lưu lại.",
                if ext == "docx" { "văn bản Word" } else { "PDF" }
            )));
        }
        (plain::decode(bytes)?, None)
    };
    finish(&text, legacy)
}

/// The text of a `.docx` as its reader lays it out (for tests).
#[cfg(test)]
pub(crate) fn docx_text(bytes: &[u8]) -> String {
    docx::read(bytes).map(|(t, _)| t).unwrap_or_default()
}

/// Converts legacy encodings, normalises, and refuses text that is not text.
pub(crate) fn finish(text: &str, legacy: Option<Legacy>) -> Result<Read> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid(format!(
            "Văn bản quá dài (hơn {} triệu ký tự). Hãy tách riêng phần kế hoạch rồi mở lại.",
            MAX_TEXT_CHARS / 1_000_000
        )));
    }
    let (text, legacy) = match legacy {
        Some(l) => (text.to_string(), Some(l)),
        None => match legacy::detect_and_convert(text) {
            Some((converted, l)) => (converted, Some(l)),
            None => (text.to_string(), None),
        },
    };
    check_is_text(&text)?;
    let text = strip_markup(&normalise(&text));
    check_is_text(&text)?;
    Ok(Read { text, legacy })
}

/// Refuses binary garbage and text without words.
fn check_is_text(text: &str) -> Result<()> {
    let total = text.chars().count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let odd = text
        .chars()
        .filter(|c| (c.is_control() && !matches!(c, '\n' | '\t')) || ('\u{E000}'..='\u{F8FF}').contains(c) || *c == '\u{FFFD}')
        .count();
    if letters < 10 {
        return Err(Error::invalid("Không tìm thấy chữ nào trong tệp. Nếu đây là bản chụp/bản quét, hãy dùng bản Word hoặc bản có lớp chữ, hoặc dán nội dung văn bản."));
    }
    if odd * 20 > total || letters * 4 < total {
        return Err(Error::invalid(
            "Tệp không phải văn bản đọc được (có thể là tệp nhị phân hoặc bị hỏng). Hãy chọn tệp .docx, .pdf có lớp chữ, .txt, hoặc dán nội dung văn bản.",
        ));
    }
    Ok(())
}
