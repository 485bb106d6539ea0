// The plan import review's state, kept free of Svelte so it can be unit-tested: the source text
// cut into highlighted segments, the draft as editable forms, and the forms back into a PlanFile.

import type { DocKind } from "../../api/bindings/DocKind";
import type { DocumentInput } from "../../api/bindings/DocumentInput";
import type { Extraction } from "../../api/bindings/Extraction";
import type { ExtractionIssue } from "../../api/bindings/ExtractionIssue";
import type { FieldEvidence } from "../../api/bindings/FieldEvidence";
import type { NumberStyle } from "../../api/bindings/NumberStyle";
import type { Office } from "../../api/bindings/Office";
import type { PlanAssignee } from "../../api/bindings/PlanAssignee";
import type { PlanDeadline } from "../../api/bindings/PlanDeadline";
import type { PlanFile } from "../../api/bindings/PlanFile";
import type { ReportOutline } from "../../api/bindings/ReportOutline";
import type { PlanRuleChange } from "../../api/bindings/PlanRuleChange";
import type { PlanTask } from "../../api/bindings/PlanTask";
import { formatDate, parseDate } from "../../lib/dates";
import type { Assignee } from "../../api/bindings/Assignee";
import { describeAssignee, officeRow, rowsFromAssignees, rowsToAssignees, type AssigneeRow } from "../tasks/assignees";
import { nextKey, ruleFormFromRule, ruleFormToSpec, type RuleDefaults, type RuleErrors, type RuleForm } from "../tasks/ruleForm";

/** A piece of the source text; `fields` are the evidence paths covering it (none: plain text). */
export interface Segment {
  start: number;
  end: number;
  text: string;
  fields: string[];
}

/**
 * Cuts `text` at every evidence boundary. Spans may overlap (number, symbol and style share one
 * line); a piece covered by several spans lists them all. Spans outside the text are clipped.
 */
export function segments(text: string, evidence: readonly Pick<FieldEvidence, "field" | "start" | "end">[]): Segment[] {
  const spans = evidence
    .map((e) => ({ field: e.field, start: Math.max(0, e.start), end: Math.min(text.length, e.end) }))
    .filter((e) => e.end > e.start);
  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    const fields = spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.field);
    const last = out[out.length - 1];
    // Neighbouring plain pieces are joined so the text stays a few nodes.
    if (fields.length === 0 && last && last.fields.length === 0) {
      last.end = end;
      last.text = text.slice(last.start, end);
    } else {
      out.push({ start, end, text: text.slice(start, end), fields });
    }
  }
  return out;
}

