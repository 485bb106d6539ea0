// The reminder banner's state: asked at start and every hour while the window is open, and
// recounted after anything that changes what is due (a report recorded, a task saved).

import { dashboard, reminders } from "../api/tracking";
import type { Dashboard } from "../api/bindings/Dashboard";

/** How often the reminders are asked again. */
export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The reminder sentence from the dashboard's counts, worded as the shell's `reminders` words it.
 * Used to recount after an action without a new system notification (which `reminders` shows).
 */
export function reminderMessage(d: Pick<Dashboard, "dueSoonDays" | "own" | "subOffices">): string {
  const parts: string[] = [];
  const ownOverdue = d.own.overdue.total;
  const ownDueSoon = d.own.dueSoon.total;
  const subOverdue = d.subOffices.overdue.total;
  if (ownOverdue > 0) parts.push(`${ownOverdue} báo cáo của đơn vị đã quá hạn`);
  if (ownDueSoon > 0) parts.push(`${ownDueSoon} báo cáo sắp đến hạn trong ${d.dueSoonDays} ngày tới`);
  if (subOverdue > 0) parts.push(`${subOverdue} báo cáo của đơn vị cấp dưới đã quá hạn`);
  return parts.length === 0 ? "" : `Nhắc việc: ${parts.join("; ")}.`;
}

class ReminderState {
  message = $state("");
  dismissed = $state(false);

  /**
   * Asks the shell, which also shows a system notification when there is something to remind.
   * A dismissed banner shows again: the hourly reminder is meant to remind.
   * Failures are silent: the banner is a convenience, the screens show real errors.
   */
  async remind(): Promise<void> {
    try {
      const result = await reminders();
      this.dismissed = false;
      this.message = result.message;
    } catch {
      // Keep the last message.
    }
  }

  /** Recounts after an action, without a system notification; a dismissed banner stays hidden. */
  async refresh(): Promise<void> {
    try {
      this.message = reminderMessage(await dashboard());
    } catch {
      // Keep the last message.
    }
  }

  /** Starts the hourly reminders; returns the function that stops them. */
  start(): () => void {
    void this.remind();
    const timer = setInterval(() => void this.remind(), REMINDER_INTERVAL_MS);
    return () => clearInterval(timer);
  }

  get visible(): boolean {
    return this.message !== "" && !this.dismissed;
  }
}

export const reminderState = new ReminderState();
