//! Plain text files in the encodings Vietnamese offices produce: UTF-8 (with or without BOM),
//! UTF-16 ("Unicode" in Notepad), Windows-1258, and legacy 8-bit font text (TCVN3/VNI bytes,
//! decoded as Latin-1 here and converted later).

use crate::error::{Error, Result};
use crate::extract::legacy;

pub(crate) fn decode(bytes: &[u8]) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec()).map_err(|_| bad());
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, errors) = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE.decode(bytes)
        } else {
            encoding_rs::UTF_16BE.decode(bytes)
        };
        if errors {
            return Err(bad());
        }
        return Ok(text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    // UTF-16 without a byte order mark: every other byte is zero in Latin text.
    let zeros_even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = bytes.len() / 2;
    if half > 8 && zeros_odd * 3 > half {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    if half > 8 && zeros_even * 3 > half {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    // Control bytes other than tab and line ends: a binary file.
    let control = bytes.iter().filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if control * 50 > bytes.len() {
        return Err(Error::invalid(
            "Tệp không phải văn bản đọc được (có thể là tệp nhị phân hoặc bị hỏng). Hãy chọn tệp .docx, .pdf có lớp chữ, .txt, hoặc dán nội dung văn bản.",
        ));
    }
    // An 8-bit file: Windows-1258 (Vietnamese ANSI) or legacy font bytes, whichever reads as
    // more Vietnamese. Legacy bytes are kept as Latin-1 here; `legacy` converts them later.
    let (cp1258, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    let latin1: String = bytes.iter().map(|b| char::from(*b)).collect();
    let legacy_reading = legacy::detect_and_convert(&latin1).map(|(t, _)| legacy::score(&t)).unwrap_or(0);
    if legacy_reading > legacy::score(&cp1258) { Ok(latin1) } else { Ok(cp1258.into_owned()) }
}

fn bad() -> Error {
    Error::invalid("Tệp văn bản có mã ký tự không hợp lệ. Hãy mở tệp, lưu lại với bảng mã Unicode (UTF-8) rồi thử lại, hoặc dán nội dung văn bản.")
}
