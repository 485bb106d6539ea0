// The words the core makes for the screens, in one place: the fixed labels are generated from
// src-tauri/core/src/wording.rs (bindings/wording.ts), a rule's description is asked of the shell
// (`describe_rules`, docs/ipc.md) because it depends on this office's level names. The UI keeps
// no copy of either; wording.test.ts fails if one comes back.

import { call } from "./call";
import type { RuleSpec } from "./bindings/RuleSpec";

export { DUE_MONTH_LABELS, FREQUENCIES, PERIOD_MONTHS, STATUS_LABELS, STATUS_ORDER, STATUS_TONES, TABLE_LABELS } from "./bindings/wording";

/** Each rule in words, in the order given, as the core writes them. */
export function describeRules(specs: RuleSpec[]): Promise<string[]> {
  if (specs.length === 0) return Promise.resolve([]);
  return call<string[]>("describe_rules", { specs });
}

/** The key a rule's description is kept under (specs come from the shell, in its field order). */
export function specKey(spec: RuleSpec): string {
  return JSON.stringify(spec);
}
