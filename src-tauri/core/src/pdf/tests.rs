//! Renders real checklists and reads the PDFs back with poppler (`pdftotext`, `pdfinfo`,
//! `pdffonts`, `pdftoppm`): text in order with its diacritics, A4 pages, embedded fonts, the
//! column headers on every page, page numbers from page 2, user text printed literally.
//! First pages are also saved as PNGs in `artifacts/print/` to be looked at.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;

use super::*;

const SPECIAL: &str =
    r#"#let x = 1 *đậm* _nghiêng_ $a^2$ [ngoặc] \ @nhan <nhan> // /* ~ -- ... "kép" 'đơn'"#;

fn columns() -> Vec<Column> {
    vec![
        Column::new("STT", ColumnWidth::Auto, Align::Center),
        Column::new("Nội dung báo cáo", ColumnWidth::Fraction(1.0), Align::Left),
        Column::new("Đơn vị", ColumnWidth::Mm(38.0), Align::Left),
        Column::new("Hạn nộp", ColumnWidth::Auto, Align::Center),
        Column::new("Trạng thái", ColumnWidth::Mm(22.0), Align::Center),
        Column::new("Đã nộp", ColumnWidth::Auto, Align::Center),
    ]
}

fn row(n: usize, content: &str, office: &str, due: &str, status: Cell) -> Vec<Cell> {
    vec![
        Cell::text(n.to_string()),
        Cell::text(content),
        Cell::text(office),
        Cell::text(due),
        status,
        Cell::Checkbox,
    ]
}

fn small() -> Checklist {
    Checklist {
        parent_issuer: Some("HỘI LHPN VIỆT NAM".into()),
        issuer: "HỘI LHPN TỈNH LAI CHÂU".into(),
        place: "Lai Châu".into(),
        date: NaiveDate::from_ymd_opt(2023, 6, 5).expect("valid date"),
        title: "DANH SÁCH HẠN BÁO CÁO".into(),
        short_title: "Hạn báo cáo".into(),
        subtitle: Some("Từ ngày 01/11/2026 đến ngày 30/11/2026".into()),
        orientation: Orientation::Portrait,
        columns: columns(),
        groups: vec![
            Group {
                heading: Some("Quá hạn".into()),
                rows: vec![
                    row(
                        1,
                        "Hội Liên hiệp Phụ nữ tỉnh: báo cáo sơ kết 6 tháng đầu năm thực hiện \
                         Nghị quyết Đại hội đại biểu lần thứ XV, nhiệm kỳ 2021 – 2026",
                        "Hội LHPN huyện Tam Đường",
                        "15/11/2026",
                        Cell::bold("Quá hạn"),
                    ),
                    row(
                        2,
                        "Báo cáo kết quả học tập và làm theo tư tưởng, đạo đức, phong cách \
                         Hồ Chí Minh theo Chỉ thị 05-CT/TW của Bộ Chính trị, Ban Chấp hành \
                         Trung ương Đảng",
                        "Hội LHPN xã Bình Lư",
                        "20/11/2026",
                        Cell::bold("Quá hạn"),
                    ),
                ],
            },
            Group {
                heading: Some("Sắp đến hạn".into()),
                rows: vec![
                    row(
                        3,
                        "Báo cáo công tác Hội và phong trào phụ nữ tháng 11",
                        "Hội LHPN phường Đông Phong",
                        "25/11/2026",
                        Cell::text("Còn 3 ngày"),
                    ),
                    row(4, SPECIAL, "Chi hội bản Nà Khuổng", "30/11/2026", Cell::text("Chưa nộp")),
                ],
            },
        ],
        page_break_between_groups: false,
        group_column: None,
        key_columns: 0,
        legend: Vec::new(),
        signature: Some(Signature {
            title: "Người lập".into(), name: "Lò Thị Hương".into()
        }),
        footnote: Some("Ghi chú: đánh dấu vào ô “Đã nộp” khi nhận được báo cáo.".into()),
    }
}

