// The office tree as rows with a depth, from the flat list `list_offices` returns in tree order.

import type { Office } from "../../api/bindings/Office";

/** What the office form is doing. */
export type OfficeFormMode =
  /** A new office under `parentId` (null: a new top office). */
  | { kind: "add"; parentId: string | null }
  /** A new office above the top office `child`, which then moves under it. */
  | { kind: "addParent"; child: Office }
  | { kind: "edit"; office: Office };

export interface OfficeRow {
  office: Office;
  depth: number;
}

/** Indentation stops growing after this depth so deep trees stay readable. */
export const MAX_INDENT = 6;

export function treeRows(offices: Office[]): OfficeRow[] {
  const byId = new Map(offices.map((o) => [o.id, o]));
  const depthOf = (office: Office): number => {
    let depth = 0;
    let parentId = office.parentId;
    const seen = new Set<string>([office.id]);
    while (parentId !== null && byId.has(parentId) && !seen.has(parentId)) {
      seen.add(parentId);
      depth++;
      parentId = byId.get(parentId)?.parentId ?? null;
    }
    return depth;
  };
  return offices.map((office) => ({ office, depth: depthOf(office) }));
}

/** The ids of `id` and everything below it: an office cannot move under one of these. */
export function subtreeIds(offices: Office[], id: string): Set<string> {
  const result = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of offices) {
      if (o.parentId !== null && result.has(o.parentId) && !result.has(o.id)) {
        result.add(o.id);
        grew = true;
      }
    }
  }
  return result;
}
