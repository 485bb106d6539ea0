// The deadline rule editor's state (every field as typed, dates as dd/mm/yyyy) and its
// conversion to and from the backend's RuleSpec. Kept free of Svelte so it can be unit-tested.

import type { DeadlineRule } from "../../api/bindings/DeadlineRule";
import type { DeadlineRuleInput } from "../../api/bindings/DeadlineRuleInput";
import type { Frequency } from "../../api/bindings/Frequency";
import type { RuleSpec } from "../../api/bindings/RuleSpec";
import { DUE_MONTH_LABELS, PERIOD_MONTHS } from "../../api/wording";
import { formatDate, parseDate } from "../../lib/dates";

export type RuleKind = RuleSpec["kind"];

export const RULE_KINDS: readonly { value: RuleKind; label: string }[] = [
  { value: "date", label: "Ngày cụ thể" },
  { value: "month", label: "Trong tháng" },
  { value: "quarter", label: "Trong quý" },
  { value: "range", label: "Khoảng thời gian" },
  { value: "recurring", label: "Định kỳ" },
  { value: "tiered", label: "Theo cấp" },
  { value: "relative", label: "Tính theo sự kiện" },
];

export { FREQUENCIES } from "../../api/wording";

export const QUARTERS: readonly { value: string; label: string }[] = [
  { value: "1", label: "Quý I" },
  { value: "2", label: "Quý II" },
  { value: "3", label: "Quý III" },
  { value: "4", label: "Quý IV" },
];

/** Length of one period in months (from the core). */
export function periodMonths(frequency: Frequency): number {
  return PERIOD_MONTHS[frequency];
}

/**
 * The choices for "tháng nộp" of a recurring rule, in the core's words. Months count from the
 * first month of each period (1 = the period's first month) up to twice the period's length (the
 * months of the following period).
 */
export function dueMonthOptions(frequency: Frequency): { value: string; label: string }[] {
  return DUE_MONTH_LABELS[frequency].map((label, i) => ({ value: String(i + 1), label }));
}

export interface TierForm {
  key: number;
  level: string;
  due: string;
}

/** One rule in the editor. Every field of every kind is kept, so switching kind loses nothing. */
export interface RuleForm {
  /** Identity in the editor's list (not stored). */
  key: number;
  /** The stored rule being edited; null for a new one. */
  id: string | null;
  label: string;
  sourceText: string;
  changeNote: string;
  kind: RuleKind;
  /** date */
  due: string;
  /** month ("1"–"12"), quarter ("1"–"4"), and their year */
  month: string;
  quarter: string;
  year: string;
  /** range */
  start: string;
  end: string;
  /** recurring */
  frequency: Frequency;
  dueMonth: string;
  day: string;
  from: string;
  until: string;
  /** tiered */
  tiers: TierForm[];
  /** relative: the event ("Đại hội"), how many days, before or after it, and its date once known */
  event: string;
  offsetDays: string;
  direction: "before" | "after";
  eventDate: string;
  /** The stored spec of an existing rule, to tell whether its date changed. */
  original: RuleSpec | null;
}

export type RuleField =
  | "due"
  | "month"
  | "quarter"
  | "year"
  | "start"
  | "end"
  | "dueMonth"
  | "day"
  | "from"
  | "until"
  | "tiers"
  | "event"
  | "offsetDays"
  | "eventDate"
  | "changeNote";

export type RuleErrors = Partial<Record<RuleField, string>> & {
  /** Per tier row, by index. */
  tierRows?: (string | undefined)[];
};

let lastKey = 0;
export function nextKey(): number {
  lastKey += 1;
  return lastKey;
}

/** What a new rule starts with: the plan's year and date. */
export interface RuleDefaults {
  year: number;
  /** ISO date a recurring rule starts from (usually the plan's date). */
  from: string;
}

export function newRuleForm(defaults: RuleDefaults): RuleForm {
  return {
    key: nextKey(),
    id: null,
    label: "",
    sourceText: "",
    changeNote: "",
    kind: "date",
    due: "",
    month: "12",
    quarter: "4",
    year: String(defaults.year),
    start: "",
    end: "",
    frequency: "yearly",
    dueMonth: "12",
    day: "15",
    from: formatDate(defaults.from),
    until: "",
    tiers: [{ key: nextKey(), level: "", due: "" }],
    event: "",
    offsetDays: "",
    direction: "before",
    eventDate: "",
    original: null,
  };
}

