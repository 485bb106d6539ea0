import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "./errors";

describe("toAppError", () => {
  it("keeps the shell's code and Vietnamese message", () => {
    const e = toAppError({ code: "conflict", message: "Mã đơn vị đã được dùng." });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("conflict");
    expect(e.message).toBe("Mã đơn vị đã được dùng.");
  });

  it("turns anything else into an internal error that keeps the original text", () => {
    const fromString = toAppError("command nope not found");
    expect(fromString.code).toBe("internal");
    expect(fromString.message).toContain("command nope not found");
    expect(fromString.message).toMatch(/^Đã xảy ra lỗi/);

    const unknownCode = toAppError({ code: "teapot", message: "x" });
    expect(unknownCode.code).toBe("internal");

    const fromError = toAppError(new TypeError("boom"));
    expect(fromError.code).toBe("internal");
    expect(fromError.message).toContain("boom");
  });

  it("passes AppError through", () => {
    const e = new AppError("noShell", "Ứng dụng phải chạy trong cửa sổ Sổ Kế Hoạch.");
    expect(toAppError(e)).toBe(e);
  });
});
