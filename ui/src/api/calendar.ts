// Tracking preferences and the working-day calendar (public holidays and this office's
// exceptions).

import { call } from "./call";
import type { CalendarException } from "./bindings/CalendarException";
import type { Holiday } from "./bindings/Holiday";
import type { TrackingSettings } from "./bindings/TrackingSettings";

export function trackingSettings(): Promise<TrackingSettings> {
  return call<TrackingSettings>("tracking_settings");
}

export function setTrackingSettings(settings: TrackingSettings): Promise<TrackingSettings> {
  return call<TrackingSettings>("set_tracking_settings", { settings });
}

/** The public holidays of `year` by the Labour Code, before this office's exceptions. */
export function publicHolidays(year: number): Promise<Holiday[]> {
  return call<Holiday[]>("public_holidays", { year });
}

export function calendarExceptions(): Promise<CalendarException[]> {
  return call<CalendarException[]>("calendar_exceptions");
}

/** Adds or replaces the exception of a date; returns all exceptions. */
export function setCalendarException(exception: CalendarException): Promise<CalendarException[]> {
  return call<CalendarException[]>("set_calendar_exception", { exception });
}

/** Removes the exception of `date` (ISO); returns all exceptions. */
export function removeCalendarException(date: string): Promise<CalendarException[]> {
  return call<CalendarException[]>("remove_calendar_exception", { date });
}
