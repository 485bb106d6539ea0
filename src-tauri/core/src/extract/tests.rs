//! Tests of the whole extraction: every fixture of `tests/fixtures/extract` against its
//! `.expected.json` (the three seed plans, one fixture per phrasing family and number style, the
//! traps), Word and PDF files built here, legacy encodings, bad input, and assignee matching.
//!
//! `accuracy_table` (ignored) prints the table of `docs/extraction.md`;
//! `fifty_pages` (ignored) prints the time for a 50-page plan. Run them with
//! `cargo test -p sokehoach-core --release extract -- --ignored --nocapture`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::*;
use crate::deadlines::RuleSpec;
use crate::text::fold;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract");

// ---------------------------------------------------------------------------------------------
// Expected extractions and their scoring.

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct Expected {
    /// Document fields to compare (only those listed).
    #[serde(default)]
    pub(super) document: serde_json::Map<String, Value>,
    /// Every assignee phrase of the plan, as written.
    #[serde(default)]
    pub(super) assignees: Vec<String>,
    #[serde(default)]
    pub(super) deadlines: Vec<ExpectedDeadline>,
    /// Phrases that must not be part of any deadline's date phrase.
    #[serde(default)]
    pub(super) not_deadlines: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ExpectedDeadline {
    pub(super) rule: RuleSpec,
    #[serde(default)]
    pub(super) history: Vec<RuleSpec>,
    pub(super) label: Option<String>,
    /// An assignee phrase of its task, or the sentence's subject.
    pub(super) assignee: Option<String>,
    pub(super) report_to: Option<String>,
    #[serde(default)]
    pub(super) year_inferred: bool,
}

/// One extracted deadline with what the scoring needs.
#[derive(Debug)]
pub(super) struct Got {
    pub(super) rule: RuleSpec,
    pub(super) history: Vec<RuleSpec>,
    pub(super) label: String,
    pub(super) assignees: Vec<String>,
    pub(super) submitter: Option<String>,
    pub(super) report_to: Vec<String>,
    pub(super) year_inferred: bool,
    pub(super) phrase: String,
}

#[derive(Debug, Default, Clone)]
struct Score {
    found: usize,
    expected: usize,
    wrong: usize,
    meta_right: usize,
    meta_total: usize,
    assign_right: usize,
    assign_total: usize,
    assign_extra: usize,
    failures: Vec<String>,
}

pub(super) fn got(e: &Extraction) -> Vec<Got> {
    let mut out = Vec::new();
    for (t, x) in e.plan.tasks.iter().zip(&e.tasks) {
        for (d, xd) in t.deadlines.iter().zip(&x.deadlines) {
            out.push(Got {
                rule: d.rule.clone(),
                history: d.history.iter().map(|h| h.previous.clone()).collect(),
                label: d.label.clone(),
                assignees: x.assignees.clone(),
                submitter: xd.submitter.clone(),
                report_to: xd.report_to.iter().chain(x.report_to.iter()).cloned().collect(),
                year_inferred: xd.year_inferred,
                phrase: xd.phrase.clone(),
            });
        }
    }
    out
}

pub(super) fn prefix_either(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    a.starts_with(&b) || b.starts_with(&a)
}

fn score(e: &Extraction, x: &Expected) -> Score {
    let mut s = Score::default();
    // Document fields.
    let doc = serde_json::to_value(&e.plan.document).expect("document serialises");
    for (key, want) in &x.document {
        s.meta_total += 1;
        if doc.get(key) == Some(want) {
            s.meta_right += 1;
        } else {
            s.failures.push(format!("document.{key}: expected {want}, got {}", doc.get(key).unwrap_or(&Value::Null)));
        }
    }
    // Assignments.
    let mut phrases: Vec<String> = e.tasks.iter().flat_map(|t| t.assignees.clone()).collect();
    phrases.sort();
    phrases.dedup();
    s.assign_total = x.assignees.len();
    for a in &x.assignees {
        if phrases.contains(a) {
            s.assign_right += 1;
        } else {
            s.failures.push(format!("assignee «{a}» not found (got {phrases:?})"));
        }
    }
    s.assign_extra = phrases.iter().filter(|p| !x.assignees.contains(p)).count();
    for p in phrases.iter().filter(|p| !x.assignees.contains(p)) {
        s.failures.push(format!("unexpected assignee «{p}»"));
    }
    // Deadlines: each expected one must be matched by one extracted with the same rule, history,
    // office, recipient, label and year flag; extracted ones left over are wrong.
    let all = got(e);
    let mut used = vec![false; all.len()];
    s.expected = x.deadlines.len();
    for want in &x.deadlines {
        let ok = |g: &Got| {
            g.rule == want.rule
                && g.history == want.history
                && want.assignee.as_ref().is_none_or(|a| g.assignees.contains(a) || g.submitter.as_ref() == Some(a))
                && want.report_to.as_ref().is_none_or(|r| g.report_to.contains(r))
                && want.label.as_ref().is_none_or(|l| prefix_either(l, &g.label))
                && g.year_inferred == want.year_inferred
        };
        match all.iter().enumerate().position(|(k, g)| !used[k] && ok(g)) {
            Some(k) => {
                used[k] = true;
                s.found += 1;
            }
            None => {
                let near: Vec<&Got> = all.iter().filter(|g| g.rule == want.rule).collect();
                s.failures.push(format!("deadline {:?} not found as expected ({want:?}); same rule: {near:#?}", want.rule));
            }
        }
    }
    for (k, g) in all.iter().enumerate() {
        if !used[k] {
            s.wrong += 1;
            s.failures.push(format!("unexpected deadline {:?} from «{}»", g.rule, g.phrase));
        }
        for trap in &x.not_deadlines {
            if g.phrase.contains(trap.as_str()) {
                s.failures.push(format!("«{trap}» was taken as a deadline («{}»)", g.phrase));
            }
        }
    }
    s
}

fn expected(name: &str) -> Expected {
    let path = Path::new(DIR).join(format!("{name}.expected.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every case: (name, extraction, expected).
fn cases(dir: &Path) -> Vec<(String, Extraction, Expected)> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .expect("fixtures directory")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".expected.json")).map(str::to_string))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let txt = Path::new(DIR).join(format!("{name}.txt"));
        let md = Path::new(DIR).join(format!("{name}.md"));
        let file = if txt.exists() {
            txt
        } else if md.exists() {
            md
        } else if name.starts_with("docx-") {
            write(dir, &format!("{name}.docx"), &built_docx(&name))
        } else if name.starts_with("pdf-") {
            write(dir, &format!("{name}.pdf"), &built_pdf(&name))
        } else {
            panic!("no input for fixture {name}");
        };
        let e = extract_file(&file).unwrap_or_else(|err| panic!("{name}: {err}"));
        out.push((name.clone(), e, expected(&name)));
    }
    // The Word plan in legacy fonts (TCVN3 with its capitals font, and VNI) must read as the
    // Unicode one does.
    let base = std::fs::read_to_string(Path::new(DIR).join("kh-hoi-thi-2023.txt")).expect("fixture");
    for (label, legacy) in [("tcvn3", Some(FontKindForTest::Tcvn3)), ("vni", Some(FontKindForTest::Vni))] {
        let bytes = docx_from_lines(&base, legacy);
        let file = write(dir, &format!("{label}-kh-hoi-thi-2023.docx"), &bytes);
        let e = extract_file(&file).unwrap_or_else(|err| panic!("{label}: {err}"));
        out.push((format!("{label}-kh-hoi-thi-2023 (.docx)"), e, expected("kh-hoi-thi-2023")));
    }
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path
}

