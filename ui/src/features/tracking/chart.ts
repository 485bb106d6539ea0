// Geometry of the monthly rates chart (reporting rate and on-time rate), computed here so the
// SVG component only draws and the numbers can be unit-tested.

import type { PeriodRates } from "../../api/bindings/PeriodRates";
import { ratePercent } from "./rates";

export interface ChartPoint {
  x: number;
  y: number;
  /** Whole percent. */
  percent: number;
  period: string;
  part: number;
  expected: number;
}

export interface ChartTick {
  at: number;
  label: string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: ChartTick[];
  yTicks: ChartTick[];
  /** The points of each series; months with nothing expected have no point and are skipped. */
  reporting: ChartPoint[];
  onTime: ChartPoint[];
  months: string[];
}

/** Longest span of months drawn; older months are left out. */
export const MAX_MONTHS = 48;

/** "2024-05" → "05/2024". */
export function monthLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[2]}/${m[1]}` : period;
}

function nextMonth(period: string): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/**
 * Every month from the first to the last month with something expected, gaps filled with zero
 * counts (months with nothing due yet, e.g. the future, are left off at both ends).
 */
export function fillMonths(data: PeriodRates[]): PeriodRates[] {
  const valid = data
    .filter((d) => /^\d{4}-\d{2}$/.test(d.period) && d.rates.expected > 0)
    .sort((a, b) => a.period.localeCompare(b.period));
  const first = valid[0];
  const last = valid[valid.length - 1];
  if (!first || !last) return [];
  const byPeriod = new Map(valid.map((d) => [d.period, d]));
  const out: PeriodRates[] = [];
  for (let p = first.period; p <= last.period; p = nextMonth(p)) {
    out.push(byPeriod.get(p) ?? { period: p, rates: { expected: 0, received: 0, onTime: 0 } });
  }
  return out.slice(-MAX_MONTHS);
}

export function chartGeometry(data: PeriodRates[], width = 720, height = 280): ChartGeometry {
  const months = fillMonths(data);
  const plot = { left: 56, top: 16, right: width - 32, bottom: height - 56 };
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  const step = months.length > 1 ? plotWidth / (months.length - 1) : 0;
  const xOf = (i: number) => (months.length > 1 ? plot.left + i * step : plot.left + plotWidth / 2);
  const yOf = (percent: number) => plot.bottom - (percent / 100) * plotHeight;

  const series = (pick: (r: PeriodRates["rates"]) => number): ChartPoint[] =>
    months.flatMap((m, i) => {
      const part = pick(m.rates);
      const percent = ratePercent(part, m.rates.expected);
      return percent === null ? [] : [{ x: xOf(i), y: yOf(percent), percent, period: m.period, part, expected: m.rates.expected }];
    });

  // At most about twelve month labels, evenly spaced.
  const every = Math.max(1, Math.ceil(months.length / 12));
  // The last month is always labelled; a regular label too close before it is dropped.
  const last = months.length - 1;
  const xTicks = months
    .map((m, i) => ({ at: xOf(i), label: monthLabel(m.period), i }))
    .filter((t) => t.i === last || (t.i % every === 0 && last - t.i >= Math.ceil(every * 0.6)))
    .map(({ at, label }) => ({ at, label }));
  const yTicks = [0, 25, 50, 75, 100].map((p) => ({ at: yOf(p), label: `${p}%` }));

  return {
    width,
    height,
    plot,
    xTicks,
    yTicks,
    reporting: series((r) => r.received),
    onTime: series((r) => r.onTime),
    months: months.map((m) => m.period),
  };
}

/** SVG path data through the points of a series. */
export function pathOf(points: ChartPoint[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(" ");
}
