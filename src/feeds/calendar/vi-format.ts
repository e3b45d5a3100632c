// Vietnamese presentation helpers for event text (dates as dd/MM/yyyy, times as HH:mm).
import { type DayWindow, formatDayVi } from '../../domain/calendar-day';
import type { AgencyKind } from '../../domain/vocabulary';
import { inDomainZone } from './zone';

export interface AgencyRef {
  code: string;
  name: string;
  /** State Audit work reads "Kiểm toán", not "Kiểm tra chuyên ngành". */
  kind?: AgencyKind;
  /** ORGANIZER address of the events it leads. */
  contactEmail?: string;
}

/** At most `max` characters (on code points), with an ellipsis: lean events keep details on the page. */
export function clip(value: string, max: number): string {
  const chars = [...value.trim()];
  return chars.length <= max
    ? chars.join('')
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
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