fn large(rows: usize) -> Checklist {
    let offices = ["Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Than Uyên", "Tân Uyên"];
    let mut groups: Vec<Group> = Vec::new();
    for n in 1..=rows {
        let office = offices[(n - 1) * offices.len() / rows];
        let heading = format!("Hội LHPN huyện {office}");
        if groups.last().and_then(|g| g.heading.as_deref()) != Some(heading.as_str()) {
            groups.push(Group { heading: Some(heading), rows: Vec::new() });
        }
        let content = if n % 7 == 0 {
            format!(
                "Mục {n:04}: Báo cáo tổng kết công tác Hội Liên hiệp Phụ nữ và phong trào phụ nữ, \
                 thực hiện Nghị quyết của Đảng về công tác dân vận"
            )
        } else {
            format!("Mục {n:04}: Báo cáo tháng")
        };
        let status = if n % 3 == 0 { Cell::bold("Quá hạn") } else { Cell::text("Chưa nộp") };
        if let Some(group) = groups.last_mut() {
            group.rows.push(row(n, &content, &format!("Xã {office}"), "30/11/2026", status));
        }
    }
    Checklist { groups, subtitle: Some(format!("{rows} mục")), ..small() }
}

// ---- poppler ----------------------------------------------------------------------------------

fn run(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "`{tool}` could not be run ({e}). The print tests read the PDFs back with poppler: \
             install it (Debian/Ubuntu: `apt-get install poppler-utils`)."
        )
    });
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("poppler writes UTF-8")
}

fn write_pdf(dir: &Path, name: &str, pdf: &[u8]) -> PathBuf {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write the PDF");
    path
}

/// The text of each page, as `pdftotext -layout` lays it out.
fn pages(pdf: &Path) -> Vec<String> {
    let text = run("pdftotext", &["-layout", &pdf.to_string_lossy(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Page size in points (width, height) of the first page, and the page count.
fn info(pdf: &Path) -> ((f64, f64), usize) {
    let text = run("pdfinfo", &[&pdf.to_string_lossy()]);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| panic!("pdfinfo shows no {name}\n{text}"))
    };
    let count = field("Pages:").parse().expect("page count");
    // "595.276 x 841.89 pts (A4)"
    let size = field("Page size:");
    let numbers: Vec<f64> =
        size.split_whitespace().filter_map(|w| w.parse().ok()).take(2).collect();
    assert_eq!(numbers.len(), 2, "unreadable page size {size:?}");
    ((numbers[0], numbers[1]), count)
}

const A4: (f64, f64) = (595.28, 841.89);

fn assert_size(size: (f64, f64), expected: (f64, f64)) {
    let close = (size.0 - expected.0).abs() < 0.01 && (size.1 - expected.1).abs() < 0.01;
    assert!(close, "page is {size:?} pt, expected {expected:?} pt");
}

fn assert_fonts_embedded(pdf: &Path) {
    let text = run("pdffonts", &[&pdf.to_string_lossy()]);
    let fonts: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("---")).skip(1).collect();
    assert!(!fonts.is_empty(), "pdffonts lists no fonts:\n{text}");
    for line in fonts {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // name type... encoding emb sub uni object-number generation
        assert!(fields.len() >= 7, "unexpected pdffonts line: {line}");
        assert_eq!(fields[fields.len() - 5], "yes", "font not embedded: {line}");
        assert!(line.contains("LiberationSerif"), "unexpected font: {line}");
    }
}

fn first_line(page: &str) -> &str {
    page.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("")
}

/// Asserts that the needles occur in `text` in this order.
fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match text[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{needle:?} missing (or out of order) after byte {from} in:\n{text}"),
        }
    }
}

/// Saves the PDF and its first pages as PNGs in `artifacts/print/` (git-ignored), to be looked at.
fn save_pngs(pdf: &Path, name: &str, last_page: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/print");
    std::fs::create_dir_all(&dir).expect("create artifacts/print");
    std::fs::copy(pdf, dir.join(format!("{name}.pdf"))).expect("copy the PDF to artifacts/print");
    let prefix = dir.join(name);
    let last = last_page.to_string();
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            &last,
            &pdf.to_string_lossy(),
            &prefix.to_string_lossy(),
        ],
    );
}

