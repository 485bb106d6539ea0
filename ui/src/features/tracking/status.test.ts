import { describe, expect, it } from "vitest";
import type { DeadlineStatus } from "../../api/bindings/DeadlineStatus";
import { cellTitle, matrixMark, periodLabel, STATUS_ORDER, statusClass, statusLabel, statusTone } from "./status";

describe("deadline statuses", () => {
  it("has a Vietnamese label for every status", () => {
    expect(statusLabel("overdue")).toBe("Quá hạn");
    expect(statusLabel("dueSoon")).toBe("Sắp đến hạn");
    expect(statusLabel("notYetDue")).toBe("Chưa đến hạn");
    expect(statusLabel("submittedOnTime")).toBe("Nộp đúng hạn");
    expect(statusLabel("submittedLate")).toBe("Nộp muộn");
    expect(statusLabel("received")).toBe("Cấp trên đã nhận");
  });

  it("gives each status its own colour", () => {
    const tones: Record<DeadlineStatus, string> = {
      overdue: "red",
      dueSoon: "amber",
      notYetDue: "grey",
      submittedOnTime: "green",
      submittedLate: "orange",
      received: "blue",
    };
    for (const s of STATUS_ORDER) {
      expect(statusTone(s)).toBe(tones[s]);
      expect(statusClass(s)).toBe(`tone-${tones[s]}`);
    }
    expect(new Set(STATUS_ORDER.map(statusTone)).size).toBe(6);
  });

  it("marks matrix cells with a symbol and a word, distinct per status", () => {
    const shown = STATUS_ORDER.map((s) => `${matrixMark(s).symbol} ${matrixMark(s).word}`);
    expect(new Set(shown).size).toBe(STATUS_ORDER.length);
    expect(matrixMark("submittedOnTime").symbol).toBe("✓");
    expect(matrixMark("received").symbol).toBe("✓✓");
    expect(matrixMark("overdue").symbol).toBe("✗");
    for (const s of STATUS_ORDER) expect(matrixMark(s).word).not.toBe("");
  });

  it("writes the full status and dates in a cell's tooltip", () => {
    expect(cellTitle("overdue", "2024-05-30", null)).toBe("Quá hạn — hạn 30/05/2024");
    expect(cellTitle("submittedLate", "2024-05-30", "2024-06-02")).toBe("Nộp muộn — hạn 30/05/2024, nộp 02/06/2024");
  });

  it("reads period keys", () => {
    expect(periodLabel("once")).toBe("");
    expect(periodLabel("2024")).toBe("Năm 2024");
    expect(periodLabel("2024-H1")).toBe("6 tháng đầu năm 2024");
    expect(periodLabel("2024-H2")).toBe("6 tháng cuối năm 2024");
    expect(periodLabel("2024-Q3")).toBe("Quý III/2024");
    expect(periodLabel("2024-05")).toBe("Tháng 05/2024");
    expect(periodLabel("khác")).toBe("khác");
  });
});

describe("who says 'received'", () => {
  it("is 'Cấp trên đã nhận' for our own report and 'Đã nhận' for a sub-office's", () => {
    expect(statusLabel("received")).toBe("Cấp trên đã nhận");
    expect(statusLabel("received", false)).toBe("Đã nhận");
    expect(statusLabel("overdue", false)).toBe("Quá hạn");
  });
});
