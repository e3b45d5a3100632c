// Vietnamese presentation helpers for event text (dates as dd/MM/yyyy, times as HH:mm).
import { type DayWindow, formatDayVi } from '../../domain/calendar-day';
import { inDomainZone } from './zone';

export interface AgencyRef {
  code: string;
  name: string;
}

/** dd/mm/yyyy. */
export const viDay = formatDayVi;

export function viWindow(w: DayWindow): string {
  return w.from === w.to ? viDay(w.from) : `${viDay(w.from)} – ${viDay(w.to)}`;
}

export function viTime(instant: Date): string {
  const z = inDomainZone(instant);
  return `${String(z.getHours()).padStart(2, '0')}:${String(z.getMinutes()).padStart(2, '0')}`;
}

export function viAgency(a: AgencyRef): string {
  return `${a.name} (${a.code})`;
}

export function viAgencies(list: readonly AgencyRef[]): string {
  return list.map(viAgency).join('; ');
}

/** Description lines: drops absent ones, one line per fact (clients show \n as line breaks). */
export function lines(...items: (string | false | null | undefined)[]): string {
  return items.filter((l): l is string => typeof l === 'string' && l.length > 0).join('\n');
}
