// The office tree (đơn vị, cấp).

import { call } from "./call";
import type { Office } from "./bindings/Office";
import type { OfficeId } from "./bindings/OfficeId";
import type { OfficeInput } from "./bindings/OfficeInput";
import type { Reorganisation } from "./bindings/Reorganisation";
import type { ReorganisationOutcome } from "./bindings/ReorganisationOutcome";

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
