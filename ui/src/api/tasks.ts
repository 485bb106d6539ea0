// Tasks of a plan (Tổ chức thực hiện): who must do what, with their deadline rules.

import { call } from "./call";
import type { DocumentId } from "./bindings/DocumentId";
import type { Task } from "./bindings/Task";
import type { TaskId } from "./bindings/TaskId";
import type { TaskInput } from "./bindings/TaskInput";

/** The tasks of a document in their order. */
export function listTasks(documentId: DocumentId): Promise<Task[]> {
  return call<Task[]>("list_tasks", { documentId });
}

/** Adds a task to a document; its deadline instances are generated at once. */
export function addTask(documentId: DocumentId, input: TaskInput): Promise<Task> {
  return call<Task>("add_task", { documentId, input });
}

/**
 * Saves a task. Rules are matched by `id`; a rule whose date changed keeps the old one in its
 * `history` with `changeNote`.
 */
export function updateTask(id: TaskId, input: TaskInput): Promise<Task> {
  return call<Task>("update_task", { id, input });
}

/** Deletes a task (tombstone); deadlines that already have a report stay, withdrawn. */
export async function deleteTask(id: TaskId): Promise<void> {
  await call<null>("delete_task", { id });
}
