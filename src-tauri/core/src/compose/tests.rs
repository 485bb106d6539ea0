//! The report skeleton of a real plan and the synthesis of the reports written to it, read back
//! with our own reader (and, for the skeleton, converted by LibreOffice and read with pdftotext):
//! the ND30 parts and every outline heading in order; each office's passage under the right
//! heading, a renamed heading found by its number, a missing heading and a missing report listed,
//! a late report marked, a damaged file and a file that is not Word named with the reader's
//! message.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::compose::skeleton::is_room;
use crate::compose::{SkeletonOptions, SubmissionStatus};
use crate::deadlines::{DeadlineItem, DeadlineQuery};
use crate::docx::{Block, Paragraph, Run, WordDocument, write_docx};
use crate::extract::report_text;
use crate::ids::OfficeId;
use crate::model::offices::OfficeInput;
use crate::reports::{Channel, ReportInput};
use crate::store::Store;
use crate::testing::{date, province};

const PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/outlines/kh-tong-ket-chi-thi-21.txt");

fn today() -> NaiveDate {
    date(2023, 10, 20)
}

/// The province (LCU) with the districts TDG, PTO and two more, and the real plan "Tổng kết 5 năm
/// thực hiện Chỉ thị số 21-CT/TW" imported from its text with its outline.
fn province_with_plan() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = province();
    let own = store.require_own_office().expect("own").id;
    for (code, name) in [("MTE", "Hội LHPN huyện Mường Tè"), ("SHO", "Hội LHPN huyện Sìn Hồ")] {
        store.add_office(&OfficeInput { code: code.into(), name: name.into(), level: 2, parent_id: Some(own) }).expect("district");
    }
    let draft = store.draft_plan_file(Path::new(PLAN)).expect("the plan reads");
    assert!(draft.outline.is_some(), "the plan gives its outline");
    let mut plan = draft.plan;
    // The reviewer keeps the districts' report and drops the province's own draft.
    plan.tasks.retain(|t| t.assignees.iter().any(|a| matches!(a, crate::plans::PlanAssignee::Level { .. })));
    assert_eq!(plan.tasks.len(), 1, "{:#?}", plan.tasks);
    store.add_plan(&plan).expect("stored");
    (dir, store)
}

fn deadline_of(store: &Store, code: &str) -> DeadlineItem {
    let office = store.office_by_code(code).expect("office").id;
    store
        .deadline_items(&DeadlineQuery { office_ids: Some(vec![office]), ..Default::default() }, today())
        .expect("items")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{code} has a deadline"))
}

/// The district TDG set up from the province's setup bundle.
fn district_from(province: &mut Store, code: &str) -> (tempfile::TempDir, Store) {
    let stick = tempfile::tempdir().expect("stick");
    let office: OfficeId = province.office_by_code(code).expect("office").id;
    let setup = province.export_setup_bundle(office, stick.path(), today()).expect("setup bundle");
    let dir = tempfile::tempdir().expect("district");
    let mut store = Store::open(dir.path().join("skh.db")).expect("open");
    assert!(store.import_bundle(Path::new(&setup.path), today()).expect("import").applied);
    (dir, store)
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect()
}

/// Asserts that `wanted` appear in `got` in this order.
fn in_order(got: &[String], wanted: &[&str]) {
    let mut at = 0;
    for w in wanted {
        match got[at..].iter().position(|l| l.contains(w)) {
            Some(p) => at += p + 1,
            None => panic!("«{w}» not found in order after line {at} of:\n{}", got.join("\n")),
        }
    }
}

const HEADINGS: [&str; 12] = [
    "1. Đánh giá công tác chỉ đạo, triển khai thực hiện Chỉ thị",
    "- Việc quán triệt, tuyên truyền, ban hành văn bản cụ thể hóa Chỉ thị của các cấp Hội",
    "- Công tác kiểm tra, giám sát, sơ kết việc thực hiện Chỉ thị",
    "2. Kết quả thực hiện các nhiệm vụ, giải pháp",
    "- Nâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền về công tác phụ nữ",
    "- Công tác cán bộ nữ",
    "- Xây dựng tổ chức Hội vững mạnh",
    "3. Đánh giá chung và bài học kinh nghiệm",
    "- Ưu điểm; hạn chế, khuyết điểm và nguyên nhân",
    "- Bài học kinh nghiệm",
    "4. Phương hướng, nhiệm vụ và giải pháp thời gian tới",
    "5. Đề xuất, kiến nghị",
];

