// Sample data so a newcomer can try the app in one click.

import { call } from "./call";
import type { DemoSummary } from "./bindings/DemoSummary";

/** Loads the sample offices and documents (and creates the own office if there is none). */
export function loadDemo(): Promise<DemoSummary> {
  return call<DemoSummary>("load_demo");
}
