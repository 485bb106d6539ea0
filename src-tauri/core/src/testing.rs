//! Fixtures shared by the core's unit tests.

use chrono::NaiveDate;

use crate::model::documents::{DocKind, DocumentInput, NumberStyle};
use crate::model::offices::{OfficeInput, OwnOfficeSetup};
use crate::store::Store;

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// Panics unless the open-deadline counts the triggers keep equal the open deadlines counted afresh.
pub(crate) fn assert_open_counts_kept(store: &Store) {
    let read = |sql: &str| -> Vec<(String, String, i64)> {
        let mut stmt = store.conn.prepare(sql).expect("prepare");
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("query");
        rows.collect::<rusqlite::Result<_>>().expect("rows")
    };
    let kept = read("SELECT office_id, month, open FROM open_deadline_counts WHERE open <> 0 ORDER BY office_id, month");
    let fresh = read(
        "SELECT office_id, substr(due_on, 1, 7), count(*) FROM deadline_instances
         WHERE reported_on IS NULL AND withdrawn = 0 GROUP BY 1, 2 ORDER BY 1, 2",
    );
    assert_eq!(kept, fresh, "the kept counts must equal the open deadlines, or the dashboard counts are wrong");
}

/// A province office (LCU) under TW, with two districts (TDG, PTO), a commune under TDG (BLU) and
/// a ward straight under the province (DKT).
pub(crate) fn province() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("skh.db")).expect("open");
    let office = |code: &str, name: &str, level: u8| OfficeInput { code: code.into(), name: name.into(), level, parent_id: None };
    let own = store
        .setup_own_office(&OwnOfficeSetup {
            office: office("LCU", "Hội LHPN tỉnh Lai Châu", 1),
            parent: Some(office("TW", "Trung ương Hội LHPN Việt Nam", 0)),
        })
        .expect("setup");
    let tdg = store.add_office(&OfficeInput { parent_id: Some(own.id), ..office("TDG", "Hội LHPN huyện Tam Đường", 2) }).expect("TDG");
    store.add_office(&OfficeInput { parent_id: Some(own.id), ..office("PTO", "Hội LHPN huyện Phong Thổ", 2) }).expect("PTO");
    store.add_office(&OfficeInput { parent_id: Some(tdg.id), ..office("BLU", "Hội LHPN xã Bình Lư", 3) }).expect("BLU");
    store.add_office(&OfficeInput { parent_id: Some(own.id), ..office("DKT", "Hội LHPN phường Đoàn Kết", 3) }).expect("DKT");
    (dir, store)
}

pub(crate) fn plan_document(title: &str) -> DocumentInput {
    DocumentInput {
        kind: DocKind::KeHoach,
        number: "45".into(),
        symbol: "KH-HLHPN".into(),
        number_style: NumberStyle::State,
        issued_on: Some(date(2024, 4, 24)),
        place: "Lai Châu".into(),
        issuer: "Ban Thường vụ Hội LHPN tỉnh".into(),
        title: title.into(),
        signer: "Lò Thị Hà".into(),
        signer_title: "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH".into(),
        recipients: vec!["Hội LHPN các huyện, thành phố".into()],
        references: vec![],
        body: String::new(),
    }
}
