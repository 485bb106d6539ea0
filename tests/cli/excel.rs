//! Excel through the CLI: `skh checklist --out FILE.xlsx` writes each checklist as a workbook that
//! reads back (calamine) with the store's rows, and `skh office template` / `skh office import`
//! set offices up from a sheet, refusing a wrong one with numbered Vietnamese messages and
//! writing nothing.

use std::collections::BTreeSet;
use std::path::Path;

use calamine::{Data, DataType, Reader, Xlsx};
use sokehoach_tests::{TempData, skh};

use super::{fixture, stdout};

fn ok(db: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = skh(db)?.args(args).output()?;
    anyhow::ensure!(out.status.success(), "skh {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(stdout(&out))
}

/// The first sheet of a workbook, cell by (row, column).
fn sheet(path: &Path) -> anyhow::Result<calamine::Range<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path)?;
    Ok(book.worksheet_range_at(0).ok_or_else(|| anyhow::anyhow!("no sheet"))??)
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The row of the header: the one starting with "STT".
fn header_row(range: &calamine::Range<Data>) -> anyhow::Result<u32> {
    (0..20).find(|r| text(range, *r, 0) == "STT").ok_or_else(|| anyhow::anyhow!("no header row"))
}

#[test]
fn each_checklist_kind_is_exported_to_excel_with_the_stores_rows() -> anyhow::Result<()> {
    let data = TempData::new("cli-excel")?;
    let db = data.db_path();
    ok(&db, &["demo"])?;
    ok(&db, &["plan", "add", &fixture("plan-binh-dang-gioi-2024.json")])?;
    let period = ["--from", "2024-01-01", "--to", "2024-12-31"];
    for kind in ["office", "sub-offices", "matrix"] {
        let out = data.dir().join(format!("{kind}.xlsx"));
        // The province's own list is empty in the sample: a district's.
        let office: &[&str] = if kind == "office" { &["--office", "TDG"] } else { &[] };
        let printed = ok(&db, &[&["checklist", "--kind", kind], &period[..], office, &["--out", &out.display().to_string()]].concat())?;
        assert_eq!(printed.trim(), out.display().to_string());
        let range = sheet(&out)?;
        let header = header_row(&range)?;
        assert!(range.get_value((header + 1, 0)).is_some_and(|c| matches!(c, Data::Float(f) if *f == 1.0)), "{kind}: STT is a number");
    }

    // The matrix: its offices are those with deadlines in the period, and the reports it counts
    // as submitted are those the status list shows as submitted.
    let range = sheet(&data.dir().join("matrix.xlsx"))?;
    let header = header_row(&range)?;
    let headers: Vec<String> = (0..range.width() as u32).map(|c| text(&range, header, c)).collect();
    let submitted_col = headers.iter().position(|h| h == "Đã nộp").ok_or_else(|| anyhow::anyhow!("no Đã nộp: {headers:?}"))? as u32;
    assert_eq!(&headers[submitted_col as usize..], ["Đã nộp", "Phải nộp", "Tỷ lệ nộp", "Đúng hạn"]);
    let mut offices = BTreeSet::new();
    let mut submitted = 0.0;
    let mut row = header + 1;
    while !text(&range, row, 1).is_empty() {
        offices.insert(text(&range, row, 1));
        submitted += range.get_value((row, submitted_col)).and_then(|c| c.as_f64()).unwrap_or(f64::NAN);
        let rate = range.get_value((row, submitted_col + 2)).cloned();
        assert!(matches!(rate, Some(Data::Float(f)) if (0.0..=1.0).contains(&f)) || matches!(rate, Some(Data::String(ref s)) if s == "—"), "a rate is a fraction: {rate:?}");
        row += 1;
    }
    let items: Vec<serde_json::Value> = serde_json::from_str(&ok(&db, &["status"])?)?;
    let in_period: Vec<&serde_json::Value> =
        items.iter().filter(|i| i["dueOn"].as_str().is_some_and(|d| ("2024-01-01".."2024-12-32").contains(&d))).collect();
    let expected_offices: BTreeSet<String> = in_period.iter().filter_map(|i| i["officeName"].as_str().map(str::to_string)).collect();
    assert_eq!(offices, expected_offices);
    let expected_submitted = in_period.iter().filter(|i| !i["submittedOn"].is_null()).count();
    assert_eq!(submitted, expected_submitted as f64, "reports counted as submitted");

    let wrong = skh(&db)?.args([&["checklist", "--kind", "matrix"], &period[..], &["--out", "x.docx"]].concat()).output()?;
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains(".pdf (in) hoặc .xlsx (Excel)"));
    Ok(())
}

