//! The native "save as" dialog every command that writes a file the user keeps opens first: one
//! place for the dialog, so each command only names its title, file name and file types.

use std::path::PathBuf;

/// Asks where to save a file, offering `file_name` and the `filters` (name, extensions); `None`
/// when the user cancels.
pub(crate) async fn save_target(title: &str, file_name: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf> {
    let mut dialog = rfd::AsyncFileDialog::new().set_title(title).set_file_name(file_name);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(*name, extensions);
    }
    dialog.save_file().await.map(|file| file.path().to_path_buf())
}
