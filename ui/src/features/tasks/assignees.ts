// Who a task is assigned to: single offices, "every office of level X below office Y", or a role
// or person inside an office ("Phó Chủ tịch Thường trực" of our own office).

import type { Assignee } from "../../api/bindings/Assignee";
import type { Office } from "../../api/bindings/Office";
import { nextKey } from "./ruleForm";

/** One row of the assignee editor; ids are "" until chosen. */
export type AssigneeRow =
  | { key: number; kind: "office"; officeId: string }
  | { key: number; kind: "level"; level: string; under: string }
  | { key: number; kind: "role"; role: string; officeId: string };

export function officeRow(officeId = ""): AssigneeRow {
  return { key: nextKey(), kind: "office", officeId };
}

export function levelRow(level = "", under = ""): AssigneeRow {
  return { key: nextKey(), kind: "level", level, under };
}

export function roleRow(role = "", officeId = ""): AssigneeRow {
  return { key: nextKey(), kind: "role", role, officeId };
}

export function rowsFromAssignees(assignees: Assignee[]): AssigneeRow[] {
  return assignees.map((a) => {
    switch (a.kind) {
      case "office":
        return officeRow(a.officeId);
      case "level":
        return levelRow(String(a.level), a.under);
      case "role":
        return roleRow(a.role, a.officeId);
    }
  });
}

export type AssigneesResult = { ok: true; assignees: Assignee[] } | { ok: false; message: string };

/** The rows as the backend takes them; rows left empty are skipped, duplicates dropped. */
export function rowsToAssignees(rows: AssigneeRow[]): AssigneesResult {
  const out: Assignee[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.kind === "office") {
      if (row.officeId === "") continue;
      const k = `o:${row.officeId}`;
      if (!seen.has(k)) out.push({ kind: "office", officeId: row.officeId });
      seen.add(k);
    } else if (row.kind === "role") {
      const role = row.role.trim();
      if (role === "") continue;
      if (row.officeId === "") return { ok: false, message: "Chưa có đơn vị mình để giao việc cho chức danh hoặc người trong đơn vị." };
      const k = `r:${row.officeId}:${role}`;
      if (!seen.has(k)) out.push({ kind: "role", officeId: row.officeId, role });
      seen.add(k);
    } else {
      if (row.level === "" && row.under === "") continue;
      if (row.level === "" || row.under === "") {
        return { ok: false, message: "Hãy chọn cả cấp và đơn vị cấp trên cho nhóm đơn vị." };
      }
      const k = `l:${row.level}:${row.under}`;
      if (!seen.has(k)) out.push({ kind: "level", level: Number(row.level), under: row.under });
      seen.add(k);
    }
  }
  if (out.length === 0) return { ok: false, message: "Hãy chọn ít nhất một đơn vị thực hiện." };
  return { ok: true, assignees: out };
}

/**
 * An assignee in words: the office's name, "các đơn vị cấp Huyện thuộc Hội LHPN tỉnh Lai Châu",
 * or "Phó Chủ tịch Thường trực (Hội LHPN tỉnh Lai Châu)". An office no longer in the list is
 * shown as "(đơn vị đã xóa)".
 */
export function describeAssignee(
  assignee: Assignee,
  offices: ReadonlyMap<string, Office>,
  levelName: (rank: number) => string,
): string {
  const name = (id: string) => offices.get(id)?.name ?? "(đơn vị đã xóa)";
  switch (assignee.kind) {
    case "office":
      return name(assignee.officeId);
    case "level":
      return `các đơn vị cấp ${levelName(assignee.level)} thuộc ${name(assignee.under)}`;
    case "role":
      return `${assignee.role} (${name(assignee.officeId)})`;
  }
}
