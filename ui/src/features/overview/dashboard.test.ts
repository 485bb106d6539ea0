import { describe, expect, it } from "vitest";
import { countText, listRange, listTitle } from "./dashboard";

describe("dashboard lists", () => {
  it("names the lists, the due-soon one with its window", () => {
    expect(listTitle("overdue", 7)).toBe("Quá hạn");
    expect(listTitle("dueSoon", 7)).toBe("Sắp đến hạn (7 ngày)");
  });

  it("puts the count first", () => {
    expect(countText("overdue", 3)).toMatch(/^3 /);
    expect(countText("dueToday", 0)).toMatch(/^0 /);
  });

  it("gives the filters of the full lists, as the backend counts them", () => {
    // 25/11/2026 is a Wednesday.
    expect(listRange("overdue", "2026-11-25", 7)).toEqual({ dueFrom: null, dueTo: "2026-11-24", openOnly: true });
    expect(listRange("dueToday", "2026-11-25", 7)).toEqual({ dueFrom: "2026-11-25", dueTo: "2026-11-25", openOnly: false });
    expect(listRange("thisWeek", "2026-11-25", 7)).toEqual({ dueFrom: "2026-11-23", dueTo: "2026-11-29", openOnly: false });
    expect(listRange("dueSoon", "2026-11-25", 7)).toEqual({ dueFrom: "2026-11-25", dueTo: "2026-12-02", openOnly: true });
  });
});
