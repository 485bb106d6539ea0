// Reports submitted against deadlines, their files, and (for a sub-office's report) the date we
// received it.

import { call } from "./call";
import type { Attachment } from "./bindings/Attachment";
import type { Report } from "./bindings/Report";
import type { ReportId } from "./bindings/ReportId";
import type { ReportInput } from "./bindings/ReportInput";

export function getReport(id: ReportId): Promise<Report> {
  return call<Report>("get_report", { id });
}

export function recordReport(input: ReportInput): Promise<Report> {
  return call<Report>("record_report", { input });
}

export function updateReport(id: ReportId, input: ReportInput): Promise<Report> {
  return call<Report>("update_report", { id, input });
}

/** Withdraws a report recorded by mistake; the deadline is open again. */
export async function deleteReport(id: ReportId): Promise<void> {
  await call<null>("delete_report", { id });
}

/**
 * Opens the system file picker (Word, PDF, Excel) and attaches the chosen file; `null` when the
 * user cancels. Another file type is refused with a Vietnamese message.
 */
export function attachReportFile(reportId: ReportId): Promise<Attachment | null> {
  return call<Attachment | null>("attach_report_file", { reportId });
}

/**
 * Attaches the file at a typed path (the "Nâng cao" box, for when the picker cannot be used);
 * the same file types as `attachReportFile`.
 */
export function attachReportFileFrom(reportId: ReportId, path: string): Promise<Attachment> {
  return call<Attachment>("attach_report_file_from", { reportId, path });
}
