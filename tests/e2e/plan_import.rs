//! Plan import in the real app: a Word plan (.docx built here) read through "Nhập kế hoạch từ
//! tệp" (the "Nâng cao" path box), one field corrected on the review screen, the plan saved; its
//! deadlines then exist for every district of the sample province (checked through `skh status`)
//! and, due in three days, show on the dashboard.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Result, ensure};
use sokehoach_tests::{TempData, skh};

use crate::harness::App;

const TITLE: &str = "Tổ chức Tháng hành động vì bình đẳng giới năm 2026";

/// A short Hội LHPN plan: heading, one task for the districts with a deadline on 20/12/2026
/// (`skh extract` reads it as one task, assignees "Hội LHPN các huyện, thành phố"). The test
/// moves the deadline to three days from today so that it shows as due soon.
const PLAN_TEXT: &str = "HỘI LHPN TỈNH LAI CHÂU\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
BAN THƯỜNG VỤ\tĐộc lập - Tự do - Hạnh phúc
Số: 45/KH-HLHPN\tLai Châu, ngày 10 tháng 11 năm 2026

KẾ HOẠCH
Tổ chức Tháng hành động vì bình đẳng giới năm 2026

Thực hiện Chương trình công tác năm 2026, Ban Thường vụ Hội LHPN tỉnh xây dựng kế hoạch tổ chức Tháng hành động vì bình đẳng giới năm 2026 như sau:

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ, hội viên, phụ nữ về bình đẳng giới.

II. NỘI DUNG
Tuyên truyền về bình đẳng giới và phòng chống bạo lực trên cơ sở giới.

III. TỔ CHỨC THỰC HIỆN
1. Hội LHPN các huyện, thành phố
Tổ chức các hoạt động hưởng ứng; báo cáo kết quả về Hội LHPN tỉnh trước ngày 20/12/2026.

Nơi nhận:
- Trung ương Hội LHPN Việt Nam (b/c);
- Hội LHPN các huyện, thành phố;
- Lưu VP.
\tTM. BAN THƯỜNG VỤ
\tCHỦ TỊCH


\tLò Thị Hà
";

/// Writes `text` as a Word document, one paragraph a line (tabs kept as tabs).
fn write_docx(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let paragraphs: String = text
        .lines()
        .map(|line| {
            let runs: Vec<String> =
                line.split('\t').map(|part| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(part))).collect();
            format!("<w:p>{}</w:p>", runs.join("<w:r><w:tab/></w:r>"))
        })
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{paragraphs}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#)?;
    zip.start_file("_rels/.rels", options)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#)?;
    zip.start_file("word/document.xml", options)?;
    zip.write_all(document.as_bytes())?;
    zip.finish()?;
    Ok(())
}

fn status(db: &Path) -> Result<Vec<serde_json::Value>> {
    let out = skh(db)?.arg("status").output()?;
    ensure!(out.status.success(), "skh status: {}", String::from_utf8_lossy(&out.stderr));
    Ok(serde_json::from_slice(&out.stdout)?)
}

#[tokio::test]
async fn i_plan_imported_from_a_word_file_is_reviewed_and_saved() -> Result<()> {
    let data = TempData::new("e2e-plan-import")?;
    let due = chrono::Local::now().date_naive() + chrono::Days::new(3);
    let (due_text, due_iso) = (due.format("%d/%m/%Y").to_string(), due.format("%Y-%m-%d").to_string());
    let file = data.dir().join("Kế hoạch 45-KH-HLHPN.docx");
    write_docx(&file, &PLAN_TEXT.replace("20/12/2026", &due_text))?;

    let app = App::launch(&data, "plan-import").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        app.wait("own-office-name").await?;

        app.go("van-ban").await?;
        app.click("plan-import-open").await?;
        app.wait("plan-import-screen").await?;
        app.click("plan-import-advanced").await?;
        app.fill("plan-import-path", &file.display().to_string()).await?;
        app.click("plan-import-path-submit").await?;

        // The review: the source with its highlights, the drafted fields, one task with its deadline.
        app.wait_text("plan-import-source", "TỔ CHỨC THỰC HIỆN").await?;
        app.wait_count("plan-import-mark", 5).await?;
        let tasks = app.wait_count("plan-import-task", 1).await?;
        ensure!(tasks.len() == 1, "one task drafted: {tasks:#?}");
        let deadline = app.wait_text("plan-import-deadline", &due_text).await?;
        eprintln!("drafted deadline: {deadline:?}");
        let summary = app.wait("plan-import-unresolved").await?.text().await?;
        eprintln!("review summary: {summary:?}");
        app.expect_no_error("on the review screen").await?;

        // Correct one field; clicking it emphasises its passage in the source.
        let title = app.wait("plan-import-title").await?;
        ensure!(
            title.prop("value").await?.as_deref() == Some(TITLE),
            "the title is drafted from the plan"
        );
        app.fill("plan-import-title", &format!("{TITLE} (sửa)")).await?;
        app.settle().await;
        app.screenshot("nhap-ke-hoach").await?;
        app.click("plan-import-task").await?;
        app.settle().await;
        app.screenshot("nhap-ke-hoach-nhiem-vu").await?;

        app.click("plan-import-save").await?;
        app.wait_text("doc-detail-title", &format!("{TITLE} (sửa)")).await?;
        app.expect_no_error("after saving the imported plan").await?;
        app.wait_text("task-section", "Tổ chức các hoạt động hưởng ứng").await?;
        app.click("task-instances-toggle").await?;
        app.wait_count("instance-row", 4).await?;
        app.settle().await;
        app.screenshot("nhap-ke-hoach-da-luu").await?;

        // Every district of the sample province (level 2 below LCU) owes the report on 20/12/2026;
        // the ward directly under the province does not.
        let due: BTreeSet<String> = status(&data.db_path())?
            .iter()
            .filter(|i| i["dueOn"] == due_iso.as_str() && i["documentTitle"] == format!("{TITLE} (sửa)").as_str())
            .filter_map(|i| i["officeCode"].as_str().map(str::to_string))
            .collect();
        let expected: BTreeSet<String> = ["PTO", "SHO", "TDG", "TPLC"].into_iter().map(String::from).collect();
        ensure!(due == expected, "deadlines due {due_iso} for {due:?}, expected {expected:?}");

        // Due in three days: the dashboard lists them among the sub-offices' deadlines.
        app.go("tong-quan").await?;
        app.wait_text("dashboard-item", &due_text).await?;
        app.screenshot("nhap-ke-hoach-tong-quan").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}
