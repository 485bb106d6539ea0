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

/** File size in Vietnamese notation: "845 byte", "12,4 KB", "3,1 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString("vi-VN", { maximumFractionDigits: 1 })} ${units[unit]}`;
}
