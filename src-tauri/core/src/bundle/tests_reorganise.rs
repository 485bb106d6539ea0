//! A reorganisation travels: the province dissolves the district between it and a commune; the
//! district learns it is closed, the province writes to the commune directly, the commune answers,
//! and the three stores hold the same office tree. A sub-office cannot reorganise what it does not own.

use super::*;
use crate::model::offices::Reorganisation;

fn tree_in(store: &Store) -> Vec<String> {
    let dump = store.dump_string().expect("dump");
    dump.lines().filter(|l| l.contains("\"table\":\"offices\"") || l.contains("\"table\":\"office_names\"")).map(str::to_string).collect()
}

#[test]
fn a_dissolved_district_hands_its_commune_to_the_province_through_the_bundles() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, mut commune) = three_offices(stick.path());
    let up = export(&mut district.store, "LCU", stick.path());
    assert!(import(&mut province.store, &up).applied, "the province learns the commune's key through the district");

    let tdg = province.store.office_by_code("TDG").expect("TDG").id;
    let outcome = province.store.reorganise(&Reorganisation::Dissolve { office: tdg, from: date(2026, 12, 1) }, true).expect("dissolve");
    assert!(outcome.applied);

    // The district learns it is closed; it can no longer write to the commune.
    let down = export(&mut province.store, "TDG", stick.path());
    assert_eq!(import(&mut district.store, &down).preview.counts.refused, 0);
    let notice = district.store.closed_notice(date(2026, 12, 2)).expect("notice").expect("the district is told");
    assert!(notice.contains("không còn từ ngày 01/12/2026"), "{notice}");
    let blu = district.store.office_by_code("BLU").expect("BLU").id;
    let error = district.store.export_bundle(blu, stick.path(), TODAY(), &mut |_| {}).expect_err("no longer its sub-office");
    assert!(error.to_string().contains("cấp dưới trực tiếp"), "{error}");

    // The province writes to the commune directly, with the key the commune already trusts.
    let direct = export(&mut province.store, "BLU", stick.path());
    let outcome = import(&mut commune.store, &direct);
    assert!(outcome.applied && outcome.preview.counts.refused == 0, "{outcome:?}");
    let own = commune.store.require_own_office().expect("own");
    assert_eq!(own.parent_id, Some(province.store.require_own_office().expect("own").id));
    // And the commune answers it directly.
    commune.store.create_document(&plan_document("Kế hoạch của xã sau sắp xếp")).expect("doc");
    let answer = export(&mut commune.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &answer);
    assert!(outcome.applied && outcome.preview.counts.refused == 0, "{outcome:?}");

    assert_eq!(tree_in(&district.store), tree_in(&province.store), "the district holds the province's tree");
    assert_eq!(tree_in(&commune.store), tree_in(&province.store), "the commune holds the province's tree");
}

#[test]
fn a_sub_office_cannot_reorganise_what_it_does_not_own() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district) = province_and_district(stick.path());
    let (blu, pto) = (district.store.office_by_code("BLU").expect("BLU").id, district.store.office_by_code("PTO").expect("PTO").id);
    let before = district.store.dump_string().expect("dump");
    let refused = district.store.reorganise(&Reorganisation::Close { office: blu, from: date(2026, 12, 1) }, true).expect_err("not its record");
    assert!(refused.to_string().contains("chỉ đơn vị đó mới sửa"), "{refused}");
    assert_eq!(district.store.dump_string().expect("dump"), before);
    // A tampered district store claims the other district's record and closes it: refused.
    let tdg = district.store.require_own_office().expect("own").id;
    district
        .store
        .conn
        .execute(
            "UPDATE offices SET closed_on = '2026-12-01', owner_office_id = ?2, updated_at = '2026-11-25T00:00:00.000Z',
                 change_seq = 999999 WHERE id = ?1",
            rusqlite::params![pto, tdg],
        )
        .expect("tamper");
    let up = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up);
    assert_eq!(outcome.preview.counts.refused, 1, "{outcome:?}");
    assert!(province.store.get_office(pto).expect("PTO").closed_on.is_none(), "the province's tree is unchanged");
}
