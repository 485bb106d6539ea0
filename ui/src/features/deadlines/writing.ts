// What the "Soạn báo cáo / Tổng hợp báo cáo" panel shows: the outline as indented lines, and the
// synthesis as one line an office that needs attention.

import type { OfficeOutcome } from "../../api/bindings/OfficeOutcome";
import type { OutlineHeading } from "../../api/bindings/OutlineHeading";
import type { ReportOutline } from "../../api/bindings/ReportOutline";
import type { SynthesisOutcome } from "../../api/bindings/SynthesisOutcome";

export interface OutlineLine {
  text: string;
  indent: number;
  notes: string[];
}

/** "I.", "1.", "1.1.", "a)", "-": the number of a heading as printed. */
export function headingLabel(h: OutlineHeading): string {
  if (h.style === "letter") return `${h.marker})`;
  if (h.style === "dash") return "-";
  return `${h.marker}.`;
}

export function outlineLines(outline: ReportOutline): OutlineLine[] {
  return outline.headings.map((h) => ({ text: `${headingLabel(h)} ${h.text}`, indent: (h.depth - 1) * 1.5, notes: h.notes }));
}

function officeLine(o: OfficeOutcome): string | null {
  if (o.status === "missing") return `${o.officeName}: chưa gửi báo cáo.`;
  const parts: string[] = [];
  if (o.status === "late") parts.push(`gửi muộn ${o.daysLate} ngày`);
  if (o.headingsMissing.length > 0) parts.push(`thiếu đề mục ${o.headingsMissing.join("; ")}`);
  parts.push(...o.notes);
  return parts.length > 0 ? `${o.officeName}: ${parts.join("; ")}` : null;
}

/** The synthesis in a few lines: how many sent, then each office that needs attention. */
export function synthesisSummary(outcome: SynthesisOutcome): string[] {
  const sent = outcome.offices.filter((o) => o.status !== "missing").length;
  const lines = [`${sent}/${outcome.offices.length} đơn vị đã gửi báo cáo.`];
  for (const o of outcome.offices) {
    const line = officeLine(o);
    if (line) lines.push(line);
  }
  return lines;
}
