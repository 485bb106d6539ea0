use chrono::NaiveDate;
use super::*;
use crate::offices::{OfficeInput, OwnOfficeSetup};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("skh.db")).expect("open");
    store
        .setup_own_office(&OwnOfficeSetup {
            office: OfficeInput { code: "LCU".into(), name: "Hội LHPN tỉnh Lai Châu".into(), level: 1, parent_id: None },
            parent: None,
        })
        .expect("setup");
    (dir, store)
}

fn plan(title: &str) -> DocumentInput {
    DocumentInput {
        kind: DocKind::KeHoach,
        number: "268".into(),
        symbol: "KH-ĐCT".into(),
        number_style: NumberStyle::State,
        issued_on: NaiveDate::from_ymd_opt(2023, 4, 13),
        place: "Lào Cai".into(),
        issuer: "Đảng đoàn Hội LHPN tỉnh".into(),
        title: title.into(),
        signer: "Nguyễn Thị Hoa".into(),
        signer_title: "T/M ĐẢNG ĐOÀN\nBÍ THƯ".into(),
        recipients: vec!["Các huyện, thị, thành Hội".into(), " ".into()],
        references: vec!["Chỉ thị số 21-CT/TW, ngày 20/01/2018 của Ban Bí thư".into()],
        body: "Báo cáo gửi về Hội LHPN tỉnh trước ngày 23/6/2023.".into(),
    }
}

#[test]
fn number_lines_follow_state_and_party_styles() {
    assert_eq!(number_line("268", "KH-ĐCT", NumberStyle::State), "Số: 268/KH-ĐCT");
    assert_eq!(number_line("127", "QĐ/TW", NumberStyle::Party), "Số 127-QĐ/TW");
    assert_eq!(number_line("", "KH-BTV", NumberStyle::State), "Số: /KH-BTV");
    assert_eq!(number_line("", "", NumberStyle::Party), "");
}

#[test]
fn citations_yield_their_number_and_symbol() {
    assert_eq!(cited_number("Chỉ thị số 21-CT/TW, ngày 20/01/2018").map(|c| c.0), Some("21-CT/TW".into()));
    assert_eq!(cited_number("Kế hoạch số 01/KH-BVSTBPN, ngày 24/4/2024").map(|c| c.0), Some("01/KH-BVSTBPN".into()));
    assert_eq!(cited_number("Nghị định số 48/2009/NĐ-CP").map(|c| c.1), Some("48/2009/nd-cp".into()));
    assert_eq!(cited_number("ngày 20/01/2018 của Ban Bí thư"), None, "a date alone is not a number and symbol");
}

#[test]
fn create_read_update_and_tombstone() {
    let (_dir, mut store) = store();
    let created = store.create_document(&plan("Tổ chức các hoạt động hưởng ứng Tháng hành động vì bình đẳng giới")).expect("create");
    assert_eq!(created.number_line, "Số: 268/KH-ĐCT");
    assert_eq!(created.recipients, vec!["Các huyện, thị, thành Hội".to_string()], "blank lines are dropped");
    assert_eq!(created.references.len(), 1);
    assert_eq!(created.references[0].linked_id, None, "the directive is not in the store");

    let mut changed = plan("Tổ chức Tháng hành động vì bình đẳng giới năm 2023");
    changed.number = String::new();
    let updated = store.update_document(created.id, &changed).expect("update");
    assert_eq!(updated.title, "Tổ chức Tháng hành động vì bình đẳng giới năm 2023");
    assert_eq!(updated.number_line, "Số: /KH-ĐCT");

    store.delete_document(created.id).expect("delete");
    assert!(matches!(store.get_document(created.id), Err(Error::NotFound { .. })));
    assert!(store.list_documents(DocumentOrder::Title).expect("list").is_empty());
    assert!(store.search_documents("binh dang").expect("search").is_empty(), "tombstones leave search");
    let kept: i64 = store.conn.query_row("SELECT deleted FROM documents WHERE id = ?1", [created.id], |r| r.get(0)).expect("row");
    assert_eq!(kept, 1, "the row stays as a tombstone");
}

#[test]
fn a_title_is_required_and_numbers_are_checked() {
    let (_dir, mut store) = store();
    let err = store.create_document(&plan("   ")).expect_err("empty title");
    assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
    assert!(err.to_string().contains("Trích yếu"));
    let mut bad = plan("Kế hoạch");
    bad.number = "268/KH".into();
    assert!(store.create_document(&bad).is_err(), "the symbol belongs in its own field");
}

#[test]
fn references_link_to_documents_in_the_store() {
    let (_dir, mut store) = store();
    let plan = store.create_document(&plan("Triển khai Chỉ thị 21")).expect("plan");
    let directive = store
        .create_document(&DocumentInput {
            kind: DocKind::ChiThi,
            number: "21".into(),
            symbol: "CT/TW".into(),
            number_style: NumberStyle::Party,
            title: "Về tiếp tục đẩy mạnh công tác phụ nữ trong tình hình mới".into(),
            references: vec![],
            ..self::plan("x")
        })
        .expect("directive");
    let plan = store.get_document(plan.id).expect("plan");
    assert_eq!(plan.references[0].linked_id, Some(directive.id));
    assert_eq!(plan.references[0].number_symbol.as_deref(), Some("21-CT/TW"));
}

