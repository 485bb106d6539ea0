// What the user is told after an action: one error banner and one short notice at a time.
// Screens call `feedback.showError(reason)` in every `catch`; the banner shows the Vietnamese
// message that came from the shell.

import { AppError, toAppError } from "../api/errors";

export interface Notice {
  text: string;
  /** A stable hook for end-to-end tests, e.g. "demo-done". */
  testid: string;
}

class Feedback {
  error = $state<AppError | null>(null);
  notice = $state<Notice | null>(null);

  showError(reason: unknown): AppError {
    const error = toAppError(reason);
    this.error = error;
    this.notice = null;
    return error;
  }

  showNotice(text: string, testid = "notice"): void {
    this.notice = { text, testid };
    this.error = null;
  }

  clear(): void {
    this.error = null;
    this.notice = null;
  }
}

export const feedback = new Feedback();
