// Pure helpers of the "In danh sách" screen: the kinds and periods offered, the request sent to the
// shell, and how a `Checklist` is laid out in the on-screen preview (the same rules as the PDF,
// docs/printing.md).

import type { Align } from "../../api/bindings/Align";
import type { Cell } from "../../api/bindings/Cell";
import type { Checklist } from "../../api/bindings/Checklist";
import type { ChecklistKind } from "../../api/bindings/ChecklistKind";
import type { Column } from "../../api/bindings/Column";
import type { Group } from "../../api/bindings/Group";
import type { Orientation } from "../../api/bindings/Orientation";
import { addDays, daysInMonth, formatDate, formatLongDate, weekStart } from "../../lib/dates";
import { ratePercent } from "../tracking/rates";

export interface KindOption {
  value: ChecklistKind;
  label: string;
  /** One sentence under the choice: what the sheet lists. */
  hint: string;
}

export const KIND_OPTIONS: readonly KindOption[] = [
  {
    value: "office",
    label: "Hạn của đơn vị",
    hint: "Các hạn báo cáo của một đơn vị trong khoảng thời gian, hạn quá trước, sau đó theo ngày.",
  },
  {
    value: "plan",
    label: "Theo kế hoạch",
    hint: "Các nhiệm vụ của một kế hoạch, mỗi nhiệm vụ kèm các đơn vị thực hiện và hạn.",
  },
  {
    value: "subOffices",
    label: "Đơn vị cấp dưới còn nợ",
    hint: "Những báo cáo các đơn vị cấp dưới trực tiếp chưa nộp, mỗi đơn vị một trang để gửi.",
  },
  {
    value: "matrix",
    label: "Bảng theo dõi các đơn vị",
    hint: "Tình hình nộp báo cáo của từng đơn vị theo từng hạn, kèm tỷ lệ nộp.",
  },
];

export type PeriodChoice = "week" | "month" | "quarter" | "custom";

export const PERIOD_OPTIONS: readonly { value: PeriodChoice; label: string }[] = [
  { value: "week", label: "Tuần này" },
  { value: "month", label: "Tháng này" },
  { value: "quarter", label: "Quý này" },
  { value: "custom", label: "Tùy chọn" },
];

export interface Period {
  from: string;
  to: string;
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** The week (Monday–Sunday), month or quarter containing `today` (ISO dates). */
export function periodRange(choice: Exclude<PeriodChoice, "custom">, today: string): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (choice) {
    case "week": {
      const from = weekStart(today);
      return { from, to: addDays(from, 6) };
    }
    case "month":
      return { from: `${year}-${pad2(month)}-01`, to: `${year}-${pad2(month)}-${pad2(daysInMonth(year, month))}` };
    case "quarter": {
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      const last = first + 2;
      return { from: `${year}-${pad2(first)}-01`, to: `${year}-${pad2(last)}-${pad2(daysInMonth(year, last))}` };
    }
  }
}

/** Whether the kind is about one office (or the root of the offices it covers). */
export function usesOffice(kind: ChecklistKind): boolean {
  return kind !== "plan";
}

/** The plan choice: required for `plan`, an optional narrowing for `matrix`, absent otherwise. */
export function planUse(kind: ChecklistKind): "required" | "optional" | "none" {
  if (kind === "plan") return "required";
  if (kind === "matrix") return "optional";
  return "none";
}

/**
 * The place-and-date line exactly as the PDF prints it (Nghị định 30/2020, Phụ lục I):
 * "Lai Châu, ngày 05 tháng 6 năm 2023"; days below 10 and the months 1 and 2 take a zero.
 */
export function placeDateLine(place: string, isoDate: string): string {
  const date = formatLongDate(isoDate);
  return place.trim() === "" ? date : `${place}, ${date}`;
}

/** Printable width inside the margins, in mm (A4; portrait 210 − 30 − 15, landscape 297 − 20 − 20). */
export function contentWidthMm(orientation: Orientation): number {
  return orientation === "landscape" ? 257 : 165;
}

