//! Word `.docx` files: `word/document.xml` read with `quick-xml`, keeping what a reader sees —
//! paragraphs (with Word's automatic numbering rendered: "I.", "1.", "a)"), line breaks, tabs,
//! and tables. A data table (a header row naming its columns, or three columns or more) becomes
//! one line per row with cells separated by tabs; a layout table (the two-column heading or
//! signature block) is read column by column, as its reader does.
//!
//! Text in the legacy fonts `.VnTime…` (TCVN3) and `VNI-…` is converted run by run, since the
//! font is known here.

use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Result};
use crate::extract::legacy::{self, Legacy};

/// Largest size of one XML part read from the archive (bytes): a guard against zip bombs.
const MAX_PART_BYTES: u64 = 200 * 1024 * 1024;

fn corrupt() -> Error {
    Error::invalid("Tệp Word (.docx) bị hỏng hoặc không đúng định dạng. Hãy mở bằng Word, lưu lại rồi thử lại, hoặc dán nội dung văn bản.")
}

fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>> {
    let mut file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(corrupt()),
    };
    if file.encrypted() {
        return Err(Error::invalid("Tệp Word có mật khẩu nên không đọc được. Hãy bỏ mật khẩu (Word: Tệp › Thông tin › Bảo vệ tài liệu) rồi thử lại."));
    }
    if file.size() > MAX_PART_BYTES {
        return Err(Error::invalid("Tệp Word quá lớn để đọc. Hãy tách riêng phần kế hoạch hoặc dán nội dung văn bản."));
    }
    let mut bytes = Vec::new();
    file.by_ref().take(MAX_PART_BYTES).read_to_end(&mut bytes).map_err(|_| corrupt())?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let b = e.into_bytes();
            let (t, _, bad) = encoding_rs::UTF_16LE.decode(&b);
            if bad {
                return Err(corrupt());
            }
            t.into_owned()
        }
    };
    Ok(Some(text))
}

/// Reads a `.docx` (its bytes) to text; the legacy encoding found in its fonts, if any.
pub(crate) fn read(bytes: &[u8]) -> Result<(String, Option<Legacy>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt())?;
    let main = match part(&mut archive, "word/document.xml")? {
        Some(m) => m,
        None => {
            // Another main part name, from the package relationships.
            let rels = part(&mut archive, "_rels/.rels")?.unwrap_or_default();
            let target = main_part_name(&rels);
            match target.and_then(|t| part(&mut archive, &t).ok().flatten()) {
                Some(m) => m,
                None => {
                    let names: Vec<String> = archive.file_names().flatten().map(|n| n.into_owned()).collect();
                    let what = if names.iter().any(|n| n.starts_with("xl/")) {
                        "một bảng tính Excel"
                    } else if names.iter().any(|n| n.starts_with("ppt/")) {
                        "một bài trình chiếu PowerPoint"
                    } else if names.iter().any(|n| n == "content.xml") {
                        "một tệp OpenDocument (.odt)"
                    } else {
                        "một tệp nén"
                    };
                    return Err(Error::invalid(format!(
                        "Tệp này là {what}, không phải văn bản Word (.docx). Hãy chọn tệp kế hoạch dạng .docx, .pdf hoặc .txt."
                    )));
                }
            }
        }
    };
    let numbering = part(&mut archive, "word/numbering.xml")?.map(|x| Numbering::parse(&x)).unwrap_or_default();
    let styles = part(&mut archive, "word/styles.xml")?.map(|x| Styles::parse(&x)).unwrap_or_default();
    let mut doc = DocReader::new(numbering, styles);
    doc.run(&main)?;
    let legacy = doc.legacy;
    Ok((doc.lines.join("\n"), legacy))
}

fn main_part_name(rels: &str) -> Option<String> {
    let mut reader = Reader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if local(&e) == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    return attr(&e, "Target").map(|t| t.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

fn local(e: &BytesStart) -> String {
    let name = e.name();
    let s: &str = name.as_ref();
    s.rsplit(':').next().unwrap_or(s).to_string()
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        let k: &str = a.key.as_ref();
        if k == key || k.rsplit(':').next() == Some(key) {
            return a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned());
        }
    }
    None
}

