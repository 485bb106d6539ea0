import { describe, expect, it } from "vitest";
import type { Checklist } from "../../api/bindings/Checklist";
import type { Column } from "../../api/bindings/Column";
import {
  KIND_OPTIONS,
  PERIOD_OPTIONS,
  PREPARED_BY_KEY,
  alignClass,
  cellBold,
  cellText,
  columnWidths,
  handouts,
  loadPreparedBy,
  periodRange,
  placeDateLine,
  planUse,
  previewSummary,
  rowCount,
  savePreparedBy,
  usesOffice,
} from "./checklist";

const col = (header: string, width: Column["width"], align: Column["align"] = "left"): Column => ({ header, width, align });

function checklist(over: Partial<Checklist> = {}): Checklist {
  return {
    parentIssuer: "HỘI LHPN VIỆT NAM",
    issuer: "HỘI LHPN TỈNH LAI CHÂU",
    place: "Lai Châu",
    date: "2023-06-05",
    title: "DANH SÁCH HẠN BÁO CÁO",
    shortTitle: "Hạn báo cáo",
    subtitle: null,
    orientation: "portrait",
    columns: [col("STT", { kind: "mm", value: 10 }, "center"), col("Nội dung", { kind: "fraction", value: 1 })],
    groups: [
      { heading: "Quá hạn", rows: [[{ kind: "text", text: "1" }, { kind: "bold", text: "Báo cáo quý" }]] },
      { heading: "Thứ Hai, 30/11/2026", rows: [[{ kind: "text", text: "2" }, { kind: "checkbox" }], [{ kind: "text", text: "3" }, { kind: "text", text: "x" }]] },
    ],
    pageBreakBetweenGroups: false,
    groupColumn: null,
    keyColumns: 0,
    legend: [],
    signature: { title: "NGƯỜI LẬP", name: "" },
    footnote: null,
    ...over,
  };
}

describe("choices", () => {
  it("offers the four ChecklistKind values with Vietnamese labels", () => {
    expect(KIND_OPTIONS.map((k) => k.value)).toEqual(["office", "plan", "subOffices", "matrix"]);
    expect(KIND_OPTIONS.map((k) => k.label)).toEqual([
      "Hạn của đơn vị",
      "Theo kế hoạch",
      "Đơn vị cấp dưới còn nợ",
      "Bảng theo dõi các đơn vị",
    ]);
    expect(PERIOD_OPTIONS.map((p) => p.value)).toEqual(["week", "month", "quarter", "custom"]);
  });

  it("asks for an office except for a plan, and for a plan only for plan (required) and matrix", () => {
    expect(usesOffice("plan")).toBe(false);
    expect(usesOffice("matrix")).toBe(true);
    expect(planUse("plan")).toBe("required");
    expect(planUse("matrix")).toBe("optional");
    expect(planUse("office")).toBe("none");
    expect(planUse("subOffices")).toBe("none");
  });
});

