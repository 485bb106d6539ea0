import { describe, expect, it } from "vitest";
import type { OfficeSheetPreview } from "../../api/bindings/OfficeSheetPreview";
import { actionLabel, canImport, sheetSummary } from "./sheet";

const preview = (over: Partial<OfficeSheetPreview> = {}): OfficeSheetPreview => ({
  fileName: "xa.xlsx",
  rows: [],
  problems: [],
  added: 3,
  changed: 1,
  unchanged: 5,
  ...over,
});

describe("office sheet", () => {
  it("says what each row does", () => {
    expect(actionLabel("add")).toBe("Thêm mới");
    expect(actionLabel("change")).toBe("Sửa");
    expect(actionLabel("unchanged")).toBe("Giữ nguyên");
  });

  it("sums a preview up and imports only a right sheet with something to do", () => {
    expect(sheetSummary(preview())).toBe("«xa.xlsx»: thêm 3, sửa 1, giữ nguyên 5 đơn vị.");
    const wrong = preview({ problems: [{ row: 4, message: "Thiếu tên đơn vị." }] });
    expect(sheetSummary(wrong)).toBe("«xa.xlsx»: thêm 3, sửa 1, giữ nguyên 5 đơn vị; 1 dòng sai.");
    expect(canImport(preview())).toBe(true);
    expect(canImport(wrong)).toBe(false);
    expect(canImport(preview({ added: 0, changed: 0 }))).toBe(false);
  });
});