/** Whether `path` is `field` or one of its parts: `tasks[0]` covers `tasks[0].deadlines[1]`. */
export function covers(field: string, path: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

/** The evidence for a field: its own span, else the first span of one of its parts. */
export function evidenceFor(evidence: readonly FieldEvidence[], field: string): FieldEvidence | undefined {
  return evidence.find((e) => e.field === field) ?? evidence.find((e) => covers(field, e.field));
}

/** The issues about a field or one of its parts. */
export function issuesFor(issues: readonly ExtractionIssue[], field: string): ExtractionIssue[] {
  return issues.filter((i) => i.field !== "" && covers(field, i.field));
}

export interface DocumentForm {
  kind: DocKind;
  number: string;
  symbol: string;
  numberStyle: NumberStyle;
  /** dd/mm/yyyy */
  issuedOn: string;
  place: string;
  issuer: string;
  title: string;
  signer: string;
  signerTitle: string;
  /** One per line. */
  recipients: string;
  references: string;
  body: string;
}

/** Per deadline of a task: what the editor does not hold. */
export interface DeadlineExtra {
  /** The date phrase as written ("trước ngày 20/12/2026"). */
  phrase: string;
  /** The rule in words, as read. */
  description: string;
  history: PlanRuleChange[];
  /** Its index in the extraction (for evidence paths), null for a deadline added in review. */
  index: number | null;
  /** Who the program thinks must meet it, as the sentence names them; null when it names nobody. */
  submitter: string | null;
  /** The outline (đề cương) its report must follow, as read or chosen in review; null for none. */
  outline: ReportOutline | null;
}

export interface TaskForm {
  key: number;
  /** Index in the extraction (evidence paths `tasks[i]…`). */
  index: number;
  title: string;
  description: string;
  /** Offices as the plan names them. */
  phrases: string[];
  reportToPhrase: string | null;
  rows: AssigneeRow[];
  /** Code of the office reports go to; "" = our own office. */
  reportTo: string;
  /** Who the review offers in one click: offices, levels, roles inside our office. */
  choices: PlanAssignee[];
  rules: RuleForm[];
  /** By rule key. */
  extras: Record<number, DeadlineExtra>;
}

export interface ReviewForm {
  document: DocumentForm;
  tasks: TaskForm[];
}

/** The rule defaults of a plan: its year and date (1 January when it has none). */
export function ruleDefaults(issuedOn: string | null, today: string): RuleDefaults {
  const from = issuedOn ?? `${today.slice(0, 4)}-01-01`;
  return { year: Number(from.slice(0, 4)), from };
}

/** A plan assignee (offices by code; a role is our own office's) as the store names it. */
export function planAssigneeToAssignee(a: PlanAssignee, offices: readonly Office[]): Assignee {
  const id = (code: string) => offices.find((o) => o.code === code)?.id ?? "";
  switch (a.kind) {
    case "office":
      return { kind: "office", officeId: id(a.code) };
    case "level":
      return { kind: "level", level: a.level, under: id(a.under) };
    case "role":
      return { kind: "role", role: a.role, officeId: offices.find((o) => o.isOwn)?.id ?? "" };
  }
}

export function assigneeRows(assignees: PlanAssignee[], offices: readonly Office[]): AssigneeRow[] {
  const rows = rowsFromAssignees(assignees.map((p) => planAssigneeToAssignee(p, offices)));
  return rows.length > 0 ? rows : [officeRow()];
}

/** A one-click choice in words, as the task list names assignees. */
export function describeChoice(choice: PlanAssignee, offices: readonly Office[], levelName: (rank: number) => string): string {
  return describeAssignee(planAssigneeToAssignee(choice, offices), new Map(offices.map((o) => [o.id, o])), levelName);
}

/** Whether the task's rows are exactly `choice`. */
export function isChosen(task: TaskForm, choice: PlanAssignee, offices: readonly Office[]): boolean {
  const rows = rowsToAssignees(task.rows);
  const a = planAssigneeToAssignee(choice, offices);
  const key = (x: Assignee) => (x.kind === "level" ? `l:${x.level}:${x.under}` : x.kind === "role" ? `r:${x.officeId}:${x.role}` : `o:${x.officeId}`);
  return rows.ok && rows.assignees.length === 1 && key(rows.assignees[0]!) === key(a);
}

/** The editable forms of a drafted plan. */
export function reviewFromExtraction(extraction: Extraction, offices: readonly Office[], today: string): ReviewForm {
  const d = extraction.plan.document;
  const defaults = ruleDefaults(d.issuedOn, today);
  return {
    document: {
      kind: d.kind,
      number: d.number,
      symbol: d.symbol,
      numberStyle: d.numberStyle,
      issuedOn: formatDate(d.issuedOn),
      place: d.place,
      issuer: d.issuer,
      title: d.title,
      signer: d.signer,
      signerTitle: d.signerTitle,
      recipients: d.recipients.join("\n"),
      references: d.references.join("\n"),
      body: d.body,
    },
    tasks: extraction.plan.tasks.map((task, index) => {
      const read = extraction.tasks[index];
      const extras: Record<number, DeadlineExtra> = {};
      const rules = task.deadlines.map((deadline, i) => {
        const form = ruleFormFromRule(
          {
            id: "",
            label: deadline.label,
            spec: deadline.rule,
            description: "",
            sourceText: deadline.sourceText,
            passedDownFrom: null,
            history: [],
          },
          defaults,
        );
        // A new rule as far as the editor knows: no stored id, no "lý do thay đổi".
        form.id = null;
        form.original = null;
        const info = read?.deadlines[i];
        extras[form.key] = {
          phrase: info?.phrase ?? "",
          description: info?.description ?? "",
          history: deadline.history,
          index: i,
          submitter: info?.submitter ?? null,
          outline: deadline.outline ?? null,
        };
        return form;
      });
      return {
        key: nextKey(),
        index,
        title: task.title,
        description: task.description,
        phrases: read?.assignees ?? [],
        reportToPhrase: read?.reportTo ?? null,
        rows: assigneeRows(task.assignees, offices),
        reportTo: task.reportTo ?? "",
        choices: read?.choices ?? [],
        rules,
        extras,
      };
    }),
  };
}

export interface TaskErrors {
  title?: string;
  assignees?: string;
  rules?: Record<number, RuleErrors>;
}

export interface ReviewErrors {
  title?: string;
  issuedOn?: string;
  /** By task key. */
  tasks: Record<number, TaskErrors>;
}

export type PlanResult = { ok: true; plan: PlanFile } | { ok: false; errors: ReviewErrors };

export const NO_ASSIGNEE_MESSAGE =
  "Nhiệm vụ này chưa có đơn vị thực hiện. Hãy chọn đơn vị (hoặc “tất cả đơn vị cấp … thuộc …”), hoặc bỏ nhiệm vụ.";

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");

/** The reviewed plan as `save_drafted_plan` takes it, or what to fix (in Vietnamese). */
export function reviewToPlan(form: ReviewForm, offices: readonly Office[], format = "sokehoach.plan/1"): PlanResult {
  const errors: ReviewErrors = { tasks: {} };
  const doc = form.document;
  if (doc.title.trim() === "") errors.title = "Vui lòng nhập trích yếu của văn bản.";
  const date = parseDate(doc.issuedOn);
  if (!date.ok) errors.issuedOn = date.message;
  const code = (id: string) => offices.find((o) => o.id === id)?.code ?? "";

  const tasks: PlanTask[] = [];
  for (const task of form.tasks) {
    const taskErrors: TaskErrors = {};
    if (task.title.trim() === "") taskErrors.title = "Hãy nhập tên nhiệm vụ.";
    const assignees = rowsToAssignees(task.rows);
    let planAssignees: PlanAssignee[] = [];
    if (!assignees.ok) {
      taskErrors.assignees = assignees.message === "Hãy chọn ít nhất một đơn vị thực hiện." ? NO_ASSIGNEE_MESSAGE : assignees.message;
    } else {
      planAssignees = assignees.assignees.map((a): PlanAssignee => {
        switch (a.kind) {
          case "office":
            return { kind: "office", code: code(a.officeId) };
          case "level":
            return { kind: "level", under: code(a.under), level: a.level };
          case "role":
            return { kind: "role", role: a.role };
        }
      });
    }
    const deadlines: PlanDeadline[] = [];
    const ruleErrors: Record<number, RuleErrors> = {};
    for (const rule of task.rules) {
      const result = ruleFormToSpec(rule);
      if (!result.ok) {
        ruleErrors[rule.key] = result.errors;
        continue;
      }
      deadlines.push({
        label: rule.label.trim(),
        rule: result.spec,
        sourceText: rule.sourceText.trim(),
        history: task.extras[rule.key]?.history ?? [],
        ...(task.extras[rule.key]?.outline ? { outline: task.extras[rule.key]!.outline! } : {}),
      });
    }
    if (Object.keys(ruleErrors).length > 0) taskErrors.rules = ruleErrors;
    if (taskErrors.title || taskErrors.assignees || taskErrors.rules) errors.tasks[task.key] = taskErrors;
    tasks.push({
      title: task.title.trim(),
      description: task.description.trim(),
      assignees: planAssignees,
      reportTo: task.reportTo === "" ? null : task.reportTo,
      deadlines,
    });
  }

  if (errors.title || errors.issuedOn || Object.keys(errors.tasks).length > 0 || !date.ok) return { ok: false, errors };
  const document: DocumentInput = {
    kind: doc.kind,
    number: doc.number.trim(),
    symbol: doc.symbol.trim(),
    numberStyle: doc.numberStyle,
    issuedOn: date.iso,
    place: doc.place.trim(),
    issuer: doc.issuer.trim(),
    title: doc.title.trim(),
    signer: doc.signer.trim(),
    signerTitle: lines(doc.signerTitle).join("\n"),
    recipients: lines(doc.recipients),
    references: lines(doc.references),
    body: doc.body,
  };
  return { ok: true, plan: { format, document, tasks } };
}

/**
 * Whether an issue is settled by what the reviewer has entered: an unmatched or missing assignee
 * once the task has an office, an unmatched recipient once one is chosen, a deadline counted from
 * an event once the event's date is entered, a conflict between the text and its appendix once
 * one of the two deadlines is removed (`all`: every issue, to find its pair).
 */
export function settledByForm(issue: ExtractionIssue, form: ReviewForm, all: readonly ExtractionIssue[] = []): boolean {
  const d = /^tasks\[(\d+)\]\.deadlines\[(\d+)\]$/.exec(issue.field);
  if (d && (issue.kind === "eventDeadline" || issue.kind === "dateConflict")) {
    const rule = (field: string) => {
      const m = /^tasks\[(\d+)\]\.deadlines\[(\d+)\]$/.exec(field);
      const task = m ? form.tasks.find((t) => t.index === Number(m[1])) : undefined;
      return task?.rules.find((r) => task.extras[r.key]?.index === Number(m?.[2]));
    };
    if (issue.kind === "eventDeadline") {
      // Settled once the event's date is entered, or the deadline is removed or stated otherwise.
      const r = rule(issue.field);
      return r === undefined || r.kind !== "relative" || r.eventDate.trim() !== "";
    }
    // Settled once one of the two deadlines is removed.
    const pair = all.filter((i) => i.kind === "dateConflict" && i.message === issue.message).map((i) => i.field);
    return [issue.field, ...pair].some((f) => rule(f) === undefined);
  }
  const m = /^tasks\[(\d+)\]\.(assignees|reportTo)/.exec(issue.field);
  if (!m) return false;
  const task = form.tasks.find((t) => t.index === Number(m[1]));
  if (!task) return true; // the task was removed
  if (m[2] === "assignees") return rowsToAssignees(task.rows).ok;
  return task.reportTo !== "";
}

/** Issues about a removed task no longer need a look. */
export function taskRemoved(issue: ExtractionIssue, form: ReviewForm): boolean {
  const m = /^tasks\[(\d+)\]/.exec(issue.field);
  return m !== null && !form.tasks.some((t) => t.index === Number(m[1]));
}

/** The outline the form's deadlines carry (the first found), or null. */
export function formOutline(form: ReviewForm): ReportOutline | null {
  for (const task of form.tasks) {
    for (const extra of Object.values(task.extras)) {
      if (extra.outline) return extra.outline;
    }
  }
  return null;
}

/**
 * Sets the outline of the plan's report deadlines: those that carried one, else every deadline;
 * `null` takes it off all of them.
 */
export function setFormOutline(form: ReviewForm, outline: ReportOutline | null): void {
  const extras = form.tasks.flatMap((t) => Object.values(t.extras));
  const carrying = extras.filter((e) => e.outline);
  for (const extra of outline === null || carrying.length === 0 ? extras : carrying) {
    extra.outline = outline;
  }
}