/// One level of a numbered list: its format, text pattern and start.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// `word/numbering.xml`: numbering instances and their levels.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<usize> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let val = || attr(&e, "val").unwrap_or_default();
                    match local(&e).as_str() {
                        "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                        "lvl" => {
                            level = attr(&e, "ilvl").and_then(|v| v.parse().ok());
                            if let (Some(a), Some(l)) = (&abstract_id, level) {
                                let levels = n.abstracts.entry(a.clone()).or_default();
                                if levels.len() <= l {
                                    levels.resize(l + 1, Level { format: "decimal".into(), text: String::new(), start: 1 });
                                }
                            }
                        }
                        "start" | "numFmt" | "lvlText" if abstract_id.is_some() && num_id.is_none() => {
                            if let (Some(a), Some(l)) = (&abstract_id, level)
                                && let Some(lv) = n.abstracts.get_mut(a).and_then(|v| v.get_mut(l))
                            {
                                match local(&e).as_str() {
                                    "start" => lv.start = val().parse().unwrap_or(1),
                                    "numFmt" => lv.format = val(),
                                    _ => lv.text = val(),
                                }
                            }
                        }
                        "num" => num_id = attr(&e, "numId"),
                        "abstractNumId" => {
                            if let Some(id) = &num_id {
                                n.nums.insert(id.clone(), (val(), HashMap::new()));
                            }
                        }
                        "lvlOverride" => override_level = attr(&e, "ilvl").and_then(|v| v.parse().ok()),
                        "startOverride" => {
                            if let (Some(id), Some(l)) = (&num_id, override_level)
                                && let Some((_, o)) = n.nums.get_mut(id)
                            {
                                o.insert(l, val().parse().unwrap_or(1));
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    "lvl" => level = None,
                    _ => {}
                },
                _ => {}
            }
        }
        n
    }
}

fn roman(mut n: u32, upper: bool) -> String {
    let table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    if upper { s } else { s.to_lowercase() }
}

