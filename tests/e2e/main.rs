//! End-to-end tests: the real Sổ Kế Hoạch app, built in debug with the UI embedded, driven
//! through WebDriver under a virtual display. Run them with
//!
//! ```text
//! npm --prefix ui run build && cargo build -p sokehoach
//! xvfb-run -a cargo test -p sokehoach-tests --features e2e --test e2e -- --test-threads=1
//! ```
//!
//! (`scripts/test.sh` does all of this.) Each test starts on its own empty database; the
//! screenshots land in `artifacts/e2e/`. The tests find things only by `data-testid`.

mod backup;
mod deadlines;
mod excel;
mod exchange;
mod harness;
mod plan_import;
mod printing;
mod recovery;
mod reorganise;
mod reports;
mod responsive;

use anyhow::{Result, ensure};
use harness::App;
use sokehoach_tests::TempData;

const OFFICE_NAME: &str = "Hội LHPN tỉnh Lai Châu";
const OFFICE_CODE: &str = "LCH";
const OFFICE_LEVEL: &str = "Tỉnh";

/// The main screens, by the suffix of their `nav-*` / `screen-*` hooks, in menu order.
const SCREENS: [&str; 8] = [
    "tong-quan",
    "van-ban",
    "han-bao-cao",
    "don-vi",
    "trao-doi",
    "in",
    "sao-luu",
    "cai-dat",
];

/// The plan created through the form in the tests below.
struct Plan {
    kind: &'static str,
    number: &'static str,
    symbol: &'static str,
    issued_on: &'static str,
    place: &'static str,
    issuer: &'static str,
    title: &'static str,
    signer: &'static str,
    signer_title: &'static str,
    recipients: &'static [&'static str],
    references: &'static [&'static str],
    body: &'static str,
}

const PLAN: Plan = Plan {
    kind: "Kế hoạch",
    number: "15",
    symbol: "KH-BTV",
    issued_on: "20/01/2026",
    place: "Lai Châu",
    issuer: "Ban Thường vụ Hội LHPN tỉnh",
    title: "Kế hoạch tuyên truyền phòng, chống bạo lực gia đình năm 2026",
    signer: "Nguyễn Thị Hương",
    signer_title: "TM. BAN THƯỜNG VỤ - CHỦ TỊCH",
    recipients: &["Trung ương Hội LHPN Việt Nam", "Hội LHPN các xã, phường", "Lưu VP"],
    references: &["Chỉ thị số 21-CT/TW ngày 20/01/2018 của Ban Bí thư"],
    // Contains "Đảng" (and no "đang"), so searching "dang" can only find it through that word.
    body: "Thực hiện Chỉ thị số 21-CT/TW ngày 20/01/2018 của Ban Bí thư Trung ương Đảng về \
tiếp tục đẩy mạnh công tác phụ nữ trong tình hình mới, Ban Thường vụ Hội LHPN tỉnh xây dựng \
kế hoạch tuyên truyền phòng, chống bạo lực gia đình năm 2026 như sau.\n\
I. MỤC ĐÍCH, YÊU CẦU\n\
Nâng cao nhận thức của hội viên, phụ nữ về phòng, chống bạo lực gia đình.\n\
II. TỔ CHỨC THỰC HIỆN\n\
Hội LHPN các xã, phường báo cáo kết quả về Ban Thường vụ Hội LHPN tỉnh trước ngày 30/11/2026.",
};

/// Fills and submits the first-start form for the office under test, and waits for the header.
async fn set_up_office(app: &App) -> Result<()> {
    app.fill("setup-name", OFFICE_NAME).await?;
    app.fill("setup-code", OFFICE_CODE).await?;
    app.select("setup-level", OFFICE_LEVEL).await?;
    app.click("setup-submit").await?;
    app.wait_text("own-office-name", OFFICE_NAME).await?;
    app.expect_no_error("after setting up the office").await
}

/// Types one field per line into a textarea, or separated by "; " into a one-line input.
async fn fill_list(app: &App, testid: &str, items: &[&str]) -> Result<()> {
    let separator = if app.is_textarea(testid).await? { "\n" } else { "; " };
    app.fill(testid, &items.join(separator)).await
}

/// Creates [`PLAN`] through the document form and waits for its detail view.
async fn create_plan(app: &App) -> Result<()> {
    app.go("van-ban").await?;
    app.click("doc-add").await?;
    app.select("doc-kind", PLAN.kind).await?;
    app.fill("doc-number", PLAN.number).await?;
    app.fill("doc-symbol", PLAN.symbol).await?;
    app.fill("doc-issued-on", PLAN.issued_on).await?;
    app.fill("doc-place", PLAN.place).await?;
    app.fill("doc-issuer", PLAN.issuer).await?;
    app.fill("doc-title", PLAN.title).await?;
    app.fill("doc-signer", PLAN.signer).await?;
    app.fill("doc-signer-title", PLAN.signer_title).await?;
    fill_list(app, "doc-recipients", PLAN.recipients).await?;
    fill_list(app, "doc-references", PLAN.references).await?;
    app.fill("doc-body", PLAN.body).await?;
    app.screenshot("doc-form").await?;
    app.click("doc-save").await?;
    app.wait_text("doc-detail-title", PLAN.title).await?;
    app.expect_no_error("after saving the plan").await
}

/// Types a query into the document search and submits it with Enter.
async fn search(app: &App, query: &str) -> Result<()> {
    app.fill("doc-search", query).await?;
    let field = app.wait("doc-search").await?;
    field.send_keys("\u{E007}").await?; // Enter (WebDriver key code)
    Ok(())
}

