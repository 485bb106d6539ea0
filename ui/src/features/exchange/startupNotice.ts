// The start notice is asked for once per window: the shell hands it out only once anyway, and a
// remounted component must neither ask again nor show a notice the user already closed. Failures
// are not worth a banner at start.

let asked: Promise<string | null> | null = null;

/** Calls `fetch` the first time only; later calls get the same answer. Errors become `null`. */
export function takeStartupNotice(fetch: () => Promise<string | null>): Promise<string | null> {
  asked ??= fetch().then(
    (text) => (text !== null && text.trim() !== "" ? text : null),
    () => null,
  );
  return asked;
}

/** The user closed the notice: it does not come back for the rest of the session. */
export function dismissStartupNotice(): void {
  asked = Promise.resolve(null);
}

/** For tests only. */
export function resetStartupNoticeForTests(): void {
  asked = null;
}
