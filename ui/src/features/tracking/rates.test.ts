import { describe, expect, it } from "vitest";
import { formatRate, onTimeRate, ratePercent, reportingRate } from "./rates";

describe("rates", () => {
  it("formats part of expected as a rounded percent with the counts", () => {
    expect(formatRate(2, 3)).toBe("67% (2/3)");
    expect(formatRate(1, 3)).toBe("33% (1/3)");
    expect(formatRate(0, 9)).toBe("0% (0/9)");
    expect(formatRate(4, 4)).toBe("100% (4/4)");
  });

  it("shows a dash when nothing is expected yet", () => {
    expect(formatRate(0, 0)).toBe("—");
    expect(ratePercent(0, 0)).toBeNull();
  });

  it("reads reporting and on-time rates from the counts", () => {
    const r = { expected: 3, received: 2, onTime: 1 };
    expect(reportingRate(r)).toBe("67% (2/3)");
    expect(onTimeRate(r)).toBe("33% (1/3)");
  });
});
