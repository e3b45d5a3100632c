// Sentences a coordinator reads aloud in the meeting: Vietnamese first, English beside it.
import { type DayWindow, formatDayVi } from '../../domain/calendar-day';
import {
  AGENCY_KIND_WORDS,
  type AgencyKind,
  INSPECTION_TYPE_WORDS,
  type InspectionType,
} from '../../domain/vocabulary';
import type {
  AgencyNameLookup,
  Bilingual,
  DetectionContext,
  EngineInspection,
  EnterpriseFacts,
  EnterpriseLookup,
  FieldNameLookup,
} from './types';

/** Lookups resolved once per run, so detectors never branch on Map-or-function. */
export interface ResolvedContext {
  enterprise(parentTaxCode: string): EnterpriseFacts | undefined;
  agencyName(code: string): string;
  fieldName(code: string): Bilingual;
  /** The reference closing an inspection's description: a given name, else its id. */
  inspectionRef(i: EngineInspection): Bilingual;
}

function lookup<T>(source: ReadonlyMap<string, T> | ((key: string) => T | undefined) | undefined) {
  if (!source) return () => undefined;
  if (typeof source === 'function') return source;
  return (key: string) => source.get(key);
}

export function resolveContext(ctx: DetectionContext = {}): ResolvedContext {
  const enterprise = lookup<EnterpriseFacts>(ctx.enterprises as EnterpriseLookup | undefined);
  const names = lookup<string>(ctx.agencyNames as AgencyNameLookup | undefined);
  const fields = lookup<Bilingual>(ctx.fieldNames as FieldNameLookup | undefined);
  const agencyName = (code: string) => names(code) ?? code;
  return {
    enterprise,
    agencyName,
    fieldName: (code) => fields(code) ?? { vi: code, en: code },
    inspectionRef: (i) =>
      ctx.inspectionName?.(i, agencyName) ?? { vi: `[${i.id}]`, en: `[${i.id}]` },
  };
}

export function fill(template: Bilingual, values: Record<string, string | number>): Bilingual {
  const sub = (s: string) =>
    s.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
  return { vi: sub(template.vi), en: sub(template.en) };
}

export function windowText(w: DayWindow): Bilingual {
  if (w.from === w.to) return { vi: `ngày ${formatDayVi(w.from)}`, en: `on ${w.from}` };
  return { vi: `${formatDayVi(w.from)}–${formatDayVi(w.to)}`, en: `${w.from} to ${w.to}` };
}

export function enterpriseText(parent: string, name: string | undefined): Bilingual {
  return name
    ? { vi: `Doanh nghiệp ${name} (MST ${parent})`, en: `Enterprise ${name} (tax code ${parent})` }
    : { vi: `Doanh nghiệp có MST ${parent}`, en: `Enterprise with tax code ${parent}` };
}

/** "thanh tra trực tiếp của TTT, lĩnh vực thue, 01/03/2026–31/03/2026" and its English twin. */
export function inspectionText(i: EngineInspection, ctx: ResolvedContext): Bilingual {
  const lead = ctx.agencyName(i.leadAgency.code);
  const others = i.participantAgencyCodes.map((c) => ctx.agencyName(c));
  const w = windowText(i.window);
  const remoteVi = i.form === 'remote' ? ' từ xa' : '';
  const remoteEn = i.form === 'remote' ? ' (remote)' : '';
  const adHocVi = i.planKind === 'ad-hoc' ? ' đột xuất' : '';
  const adHocEn = i.planKind === 'ad-hoc' ? 'ad-hoc ' : '';
  const byVi = others.length
    ? ` liên ngành do ${lead} chủ trì, phối hợp ${others.join(', ')}`
    : ` của ${lead}`;
  const byEn = others.length ? ` jointly led by ${lead} with ${others.join(', ')}` : ` by ${lead}`;
  const branchVi = i.taxCode.length > 10 ? ` (đơn vị phụ thuộc MST ${i.taxCode})` : '';
  const branchEn = i.taxCode.length > 10 ? ` (branch ${i.taxCode})` : '';
  const field = ctx.fieldName(i.field);
  const ref = ctx.inspectionRef(i);
  return {
    vi: `${INSPECTION_TYPE_WORDS[i.type].vi}${adHocVi}${remoteVi}${byVi}, lĩnh vực ${field.vi}, ${w.vi}${branchVi} ${ref.vi}`,
    en: `${adHocEn}${INSPECTION_TYPE_WORDS[i.type].en}${remoteEn}${byEn}, field ${field.en}, ${w.en}${branchEn} ${ref.en}`,
  };
}

export function listText(items: readonly EngineInspection[], ctx: ResolvedContext): Bilingual {
  const parts = items.map((i) => inspectionText(i, ctx));
  return { vi: parts.map((p) => p.vi).join('; '), en: parts.map((p) => p.en).join('; ') };
}

export function typesText(types: readonly InspectionType[]): Bilingual {
  if (types.length === 1) {
    return types[0] === 'thanh-tra'
      ? { vi: 'thanh tra', en: 'thanh tra (inspections)' }
      : { vi: 'kiểm tra', en: 'kiểm tra (checks)' };
  }
  return { vi: 'thanh tra, kiểm tra', en: 'inspections or checks' };
}

export function agencyKindText(kind: AgencyKind): Bilingual {
  return AGENCY_KIND_WORDS[kind];
}

/** "<facts>; <rule statement>." in both languages. */
export function sentence(facts: Bilingual, statement: Bilingual): Bilingual {
  return { vi: `${facts.vi}; ${statement.vi}.`, en: `${facts.en}; ${statement.en}.` };
}
