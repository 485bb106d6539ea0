import { describe, expect, it } from "vitest";
import { addDays, formatDate, formatLongDate, formatTimestamp, parseDate, todayIso, weekdayName, weekStart } from "./dates";

describe("parseDate", () => {
  it("reads dd/mm/yyyy, d/m/yyyy, d-m-yyyy and d.m.yyyy", () => {
    expect(parseDate("05/06/2023")).toEqual({ ok: true, iso: "2023-06-05" });
    expect(parseDate("5/6/2023")).toEqual({ ok: true, iso: "2023-06-05" });
    expect(parseDate("5-6-2023")).toEqual({ ok: true, iso: "2023-06-05" });
    expect(parseDate("20.5.2017")).toEqual({ ok: true, iso: "2017-05-20" });
    expect(parseDate("  29/02/2024 ")).toEqual({ ok: true, iso: "2024-02-29" });
    expect(parseDate("5 / 6 / 2023")).toEqual({ ok: true, iso: "2023-06-05" });
  });

  it("treats an empty field as no date", () => {
    expect(parseDate("")).toEqual({ ok: true, iso: null });
    expect(parseDate("   ")).toEqual({ ok: true, iso: null });
  });

  it("refuses impossible dates with a Vietnamese message", () => {
    const r = parseDate("31/02/2024");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe("Ngày 31/02/2024 không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày.");
    expect(parseDate("29/02/2023").ok).toBe(false);
    expect(parseDate("31/04/2023").ok).toBe(false);
    expect(parseDate("00/04/2023").ok).toBe(false);
    const month = parseDate("01/13/2023");
    expect(month.ok).toBe(false);
    if (!month.ok) expect(month.message).toContain("Tháng 13 không tồn tại");
  });

  it("refuses other shapes", () => {
    for (const text of ["2023-06-05", "5/6/23", "5/6-2023", "ngày 5 tháng 6", "05062023", "5//6/2023"]) {
      const r = parseDate(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toContain("ngày/tháng/năm");
    }
  });
});

describe("formatDate", () => {
  it("shows ISO dates as dd/mm/yyyy", () => {
    expect(formatDate("2023-06-05")).toBe("05/06/2023");
    expect(formatDate(null)).toBe("");
    expect(formatDate("")).toBe("");
  });

  it("round-trips with parseDate", () => {
    for (const iso of ["2000-01-01", "2024-02-29", "2025-12-31"]) {
      expect(parseDate(formatDate(iso))).toEqual({ ok: true, iso });
    }
  });

  it("shows unreadable values unchanged rather than inventing a date", () => {
    expect(formatDate("2023-02-30")).toBe("2023-02-30");
    expect(formatDate("hôm qua")).toBe("hôm qua");
  });
});

describe("formatLongDate", () => {
  it("follows Nghị định 30: zero before days under 10 and months 1 and 2", () => {
    expect(formatLongDate("2023-06-05")).toBe("ngày 05 tháng 6 năm 2023");
    expect(formatLongDate("2024-02-15")).toBe("ngày 15 tháng 02 năm 2024");
    expect(formatLongDate("2024-01-09")).toBe("ngày 09 tháng 01 năm 2024");
    expect(formatLongDate("2024-11-20")).toBe("ngày 20 tháng 11 năm 2024");
    expect(formatLongDate(null)).toBe("");
  });
});

describe("formatTimestamp", () => {
  it("shows local date and time", () => {
    const local = new Date(2024, 2, 1, 8, 5).toISOString();
    expect(formatTimestamp(local)).toBe("01/03/2024 08:05");
    expect(formatTimestamp("không phải ngày")).toBe("không phải ngày");
  });
});

describe("day arithmetic", () => {
  it("moves dates across months and years", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(weekStart("2026-11-25")).toBe("2026-11-23");
    expect(weekStart("2026-11-29")).toBe("2026-11-23");
    expect(weekStart("2026-11-23")).toBe("2026-11-23");
    expect(weekdayName("2024-06-02")).toBe("Chủ nhật");
    expect(weekdayName("2024-06-03")).toBe("Thứ Hai");
    expect(todayIso(new Date(2024, 4, 6))).toBe("2024-05-06");
  });
});
