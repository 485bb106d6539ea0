//! The window never waits for the store: a command's store work runs on a blocking thread, not the
//! thread that called it (for a real command, the main thread that draws the window), and while a
//! long piece of work holds the store that thread is free to answer something else. A guard below
//! keeps every command that can touch the store or the disk `async`, since Tauri runs a plain `fn`
//! command on the main thread.

use std::sync::mpsc;
use std::time::Duration;

use crate::state::AppStore;

fn open_store(dir: &tempfile::TempDir) -> AppStore {
    AppStore::open(&dir.path().join("sokehoach.db"), &dir.path().join("may"))
}

#[test]
fn store_work_runs_on_another_thread_than_the_caller() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = open_store(&dir);
    let caller = std::thread::current().id();
    let (worker, info) = tauri::async_runtime::block_on(store.run(|s| Ok((std::thread::current().id(), s.info()?))))
        .expect("the store answers");
    assert_ne!(worker, caller, "the store work must not run on the calling thread");
    assert!(info.database_path.ends_with("sokehoach.db"), "the work really reached the store: {info:?}");
}

#[test]
fn the_caller_answers_while_a_long_store_call_is_still_running() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = open_store(&dir);
    let (release, wait) = mpsc::channel::<()>();
    let (started_tx, started) = mpsc::channel::<()>();
    tauri::async_runtime::block_on(async {
        // A "long import": it holds the store until the caller says it has answered something else.
        let long = store.run(move |_| {
            started_tx.send(()).ok();
            Ok(wait.recv_timeout(Duration::from_secs(10)).is_ok())
        });
        let meanwhile = async {
            // Had the long call run on this thread, it would still be waiting and this never start.
            started.recv_timeout(Duration::from_secs(10)).expect("the long call began");
            // The caller still answers: a command that does not need the store completes now.
            let notice = store.take_notice();
            release.send(()).expect("the long call is still waiting");
            notice
        };
        let (released, _notice) = futures_join(long, meanwhile).await;
        assert!(matches!(released, Ok(true)), "the caller answered while the long store call was running: {released:?}");
    });
}

/// Both futures polled together on the calling task (a minimal join, to need no extra crate).
async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    let mut out_a = None;
    let mut out_b = None;
    std::future::poll_fn(|cx| {
        if out_a.is_none()
            && let std::task::Poll::Ready(v) = a.as_mut().poll(cx)
        {
            out_a = Some(v);
        }
        if out_b.is_none()
            && let std::task::Poll::Ready(v) = b.as_mut().poll(cx)
        {
            out_b = Some(v);
        }
        if out_a.is_some() && out_b.is_some() { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    (out_a.expect("first future done"), out_b.expect("second future done"))
}

/// The commands that may stay a plain `fn`: they read neither the store nor the disk.
const PURE_COMMANDS: &[&str] = &["list_doc_kinds", "startup_notice", "public_holidays"];

#[test]
fn every_command_that_can_touch_the_store_or_the_disk_is_async() {
    let sources = [
        include_str!("commands/checklists.rs"),
        include_str!("commands/deadlines.rs"),
        include_str!("commands/documents.rs"),
        include_str!("commands/exchange.rs"),
        include_str!("commands/offices.rs"),
        include_str!("commands/plan_import.rs"),
        include_str!("commands/reports.rs"),
        include_str!("commands/store.rs"),
        include_str!("commands/tasks.rs"),
        include_str!("commands/tracking.rs"),
        include_str!("commands/wording.rs"),
    ];
    let mut sync = Vec::new();
    let mut commands = 0;
    for source in sources {
        let mut lines = source.lines();
        while let Some(line) = lines.next() {
            if line.trim() != "#[tauri::command]" {
                continue;
            }
            let signature = lines.by_ref().find(|l| l.trim_start().starts_with("pub ")).unwrap_or_default();
            commands += 1;
            let name = signature.split("fn ").nth(1).and_then(|rest| rest.split('(').next()).unwrap_or_default();
            if !signature.contains("pub async fn") && !PURE_COMMANDS.contains(&name) {
                sync.push(name.to_string());
            }
        }
    }
    assert!(commands > 55, "the guard found the commands ({commands})");
    assert!(sync.is_empty(), "these commands would run on the main thread and freeze the window: {sync:?}");
}
