import { beforeEach, describe, expect, it, vi } from "vitest";
import { dismissStartupNotice, resetStartupNoticeForTests, takeStartupNotice } from "./startupNotice";

describe("takeStartupNotice", () => {
  beforeEach(() => resetStartupNoticeForTests());

  it("asks the shell once and hands out the same answer", async () => {
    const fetch = vi.fn(async () => "Thư mục dữ liệu này được chép từ máy khác.");
    expect(await takeStartupNotice(fetch)).toBe("Thư mục dữ liệu này được chép từ máy khác.");
    expect(await takeStartupNotice(fetch)).toBe("Thư mục dữ liệu này được chép từ máy khác.");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("treats no notice, a blank one and a failure as nothing to show", async () => {
    expect(await takeStartupNotice(async () => null)).toBeNull();
    resetStartupNoticeForTests();
    expect(await takeStartupNotice(async () => "  ")).toBeNull();
    resetStartupNoticeForTests();
    expect(await takeStartupNotice(() => Promise.reject(new Error("no shell")))).toBeNull();
  });

  it("stays closed once dismissed", async () => {
    const fetch = vi.fn(async () => "Thư mục dữ liệu này được chép từ máy khác.");
    expect(await takeStartupNotice(fetch)).not.toBeNull();
    dismissStartupNotice();
    expect(await takeStartupNotice(fetch)).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
