import { describe, expect, it } from "vitest";
import type { DeadlineItem } from "../../api/bindings/DeadlineItem";
import { groupByOffice } from "./instances";

const item = (officeId: string, officeName: string, dueOn: string): DeadlineItem => ({
  instanceId: `${officeId}-${dueOn}`,
  ruleId: "r",
  taskId: "t",
  documentId: "d",
  officeId,
  officeCode: officeId.toUpperCase(),
  officeName,
  label: "Báo cáo",
  taskTitle: "",
  documentTitle: "",
  documentNumberLine: "",
  period: "once",
  startsOn: null,
  dueOn,
  status: "notYetDue",
  reportId: null,
  submittedOn: null,
  receivedOn: null,
  nonWorkingReason: null,
  passedDownFrom: null,
  upperDueOn: null,
  canRecordReport: true,
});

describe("instances grouped by office", () => {
  it("orders offices the Vietnamese way and deadlines soonest first", () => {
    const groups = groupByOffice([
      item("b", "Hội LHPN xã Đông", "2024-11-30"),
      item("a", "Hội LHPN xã Dào", "2024-05-30"),
      item("b", "Hội LHPN xã Đông", "2024-05-30"),
    ]);
    expect(groups.map((g) => g.officeName)).toEqual(["Hội LHPN xã Dào", "Hội LHPN xã Đông"]);
    expect(groups[1]?.items.map((i) => i.dueOn)).toEqual(["2024-05-30", "2024-11-30"]);
  });
});
