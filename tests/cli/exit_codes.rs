//! What a script sees when `skh` fails: a distinct exit code for each kind of failure (2 bad input,
//! 3 refused, 4 system failure; README, "Command line"), with the Vietnamese message and the
//! core's error code on standard error.

use std::process::Output;

use sokehoach_tests::{TempData, skh};

use super::exchange::{dump, ok, two_offices};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_refused_bundle_exits_3_with_its_code_and_changes_nothing() -> anyhow::Result<()> {
    let data = TempData::new("cli-exit-refused")?;
    let (province, district, stick) = two_offices(&data)?;
    let to_pto = ok(&province, &["export", "--recipient", "PTO", "--to", &stick.display().to_string()])?;
    let before = dump(&district)?;
    let out = skh(&district)?.args(["import", to_pto.trim()]).output()?;
    assert_eq!(out.status.code(), Some(3), "a bundle for another office is refused: {}", stderr(&out));
    assert!(stderr(&out).contains("không phải cho đơn vị của máy này"), "the Vietnamese reason: {}", stderr(&out));
    assert!(stderr(&out).contains("mã lỗi bundleRefused (mã thoát 3)"), "{}", stderr(&out));
    assert_eq!(dump(&district)?, before, "nothing changed");
    Ok(())
}

#[test]
fn a_bad_argument_exits_2() -> anyhow::Result<()> {
    let data = TempData::new("cli-exit-usage")?;
    let db = data.db_path();
    for args in [&["no-such-command"][..], &["search"], &["status", "--on", "31/12/2024"], &["report", "add", "--date", "2024-05-01"]] {
        let out = skh(&db)?.args(args).output()?;
        assert_eq!(out.status.code(), Some(2), "skh {args:?}: {}", stderr(&out));
    }
    // A mistake only skh itself can see: an office code that is not in the store.
    ok(&db, &["demo"])?;
    let out = skh(&db)?.args(["status", "--office", "KHONGCO"]).output()?;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("mã lỗi notFound (mã thoát 2)"), "{}", stderr(&out));
    Ok(())
}

#[test]
fn a_wrong_file_exits_2_with_its_code() -> anyhow::Result<()> {
    let data = TempData::new("cli-exit-wrong-file")?;
    let text = data.dir().join("ghi-chu.txt");
    std::fs::write(&text, "Danh sách việc cần làm tuần này.\n".repeat(300))?;
    let out = skh(&text)?.args(["doc", "list"]).output()?;
    assert_eq!(out.status.code(), Some(2), "a text file is not a store: {}", stderr(&out));
    assert!(stderr(&out).contains("không phải là cơ sở dữ liệu của Sổ Kế Hoạch"), "{}", stderr(&out));
    assert!(stderr(&out).contains("mã lỗi invalidInput (mã thoát 2)"), "{}", stderr(&out));

    let db = data.db_path();
    ok(&db, &["demo"])?;
    let broken = data.dir().join("hong.json");
    std::fs::write(&broken, "{ \"document\": ")?;
    let out = skh(&db)?.args(["plan", "add", &broken.display().to_string()]).output()?;
    assert_eq!(out.status.code(), Some(2), "a broken plan file: {}", stderr(&out));
    Ok(())
}

#[test]
fn a_folder_that_cannot_be_written_exits_4() -> anyhow::Result<()> {
    let data = TempData::new("cli-exit-system")?;
    let (province, _district, _stick) = two_offices(&data)?;
    // The "stick" is a plain file, so no bundle can be written into it: a disk failure.
    let not_a_folder = data.dir().join("khong-phai-thu-muc");
    std::fs::write(&not_a_folder, "x")?;
    let out = skh(&province)?.args(["export", "--recipient", "TDG", "--to", &not_a_folder.display().to_string()]).output()?;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("mã lỗi io (mã thoát 4)"), "{}", stderr(&out));
    Ok(())
}
