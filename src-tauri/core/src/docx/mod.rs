//! Writes Word files (`.docx`) from a small document model: paragraphs of runs (bold, italic,
//! underline, size), tables, and an A4 page laid out after Nghị định 30/2020 (margins 20/20/30/15
//! mm, Times New Roman, the page number at the top from the second page). The report skeleton and
//! the synthesis of reports are built as a [`WordDocument`] and written here.
//!
//! The file is a zip of WordprocessingML parts written directly (the `zip` crate the bundle uses
//! already, and text escaped here): the handful of elements a report needs, nothing Word or
//! LibreOffice would have to repair. Text is user data: characters XML cannot hold are dropped,
//! tabs and line breaks become Word's own.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::error::{Error, Result};

/// The font every run is in unless it says otherwise.
pub const FONT: &str = "Times New Roman";

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

/// A stretch of text with one look.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    /// Points; the document's size when `None`.
    pub size: Option<f32>,
}

impl Run {
    pub fn new(text: impl Into<String>) -> Run {
        Run { text: text.into(), ..Run::default() }
    }
    pub fn bold(mut self) -> Run {
        self.bold = true;
        self
    }
    pub fn italic(mut self) -> Run {
        self.italic = true;
        self
    }
    pub fn underline(mut self) -> Run {
        self.underline = true;
        self
    }
    pub fn size(mut self, points: f32) -> Run {
        self.size = Some(points);
        self
    }
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    pub runs: Vec<Run>,
    pub align: Align,
    /// First-line indent in centimetres (ND30: 1–1.27 cm for body text).
    pub first_line_cm: f32,
    /// Points before and after.
    pub before: f32,
    pub after: f32,
    /// Kept on the page of the next paragraph (a heading with its text).
    pub keep_next: bool,
    /// Line spacing as a multiple of single spacing; single when 0.
    pub line: f32,
}

impl Paragraph {
    pub fn new(runs: Vec<Run>) -> Paragraph {
        Paragraph { runs, ..Paragraph::default() }
    }
    pub fn text(text: impl Into<String>) -> Paragraph {
        Paragraph::new(vec![Run::new(text)])
    }
    pub fn align(mut self, align: Align) -> Paragraph {
        self.align = align;
        self
    }
    pub fn indent(mut self, cm: f32) -> Paragraph {
        self.first_line_cm = cm;
        self
    }
    pub fn spacing(mut self, before: f32, after: f32) -> Paragraph {
        self.before = before;
        self.after = after;
        self
    }
    pub fn keep_next(mut self) -> Paragraph {
        self.keep_next = true;
        self
    }
    pub fn line(mut self, multiple: f32) -> Paragraph {
        self.line = multiple;
        self
    }
    /// The text of its runs.
    pub fn plain(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A table cell: its paragraphs (at least one is written).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub paragraphs: Vec<Paragraph>,
}

impl Cell {
    pub fn new(paragraphs: Vec<Paragraph>) -> Cell {
        Cell { paragraphs }
    }
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { paragraphs: vec![Paragraph::text(text)] }
    }
}

/// A table. Column widths are fractions of the text width.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<Cell>>,
    /// Ruled (a data table); a layout table (the heading, the signature) has no lines.
    pub borders: bool,
    /// The first row repeats on every page and is bold.
    pub header_row: bool,
}

/// What a document is made of, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A document: A4 portrait, ND30 margins.
#[derive(Debug, Clone, PartialEq)]
pub struct WordDocument {
    pub blocks: Vec<Block>,
    /// Points of body text (ND30: 13–14).
    pub size: f32,
    /// Title of the file (shown in Word's properties).
    pub title: String,
}

impl WordDocument {
    pub fn new(title: impl Into<String>) -> WordDocument {
        WordDocument { blocks: Vec::new(), size: 14.0, title: title.into() }
    }
    pub fn push(&mut self, paragraph: Paragraph) {
        self.blocks.push(Block::Paragraph(paragraph));
    }
    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }
}

/// Text width of an A4 page with ND30 margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 11906 - 1701 - 850;

/// Text as XML character data: markup characters escaped, characters XML 1.0 cannot hold dropped.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{9}' | '\u{A}' | '\u{D}' => out.push(c),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

