//! Key–value settings of this installation. Every key the program keeps is a [`Setting`], so a
//! key is spelt once and a typo cannot make a second, silent setting.

use std::borrow::Cow;

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::ids::OfficeId;

/// A setting and the key it is stored under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    /// The office this installation belongs to.
    OwnOffice,
    /// The change counter every write takes its `change_seq` from (see [`super::next_seq`]).
    ChangeSeq,
    /// This installation's own random id (a copied data folder is told apart by it).
    Installation,
    /// The last change of this office's signing key, as JSON.
    KeyRotation,
    /// The day up to which recurring deadlines are expanded.
    InstancesUntil,
    /// How many days before a deadline it shows as due soon.
    DueSoonDays,
    /// The working days a deadline passed down comes before the one above.
    PassDownWorkingDays,
    /// When the last complete backup that leaves the machine was made (RFC 3339).
    LastFullBackup,
    /// After how many days without such a backup the program reminds the office.
    BackupReminderDays,
    /// The recovery bundle this installation was set up from, until the parent reissued our key.
    RecoveredFrom,
    /// The installation id an office's bundles last came from.
    PeerInstallation(OfficeId),
    /// The last key change announced by an office, as JSON.
    PeerRotation(OfficeId),
}

/// The prefix of [`Setting::PeerInstallation`] keys (a query joins on it).
pub(crate) const PEER_INSTALLATION_PREFIX: &str = "peer_installation:";

impl Setting {
    pub(crate) fn key(self) -> Cow<'static, str> {
        match self {
            Setting::OwnOffice => "own_office_id".into(),
            Setting::ChangeSeq => "change_seq".into(),
            Setting::Installation => "installation_id".into(),
            Setting::KeyRotation => "key_rotation".into(),
            Setting::InstancesUntil => "instances_until".into(),
            Setting::DueSoonDays => "due_soon_days".into(),
            Setting::PassDownWorkingDays => "pass_down_working_days".into(),
            Setting::LastFullBackup => "last_full_backup".into(),
            Setting::BackupReminderDays => "backup_reminder_days".into(),
            Setting::RecoveredFrom => "recovered_from".into(),
            Setting::PeerInstallation(office) => format!("{PEER_INSTALLATION_PREFIX}{office}").into(),
            Setting::PeerRotation(office) => format!("peer_rotation:{office}").into(),
        }
    }
}

pub(crate) fn get(conn: &Connection, setting: Setting) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([setting.key()], |row| row.get(0))
        .optional()?)
}

pub(crate) fn set(conn: &Connection, setting: Setting, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![setting.key(), value])?;
    Ok(())
}

pub(crate) fn remove(conn: &Connection, setting: Setting) -> Result<()> {
    conn.prepare_cached("DELETE FROM settings WHERE key = ?1")?.execute([setting.key()])?;
    Ok(())
}
