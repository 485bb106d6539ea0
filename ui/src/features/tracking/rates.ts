// Reporting rate and timeliness as DHIS2 defines them: received ÷ expected and on time ÷ expected.

import type { Rates } from "../../api/bindings/Rates";

/** The rate in whole percent, or null when nothing is expected yet. */
export function ratePercent(part: number, expected: number): number | null {
  if (expected <= 0) return null;
  return Math.round((part * 100) / expected);
}

/** "67% (2/3)"; "—" when nothing is expected yet. */
export function formatRate(part: number, expected: number): string {
  const percent = ratePercent(part, expected);
  return percent === null ? "—" : `${percent}% (${part}/${expected})`;
}

export function reportingRate(rates: Rates): string {
  return formatRate(rates.received, rates.expected);
}

export function onTimeRate(rates: Rates): string {
  return formatRate(rates.onTime, rates.expected);
}