#[test]
fn the_skeleton_of_a_real_plan_has_the_nd30_parts_and_every_heading_in_order() {
    let (_p, mut province) = province_with_plan();
    let (_d, district) = district_from(&mut province, "TDG");
    let instance = deadline_of(&district, "TDG").instance_id;
    let out = tempfile::tempdir().expect("out");
    let path = out.path().join("Báo cáo tổng kết.docx");
    let saved = district.save_report_skeleton(instance, &SkeletonOptions::default(), today(), &path).expect("written");
    assert!(saved.outline_from_plan);
    assert_eq!(saved.headings, 12);
    let text = crate::extract::read_file(&path).expect("our own reader reads it");
    let got = lines(&text);
    let mut wanted = vec![
        "HỘI LHPN TỈNH LAI CHÂU",
        "HỘI LHPN HUYỆN TAM ĐƯỜNG",
        "Số: /BC-TDG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Tam Đường, ngày tháng năm 2023",
        "BÁO CÁO",
        "Kết quả tổng kết 5 năm thực hiện Chỉ thị số 21-CT/TW ngày 20/01/2018 của Ban Bí thư về tiếp tục đẩy mạnh công tác phụ nữ trong tình hình mới theo Kế hoạch số 215/KH-HPN ngày 12/09/2023 của Ban Thường vụ Hội LHPN tỉnh Lai Châu",
        "Thực hiện Kế hoạch số 215/KH-HPN ngày 12/09/2023 của Ban Thường vụ Hội LHPN tỉnh Lai Châu",
    ];
    wanted.extend(HEADINGS);
    wanted.extend(["Nơi nhận:", "- Hội LHPN tỉnh Lai Châu (để báo cáo);", "- Lưu: VT.", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]);
    in_order(&got, &wanted);
    // The notes of the outline are under their heading.
    in_order(&got, &["2. Kết quả thực hiện", "(cần có số liệu so sánh giữa năm 2018 và năm 2023)", "- Nâng cao nhận thức"]);
    in_order(&got, &["- Công tác cán bộ nữ", "(nêu rõ tỷ lệ nữ tham gia cấp ủy"]);
    assert_eq!(got.iter().filter(|l| is_room(l)).count(), 12, "room to write under every heading");

    // Another office's deadline is not ours to draft.
    let pto = deadline_of(&district, "PTO").instance_id;
    let err = district.report_skeleton(pto, &SkeletonOptions::default(), today()).expect_err("a sibling's deadline");
    assert!(err.to_string().contains("chỉ soạn được báo cáo cho hạn của đơn vị mình"), "{err}");

    // Word's own reading, through LibreOffice: the same parts in the same order.
    #[cfg(not(windows))]
    {
        let pdf = libreoffice_pdf(&path, out.path());
        let got = lines(&pdftotext(&pdf));
        // The two columns of the heading come in either order; each line is whole (nothing wraps; the
        // blanks left for the number and the day split a line in pdftotext).
        for part in ["HỘI LHPN TỈNH LAI CHÂU", "HỘI LHPN HUYỆN TAM ĐƯỜNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Tam Đường, ngày", "/BC-TDG"] {
            assert!(got.iter().any(|l| l == part), "«{part}» on a line of its own:\n{}", got.join("\n"));
        }
        in_order(&got, &["BÁO CÁO", "Kết quả tổng kết 5 năm"]);
        in_order(&got, &HEADINGS.map(|h| h.split(',').next().unwrap_or(h)));
        in_order(&got, &["Nơi nhận:", "TM. BAN THƯỜNG VỤ"]);
        if let Some(dir) = std::env::var_os("SKH_REPORT_ARTIFACTS") {
            std::fs::create_dir_all(&dir).expect("artifacts");
            std::fs::copy(&pdf, Path::new(&dir).join("skeleton.pdf")).expect("copy");
            std::fs::copy(&path, Path::new(&dir).join("skeleton.docx")).expect("copy");
        }
    }
}

