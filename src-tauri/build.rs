//! Embeds the UI and generates the permission set of the app's own commands: only the commands
//! listed here can be called, and only by windows whose capability grants them.
//!
//! The list of commands is read from `generate_handler!` in `src/lib.rs`, the one place that
//! names them, and `capabilities/main.json` must grant exactly those: a command added to the
//! handler but not to the capability would fail on screen with "not allowed", so the build
//! stops here instead and says which line to add.

use std::collections::BTreeSet;
use std::fs;

/// The command names inside `tauri::generate_handler![ … ]`: the last segment of each path.
fn handler_commands(lib_rs: &str) -> Vec<String> {
    let start = lib_rs
        .find("generate_handler![")
        .expect("src/lib.rs has no tauri::generate_handler![…]")
        + "generate_handler![".len();
    let end = start + lib_rs[start..].find(']').expect("generate_handler![ is not closed");
    lib_rs[start..end]
        .split(',')
        .map(|path| path.trim())
        .filter(|path| !path.is_empty() && !path.starts_with("//"))
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_string())
        .collect()
}

/// The `allow-…` permissions the capability grants, turned back into command names.
fn granted_commands(capability: &str) -> BTreeSet<String> {
    capability
        .split('"')
        .filter_map(|word| word.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=src/lib.rs");
    println!("cargo:rerun-if-changed=capabilities/main.json");
    let lib_rs = fs::read_to_string("src/lib.rs").expect("src/lib.rs is readable");
    let commands = handler_commands(&lib_rs);
    let capability =
        fs::read_to_string("capabilities/main.json").expect("capabilities/main.json is readable");
    let granted = granted_commands(&capability);
    let listed: BTreeSet<String> = commands.iter().cloned().collect();
    let missing: Vec<_> = listed.difference(&granted).map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    let stale: Vec<_> = granted.difference(&listed).map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "capabilities/main.json does not match generate_handler! in src/lib.rs: \
         add {missing:?}, remove {stale:?}"
    );
    // The manifest keeps `'static` names; a build script runs once, so the list is leaked.
    let names: &'static [&'static str] = Vec::leak(
        commands.into_iter().map(|name| &*String::leak(name)).collect(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri-build failed: check tauri.conf.json and capabilities/");
}
