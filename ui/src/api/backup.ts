// Backups off the machine and restore: the screen "Sao lưu và khôi phục". Contract: docs/ipc.md,
// "Backup commands"; what an office does when a laptop is lost: docs/backup-and-recovery.md.

import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { call, insideShell } from "./call";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BackupProgress } from "./bindings/BackupProgress";
import type { RestoreOutcome } from "./bindings/RestoreOutcome";

export type { BackupInfo } from "./bindings/BackupInfo";
export type { BackupProgress } from "./bindings/BackupProgress";
export type { RestoreOutcome } from "./bindings/RestoreOutcome";

/** The event the shell emits while a backup or a restore runs. */
export const BACKUP_PROGRESS_EVENT = "backup-progress";

/** Runs `work` with `onProgress` receiving the progress events; the listener goes afterwards. */
async function withProgress<T>(onProgress: ((p: BackupProgress) => void) | undefined, work: () => Promise<T>): Promise<T> {
  let unlisten: UnlistenFn | null = null;
  if (onProgress && insideShell()) {
    try {
      unlisten = await listen<BackupProgress>(BACKUP_PROGRESS_EVENT, (event) => onProgress(event.payload));
    } catch {
      unlisten = null;
    }
  }
  try {
    return await work();
  } finally {
    unlisten?.();
  }
}

/** The backups beside the database, on every USB stick plugged in, and in `folders`; newest first. */
export function listBackups(folders: string[] = []): Promise<BackupInfo[]> {
  return call<BackupInfo[]>("list_backups", { folders });
}

/** A folder picked in the system dialog; `null` when cancelled. */
export function pickBackupFolder(): Promise<string | null> {
  return call<string | null>("pick_backup_folder");
}

/** Writes a complete backup into the SoKeHoach-SaoLuu folder of `folder` (a stick or any folder). Returns its path. */
export function backupFull(folder: string, passphrase: string, onProgress?: (p: BackupProgress) => void): Promise<string> {
  return withProgress(onProgress, () => call<string>("backup_full", { folder, passphrase }));
}

/** Replaces the store with the backup at `path`; the store as it was is kept aside. */
export function restoreBackup(path: string, passphrase: string | null, onProgress?: (p: BackupProgress) => void): Promise<RestoreOutcome> {
  return withProgress(onProgress, () => call<RestoreOutcome>("restore_backup", { path, passphrase }));
}

export function backupReminderDays(): Promise<number> {
  return call<number>("backup_reminder_days");
}

export function setBackupReminderDays(days: number): Promise<void> {
  return call<void>("set_backup_reminder_days", { days });
}

/** The reminder to back up off the machine, when one is due. */
export function backupReminder(): Promise<string | null> {
  return call<string | null>("backup_reminder");
}
