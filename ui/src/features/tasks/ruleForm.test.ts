import { describe, expect, it } from "vitest";
import type { DeadlineRule } from "../../api/bindings/DeadlineRule";
import type { RuleSpec } from "../../api/bindings/RuleSpec";
import {
  dateChanged,
  dueMonthOptions,
  newRuleForm,
  ruleFormFromRule,
  ruleFormToInput,
  ruleFormToSpec,
  specsEqual,
  type RuleForm,
} from "./ruleForm";

const defaults = { year: 2024, from: "2024-05-06" };

function stored(spec: RuleSpec): DeadlineRule {
  return { id: "r1", label: "Báo cáo", spec, description: "", sourceText: "câu", passedDownFrom: null, history: [] };
}

function roundTrip(spec: RuleSpec): RuleSpec | null {
  const result = ruleFormToSpec(ruleFormFromRule(stored(spec), defaults));
  return result.ok ? result.spec : null;
}

describe("rule form ⇄ RuleSpec", () => {
  it("round-trips every kind", () => {
    const specs: RuleSpec[] = [
      { kind: "date", due: "2023-06-23" },
      { kind: "month", year: 2020, month: 12 },
      { kind: "quarter", year: 2019, quarter: 1 },
      { kind: "range", start: "2024-11-15", end: "2024-12-15" },
      { kind: "recurring", frequency: "quarterly", dueMonth: 4, day: 10, from: "2024-01-01", until: null },
      { kind: "recurring", frequency: "yearly", dueMonth: 11, day: 30, from: "2024-05-06", until: "2024-12-31" },
      { kind: "tiered", tiers: [{ level: 3, due: "2024-06-14" }, { level: 2, due: "2024-06-21" }] },
      { kind: "relative", event: "Đại hội", offsetDays: -15 },
      { kind: "relative", event: "Đại hội", offsetDays: 5, eventDate: "2026-05-20" },
    ];
    for (const spec of specs) expect(roundTrip(spec)).toEqual(spec);
  });

  it("reads a deadline counted from an event, its date once entered", () => {
    const form = newRuleForm(defaults);
    form.kind = "relative";
    expect(ruleFormToSpec(form)).toMatchObject({ ok: false, errors: { event: expect.any(String), offsetDays: expect.any(String) } });
    form.event = " Đại hội ";
    form.offsetDays = "15";
    expect(ruleFormToSpec(form)).toEqual({ ok: true, spec: { kind: "relative", event: "Đại hội", offsetDays: -15 } });
    form.direction = "after";
    form.eventDate = "20/5/2026";
    expect(ruleFormToSpec(form)).toEqual({ ok: true, spec: { kind: "relative", event: "Đại hội", offsetDays: 15, eventDate: "2026-05-20" } });
  });

  it("reads dates typed as d/m/yyyy", () => {
    const form: RuleForm = { ...newRuleForm(defaults), due: "5.6.2024" };
    expect(ruleFormToSpec(form)).toEqual({ ok: true, spec: { kind: "date", due: "2024-06-05" } });
  });

  it("starts new rules from the plan's date and year", () => {
    const form = newRuleForm(defaults);
    expect(form.kind).toBe("date");
    expect(form.from).toBe("06/05/2024");
    expect(form.year).toBe("2024");
    expect(form.id).toBeNull();
  });

  it("says what is missing or wrong, in Vietnamese", () => {
    const empty = ruleFormToSpec(newRuleForm(defaults));
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.errors.due).toMatch(/ngày hạn/);

    const badRange = ruleFormToSpec({ ...newRuleForm(defaults), kind: "range", start: "15/12/2024", end: "15/11/2024" });
    expect(badRange.ok).toBe(false);
    if (!badRange.ok) expect(badRange.errors.end).toMatch(/sau hoặc trùng/);

    const badDay = ruleFormToSpec({ ...newRuleForm(defaults), kind: "recurring", day: "32" });
    expect(badDay.ok).toBe(false);
    if (!badDay.ok) expect(badDay.errors.day).toMatch(/1 đến 31/);

    const badUntil = ruleFormToSpec({ ...newRuleForm(defaults), kind: "recurring", until: "01/01/2020" });
    expect(badUntil.ok).toBe(false);
    if (!badUntil.ok) expect(badUntil.errors.until).toBeDefined();

    const badYear = ruleFormToSpec({ ...newRuleForm(defaults), kind: "month", year: "24" });
    expect(badYear.ok).toBe(false);
    if (!badYear.ok) expect(badYear.errors.year).toBeDefined();

    const twice = ruleFormToSpec({
      ...newRuleForm(defaults),
      kind: "tiered",
      tiers: [
        { key: 1, level: "2", due: "31/05/2024" },
        { key: 2, level: "2", due: "10/06/2024" },
      ],
    });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.errors.tierRows?.[1]).toMatch(/mỗi cấp/);
  });

  it("asks for a reason only when a stored rule's date changed", () => {
    const form = ruleFormFromRule(stored({ kind: "date", due: "2016-11-30" }), defaults);
    expect(dateChanged(form)).toBe(false);
    expect(ruleFormToInput(form)).toMatchObject({ ok: true, input: { id: "r1", changeNote: "" } });

    form.due = "31/01/2017";
    expect(dateChanged(form)).toBe(true);
    const refused = ruleFormToInput(form);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.changeNote).toMatch(/lý do/);

    form.changeNote = "Theo Công văn số 15";
    expect(ruleFormToInput(form)).toEqual({
      ok: true,
      input: { id: "r1", label: "Báo cáo", spec: { kind: "date", due: "2017-01-31" }, sourceText: "câu", changeNote: "Theo Công văn số 15" },
    });

    expect(dateChanged({ ...newRuleForm(defaults), due: "01/01/2024" })).toBe(false);
  });

  it("compares specs regardless of field order", () => {
    expect(specsEqual({ kind: "month", year: 2020, month: 12 }, { month: 12, kind: "month", year: 2020 } as RuleSpec)).toBe(true);
    expect(specsEqual({ kind: "month", year: 2020, month: 12 }, { kind: "month", year: 2020, month: 11 })).toBe(false);
  });
});

describe("due month choices", () => {
  it("offers readable months for every frequency, up to the next period", () => {
    expect(dueMonthOptions("monthly").map((o) => o.label)).toEqual(["ngay trong tháng", "tháng sau"]);
    const quarterly = dueMonthOptions("quarterly");
    expect(quarterly).toHaveLength(6);
    expect(quarterly.find((o) => o.value === "4")?.label).toBe("tháng đầu quý sau");
    const yearly = dueMonthOptions("yearly");
    expect(yearly).toHaveLength(24);
    expect(yearly.find((o) => o.value === "5")?.label).toBe("tháng 5");
    expect(yearly.find((o) => o.value === "13")?.label).toBe("tháng 1 năm sau");
    expect(dueMonthOptions("halfYearly")).toHaveLength(12);
  });
});
