// What the office watches: the dashboard, the reminders, the matrix of offices × deadlines and
// the monthly rates.

import { call } from "./call";
import type { Dashboard } from "./bindings/Dashboard";
import type { Matrix } from "./bindings/Matrix";
import type { MatrixQuery } from "./bindings/MatrixQuery";
import type { PeriodRates } from "./bindings/PeriodRates";
import type { Reminders } from "./bindings/Reminders";

/** A matrix query that narrows nothing (our own office and everything below it). */
export const WHOLE_MATRIX: MatrixQuery = {
  documentId: null,
  dueFrom: null,
  dueTo: null,
  level: null,
  officeId: null,
};

export function dashboard(): Promise<Dashboard> {
  return call<Dashboard>("dashboard");
}

/** The reminder counts and sentence; with `notify`, the shell also shows a system notification. */
export function reminders(notify: boolean): Promise<Reminders> {
  return call<Reminders>("reminders", { notify });
}

export function matrix(query: MatrixQuery): Promise<Matrix> {
  return call<Matrix>("matrix", { query });
}

export function ratesByMonth(query: MatrixQuery): Promise<PeriodRates[]> {
  return call<PeriodRates[]>("rates_by_month", { query });
}