#[test]
fn fixtures_extract_as_expected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut report = String::new();
    for (name, e, x) in cases(dir.path()) {
        // Every piece of evidence points at its own text in the source.
        let chars: Vec<char> = e.source_text.chars().collect();
        for f in &e.fields {
            assert!(f.start <= f.end && f.end <= chars.len(), "{name}: {f:?}");
            let text: String = chars[f.start..f.end].iter().collect();
            assert_eq!(layout::collapse(&text), f.snippet, "{name}: {f:?}");
        }
        for i in &e.unresolved {
            assert!(i.start <= i.end && i.end <= chars.len(), "{name}: {i:?}");
        }
        let s = score(&e, &x);
        if !s.failures.is_empty() {
            report.push_str(&format!("\n== {name}\n{}\n", s.failures.join("\n")));
        }
    }
    assert!(report.is_empty(), "extraction differs from the expected files:{report}");
}

/// Prints the accuracy table of docs/extraction.md.
#[test]
#[ignore]
fn accuracy_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut total = Score::default();
    println!("| fixture | deadlines found / expected | wrong deadlines | metadata right / total | assignees right / total (extra) |");
    println!("|---|---|---|---|---|");
    for (name, e, x) in cases(dir.path()) {
        let s = score(&e, &x);
        println!(
            "| {name} | {} / {} | {} | {} / {} | {} / {} ({}) |",
            s.found, s.expected, s.wrong, s.meta_right, s.meta_total, s.assign_right, s.assign_total, s.assign_extra
        );
        for f in &s.failures {
            eprintln!("  {name}: {f}");
        }
        total.found += s.found;
        total.expected += s.expected;
        total.wrong += s.wrong;
        total.meta_right += s.meta_right;
        total.meta_total += s.meta_total;
        total.assign_right += s.assign_right;
        total.assign_total += s.assign_total;
        total.assign_extra += s.assign_extra;
    }
    println!(
        "| **total** | **{} / {}** | **{}** | **{} / {}** | **{} / {} ({})** |",
        total.found, total.expected, total.wrong, total.meta_right, total.meta_total, total.assign_right, total.assign_total, total.assign_extra
    );
}

// ---------------------------------------------------------------------------------------------
// Word files, built here with the zip crate.

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(text))
}

