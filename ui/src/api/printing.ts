// In danh sách: the deadline checklists printed on A4 (docs/ipc.md, "Printing commands";
// layout rules in docs/printing.md).

import { call } from "./call";
import type { Checklist } from "./bindings/Checklist";
import type { ChecklistRequest } from "./bindings/ChecklistRequest";

/** The checklist's content, to preview on screen (the same data the PDF is made from). */
export function checklistPreview(request: ChecklistRequest): Promise<Checklist> {
  return call<Checklist>("checklist_preview", { request });
}

/**
 * Renders the PDF, asks where to save it (system save dialog), saves it and, when `open`, opens it
 * in the system PDF viewer to print. Returns the saved path; `null` when the user cancels.
 */
export function saveChecklist(request: ChecklistRequest, open: boolean): Promise<string | null> {
  return call<string | null>("save_checklist", { request, open });
}

/** Saves the PDF to a typed path (the "Nâng cao" box; also used by end-to-end tests). */
export function writeChecklist(request: ChecklistRequest, path: string): Promise<string> {
  return call<string>("write_checklist", { request, path });
}

/** Whether a typed path names an Excel workbook (else the PDF is written). */
export function isXlsxPath(path: string): boolean {
  return /\.xlsx$/i.test(path.trim());
}
