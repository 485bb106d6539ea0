// Generated deadline instances of a task, grouped by office for display.

import type { DeadlineItem } from "../../api/bindings/DeadlineItem";

export interface OfficeGroup {
  officeId: string;
  officeName: string;
  officeCode: string;
  items: DeadlineItem[];
}

/** Groups by office (offices in Vietnamese order), each group's deadlines soonest first. */
export function groupByOffice(items: DeadlineItem[]): OfficeGroup[] {
  const groups = new Map<string, OfficeGroup>();
  for (const item of items) {
    let group = groups.get(item.officeId);
    if (!group) {
      group = { officeId: item.officeId, officeName: item.officeName, officeCode: item.officeCode, items: [] };
      groups.set(item.officeId, group);
    }
    group.items.push(item);
  }
  const collator = new Intl.Collator("vi");
  const out = [...groups.values()].sort((a, b) => collator.compare(a.officeName, b.officeName));
  for (const g of out) g.items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.label.localeCompare(b.label));
  return out;
}