/// A paragraph numbered by Word (numId 1; level 0 = "I.", level 1 = "1.").
fn numbered(level: u8, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// A table; a cell is its paragraphs separated by "\n"; "^" continues a vertical merge.
fn table(rows: &[&[&str]]) -> String {
    let mut x = String::from("<w:tbl><w:tblPr/>");
    for row in rows {
        x.push_str("<w:tr>");
        for cell in *row {
            if *cell == "^" {
                x.push_str("<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>");
            } else {
                x.push_str("<w:tc>");
                for line in cell.split('\n') {
                    x.push_str(&p(line));
                }
                x.push_str("</w:tc>");
            }
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;

/// A .docx with the given body XML (and numbering part).
fn docx(body: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut add = |name: &str, content: &str| {
            zip.start_file(name, opts).expect("zip entry");
            zip.write_all(content.as_bytes()).expect("zip write");
        };
        add(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        );
        add(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        );
        add("word/numbering.xml", NUMBERING);
        add(
            "word/document.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
        );
        zip.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// The Word plan of `docx-hoi-nghi.expected.json`: a two-column heading table, numbered
/// headings, a table of work with a "Thời hạn" column (and a vertically merged cell), and a
/// two-column signature table.
fn built_docx(name: &str) -> Vec<u8> {
    assert_eq!(name, "docx-hoi-nghi", "unknown built Word fixture");
    let body = [
        table(&[&[
            "HỘI LHPN TỈNH LÀO CAI\nBAN THƯỜNG VỤ\nSố: 20/KH-HLHPN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLào Cai, ngày 12 tháng 3 năm 2024",
        ]]),
        p("KẾ HOẠCH"),
        p("Tổ chức Hội nghị sơ kết công tác Hội 6 tháng đầu năm 2024"),
        p("Căn cứ Chương trình công tác năm 2024 của Ban Chấp hành Hội LHPN tỉnh, Ban Thường vụ Hội LHPN tỉnh xây dựng kế hoạch như sau:"),
        numbered(0, "MỤC ĐÍCH, YÊU CẦU"),
        p("Đánh giá kết quả 6 tháng đầu năm 2024; đề ra nhiệm vụ trọng tâm 6 tháng cuối năm."),
        numbered(0, "NỘI DUNG VÀ PHÂN CÔNG"),
        table(&[
            &["STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"],
            &["1", "Xây dựng báo cáo sơ kết 6 tháng", "Văn phòng", "Trước ngày 20/6/2024"],
            &["2", "Chuẩn bị tài liệu Hội nghị", "^", "Tháng 6/2024"],
            &["3", "Gửi báo cáo sơ kết về Hội LHPN tỉnh", "Hội LHPN các huyện, thành phố", "chậm nhất ngày 15/6"],
            &["4", "Chủ trì Hội nghị sơ kết", "Ban Thường vụ", "Thường xuyên"],
        ]),
        numbered(0, "TỔ CHỨC THỰC HIỆN"),
        numbered(1, "Văn phòng Hội LHPN tỉnh tham mưu tổ chức Hội nghị, bảo đảm kinh phí."),
        table(&[&[
            "Nơi nhận:\n- Thường trực Tỉnh ủy (b/c);\n- Hội LHPN các huyện, thành phố;\n- Lưu: VT.",
            "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\n\nGiàng Thị Dung",
        ]]),
    ]
    .concat();
    docx(&body)
}

#[derive(Debug, Clone, Copy)]
enum FontKindForTest {
    Tcvn3,
    Vni,
}

/// A .docx with one paragraph per line of `text`; with a legacy font, every run is encoded in
/// it (TCVN3 lines in capitals use `.VnTimeH`, where lowercase codes draw capitals).
fn docx_from_lines(text: &str, legacy: Option<FontKindForTest>) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        let (font, encoded) = match legacy {
            None => ("Times New Roman", line.to_string()),
            Some(FontKindForTest::Vni) => ("VNI-Times", legacy::encode::to_vni(line)),
            Some(FontKindForTest::Tcvn3) => {
                let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
                let upper = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
                if upper {
                    (".VnTimeH", legacy::encode::to_tcvn3(&line.to_lowercase()))
                } else {
                    (".VnTime", legacy::encode::to_tcvn3(line))
                }
            }
        };
        body.push_str(&format!(
            "<w:p><w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(&encoded)
        ));
    }
    docx(&body)
}

#[test]
fn docx_tables_keep_rows_and_read_layout_tables_by_column() {
    let text = read::docx_text(&built_docx("docx-hoi-nghi"));
    assert!(text.contains("HỘI LHPN TỈNH LÀO CAI\nBAN THƯỜNG VỤ\nSố: 20/KH-HLHPN\nCỘNG HÒA"), "heading read column by column:\n{text}");
    assert!(text.contains("1\tXây dựng báo cáo sơ kết 6 tháng\tVăn phòng\tTrước ngày 20/6/2024"), "{text}");
    // The merged cell repeats the office above.
    assert!(text.contains("2\tChuẩn bị tài liệu Hội nghị\tVăn phòng\tTháng 6/2024"), "{text}");
    // Word's numbering is rendered.
    assert!(text.contains("I. MỤC ĐÍCH, YÊU CẦU") && text.contains("III. TỔ CHỨC THỰC HIỆN") && text.contains("1. Văn phòng"), "{text}");
}

#[test]
fn docx_text_boxes_revisions_and_entities() {
    let body = concat!(
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>",
        "<w:p><w:r><w:t>Hộp chữ</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>",
        "<w:p><w:r><w:t>Hộp chữ</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
        "<w:r><w:t>Đoạn chính</w:t></w:r></w:p>",
        "<w:p><w:del><w:r><w:delText>chữ đã xóa </w:delText></w:r></w:del><w:ins><w:r><w:t>Sở LĐTB&amp;XH</w:t></w:r></w:ins>",
        "<w:r><w:t xml:space=\"preserve\"> gửi&#160;báo cáo</w:t></w:r><w:r><w:br/><w:t>dòng mới</w:t></w:r></w:p>",
    );
    let text = read::docx_text(&docx(body));
    assert_eq!(text.matches("Hộp chữ").count(), 1, "a text box is read once, not with its fallback copy:\n{text}");
    assert!(text.contains("Đoạn chính"), "{text}");
    assert!(!text.contains("đã xóa"), "deleted revisions are not text:\n{text}");
    assert!(text.contains("Sở LĐTB&XH gửi\u{a0}báo cáo\ndòng mới"), "{text:?}");
}

// ---------------------------------------------------------------------------------------------
// PDF files with a text layer, built here with lopdf.

/// A one-page PDF whose lines are drawn in a Type 0 font with a ToUnicode map, as Word and
/// LibreOffice write Vietnamese text.
fn pdf_with_lines(lines: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};

    // One code per distinct character; ToUnicode maps them back.
    let mut chars: Vec<char> = lines.iter().flat_map(|l| l.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let code = |c: char| chars.iter().position(|x| *x == c).map_or(0, |i| i as u16 + 1);
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in chars.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for c in chunk {
            let mut units = [0u16; 2];
            let utf16: String = c.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
            cmap.push_str(&format!("<{:04X}> <{utf16}>\n", code(*c)));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "TestSerif", "Flags" => 32,
        "FontBBox" => vec![0.into(), (-200).into(), 1000.into(), 900.into()],
        "ItalicAngle" => 0, "Ascent" => 900, "Descent" => -200, "CapHeight" => 700, "StemV" => 80,
    });
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "TestSerif",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "FontDescriptor" => descriptor, "DW" => 500,
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "TestSerif", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid_font.into()], "ToUnicode" => to_unicode,
    });
    let mut ops = vec![Operation::new("BT", vec![]), Operation::new("Tf", vec!["F1".into(), 11.into()])];
    let mut y = 800;
    for (i, line) in lines.iter().enumerate() {
        let bytes: Vec<u8> = line.chars().flat_map(|c| code(c).to_be_bytes()).collect();
        if i == 0 {
            ops.push(Operation::new("Td", vec![70.into(), y.into()]));
        } else {
            ops.push(Operation::new("Td", vec![0.into(), (-20).into()]));
        }
        y -= 20;
        ops.push(Operation::new("Tj", vec![Object::String(bytes, lopdf::StringFormat::Hexadecimal)]));
    }
    ops.push(Operation::new("ET", vec![]));
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().expect("content encodes")));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf saves");
    out
}

