// Short labels for choosing a plan in a filter.

import type { DocumentSummary } from "../../api/bindings/DocumentSummary";

/** Longest title shown in an option before it is cut with "…". */
export const OPTION_TITLE_MAX = 70;

/** "Số: 268/KH-ĐCT — Thực hiện công tác bình đẳng giới…" (number line omitted when blank). */
export function documentOptionLabel(d: Pick<DocumentSummary, "numberLine" | "title">): string {
  const title = d.title.length > OPTION_TITLE_MAX ? `${d.title.slice(0, OPTION_TITLE_MAX - 1).trimEnd()}…` : d.title;
  return d.numberLine ? `${d.numberLine} — ${title}` : title;
}