/// Converts a Word file to PDF with LibreOffice (it must be installed: scripts/setup-debian.sh).
#[cfg(not(windows))]
fn libreoffice_pdf(docx: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .expect("soffice runs (apt-get install libreoffice-writer-nogui, see scripts/setup-debian.sh)");
    assert!(status.status.success(), "soffice converted the file: {}", String::from_utf8_lossy(&status.stderr));
    let pdf = dir.join(docx.with_extension("pdf").file_name().expect("name"));
    assert!(pdf.exists(), "LibreOffice wrote {}: {}", pdf.display(), String::from_utf8_lossy(&status.stdout));
    pdf
}

#[cfg(not(windows))]
fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A report written to the skeleton: the room under each heading filled with `passage(k)`
/// (`None` leaves the heading out), heading `rename` reworded.
fn written(skeleton: &WordDocument, passage: impl Fn(usize) -> Option<Vec<Block>>, rename: Option<(usize, &str)>) -> Vec<u8> {
    let mut doc = skeleton.clone();
    let mut blocks = Vec::new();
    let mut heading = None;
    let mut k = 0;
    for block in std::mem::take(&mut doc.blocks) {
        let text = match &block {
            Block::Paragraph(p) => p.plain(),
            Block::Table(_) => String::new(),
        };
        if HEADINGS.iter().any(|h| text == *h) {
            heading = Some(k);
            k += 1;
            match passage(k - 1) {
                None => continue,
                Some(_) if rename.is_some_and(|(r, _)| r == k - 1) => {
                    let (_, new) = rename.expect("rename");
                    blocks.push(Block::Paragraph(Paragraph::new(vec![Run::new(new).bold()])));
                }
                Some(_) => blocks.push(block),
            }
            continue;
        }
        if is_room(&text) {
            if let Some(h) = heading
                && let Some(p) = passage(h)
            {
                blocks.extend(p);
            }
            continue;
        }
        // The outline's notes are left in, as an office that did not delete them would.
        blocks.push(block);
    }
    doc.blocks = blocks;
    write_docx(&doc).expect("docx")
}

fn text_block(t: String) -> Block {
    Block::Paragraph(Paragraph::text(t))
}