fn built_pdf(name: &str) -> Vec<u8> {
    assert_eq!(name, "pdf-so-ket", "unknown built PDF fixture");
    pdf_with_lines(&[
        "HỘI LHPN TỈNH YÊN BÁI",
        "BAN THƯỜNG VỤ",
        "Số: 31/KH-HLHPN",
        "Yên Bái, ngày 02 tháng 5 năm 2024",
        "KẾ HOẠCH",
        "Sơ kết công tác Hội 6 tháng đầu năm 2024",
        "Ban Thường vụ Hội LHPN tỉnh xây dựng kế hoạch sơ kết như sau:",
        "I. TỔ CHỨC THỰC HIỆN",
        "1. Hội LHPN các huyện, thị xã, thành phố gửi báo cáo sơ kết về Hội LHPN tỉnh",
        "trước ngày 15/6/2024.",
        "2. Văn phòng Hội LHPN tỉnh tổng hợp, hoàn thành trong tháng 7/2024.",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Vũ Thị Hiền Hạnh",
    ])
}

#[test]
fn pdf_text_layer_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "plan.pdf", &built_pdf("pdf-so-ket"));
    let text = read_file(&path).expect("pdf reads");
    assert!(text.contains("Hội LHPN các huyện, thị xã, thành phố"), "{text}");
    assert!(text.contains("trước ngày 15/6/2024"), "{text}");
}

#[test]
fn scanned_pdf_asks_for_a_text_version() {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"0 0 m 100 100 l S".to_vec()));
    let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("pdf saves");
    let dir = tempfile::tempdir().expect("temp dir");
    let err = read_file(&write(dir.path(), "scan.pdf", &bytes)).expect_err("a scan has no text");
    assert!(err.to_string().contains("bản quét"), "{err}");
    assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
}

// ---------------------------------------------------------------------------------------------
// Legacy encodings, bad input.

