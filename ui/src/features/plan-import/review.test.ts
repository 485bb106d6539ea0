import { describe, expect, it } from "vitest";
import type { Extraction } from "../../api/bindings/Extraction";
import type { Office } from "../../api/bindings/Office";
import {
  assigneeRows,
  covers,
  describeChoice,
  evidenceFor,
  formOutline,
  isChosen,
  issuesFor,
  NO_ASSIGNEE_MESSAGE,
  reviewFromExtraction,
  reviewToPlan,
  segments,
  setFormOutline,
  settledByForm,
} from "./review";

const offices: Office[] = [
  { id: "o1", code: "LCU", name: "Hội LHPN tỉnh Lai Châu", level: 1, parentId: null, isOwn: true },
  { id: "o2", code: "TDG", name: "Hội LHPN huyện Tam Đường", level: 2, parentId: "o1", isOwn: false },
];

function extraction(): Extraction {
  const text = "Số: 45/KH-HLHPN\nKẾ HOẠCH\nTháng hành động\n1. Hội LHPN các huyện báo cáo trước ngày 20/12/2026.";
  return {
    plan: {
      format: "sokehoach.plan/1",
      document: {
        kind: "keHoach",
        number: "45",
        symbol: "KH-HLHPN",
        numberStyle: "state",
        issuedOn: "2026-11-10",
        place: "Lai Châu",
        issuer: "HỘI LHPN TỈNH LAI CHÂU",
        title: "Tháng hành động",
        signer: "Lò Thị Hà",
        signerTitle: "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH",
        recipients: ["Lưu VP"],
        references: [],
        body: text,
      },
      tasks: [
        {
          title: "Báo cáo",
          description: "",
          assignees: [],
          reportTo: null,
          deadlines: [{ label: "Báo cáo kết quả", rule: { kind: "date", due: "2026-12-20" }, sourceText: "…", history: [] }],
        },
        {
          title: "Tuyên truyền",
          description: "",
          assignees: [{ kind: "level", under: "LCU", level: 2 }],
          reportTo: "LCU",
          deadlines: [],
        },
      ],
    },
    fields: [
      { field: "document.number", start: 0, end: 15, snippet: "", confidence: 1, note: "" },
      { field: "document.symbol", start: 0, end: 15, snippet: "", confidence: 1, note: "" },
      { field: "document.title", start: 25, end: 40, snippet: "", confidence: 1, note: "" },
      { field: "tasks[0]", start: 41, end: 92, snippet: "", confidence: 1, note: "" },
      { field: "tasks[0].deadlines[0].rule", start: 71, end: 91, snippet: "", confidence: 1, note: "" },
    ],
    unresolved: [
      { kind: "assigneeUnmatched", field: "tasks[0].assignees", message: "Chọn đơn vị", phrase: "Hội LHPN các huyện", start: 44, end: 62 },
    ],
    tasks: [
      {
        assignees: ["Hội LHPN các huyện"],
        reportTo: null,
        deadlines: [{ phrase: "trước ngày 20/12/2026", description: "Trước ngày 20/12/2026", yearInferred: false, submitter: null, reportTo: null }],
        choices: [
          { kind: "level", under: "LCU", level: 2 },
          { kind: "role", role: "Phó Chủ tịch Thường trực" },
          { kind: "office", code: "LCU" },
        ],
      },
      { assignees: ["Hội LHPN các huyện"], reportTo: "Hội LHPN tỉnh", deadlines: [], choices: [] },
    ],
    sections: [],
    sourceText: text,
  };
}

describe("segments", () => {
  it("cuts the text at every span, overlapping spans listed together, and loses nothing", () => {
    const text = "abcdefghij";
    const segs = segments(text, [
      { field: "a", start: 1, end: 5 },
      { field: "b", start: 3, end: 8 },
      { field: "out", start: 9, end: 40 },
    ]);
    expect(segs.map((s) => s.text).join("")).toBe(text);
    expect(segs.map((s) => [s.text, s.fields])).toEqual([
      ["a", []],
      ["bc", ["a"]],
      ["de", ["a", "b"]],
      ["fgh", ["b"]],
      ["i", []],
      ["j", ["out"]],
    ]);
  });

  it("keeps Vietnamese text whole (indexes are JS string indexes)", () => {
    const x = extraction();
    const segs = segments(x.sourceText, x.fields);
    expect(segs.find((s) => s.fields.includes("document.title"))?.text).toBe("Tháng hành động");
  });
});

describe("fields and issues", () => {
  it("finds a field's own evidence, else a part's", () => {
    const x = extraction();
    expect(covers("tasks[0]", "tasks[0].deadlines[0]")).toBe(true);
    expect(covers("tasks[1]", "tasks[10]")).toBe(false);
    expect(evidenceFor(x.fields, "tasks[0].deadlines[0]")?.field).toBe("tasks[0].deadlines[0].rule");
    expect(evidenceFor(x.fields, "document.title")?.start).toBe(25);
    expect(issuesFor(x.unresolved, "tasks[0].assignees")).toHaveLength(1);
    expect(issuesFor(x.unresolved, "tasks[1]")).toHaveLength(0);
  });
});

