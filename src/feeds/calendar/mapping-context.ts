// What every domain → event mapper needs besides the record: where the event lives (feed
// scope, UID domain), where links point, and "today" for the withdrawn-event policy. "Today" is
// an input, not a clock read, so mapping stays pure and a feed only changes when its data or
// the day changes.
import { type CalendarDay, toEpochDay } from '../../domain/calendar-day';
import { domainDayOf } from './zone';

/** Days a cancelled/merged/closed record stays in feeds as STATUS:CANCELLED before it drops. */
export const DEFAULT_WITHDRAWN_RETENTION_DAYS = 30;

export interface CalendarLinks {
  inspection(id: string): string;
  meeting(id: string): string;
  conflict(id: string): string;
}

export interface CalendarMappingContext {
  /** From feedUidScope(): distinguishes this feed's UIDs from every other feed's. */
  feedScope: string;
  /** Right-hand side of every UID, stable per deployment (e.g. the service's host name). */
  uidDomain: string;
  /** Absolute base for links back to the resources, e.g. `https://host/api`. */
  baseUrl: string;
  /** Today in Asia/Ho_Chi_Minh: decides which withdrawn events are still shown. */
  asOf: CalendarDay;
  /** Defaults to DEFAULT_WITHDRAWN_RETENTION_DAYS. */
  withdrawnRetentionDays?: number;
  /** Override where links point (e.g. to the web UI); defaults to the API's resource paths. */
  links?: Partial<CalendarLinks>;
}

export function linksFor(ctx: CalendarMappingContext): CalendarLinks {
  const base = ctx.baseUrl.replace(/\/+$/, '');
  return {
    inspection: (id) => `${base}/inspections/${encodeURIComponent(id)}`,
    meeting: (id) => `${base}/meetings/${encodeURIComponent(id)}`,
    conflict: (id) => `${base}/conflicts/${encodeURIComponent(id)}`,
    ...ctx.links,
  };
}

/** Last day (inclusive) a record withdrawn at `withdrawnAt` is still published. */
export function withdrawnVisibleUntil(withdrawnAt: Date, ctx: CalendarMappingContext): CalendarDay {
  const days = ctx.withdrawnRetentionDays ?? DEFAULT_WITHDRAWN_RETENTION_DAYS;
  const from = toEpochDay(domainDayOf(withdrawnAt));
  return new Date((from + days) * 86_400_000).toISOString().slice(0, 10);
}

export function isWithdrawnStillVisible(withdrawnAt: Date, ctx: CalendarMappingContext): boolean {
  return ctx.asOf <= withdrawnVisibleUntil(withdrawnAt, ctx);
}