/** The editor state of a stored rule. */
export function ruleFormFromRule(rule: DeadlineRule, defaults: RuleDefaults): RuleForm {
  const form = newRuleForm(defaults);
  form.id = rule.id;
  form.label = rule.label;
  form.sourceText = rule.sourceText;
  form.original = rule.spec;
  return fillFromSpec(form, rule.spec);
}

function fillFromSpec(form: RuleForm, spec: RuleSpec): RuleForm {
  form.kind = spec.kind;
  switch (spec.kind) {
    case "date":
      form.due = formatDate(spec.due);
      break;
    case "month":
      form.month = String(spec.month);
      form.year = String(spec.year);
      break;
    case "quarter":
      form.quarter = String(spec.quarter);
      form.year = String(spec.year);
      break;
    case "range":
      form.start = formatDate(spec.start);
      form.end = formatDate(spec.end);
      break;
    case "recurring":
      form.frequency = spec.frequency;
      form.dueMonth = String(spec.dueMonth);
      form.day = String(spec.day);
      form.from = formatDate(spec.from);
      form.until = formatDate(spec.until);
      break;
    case "tiered":
      form.tiers = spec.tiers.map((t) => ({ key: nextKey(), level: String(t.level), due: formatDate(t.due) }));
      break;
    case "relative":
      form.event = spec.event;
      form.offsetDays = String(Math.abs(spec.offsetDays));
      form.direction = spec.offsetDays < 0 ? "before" : "after";
      form.eventDate = formatDate(spec.eventDate ?? null);
      break;
  }
  return form;
}

export type SpecResult = { ok: true; spec: RuleSpec } | { ok: false; errors: RuleErrors };

