import { describe, expect, it } from "vitest";
import { reminderMessage } from "./reminders.svelte";

const list = (total: number) => ({ items: [], total });
const side = (overdue: number, dueSoon: number) => ({
  overdue: list(overdue),
  dueToday: list(0),
  thisWeek: list(0),
  dueSoon: list(dueSoon),
});

describe("reminder sentence", () => {
  it("is empty when there is nothing to remind", () => {
    expect(reminderMessage({ dueSoonDays: 7, own: side(0, 0), subOffices: side(0, 5) })).toBe("");
  });

  it("words the counts as the shell does", () => {
    expect(reminderMessage({ dueSoonDays: 7, own: side(2, 1), subOffices: side(9, 0) })).toBe(
      "Nhắc việc: 2 báo cáo của đơn vị đã quá hạn; 1 báo cáo sắp đến hạn trong 7 ngày tới; 9 báo cáo của đơn vị cấp dưới đã quá hạn.",
    );
  });
});
