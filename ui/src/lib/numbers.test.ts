import { describe, expect, it } from "vitest";
import { formatCount, formatSize } from "./numbers";

describe("numbers", () => {
  it("groups thousands with dots", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1000)).toBe("1.000");
    expect(formatCount(1234567)).toBe("1.234.567");
    expect(formatCount(-1500)).toBe("-1.500");
  });

  it("shows sizes in byte, KB, MB, GB with a decimal comma", () => {
    expect(formatSize(0)).toBe("0 byte");
    expect(formatSize(850)).toBe("850 byte");
    expect(formatSize(1024)).toBe("1 KB");
    expect(formatSize(12522)).toBe("12,2 KB");
    expect(formatSize(48213)).toBe("47,1 KB");
    expect(formatSize(1536 * 1024)).toBe("1,5 MB");
    expect(formatSize(5 * 1024 * 1024 * 1024)).toBe("5 GB");
    expect(formatSize(1234 * 1024 * 1024 * 1024)).toBe("1.234 GB");
  });
});