#[test]
fn offices_are_set_up_from_a_sheet_and_a_wrong_sheet_changes_nothing() -> anyhow::Result<()> {
    let data = TempData::new("cli-office-sheet")?;
    let db = data.db_path();
    ok(&db, &["demo"])?;
    let template = data.dir().join("mau.xlsx");
    ok(&db, &["office", "template", &template.display().to_string()])?;
    let range = sheet(&template)?;
    assert_eq!((0..4).map(|c| text(&range, 0, c)).collect::<Vec<_>>(), ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"]);
    assert_eq!(text(&range, 1, 0), "LCU");

    let before = ok(&db, &["dump"])?;
    let wrong = data.dir().join("sai.csv");
    std::fs::write(
        &wrong,
        "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\nNTA,Hội LHPN xã Nậm Tăm,Xã/Phường,SHO\nBLU,Hội LHPN xã trùng mã,Xã/Phường,XX\nPSA,Hội LHPN xã Pa Khóa,Thôn,SHO\n",
    )?;
    for args in [vec!["office", "import", wrong.to_str().unwrap_or_default()], vec!["office", "import", wrong.to_str().unwrap_or_default(), "--apply"]] {
        let out = skh(&db)?.args(&args).output()?;
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("Dòng 3: Không có đơn vị cấp trên mã «XX»"), "{stderr}");
        assert!(stderr.contains("Dòng 4: Cấp «Thôn» không có"), "{stderr}");
    }
    assert_eq!(ok(&db, &["dump"])?, before, "nothing written");

    let right = data.dir().join("xa.csv");
    std::fs::write(&right, "Mã đơn vị;Tên đơn vị;Cấp;Mã đơn vị cấp trên\nNTA;Hội LHPN xã Nậm Tăm;Xã/Phường;SHO\nPKH;Hội LHPN xã Pa Khóa;Xã/Phường;SHO\n")?;
    let preview: serde_json::Value = serde_json::from_str(&ok(&db, &["office", "import", &right.display().to_string()])?)?;
    assert_eq!((preview["added"].as_u64(), preview["problems"].as_array().map(Vec::len)), (Some(2), Some(0)), "{preview}");
    assert_eq!(ok(&db, &["dump"])?, before, "a preview writes nothing");
    ok(&db, &["office", "import", &right.display().to_string(), "--apply"])?;
    let list = ok(&db, &["office", "list"])?;
    assert!(list.contains("  SHO\tHội LHPN huyện Sìn Hồ") && list.contains("    NTA\tHội LHPN xã Nậm Tăm\t[Xã/Phường]"), "{list}");
    Ok(())
}

/// A district set up from its province holds the offices the province made; a sheet may add the
/// district's communes but not change an office only the province may change.
#[test]
fn a_district_cannot_change_from_a_sheet_the_offices_its_province_made() -> anyhow::Result<()> {
    let data = TempData::new("cli-office-sheet-owner")?;
    let province = data.dir().join("tinh").join("skh.db");
    let district = data.dir().join("huyen").join("skh.db");
    ok(&province, &["demo"])?;
    let setup = ok(&province, &["export", "--setup", "--recipient", "TDG", "--to", &data.dir().join("usb").display().to_string()])?;
    ok(&district, &["import", setup.trim()])?;
    let before = ok(&district, &["dump"])?;
    let sheet = data.dir().join("xa.csv");
    std::fs::write(&sheet, "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\nLCU,Hội LHPN tỉnh Lai Châu (sửa),Tỉnh,TW\nNEW,Hội LHPN xã Mới,Xã/Phường,TDG\n")?;
    let out = skh(&district)?.args(["office", "import", &sheet.display().to_string(), "--apply"]).output()?;
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Dòng 2: Đơn vị này do «Hội LHPN tỉnh Lai Châu» lập; chỉ đơn vị đó mới sửa hoặc xóa được. Đơn vị mình nhận bản cập nhật qua gói dữ liệu.\n"),
        "{stderr}"
    );
    assert_eq!(ok(&district, &["dump"])?, before, "not even the new commune is written");
    std::fs::write(&sheet, "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\nNEW,Hội LHPN xã Mới,Xã/Phường,TDG\n")?;
    ok(&district, &["office", "import", &sheet.display().to_string(), "--apply"])?;
    assert!(ok(&district, &["office", "list"])?.contains("      NEW\tHội LHPN xã Mới\t[Xã/Phường]"));
    Ok(())
}
