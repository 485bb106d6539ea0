//! A district's laptop lost with no backup, through the CLI: the province writes the recovery
//! bundle (`skh export --recovery`), a fresh installation imports it and holds what the lost one
//! held, the province refuses its first bundle until it reissues the key (`skh keys --reissue`),
//! then accepts it and refuses the lost laptop's.

use sokehoach_tests::{TempData, skh};

use super::exchange::{dump, ok, two_offices};

#[test]
fn a_lost_district_is_recovered_from_the_province() -> anyhow::Result<()> {
    let data = TempData::new("cli-recovery")?;
    let (province, district, stick) = two_offices(&data)?;
    let usb = stick.display().to_string();
    let items: Vec<serde_json::Value> = serde_json::from_str(&ok(&district, &["status", "--on", "2024-06-01", "--office", "TDG"])?)?;
    let instance = items
        .iter()
        .find(|i| i["documentNumberLine"] == super::FIXTURE_NUMBER && i["label"] == "Báo cáo 6 tháng")
        .and_then(|i| i["instanceId"].as_str())
        .unwrap_or_default()
        .to_string();
    ok(&district, &["report", "add", "--instance", &instance, "--date", "2024-05-28", "--by", "Lò Thị Mai"])?;
    let up = ok(&district, &["export", "--to", &usb])?;
    ok(&province, &["import", up.trim()])?;
    let down = ok(&province, &["export", "--recipient", "TDG", "--to", &usb])?;
    ok(&district, &["import", down.trim()])?;
    let lost_dump = dump(&district)?;

    let recovery = ok(&province, &["export", "--recovery", "--recipient", "TDG", "--to", &usb])?;
    assert!(recovery.contains("HoiLHPN-LCU-khoiphuc-TDG-"), "{recovery}");
    let twin = data.dir().join("may-moi").join("skh.db");
    let outcome: serde_json::Value = serde_json::from_str(&ok(&twin, &["import", recovery.trim()])?)?;
    assert_eq!(outcome["applied"], true, "{outcome}");
    assert!(outcome["message"].as_str().unwrap_or_default().contains("Đã khôi phục"), "{outcome}");
    assert_eq!(dump(&twin)?, lost_dump, "the new installation holds what the lost one held");

    let first_up = ok(&twin, &["export", "--to", &usb])?;
    let refused = skh(&province)?.args(["import", first_up.trim()]).output()?;
    assert_eq!(refused.status.code(), Some(3), "a new key is not trusted by itself");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Cấp lại khóa"), "{}", String::from_utf8_lossy(&refused.stderr));
    let reissued: serde_json::Value = serde_json::from_str(&ok(&province, &["keys", "--reissue", first_up.trim()])?)?;
    let twin_keys: serde_json::Value = serde_json::from_str(&ok(&twin, &["keys"])?)?;
    assert_eq!(reissued["newFingerprint"], twin_keys["own"]["fingerprint"]);
    ok(&province, &["import", first_up.trim()])?;

    // The lost laptop's bundles are refused from now on.
    let stolen = ok(&district, &["export", "--to", &usb])?;
    let before = dump(&province)?;
    let refused = skh(&province)?.args(["import", stolen.trim()]).output()?;
    assert_eq!(refused.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("đã được thay bằng khóa mới"), "{}", String::from_utf8_lossy(&refused.stderr));
    assert_eq!(dump(&province)?, before, "nothing changed");
    Ok(())
}
