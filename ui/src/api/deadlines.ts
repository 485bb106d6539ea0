// Deadline instances (hạn): listing, one deadline, and passing our own deadline down to the
// sub-offices.

import { call } from "./call";
import type { DeadlineItem } from "./bindings/DeadlineItem";
import type { DeadlineQuery } from "./bindings/DeadlineQuery";
import type { InstanceId } from "./bindings/InstanceId";
import type { PassDownInput } from "./bindings/PassDownInput";
import type { Task } from "./bindings/Task";

/** A query that narrows nothing; spread it and set the fields you need. */
export const ALL_DEADLINES: DeadlineQuery = {
  officeIds: null,
  documentId: null,
  taskId: null,
  dueFrom: null,
  dueTo: null,
  openOnly: false,
  limit: null,
};

/** The deadlines matching `query`, soonest first, with their status today. */
export function listDeadlines(query: Partial<DeadlineQuery>): Promise<DeadlineItem[]> {
  return call<DeadlineItem[]>("list_deadlines", { query: { ...ALL_DEADLINES, ...query } });
}

/** How many deadlines match `query`, its limit ignored (the total under a cut list). */
export function countDeadlines(query: Partial<DeadlineQuery>): Promise<number> {
  return call<number>("count_deadlines", { query: { ...ALL_DEADLINES, ...query } });
}

export function getDeadline(id: InstanceId): Promise<DeadlineItem> {
  return call<DeadlineItem>("get_deadline", { id });
}

/** The date sub-offices get by default for a deadline of ours due on `upperDueOn` (ISO). */
export function defaultPassDownDate(upperDueOn: string): Promise<string> {
  return call<string>("default_pass_down_date", { upperDueOn });
}

/** Creates a task for the sub-offices with an earlier date, linked to our deadline. */
export function passDown(input: PassDownInput): Promise<Task> {
  return call<Task>("pass_down", { input });
}
