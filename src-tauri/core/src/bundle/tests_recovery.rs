//! A district whose laptop is lost, with no backup: the province's recovery bundle makes a new
//! installation that district again, the province reissues its key, the exchange goes on up and
//! down, and the lost laptop's key is refused everywhere that learnt the reissue.

use super::*;
use crate::error::Error;

/// The province, the district TDG and its commune BLU, with the commune's report forwarded to the
/// province and the receipt back down, so every store holds what the others sent it.
fn in_step(stick: &Path) -> (Office, Office, Office) {
    let (mut province, mut district, commune) = three_offices(stick);
    let local = tdg_deadline(&district.store);
    district
        .store
        .record_report(
            &ReportInput {
                instance_id: local.instance_id,
                submitted_on: date(2026, 11, 18),
                submitted_by: "Lò Thị Mai".into(),
                channel: Channel::Usb,
                note: "Báo cáo sơ kết của huyện".into(),
                received_on: None,
            },
            TODAY(),
        )
        .expect("district report");
    let report = district.store.report_of_instance(local.instance_id).expect("report").expect("the report").id;
    let file = stick.join("Báo cáo sơ kết huyện Tam Đường.docx");
    std::fs::write(&file, "nội dung báo cáo của huyện").expect("file");
    district.store.attach_report_file(report, &file).expect("attach");
    let up = export(&mut district.store, "LCU", stick);
    assert!(import(&mut province.store, &up).applied);
    let down = export(&mut province.store, "TDG", stick);
    assert!(import(&mut district.store, &down).applied);
    (province, district, commune)
}

fn refusal(error: Error) -> Refusal {
    match error {
        Error::Bundle(refusal) => refusal,
        other => panic!("expected a refusal, got {other}"),
    }
}

/// The lost district's dump, its recovered twin, and the stick with the twin's first bundle up.
struct Recovered {
    province: Office,
    lost: Office,
    twin: Office,
    commune: Office,
}

fn lose_and_recover(stick: &Path) -> Recovered {
    let (mut province, lost, commune) = in_step(stick);
    let tdg = province.store.office_by_code("TDG").expect("TDG").id;
    let recovery = province.store.export_recovery_bundle(tdg, stick, TODAY()).expect("recovery bundle");
    assert!(recovery.path.contains("HoiLHPN-LCU-khoiphuc-TDG-"), "{}", recovery.path);
    assert!(province.store.pending_recovery(tdg).expect("pending").is_some());
    let mut twin = empty();
    let outcome = import(&mut twin.store, Path::new(&recovery.path));
    assert!(outcome.applied, "{outcome:?}");
    assert_eq!(outcome.preview.kind, format::BundleKind::Recovery);
    assert_eq!(outcome.preview.counts.refused, 0, "{:?}", outcome.preview.issues);
    Recovered { province, lost, twin, commune }
}

#[test]
fn a_recovered_district_holds_what_the_lost_one_held() {
    let stick = tempfile::tempdir().expect("stick");
    let mut r = lose_and_recover(stick.path());
    assert_eq!(r.twin.store.require_own_office().expect("own").code, "TDG");
    assert_eq!(
        r.twin.store.dump_string().expect("dump"),
        r.lost.store.dump_string().expect("dump"),
        "the recovered store holds exactly the records of the lost one, as the province held them"
    );
    assert_ne!(r.twin.store.own_key().expect("key").fingerprint, r.lost.store.own_key().expect("key").fingerprint, "a new key");
    // The report's file came back too, byte for byte.
    let dump = r.twin.store.dump_string().expect("dump");
    let file_line = dump.lines().find(|l| l.contains("\"table\":\"report_files\"")).expect("a report file");
    let sha = serde_json::from_str::<serde_json::Value>(file_line).expect("json")["record"]["sha256"].as_str().expect("sha").to_string();
    let path = r.twin.store.stored_file_path(&sha).expect("path");
    assert_eq!(std::fs::read_to_string(path).expect("the file is in the new data folder"), "nội dung báo cáo của huyện");
    let pinned = r.twin.store.pinned_keys().expect("keys");
    assert!(pinned.iter().all(|k| k.office_code != "TDG"), "no key of our own office is pinned: {pinned:?}");
}

