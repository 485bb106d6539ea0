// The sentences of the backup screen built from a backup's facts: what a backup holds and what a
// restore will replace. Pure functions, unit-tested in backupText.test.ts.

import type { BackupCounts } from "../../api/bindings/BackupCounts";
import type { BackupInfo } from "../../api/bindings/BackupInfo";
import { formatCount } from "../../lib/numbers";
import { formatTimestamp } from "../../lib/dates";

/** "9 đơn vị · 5 văn bản · 120 hạn báo cáo · 3 báo cáo". */
export function describeCounts(c: BackupCounts): string {
  return [
    `${formatCount(c.offices)} đơn vị`,
    `${formatCount(c.documents)} văn bản`,
    `${formatCount(c.deadlines)} hạn báo cáo`,
    `${formatCount(c.reports)} báo cáo`,
  ].join(" · ");
}

/**
 * What the confirmation says before a restore: what goes, what comes, how to undo it. `damaged`:
 * the store did not open, and its files are moved aside whole instead.
 */
export function restoreWarning(backup: BackupInfo, current: BackupCounts | null, damaged = false): string {
  const now = current ? ` (hiện có ${describeCounts(current)})` : "";
  const kept = damaged
    ? "Tệp dữ liệu bị hỏng được chuyển nguyên vẹn vào thư mục «backups/hong-…» cạnh tệp dữ liệu, không bị xóa."
    : "Dữ liệu hiện tại được giữ lại thành một bản “Dữ liệu trước lần khôi phục”: khôi phục bản đó để hoàn tác.";
  return (
    `Toàn bộ dữ liệu đang dùng trên máy này${now} sẽ được thay bằng bản sao lưu ngày ${formatTimestamp(backup.madeAt)}` +
    ` (${describeCounts(backup.counts)}). Những gì nhập sau thời điểm đó sẽ không còn trong sổ. ` +
    kept
  );
}

/** Checks a new passphrase and its repetition; the reason it cannot be used, or null. */
export function passphraseProblem(passphrase: string, again: string, min: number): string | null {
  if ([...passphrase.trim()].length < min) return `Mật khẩu phải có ít nhất ${min} ký tự.`;
  if (passphrase !== again) return "Hai lần nhập mật khẩu không giống nhau.";
  return null;
}