/**
 * Each column's share of the table width as a percentage for `<col width>` (the CSP forbids inline
 * styles; the presentational attribute is allowed): `mm` columns keep their printed share of the
 * page, `fraction` columns share the rest. `undefined` leaves a column to the browser: every
 * column of a table that has an `auto` one (it takes its widest cell, as on paper).
 */
export function columnWidths(columns: readonly Column[], orientation: Orientation): (string | undefined)[] {
  if (columns.some((c) => c.width.kind === "auto")) return columns.map(() => undefined);
  const page = contentWidthMm(orientation);
  const fixed = columns.reduce((sum, c) => sum + (c.width.kind === "mm" ? (c.width.value / page) * 100 : 0), 0);
  const fractions = columns.reduce((sum, c) => sum + (c.width.kind === "fraction" ? c.width.value : 0), 0);
  const rest = Math.max(0, 100 - fixed);
  return columns.map((c) => {
    const share = c.width.kind === "mm" ? (c.width.value / page) * 100 : c.width.kind === "fraction" && fractions > 0 ? (rest * c.width.value) / fractions : 0;
    return `${Math.round(share * 10) / 10}%`;
  });
}

/** The class that aligns a cell like its column. */
export function alignClass(align: Align): string {
  return `sheet-${align}`;
}

/** What a cell shows on screen, as the PDF prints it: ☐ for a tick box, dd/mm/yyyy, "50%". */
export function cellText(cell: Cell): string {
  switch (cell.kind) {
    case "checkbox":
      return "☐";
    case "date":
      return formatDate(cell.date);
    case "count":
      return String(cell.value);
    case "rate": {
      const percent = ratePercent(cell.part, cell.whole);
      return percent === null ? "—" : `${percent}%`;
    }
    default:
      return cell.text;
  }
}

/** Bold on paper: bold text, and statuses in the warning tones (red, amber), as the PDF prints them. */
export function cellBold(cell: Cell): boolean {
  return cell.kind === "bold" || (cell.kind === "status" && (cell.tone === "red" || cell.tone === "amber"));
}

/** The number of data rows (headings and "nothing" rows not counted). */
export function rowCount(checklist: Pick<Checklist, "groups">): number {
  return checklist.groups.reduce((sum, g) => sum + g.rows.length, 0);
}

/** The printed hand-outs: one per group when the checklist breaks pages between groups, else one. */
export function handouts(checklist: Pick<Checklist, "groups" | "pageBreakBetweenGroups">): Group[][] {
  if (checklist.pageBreakBetweenGroups && checklist.groups.length > 1) return checklist.groups.map((g) => [g]);
  return [checklist.groups];
}

/** "Khổ A4 dọc, 12 dòng" / "Khổ A4 ngang, 3 trang (mỗi đơn vị một trang), 7 dòng". */
export function previewSummary(checklist: Checklist): string {
  const parts = [`Khổ A4 ${checklist.orientation === "landscape" ? "ngang" : "dọc"}`];
  const sheets = handouts(checklist).length;
  if (sheets > 1) parts.push(`${sheets} bản riêng (mỗi nhóm bắt đầu trang mới)`);
  parts.push(`${rowCount(checklist)} dòng`);
  return parts.join(", ");
}

/** Where the name under "NGƯỜI LẬP" is remembered between sessions. */
export const PREPARED_BY_KEY = "sokehoach.print.preparedBy";

/** The remembered preparer, "" when none or when storage is unavailable. */
export function loadPreparedBy(storage: Pick<Storage, "getItem"> | undefined): string {
  try {
    return storage?.getItem(PREPARED_BY_KEY) ?? "";
  } catch {
    return "";
  }
}

/** Remembers the preparer (an empty name forgets it); storage failures are ignored. */
export function savePreparedBy(storage: Pick<Storage, "setItem" | "removeItem"> | undefined, name: string): void {
  try {
    const trimmed = name.trim();
    if (trimmed === "") storage?.removeItem(PREPARED_BY_KEY);
    else storage?.setItem(PREPARED_BY_KEY, trimmed);
  } catch {
    // Private mode or a full disk: the name is simply not remembered.
  }
}
