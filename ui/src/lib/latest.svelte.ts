// Loads that follow the filters: when the filters change again before an answer arrives, only the
// newest answer is shown, whatever order they come back in. Errors go to the banner.

import { feedback } from "./feedback.svelte";

export class LatestLoad {
  /** A load is under way (the screen keeps what it shows and says it is updating). */
  loading = $state(false);
  /** The newest load failed. */
  failed = $state(false);
  #newest = 0;

  /** Runs `load`; `use` receives its result only if no newer load started meanwhile. */
  async run<T>(load: () => Promise<T>, use: (value: T) => void): Promise<void> {
    const mine = ++this.#newest;
    this.loading = true;
    try {
      const value = await load();
      if (mine === this.#newest) {
        use(value);
        this.failed = false;
      }
    } catch (reason) {
      if (mine === this.#newest) {
        this.failed = true;
        feedback.showError(reason);
      }
    } finally {
      if (mine === this.#newest) this.loading = false;
    }
  }
}
