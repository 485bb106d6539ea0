//! Drives the real desktop app through WebDriver: `tauri-driver` (a proxy that turns
//! `tauri:options` into WebKitGTK options) in front of `WebKitWebDriver`, which launches the built
//! app (`target/debug/sokehoach`) with automation enabled.
//!
//! One [`App`] is one WebDriver session, i.e. one run of the app, with its own `tauri-driver`
//! on free ports. Sessions never overlap (the test binary runs with `--test-threads=1`).
//! [`App::quit`] ends the session, which closes the app; launching again on the same
//! [`TempData`] is a restart on the same database.
//!
//! Clean-up does not depend on the test passing: `tauri-driver` runs in its own process group,
//! and the guard's `Drop` kills that group (`tauri-driver`, `WebKitWebDriver` and the app they
//! started) plus any app process still using this test's temporary folder.
//!
//! Environment knobs: `SKH_APP` (app binary), `TAURI_DRIVER`, `WEBKIT_WEBDRIVER`,
//! `SKH_E2E_TIMEOUT_SECS` (per wait, default 20).

use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;
use serde_json::{Value, json};
use sokehoach_tests::{TempData, artifacts_dir, target_dir, workspace_root};

/// How long one wait (for an element, a text, a process) may take before the test fails.
fn wait_timeout() -> Duration {
    let secs = std::env::var("SKH_E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

const POLL: Duration = Duration::from_millis(150);

/// The CSS selector of a `data-testid` hook.
fn by_testid(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

/// `artifacts/e2e/`, where screenshots, page dumps and driver logs go.
pub fn artifacts() -> Result<PathBuf> {
    artifacts_dir("e2e")
}

// ---------------------------------------------------------------------------------------------
// Locating the programs

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn tauri_driver_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return Ok(path.into());
    }
    if let Some(path) = find_on_path("tauri-driver") {
        return Ok(path);
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    if let Some(path) = cargo_home.map(|home| home.join("bin/tauri-driver"))
        && path.is_file()
    {
        return Ok(path);
    }
    bail!("tauri-driver not found on PATH or in ~/.cargo/bin: run `cargo install tauri-driver --locked` (scripts/setup-debian.sh does)")
}

fn native_driver_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("WEBKIT_WEBDRIVER") {
        return Ok(path.into());
    }
    let default = PathBuf::from("/usr/bin/WebKitWebDriver");
    if default.is_file() {
        return Ok(default);
    }
    find_on_path("WebKitWebDriver").ok_or_else(|| {
        anyhow!("WebKitWebDriver not found: apt-get install webkit2gtk-driver (scripts/setup-debian.sh does)")
    })
}

/// The app binary under test: `$SKH_APP`, else `<target>/debug/sokehoach`.
pub fn app_path() -> Result<PathBuf> {
    let path = match std::env::var_os("SKH_APP") {
        Some(path) => PathBuf::from(path),
        None => target_dir().join("debug/sokehoach"),
    };
    if !path.is_file() {
        bail!(
            "{} does not exist: build the UI and the app first \
             (`npm --prefix ui run build && cargo build -p sokehoach`; scripts/test.sh does both)",
            path.display()
        );
    }
    // The shell embeds ui/dist when it is compiled; a UI rebuilt after the app is not tested.
    let index = workspace_root().join("ui/dist/index.html");
    if let (Ok(app), Ok(ui)) = (path.metadata(), index.metadata())
        && let (Ok(app_time), Ok(ui_time)) = (app.modified(), ui.modified())
        && ui_time > app_time
    {
        eprintln!(
            "warning: ui/dist is newer than {}; the app may embed an older UI (rebuild it with cargo build -p sokehoach)",
            path.display()
        );
    }
    Ok(path)
}

/// The database named by `SKH_DB` in the app's environment: never the one the tests use.
pub fn env_db_path(data: &TempData) -> PathBuf {
    data.dir().join("from-env.db")
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("looking for a free TCP port")?;
    Ok(listener.local_addr()?.port())
}

fn listening(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

/// The last `max` bytes of a log file, for error messages.
fn log_tail(path: &Path, max: u64) -> String {
    let Ok(mut file) = File::open(path) else {
        return String::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(max)));
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Process ids of app processes started for this test: those whose command line mentions the
/// test's own temporary folder (the `--db` argument).
fn app_pids(app: &Path, data_dir: &Path) -> Vec<i32> {
    let app = app.to_string_lossy();
    let data_dir = data_dir.to_string_lossy();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|raw| {
                let cmdline = String::from_utf8_lossy(&raw);
                cmdline.contains(app.as_ref()) && cmdline.contains(data_dir.as_ref())
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// tauri-driver, owned

/// A running `tauri-driver` in its own process group; killed with everything it started on drop.
#[derive(Debug)]
struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
    app: PathBuf,
    data_dir: PathBuf,
}

impl Driver {
    fn spawn(label: &str, app: &Path, data: &TempData) -> Result<Self> {
        let program = tauri_driver_path()?;
        let native = native_driver_path()?;
        let port = free_port()?;
        let mut native_port = free_port()?;
        while native_port == port {
            native_port = free_port()?;
        }
        let logs = artifacts()?.join("logs");
        std::fs::create_dir_all(&logs)?;
        let log = logs.join(format!("{label}.log"));
        let out = File::options().create(true).append(true).open(&log)?;
        let err = out.try_clone()?;

        // Keep the app's files inside the test folder even if it ignored --db: SKH_DB for the
        // database, XDG_* for WebKit caches and anything else it writes. SKH_DB names another
        // file than --db, so a test can tell that the option arrived and won.
        let xdg = data.dir().join("xdg");
        let mut command = Command::new(&program);
        command
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .arg("--native-driver")
            .arg(&native)
            .env("SKH_DB", env_db_path(data))
            .env("XDG_DATA_HOME", xdg.join("data"))
            .env("XDG_CACHE_HOME", xdg.join("cache"))
            .env("XDG_CONFIG_HOME", xdg.join("config"))
            .env("NO_AT_BRIDGE", "1")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0);
        let child = command
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let mut driver = Self {
            child,
            port,
            log,
            app: app.to_path_buf(),
            data_dir: data.dir().to_path_buf(),
        };

        let deadline = Instant::now() + wait_timeout();
        while !(listening(port) && listening(native_port)) {
            if let Some(status) = driver.child.try_wait()? {
                bail!(
                    "tauri-driver exited early ({status}); its log:\n{}",
                    log_tail(&driver.log, 4000)
                );
            }
            if Instant::now() > deadline {
                bail!(
                    "tauri-driver did not listen on ports {port}/{native_port} within {:?}; its log:\n{}",
                    wait_timeout(),
                    log_tail(&driver.log, 4000)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn pgid(&self) -> Pid {
        // process_group(0) made the child the leader of a group with its own pid.
        Pid::from_raw(i32::try_from(self.child.id()).unwrap_or(i32::MAX))
    }

    /// Waits for the app processes of this test to exit by themselves.
    async fn wait_app_exit(&self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            if app_pids(&self.app, &self.data_dir).is_empty() {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Ask politely: tauri-driver kills WebKitWebDriver on SIGTERM.
        let _ = killpg(self.pgid(), Signal::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Then make sure: the whole group, and any app process of this test that left it.
        let _ = killpg(self.pgid(), Signal::SIGKILL);
        for pid in app_pids(&self.app, &self.data_dir) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// The app under test

/// What [`App::snapshot`] reports about one element.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Shown {
    /// `innerText`, trimmed: the text as rendered, line breaks included.
    pub text: String,
    /// Laid out with a non-empty box, not `visibility: hidden`, not fully transparent.
    pub visible: bool,
}

/// One run of the app (one WebDriver session) on a test's database.
#[derive(Debug)]
pub struct App {
    label: String,
    // Declared before `driver` so the session handle is dropped before the driver is killed.
    client: Client,
    driver: Driver,
}

impl App {
    /// Starts `tauri-driver`, which starts the app with `--db <data>/skh.db`, and waits for the
    /// first page to be loaded. `label` names the log and failure files.
    pub async fn launch(data: &TempData, label: &str) -> Result<Self> {
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            bail!("no display: run the e2e tests under `xvfb-run -a` (scripts/test.sh does)");
        }
        let app = app_path()?;
        let driver = Driver::spawn(label, &app, data)?;

        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({
                "application": app,
                "args": ["--db", data.db_path()],
            }),
        );

        // The native driver may take a moment after its port opens; retry only while the
        // server cannot be reached, never after it refused the session.
        let deadline = Instant::now() + wait_timeout();
        let client = loop {
            let attempt = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&driver.url())
                .await;
            match attempt {
                Ok(client) => break client,
                Err(
                    error @ (fantoccini::error::NewSessionError::Failed(_)
                    | fantoccini::error::NewSessionError::FailedC(_)
                    | fantoccini::error::NewSessionError::Lost(_)),
                ) if Instant::now() < deadline => {
                    eprintln!("[{label}] WebDriver not ready yet ({error}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(error) => {
                    return Err(anyhow!(error)).with_context(|| {
                        format!(
                            "opening a WebDriver session for {} (log: {}):\n{}",
                            app.display(),
                            driver.log.display(),
                            log_tail(&driver.log, 4000)
                        )
                    });
                }
            }
        };

        let app = Self {
            label: label.to_owned(),
            client,
            driver,
        };
        // A fixed size makes screenshots comparable; not every driver supports it.
        if let Err(error) = app.client.set_window_size(1280, 800).await {
            eprintln!("[{label}] could not resize the window: {error}");
        }
        app.wait_until_loaded().await?;
        Ok(app)
    }

    async fn wait_until_loaded(&self) -> Result<()> {
        let deadline = Instant::now() + wait_timeout();
        loop {
            let state = self
                .client
                .execute("return document.readyState", vec![])
                .await
                .ok();
            if state.as_ref().and_then(Value::as_str) == Some("complete") {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("the app's page did not finish loading (readyState {state:?})");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Ends the session, which closes the app, and waits until the app process is gone (so a
    /// following [`App::launch`] on the same data really is a restart).
    pub async fn quit(self) -> Result<()> {
        let Self {
            label,
            client,
            driver,
        } = self;
        let closed = client.close().await;
        let exited = driver.wait_app_exit(Duration::from_secs(10)).await;
        let leftovers = app_pids(&driver.app, &driver.data_dir);
        drop(driver); // kills tauri-driver, WebKitWebDriver and any leftover app process
        closed.with_context(|| format!("[{label}] closing the WebDriver session"))?;
        if !exited {
            bail!("[{label}] the app did not exit within 10 s after the session was closed (pids {leftovers:?})");
        }
        Ok(())
    }

    /// Ends a test: on error, saves `failure-<label>.png` and `.html` next to the screenshots
    /// and adds the driver log's tail to the error; then quits the app either way.
    pub async fn finish(self, result: Result<()>) -> Result<()> {
        let Err(error) = result else {
            return self.quit().await;
        };
        let mut notes = Vec::new();
        match self.screenshot(&format!("failure-{}", self.label)).await {
            Ok(path) => notes.push(format!("screenshot: {}", path.display())),
            Err(e) => notes.push(format!("no screenshot: {e:#}")),
        }
        if let Ok(html) = self.client.source().await
            && let Ok(dir) = artifacts()
        {
            let path = dir.join(format!("failure-{}.html", self.label));
            if std::fs::write(&path, html).is_ok() {
                notes.push(format!("page source: {}", path.display()));
            }
        }
        if let Some(banner) = self.error_banner().await {
            notes.push(format!("error banner shown: {banner:?}"));
        }
        let log = self.driver.log.clone();
        let _ = self.quit().await;
        notes.push(format!("driver/app log {}:\n{}", log.display(), log_tail(&log, 3000)));
        Err(error.context(notes.join("\n")))
    }

    // --- finding ------------------------------------------------------------------------------
    //
    // Texts and visibility are read with one script per query rather than WebDriver's "Get Element
    // Text" / "Is Element Displayed": those use Selenium's visibility atom, which calls an element
    // with `overflow: hidden` (e.g. an ellipsised header) invisible and its text "", although it
    // is plainly on screen. The script asks the browser's own layout instead.

    /// All elements with this `data-testid` now (possibly none), as WebDriver elements.
    pub async fn all(&self, testid: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(&by_testid(testid))).await?)
    }

    /// Text (`innerText`, as rendered) and visibility of every element with this `data-testid`,
    /// in document order.
    pub async fn snapshot(&self, testid: &str) -> Result<Vec<Shown>> {
        const SCRIPT: &str = r#"
            const visible = (e) => {
                if (typeof e.checkVisibility === "function"
                    && !e.checkVisibility({ visibilityProperty: true, opacityProperty: true })) {
                    return false;
                }
                const r = e.getBoundingClientRect();
                return r.width > 0 && r.height > 0;
            };
            return [...document.querySelectorAll(arguments[0])].map((e) => ({
                text: (e.innerText ?? e.textContent ?? "").trim(),
                visible: visible(e),
            }));
        "#;
        let value = self
            .client
            .execute(SCRIPT, vec![json!(by_testid(testid))])
            .await
            .with_context(|| format!("reading [data-testid={testid}]"))?;
        Ok(serde_json::from_value(value)?)
    }

    /// The rendered texts of all elements with this `data-testid` now.
    pub async fn texts(&self, testid: &str) -> Result<Vec<String>> {
        Ok(self.snapshot(testid).await?.into_iter().map(|shown| shown.text).collect())
    }

    /// Waits for a visible element with this `data-testid`.
    pub async fn wait(&self, testid: &str) -> Result<Element> {
        let deadline = Instant::now() + wait_timeout();
        loop {
            let shown = self.snapshot(testid).await.unwrap_or_default();
            if let Some(index) = shown.iter().position(|s| s.visible) {
                // The page may re-render between the two calls; then just try again.
                if let Some(element) = self.all(testid).await.unwrap_or_default().into_iter().nth(index) {
                    return Ok(element);
                }
            }
            if Instant::now() > deadline {
                bail!(
                    "no visible [data-testid={testid}] after {:?} ({} hidden)",
                    wait_timeout(),
                    shown.len()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until at least `min` elements with this `data-testid` exist; returns their texts.
    pub async fn wait_count(&self, testid: &str, min: usize) -> Result<Vec<String>> {
        let deadline = Instant::now() + wait_timeout();
        loop {
            let texts = self.texts(testid).await.unwrap_or_default();
            if texts.len() >= min {
                return Ok(texts);
            }
            if Instant::now() > deadline {
                bail!(
                    "expected at least {min} [data-testid={testid}], found {} after {:?}: {texts:?}",
                    texts.len(),
                    wait_timeout()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until no element with this `data-testid` exists.
    pub async fn wait_none(&self, testid: &str) -> Result<()> {
        let deadline = Instant::now() + wait_timeout();
        loop {
            let texts = self.texts(testid).await.unwrap_or_default();
            if texts.is_empty() {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("[data-testid={testid}] still present after {:?}: {texts:?}", wait_timeout());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until some element with this `data-testid` has a text containing `needle`;
    /// returns that text.
    pub async fn wait_text(&self, testid: &str, needle: &str) -> Result<String> {
        let deadline = Instant::now() + wait_timeout();
        loop {
            let texts = self.texts(testid).await.unwrap_or_default();
            if let Some(text) = texts.iter().find(|text| text.contains(needle)) {
                return Ok(text.clone());
            }
            if Instant::now() > deadline {
                bail!(
                    "no [data-testid={testid}] containing {needle:?} after {:?}; texts: {texts:?}",
                    wait_timeout()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the element with this `data-testid` shows a whole number of at least `min`
    /// (e.g. a counter that says "…" while loading); returns it.
    pub async fn wait_number(&self, testid: &str, min: u64) -> Result<u64> {
        let deadline = Instant::now() + wait_timeout();
        loop {
            let texts = self.texts(testid).await.unwrap_or_default();
            // Vietnamese writes thousands as 1.234.
            let number = texts
                .iter()
                .find_map(|text| text.trim().replace('.', "").parse::<u64>().ok());
            if let Some(number) = number
                && number >= min
            {
                return Ok(number);
            }
            if Instant::now() > deadline {
                bail!(
                    "[data-testid={testid}] did not show a number >= {min} within {:?}; texts: {texts:?}",
                    wait_timeout()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until one of these `data-testid`s is visible; returns which.
    pub async fn wait_any<'a>(&self, testids: &[&'a str]) -> Result<&'a str> {
        let deadline = Instant::now() + wait_timeout();
        loop {
            for testid in testids {
                let shown = self.snapshot(testid).await.unwrap_or_default();
                if shown.iter().any(|s| s.visible) {
                    return Ok(testid);
                }
            }
            if Instant::now() > deadline {
                bail!("none of {testids:?} became visible within {:?}", wait_timeout());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The text of the visible `error-banner`, if one is shown.
    pub async fn error_banner(&self) -> Option<String> {
        let shown = self.snapshot("error-banner").await.ok()?;
        shown.into_iter().find(|s| s.visible).map(|s| s.text)
    }

    /// Fails when an `error-banner` is visible.
    pub async fn expect_no_error(&self, during: &str) -> Result<()> {
        match self.error_banner().await {
            Some(text) => bail!("error banner shown {during}: {text:?}"),
            None => Ok(()),
        }
    }

    // --- acting -------------------------------------------------------------------------------

    /// Clicks the visible element with this `data-testid`, retrying while it is being rendered.
    pub async fn click(&self, testid: &str) -> Result<()> {
        let deadline = Instant::now() + wait_timeout();
        loop {
            let element = self.wait(testid).await?;
            match element.click().await {
                Ok(()) => return Ok(()),
                Err(error) if Instant::now() < deadline => {
                    eprintln!("[{}] click on {testid} failed, retrying: {error}", self.label);
                    tokio::time::sleep(POLL).await;
                }
                Err(error) => return Err(error).with_context(|| format!("clicking {testid}")),
            }
        }
    }

    /// Replaces the value of an input or textarea by typing `text` into it. For a textarea,
    /// `\n` types new lines. Checks that the field ends up holding exactly `text`.
    pub async fn fill(&self, testid: &str, text: &str) -> Result<()> {
        let element = self.wait(testid).await?;
        element.clear().await.with_context(|| format!("clearing {testid}"))?;
        // WebKitWebDriver drops a literal "\n"; the Enter key makes a new line in a textarea.
        element
            .send_keys(&text.replace('\n', "\u{E007}"))
            .await
            .with_context(|| format!("typing into {testid}"))?;
        let value = element.prop("value").await?.unwrap_or_default();
        if value != text {
            bail!("typed {text:?} into [data-testid={testid}] but it holds {value:?}");
        }
        Ok(())
    }

    /// Whether the element with this `data-testid` is a `<textarea>` (multi-line field).
    pub async fn is_textarea(&self, testid: &str) -> Result<bool> {
        let element = self.wait(testid).await?;
        Ok(element.tag_name().await?.eq_ignore_ascii_case("textarea"))
    }

    /// Chooses the option of a `<select>` whose label is `label` (or, failing that, contains it).
    pub async fn select(&self, testid: &str, label: &str) -> Result<()> {
        let select = self.wait(testid).await?;
        let options = select.find_all(Locator::Css("option")).await?;
        let mut labels = Vec::new();
        let mut exact = None;
        let mut partial = None;
        for option in options {
            let text = option.text().await?.trim().to_owned();
            if text == label && exact.is_none() {
                exact = Some(option.clone());
            } else if text.contains(label) && partial.is_none() {
                partial = Some(option.clone());
            }
            labels.push(text);
        }
        let Some(option) = exact.or(partial) else {
            bail!("[data-testid={testid}] has no option {label:?}; options: {labels:?}");
        };
        let wanted = option.prop("value").await?.unwrap_or_default();
        option.click().await.with_context(|| format!("choosing {label:?} in {testid}"))?;
        let value = select.prop("value").await?.unwrap_or_default();
        if value != wanted {
            bail!("chose {label:?} (value {wanted:?}) in [data-testid={testid}] but its value is {value:?}");
        }
        Ok(())
    }

    /// Clicks `nav-<screen>` and waits for `screen-<screen>`.
    pub async fn go(&self, screen: &str) -> Result<()> {
        self.click(&format!("nav-{screen}")).await?;
        self.wait(&format!("screen-{screen}")).await?;
        Ok(())
    }

    /// Saves a PNG of the window as `artifacts/e2e/<name>.png`, after the webview has painted
    /// two frames: a snapshot taken right after a DOM change can show the frame before it.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        const PAINTED: &str = "const done = arguments[arguments.length - 1];\n\
                               requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.client
            .execute_async(PAINTED, vec![])
            .await
            .with_context(|| format!("waiting for a paint before screenshot {name}"))?;
        let png = self
            .client
            .screenshot()
            .await
            .with_context(|| format!("taking screenshot {name}"))?;
        let path = artifacts()?.join(format!("{name}.png"));
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }

    /// Scrolls the window so that the last element with this `data-testid` is in view, at `block`
    /// ("center", "end"): for a screenshot of what the user would scroll to.
    pub async fn scroll_to(&self, testid: &str, block: &str) -> Result<()> {
        let element = self.all(testid).await?.pop().with_context(|| format!("no [data-testid={testid}]"))?;
        let reference = serde_json::to_value(&element)?;
        self.client
            .execute(&format!("arguments[0].scrollIntoView({{ block: '{block}' }});"), vec![reference])
            .await
            .with_context(|| format!("scrolling to {testid}"))?;
        Ok(())
    }

    /// Lets pending renders settle (for screenshots; never needed for correctness).
    pub async fn settle(&self) {
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
}