#[test]
fn a_recovery_bundle_is_refused_by_a_store_already_set_up() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, _commune) = in_step(stick.path());
    let tdg = province.store.office_by_code("TDG").expect("TDG").id;
    let recovery = province.store.export_recovery_bundle(tdg, stick.path(), TODAY()).expect("recovery bundle");
    let before = district.store.dump_string().expect("dump");
    let error = district.store.import_bundle(Path::new(&recovery.path), TODAY()).expect_err("refused");
    assert!(matches!(refusal(error), Refusal::RecoveryOnConfiguredStore(name) if name == "Hội LHPN huyện Tam Đường"));
    assert_eq!(district.store.dump_string().expect("dump"), before);
    let up = province.store.office_by_code("TW").expect("TW").id;
    let error = province.store.export_recovery_bundle(up, stick.path(), TODAY()).expect_err("not for the level above");
    assert!(error.to_string().contains("cấp dưới"), "{error}");
}

#[test]
fn the_province_reissues_the_key_then_the_exchange_goes_on() {
    let stick = tempfile::tempdir().expect("stick");
    let Recovered { mut province, mut lost, mut twin, mut commune } = lose_and_recover(stick.path());
    // The new installation writes a report the province has not seen.
    let doc = twin.store.create_document(&plan_document("Kế hoạch của huyện sau khi khôi phục")).expect("doc");
    let up = export(&mut twin.store, "LCU", stick.path());
    let before = province.store.dump_string().expect("dump");
    let error = province.store.import_bundle(&up, TODAY()).expect_err("a new key is not trusted by itself");
    assert!(matches!(refusal(error), Refusal::AwaitingReissue { .. }));
    assert_eq!(province.store.dump_string().expect("dump"), before, "nothing changed");

    let reissued = province.store.reissue_key(&up).expect("reissue");
    assert_eq!(reissued.new_fingerprint, twin.store.own_key().expect("key").fingerprint);
    assert_eq!(reissued.old_fingerprint, lost.store.own_key().expect("key").fingerprint);
    assert!(reissued.message.contains("Đã cấp lại khóa cho «Hội LHPN huyện Tam Đường»"), "{}", reissued.message);
    let outcome = import(&mut province.store, &up);
    assert!(outcome.applied, "{outcome:?}");
    assert_eq!(outcome.preview.counts.refused, 0, "{:?}", outcome.preview.issues);
    assert!(province.store.get_document(doc.id).is_ok(), "the new installation's plan is in");
    let tdg = province.store.office_by_code("TDG").expect("TDG").id;
    assert!(province.store.pending_recovery(tdg).expect("pending").is_none(), "the recovery is settled");

    // The province's answer goes down; the twin learns its own reissue and stops saying where it came from.
    let down = export(&mut province.store, "TDG", stick.path());
    import(&mut twin.store, &down);
    let next = export(&mut twin.store, "LCU", stick.path());
    let manifest = read::check(&next).expect("read").manifest;
    assert_eq!(manifest.recovered_from, None);
    assert_eq!(manifest.key_reissues.len(), 1, "the reissue travels with the district's bundles");

    // The commune, which pinned the lost key, trusts the twin through the province's decision.
    let to_commune = export(&mut twin.store, "BLU", stick.path());
    let outcome = import(&mut commune.store, &to_commune);
    assert!(outcome.applied || outcome.preview.counts.new == 0, "{outcome:?}");
    assert!(outcome.preview.key_rotation, "the key changed with the parent's decision");
    let keys = commune.store.pinned_keys().expect("keys");
    let at_commune = keys.iter().find(|k| k.office_code == "TDG").expect("TDG key");
    assert_eq!(at_commune.fingerprint, reissued.new_fingerprint);
    // And the commune's next bundle is accepted by the twin.
    commune.store.create_document(&plan_document("Kế hoạch của xã")).expect("doc");
    let from_commune = export(&mut commune.store, "TDG", stick.path());
    let outcome = import(&mut twin.store, &from_commune);
    assert!(outcome.applied && outcome.preview.counts.refused == 0, "{outcome:?}");

    // The lost laptop (stolen) still signs with the old key: refused at the province and the commune.
    lost.store.create_document(&plan_document("Kế hoạch giả từ máy bị mất")).expect("doc");
    let stolen_up = export(&mut lost.store, "LCU", stick.path());
    let before = province.store.dump_string().expect("dump");
    let error = province.store.import_bundle(&stolen_up, TODAY()).expect_err("old key");
    let message = error.to_string();
    assert!(matches!(refusal(error), Refusal::ReplacedKey { .. }));
    assert!(message.contains("đã được thay bằng khóa mới") && message.contains("Hội LHPN tỉnh Lai Châu"), "{message}");
    assert_eq!(province.store.dump_string().expect("dump"), before);
    let stolen_down = export(&mut lost.store, "BLU", stick.path());
    let error = commune.store.import_bundle(&stolen_down, TODAY()).expect_err("old key");
    assert!(matches!(refusal(error), Refusal::ReplacedKey { .. }));
}