#[test]
fn legacy_text_files_are_converted() {
    // A TCVN3 text file (bytes of the 8-bit font), as saved by old editors.
    let unicode = "Hội LHPN các huyện gửi báo cáo kết quả thực hiện về Hội LHPN tỉnh trước ngày 15/6/2024, đồng thời gửi bản mềm qua thư điện tử của cơ quan.";
    let tcvn = legacy::encode::to_tcvn3(unicode);
    let bytes: Vec<u8> = tcvn.chars().map(|c| u8::try_from(u32::from(c)).expect("TCVN3 is 8-bit")).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "cu.txt", &bytes);
    let e = extract_file(&path).expect("legacy text reads");
    assert!(e.source_text.contains("gửi báo cáo kết quả thực hiện"), "{}", e.source_text);
    assert!(e.unresolved.iter().any(|i| i.kind == IssueKind::LegacyEncoding), "the conversion is reported");
    assert_eq!(e.plan.tasks[0].deadlines[0].rule, RuleSpec::Date { due: NaiveDate::from_ymd_opt(2024, 6, 15).expect("date") });
    // Pasted VNI text too.
    let e = extract_text(&legacy::encode::to_vni(unicode)).expect("VNI text");
    assert!(e.source_text.contains("Hội LHPN các huyện gửi báo cáo"), "{}", e.source_text);
    // UTF-16 with a byte order mark (Notepad's "Unicode").
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(unicode.encode_utf16().flat_map(u16::to_le_bytes));
    assert!(read_file(&write(dir.path(), "u16.txt", &utf16)).expect("UTF-16").contains("trước ngày 15/6/2024"));
}

fn read_err(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = read_file(&write(dir.path(), name, bytes)).expect_err("bad input is refused");
    assert_eq!(err.code(), crate::ErrorCode::InvalidInput, "{err}");
    err.to_string()
}

#[test]
fn bad_input_gets_a_vietnamese_message_never_a_panic() {
    assert!(read_err("trong.txt", b"").contains("Tệp trống"));
    assert!(read_err("trong.docx", b"   \n").contains("Tệp trống"));
    assert!(read_err("hong.docx", b"PK\x03\x04 this is not really a zip").contains("bị hỏng"));
    assert!(read_err("doi-ten.docx", b"Hello, this is plain text renamed to docx").contains("không phải văn bản Word"));
    assert!(read_err("cu.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).contains(".docx"));
    assert!(read_err("hong.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage").contains("PDF"));
    let garbage: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(read_err("rac.bin", &garbage).contains("không phải văn bản"));
    // A zip that is a spreadsheet.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).expect("entry");
        zip.write_all(b"<workbook/>").expect("write");
        zip.finish().expect("finish");
    }
    assert!(read_err("bang.docx", &buf.into_inner()).contains("Excel"));
    // A Word file whose XML is broken.
    let broken = docx("<w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p><w:p><w:r><w:t>khong dong");
    assert!(read_err("xml.docx", &broken).contains("bị hỏng"));
    // Too large: refused before reading.
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("lon.txt");
    std::fs::File::create(&big).and_then(|f| f.set_len(read::MAX_FILE_BYTES + 1)).expect("sparse file");
    assert!(read_file(&big).expect_err("too large").to_string().contains("quá lớn"));
    // A missing file is an I/O error naming the file.
    let err = read_file(&dir.path().join("khong-co.docx")).expect_err("missing");
    assert_eq!(err.code(), crate::ErrorCode::Io);
    // Pasted text that is empty or has no words.
    assert!(extract_text("   ").is_err());
    assert!(extract_text("12/5 34/6 !!! ---").is_err());
}

// ---------------------------------------------------------------------------------------------
// Phrasing families one by one (the fixtures hold them in context).

fn rules_of(text: &str) -> Vec<RuleSpec> {
    let e = extract_text(text).expect("extracts");
    e.plan.tasks.iter().flat_map(|t| t.deadlines.iter().map(|d| d.rule.clone())).collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

const HEAD: &str = "HỘI LHPN TỈNH LÀO CAI\nSố: 01/KH-HLHPN\nLào Cai, ngày 05 tháng 6 năm 2023\n\nKẾ HOẠCH\nThử nghiệm\n\n";

#[test]
fn each_phrasing_family() {
    let one = |body: &str| rules_of(&format!("{HEAD}{body}"));
    assert_eq!(one("Các huyện gửi báo cáo trước ngày 23/6/2023."), [RuleSpec::Date { due: day(2023, 6, 23) }]);
    assert_eq!(one("Các huyện gửi báo cáo trước ngày 15 tháng 7 năm 2023."), [RuleSpec::Date { due: day(2023, 7, 15) }]);
    assert_eq!(one("Các huyện gửi danh sách chậm nhất ngày 06/7."), [RuleSpec::Date { due: day(2023, 7, 6) }]);
    assert_eq!(one("Các huyện gửi báo cáo trước 20.7.2023."), [RuleSpec::Date { due: day(2023, 7, 20) }]);
    assert_eq!(one("Các huyện gửi đăng ký trước ngày 10-7."), [RuleSpec::Date { due: day(2023, 7, 10) }]);
    assert_eq!(one("Hạn chót nộp hồ sơ: 30/6/2023."), [RuleSpec::Date { due: day(2023, 6, 30) }]);
    assert_eq!(one("Hạn cuối nhận bài dự thi: 15/8/2023."), [RuleSpec::Date { due: day(2023, 8, 15) }]);
    assert_eq!(one("Các huyện gửi hồ sơ đến hết ngày 20/7/2023."), [RuleSpec::Date { due: day(2023, 7, 20) }]);
    assert_eq!(one("Các huyện tổ chức Hội nghị trong tháng 12/2023."), [RuleSpec::Month { year: 2023, month: 12 }]);
    assert_eq!(one("Các huyện hoàn thành vào tháng 5-2024."), [RuleSpec::Month { year: 2024, month: 5 }]);
    assert_eq!(one("Các huyện tổ chức sơ kết trong quý I-2024."), [RuleSpec::Quarter { year: 2024, quarter: 1 }]);
    assert_eq!(one("Tổng kết vào đầu quý III năm 2024."), [RuleSpec::Month { year: 2024, month: 7 }]);
    assert_eq!(one("Các huyện báo cáo vào trung tuần tháng 9."), [RuleSpec::Range { start: day(2023, 9, 11), end: day(2023, 9, 20) }]);
    assert_eq!(one("Các huyện hoàn thành trước tháng 10/2023."), [RuleSpec::Month { year: 2023, month: 9 }]);
    assert_eq!(
        one("Các cơ sở tổ chức tự kiểm tra từ ngày 15/11 đến ngày 15/12/2023."),
        [RuleSpec::Range { start: day(2023, 11, 15), end: day(2023, 12, 15) }]
    );
    let from = day(2023, 6, 5);
    assert_eq!(
        one("Các huyện gửi báo cáo trước ngày 28 hằng tháng."),
        [RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Monthly, due_month: 1, day: 28, from, until: None }]
    );
    assert_eq!(
        one("Báo cáo quý gửi trước ngày 10 của tháng đầu quý sau."),
        [RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Quarterly, due_month: 4, day: 10, from, until: None }]
    );
    assert_eq!(
        one("Báo cáo chuyên đề: định kỳ hằng năm (trước ngày 05 tháng 12)."),
        [RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Yearly, due_month: 12, day: 5, from, until: None }]
    );
    assert_eq!(
        one("Các huyện gửi báo cáo năm trước ngày 15/01 năm sau."),
        [RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Yearly, due_month: 13, day: 15, from, until: None }]
    );
    assert_eq!(
        one("Các huyện gửi báo cáo tháng trước ngày 5 tháng sau."),
        [RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Monthly, due_month: 2, day: 5, from, until: None }]
    );
    assert_eq!(
        one("Các huyện gửi báo cáo quý trước ngày 20."),
        [RuleSpec::Recurring { frequency: crate::deadlines::Frequency::Quarterly, due_month: 3, day: 20, from, until: None }]
    );
    assert_eq!(
        one("Các huyện tổ chức tập huấn từ 15/11 - 15/12/2023."),
        [RuleSpec::Range { start: day(2023, 11, 15), end: day(2023, 12, 15) }]
    );
    assert_eq!(one("Các huyện báo cáo vào thượng tuần tháng 10/2023."), [RuleSpec::Range { start: day(2023, 10, 1), end: day(2023, 10, 10) }]);
    assert_eq!(one("Các huyện báo cáo vào cuối tháng 11/2023."), [RuleSpec::Range { start: day(2023, 11, 21), end: day(2023, 11, 30) }]);
    // A periodic report with its year is a one-off date.
    assert_eq!(one("Các huyện gửi báo cáo năm 2023 trước ngày 30/11/2023."), [RuleSpec::Date { due: day(2023, 11, 30) }]);
    // A deadline before the plan's date falls in the next year.
    assert_eq!(one("Các huyện gửi báo cáo trước ngày 10/01."), [RuleSpec::Date { due: day(2024, 1, 10) }]);
}

