// The single place that calls Tauri's `invoke`. Area modules (offices.ts, documents.ts …) wrap
// each command in a typed function; screens never import `@tauri-apps/api` themselves.

import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import { AppError, NO_SHELL_MESSAGE, toAppError } from "./errors";

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

/** True when the page runs inside the Tauri window (and so `invoke` can work). */
export function insideShell(): boolean {
  return typeof window !== "undefined" && window.__TAURI_INTERNALS__ !== undefined;
}

/** Calls a command from docs/ipc.md; rejects only with `AppError`. */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  if (!insideShell()) throw new AppError("noShell", NO_SHELL_MESSAGE);
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}
