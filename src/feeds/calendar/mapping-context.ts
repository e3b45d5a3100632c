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
  publicEnterprise(taxCode: string): string;
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
  /** Override where links point; defaults to the web pages (`/web/inspections/:id`, ...). */
  links?: Partial<CalendarLinks>;
  /**
   * ORGANIZER address when the lead agency has no contactEmail (METHOD:PUBLISH events need an
   * ORGANIZER for iTIP validators); default `lich@<uidDomain>`.
   */
  organizerEmail?: string;
  /**
   * A feed anyone may read (an enterprise's public feed): events link to the enterprise's
   * public page only, and carry no names of people.
   */
  publicEnterprise?: boolean;
}

export function linksFor(ctx: CalendarMappingContext): CalendarLinks {
  const base = ctx.baseUrl.replace(/\/+$/, '');
  return {
    inspection: (id) => `${base}/web/inspections/${encodeURIComponent(id)}`,
    meeting: (id) => `${base}/web/meetings/${encodeURIComponent(id)}`,
    conflict: (id) => `${base}/web/conflicts/${encodeURIComponent(id)}`,
    publicEnterprise: (taxCode) => `${base}/public/enterprises/${encodeURIComponent(taxCode)}`,
    ...ctx.links,
  };
}

/** The lead agency as ORGANIZER: its contact address, else the feed's fallback. */
export function organizerFor(
  agency: { name: string; contactEmail?: string },
  ctx: CalendarMappingContext,
): { name: string; email: string } {
  return { name: agency.name, email: agency.contactEmail ?? organizerFallback(ctx) };
}

export function organizerFallback(ctx: CalendarMappingContext): string {
  return ctx.organizerEmail ?? `lich@${ctx.uidDomain}`;
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
