// Reports submitted against deadlines, their files, and (for a sub-office's report) the date we
// received it.

import { call } from "./call";
import type { Attachment } from "./bindings/Attachment";
import type { Report } from "./bindings/Report";
import type { ReportId } from "./bindings/ReportId";
import type { ReportInput } from "./bindings/ReportInput";
import type { InstanceId } from "./bindings/InstanceId";
import type { ReportOutline } from "./bindings/ReportOutline";
import type { RuleId } from "./bindings/RuleId";
import type { SkeletonOptions } from "./bindings/SkeletonOptions";
import type { SkeletonSaved } from "./bindings/SkeletonSaved";
import type { SynthesisOutcome } from "./bindings/SynthesisOutcome";
import type { SynthesisRequest } from "./bindings/SynthesisRequest";

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

// Writing a report from its deadline's outline, and compiling the sub-offices' reports
// (docs/reports.md; commands in docs/ipc.md, "Writing and compiling reports").

/** The outline (đề cương) of a deadline's report; `null` when it has none. */
export function reportOutline(ruleId: RuleId): Promise<ReportOutline | null> {
  return call<ReportOutline | null>("report_outline", { ruleId });
}

/** Sets or clears (`null`) the outline of one of our deadlines; returns it as kept (cleaned). */
export function setReportOutline(ruleId: RuleId, outline: ReportOutline | null): Promise<ReportOutline | null> {
  return call<ReportOutline | null>("set_report_outline", { ruleId, outline });
}

/** Opens the file picker for an outline document and reads its outline; `null` when cancelled. */
export function pickOutlineFile(): Promise<ReportOutline | null> {
  return call<ReportOutline | null>("pick_outline_file", {});
}

/**
 * "Soạn báo cáo": asks where to save the Word skeleton of our report for a deadline, writes it
 * and, when `open`, opens it in Word. `null` when the user cancels.
 */
export function saveReportSkeleton(instanceId: InstanceId, options: SkeletonOptions, open: boolean): Promise<SkeletonSaved | null> {
  return call<SkeletonSaved | null>("save_report_skeleton", { instanceId, options, open });
}

/** Writes the skeleton to a typed path (the "Nâng cao" box; also used by end-to-end tests). */
export function writeReportSkeleton(instanceId: InstanceId, options: SkeletonOptions, path: string): Promise<SkeletonSaved> {
  return call<SkeletonSaved>("write_report_skeleton", { instanceId, options, path });
}

/** The deadline (rule and period) a synthesis is about, from any office's instance of it. */
export function synthesisRequestOf(instanceId: InstanceId): Promise<SynthesisRequest> {
  return call<SynthesisRequest>("synthesis_request_of", { instanceId });
}

/**
 * "Tổng hợp báo cáo": asks where to save the synthesis of the sub-offices' reports for one
 * deadline, writes it and, when `open`, opens it. `null` when the user cancels.
 */
export function saveCompiledReports(request: SynthesisRequest, open: boolean): Promise<SynthesisOutcome | null> {
  return call<SynthesisOutcome | null>("save_compiled_reports", { request, open });
}

/** Writes the synthesis to a typed path (the "Nâng cao" box; also used by end-to-end tests). */
export function writeCompiledReports(request: SynthesisRequest, path: string): Promise<SynthesisOutcome> {
  return call<SynthesisOutcome>("write_compiled_reports", { request, path });
}
