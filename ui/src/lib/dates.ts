// Dates as people in Vietnamese offices write them (dd/mm/yyyy) and as the shell stores them
// (ISO yyyy-mm-dd). Every date shown or typed in the UI goes through this module.

/** Result of reading a date the user typed. `iso` is null when the field was left empty. */
export type DateParse = { ok: true; iso: string | null } | { ok: false; message: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** d/m/yyyy with `/`, `-` or `.` as separator (the same one twice), spaces allowed around it. */
const VN_DATE = /^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})$/;

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Number of days in `month` (1–12) of `year`, Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function splitIso(iso: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** "2023-06-05" → "05/06/2023"; null or empty → "". An unreadable value is shown unchanged. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = splitIso(iso);
  return d ? `${pad2(d.day)}/${pad2(d.month)}/${d.year}` : iso;
}

/**
 * Reads a date typed as d/m/yyyy, d-m-yyyy or d.m.yyyy (leading zeros optional).
 * Empty input is valid and means "no date". Impossible dates (31/02/2024) are refused with a
 * Vietnamese message that says what is wrong.
 */
export function parseDate(text: string): DateParse {
  const input = text.trim();
  if (input === "") return { ok: true, iso: null };
  const m = VN_DATE.exec(input);
  if (!m) {
    return {
      ok: false,
      message: "Ngày không đúng dạng. Hãy nhập ngày/tháng/năm, ví dụ 05/06/2023.",
    };
  }
  const day = Number(m[1]);
  const month = Number(m[3]);
  const year = Number(m[4]);
  if (year < 1000) {
    return { ok: false, message: "Năm phải có đủ 4 chữ số, ví dụ 2023." };
  }
  if (month < 1 || month > 12) {
    return { ok: false, message: `Tháng ${month} không tồn tại: tháng phải từ 1 đến 12.` };
  }
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) {
    return {
      ok: false,
      message: `Ngày ${pad2(day)}/${pad2(month)}/${year} không tồn tại: tháng ${month} năm ${year} chỉ có ${max} ngày.`,
    };
  }
  return { ok: true, iso: `${year}-${pad2(month)}-${pad2(day)}` };
}

/**
 * The date line of an administrative document (Nghị định 30/2020, Phụ lục I): days below 10 and
 * the months 1 and 2 take a leading zero. "2023-06-05" → "ngày 05 tháng 6 năm 2023".
 */
export function formatLongDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = splitIso(iso);
  if (!d) return iso;
  const month = d.month <= 2 ? pad2(d.month) : String(d.month);
  return `ngày ${pad2(d.day)} tháng ${month} năm ${d.year}`;
}

/** An RFC 3339 timestamp in local time: "05/06/2023 14:07". Unreadable values are shown as is. */
export function formatTimestamp(rfc3339: string): string {
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return rfc3339;
  return (
    `${pad2(t.getDate())}/${pad2(t.getMonth() + 1)}/${t.getFullYear()} ` +
    `${pad2(t.getHours())}:${pad2(t.getMinutes())}`
  );
}

/** Today's date on this computer, ISO (the shell judges deadlines by the same local date). */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

/** "2024-06-02" → "Chủ nhật"; "" for an unreadable date. */
export function weekdayName(iso: string): string {
  const d = splitIso(iso);
  if (!d) return "";
  return WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()] ?? "";
}

/** `iso` moved by `days` (negative: earlier). */
export function addDays(iso: string, days: number): string {
  const d = splitIso(iso);
  if (!d) return iso;
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}

/** The Monday of the week containing `iso` (Vietnamese weeks start on Monday). */
export function weekStart(iso: string): string {
  const d = splitIso(iso);
  if (!d) return iso;
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay(); // 0 = Sunday
  return addDays(iso, -((weekday + 6) % 7));
}
