// The office tree (đơn vị, cấp).

import { call } from "./call";
import type { Office } from "./bindings/Office";
import type { OfficeId } from "./bindings/OfficeId";
import type { OfficeInput } from "./bindings/OfficeInput";
import type { Reorganisation } from "./bindings/Reorganisation";
import type { ReorganisationOutcome } from "./bindings/ReorganisationOutcome";
import type { OfficeSheetPreview } from "./bindings/OfficeSheetPreview";

/** All offices in tree order: a parent before its children, siblings in Vietnamese order. */
export function listOffices(): Promise<Office[]> {
  return call<Office[]>("list_offices");
}

export function addOffice(input: OfficeInput): Promise<Office> {
  return call<Office>("add_office", { input });
}

export function updateOffice(id: OfficeId, input: OfficeInput): Promise<Office> {
  return call<Office>("update_office", { id, input });
}

export async function deleteOffice(id: OfficeId): Promise<void> {
  await call<null>("delete_office", { id });
}

/** Previews (`apply` false) or applies a merge, dissolution, rename, move or closing of an office. */
export function reorganiseOffices(change: Reorganisation, apply: boolean): Promise<ReorganisationOutcome> {
  return call<ReorganisationOutcome>("reorganise_offices", { change, apply });
}

/** Asks where to save the office sheet to fill in and saves it; `null` when cancelled. */
export function saveOfficeTemplate(): Promise<string | null> {
  return call<string | null>("save_office_template");
}

/** Saves the office sheet to fill in at a typed path (.xlsx, or .csv). */
export function writeOfficeTemplate(path: string): Promise<string> {
  return call<string>("write_office_template", { path });
}

/** Asks for an office sheet (.xlsx or .csv); its path, `null` when cancelled. */
export function pickOfficeSheet(): Promise<string | null> {
  return call<string | null>("pick_office_sheet");
}

/** What importing the sheet would do, with every wrong row; writes nothing. */
export function previewOfficeSheet(path: string): Promise<OfficeSheetPreview> {
  return call<OfficeSheetPreview>("preview_office_sheet", { path });
}

/** Imports the sheet when no row is wrong and it still says what `preview` showed (all or nothing). */
export function importOfficeSheet(path: string, preview: OfficeSheetPreview): Promise<OfficeSheetPreview> {
  return call<OfficeSheetPreview>("import_office_sheet", { path, preview });
}
