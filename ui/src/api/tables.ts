// The tables of the screens as Excel workbooks (docs/ipc.md, "Printing commands"): a checklist of
// In danh sách, the matrix, the deadline list, the document list, each with its screen's filters.

import { call } from "./call";
import type { TableRequest } from "./bindings/TableRequest";

/** Asks where to save the table as an Excel workbook (system save dialog) and saves it; `null` when cancelled. */
export function saveTableXlsx(table: TableRequest): Promise<string | null> {
  return call<string | null>("save_table_xlsx", { table });
}

/** Saves the table as an Excel workbook to a typed path (the "Nâng cao" boxes; end-to-end tests). */
export function writeTableXlsx(table: TableRequest, path: string): Promise<string> {
  return call<string>("write_table_xlsx", { table, path });
}
