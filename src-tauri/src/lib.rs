//! The Tauri shell of Sổ Kế Hoạch: opens the store, registers the commands and the window.
//! Everything the application knows lives in `sokehoach-core`; commands here only adapt it to IPC.

mod commands;
mod drives;
mod error;
mod state;

#[cfg(test)]
mod off_main_thread_tests;

use tauri::Manager;

use crate::state::AppStore;

/// Runs the application until its window closes.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let path = state::database_path(app.handle())?;
            app.manage(AppStore::open(&path, &state::marker_dir(app.handle())?));
            // Today's backup copy, beside the open store so the window does not wait for it.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                let today = chrono::Local::now().date_naive();
                if let Err(error) = sokehoach_core::store::backup::daily_backup_of(&path, today) {
                    handle.state::<AppStore>().add_notice(format!(
                        "Chưa sao lưu được dữ liệu hôm nay ({error}). Sổ sẽ thử lại ở lần mở sau."
                    ));
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::store::store_info,
            commands::store::load_demo,
            commands::store::startup_notice,
            commands::offices::setup_own_office,
            commands::offices::list_offices,
            commands::offices::add_office,
            commands::offices::update_office,
            commands::offices::delete_office,
            commands::offices::reorganise_offices,
            commands::offices::set_level_names,
            commands::offices::save_office_template,
            commands::offices::write_office_template,
            commands::offices::pick_office_sheet,
            commands::offices::preview_office_sheet,
            commands::offices::import_office_sheet,
            commands::documents::list_doc_kinds,
            commands::documents::list_documents,
            commands::documents::get_document,
            commands::documents::create_document,
            commands::documents::update_document,
            commands::documents::delete_document,
            commands::documents::search_documents,
            commands::documents::attach_file,
            commands::documents::open_attachment,
            commands::exchange::export_bundle,
            commands::exchange::removable_drives,
            commands::exchange::export_setup_bundle,
            commands::exchange::export_recovery_bundle,
            commands::exchange::pending_recovery,
            commands::exchange::reissue_key,
            commands::exchange::pick_bundle,
            commands::exchange::preview_bundle,
            commands::exchange::import_bundle,
            commands::exchange::import_log,
            commands::exchange::own_key,
            commands::exchange::pinned_keys,
            commands::exchange::rotate_key,
            commands::exchange::record_conflicts,
            commands::exchange::refused_records,
            commands::exchange::resolve_conflict,
            commands::checklists::checklist_preview,
            commands::checklists::save_checklist,
            commands::checklists::write_checklist,
            commands::checklists::save_table_xlsx,
            commands::checklists::write_table_xlsx,
            commands::reports::attach_report_file_from,
            commands::plan_import::pick_plan_file,
            commands::plan_import::draft_plan_file,
            commands::plan_import::draft_plan_text,
            commands::plan_import::save_drafted_plan,
            commands::tracking::dashboard,
            commands::tracking::reminders,
            commands::tasks::list_tasks,
            commands::tasks::add_task,
            commands::tasks::update_task,
            commands::tasks::delete_task,
            commands::deadlines::list_deadlines,
            commands::deadlines::count_deadlines,
            commands::deadlines::get_deadline,
            commands::tasks::pass_down,
            commands::tasks::default_pass_down_date,
            commands::reports::get_report,
            commands::reports::record_report,
            commands::reports::update_report,
            commands::reports::delete_report,
            commands::reports::attach_report_file,
            commands::reports::report_outline,
            commands::reports::set_report_outline,
            commands::reports::pick_outline_file,
            commands::reports::save_report_skeleton,
            commands::reports::write_report_skeleton,
            commands::reports::synthesis_request_of,
            commands::reports::save_compiled_reports,
            commands::reports::write_compiled_reports,
            commands::tracking::matrix,
            commands::tracking::rates_by_month,
            commands::deadlines::tracking_settings,
            commands::deadlines::set_tracking_settings,
            commands::deadlines::calendar_exceptions,
            commands::deadlines::set_calendar_exception,
            commands::deadlines::remove_calendar_exception,
            commands::deadlines::public_holidays,
            commands::wording::describe_rules,
            commands::backup::list_backups,
            commands::backup::pick_backup_folder,
            commands::backup::backup_full,
            commands::backup::restore_backup,
            commands::backup::backup_reminder_days,
            commands::backup::set_backup_reminder_days,
            commands::backup::backup_reminder,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Sổ Kế Hoạch không khởi động được: {error}");
        std::process::exit(1);
    }
}