#[test]
fn dates_that_are_not_deadlines() {
    let none = |body: &str| {
        let rules = rules_of(&format!("{HEAD}{body}"));
        assert!(rules.is_empty(), "«{body}» gave {rules:?}");
    };
    none("Thực hiện Chỉ thị số 21-CT/TW, ngày 20/01/2018 của Ban Bí thư về công tác phụ nữ.");
    none("Căn cứ Kế hoạch số 268/KH-ĐCT ngày 13/4/2023 của Đoàn Chủ tịch, Hội LHPN tỉnh xây dựng kế hoạch.");
    none("Tổ chức mít tinh kỷ niệm Ngày Quốc tế Phụ nữ 8/3 và Ngày Phụ nữ Việt Nam 20/10.");
    none("Tuyên truyền kỷ niệm 93 năm Ngày thành lập Hội (20/10/1930 - 20/10/2023).");
    none("Hưởng ứng Tháng hành động vì bình đẳng giới (từ ngày 15/11 đến ngày 15/12/2023).");
    none("Số liệu báo cáo tính từ ngày 01/10/2022 đến ngày 30/9/2023.");
    none("Số liệu tính đến ngày 30/6/2023.");
    none("Hội thi dự kiến tổ chức vào ngày 20/10/2023 tại Nhà văn hóa tỉnh.");
    none("Phấn đấu đến năm 2025 có 50% cơ sở đạt tiêu chuẩn; giai đoạn 2021-2025, nhiệm kỳ 2021 - 2026.");
    none("Trước hết, các cấp Hội quán triệt Kế hoạch này; trước đây đã thực hiện tốt.");
    none("Kế hoạch này được ban hành ngày 05/6/2023.");
}

