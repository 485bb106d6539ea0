use super::*;
use crate::testing::province;
use crate::workbook::tests::ReadBack;

fn csv(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write sheet");
    path
}

fn codes(store: &Store) -> Vec<String> {
    store.list_offices().expect("offices").into_iter().map(|o| o.code).collect()
}

#[test]
fn the_template_lists_our_offices_and_imports_back_as_nothing_to_do() {
    let (dir, mut store) = province();
    let path = dir.path().join("mau.xlsx");
    store.save_office_sheet_template(&path).expect("template");
    let bytes = std::fs::read(&path).expect("read");
    let back = ReadBack::of(&bytes);
    assert_eq!(back.sheet_names, ["Đơn vị", "Hướng dẫn"]);
    assert_eq!([back.text(0, 0), back.text(0, 1), back.text(0, 2), back.text(0, 3)], ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"]);
    assert_eq!([back.text(1, 0), back.text(1, 2), back.text(1, 3)], ["LCU", "Tỉnh", "TW"], "our office first, with its parent");
    let sheet = crate::workbook::tests::package_file(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<dataValidation type="list""#) && sheet.contains("Xã/Phường"), "levels offered as a list: {sheet}");
    assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
    let preview = store.preview_office_sheet(&path).expect("preview");
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!((preview.added, preview.changed, preview.unchanged), (0, 0, 5), "LCU, TDG, PTO, BLU, DKT as they are");
    store.import_office_sheet(&path, None).expect("nothing to do is fine");
    let csv_path = dir.path().join("mau.csv");
    store.save_office_sheet_template(&csv_path).expect("csv template");
    let text = std::fs::read_to_string(&csv_path).expect("csv");
    assert!(text.starts_with("\u{feff}Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\n"), "{text}");
    assert_eq!(store.preview_office_sheet(&csv_path).expect("preview").unchanged, 5);
}

#[test]
fn a_province_adds_its_districts_and_communes_from_one_sheet() {
    let (dir, mut store) = province();
    let before = store.list_offices().expect("offices").len();
    // A new district and its communes (the communes name a district of the sheet), a commune
    // under an existing district, a renamed office; levels by name, without diacritics, or by number.
    let path = csv(
        dir.path(),
        "xa.csv",
        "Mã đơn vị;Tên đơn vị;Cấp;Mã đơn vị cấp trên\n\
         SHO;Hội LHPN huyện Sìn Hồ;Huyện;LCU\n\
         PTA;Hội LHPN xã Pa Tần;xa/phuong;SHO\n\
         NHE;Hội LHPN xã Nậm Hăn;3;SHO\n\
         \n\
         BHA;Hội LHPN xã Bản Hon;Xã/Phường;TDG\n\
         PTO;Hội LHPN huyện Phong Thổ (mới);Huyện;LCU\n",
    );
    let preview = store.preview_office_sheet(&path).expect("preview");
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!((preview.added, preview.changed, preview.unchanged), (4, 1, 0));
    let rows: Vec<(u32, &str, OfficeRowAction)> = preview.rows.iter().map(|r| (r.row, r.code.as_str(), r.action)).collect();
    assert_eq!(
        rows,
        [
            (2, "SHO", OfficeRowAction::Add),
            (3, "PTA", OfficeRowAction::Add),
            (4, "NHE", OfficeRowAction::Add),
            (6, "BHA", OfficeRowAction::Add),
            (7, "PTO", OfficeRowAction::Change)
        ],
        "row numbers as the spreadsheet shows them, the empty row 5 counted"
    );
    assert_eq!(preview.rows[4].changes, ["Tên: «Hội LHPN huyện Phong Thổ» → «Hội LHPN huyện Phong Thổ (mới)»"]);
    assert_eq!(store.list_offices().expect("offices").len(), before, "a preview writes nothing");

    // The file edited after its preview: refused, nothing written.
    let edited = dir.path().join("xa-sua.csv");
    std::fs::write(&edited, std::fs::read_to_string(&path).expect("read") + "MTE;Hội LHPN huyện Mường Tè;Huyện;LCU\n").expect("edit");
    let err = store.import_office_sheet(&edited, Some(&OfficeSheetPreview { file_name: "xa-sua.csv".into(), ..preview.clone() })).expect_err("changed");
    assert!(err.to_string().contains("đã thay đổi từ lúc xem trước"), "{err}");
    assert_eq!(store.list_offices().expect("offices").len(), before);

    store.import_office_sheet(&path, Some(&preview)).expect("imported");
    let sho = store.office_by_code("SHO").expect("SHO");
    let pta = store.office_by_code("PTA").expect("PTA");
    assert_eq!((pta.parent_id, pta.level, pta.name.as_str()), (Some(sho.id), 3, "Hội LHPN xã Pa Tần"));
    assert_eq!(store.office_by_code("BHA").expect("BHA").parent_id, Some(store.office_by_code("TDG").expect("TDG").id));
    assert_eq!(store.office_by_code("PTO").expect("PTO").name, "Hội LHPN huyện Phong Thổ (mới)");
    assert_eq!(store.list_offices().expect("offices").len(), before + 4);
    assert_eq!(store.preview_office_sheet(&path).expect("again").unchanged, 5, "importing again changes nothing");
}

#[test]
fn a_wrong_sheet_is_refused_with_every_row_numbered_and_nothing_written() {
    let (dir, mut store) = province();
    let before = codes(&store);
    let path = csv(
        dir.path(),
        "sai.csv",
        "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\n\
         SHO,Hội LHPN huyện Sìn Hồ,Huyện,LCU\n\
         PTA,Hội LHPN xã Pa Tần,Xã/Phường,XYZ\n\
         SHO,Hội LHPN huyện Sìn Hồ (trùng),Huyện,LCU\n\
         NHE,Hội LHPN xã Nậm Hăn,Thôn,SHO\n\
         MTE,,Huyện,LCU\n\
         TNU,Hội LHPN huyện Tân Uyên,Huyện,BLU\n\
         A B,Mã có dấu cách,Huyện,LCU\n\
         TDG,Hội LHPN huyện Tam Đường,Xã/Phường,LCU\n",
    );
    let preview = store.preview_office_sheet(&path).expect("a preview of a wrong sheet");
    let problems: Vec<(u32, &str)> = preview.problems.iter().map(|p| (p.row, p.message.as_str())).collect();
    assert_eq!(
        problems,
        [
            (3, "Không có đơn vị cấp trên mã «XYZ» trong sổ hay trong bảng."),
            (4, "Mã «SHO» trùng với dòng 2."),
            (5, "Cấp «Thôn» không có (các cấp: Trung ương (0), Tỉnh (1), Huyện (2), Xã/Phường (3), Chi hội (4))."),
            (6, "Thiếu tên đơn vị."),
            (7, "Đơn vị cấp trên «Hội LHPN xã Bình Lư» (cấp Xã/Phường) phải ở cấp cao hơn cấp Huyện."),
            (8, "Mã «A B» không hợp lệ: viết liền, không dấu cách, tối đa 32 ký tự."),
            (9, "Đơn vị cấp dưới «Hội LHPN xã Bình Lư» (cấp Xã/Phường) phải ở cấp thấp hơn cấp Xã/Phường."),
        ]
    );
    assert_eq!(preview.added, 1, "the right rows are still shown");
    let err = store.import_office_sheet(&path, None).expect_err("refused");
    assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
    let message = err.to_string();
    assert!(message.starts_with("Bảng đơn vị «sai.csv» có 7 dòng sai nên chưa ghi gì vào sổ."), "{message}");
    assert!(message.contains("\nDòng 3: Không có đơn vị cấp trên mã «XYZ»") && message.contains("\nDòng 9: "), "{message}");
    assert_eq!(codes(&store), before, "nothing written, not even the right rows");
}

#[test]
fn a_sheet_without_the_columns_or_rows_says_so_at_its_row() {
    let (dir, store) = province();
    let preview = store.preview_office_sheet(&csv(dir.path(), "a.csv", "Mã,Tên,Ghi chú\nX,Y,Z\n")).expect("preview");
    assert_eq!(preview.problems.len(), 1);
    assert_eq!(preview.problems[0].row, 1);
    assert!(preview.problems[0].message.contains("thiếu cột «Cấp», «Mã đơn vị cấp trên»"), "{}", preview.problems[0].message);
    let empty = store.preview_office_sheet(&csv(dir.path(), "b.csv", "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\n")).expect("preview");
    assert_eq!(empty.problems[0].message, "Bảng chưa có đơn vị nào dưới dòng tiêu đề.");
    assert!(store.preview_office_sheet(&dir.path().join("khong-co.xlsx")).is_err(), "a missing file");
}