describe("periodRange", () => {
  it("gives Monday to Sunday for this week, also across a month or year end", () => {
    expect(periodRange("week", "2024-06-05")).toEqual({ from: "2024-06-03", to: "2024-06-09" });
    expect(periodRange("week", "2024-06-02")).toEqual({ from: "2024-05-27", to: "2024-06-02" }); // a Sunday
    expect(periodRange("week", "2025-01-01")).toEqual({ from: "2024-12-30", to: "2025-01-05" });
  });

  it("gives the whole month, February of a leap year included", () => {
    expect(periodRange("month", "2024-02-10")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(periodRange("month", "2023-11-30")).toEqual({ from: "2023-11-01", to: "2023-11-30" });
  });

  it("gives the calendar quarter", () => {
    expect(periodRange("quarter", "2024-01-01")).toEqual({ from: "2024-01-01", to: "2024-03-31" });
    expect(periodRange("quarter", "2024-05-15")).toEqual({ from: "2024-04-01", to: "2024-06-30" });
    expect(periodRange("quarter", "2024-09-30")).toEqual({ from: "2024-07-01", to: "2024-09-30" });
    expect(periodRange("quarter", "2024-12-31")).toEqual({ from: "2024-10-01", to: "2024-12-31" });
  });
});

describe("placeDateLine", () => {
  it("matches the PDF wording: day < 10 and months 1–2 zero-padded", () => {
    expect(placeDateLine("Lai Châu", "2023-06-05")).toBe("Lai Châu, ngày 05 tháng 6 năm 2023");
    expect(placeDateLine("Lai Châu", "2023-02-05")).toBe("Lai Châu, ngày 05 tháng 02 năm 2023");
    expect(placeDateLine("Tam Đường", "2024-01-15")).toBe("Tam Đường, ngày 15 tháng 01 năm 2024");
    expect(placeDateLine("Lai Châu", "2024-12-31")).toBe("Lai Châu, ngày 31 tháng 12 năm 2024");
    expect(placeDateLine("Lai Châu", "2024-03-10")).toBe("Lai Châu, ngày 10 tháng 3 năm 2024");
  });

  it("leaves out the comma when there is no place", () => {
    expect(placeDateLine(" ", "2023-06-05")).toBe("ngày 05 tháng 6 năm 2023");
  });
});

describe("columnWidths", () => {
  it("keeps mm columns at their share of the printed width and shares the rest by fraction", () => {
    const widths = columnWidths(
      [col("STT", { kind: "mm", value: 16.5 }), col("A", { kind: "fraction", value: 3 }), col("B", { kind: "fraction", value: 1 })],
      "portrait",
    );
    expect(widths).toEqual(["10%", "67.5%", "22.5%"]);
  });

  it("uses the landscape width in landscape", () => {
    expect(columnWidths([col("STT", { kind: "mm", value: 25.7 }), col("A", { kind: "fraction", value: 1 })], "landscape")).toEqual(["10%", "90%"]);
  });

  it("leaves the widths to the browser when a column is auto", () => {
    expect(columnWidths([col("A", { kind: "auto" }), col("B", { kind: "mm", value: 20 })], "portrait")).toEqual([undefined, undefined]);
  });
});

describe("cells and rows", () => {
  it("shows text and bold as their text, and a tick box as ☐", () => {
    expect(cellText({ kind: "text", text: "Đúng hạn" })).toBe("Đúng hạn");
    expect(cellText({ kind: "bold", text: "Quá hạn" })).toBe("Quá hạn");
    expect(cellText({ kind: "checkbox" })).toBe("☐");
    expect(alignClass("center")).toBe("sheet-center");
  });

  it("shows typed cells as the PDF prints them and statuses that need action in bold", () => {
    expect(cellText({ kind: "date", date: "2026-11-05" })).toBe("05/11/2026");
    expect(cellText({ kind: "count", value: 12 })).toBe("12");
    expect(cellText({ kind: "rate", part: 1, whole: 3 })).toBe("33%");
    expect(cellText({ kind: "rate", part: 0, whole: 0 })).toBe("—");
    expect(cellText({ kind: "status", text: "Quá hạn", tone: "red" })).toBe("Quá hạn");
    expect(cellBold({ kind: "status", text: "Quá hạn", tone: "red" })).toBe(true);
    expect(cellBold({ kind: "status", text: "Nộp đúng hạn", tone: "green" })).toBe(false);
    expect(cellBold({ kind: "bold", text: "x" })).toBe(true);
  });

  it("counts data rows only and makes one hand-out per group when pages break between groups", () => {
    expect(rowCount(checklist())).toBe(3);
    expect(handouts(checklist())).toHaveLength(1);
    expect(handouts(checklist({ pageBreakBetweenGroups: true }))).toHaveLength(2);
    expect(previewSummary(checklist())).toBe("Khổ A4 dọc, 3 dòng");
    expect(previewSummary(checklist({ orientation: "landscape", pageBreakBetweenGroups: true }))).toBe(
      "Khổ A4 ngang, 2 bản riêng (mỗi nhóm bắt đầu trang mới), 3 dòng",
    );
  });
});

describe("preparedBy storage", () => {
  function memory() {
    const map = new Map<string, string>();
    return {
      map,
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
  }

  it("remembers a trimmed name and forgets an empty one", () => {
    const s = memory();
    expect(loadPreparedBy(s)).toBe("");
    savePreparedBy(s, "  Lò Thị Mai ");
    expect(s.map.get(PREPARED_BY_KEY)).toBe("Lò Thị Mai");
    expect(loadPreparedBy(s)).toBe("Lò Thị Mai");
    savePreparedBy(s, "  ");
    expect(loadPreparedBy(s)).toBe("");
  });

  it("survives storage that throws or is missing", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    };
    expect(loadPreparedBy(broken)).toBe("");
    expect(() => savePreparedBy(broken, "A")).not.toThrow();
    expect(loadPreparedBy(undefined)).toBe("");
  });
});
