// The reminder banner's state: asked at start and every hour while the window is open, and
// recounted after anything that changes what is due (a report recorded, a task saved).

import { reminders } from "../api/tracking";

/** How often the reminders are asked again. */
export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

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
      const result = await reminders(true);
      this.dismissed = false;
      this.message = result.message;
    } catch {
      // Keep the last message.
    }
  }

  /** Recounts after an action, without a system notification; a dismissed banner stays hidden. */
  async refresh(): Promise<void> {
    try {
      this.message = (await reminders(false)).message;
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
