// Exchange with the office above and the direct sub-offices by a bundle file (.skh) on a USB
// stick: export, setup bundles, preview and import, the import log, signing keys and the start
// notice, and conflicts to resolve. Contract: docs/ipc.md, "Exchange commands"; format: docs/bundle-format.md.

import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { call, insideShell } from "./call";
import type { ConflictChoice } from "./bindings/ConflictChoice";
import type { ExportProgress } from "./bindings/ExportProgress";
import type { ExportResult } from "./bindings/ExportResult";
import type { ImportLogEntry } from "./bindings/ImportLogEntry";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { KeyInfo } from "./bindings/KeyInfo";
import type { OfficeId } from "./bindings/OfficeId";
import type { PinnedKey } from "./bindings/PinnedKey";
import type { RecordConflict } from "./bindings/RecordConflict";
import type { RefusedRecords } from "./bindings/RefusedRecords";
import type { ReissuedKey } from "./bindings/ReissuedKey";
import type { PickedBundle } from "./bindings/PickedBundle";
import type { RemovableDrive } from "./bindings/RemovableDrive";

/** The event the shell emits while a bundle is written. */
export const EXPORT_PROGRESS_EVENT = "export-progress";

// A bundle the user picked in the file dialog with what importing it would do, and a USB stick
// plugged in now: both generated from the shell's structs.
export type { PickedBundle } from "./bindings/PickedBundle";
export type { RemovableDrive } from "./bindings/RemovableDrive";

/** The writable removable drives, offered before the folder picker; empty where the platform does not tell. */
export function removableDrives(): Promise<RemovableDrive[]> {
  return call<RemovableDrive[]>("removable_drives");
}

/**
 * Writes a bundle for `recipient` (the parent or a direct sub-office) into `folder` (a removable
 * drive or a typed folder); without `folder` the shell first opens a folder picker, and `null`
 * means the user cancelled it. `onProgress` receives the `export-progress` events while the file
 * is written; the listener is removed afterwards, whatever the outcome.
 */
export async function exportBundle(
  recipient: OfficeId,
  onProgress?: (progress: ExportProgress) => void,
  folder?: string,
): Promise<ExportResult | null> {
  let unlisten: UnlistenFn | null = null;
  if (onProgress && insideShell()) {
    try {
      unlisten = await listen<ExportProgress>(EXPORT_PROGRESS_EVENT, (event) => onProgress(event.payload));
    } catch {
      // Without progress events the export still works; the bar just stays indeterminate.
      unlisten = null;
    }
  }
  try {
    return await call<ExportResult | null>("export_bundle", { recipient, folder: folder ?? null });
  } finally {
    unlisten?.();
  }
}

/**
 * Writes the setup bundle for a direct sub-office's new installation into `folder`, or into a
 * folder picked in a dialog when absent; `null` when the picker is cancelled.
 */
export function exportSetupBundle(office: OfficeId, folder?: string): Promise<ExportResult | null> {
  return call<ExportResult | null>("export_setup_bundle", { office, folder: folder ?? null });
}

/**
 * Writes the recovery bundle for a direct sub-office whose machine was lost (no backup) into
 * `folder`, or into a folder picked in a dialog when absent; `null` when the picker is cancelled.
 */
export function exportRecoveryBundle(office: OfficeId, folder?: string): Promise<ExportResult | null> {
  return call<ExportResult | null>("export_recovery_bundle", { office, folder: folder ?? null });
}

/**
 * "Cấp lại khóa": trusts the new key of the sub-office that sent the bundle at `path` (or at a
 * file picked in a dialog when absent), set up again from our recovery bundle; `null` when cancelled.
 */
export function reissueKey(path?: string): Promise<ReissuedKey | null> {
  return call<ReissuedKey | null>("reissue_key", { path: path ?? null });
}

/** Opens the file picker for a `.skh` file and previews it (changes nothing); `null` when cancelled. */
export function pickBundle(): Promise<PickedBundle | null> {
  return call<PickedBundle | null>("pick_bundle");
}

/** Previews the bundle at a known path (changes nothing). */
export function previewBundle(path: string): Promise<ImportPreview> {
  return call<ImportPreview>("preview_bundle", { path });
}

/** Imports the bundle at `path`: backup first, then everything in one transaction. */
export function importBundle(path: string): Promise<ImportOutcome> {
  return call<ImportOutcome>("import_bundle", { path });
}

/** Every import attempt, newest first. */
export function importLog(): Promise<ImportLogEntry[]> {
  return call<ImportLogEntry[]>("import_log");
}

/** This installation's signing key (the fingerprint is read out on the phone). */
export function ownKey(): Promise<KeyInfo> {
  return call<KeyInfo>("own_key");
}

/** The keys pinned for the offices we exchanged with. */
export function pinnedKeys(): Promise<PinnedKey[]> {
  return call<PinnedKey[]>("pinned_keys");
}

/** Replaces this installation's key; returns the new one. */
export function rotateKey(): Promise<KeyInfo> {
  return call<KeyInfo>("rotate_key");
}

/** A message to show once at start (e.g. a data folder copied from another machine), if any. */
export function startupNotice(): Promise<string | null> {
  return call<string | null>("startup_notice");
}

/** Conflicts waiting for a choice (oldest first), then the recently resolved ones. */
export function recordConflicts(): Promise<RecordConflict[]> {
  return call<RecordConflict[]>("record_conflicts");
}

/** Records refused at import: ours by the offices we send to (sent again), theirs by us (listed back). */
export function refusedRecords(): Promise<RefusedRecords> {
  return call<RefusedRecords>("refused_records");
}

/**
 * Resolves a conflict: keep this machine's version, or apply the bundle's (as its import would,
 * in one transaction). Returns the conflict as it now is.
 */
export function resolveConflict(id: number, choice: ConflictChoice): Promise<RecordConflict> {
  return call<RecordConflict>("resolve_conflict", { id, choice });
}