fn letter(n: u32, upper: bool) -> String {
    let base = if upper { b'A' } else { b'a' };
    let c = char::from(base + ((n.max(1) - 1) % 26) as u8);
    c.to_string()
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(n, true),
        "lowerRoman" => roman(n, false),
        "upperLetter" => letter(n, true),
        "lowerLetter" => letter(n, false),
        "decimalZero" => format!("{n:02}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// `word/styles.xml`: the font of each style (legacy fonts decide the conversion).
#[derive(Debug, Default)]
struct Styles {
    default_font: Option<String>,
    fonts: HashMap<String, String>,
    based_on: HashMap<String, String>,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut s = Styles::default();
        let mut reader = Reader::from_str(xml);
        let mut style: Option<String> = None;
        let mut in_defaults = false;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                    "docDefaults" => in_defaults = true,
                    "style" => style = attr(&e, "styleId"),
                    "basedOn" => {
                        if let (Some(id), Some(v)) = (&style, attr(&e, "val")) {
                            s.based_on.insert(id.clone(), v);
                        }
                    }
                    "rFonts" => {
                        let font = attr(&e, "ascii").or_else(|| attr(&e, "hAnsi"));
                        if let Some(font) = font {
                            if in_defaults {
                                s.default_font = Some(font);
                            } else if let Some(id) = &style {
                                s.fonts.insert(id.clone(), font);
                            }
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "docDefaults" => in_defaults = false,
                    "style" => style = None,
                    _ => {}
                },
                _ => {}
            }
        }
        s
    }

    fn font_of(&self, style: &str) -> Option<&String> {
        let mut cur = Some(style);
        let mut hops = 0;
        while let Some(id) = cur {
            if let Some(f) = self.fonts.get(id) {
                return Some(f);
            }
            cur = self.based_on.get(id).map(String::as_str);
            hops += 1;
            if hops > 20 {
                break;
            }
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FontKind {
    Unicode,
    Tcvn3,
    Tcvn3Upper,
    Vni,
}

fn font_kind(font: Option<&str>) -> FontKind {
    let Some(f) = font else { return FontKind::Unicode };
    let f = f.trim().to_lowercase();
    if f.starts_with(".vn") {
        if f.ends_with('h') { FontKind::Tcvn3Upper } else { FontKind::Tcvn3 }
    } else if f.starts_with("vni-") || f.starts_with("vni ") {
        FontKind::Vni
    } else {
        FontKind::Unicode
    }
}

#[derive(Debug, Default)]
struct ParaBuf {
    text: String,
    num: Option<(String, usize)>,
    style: Option<String>,
}

#[derive(Debug, Default, Clone)]
struct CellBuf {
    paras: Vec<String>,
    span: usize,
    /// `Some(true)` starts a vertical merge, `Some(false)` continues the one above.
    vmerge: Option<bool>,
}

#[derive(Debug, Default)]
struct TableBuf {
    rows: Vec<Vec<CellBuf>>,
}

struct DocReader {
    numbering: Numbering,
    styles: Styles,
    counters: HashMap<String, Vec<Option<u32>>>,
    lines: Vec<String>,
    paras: Vec<ParaBuf>,
    tables: Vec<TableBuf>,
    run: String,
    run_font: Option<String>,
    run_style: Option<String>,
    in_text: bool,
    in_ppr: bool,
    in_rpr: bool,
    skip: usize,
    legacy: Option<Legacy>,
}

impl DocReader {
    fn new(numbering: Numbering, styles: Styles) -> Self {
        DocReader {
            numbering,
            styles,
            counters: HashMap::new(),
            lines: Vec::new(),
            paras: Vec::new(),
            tables: Vec::new(),
            run: String::new(),
            run_font: None,
            run_style: None,
            in_text: false,
            in_ppr: false,
            in_rpr: false,
            skip: 0,
            legacy: None,
        }
    }

    fn run(&mut self, xml: &str) -> Result<()> {
        let mut reader = Reader::from_str(xml);
        let mut saw_body = false;
        loop {
            let event = reader.read_event().map_err(|_| corrupt())?;
            match event {
                Event::Eof => break,
                Event::Start(e) => {
                    let name = local(&e);
                    if name == "body" {
                        saw_body = true;
                    }
                    if self.skip > 0 || matches!(name.as_str(), "Fallback" | "del" | "delText" | "instrText" | "footnoteReference" | "commentReference") {
                        self.skip += 1;
                        continue;
                    }
                    self.start(&name, &e, false);
                }
                Event::Empty(e) => {
                    if self.skip > 0 {
                        continue;
                    }
                    let name = local(&e);
                    self.start(&name, &e, true);
                }
                Event::End(e) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                        continue;
                    }
                    let name = e.local_name();
                    let name: &str = name.as_ref();
                    self.end(name);
                }
                Event::Text(t) if self.in_text && self.skip == 0 => self.run.push_str(&t.xml10_content()),
                Event::CData(t) if self.in_text && self.skip == 0 => self.run.push_str(&t),
                Event::GeneralRef(r) if self.in_text && self.skip == 0 => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        self.run.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                        self.run.push_str(s);
                    }
                }
                _ => {}
            }
        }
        if !saw_body {
            return Err(corrupt());
        }
        Ok(())
    }

    fn start(&mut self, name: &str, e: &BytesStart, empty: bool) {
        match name {
            "p" => {
                if !empty {
                    self.paras.push(ParaBuf::default());
                } else {
                    self.finish_para(ParaBuf::default());
                }
            }
            "pPr" => self.in_ppr = !empty,
            "rPr" => self.in_rpr = !empty,
            "pStyle" => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, "val");
                }
            }
            "ilvl" if self.in_ppr => {
                if let Some(p) = self.paras.last_mut() {
                    let l = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let id = p.num.take().map(|(id, _)| id).unwrap_or_default();
                    p.num = Some((id, l));
                }
            }
            "numId" if self.in_ppr => {
                if let Some(p) = self.paras.last_mut() {
                    let id = attr(e, "val").unwrap_or_default();
                    let l = p.num.take().map_or(0, |(_, l)| l);
                    p.num = Some((id, l));
                }
            }
            "r" if !empty => {
                self.run.clear();
                self.run_font = None;
                self.run_style = None;
            }
            "rFonts" if self.in_rpr && !self.in_ppr => {
                self.run_font = attr(e, "ascii").or_else(|| attr(e, "hAnsi"));
            }
            "rStyle" if self.in_rpr => self.run_style = attr(e, "val"),
            "t" => self.in_text = !empty,
            "tab" if !self.in_ppr => self.run.push('\t'),
            "br" | "cr" => self.run.push('\n'),
            "noBreakHyphen" => self.run.push('-'),
            "tbl" if !empty => self.tables.push(TableBuf::default()),
            "tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Vec::new());
                }
            }
            "tc" if !empty => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(CellBuf { span: 1, ..CellBuf::default() });
                }
            }
            "gridSpan" => {
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.rows.last_mut()).and_then(|r| r.last_mut()) {
                    cell.span = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" => {
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.rows.last_mut()).and_then(|r| r.last_mut()) {
                    cell.vmerge = Some(attr(e, "val").is_some_and(|v| v == "restart"));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "pPr" => self.in_ppr = false,
            "rPr" => self.in_rpr = false,
            "r" => self.flush_run(),
            "p" => {
                self.flush_run();
                if let Some(p) = self.paras.pop() {
                    self.finish_para(p);
                }
            }
            "tbl" => {
                if let Some(t) = self.tables.pop() {
                    let lines = render_table(t);
                    match self.tables.last_mut().and_then(|t| t.rows.last_mut()).and_then(|r| r.last_mut()) {
                        Some(cell) => cell.paras.extend(lines.into_iter().map(|l| l.replace('\t', " "))),
                        None => {
                            self.lines.extend(lines);
                            self.lines.push(String::new());
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Converts the run's text from its legacy font, if any, and adds it to the paragraph.
    fn flush_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let style_font = self
            .run_style
            .as_deref()
            .and_then(|s| self.styles.font_of(s))
            .or_else(|| self.paras.last().and_then(|p| p.style.as_deref()).and_then(|s| self.styles.font_of(s)))
            .or(self.styles.default_font.as_ref());
        let font = self.run_font.as_ref().or(style_font);
        let text = std::mem::take(&mut self.run);
        let text = match font_kind(font.map(String::as_str)) {
            FontKind::Unicode => text,
            FontKind::Tcvn3 => {
                self.legacy = Some(Legacy::Tcvn3);
                legacy::from_tcvn3(&text, false)
            }
            FontKind::Tcvn3Upper => {
                self.legacy = Some(Legacy::Tcvn3);
                legacy::from_tcvn3(&text, true)
            }
            FontKind::Vni => {
                self.legacy = Some(Legacy::Vni);
                legacy::from_vni(&text)
            }
        };
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(&text);
        }
    }

    fn numbering_prefix(&mut self, num: &(String, usize)) -> Option<String> {
        let (id, level) = num;
        if id.is_empty() || id == "0" {
            return None;
        }
        let (abstract_id, overrides) = self.numbering.nums.get(id)?;
        let levels = self.numbering.abstracts.get(abstract_id)?;
        let lv = levels.get(*level)?;
        let counters = self.counters.entry(id.clone()).or_insert_with(|| vec![None; 9]);
        if *level >= counters.len() {
            return None;
        }
        let start = overrides.get(level).copied().unwrap_or(lv.start);
        counters[*level] = Some(counters[*level].map_or(start, |c| c + 1));
        for c in counters.iter_mut().skip(level + 1) {
            *c = None;
        }
        if lv.format == "bullet" {
            return Some("-".to_string());
        }
        let mut text = lv.text.clone();
        for (k, l) in levels.iter().enumerate().take(9) {
            let pattern = format!("%{}", k + 1);
            if text.contains(&pattern) {
                let n = counters.get(k).copied().flatten().unwrap_or(l.start);
                text = text.replace(&pattern, &format_number(n, &l.format));
            }
        }
        Some(text)
    }

    fn finish_para(&mut self, p: ParaBuf) {
        let prefix = p.num.as_ref().and_then(|n| self.numbering_prefix(n));
        let text = match prefix {
            Some(pre) if !pre.is_empty() && !p.text.trim().is_empty() => format!("{pre} {}", p.text.trim_start()),
            _ => p.text,
        };
        match self.tables.last_mut().and_then(|t| t.rows.last_mut()).and_then(|r| r.last_mut()) {
            Some(cell) => cell.paras.push(text),
            None => self.lines.push(text),
        }
    }
}

/// Lays a table out as lines (see the module documentation).
fn render_table(t: TableBuf) -> Vec<String> {
    // Place cells on the grid, filling vertically merged cells from above.
    let mut grid: Vec<Vec<(usize, String)>> = Vec::new();
    let mut above: HashMap<usize, String> = HashMap::new();
    for row in &t.rows {
        let mut col = 0;
        let mut cells = Vec::new();
        for cell in row {
            let mut paras: Vec<String> = cell.paras.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            if cell.vmerge == Some(false)
                && paras.is_empty()
                && let Some(t) = above.get(&col)
            {
                paras = vec![t.clone()];
            }
            let text = paras.join("\n");
            above.insert(col, text.clone());
            cells.push((col, text));
            col += cell.span;
        }
        grid.push(cells);
    }
    let columns = grid.iter().map(|r| r.len()).max().unwrap_or(0);
    let first: Vec<String> = grid.first().map(|r| r.iter().map(|(_, t)| t.replace('\n', " ")).collect()).unwrap_or_default();
    let data = crate::extract::structure::is_header_row(&first) || (columns >= 3 && grid.len() >= 2);
    if data {
        grid.iter()
            .map(|r| {
                r.iter()
                    .map(|(_, t)| {
                        let mut out = String::new();
                        for line in t.split('\n') {
                            if !out.is_empty() {
                                out.push_str(if out.trim_end().ends_with(['.', ';', ':', ',']) { " " } else { "; " });
                            }
                            out.push_str(line.trim());
                        }
                        out.replace('\t', " ")
                    })
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect()
    } else {
        // Column by column: the left block (issuer, number) then the right (motto, date).
        let width = grid.iter().flat_map(|r| r.iter().map(|(c, _)| *c)).max().map_or(0, |m| m + 1);
        let mut out = Vec::new();
        for col in 0..width {
            for row in &grid {
                if let Some((_, text)) = row.iter().find(|(c, _)| *c == col) {
                    out.extend(text.split('\n').map(|s| s.replace('\t', " ")));
                }
            }
        }
        out
    }
}