function requiredDate(text: string, errors: RuleErrors, field: RuleField, missing: string): string | null {
  const parsed = parseDate(text);
  if (!parsed.ok) {
    errors[field] = parsed.message;
    return null;
  }
  if (parsed.iso === null) {
    errors[field] = missing;
    return null;
  }
  return parsed.iso;
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

function readYear(text: string, errors: RuleErrors): number | null {
  const year = wholeNumber(text);
  if (year === null || year < 1900 || year > 2200) {
    errors.year = "Năm phải có 4 chữ số, ví dụ 2024.";
    return null;
  }
  return year;
}

/** Reads the fields of the chosen kind; errors say in Vietnamese what to fix. */
export function ruleFormToSpec(form: RuleForm): SpecResult {
  const errors: RuleErrors = {};
  let spec: RuleSpec | null = null;
  switch (form.kind) {
    case "date": {
      const due = requiredDate(form.due, errors, "due", "Hãy nhập ngày hạn, ví dụ 30/05/2024.");
      if (due) spec = { kind: "date", due };
      break;
    }
    case "month": {
      const month = wholeNumber(form.month);
      if (month === null || month < 1 || month > 12) errors.month = "Hãy chọn tháng.";
      const year = readYear(form.year, errors);
      if (month !== null && month >= 1 && month <= 12 && year !== null) spec = { kind: "month", year, month };
      break;
    }
    case "quarter": {
      const quarter = wholeNumber(form.quarter);
      if (quarter === null || quarter < 1 || quarter > 4) errors.quarter = "Hãy chọn quý.";
      const year = readYear(form.year, errors);
      if (quarter !== null && quarter >= 1 && quarter <= 4 && year !== null) spec = { kind: "quarter", year, quarter };
      break;
    }
    case "range": {
      const start = requiredDate(form.start, errors, "start", "Hãy nhập ngày bắt đầu.");
      const end = requiredDate(form.end, errors, "end", "Hãy nhập ngày kết thúc.");
      if (start && end) {
        if (start > end) errors.end = "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.";
        else spec = { kind: "range", start, end };
      }
      break;
    }
    case "recurring": {
      const max = periodMonths(form.frequency) * 2;
      const dueMonth = wholeNumber(form.dueMonth);
      if (dueMonth === null || dueMonth < 1 || dueMonth > max) errors.dueMonth = "Hãy chọn tháng nộp trong kỳ.";
      const day = wholeNumber(form.day);
      if (day === null || day < 1 || day > 31) errors.day = "Ngày trong tháng phải từ 1 đến 31.";
      const from = requiredDate(form.from, errors, "from", "Hãy nhập ngày bắt đầu áp dụng (thường là ngày của kế hoạch).");
      const untilParsed = parseDate(form.until);
      let until: string | null = null;
      if (!untilParsed.ok) errors.until = untilParsed.message;
      else until = untilParsed.iso;
      if (from && until && until < from) errors.until = "Ngày kết thúc phải sau ngày bắt đầu áp dụng.";
      if (Object.keys(errors).length === 0 && dueMonth !== null && day !== null && from) {
        spec = { kind: "recurring", frequency: form.frequency, dueMonth, day, from, until };
      }
      break;
    }
    case "tiered": {
      const rows: (string | undefined)[] = [];
      const tiers: { level: number; due: string }[] = [];
      const seen = new Set<number>();
      form.tiers.forEach((t, i) => {
        const level = wholeNumber(t.level);
        const parsed = parseDate(t.due);
        if (level === null) rows[i] = "Hãy chọn cấp.";
        else if (seen.has(level)) rows[i] = "Cấp này đã có ở dòng trên; mỗi cấp chỉ một hạn.";
        else if (!parsed.ok) rows[i] = parsed.message;
        else if (parsed.iso === null) rows[i] = "Hãy nhập ngày hạn của cấp này.";
        else {
          seen.add(level);
          tiers.push({ level, due: parsed.iso });
        }
      });
      if (form.tiers.length === 0) errors.tiers = "Hãy thêm ít nhất một cấp và ngày hạn.";
      if (rows.some((r) => r !== undefined)) errors.tierRows = rows;
      if (!errors.tiers && !errors.tierRows) spec = { kind: "tiered", tiers };
      break;
    }
    case "relative": {
      const event = form.event.trim();
      if (event === "") errors.event = "Hãy nhập tên sự kiện, ví dụ “Đại hội”.";
      const days = wholeNumber(form.offsetDays);
      if (days === null || days > 3660) errors.offsetDays = "Số ngày phải là số nguyên từ 0 đến 3660.";
      const date = parseDate(form.eventDate);
      if (!date.ok) errors.eventDate = date.message;
      if (Object.keys(errors).length === 0 && days !== null && date.ok) {
        const offsetDays = form.direction === "before" ? -days : days;
        spec = date.iso ? { kind: "relative", event, offsetDays, eventDate: date.iso } : { kind: "relative", event, offsetDays };
      }
      break;
    }
  }
  if (spec === null) return { ok: false, errors };
  return { ok: true, spec };
}

/** Whether two specs state the same deadline (field order does not matter). */
export function specsEqual(a: RuleSpec, b: RuleSpec): boolean {
  return canonical(a) === canonical(b);
}

function canonical(spec: RuleSpec): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, sorted(v)]),
      );
    }
    return value;
  };
  return JSON.stringify(sorted(spec));
}

/**
 * Whether an existing rule's date has been changed in the editor (then "Lý do thay đổi" is
 * asked). False for new rules and while the fields cannot be read.
 */
export function dateChanged(form: RuleForm): boolean {
  if (form.original === null) return false;
  const result = ruleFormToSpec(form);
  return result.ok && !specsEqual(result.spec, form.original);
}

export type InputResult = { ok: true; input: DeadlineRuleInput } | { ok: false; errors: RuleErrors };

/** The rule as the backend takes it, or the errors to show. */
export function ruleFormToInput(form: RuleForm): InputResult {
  const result = ruleFormToSpec(form);
  if (!result.ok) return result;
  const changed = form.original !== null && !specsEqual(result.spec, form.original);
  if (changed && form.changeNote.trim() === "") {
    return {
      ok: false,
      errors: { changeNote: "Hãy ghi lý do thay đổi thời hạn, ví dụ “Theo Công văn số 15/CV-BTV ngày 02/5/2024”." },
    };
  }
  return {
    ok: true,
    input: {
      id: form.id,
      label: form.label.trim(),
      spec: result.spec,
      sourceText: form.sourceText.trim(),
      changeNote: changed ? form.changeNote.trim() : "",
    },
  };
}