#[test]
fn the_synthesis_puts_every_passage_under_its_heading_and_lists_what_is_missing() {
    let (_p, mut province) = province_with_plan();
    let (_d, district) = district_from(&mut province, "TDG");
    let skeleton = district.report_skeleton(deadline_of(&district, "TDG").instance_id, &SkeletonOptions::default(), today()).expect("skeleton");
    let files = tempfile::tempdir().expect("files");
    let passage = |office: &'static str| move |k: usize| Some(vec![text_block(format!("Nội dung của {office} ở mục {k}."))]);
    // TDG: on time, every heading, a table of figures under "Công tác cán bộ nữ" (heading 5).
    let tdg = written(
        &skeleton,
        |k| {
            let mut p = passage("Tam Đường")(k)?;
            if k == 5 {
                p.push(Block::Table(crate::docx::Table {
                    widths: vec![2.0, 1.0, 1.0],
                    rows: vec![
                        ["Chỉ tiêu", "Năm 2018", "Năm 2023"].into_iter().map(crate::docx::Cell::text).collect(),
                        ["Tỷ lệ nữ cấp ủy", "18,5%", "23,1%"].into_iter().map(crate::docx::Cell::text).collect(),
                    ],
                    borders: true,
                    header_row: true,
                }));
            }
            Some(p)
        },
        None,
    );
    // PTO: heading 3 ("2. Kết quả thực hiện …") renamed.
    let pto = written(&skeleton, passage("Phong Thổ"), Some((3, "2. Những kết quả chủ yếu đạt được")));
    // MTE: late, heading 10 ("4. Phương hướng …") left out.
    let mte = written(&skeleton, |k| if k == 10 { None } else { passage("Mường Tè")(k) }, None);
    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = files.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let record = |store: &mut Store, code: &str, on: NaiveDate, file: &Path| {
        let instance = deadline_of(store, code).instance_id;
        let report = store
            .record_report(
                &ReportInput { instance_id: instance, submitted_on: on, submitted_by: "Văn thư".into(), channel: Channel::Email, note: String::new(), received_on: Some(on) },
                today(),
            )
            .expect("report");
        store.attach_report_file(report.id, file).expect("file");
    };
    record(&mut province, "TDG", date(2023, 10, 12), &write("BC Tam Đường.docx", &tdg));
    record(&mut province, "PTO", date(2023, 10, 15), &write("BC Phong Thổ.docx", &pto));
    record(&mut province, "MTE", date(2023, 10, 18), &write("BC Mường Tè.docx", &mte));
    // SHO sent nothing.

    let request = province.synthesis_request_of(deadline_of(&province, "TDG").instance_id, today()).expect("request");
    assert_eq!(request.period, "once");
    let out = files.path().join("Tổng hợp.docx");
    let outcome = province.save_compiled_reports(&request, today(), &out).expect("compiled");
    assert!(outcome.outline_from_plan);
    let by = |name: &str| outcome.offices.iter().find(|o| o.office_name.ends_with(name)).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(by("Tam Đường").status, SubmissionStatus::OnTime);
    assert_eq!(by("Tam Đường").headings_found, 12, "{:#?}", by("Tam Đường"));
    assert_eq!(by("Phong Thổ").headings_found, 12, "the renamed heading is found by its number: {:#?}", by("Phong Thổ"));
    assert!(by("Phong Thổ").notes.iter().any(|n| n.contains("«2. Những kết quả chủ yếu đạt được» được hiểu là «2. Kết quả thực hiện")), "{:?}", by("Phong Thổ").notes);
    assert_eq!(by("Mường Tè").status, SubmissionStatus::Late);
    assert_eq!(by("Mường Tè").days_late, 3);
    assert_eq!(by("Mường Tè").headings_missing, vec!["4. Phương hướng, nhiệm vụ và giải pháp thời gian tới".to_string()]);
    assert_eq!(by("Sìn Hồ").status, SubmissionStatus::Missing);

    if let Some(dir) = std::env::var_os("SKH_REPORT_ARTIFACTS") {
        std::fs::create_dir_all(&dir).expect("artifacts");
        std::fs::copy(&out, Path::new(&dir).join("synthesis.docx")).expect("copy");
    }
    let got = lines(&crate::extract::read_file(&out).expect("the synthesis reads"));
    // Under each heading, each office's passage (offices in Vietnamese order), then the next heading.
    for (k, h) in HEADINGS.iter().enumerate() {
        let mut wanted = vec![*h];
        let ours = format!("ở mục {k}.");
        let offices: Vec<&str> = if k == 10 { vec!["Phong Thổ", "Tam Đường"] } else { vec!["Mường Tè", "Phong Thổ", "Tam Đường"] };
        let expected: Vec<String> = offices.iter().map(|o| format!("Hội LHPN huyện {o}: Nội dung của {o} {ours}")).collect();
        wanted.extend(expected.iter().map(String::as_str));
        let next = HEADINGS.get(k + 1).copied().unwrap_or("TÌNH HÌNH GỬI BÁO CÁO");
        wanted.push(next);
        in_order(&got, &wanted);
        // Nothing of this heading appears under another.
        let at = got.iter().position(|l| l == h).expect("heading");
        let end = got.iter().skip(at + 1).position(|l| l == next).map_or(got.len(), |p| at + 1 + p);
        let misplaced = got.iter().enumerate().filter(|(i, l)| l.contains(&ours) && (*i < at || *i > end)).count();
        assert_eq!(misplaced, 0, "every passage of heading {k} is under it");
    }
    // The notes the offices left in are not repeated as their text.
    assert!(!got.iter().any(|l| l.contains(": (cần có số liệu so sánh")), "notes of the outline are dropped");
    // The table of figures is a table (one line per row, cells by tab in our reader).
    in_order(&got, &["Nội dung của Tam Đường ở mục 5.", "Chỉ tiêu Năm 2018 Năm 2023", "Tỷ lệ nữ cấp ủy 18,5% 23,1%"]);
    let docx_text = report_text(&std::fs::read(&out).expect("read"), "docx").expect("reads");
    assert!(docx_text.contains("Tỷ lệ nữ cấp ủy\t18,5%\t23,1%"), "the figures stay in a table");
    // Who sent what when; what is missing.
    in_order(
        &got,
        &[
            "TÌNH HÌNH GỬI BÁO CÁO",
            "STT Đơn vị Hạn Ngày gửi Tình trạng Tệp báo cáo",
            "1 Hội LHPN huyện Mường Tè 15/10/2023 18/10/2023 Muộn 3 ngày BC Mường Tè.docx",
            "2 Hội LHPN huyện Phong Thổ 15/10/2023 15/10/2023 Đúng hạn BC Phong Thổ.docx",
            "3 Hội LHPN huyện Sìn Hồ 15/10/2023 Chưa gửi",
            "4 Hội LHPN huyện Tam Đường 15/10/2023 12/10/2023 Đúng hạn BC Tam Đường.docx",
        ],
    );
    in_order(
        &got,
        &[
            "ĐƠN VỊ, ĐỀ MỤC CHƯA ĐƯA ĐƯỢC VÀO TỔNG HỢP",
            "Hội LHPN huyện Mường Tè: không tìm thấy đề mục «4. Phương hướng, nhiệm vụ và giải pháp thời gian tới»",
            "Hội LHPN huyện Phong Thổ: Đề mục «2. Những kết quả chủ yếu đạt được» được hiểu là «2. Kết quả thực hiện các nhiệm vụ, giải pháp»",
            "Hội LHPN huyện Sìn Hồ: chưa gửi báo cáo (hạn 15/10/2023).",
        ],
    );
}

