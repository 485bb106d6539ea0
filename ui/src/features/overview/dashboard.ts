// The dashboard's four lists per side, and the deadline-list filters that show each one in full.

import type { DashboardSide } from "../../api/bindings/DashboardSide";
import { STATUS_LABELS } from "../../api/wording";
import { addDays, weekStart } from "../../lib/dates";

export type DashboardList = keyof DashboardSide;

export const DASHBOARD_LISTS: readonly DashboardList[] = ["overdue", "dueToday", "thisWeek", "dueSoon"];

/** Heading of a list; "Sắp đến hạn (7 ngày)" names the configured window. */
export function listTitle(list: DashboardList, dueSoonDays: number): string {
  switch (list) {
    case "overdue":
      return STATUS_LABELS.overdue;
    case "dueToday":
      return "Hôm nay";
    case "thisWeek":
      return "Tuần này";
    case "dueSoon":
      return `${STATUS_LABELS.dueSoon} (${dueSoonDays} ngày)`;
  }
}

/** "3 quá hạn", "0 hôm nay": the count first, so it reads (and is tested) as a number. */
export function countText(list: DashboardList, total: number): string {
  switch (list) {
    case "overdue":
      return `${total} quá hạn`;
    case "dueToday":
      return `${total} đến hạn hôm nay`;
    case "thisWeek":
      return `${total} trong tuần này`;
    case "dueSoon":
      return `${total} sắp đến hạn`;
  }
}

/** The filters of the full list behind a dashboard list, as the backend computes it. */
export function listRange(
  list: DashboardList,
  today: string,
  dueSoonDays: number,
): { dueFrom: string | null; dueTo: string | null; openOnly: boolean } {
  switch (list) {
    case "overdue":
      return { dueFrom: null, dueTo: addDays(today, -1), openOnly: true };
    case "dueToday":
      return { dueFrom: today, dueTo: today, openOnly: false };
    case "thisWeek": {
      const monday = weekStart(today);
      return { dueFrom: monday, dueTo: addDays(monday, 6), openOnly: false };
    }
    case "dueSoon":
      return { dueFrom: today, dueTo: addDays(today, dueSoonDays), openOnly: true };
  }
}