fn render_timed(checklist: &Checklist, what: &str) -> Vec<u8> {
    let start = Instant::now();
    let pdf = render_pdf(checklist).expect("render");
    println!("print: {what}: {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
    pdf
}

// ---- tests ------------------------------------------------------------------------------------

#[test]
fn place_date_line_follows_decree_30() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
    assert_eq!(place_date_line("Lai Châu", d(2023, 6, 5)), "Lai Châu, ngày 05 tháng 6 năm 2023");
    assert_eq!(place_date_line("Hà Nội", d(2023, 2, 5)), "Hà Nội, ngày 05 tháng 02 năm 2023");
    assert_eq!(place_date_line("Hà Nội", d(2024, 1, 20)), "Hà Nội, ngày 20 tháng 01 năm 2024");
    assert_eq!(place_date_line("Huế", d(2026, 3, 9)), "Huế, ngày 09 tháng 3 năm 2026");
    assert_eq!(place_date_line("Huế", d(2026, 12, 31)), "Huế, ngày 31 tháng 12 năm 2026");
    assert_eq!(place_date_line("Huế", d(2026, 10, 10)), "Huế, ngày 10 tháng 10 năm 2026");
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn small_checklist_prints_in_order_with_diacritics() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Warm up on other content, so that the timed render does not just hit typst's memo cache.
    render_timed(&large(30), "warm-up (the first render of a process loads fonts and library)");
    let pdf = write_pdf(dir.path(), "small", &render_timed(&small(), "one page (warm)"));
    save_pngs(&pdf, "small", 1);

    let (size, count) = info(&pdf);
    assert_size(size, A4);
    assert_eq!(count, 1);
    assert_fonts_embedded(&pdf);

    let pages = pages(&pdf);
    let text = &pages[0];
    assert!(first_line(text).contains("HỘI LHPN VIỆT NAM"), "page 1 starts with: {text}");
    assert_in_order(
        text,
        &[
            "HỘI LHPN VIỆT NAM",
            "HỘI LHPN TỈNH LAI CHÂU",
            "Lai Châu, ngày 05 tháng 6 năm 2023",
            "DANH SÁCH HẠN BÁO CÁO",
            "Từ ngày 01/11/2026 đến ngày 30/11/2026",
            "STT",
            "Quá hạn",
            "Hội Liên hiệp Phụ nữ",
            "Báo cáo kết quả học tập",
            "Đảng",
            "Sắp đến hạn",
            "Báo cáo công tác Hội và phong",
            "Chi hội bản Nà",
            "Ghi chú: đánh dấu",
            "NGƯỜI LẬP",
            "Lò Thị Hương",
        ],
    );
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn user_text_with_typst_syntax_prints_literally() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut checklist = small();
    checklist.title = "DANH SÁCH #1 *[A]* $x$".into();
    checklist.issuer = "HỘI LHPN <xã> @A_B".into();
    checklist.place = r"Bản \Nà/".into();
    checklist.columns[1].header = "Nội dung #[strong]".into();
    checklist.groups[0].heading = Some("Nhóm #pagebreak() _x_".into());
    checklist.signature = Some(Signature { title: "Ký #sig".into(), name: "*Tên*".into() });
    checklist.footnote = Some("* Ghi chú: `mã` = $5".into());
    // Width of the whole text column, so that no cell wraps the markers.
    checklist.groups[1].rows[1][2] = Cell::text("@x");
    checklist.groups[1].rows.push(row(5, "#[ok]", "<a>", "\\", Cell::bold("*B*")));
    let pdf = write_pdf(dir.path(), "special", &render_pdf(&checklist).expect("render"));
    save_pngs(&pdf, "special", 1);
    let text = pages(&pdf).join("\n");
    for needle in [
        "DANH SÁCH #1 *[A]* $x$",
        "HỘI LHPN <XÃ> @A_B",
        r"Bản \Nà/, ngày 05 tháng 6 năm 2023",
        "Nội dung #[strong]",
        "Nhóm #pagebreak() _x_",
        "KÝ #SIG",
        "*Tên*",
        "* Ghi chú: `mã` = $5",
        "#[ok]",
        "<a>",
        "*B*",
    ] {
        assert!(text.contains(needle), "{needle:?} not printed literally in:\n{text}");
    }
    // The long line of syntax wraps inside its cell; check its pieces one by one.
    for piece in SPECIAL.split_whitespace() {
        assert!(text.contains(piece), "{piece:?} not printed literally in:\n{text}");
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn thousand_rows_repeat_the_header_and_number_the_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let checklist = large(1000);
    // Warm up on other content, so that the timed render does not just hit typst's memo cache.
    render_timed(&large(30), "warm-up (the first render of a process loads fonts and library)");
    let pdf = write_pdf(dir.path(), "rows1000", &render_timed(&checklist, "1,000 rows (warm)"));
    save_pngs(&pdf, "rows1000", 2);

    let (size, count) = info(&pdf);
    assert_size(size, A4);
    assert_fonts_embedded(&pdf);
    let pages = pages(&pdf);
    assert_eq!(pages.len(), count);
    assert!(count > 20, "1,000 rows on only {count} pages");
    println!("print: 1,000 rows make {count} pages");

    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("Nội dung báo cáo"), "page {} lacks the column headers", i + 1);
        assert!(page.contains("Trạng thái"), "page {} lacks the column headers", i + 1);
        if i > 0 {
            assert_eq!(first_line(page), (i + 1).to_string(), "page {} number", i + 1);
        }
    }
    assert!(first_line(&pages[0]).contains("HỘI LHPN VIỆT NAM"), "page 1 has a number");

    let all = pages.join("\n");
    let markers: Vec<String> = (1..=1000).map(|n| format!("Mục {n:04}")).collect();
    let markers: Vec<&str> = markers.iter().map(String::as_str).collect();
    assert_in_order(&all, &markers);
    assert_in_order(&all, &["Hội LHPN huyện Tam Đường", "Mục 0001", "Hội LHPN huyện Tân Uyên"]);
    assert!(pages[count - 1].contains("Lò Thị Hương"), "signature not on the last page");
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn one_page_per_group_restarts_page_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut checklist = large(120);
    checklist.page_break_between_groups = true;
    let pdf = write_pdf(dir.path(), "per_office", &render_pdf(&checklist).expect("render"));
    save_pngs(&pdf, "per_office", 2);
    let pages = pages(&pdf);
    let groups = checklist.groups.len();
    assert_eq!(groups, 6);
    let starts: Vec<usize> =
        (0..pages.len()).filter(|&i| first_line(&pages[i]).contains("HỘI LHPN VIỆT NAM")).collect();
    assert_eq!(starts.len(), groups, "each group starts its own hand-out");
    for (k, &start) in starts.iter().enumerate() {
        let heading = checklist.groups[k].heading.as_deref().unwrap_or_default();
        assert!(pages[start].contains(heading), "hand-out {} lacks {heading:?}", k + 1);
        let end = starts.get(k + 1).copied().unwrap_or(pages.len());
        for (n, page) in pages[start + 1..end].iter().enumerate() {
            assert_eq!(first_line(page), (n + 2).to_string(), "page number in hand-out {k}");
        }
        assert!(pages[end - 1].contains("Lò Thị Hương"), "hand-out {} unsigned", k + 1);
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn landscape_is_a4_turned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut checklist = large(40);
    checklist.orientation = Orientation::Landscape;
    let pdf = write_pdf(dir.path(), "landscape", &render_pdf(&checklist).expect("render"));
    save_pngs(&pdf, "landscape", 2);
    let (size, _) = info(&pdf);
    assert_size(size, (A4.1, A4.0));
    assert_fonts_embedded(&pdf);
    assert_in_order(&pages(&pdf).join("\n"), &["Mục 0001", "Mục 0040", "Lò Thị Hương"]);
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with poppler (pdftotext/pdfinfo/pdftoppm): Linux programs, which a Windows program under Wine cannot start; no Windows poppler in the lane")]
fn empty_and_minimal_checklists_render() {
    let dir = tempfile::tempdir().expect("temp dir");
    let checklist = Checklist {
        parent_issuer: None,
        subtitle: None,
        groups: vec![Group { heading: Some("Quá hạn".into()), rows: Vec::new() }],
        signature: None,
        footnote: None,
        page_break_between_groups: true,
        ..small()
    };
    let pdf = write_pdf(dir.path(), "empty", &render_pdf(&checklist).expect("render"));
    save_pngs(&pdf, "empty", 1);
    let text = pages(&pdf).join("\n");
    assert_in_order(&text, &["HỘI LHPN TỈNH LAI CHÂU", "STT", "Không có mục nào."]);
    let none = Checklist { groups: Vec::new(), ..checklist };
    render_pdf(&none).expect("render without groups");
}

#[test]
fn malformed_checklists_are_refused() {
    let mut checklist = small();
    checklist.groups[0].rows[0].pop();
    let err = render_pdf(&checklist).expect_err("short row");
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("Dòng 1 của nhóm 1 có 5 ô"), "{err}");

    let no_columns = Checklist { columns: Vec::new(), groups: Vec::new(), ..small() };
    assert!(matches!(render_pdf(&no_columns), Err(Error::InvalidInput(_))));

    let mut bad_width = small();
    bad_width.columns[1].width = ColumnWidth::Fraction(f32::NAN);
    assert!(matches!(render_pdf(&bad_width), Err(Error::InvalidInput(_))));
}

#[test]
fn checklist_round_trips_through_json() {
    let checklist = small();
    let json = serde_json::to_string(&checklist).expect("serialize");
    assert!(json.contains(r#""width":{"kind":"fraction","value":1.0}"#), "{json}");
    assert!(json.contains(r#"{"kind":"checkbox"}"#), "{json}");
    let back: Checklist = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, checklist);
}
