// Presentation helpers for the document view.

import { formatLongDate } from "../../lib/dates";

/** "Lai Châu, ngày 05 tháng 6 năm 2023"; either part may be missing. */
export function placeAndDate(place: string, issuedOn: string | null): string {
  const date = formatLongDate(issuedOn);
  const where = place.trim();
  if (where && date) return `${where}, ${date}`;
  if (date) return date.charAt(0).toUpperCase() + date.slice(1);
  return where;
}

/**
 * The signer's title as lines: "TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH" → two lines. Only a slash with
 * spaces around it separates lines, so "T/M" and "K/T" stay intact.
 */
export function signerTitleLines(signerTitle: string): string[] {
  return signerTitle
    .split(/\s+\/\s+|\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}
