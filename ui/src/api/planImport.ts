// Plan import: draft a plan from a Word/PDF/text file or pasted text, then save the reviewed plan
// (docs/ipc.md, "Plan import commands").

import { call } from "./call";
import type { Document } from "./bindings/Document";
import type { DraftedPlan } from "./bindings/DraftedPlan";
import type { PlanFile } from "./bindings/PlanFile";

/** A drafted plan: the file it came from (null for pasted text) and what was read from it (generated from the shell's struct). */
export type { DraftedPlan } from "./bindings/DraftedPlan";

/** Opens the system file picker (.docx, .pdf, .txt, .md); `null` when the user cancels. */
export function pickPlanFile(): Promise<DraftedPlan | null> {
  return call<DraftedPlan | null>("pick_plan_file");
}

/** Drafts the plan of a file given by its path (the "Nâng cao" box). */
export function draftPlanFile(path: string): Promise<DraftedPlan> {
  return call<DraftedPlan>("draft_plan_file", { path });
}

/** Drafts the plan of pasted text. */
export function draftPlanText(text: string): Promise<DraftedPlan> {
  return call<DraftedPlan>("draft_plan_text", { text });
}

/** Stores the reviewed plan with its tasks and deadlines (the original file attached). */
export function saveDraftedPlan(plan: PlanFile, sourcePath: string | null): Promise<Document> {
  return call<Document>("save_drafted_plan", { plan, sourcePath });
}
