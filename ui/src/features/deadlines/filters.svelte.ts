// The deadline list's filters, remembered while the app is open so coming back from a deadline
// keeps them. The dashboard sets them before opening the list ("Xem tất cả").

import type { DeadlineQuery } from "../../api/bindings/DeadlineQuery";
import type { Office } from "../../api/bindings/Office";
import { subtreeIds } from "../offices/tree";

/** "" = every office, "own" = ours, "below" = every office below ours, else an office id. */
export type OfficeFilter = string;

/** Most rows fetched at once; the list says so when it is cut. */
export const LIST_LIMIT = 500;

class DeadlineFilters {
  office = $state<OfficeFilter>("");
  documentId = $state("");
  /** As typed (dd/mm/yyyy) and as applied (ISO, only once valid). */
  fromText = $state("");
  toText = $state("");
  dueFrom = $state<string | null>(null);
  dueTo = $state<string | null>(null);
  openOnly = $state(false);

  reset(): void {
    this.office = "";
    this.documentId = "";
    this.fromText = "";
    this.toText = "";
    this.dueFrom = null;
    this.dueTo = null;
    this.openOnly = false;
  }

  get active(): boolean {
    return this.office !== "" || this.documentId !== "" || this.dueFrom !== null || this.dueTo !== null || this.openOnly;
  }
}

export const deadlineFilters = new DeadlineFilters();

/** The office ids an office filter stands for; null = no narrowing. */
export function officeIdsFor(filter: OfficeFilter, offices: Office[], ownId: string | null): string[] | null {
  if (filter === "") return null;
  if (filter === "own") return ownId ? [ownId] : null;
  if (filter === "below") {
    if (!ownId) return null;
    const ids = subtreeIds(offices, ownId);
    ids.delete(ownId);
    return [...ids];
  }
  return [filter];
}

/** The backend query for the current filters. */
export function queryFor(
  f: { office: OfficeFilter; documentId: string; dueFrom: string | null; dueTo: string | null; openOnly: boolean },
  offices: Office[],
  ownId: string | null,
): DeadlineQuery {
  return {
    officeIds: officeIdsFor(f.office, offices, ownId),
    documentId: f.documentId === "" ? null : f.documentId,
    taskId: null,
    dueFrom: f.dueFrom,
    dueTo: f.dueTo,
    openOnly: f.openOnly,
    limit: LIST_LIMIT,
  };
}
