// The deadline rule editor's state (every field as typed, dates as dd/mm/yyyy) and its
// conversion to and from the backend's RuleSpec. Kept free of Svelte so it can be unit-tested.

import type { DeadlineRule } from "../../api/bindings/DeadlineRule";
import type { DeadlineRuleInput } from "../../api/bindings/DeadlineRuleInput";
import type { Frequency } from "../../api/bindings/Frequency";
import type { RuleSpec } from "../../api/bindings/RuleSpec";
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

export const FREQUENCIES: readonly { value: Frequency; label: string }[] = [
  { value: "monthly", label: "Hằng tháng" },
  { value: "quarterly", label: "Hằng quý" },
  { value: "halfYearly", label: "6 tháng một lần" },
  { value: "yearly", label: "Hằng năm" },
];

export const QUARTERS: readonly { value: string; label: string }[] = [
  { value: "1", label: "Quý I" },
  { value: "2", label: "Quý II" },
  { value: "3", label: "Quý III" },
  { value: "4", label: "Quý IV" },
];

const ROMAN = ["I", "II", "III", "IV"];

/** Length of one period in months. */
export function periodMonths(frequency: Frequency): number {
  switch (frequency) {
    case "monthly":
      return 1;
    case "quarterly":
      return 3;
    case "halfYearly":
      return 6;
    case "yearly":
      return 12;
  }
}

/**
 * The choices for "tháng nộp" of a recurring rule, in words. The backend counts months from the
 * first month of each period (1 = the period's first month) up to twice the period's length
 * (the months of the following period).
 */
export function dueMonthOptions(frequency: Frequency): { value: string; label: string }[] {
  const n = periodMonths(frequency);
  const options: { value: string; label: string }[] = [];
  for (let m = 1; m <= n * 2; m++) {
    let label: string;
    switch (frequency) {
      case "monthly":
        label = m === 1 ? "ngay trong tháng" : "tháng sau";
        break;
      case "quarterly":
        label = ["tháng đầu quý", "tháng giữa quý", "tháng cuối quý", "tháng đầu quý sau", "tháng giữa quý sau", "tháng cuối quý sau"][m - 1] ?? `tháng thứ ${m}`;
        break;
      case "halfYearly":
        label =
          m <= 6
            ? `tháng thứ ${m} của kỳ (tháng ${m} và tháng ${m + 6})`
            : `tháng thứ ${m - 6} của kỳ sau (tháng ${m} và tháng ${m - 6} năm sau)`;
        break;
      case "yearly":
        label = m <= 12 ? `tháng ${m}` : `tháng ${m - 12} năm sau`;
        break;
    }
    options.push({ value: String(m), label });
  }
  return options;
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

/**
 * A rule in words, for rules the backend has not described (the earlier dates in a rule's
 * history): "Trước ngày 30/05/2024", "Hằng năm, trước ngày 30/11".
 */
export function describeSpec(spec: RuleSpec, levelName: (rank: number) => string = (r) => `cấp ${r}`): string {
  switch (spec.kind) {
    case "date":
      return `Trước ngày ${formatDate(spec.due)}`;
    case "month":
      return `Trong tháng ${String(spec.month).padStart(2, "0")}/${spec.year}`;
    case "quarter":
      return `Trong quý ${ROMAN[spec.quarter - 1] ?? spec.quarter} năm ${spec.year}`;
    case "range":
      return `Từ ngày ${formatDate(spec.start)} đến ngày ${formatDate(spec.end)}`;
    case "recurring": {
      const { frequency, dueMonth, day } = spec;
      let base: string;
      switch (frequency) {
        case "monthly":
          base = dueMonth === 1 ? `Hằng tháng, trước ngày ${day}` : `Hằng tháng, trước ngày ${day} tháng sau`;
          break;
        case "quarterly":
          base = `Hằng quý, trước ngày ${day} của ${dueMonthOptions("quarterly")[dueMonth - 1]?.label ?? `tháng thứ ${dueMonth}`}`;
          break;
        case "halfYearly":
          base = `6 tháng một lần, trước ngày ${day} tháng thứ ${dueMonth} của kỳ`;
          break;
        case "yearly":
          base = dueMonth <= 12 ? `Hằng năm, trước ngày ${day}/${dueMonth}` : `Hằng năm, trước ngày ${day}/${dueMonth - 12} năm sau`;
          break;
      }
      return spec.until ? `${base} (đến ${formatDate(spec.until)})` : base;
    }
    case "tiered":
      return `Theo cấp — ${spec.tiers.map((t) => `${levelName(t.level)}: ${formatDate(t.due)}`).join("; ")}`;
    case "relative": {
      const n = Math.abs(spec.offsetDays);
      const base = spec.offsetDays === 0 ? `Ngày ${spec.event}` : `${n} ngày ${spec.offsetDays < 0 ? "trước" : "sau"} ${spec.event}`;
      return spec.eventDate ? `${base} (${spec.event} ngày ${formatDate(spec.eventDate)})` : `${base} (chưa có ngày ${spec.event})`;
    }
  }
}