#[test]
fn a_key_is_reissued_only_for_the_recovery_bundle_we_wrote() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, _lost, _commune) = in_step(stick.path());
    // A stranger's installation claims to be the district, without any recovery bundle.
    let mut stranger = empty();
    let tdg = province.store.office_by_code("TDG").expect("TDG").id;
    let setup = province.store.export_setup_bundle(tdg, stick.path(), TODAY()).expect("setup");
    assert!(import(&mut stranger.store, Path::new(&setup.path)).applied);
    let up = export(&mut stranger.store, "LCU", stick.path());
    let error = province.store.import_bundle(&up, TODAY()).expect_err("changed key");
    assert!(matches!(refusal(error), Refusal::ChangedKey { .. }));
    let error = province.store.reissue_key(&up).expect_err("no recovery bundle was written");
    assert!(error.to_string().contains("chưa tạo gói khôi phục"), "{error}");
    // A recovery bundle written, but the stranger was not set up from it.
    province.store.export_recovery_bundle(tdg, stick.path(), TODAY()).expect("recovery");
    let error = province.store.reissue_key(&up).expect_err("not from that recovery bundle");
    assert!(error.to_string().contains("không đến từ máy được cài lại"), "{error}");
    assert!(province.store.pending_recovery(tdg).expect("pending").is_some(), "still waiting");
}

#[test]
fn a_communes_reissued_key_reaches_the_province_through_the_district() {
    let stick = tempfile::tempdir().expect("stick");
    let (mut province, mut district, _lost) = in_step(stick.path());
    let blu = district.store.office_by_code("BLU").expect("BLU").id;
    let recovery = district.store.export_recovery_bundle(blu, stick.path(), TODAY()).expect("recovery");
    let mut twin = empty();
    let outcome = import(&mut twin.store, Path::new(&recovery.path));
    assert_eq!(outcome.preview.counts.refused, 0, "{:?}", outcome.preview.issues);
    let doc = twin.store.create_document(&plan_document("Kế hoạch của xã sau khi khôi phục")).expect("doc");
    let up = export(&mut twin.store, "TDG", stick.path());
    district.store.reissue_key(&up).expect("reissue");
    assert!(import(&mut district.store, &up).applied);
    // The district forwards the commune's new records and the reissue to the province.
    let up2 = export(&mut district.store, "LCU", stick.path());
    let outcome = import(&mut province.store, &up2);
    assert_eq!(outcome.preview.counts.refused, 0, "the new key is believed on the district's word: {:?}", outcome.preview.issues);
    assert!(province.store.get_document(doc.id).is_ok());
    let keys = province.store.pinned_keys().expect("keys");
    let at_province = keys.iter().find(|k| k.office_code == "BLU").expect("BLU");
    assert_eq!(at_province.fingerprint, twin.store.own_key().expect("key").fingerprint);
}
