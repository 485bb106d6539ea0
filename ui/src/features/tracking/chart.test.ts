import { describe, expect, it } from "vitest";
import { chartGeometry, fillMonths, monthLabel, pathOf } from "./chart";

const r = (period: string, expected: number, received: number, onTime: number) => ({
  period,
  rates: { expected, received, onTime },
});

describe("rates chart", () => {
  it("labels months dd-less: 05/2024", () => {
    expect(monthLabel("2024-05")).toBe("05/2024");
  });

  it("fills missing months between the first and the last", () => {
    const months = fillMonths([r("2024-11", 2, 1, 1), r("2025-02", 1, 1, 0)]).map((m) => m.period);
    expect(months).toEqual(["2024-11", "2024-12", "2025-01", "2025-02"]);
    expect(fillMonths([])).toEqual([]);
  });

  it("leaves off months with nothing expected yet at both ends", () => {
    const months = fillMonths([r("2024-04", 0, 0, 0), r("2024-05", 2, 1, 1), r("2024-11", 0, 0, 0)]).map((m) => m.period);
    expect(months).toEqual(["2024-05"]);
  });

  it("places 0% on the bottom and 100% on the top of the plot", () => {
    const g = chartGeometry([r("2024-05", 4, 4, 2), r("2024-06", 2, 0, 0)], 720, 280);
    const [first, second] = g.reporting;
    expect(first?.y).toBeCloseTo(g.plot.top);
    expect(second?.y).toBeCloseTo(g.plot.bottom);
    expect(first?.x).toBeCloseTo(g.plot.left);
    expect(second?.x).toBeCloseTo(g.plot.right);
    expect(g.onTime[0]?.percent).toBe(50);
    expect(g.yTicks.map((t) => t.label)).toEqual(["0%", "25%", "50%", "75%", "100%"]);
  });

  it("skips months with nothing expected, keeping their place on the axis", () => {
    const g = chartGeometry([r("2024-05", 1, 1, 1), r("2024-06", 0, 0, 0), r("2024-07", 2, 1, 1)]);
    expect(g.reporting.map((p) => p.period)).toEqual(["2024-05", "2024-07"]);
    expect(g.months.length).toBe(3);
  });

  it("keeps at most about twelve month labels", () => {
    const data = Array.from({ length: 36 }, (_, i) =>
      r(`${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`, 1, 1, 1),
    );
    const g = chartGeometry(data);
    expect(g.xTicks.length).toBeLessThanOrEqual(13);
    expect(g.xTicks[g.xTicks.length - 1]?.label).toBe("12/2025");
  });

  it("never puts two month labels on top of each other", () => {
    const data = Array.from({ length: 42 }, (_, i) =>
      r(`${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`, 1, 1, 1),
    );
    const g = chartGeometry(data);
    const gaps = g.xTicks.slice(1).map((t, i) => t.at - (g.xTicks[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThan(40);
  });

  it("draws a path through the points", () => {
    expect(pathOf([{ x: 1, y: 2, percent: 0, period: "", part: 0, expected: 1 }, { x: 3, y: 4, percent: 0, period: "", part: 0, expected: 1 }])).toBe(
      "M1.0 2.0 L3.0 4.0",
    );
  });
});
