// Words and numbers of the exchange screen: who we can send to, sizes, table names, outcomes.
// Pure functions, unit-tested in exchangeText.test.ts.

import type { BundleKind } from "../../api/bindings/BundleKind";
import type { ConflictResolution } from "../../api/bindings/ConflictResolution";
import type { ExportProgress } from "../../api/bindings/ExportProgress";
import type { ExportResult } from "../../api/bindings/ExportResult";
import type { RecordIssueKind } from "../../api/bindings/RecordIssueKind";
import type { Office } from "../../api/bindings/Office";
import { TABLE_LABELS } from "../../api/wording";
import { formatCount, formatSize } from "../../lib/numbers";

/** An office we may send a bundle to: our parent, or one of our direct sub-offices. */
export interface Recipient {
  office: Office;
  direction: "up" | "down";
  /** What the recipient list shows. */
  label: string;
}

/**
 * The offices a bundle can go to: the parent first ("Gửi lên cấp trên: …"), then the direct
 * sub-offices in the order `offices` has them (tree order from list_offices).
 */
export function recipientsOf(offices: readonly Office[], own: Office): Recipient[] {
  const result: Recipient[] = [];
  const parent = own.parentId === null ? undefined : offices.find((o) => o.id === own.parentId);
  if (parent) result.push({ office: parent, direction: "up", label: `Gửi lên cấp trên: ${parent.name}` });
  for (const office of subOfficesOf(offices, own)) {
    result.push({ office, direction: "down", label: `Gửi xuống cấp dưới: ${office.name}` });
  }
  return result;
}

/** The direct sub-offices of `own`, in the order of `offices`. */
export function subOfficesOf(offices: readonly Office[], own: Office): Office[] {
  return offices.filter((o) => o.parentId === own.id && o.id !== own.id);
}

/** "Xuất dữ liệu gửi Hội LHPN tỉnh Lai Châu". */
export function exportButtonLabel(recipient: Recipient): string {
  return `Xuất dữ liệu gửi ${recipient.office.name}`;
}

/** "57 bản ghi, 3 tệp đính kèm, 12,2 KB". */
export function describeExport(result: ExportResult): string {
  return `${formatCount(result.records)} bản ghi, ${formatCount(result.files)} tệp đính kèm, ${formatSize(result.bytes)}`;
}

/** The line under the progress bar; before the first event the folder is not chosen yet. */
export function progressText(progress: ExportProgress | null): string {
  if (progress === null) return "Đang chờ bạn chọn nơi lưu (ổ USB)…";
  if (progress.stage === "folderChosen") return "Đã chọn nơi lưu, đang ghi tệp…";
  const records = `Đã ghi ${formatCount(progress.records)} bản ghi`;
  const files =
    progress.filesTotal === 0 ? "" : `, ${formatCount(progress.filesDone)}/${formatCount(progress.filesTotal)} tệp đính kèm`;
  if (progress.stage === "checking") return `${records}${files}. Đang đọc lại tệp vừa ghi để kiểm tra…`;
  return `${records}${files}.`;
}

/** The Vietnamese name of a bundle table, in the core's words ("documents" → "Văn bản"); unknown names as they are. */
export function tableLabel(table: string): string {
  return TABLE_LABELS[table] ?? table;
}

export function issueKindLabel(kind: RecordIssueKind): string {
  return kind === "conflict" ? "Xung đột" : "Bị từ chối";
}

export function bundleKindLabel(kind: BundleKind): string {
  switch (kind) {
    case "setup":
      return "Gói thiết lập (cho máy mới)";
    case "recovery":
      return "Gói khôi phục (cho máy thay máy bị mất)";
    case "data":
      return "Gói dữ liệu";
  }
}

/** The outcome column of the import log ("applied", "nothingNew", "refused"). */
export function outcomeLabel(outcome: string): string {
  switch (outcome) {
    case "applied":
      return "Đã nhập";
    case "nothingNew":
      return "Không có gì mới";
    case "refused":
      return "Bị từ chối";
    default:
      return outcome;
  }
}

/** A tone class for the outcome badge. */
export function outcomeClass(outcome: string): string {
  switch (outcome) {
    case "applied":
      return "tone-green";
    case "refused":
      return "tone-red";
    default:
      return "tone-grey";
  }
}

/** A reason from the shell starts lowercase ("dữ liệu không hợp lệ …"); in a table cell it starts a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === "" ? trimmed : trimmed.charAt(0).toLocaleUpperCase("vi") + trimmed.slice(1);
}

/** The first-contact warning: compare the sender's fingerprint by phone before importing. */
export function firstContactText(fingerprint: string): string {
  return `Lần đầu nhận từ đơn vị này: hãy gọi điện đọc dấu vân tay ${fingerprint} để đối chiếu trước khi nhập.`;
}

/** How a conflict ended, for its history line. */
export function resolutionLabel(resolution: ConflictResolution | null): string {
  switch (resolution) {
    case "local":
      return "Đã giữ bản trên máy này";
    case "incoming":
      return "Đã dùng bản trong gói";
    case "superseded":
      return "Đã có bản mới hơn";
    default:
      return "Chờ xử lý";
  }
}
