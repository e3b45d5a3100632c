// Agencies as plan files write them → registry codes. Certain: a code, the registry's name
// (diacritics, case, "&"/"và" and standard abbreviations aside), or a mapping the officer
// remembered for the agency. A guess: a name that matches only without the place name
// ("Sở Nội vụ" for "Sở Nội vụ tỉnh Huế"), a name from the alias table, or an agency
// succeeded before the plan's time, read as its successor ("Sở TN&MT (nay là Sở NN&MT)").
import { currentAgency } from '../../../agencies/succession';
import type { CalendarDay } from '../../../domain/calendar-day';
import { foldForMatch } from '../../../domain/vietnamese-text';
import { AGENCY_ABBREVIATIONS, AGENCY_ALIASES, type AgencyAlias } from './agency-aliases';

export interface ResolvableAgency {
  code: string;
  name: string;
  active?: boolean;
  /** Succession (src/agencies/succession.ts): abolished after validTo, succeeded by successorCode. */
  validTo?: CalendarDay;
  successorCode?: string;
}

export type AgencyReading =
  | { ok: true; code: string; guess?: { why: string; whyVi: string } }
  | { ok: false; code: 'AGENCY_NOT_FOUND' | 'AGENCY_AMBIGUOUS'; candidates?: string[] };

const ABBREVIATIONS = [...AGENCY_ABBREVIATIONS].sort((a, b) => b[0].length - a[0].length);

/** The comparison key: folded, abbreviations spelt out, "và" dropped. */
export function agencyKey(text: string): string {
  let k = ` ${foldForMatch(text)} `;
  for (const [abbr, full] of ABBREVIATIONS) k = k.split(` ${abbr} `).join(` ${full} `);
  return k.replace(/ va /g, ' ').replace(/\s+/g, ' ').trim();
}

/** "Sở Nội vụ tỉnh Huế" → "so noi vu": the place a name ends with. */
function withoutPlace(key: string): string {
  return key.replace(/ (?:tinh|thanh pho|tp) [a-z ]+$/, '').trim();
}

export class AgencyResolver {
  private readonly byCode = new Map<string, ResolvableAgency>();
  private readonly byKey = new Map<string, ResolvableAgency[]>();
  private readonly byShortKey = new Map<string, ResolvableAgency[]>();
  private readonly aliases = new Map<string, AgencyAlias>();
  private readonly remembered: Map<string, string>;
  private readonly asOf?: CalendarDay;

  constructor(
    agencies: readonly ResolvableAgency[],
    options: {
      aliases?: readonly AgencyAlias[];
      /** Written text (any form) → agency code, remembered for the importing agency. */
      remembered?: ReadonlyMap<string, string>;
      /**
       * The plan's time (e.g. its year's first day): an agency abolished before it is read as
       * the agency that answers for it then. Absent: names resolve as registered.
       */
      asOf?: CalendarDay;
    } = {},
  ) {
    this.asOf = options.asOf;
    // Active agencies first: a legacy agency with the same name does not make it ambiguous.
    const ordered = [...agencies].sort(
      (a, b) => Number(b.active !== false) - Number(a.active !== false),
    );
    for (const a of ordered) {
      this.byCode.set(a.code.toUpperCase(), a);
      const key = agencyKey(a.name);
      push(this.byKey, key, a);
      push(this.byShortKey, withoutPlace(key), a);
    }
    for (const alias of [...AGENCY_ALIASES, ...(options.aliases ?? [])])
      this.aliases.set(agencyKey(alias.written), alias);
    this.remembered = new Map(
      [...(options.remembered ?? new Map<string, string>())].map(([k, v]) => [agencyKey(k), v]),
    );
  }

  resolve(text: string): AgencyReading {
    return this.succeeded(text, this.resolveAsWritten(text));
  }

  /** An agency abolished before the plan's time → its successor then, as a guess naming both. */
  private succeeded(text: string, reading: AgencyReading): AgencyReading {
    if (!reading.ok || !this.asOf) return reading;
    const written = this.byCode.get(reading.code.toUpperCase());
    if (!written) return reading;
    const now = currentAgency(written.code, this.asOf, (c) => this.byCode.get(c.toUpperCase()));
    if (!now || now.code === written.code) return reading;
    const earlier = reading.guess ? ` ${reading.guess.whyVi};` : '';
    return {
      ok: true,
      code: now.code,
      guess: {
        why: `"${text}" names ${written.name}, succeeded by ${now.name} before ${this.asOf}`,
        whyVi: `"${text}":${earlier} ${written.name} (nay là ${now.name})`,
      },
    };
  }

  private resolveAsWritten(text: string): AgencyReading {
    const code = this.byCode.get(text.trim().toUpperCase());
    if (code) return { ok: true, code: code.code };
    const key = agencyKey(text);
    const remembered = this.remembered.get(key);
    if (remembered && this.byCode.has(remembered.toUpperCase()))
      return { ok: true, code: this.byCode.get(remembered.toUpperCase())!.code };
    const exact = this.pick(this.byKey.get(key));
    if (exact) return exact;
    const short = this.pick(this.byShortKey.get(withoutPlace(key)));
    if (short?.ok) {
      return {
        ...short,
        guess: {
          why: `"${text}" matches the registered name only without the place name`,
          whyVi: `"${text}" chỉ khớp tên đã đăng ký khi bỏ địa danh`,
        },
      };
    }
    if (short) return short;
    const alias = this.aliases.get(key) ?? this.aliases.get(withoutPlace(key));
    if (alias) {
      for (const target of alias.means) {
        const hit =
          this.pick(this.byKey.get(agencyKey(target))) ??
          this.pick(this.byShortKey.get(withoutPlace(agencyKey(target))));
        if (hit?.ok) return { ...hit, guess: { why: alias.why, whyVi: alias.whyVi } };
      }
    }
    return { ok: false, code: 'AGENCY_NOT_FOUND' };
  }

  private pick(list: ResolvableAgency[] | undefined): AgencyReading | null {
    if (!list || list.length === 0) return null;
    const active = list.filter((a) => a.active !== false);
    const pool = active.length > 0 ? active : list;
    if (pool.length === 1) return { ok: true, code: pool[0].code };
    return { ok: false, code: 'AGENCY_AMBIGUOUS', candidates: pool.map((a) => a.code) };
  }

  /** Whether the joined pieces of a name split at commas name an agency. */
  names(text: string): boolean {
    return this.byKey.has(agencyKey(text));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
