import type { CalendarDay } from '../domain/calendar-day';
import { domainDayOf } from '../domain/domain-zone';
import type { Inspection } from '../registry/inspections/inspection';
import type { InspectionLifecycle } from './lifecycle';

/**
 * May the public (an enterprise's public feed, the verify page) see this inspection now?
 * Only approved, active inspections; a kiểm tra only once it is announced, which Decree
 * 217/2025 puts at its start, so an unannounced check is never shown before it begins.
 * Pure, for the feeds and the verify page alike.
 */
export function publiclyVisible(
  inspection: Pick<Inspection, 'type' | 'planStatus' | 'state'>,
  lifecycle: Pick<InspectionLifecycle, 'announced' | 'onSite'> | null,
  now: Date,
): boolean {
  return publiclyVisibleOn(inspection, lifecycle, domainDayOf(now));
}

/** The same rule on a day of the domain's calendar (what a feed's `asOf` is). */
export function publiclyVisibleOn(
  inspection: Pick<Inspection, 'type' | 'planStatus' | 'state'>,
  lifecycle: Pick<InspectionLifecycle, 'announced' | 'onSite'> | null,
  today: CalendarDay,
): boolean {
  if (inspection.planStatus !== 'approved') return false;
  if (inspection.state === 'cancelled' || inspection.state === 'merged') return false;
  if (inspection.type === 'thanh-tra') return true;
  const announced = lifecycle?.announced?.date ?? lifecycle?.onSite.start;
  return announced !== undefined && announced <= today;
}