fn run_xml(run: &Run, out: &mut String) {
    let mut props = String::new();
    if run.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if run.italic {
        props.push_str("<w:i/><w:iCs/>");
    }
    if run.underline {
        props.push_str(r#"<w:u w:val="single"/>"#);
    }
    if let Some(size) = run.size {
        let half = (size * 2.0).round() as u32;
        props.push_str(&format!(r#"<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>"#));
    }
    // Tabs and line breaks are elements of their own between the text pieces.
    for (i, line) in run.text.split('\n').enumerate() {
        for (j, piece) in line.split('\t').enumerate() {
            out.push_str("<w:r>");
            if !props.is_empty() {
                out.push_str("<w:rPr>");
                out.push_str(&props);
                out.push_str("</w:rPr>");
            }
            if i > 0 && j == 0 {
                out.push_str("<w:br/>");
            }
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(r#"<w:t xml:space="preserve">"#);
                escape(piece, out);
                out.push_str("</w:t>");
            }
            out.push_str("</w:r>");
        }
    }
}

fn paragraph_xml(p: &Paragraph, out: &mut String) {
    out.push_str("<w:p><w:pPr>");
    if p.keep_next {
        out.push_str("<w:keepNext/>");
    }
    let line = if p.line > 0.0 { (p.line * 240.0).round() as u32 } else { 240 };
    out.push_str(&format!(
        r#"<w:spacing w:before="{}" w:after="{}" w:line="{line}" w:lineRule="auto"/>"#,
        (p.before * 20.0).round() as u32,
        (p.after * 20.0).round() as u32
    ));
    if p.first_line_cm > 0.0 {
        out.push_str(&format!(r#"<w:ind w:firstLine="{}"/>"#, (p.first_line_cm * 567.0).round() as u32));
    }
    let jc = match p.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    };
    out.push_str(&format!(r#"<w:jc w:val="{jc}"/>"#));
    out.push_str("</w:pPr>");
    for run in &p.runs {
        run_xml(run, out);
    }
    out.push_str("</w:p>");
}

fn table_xml(t: &Table, out: &mut String) -> Result<()> {
    let columns = t.widths.len();
    if columns == 0 || t.widths.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
        return Err(Error::invalid("Bảng trong văn bản Word phải có ít nhất một cột, mỗi cột rộng hơn 0."));
    }
    if let Some(row) = t.rows.iter().find(|r| r.len() != columns) {
        return Err(Error::invalid(format!("Một hàng của bảng có {} ô, bảng có {columns} cột.", row.len())));
    }
    let total: f32 = t.widths.iter().sum();
    let widths: Vec<u32> = t.widths.iter().map(|w| (w / total * TEXT_WIDTH as f32).round() as u32).collect();
    out.push_str("<w:tbl><w:tblPr>");
    out.push_str(&format!(r#"<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/>"#));
    let line = if t.borders { r#"w:val="single" w:sz="4" w:space="0" w:color="000000""# } else { r#"w:val="nil""# };
    out.push_str("<w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!("<w:{side} {line}/>"));
    }
    out.push_str("</w:tblBorders>");
    out.push_str(r#"<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>"#);
    out.push_str("</w:tblPr><w:tblGrid>");
    for w in &widths {
        out.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    out.push_str("</w:tblGrid>");
    for (r, row) in t.rows.iter().enumerate() {
        out.push_str("<w:tr>");
        if r == 0 && t.header_row {
            out.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        }
        for (cell, w) in row.iter().zip(&widths) {
            out.push_str(&format!(r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>"#));
            if cell.paragraphs.is_empty() {
                out.push_str("<w:p/>");
            }
            for p in &cell.paragraphs {
                if r == 0 && t.header_row {
                    let mut bold = p.clone();
                    for run in &mut bold.runs {
                        run.bold = true;
                    }
                    paragraph_xml(&bold, out);
                } else {
                    paragraph_xml(p, out);
                }
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    Ok(())
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn document_xml(doc: &WordDocument) -> Result<String> {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(&format!("<w:document {NS}><w:body>"));
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => paragraph_xml(p, &mut out),
            Block::Table(t) => {
                table_xml(t, &mut out)?;
                // Word needs a paragraph between two tables and at the end of a cell; an empty one
                // after each table keeps tables apart.
                out.push_str(r#"<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>"#);
            }
        }
    }
    // A4, margins top 20, bottom 20, left 30, right 15 mm; the page number at the top centre from
    // the second page (the first page's header is empty).
    out.push_str(
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:headerReference w:type="first" r:id="rIdHeaderFirst"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>"#,
    );
    out.push_str("</w:body></w:document>");
    Ok(out)
}

fn styles_xml(size: f32) -> String {
    let half = (size * 2.0).round() as u32;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:sz w:val="{half}"/><w:szCs w:val="{half}"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#
    )
}

fn header_xml(page_number: bool) -> String {
    let body = if page_number {
        r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
    } else {
        "<w:p/>"
    };
    format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}>{body}</w:hdr>"#)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

fn core_xml(title: &str) -> String {
    let mut escaped = String::new();
    escape(title, &mut escaped);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{escaped}</dc:title><dc:creator>Sổ Kế Hoạch</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>"#
    )
}

/// The `.docx` file of a document, as bytes.
pub fn write_docx(doc: &WordDocument) -> Result<Vec<u8>> {
    if !(10.0..=20.0).contains(&doc.size) {
        return Err(Error::invalid("Cỡ chữ của văn bản phải từ 10 đến 20."));
    }
    let document = document_xml(doc)?;
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(document.len() / 4 + 8192)));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts: [(&str, &str); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", &styles_xml(doc.size)),
        ("word/settings.xml", SETTINGS),
        ("word/header1.xml", &header_xml(true)),
        ("word/header2.xml", &header_xml(false)),
        ("docProps/core.xml", &core_xml(&doc.title)),
    ];
    let failed = |e: &dyn std::fmt::Display| Error::invalid(format!("Không tạo được tệp Word: {e}"));
    for (name, text) in parts {
        zip.start_file(name, options).map_err(|e| failed(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_data_and_tables_are_checked() {
        let mut doc = WordDocument::new("Thử <&>");
        doc.push(Paragraph::new(vec![Run::new("a < b & \"c\"\u{1}\u{FFFF} đ\tcột\ndòng").bold()]));
        let xml = document_xml(&doc).expect("xml");
        assert!(xml.contains("a &lt; b &amp; &quot;c&quot; đ</w:t>"), "{xml}");
        assert!(xml.contains("<w:tab/>") && xml.contains("<w:br/>"));
        assert!(!xml.contains('\u{1}') && !xml.contains('\u{FFFF}'), "characters XML cannot hold are dropped");
        doc.table(Table { widths: vec![1.0, 1.0], rows: vec![vec![Cell::text("một")]], borders: true, header_row: false });
        let err = write_docx(&doc).expect_err("a row with too few cells");
        assert!(err.to_string().contains("có 1 ô, bảng có 2 cột"), "{err}");
    }
}
