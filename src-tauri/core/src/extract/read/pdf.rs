//! PDF files with a text layer, through `pdf-extract` (its content-stream interpreter, fonts and
//! ToUnicode maps), with our own text layout: a line break where the baseline moves, a space for
//! a word gap, and a tab for a gap wider than the font size — the columns of a heading laid out
//! side by side or of a table row, so that they read as cells like a Word table does.
//!
//! A scanned PDF (pictures of pages) has no text to read: the user is asked for a text version.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::error::{Error, Result};

/// Text laid out from the characters pdf-extract hands over, page by page.
#[derive(Debug, Default)]
struct Layout {
    pages: Vec<String>,
    page_height: f64,
    last_end: f64,
    last_y: f64,
    word_start: bool,
}

impl Layout {
    fn page(&mut self) -> &mut String {
        if self.pages.is_empty() {
            self.pages.push(String::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }
}

impl OutputDev for Layout {
    fn begin_page(&mut self, _page: u32, media_box: &MediaBox, _art_box: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.pages.push(String::new());
        self.page_height = media_box.ury - media_box.lly;
        self.last_end = f64::MAX;
        self.last_y = 0.0;
        self.word_start = false;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(&mut self, trm: &Transform, width: f64, _spacing: f64, font_size: f64, text: &str) -> Result<(), OutputError> {
        // Position on the page (y downwards) and the font size in page units.
        let x = trm.m31;
        let y = self.page_height - trm.m32;
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt().max(1.0);
        let (last_end, last_y, word_start) = (self.last_end, self.last_y, self.word_start);
        let page = self.page();
        if word_start && !page.is_empty() {
            let dy = (y - last_y).abs();
            if dy > size * 1.5 || (x < last_end && dy > size * 0.5) {
                page.push('\n');
            } else if x > last_end + size * 1.0 {
                page.push('\t');
            } else if x > last_end + size * 0.1 {
                page.push(' ');
            }
        }
        page.push_str(text);
        self.word_start = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

fn broken(detail: &str) -> Error {
    Error::invalid(format!("Tệp PDF bị hỏng hoặc không đọc được ({detail}). Hãy dùng bản Word (.docx) hoặc dán nội dung văn bản."))
}

fn lay_out(bytes: &[u8]) -> Result<Vec<String>> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| broken(&e.to_string()))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Error::invalid("Tệp PDF có mật khẩu nên không đọc được. Hãy dùng bản không đặt mật khẩu, bản Word, hoặc dán nội dung văn bản."));
    }
    let mut layout = Layout::default();
    pdf_extract::output_doc(&doc, &mut layout).map_err(|e| broken(&e.to_string()))?;
    Ok(layout.pages)
}

pub(crate) fn read(bytes: &[u8]) -> Result<String> {
    // pdf-extract may panic on malformed files: never let that reach the application. (This
    // needs the default `panic = "unwind"`; a profile with `panic = "abort"` would lose it.)
    let pages = match std::panic::catch_unwind(|| lay_out(bytes)) {
        Ok(result) => result?,
        Err(_) => return Err(Error::invalid("Tệp PDF có cấu trúc lạ, không đọc được. Hãy dùng bản Word (.docx) hoặc dán nội dung văn bản.")),
    };
    let letters: usize = pages.iter().map(|p| p.chars().filter(|c| c.is_alphabetic()).count()).sum();
    if letters < 20 * pages.len().max(1) || letters < 20 {
        return Err(Error::invalid(
            "Tệp PDF này là bản quét (ảnh chụp trang), không có lớp chữ để đọc. Hãy xin bản Word (.docx) hoặc bản PDF có chữ, hoặc gõ/dán nội dung văn bản.",
        ));
    }
    Ok(pages.join("\n\n"))
}