#[test]
fn search_puts_the_document_about_the_terms_first_and_finds_short_prefixes() {
    let (_dir, mut store) = store();
    let mut about = plan("Kế hoạch thúc đẩy bình đẳng giới");
    about.body = "Bình đẳng giới trong gia đình; bình đẳng giới trong công việc; tuyên truyền bình đẳng giới.".into();
    let about = store.create_document(&about).expect("about");
    let mut mention = plan("Kế hoạch công tác năm");
    mention.body = format!("{} Có nội dung bình đẳng giới.", "Tổ chức các hoạt động của Hội trong năm. ".repeat(20));
    let mention = store.create_document(&mention).expect("mention");
    let hits = store.search_documents("binh dang gioi").expect("search");
    let found: Vec<_> = hits.iter().map(|h| h.document.id).collect();
    assert_eq!(found, [about.id, mention.id], "the document about the terms ranks first, whichever was added first");
    let hits = store.search_documents("b d g").expect("one-letter prefixes");
    assert_eq!(hits.len(), 2, "one-letter prefixes are word prefixes too");
    assert!(store.search_documents("gioi thieu").expect("search").is_empty(), "every term must match");
}

#[test]
fn search_ignores_diacritics_including_d_stroke() {
    let (_dir, mut store) = store();
    let mut input = plan("Nâng cao vai trò của phụ nữ trong xây dựng Đảng");
    input.body = "Tăng cường sự lãnh đạo của cấp ủy Đảng đối với công tác phụ nữ.".into();
    let doc = store.create_document(&input).expect("create");
    let mut other = plan("Kế hoạch khác về gia đình");
    other.issuer = "Ban Thường vụ Hội LHPN tỉnh".into();
    other.signer_title = "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH".into();
    store.create_document(&other).expect("other");
    for query in ["dang", "Đảng", "ĐẢNG", "phu nu", "phụ nữ", "xay dung dang", "lanh dao"] {
        let hits = store.search_documents(query).expect("search");
        assert_eq!(hits.len(), 1, "query «{query}» should find exactly the one document");
        assert_eq!(hits[0].document.id, doc.id);
    }
    let hits = store.search_documents("lanh dao").expect("search");
    assert!(hits[0].snippet.contains("lãnh đạo"), "snippet keeps diacritics: {}", hits[0].snippet);
    assert!(store.search_documents("\"*) OR (").expect("odd text is not FTS syntax").is_empty());
    assert!(store.search_documents("   ").expect("blank").is_empty());
}

#[test]
fn lists_follow_vietnamese_order() {
    let (_dir, mut store) = store();
    for title in ["Đào tạo cán bộ Hội", "Em và gia đình", "Dân số và phát triển", "Ăn uống lành mạnh", "An toàn giao thông"] {
        store.create_document(&plan(title)).expect("create");
    }
    let titles: Vec<String> = store.list_documents(DocumentOrder::Title).expect("list").into_iter().map(|d| d.title).collect();
    assert_eq!(
        titles,
        ["An toàn giao thông", "Ăn uống lành mạnh", "Dân số và phát triển", "Đào tạo cán bộ Hội", "Em và gia đình"]
    );
}

#[test]
fn attachments_are_stored_once_by_content() {
    let (dir, mut store) = store();
    let doc = store.create_document(&plan("Kế hoạch có tệp")).expect("create");
    let file = dir.path().join("Kế hoạch 268.docx");
    std::fs::write(&file, b"PK\x03\x04 noi dung").expect("write");
    let a = store.attach_file(doc.id, &file).expect("attach");
    let b = store.attach_file(doc.id, &file).expect("attach again");
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(a.file_name, "Kế hoạch 268.docx");
    let stored = store.stored_file_path(&a.sha256).expect("path");
    assert_eq!(std::fs::read(&stored).expect("stored bytes"), b"PK\x03\x04 noi dung");
    assert_eq!(store.get_document(doc.id).expect("doc").attachments.len(), 1);
    let copy = store.attachment_copy_for_viewing(&a.sha256, &dir.path().join("view")).expect("copy");
    assert!(copy.ends_with("Kế hoạch 268.docx"));
    let missing = store.attach_file(doc.id, &dir.path().join("khong-co.pdf")).expect_err("missing file");
    assert_eq!(missing.code(), crate::ErrorCode::Io);
}

#[test]
fn a_document_keeps_at_most_its_limit_of_text_and_no_control_characters() {
    let (_dir, mut store) = store();
    // A body at the limit is kept; one byte more is refused with the size in words, nothing written.
    let mut at_limit = plan("Kế hoạch dài");
    let others: usize = [&at_limit.number, &at_limit.symbol, &at_limit.place, &at_limit.issuer, &at_limit.title, &at_limit.signer, &at_limit.signer_title]
        .iter()
        .map(|s| s.len())
        .sum::<usize>()
        + at_limit.recipients[0].len()
        + at_limit.references[0].len();
    at_limit.body = "a".repeat(MAX_DOCUMENT_TEXT_BYTES - others);
    store.create_document(&at_limit).expect("at the limit");
    let mut over = at_limit.clone();
    over.body.push('b');
    let before = store.list_documents(DocumentOrder::Title).expect("list").len();
    let refused = store.create_document(&over).expect_err("over the limit");
    assert!(refused.to_string().contains("Văn bản quá dài"), "{refused}");
    assert_eq!(store.list_documents(DocumentOrder::Title).expect("list").len(), before);
    // Control characters pasted from a PDF are dropped; line breaks and tabs stay.
    let mut pasted = plan("Kế hoạch chép từ PDF");
    pasted.body = "Dòng 1\u{0}\u{7}\nDòng\t2\u{1b}".into();
    let doc = store.create_document(&pasted).expect("stored");
    assert_eq!(store.get_document(doc.id).expect("doc").body, "Dòng 1\nDòng\t2");
}
