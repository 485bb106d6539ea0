import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChecklistRequest } from "./bindings/ChecklistRequest";

// The shell is faked: `invoke` is mocked, and `window.__TAURI_INTERNALS__` makes `insideShell()` true.
const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { checklistPreview, isXlsxPath, saveChecklist, writeChecklist } = await import("./printing");
const { saveTableXlsx, writeTableXlsx } = await import("./tables");
const { AppError } = await import("./errors");

const REQUEST: ChecklistRequest = {
  kind: "matrix",
  from: "2024-01-01",
  to: "2025-12-31",
  officeId: null,
  documentId: null,
  preparedBy: "Lò Thị Mai",
};

describe("api/printing", () => {
  beforeEach(() => {
    vi.stubGlobal("window", { __TAURI_INTERNALS__: {} });
    invoke.mockReset();
  });
  afterEach(() => vi.unstubAllGlobals());

  it("asks checklist_preview with the request", async () => {
    invoke.mockResolvedValueOnce({ title: "TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ" });
    const checklist = await checklistPreview(REQUEST);
    expect(invoke).toHaveBeenCalledWith("checklist_preview", { request: REQUEST });
    expect(checklist.title).toBe("TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ");
  });

  it("passes open to save_checklist and returns the path, or null when cancelled", async () => {
    invoke.mockResolvedValueOnce("/home/a/Danh-sach.pdf").mockResolvedValueOnce(null);
    expect(await saveChecklist(REQUEST, true)).toBe("/home/a/Danh-sach.pdf");
    expect(invoke).toHaveBeenLastCalledWith("save_checklist", { request: REQUEST, open: true });
    expect(await saveChecklist(REQUEST, false)).toBeNull();
    expect(invoke).toHaveBeenLastCalledWith("save_checklist", { request: REQUEST, open: false });
  });

  it("writes to a typed path and turns a rejection into an AppError", async () => {
    invoke.mockResolvedValueOnce("/tmp/ds.pdf");
    expect(await writeChecklist(REQUEST, "/tmp/ds.pdf")).toBe("/tmp/ds.pdf");
    expect(invoke).toHaveBeenCalledWith("write_checklist", { request: REQUEST, path: "/tmp/ds.pdf" });
    invoke.mockRejectedValueOnce({ code: "io", message: "Không ghi được tệp /x/ds.pdf." });
    const error = await writeChecklist(REQUEST, "/x/ds.pdf").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "io", message: "Không ghi được tệp /x/ds.pdf." });
  });

  it("saves the same request as an Excel workbook, by dialog or to a typed .xlsx path", async () => {
    invoke.mockResolvedValueOnce("/home/a/Danh-sach.xlsx").mockResolvedValueOnce("/tmp/ds.xlsx");
    const table = { kind: "checklist" as const, request: REQUEST };
    expect(await saveTableXlsx(table)).toBe("/home/a/Danh-sach.xlsx");
    expect(invoke).toHaveBeenLastCalledWith("save_table_xlsx", { table });
    expect(await writeTableXlsx(table, "/tmp/ds.xlsx")).toBe("/tmp/ds.xlsx");
    expect(invoke).toHaveBeenLastCalledWith("write_table_xlsx", { table, path: "/tmp/ds.xlsx" });
    expect(isXlsxPath(" D:\\Bao cao\\ds.XLSX ")).toBe(true);
    expect(isXlsxPath("/tmp/ds.pdf")).toBe(false);
    expect(isXlsxPath("/tmp/xlsx")).toBe(false);
  });

  it("refuses outside the shell without calling invoke", async () => {
    vi.stubGlobal("window", {});
    await expect(checklistPreview(REQUEST)).rejects.toMatchObject({ code: "noShell" });
    expect(invoke).not.toHaveBeenCalled();
  });
});