/// (a) First start on an empty database: the setup form, then the office name in the header,
/// then every main screen (one screenshot each).
#[tokio::test]
async fn a_first_start_sets_up_the_office_and_shows_every_screen() -> Result<()> {
    let data = TempData::new("first-start")?;
    let app = App::launch(&data, "first-start").await?;
    let result = async {
        app.wait("setup-name").await?;
        app.settle().await;
        app.screenshot("setup").await?;
        set_up_office(&app).await?;
        for screen in SCREENS {
            app.go(screen).await?;
            app.expect_no_error(&format!("on screen {screen}")).await?;
            app.settle().await;
            app.screenshot(screen).await?;
        }
        // The settings screen names the database: the one given with --db, not SKH_DB's.
        let db = data.db_path().display().to_string();
        app.go("cai-dat").await?;
        let settings = app.wait_text("screen-cai-dat", &db).await?;
        ensure!(
            !settings.contains(&harness::env_db_path(&data).display().to_string()),
            "the app used SKH_DB although --db was given"
        );
        let header = app.wait_text("own-office-name", OFFICE_NAME).await?;
        ensure!(header.contains(OFFICE_NAME), "header shows {header:?}");
        Ok(())
    }
    .await;
    app.finish(result).await
}

/// (b) First start, "load sample data" instead of the form: the document list then holds the
/// sample plans.
#[tokio::test]
async fn b_sample_data_fills_the_document_list() -> Result<()> {
    let data = TempData::new("sample-data")?;
    let app = App::launch(&data, "sample-data").await?;
    let result = async {
        app.click("setup-demo").await?;
        app.wait("demo-done").await?;
        app.wait("own-office-name").await?;
        app.expect_no_error("after loading the sample data").await?;
        app.go("van-ban").await?;
        let rows = app.wait_count("doc-row", 3).await?;
        ensure!(
            rows.iter().filter(|row| row.contains("Kế hoạch") || row.contains("KH")).count() >= 3,
            "expected at least 3 sample plans (Kế hoạch / KH) in the list, got {rows:#?}"
        );
        app.settle().await;
        app.screenshot("sample-data-van-ban").await?;
        app.go("tong-quan").await?;
        let documents = app.wait_number("overview-doc-count", 3).await?;
        let offices = app.wait_number("overview-office-count", 2).await?;
        eprintln!("overview after the sample data: {documents} documents, {offices} offices");
        app.settle().await;
        app.screenshot("sample-data-tong-quan").await?;
        app.go("don-vi").await?;
        app.wait_count("office-row", 2).await?;
        app.settle().await;
        app.screenshot("sample-data-don-vi").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}

/// (c) A plan typed into the form is saved, listed, and found by accent-free search, including
/// `dang` for `Đảng`.
#[tokio::test]
async fn c_created_plan_is_found_by_search_without_diacritics() -> Result<()> {
    let data = TempData::new("create-search")?;
    let app = App::launch(&data, "create-search").await?;
    let result = async {
        set_up_office(&app).await?;
        create_plan(&app).await?;
        app.settle().await;
        app.screenshot("doc-detail").await?;

        app.go("van-ban").await?;
        app.wait_text("doc-row", PLAN.title).await?;

        search(&app, "bao luc gia dinh").await?;
        let hit = app.wait_text("search-hit", PLAN.title).await?;
        eprintln!("hit for 'bao luc gia dinh': {hit:?}");
        app.settle().await;
        app.screenshot("search-bao-luc-gia-dinh").await?;

        // A query that matches nothing empties the hits, so the next check cannot pass on stale
        // results.
        search(&app, "khongcotrongvanban").await?;
        app.wait_none("search-hit").await?;

        search(&app, "dang").await?;
        let hit = app.wait_text("search-hit", PLAN.title).await?;
        ensure!(hit.contains("Đảng"), "the hit for 'dang' should show the matching word Đảng: {hit:?}");
        app.settle().await;
        app.screenshot("search-dang").await?;
        app.expect_no_error("after searching").await
    }
    .await;
    app.finish(result).await
}

/// (d) Restart: after the app is closed and started again on the same database, the office is
/// still set up and the plan is still there.
#[tokio::test]
async fn d_restart_keeps_the_office_and_the_plan() -> Result<()> {
    let data = TempData::new("restart")?;

    let app = App::launch(&data, "restart-1").await?;
    let result = async {
        set_up_office(&app).await?;
        create_plan(&app).await
    }
    .await;
    app.finish(result).await?;

    let app = App::launch(&data, "restart-2").await?;
    let result = async {
        let first = app.wait_any(&["own-office-name", "setup-name"]).await?;
        ensure!(
            first == "own-office-name",
            "after a restart the setup form appeared again: the office was not kept"
        );
        ensure!(
            app.all("setup-name").await?.is_empty(),
            "the setup form is present after a restart"
        );
        app.wait_text("own-office-name", OFFICE_NAME).await?;
        app.go("van-ban").await?;
        app.wait_text("doc-row", PLAN.title).await?;
        app.settle().await;
        app.screenshot("restart-van-ban").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}

/// (e) Sample data can also be loaded later, from the settings screen.
#[tokio::test]
async fn e_sample_data_from_settings() -> Result<()> {
    let data = TempData::new("settings-demo")?;
    let app = App::launch(&data, "settings-demo").await?;
    let result = async {
        set_up_office(&app).await?;
        app.go("cai-dat").await?;
        app.click("settings-demo").await?;
        app.wait("demo-done").await?;
        app.expect_no_error("after loading the sample data from settings").await?;
        app.settle().await;
        app.screenshot("settings-demo-done").await?;
        app.go("van-ban").await?;
        app.wait_count("doc-row", 3).await?;
        // The office set up by hand stays the own office.
        app.wait_text("own-office-name", OFFICE_NAME).await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}
