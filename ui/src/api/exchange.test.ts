import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The shell is faked: `invoke` and `listen` are mocked, and `window.__TAURI_INTERNALS__` makes
// `insideShell()` true.
const invoke = vi.fn();
const unlisten = vi.fn();
let progressHandler: ((event: { payload: unknown }) => void) | null = null;
const listen = vi.fn(async (_event: string, handler: (event: { payload: unknown }) => void) => {
  progressHandler = handler;
  return unlisten;
});

vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => ({
  listen: (event: string, handler: (event: { payload: unknown }) => void) => listen(event, handler),
}));

const { exportBundle, importBundle, previewBundle, removableDrives, startupNotice, EXPORT_PROGRESS_EVENT } = await import("./exchange");
const { AppError } = await import("./errors");

describe("api/exchange", () => {
  beforeEach(() => {
    vi.stubGlobal("window", { __TAURI_INTERNALS__: {} });
    invoke.mockReset();
    unlisten.mockReset();
    listen.mockClear();
    progressHandler = null;
  });
  afterEach(() => vi.unstubAllGlobals());

  it("listens to export-progress while exporting and stops listening afterwards", async () => {
    const seen: unknown[] = [];
    invoke.mockImplementation(async (command: string, args: unknown) => {
      expect(command).toBe("export_bundle");
      expect(args).toEqual({ recipient: "lcu", folder: null });
      progressHandler?.({ payload: { records: 10, filesDone: 1, filesTotal: 2 } });
      return { path: "/usb/a.skh", bundleId: "b", records: 10, files: 2, bytes: 4096 };
    });
    const result = await exportBundle("lcu", (p) => seen.push(p));
    expect(listen).toHaveBeenCalledWith(EXPORT_PROGRESS_EVENT, expect.any(Function));
    expect(EXPORT_PROGRESS_EVENT).toBe("export-progress");
    expect(seen).toEqual([{ records: 10, filesDone: 1, filesTotal: 2 }]);
    expect(result?.path).toBe("/usb/a.skh");
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it("writes into a given folder (a USB stick) without the picker", async () => {
    invoke.mockResolvedValueOnce({ path: "E:\\a.skh", bundleId: "b", records: 1, files: 0, bytes: 10 });
    await exportBundle("lcu", undefined, "E:\\");
    expect(invoke).toHaveBeenLastCalledWith("export_bundle", { recipient: "lcu", folder: "E:\\" });
    invoke.mockResolvedValueOnce([]);
    expect(await removableDrives()).toEqual([]);
    expect(invoke).toHaveBeenLastCalledWith("removable_drives", undefined);
  });

  it("stops listening when the export fails or is cancelled", async () => {
    invoke.mockRejectedValueOnce({ code: "io", message: "Không ghi được vào USB." });
    await expect(exportBundle("lcu", () => {})).rejects.toMatchObject({ code: "io", message: "Không ghi được vào USB." });
    expect(unlisten).toHaveBeenCalledTimes(1);

    invoke.mockResolvedValueOnce(null);
    expect(await exportBundle("lcu", () => {})).toBeNull();
    expect(unlisten).toHaveBeenCalledTimes(2);
  });

  it("passes the path to preview and import", async () => {
    invoke.mockResolvedValue({});
    await previewBundle("/usb/x.skh");
    expect(invoke).toHaveBeenLastCalledWith("preview_bundle", { path: "/usb/x.skh" });
    await importBundle("/usb/x.skh");
    expect(invoke).toHaveBeenLastCalledWith("import_bundle", { path: "/usb/x.skh" });
    invoke.mockResolvedValue(null);
    expect(await startupNotice()).toBeNull();
    expect(invoke).toHaveBeenLastCalledWith("startup_notice", undefined);
  });

  it("keeps a refused bundle's code and Vietnamese message", async () => {
    const message = "Chữ ký của gói dữ liệu không hợp lệ: tệp đã bị sửa sau khi ký hoặc bị hỏng. Không nhập.";
    invoke.mockRejectedValueOnce({ code: "bundleRefused", message });
    const error = await importBundle("/usb/x.skh").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "bundleRefused", message });
  });

  it("does not listen outside the app window", async () => {
    vi.stubGlobal("window", {});
    await expect(exportBundle("lcu", () => {})).rejects.toMatchObject({ code: "noShell" });
    expect(listen).not.toHaveBeenCalled();
  });
});