describe("review form", () => {
  it("refuses a task without assignees, then saves codes once an office is chosen", () => {
    const x = extraction();
    const form = reviewFromExtraction(x, offices, "2026-11-20");
    expect(form.document.issuedOn).toBe("10/11/2026");
    expect(form.tasks[0]!.rules[0]!.due).toBe("20/12/2026");
    expect(form.tasks[1]!.rows).toMatchObject([{ kind: "level", level: "2", under: "o1" }]);

    const refused = reviewToPlan(form, offices);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.tasks[form.tasks[0]!.key]?.assignees).toBe(NO_ASSIGNEE_MESSAGE);
    expect(settledByForm(x.unresolved[0]!, form)).toBe(false);

    const row = form.tasks[0]!.rows[0]!;
    if (row.kind === "office") row.officeId = "o2";
    form.document.title += " (sửa)";
    expect(settledByForm(x.unresolved[0]!, form)).toBe(true);
    const saved = reviewToPlan(form, offices);
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.plan.document.title).toBe("Tháng hành động (sửa)");
    expect(saved.plan.document.issuedOn).toBe("2026-11-10");
    expect(saved.plan.document.signerTitle).toBe("TM. BAN THƯỜNG VỤ\nCHỦ TỊCH");
    expect(saved.plan.tasks[0]).toMatchObject({
      assignees: [{ kind: "office", code: "TDG" }],
      reportTo: null,
      deadlines: [{ label: "Báo cáo kết quả", rule: { kind: "date", due: "2026-12-20" }, history: [] }],
    });
    expect(saved.plan.tasks[1]).toMatchObject({ assignees: [{ kind: "level", under: "LCU", level: 2 }], reportTo: "LCU" });
  });

  it("keeps the outline read with a deadline, and the reviewer may take it off", () => {
    const x = extraction();
    const outline = {
      source: "Nội dung báo cáo",
      notes: [],
      headings: [{ style: "number" as const, marker: "1", text: "Kết quả", depth: 1, notes: ["có số liệu so sánh"] }],
    };
    x.plan.tasks[0]!.deadlines[0]!.outline = outline;
    const form = reviewFromExtraction(x, offices, "2026-11-20");
    expect(formOutline(form)).toEqual(outline);
    const row = form.tasks[0]!.rows[0]!;
    if (row.kind === "office") row.officeId = "o2";
    const saved = reviewToPlan(form, offices);
    expect(saved.ok && saved.plan.tasks[0]!.deadlines[0]!.outline).toEqual(outline);
    setFormOutline(form, null);
    expect(formOutline(form)).toBeNull();
    const without = reviewToPlan(form, offices);
    expect(without.ok && "outline" in without.plan.tasks[0]!.deadlines[0]!).toBe(false);
  });

  it("lets the reviewer drop the task instead", () => {
    const form = reviewFromExtraction(extraction(), offices, "2026-11-20");
    form.tasks = form.tasks.slice(1);
    const saved = reviewToPlan(form, offices);
    expect(saved.ok && saved.plan.tasks.length).toBe(1);
  });
});

describe("who reports, in one click", () => {
  const levelName = (r: number) => ["Trung ương", "Tỉnh", "Huyện"][r] ?? `cấp ${r}`;

  it("names the choices as the task list names assignees, and saves the one clicked", () => {
    const x = extraction();
    const form = reviewFromExtraction(x, offices, "2026-11-20");
    const task = form.tasks[0]!;
    expect(task.choices.map((c) => describeChoice(c, offices, levelName))).toEqual([
      "các đơn vị cấp Huyện thuộc Hội LHPN tỉnh Lai Châu",
      "Phó Chủ tịch Thường trực (Hội LHPN tỉnh Lai Châu)",
      "Hội LHPN tỉnh Lai Châu",
    ]);
    const role = task.choices[1]!;
    expect(isChosen(task, role, offices)).toBe(false);
    task.rows = assigneeRows([role], offices);
    expect(isChosen(task, role, offices)).toBe(true);
    expect(settledByForm(x.unresolved[0]!, form)).toBe(true);
    const saved = reviewToPlan(form, offices);
    expect(saved.ok && saved.plan.tasks[0]!.assignees).toEqual([{ kind: "role", role: "Phó Chủ tịch Thường trực" }]);
  });

  it("keeps a deadline counted from an event to settle until its date is entered", () => {
    const x = extraction();
    x.plan.tasks[0]!.deadlines[0]!.rule = { kind: "relative", event: "Đại hội", offsetDays: -15 };
    const issue = { kind: "eventDeadline" as const, field: "tasks[0].deadlines[0]", message: "Hãy nhập ngày Đại hội", phrase: "15 ngày trước Đại hội", start: 0, end: 0 };
    const form = reviewFromExtraction(x, offices, "2026-11-20");
    expect(settledByForm(issue, form)).toBe(false);
    form.tasks[0]!.rules[0]!.eventDate = "20/05/2026";
    expect(settledByForm(issue, form)).toBe(true);
  });

  it("keeps a text/appendix conflict to settle until one of the two deadlines is removed", () => {
    const x = extraction();
    x.plan.tasks[0]!.deadlines.push({ label: "Báo cáo kết quả", rule: { kind: "date", due: "2026-12-25" }, sourceText: "…", history: [] });
    x.tasks[0]!.deadlines.push({ phrase: "25/12/2026", description: "", yearInferred: false, submitter: null, reportTo: null });
    const conflict = (j: number) => ({ kind: "dateConflict" as const, field: `tasks[0].deadlines[${j}]`, message: "Hai thời hạn", phrase: "", start: 0, end: 0 });
    const all = [conflict(0), conflict(1)];
    const form = reviewFromExtraction(x, offices, "2026-11-20");
    expect(settledByForm(all[0]!, form, all)).toBe(false);
    form.tasks[0]!.rules = form.tasks[0]!.rules.slice(0, 1);
    expect(settledByForm(all[0]!, form, all)).toBe(true);
    expect(settledByForm(all[1]!, form, all)).toBe(true);
  });
});