#[test]
fn a_damaged_file_or_one_that_is_not_word_is_named_with_what_is_wrong() {
    let (_p, mut province) = province_with_plan();
    let files = tempfile::tempdir().expect("files");
    let damaged = files.path().join("bao-cao.docx");
    let mut bytes = write_docx(&WordDocument::new("x")).expect("docx");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&damaged, &bytes).expect("write");
    let sheet = files.path().join("so-lieu.pdf");
    std::fs::write(&sheet, "Đây không phải tệp PDF, chỉ là chữ đổi đuôi.").expect("write");
    for (code, file) in [("TDG", &damaged), ("PTO", &sheet)] {
        let instance = deadline_of(&province, code).instance_id;
        let report = province
            .record_report(
                &ReportInput { instance_id: instance, submitted_on: date(2023, 10, 10), submitted_by: "Văn thư".into(), channel: Channel::Post, note: String::new(), received_on: None },
                today(),
            )
            .expect("report");
        province.attach_report_file(report.id, file).expect("file");
    }
    let request = province.synthesis_request_of(deadline_of(&province, "TDG").instance_id, today()).expect("request");
    let (_, outcome) = province.compile_reports(&request, today()).expect("the synthesis is still written");
    let notes = |name: &str| outcome.offices.iter().find(|o| o.office_name.ends_with(name)).map(|o| o.notes.join(" ")).unwrap_or_default();
    assert!(notes("Tam Đường").contains("Tệp «bao-cao.docx» không đọc được: Tệp Word (.docx) bị hỏng"), "{}", notes("Tam Đường"));
    assert!(notes("Phong Thổ").contains("Tệp «so-lieu.pdf» không đọc được: Tệp có đuôi .pdf nhưng nội dung không phải PDF"), "{}", notes("Phong Thổ"));
    // The reader itself says the same for a file handed to it.
    let err = report_text(&bytes, "docx").expect_err("damaged");
    assert!(err.to_string().starts_with("Tệp Word (.docx) bị hỏng"), "{err}");
    // A deadline nobody below owes.
    let (_d, district) = district_from(&mut province, "TDG");
    let err = district.compile_reports(&request, today()).expect_err("the district has no sub-office owing this");
    assert!(err.to_string().contains("Không có đơn vị cấp dưới nào phải gửi báo cáo"), "{err}");
}
