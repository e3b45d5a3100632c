// Agencies are abolished, merged and renamed (the 2025 reorganisation): each carries dated
// validity and a successor. Pure functions over agency records: who answers for an agency's
// records today, which codes form one lineage, and how to name an agency in a sentence.
import type { CalendarDay } from '../domain/calendar-day';

/** central | province | commune; district: legacy, abolished on 1 July 2025. */
export const AGENCY_LEVELS = ['central', 'province', 'commune', 'district'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

export interface SuccessionFacts {
  code: string;
  name: string;
  validTo?: CalendarDay;
  successorCode?: string;
}

type Lookup = (code: string) => SuccessionFacts | undefined;
const asLookup = (agencies: Iterable<SuccessionFacts> | Lookup): Lookup => {
  if (typeof agencies === 'function') return agencies;
  const byCode = new Map([...agencies].map((a) => [a.code, a]));
  return (code) => byCode.get(code);
};

/**
 * The agency that answers for `code`'s records on `day`: follow successors of agencies whose
 * validity ended before `day`. Stops on a cycle or an unknown successor (data stays readable).
 */
export function currentAgency(
  code: string,
  day: CalendarDay,
  agencies: Iterable<SuccessionFacts> | Lookup,
): SuccessionFacts | undefined {
  const find = asLookup(agencies);
  let agency = find(code);
  const seen = new Set<string>();
  while (
    agency?.successorCode &&
    agency.validTo &&
    agency.validTo < day &&
    !seen.has(agency.code)
  ) {
    seen.add(agency.code);
    const next = find(agency.successorCode);
    if (!next) break;
    agency = next;
  }
  return agency;
}

/** `code` and every agency whose successor chain leads to it: one lineage of records. */
export function lineageOf(code: string, agencies: Iterable<SuccessionFacts>): string[] {
  const list = [...agencies];
  const out = new Set([code]);
  for (let grew = true; grew;) {
    grew = false;
    for (const a of list) {
      if (a.successorCode && out.has(a.successorCode) && !out.has(a.code)) {
        out.add(a.code);
        grew = true;
      }
    }
  }
  return [...out].sort();
}

/** "Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long": the old name, then today's, when they differ. */
export function nameWithSuccessor(
  code: string,
  day: CalendarDay,
  agencies: Iterable<SuccessionFacts> | Lookup,
): string {
  const find = asLookup(agencies);
  const own = find(code);
  if (!own) return code;
  const now = currentAgency(code, day, find);
  return now && now.code !== own.code ? `${own.name}, nay là ${now.name}` : own.name;
}
