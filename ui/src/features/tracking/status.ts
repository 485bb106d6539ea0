// How a deadline's status is shown: a Vietnamese label (always written out, in the core's words),
// a colour tone, and for the matrix a short mark. Colour is never the only signal.

import type { DeadlineStatus } from "../../api/bindings/DeadlineStatus";
import type { Tone } from "../../api/bindings/Tone";
import { STATUS_LABELS, STATUS_TONES } from "../../api/wording";
import { formatDate } from "../../lib/dates";

export { STATUS_ORDER } from "../../api/wording";

/** Colour family of a status: red, amber, grey, green, orange, blue (the core's, also in workbooks). */
export type StatusTone = Tone;

/**
 * The status as this office says it. A report of ours the level above acknowledged reads as the
 * core labels it; a sub-office's report that we received is just "Đã nhận".
 */
export function statusLabel(status: DeadlineStatus, ours = true): string {
  if (status === "received" && !ours) return "Đã nhận";
  return STATUS_LABELS[status] ?? status;
}

export function statusTone(status: DeadlineStatus): StatusTone {
  return STATUS_TONES[status] ?? "grey";
}

/** The CSS class of a status badge or matrix cell: `tone-red` … */
export function statusClass(status: DeadlineStatus): string {
  return `tone-${statusTone(status)}`;
}

/** Symbol and short word for a matrix cell; both are shown, so the cell reads without colour. */
export interface MatrixMark {
  symbol: string;
  word: string;
}

const MARKS: Readonly<Record<DeadlineStatus, MatrixMark>> = {
  overdue: { symbol: "✗", word: "quá hạn" },
  dueSoon: { symbol: "!", word: "sắp đến" },
  notYetDue: { symbol: "…", word: "chưa đến" },
  submittedOnTime: { symbol: "✓", word: "đúng hạn" },
  submittedLate: { symbol: "✓", word: "muộn" },
  received: { symbol: "✓✓", word: "đã nhận" },
};

export function matrixMark(status: DeadlineStatus): MatrixMark {
  return MARKS[status] ?? { symbol: "?", word: status };
}

/** The full tooltip of a matrix cell: "Nộp muộn — hạn 30/05/2024, nộp 02/06/2024". */
export function cellTitle(status: DeadlineStatus, dueOn: string, submittedOn: string | null): string {
  const parts = [`hạn ${formatDate(dueOn)}`];
  if (submittedOn) parts.push(`nộp ${formatDate(submittedOn)}`);
  return `${statusLabel(status)} — ${parts.join(", ")}`;
}

const ROMAN = ["I", "II", "III", "IV"];

/**
 * A period key in words: "once" → "" (one-off deadlines have no period), "2024" → "Năm 2024",
 * "2024-H1" → "6 tháng đầu năm 2024", "2024-Q3" → "Quý III/2024", "2024-05" → "Tháng 05/2024".
 * Anything else is shown unchanged.
 */
export function periodLabel(period: string): string {
  if (period === "once") return "";
  let m = /^(\d{4})$/.exec(period);
  if (m) return `Năm ${m[1]}`;
  m = /^(\d{4})-H([12])$/.exec(period);
  if (m) return `6 tháng ${m[2] === "1" ? "đầu" : "cuối"} năm ${m[1]}`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `Quý ${ROMAN[Number(m[2]) - 1]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `Tháng ${m[2]}/${m[1]}`;
  return period;
}
