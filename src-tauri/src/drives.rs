//! The removable drives (USB sticks) plugged in now. Most exports go straight to the stick, so
//! the exchange screen offers "Lưu vào ổ USB …" for each of them before any folder picker.

use std::path::PathBuf;

use serde::Serialize;
use sysinfo::Disks;
use ts_rs::TS;

/// A removable drive someone can write a bundle to.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RemovableDrive {
    /// Where it is mounted ("E:\" on Windows, "/media/…" on Linux).
    pub path: String,
    /// The volume name, or the mount point when it has none.
    pub label: String,
    #[ts(type = "number")]
    pub available_bytes: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
}

/// The writable removable drives, in mount-point order; empty where the platform does not tell.
pub fn removable_drives() -> Vec<RemovableDrive> {
    // A platform that cannot list its disks offers none: the folder picker remains.
    let Ok(disks) = Disks::new_with_refreshed_list() else {
        return Vec::new();
    };
    let mut drives: Vec<RemovableDrive> = disks
        .iter()
        .filter(|d| d.is_removable() && !d.is_read_only())
        .map(|d| {
            let path = d.mount_point().display().to_string();
            let name = d.name().to_string_lossy().trim().to_string();
            // Linux names a disk by its device ("/dev/sdb1"): the folder it is mounted on says more.
            let label = if name.is_empty() || name.starts_with("/dev/") {
                folder_name(d.mount_point().to_path_buf())
            } else {
                name
            };
            RemovableDrive {
                path,
                label,
                available_bytes: d.available_space(),
                total_bytes: d.total_space(),
            }
        })
        .collect();
    drives.sort_by(|a, b| a.path.cmp(&b.path));
    drives
}

fn folder_name(path: PathBuf) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