#[test]
fn tiered_and_changed_deadlines() {
    let rules = rules_of(&format!("{HEAD}Các cấp Hội tổ chức sơ kết: cấp cơ sở trước 15/7; huyện trước 31/7; tỉnh trước 10/8/2023."));
    assert_eq!(
        rules,
        [RuleSpec::Tiered {
            tiers: vec![
                crate::deadlines::Tier { level: 3, due: day(2023, 7, 15) },
                crate::deadlines::Tier { level: 2, due: day(2023, 7, 31) },
                crate::deadlines::Tier { level: 1, due: day(2023, 8, 10) },
            ]
        }]
    );
    let e = extract_text(&format!("{HEAD}Thời hạn gửi báo cáo tổng kết là ngày 31/1/2024 thay cho thời hạn cũ 30/11/2023.")).expect("extracts");
    let d = &e.plan.tasks[0].deadlines;
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].rule, RuleSpec::Date { due: day(2024, 1, 31) });
    assert_eq!(d[0].history[0].previous, RuleSpec::Date { due: day(2023, 11, 30) });
    assert!(d[0].history[0].note.contains("thay cho"), "{:?}", d[0].history);
}

#[test]
fn evidence_points_into_the_source_text() {
    let e = extract_file(Path::new(DIR).join("kh-hoi-thi-2023.txt")).expect("extracts");
    let chars: Vec<char> = e.source_text.chars().collect();
    for f in &e.fields {
        assert!(f.start <= f.end && f.end <= chars.len(), "{f:?}");
        assert!((0.0..=1.0).contains(&f.confidence), "{f:?}");
        let text: String = chars[f.start..f.end].iter().collect();
        assert_eq!(layout::collapse(&text), f.snippet, "{f:?}");
    }
    let title = e.fields.iter().find(|f| f.field == "document.title").expect("title evidence");
    assert!(title.snippet.starts_with("Tổ chức Hội thi"));
    let deadline = e.fields.iter().find(|f| f.field == "tasks[0].deadlines[0].rule").expect("deadline evidence");
    assert_eq!(deadline.snippet, "hoàn thành trước ngày 23/6/2023");
    // Inferred years are flagged.
    assert!(e.unresolved.iter().any(|i| i.kind == IssueKind::YearInferred && i.phrase == "chậm nhất ngày 26/6"), "{:#?}", e.unresolved);
    // Every assignee phrase is unresolved until matched to offices.
    assert!(e.plan.tasks.iter().all(|t| t.assignees.is_empty()));
    assert!(e.unresolved.iter().any(|i| i.kind == IssueKind::AssigneeUnmatched && i.phrase == "Ban Tuyên giáo Hội LHPN tỉnh"));
    // The plan file is valid JSON of the documented format.
    let json = serde_json::to_string(&e.plan).expect("serialises");
    let back = PlanFile::from_json(&json).expect("reads back");
    assert_eq!(back, e.plan);
}

#[test]
fn assignees_resolve_against_the_office_tree() {
    let (_dir, store) = crate::testing::province();
    let offices = store.list_offices().expect("offices");
    let levels = store.office_levels().expect("levels");
    let mut e = extract_file(Path::new(DIR).join("kh-hoi-thi-2023.txt")).expect("extracts");
    resolve_assignees(&mut e, &offices, &levels);
    let districts = PlanAssignee::Level { under: "LCU".into(), level: 2 };
    let first = &e.plan.tasks[0];
    assert_eq!(first.assignees, [districts]);
    assert_eq!(first.report_to, None);
    // "Ban Tuyên giáo Hội LHPN tỉnh" is a department not in this tree: still to be chosen.
    assert!(e.unresolved.iter().any(|i| i.phrase == "Ban Tuyên giáo Hội LHPN tỉnh"));
    assert!(!e.unresolved.iter().any(|i| i.phrase == "Hội LHPN các huyện, thị xã, thành phố"));
    // "… về Hội LHPN tỉnh" resolves the recipient of the reports.
    let reporting = e.plan.tasks.iter().find(|t| t.deadlines.iter().any(|d| d.rule == RuleSpec::Date { due: day(2023, 7, 20) })).expect("task");
    assert_eq!(reporting.report_to.as_deref(), Some("LCU"));
    // With every assignee resolved, the plan can be stored.
    let mut store = store;
    let mut plan = e.plan.clone();
    plan.tasks.retain(|t| !t.assignees.is_empty());
    store.add_plan(&plan).expect("the drafted plan is stored");
}

// ---------------------------------------------------------------------------------------------
// Performance: a 50-page plan (printed, not asserted).

#[test]
#[ignore]
fn fifty_pages() {
    let base = std::fs::read_to_string(Path::new(DIR).join("seed-003.txt")).expect("fixture");
    let body = std::fs::read_to_string(Path::new(DIR).join("kh-hoi-thi-2023.txt")).expect("fixture");
    // About 2 800 characters a page.
    let mut text = base.clone();
    while text.chars().count() < 50 * 2800 {
        text.push_str("\n\n");
        text.push_str(&body);
        text.push_str("\n\n");
        text.push_str(&base);
    }
    let pages = text.chars().count() / 2800;
    let start = std::time::Instant::now();
    let e = extract_text(&text).expect("extracts");
    let took = start.elapsed();
    println!(
        "{pages} pages ({} chars): {:.0} ms, {} tasks, {} deadlines",
        text.chars().count(),
        took.as_secs_f64() * 1000.0,
        e.plan.tasks.len(),
        e.plan.tasks.iter().map(|t| t.deadlines.len()).sum::<usize>()
    );
}

