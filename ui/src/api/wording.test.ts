// One source of wording: the labels the core makes (src-tauri/core/src/wording.rs, generated into
// bindings/wording.ts) and the rule descriptions it writes (`describe_rules`) must not be written
// again in the UI. This reads every source file of the UI and fails when a copy comes back.

import { describe, expect, it } from "vitest";
import { DUE_MONTH_LABELS, ERROR_CODES, FREQUENCIES, STATUS_LABELS, TABLE_LABELS } from "./bindings/wording";
import { dueMonthOptions, periodMonths } from "../features/tasks/ruleForm";
import { statusLabel } from "../features/tracking/status";
import { tableLabel } from "../features/exchange/exchangeText";

const sources = import.meta.glob(["../**/*.ts", "../**/*.svelte", "!./bindings/**", "!../**/*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/**
 * The core's labels that are its own words: none may stand in a UI source file as a string literal.
 * Table names are common words ("Đơn vị" is also a menu entry), so for them a copy is a table
 * name mapped to its label (`documents: "Văn bản"`).
 */
const coreLabels = [...Object.values(STATUS_LABELS), ...FREQUENCIES.map((f) => f.label), ...Object.values(DUE_MONTH_LABELS).flat()];
const tableCopies = Object.entries(TABLE_LABELS).map(([table, label]) => new RegExp(`["']?${table}["']?\\s*:\\s*["'\`]${label}["'\`]`));

/** Pieces of the rule descriptions the core writes (RuleSpec::describe_with_levels). */
const descriptionPieces = ["Hằng quý, trước ngày", "Hằng tháng, trước ngày", "Hằng năm, trước ngày", "6 tháng một lần, trước ngày", "Theo cấp —", "ngày trước ${", "Trong quý ${"];

function literals(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$]*)`/g)) found.add(m[1] ?? m[2] ?? m[3] ?? "");
  return found;
}

describe("one source of wording", () => {
  it("reads the UI's own sources", () => {
    const files = Object.keys(sources);
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.endsWith("features/tasks/ruleForm.ts"))).toBe(true);
    expect(files.some((f) => f.includes("/bindings/"))).toBe(false);
  });

  it("keeps no copy of the core's labels", () => {
    const copies: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      const found = literals(text);
      for (const label of coreLabels) if (found.has(label)) copies.push(`${file}: "${label}"`);
      for (const copy of tableCopies) if (copy.test(text)) copies.push(`${file}: ${copy.source}`);
    }
    expect(copies).toEqual([]);
  });

  it("describes no rule itself", () => {
    const copies: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const piece of descriptionPieces) if (text.includes(piece)) copies.push(`${file}: ${piece}`);
    }
    expect(copies).toEqual([]);
  });

  it("lists the error codes nowhere by hand", () => {
    const lists = Object.entries(sources)
      .filter(([, text]) => ERROR_CODES.filter((code) => literals(text).has(code)).length >= 3)
      .map(([file]) => file);
    expect(lists).toEqual([]);
  });

  it("shows the core's words", () => {
    expect(statusLabel("overdue")).toBe(STATUS_LABELS.overdue);
    expect(tableLabel("deadline_rules")).toBe(TABLE_LABELS.deadline_rules);
    expect(dueMonthOptions("quarterly").map((o) => o.label)).toEqual(DUE_MONTH_LABELS.quarterly);
    expect(dueMonthOptions("quarterly")[1]).toEqual({ value: "2", label: "tháng giữa quý" });
    expect(periodMonths("halfYearly")).toBe(6);
  });
});
