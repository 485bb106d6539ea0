//! Embeds the UI and generates the permission set of the app's own commands: only the commands
//! listed here can be called, and only by windows whose capability grants them.

/// Every `#[tauri::command]` of the shell; keep in step with `generate_handler!` in `src/lib.rs`
/// and with `capabilities/main.json`.
const COMMANDS: &[&str] = &[
    "store_info",
    "setup_own_office",
    "list_offices",
    "add_office",
    "update_office",
    "delete_office",
    "set_level_names",
    "list_doc_kinds",
    "list_documents",
    "get_document",
    "create_document",
    "update_document",
    "delete_document",
    "search_documents",
    "attach_file",
    "open_attachment",
    "load_demo",
    "write_checklist",
    "attach_report_file_from",
    "checklist_preview",
    "save_checklist",
    "startup_notice",
    "export_bundle",
    "export_setup_bundle",
    "pick_bundle",
    "preview_bundle",
    "import_bundle",
    "import_log",
    "own_key",
    "pinned_keys",
    "rotate_key",
    "dashboard",
    "reminders",
    "list_tasks",
    "add_task",
    "update_task",
    "delete_task",
    "list_deadlines",
    "get_deadline",
    "pass_down",
    "default_pass_down_date",
    "get_report",
    "record_report",
    "update_report",
    "delete_report",
    "attach_report_file",
    "matrix",
    "rates_by_month",
    "tracking_settings",
    "set_tracking_settings",
    "calendar_exceptions",
    "set_calendar_exception",
    "remove_calendar_exception",
    "public_holidays",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: check tauri.conf.json and capabilities/");
}