/// Prints the extraction of the file named by `EXTRACT_FILE` (a development aid).
#[test]
#[ignore]
fn dump() {
    let Ok(path) = std::env::var("EXTRACT_FILE") else { return };
    let e = extract_file(&path).expect("extract");
    let mut v = serde_json::to_value(&e).expect("json");
    v["sourceText"] = Value::Null;
    v["plan"]["document"]["body"] = Value::Null;
    v["fields"] = Value::Null;
    println!("{}", serde_json::to_string_pretty(&v).expect("json"));
}

/// A PDF as a real layout engine writes it (typst, with embedded subset fonts): the print
/// module's checklist, read back.
#[test]
fn typeset_pdf_reads_back() {
    use crate::pdf::{Align, Cell, Checklist, Column, ColumnWidth, Group, Orientation, Signature, render_pdf};
    let checklist = Checklist {
        parent_issuer: Some("HỘI LHPN VIỆT NAM".into()),
        issuer: "HỘI LHPN TỈNH LAI CHÂU".into(),
        place: "Lai Châu".into(),
        date: day(2024, 5, 2),
        title: "DANH SÁCH THỜI HẠN BÁO CÁO".into(),
        short_title: "Hạn báo cáo".into(),
        subtitle: None,
        orientation: Orientation::Portrait,
        columns: vec![
            Column::new("STT", ColumnWidth::Auto, Align::Center),
            Column::new("Nội dung", ColumnWidth::Fraction(3.0), Align::Left),
            Column::new("Thời hạn", ColumnWidth::Auto, Align::Center),
        ],
        groups: vec![Group {
            heading: None,
            rows: vec![vec![Cell::text("1"), Cell::text("Hội LHPN các huyện gửi báo cáo sơ kết trước ngày 15/6/2024"), Cell::text("15/06/2024")]],
        }],
        page_break_between_groups: false,
        group_column: None,
        key_columns: 0,
        legend: Vec::new(),
        signature: Some(Signature { title: "NGƯỜI LẬP".into(), name: "Lò Thị Hà".into() }),
        footnote: None,
    };
    let bytes = render_pdf(&checklist).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "checklist.pdf", &bytes);
    let text = read_file(&path).expect("reads");
    // Table columns come out separated by tabs, like a Word table's.
    for expected in ["HỘI LHPN TỈNH LAI CHÂU", "Lai Châu, ngày 02 tháng 5 năm 2024", "DANH SÁCH THỜI HẠN BÁO CÁO", "Lò Thị Hà", "STT\tNội dung\tThời hạn", "\t15/06/2024"] {
        assert!(text.contains(expected), "«{expected}» not in:\n{text}");
    }
    let e = extract_file(&path).expect("extracts");
    assert_eq!(e.plan.document.issued_on, Some(day(2024, 5, 2)));
    assert_eq!(e.plan.document.place, "Lai Châu");
    let rules: Vec<RuleSpec> = e.plan.tasks.iter().flat_map(|t| t.deadlines.iter().map(|d| d.rule.clone())).collect();
    assert!(rules.contains(&RuleSpec::Date { due: day(2024, 6, 15) }), "{rules:?}\n{text}");
}

/// Random documents made of the grammar's own pieces never make the extractor panic.
#[test]
fn random_documents_never_panic() {
    const PIECES: &[&str] = &[
        "trước", "ngày", "15/6", "30/5/2024", "10-4", "20.5.2017", "tháng", "12/2020", "5-2021", "quý", "I", "III-2019", "năm",
        "2024", "hằng", "tháng", "từ", "đến", "của", "tháng đầu quý sau", "-", "(", ")", ",", ";", ":", ".", "\n", "\n\n", "\t",
        "Số:", "Số", "/KH-BTV", "268/KH-ĐCT", "127-QĐ/TW", "KẾ HOẠCH", "Nơi nhận:", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lò Thị Hà",
        "Căn cứ", "Chỉ thị số 21-CT/TW", "Hội LHPN các huyện", "gửi báo cáo về", "chậm nhất", "thay cho thời hạn cũ",
        "cấp cơ sở", "huyện", "tỉnh", "I.", "1.", "a)", "III. TỔ CHỨC THỰC HIỆN", "Lào Cai, ngày 05 tháng 6 năm 2023",
        "TT\tNội dung\tThời hạn", "| TT | Nội dung | Thời hạn |", "Kính gửi:", "V/v", "“", "”", "đã ký", "KT.", "0", "99/99",
        "31/2", "ngày 31 tháng 4", "Tháng hành động", "kỷ niệm", "số liệu", "trung tuần", "đầu", "cuối", "6 tháng", "báo cáo năm",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let rounds = std::env::var("EXTRACT_FUZZ_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(400);
    for _ in 0..rounds {
        let len = 5 + next() % 120;
        let mut text = String::from("Kế hoạch của Hội ");
        for _ in 0..len {
            text.push_str(PIECES[next() % PIECES.len()]);
            text.push(' ');
        }
        if let Ok(e) = extract_text(&text) {
            let n = e.source_text.chars().count();
            assert!(e.fields.iter().all(|f| f.start <= f.end && f.end <= n), "span out of the text for {text:?}");
        }
    }
}
