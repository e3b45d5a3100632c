// Rulebooks are data: the law changed (Directive 20/CT-TTg → Resolution 198/2025/QH15) and may
// change again, so a new rulebook is a new object here, never a new branch in the detectors.
import type { CalendarDay } from '../../domain/calendar-day';
import type { AgencyKind, InspectionType } from '../../domain/vocabulary';
import type { Bilingual, RuleFamily, RulebookRef, Severity } from './types';

type NoParams = Record<string, never>;

export interface RuleParamsByFamily {
  /** At most `maxPerYear` counted inspections of these types per parent per calendar year. */
  frequency: { types: readonly InspectionType[]; maxPerYear: number };
  'same-field': NoParams;
  'window-overlap': NoParams;
  'state-audit': NoParams;
  'ad-hoc-evidence': NoParams;
  'ad-hoc-scope': NoParams;
  /** A thanh tra starting on or after `effectiveFrom` must be led by one of these kinds. */
  'thanh-tra-authority': { effectiveFrom: CalendarDay; allowedLeadKinds: readonly AgencyKind[] };
  'good-complier-remote': NoParams;
}

type RuleOf<F extends RuleFamily> = {
  /** Globally unique and stable: conflict identity is built from it. */
  id: string;
  family: F;
  severity: Severity;
  params: RuleParamsByFamily[F];
  /** The legal text the rule comes from. */
  citation: Bilingual;
  /** What the rule says, read after the facts; `{max}` is replaced by the parameter. */
  statement: Bilingual;
};

export type RuleDefinition = { [F in RuleFamily]: RuleOf<F> }[RuleFamily];
export type RuleDefinitionOf<F extends RuleFamily> = RuleOf<F>;

export interface Rulebook {
  id: string;
  version: string;
  title: Bilingual;
  rules: readonly RuleDefinition[];
}

const CT20_CITATION: Bilingual = {
  vi: 'Chỉ thị số 20/CT-TTg ngày 17/5/2017 của Thủ tướng Chính phủ về việc chấn chỉnh hoạt động thanh tra, kiểm tra đối với doanh nghiệp',
  en: 'Directive 20/CT-TTg of 17 May 2017 of the Prime Minister on rectifying inspections of enterprises',
};

const NQ198_CITATION: Bilingual = {
  vi: 'Nghị quyết số 198/2025/QH15 ngày 17/5/2025 của Quốc hội về một số cơ chế, chính sách đặc biệt phát triển kinh tế tư nhân, Điều 4',
  en: 'Resolution 198/2025/QH15 of 17 May 2025 of the National Assembly on special mechanisms and policies for private economic development, Article 4',
};

const INSPECTION_LAW_2025_CITATION: Bilingual = {
  vi: 'Luật Thanh tra năm 2025 (hiệu lực từ ngày 01/7/2025) và Nghị định số 217/2025/NĐ-CP về hoạt động kiểm tra chuyên ngành',
  en: 'Law on Inspection 2025 (in force from 1 July 2025) and Decree 217/2025/ND-CP on specialised checks',
};

const BOTH_TYPES: readonly InspectionType[] = ['thanh-tra', 'kiem-tra'];

export const CT20: Rulebook = {
  id: 'CT20',
  version: '2017-05-17',
  title: {
    vi: 'Chỉ thị 20/CT-TTg',
    en: 'Directive 20/CT-TTg',
  },
  rules: [
    {
      id: 'ct20.frequency',
      family: 'frequency',
      severity: 'block',
      params: { types: BOTH_TYPES, maxPerYear: 1 },
      citation: CT20_CITATION,
      statement: {
        vi: 'Chỉ thị 20/CT-TTg cho phép tối đa {max} lần thanh tra, kiểm tra/năm đối với một doanh nghiệp',
        en: 'Directive 20/CT-TTg allows at most {max} inspection or check per enterprise per year',
      },
    },
    {
      id: 'ct20.window-overlap',
      family: 'window-overlap',
      severity: 'warn',
      params: {},
      citation: CT20_CITATION,
      statement: {
        vi: 'Chỉ thị 20/CT-TTg yêu cầu phối hợp, tránh chồng chéo; đề nghị gộp thành một đoàn liên ngành',
        en: 'Directive 20/CT-TTg requires coordination and no overlap; a single joint inspection is proposed',
      },
    },
    {
      id: 'ct20.state-audit',
      family: 'state-audit',
      severity: 'warn',
      params: {},
      citation: CT20_CITATION,
      statement: {
        vi: 'Chỉ thị 20/CT-TTg yêu cầu phối hợp với Kiểm toán nhà nước để tránh chồng chéo',
        en: 'Directive 20/CT-TTg requires coordination with the State Audit to avoid overlap',
      },
    },
    {
      id: 'ct20.ad-hoc-evidence',
      family: 'ad-hoc-evidence',
      severity: 'block',
      params: {},
      citation: CT20_CITATION,
      statement: {
        vi: 'Chỉ thị 20/CT-TTg chỉ cho phép thanh tra, kiểm tra đột xuất khi có dấu hiệu vi phạm rõ ràng',
        en: 'Directive 20/CT-TTg allows ad-hoc inspections only on clear signs of violation',
      },
    },
    {
      id: 'ct20.ad-hoc-scope',
      family: 'ad-hoc-scope',
      severity: 'block',
      params: {},
      citation: CT20_CITATION,
      statement: {
        vi: 'Cuộc thanh tra, kiểm tra đột xuất không được vượt quá phạm vi của quyết định',
        en: 'An ad-hoc inspection may not go beyond the scope of its decision',
      },
    },
  ],
};

export const NQ198: Rulebook = {
  id: 'NQ198',
  version: '2025-05-17',
  title: {
    vi: 'Nghị quyết 198/2025/QH15',
    en: 'Resolution 198/2025/QH15',
  },
  rules: [
    {
      id: 'nq198.frequency.thanh-tra',
      family: 'frequency',
      severity: 'block',
      params: { types: ['thanh-tra'], maxPerYear: 1 },
      citation: NQ198_CITATION,
      statement: {
        vi: 'Nghị quyết 198/2025/QH15 cho phép tối đa {max} lần thanh tra/năm đối với một doanh nghiệp',
        en: 'Resolution 198/2025/QH15 allows at most {max} thanh tra (inspection) per enterprise per year',
      },
    },
    {
      id: 'nq198.frequency.kiem-tra',
      family: 'frequency',
      severity: 'block',
      params: { types: ['kiem-tra'], maxPerYear: 1 },
      citation: NQ198_CITATION,
      statement: {
        vi: 'Nghị quyết 198/2025/QH15 cho phép tối đa {max} lần kiểm tra/năm đối với một doanh nghiệp, kể cả kiểm tra liên ngành',
        en: 'Resolution 198/2025/QH15 allows at most {max} kiểm tra (check) per enterprise per year, joint checks included',
      },
    },
    {
      id: 'nq198.same-field',
      family: 'same-field',
      severity: 'block',
      params: {},
      citation: NQ198_CITATION,
      statement: {
        vi: 'Nghị quyết 198/2025/QH15 không cho phép vừa thanh tra vừa kiểm tra cùng một lĩnh vực trong một năm',
        en: 'Resolution 198/2025/QH15 forbids both a thanh tra and a kiểm tra in the same field in one year',
      },
    },
    {
      id: 'nq198.window-overlap',
      family: 'window-overlap',
      severity: 'warn',
      params: {},
      citation: NQ198_CITATION,
      statement: {
        vi: 'Nghị quyết 198/2025/QH15 yêu cầu không chồng chéo; đề nghị gộp thành một đoàn liên ngành',
        en: 'Resolution 198/2025/QH15 requires no overlap; a single joint inspection is proposed',
      },
    },
    {
      id: 'nq198.state-audit',
      family: 'state-audit',
      severity: 'warn',
      params: {},
      citation: NQ198_CITATION,
      statement: {
        vi: 'Cần phối hợp với Kiểm toán nhà nước để tránh chồng chéo',
        en: 'Coordination with the State Audit is needed to avoid overlap',
      },
    },
    {
      id: 'nq198.ad-hoc-evidence',
      family: 'ad-hoc-evidence',
      severity: 'block',
      params: {},
      citation: NQ198_CITATION,
      statement: {
        vi: 'Nghị quyết 198/2025/QH15 chỉ cho phép thanh tra, kiểm tra đột xuất khi có dấu hiệu vi phạm rõ ràng',
        en: 'Resolution 198/2025/QH15 allows ad-hoc inspections only on clear signs of violation',
      },
    },
    {
      id: 'nq198.ad-hoc-scope',
      family: 'ad-hoc-scope',
      severity: 'block',
      params: {},
      citation: NQ198_CITATION,
      statement: {
        vi: 'Cuộc thanh tra, kiểm tra đột xuất không được vượt quá phạm vi của quyết định',
        en: 'An ad-hoc inspection may not go beyond the scope of its decision',
      },
    },
    {
      id: 'nq198.thanh-tra-authority',
      family: 'thanh-tra-authority',
      severity: 'block',
      params: { effectiveFrom: '2025-07-01', allowedLeadKinds: ['inspectorate'] },
      citation: INSPECTION_LAW_2025_CITATION,
      statement: {
        vi: 'Từ ngày 01/7/2025 chỉ cơ quan thanh tra được tiến hành thanh tra; các sở thực hiện kiểm tra chuyên ngành',
        en: 'From 1 July 2025 only inspectorates may run a thanh tra; departments run specialised checks',
      },
    },
    {
      id: 'nq198.good-complier-remote',
      family: 'good-complier-remote',
      severity: 'warn',
      params: {},
      citation: NQ198_CITATION,
      statement: {
        vi: 'Nghị quyết 198/2025/QH15: doanh nghiệp tuân thủ tốt được miễn kiểm tra trực tiếp; đề nghị kiểm tra từ xa qua dữ liệu điện tử',
        en: 'Resolution 198/2025/QH15: well-complying enterprises are exempt from on-site checks; a remote check from electronic data is suggested',
      },
    },
  ],
};

export const BUILT_IN_RULEBOOKS: readonly Rulebook[] = [CT20, NQ198];

/** Year range → rulebook id. Keys: "2017-2024", "2025-", "-2024" or a single year "2026". */
export type RulebookYearConfig = Readonly<Record<string, string>>;

export const DEFAULT_RULEBOOK_YEARS: RulebookYearConfig = { '-2024': 'CT20', '2025-': 'NQ198' };

/**
 * Severity overrides, keyed by rule id or by rule family: {"ct20.window-overlap": "block"} or
 * {"frequency": "warn"} (every frequency rule of every rulebook). A rule id wins over its family.
 */
export type SeverityOverrides = Readonly<Record<string, Severity>>;

/** A rulebook ready for one year: severities overridden, rules indexed by family. */
export interface CompiledRulebook {
  ref: RulebookRef;
  rulebook: Rulebook;
  frequency: readonly RuleDefinitionOf<'frequency'>[];
  sameField?: RuleDefinitionOf<'same-field'>;
  windowOverlap?: RuleDefinitionOf<'window-overlap'>;
  stateAudit?: RuleDefinitionOf<'state-audit'>;
  adHocEvidence?: RuleDefinitionOf<'ad-hoc-evidence'>;
  adHocScope?: RuleDefinitionOf<'ad-hoc-scope'>;
  thanhTraAuthority?: RuleDefinitionOf<'thanh-tra-authority'>;
  goodComplierRemote?: RuleDefinitionOf<'good-complier-remote'>;
}

export interface RulebookSelector {
  /** The rulebook governing inspections whose window starts in `year`, if any. */
  forYear(year: number): CompiledRulebook | undefined;
  /** Every rule id known to the selector's rulebooks, with its family. */
  familyOfRule(ruleId: string): RuleFamily | undefined;
  readonly ranges: readonly { from: number; to: number; rulebookId: string }[];
}

export interface RulebookSelectorOptions {
  years?: RulebookYearConfig;
  severityOverrides?: SeverityOverrides;
  rulebooks?: readonly Rulebook[];
}

const RANGE_KEY = /^(\d{4})?(-)?(\d{4})?$/;

function parseRange(key: string): { from: number; to: number } {
  const m = RANGE_KEY.exec(key.trim());
  if (!m || (!m[1] && !m[3])) throw new RangeError(`bad rulebook year range "${key}"`);
  if (!m[2]) {
    if (m[3]) throw new RangeError(`bad rulebook year range "${key}"`);
    return { from: Number(m[1]), to: Number(m[1]) };
  }
  const from = m[1] ? Number(m[1]) : -Infinity;
  const to = m[3] ? Number(m[3]) : Infinity;
  if (from > to) throw new RangeError(`empty rulebook year range "${key}"`);
  return { from, to };
}

/** Reads the deployment setting, e.g. '{"2017-2024":"CT20","2025-":"NQ198"}'. */
export function parseRulebookYearConfig(json: string): RulebookYearConfig {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('rulebook year config must be an object of "range": "rulebook id"');
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new TypeError(`rulebook for "${k}" must be a string`);
  }
  return value as RulebookYearConfig;
}

function compile(rulebook: Rulebook, overrides: SeverityOverrides): CompiledRulebook {
  const withSeverity = <R extends RuleDefinition>(rule: R): R => {
    const severity = overrides[rule.id] ?? overrides[rule.family];
    return severity ? { ...rule, severity } : rule;
  };
  const compiled: CompiledRulebook = {
    ref: { id: rulebook.id, version: rulebook.version },
    rulebook,
    frequency: [],
  };
  const frequency: RuleDefinitionOf<'frequency'>[] = [];
  for (const raw of rulebook.rules) {
    const rule = withSeverity(raw);
    switch (rule.family) {
      case 'frequency':
        frequency.push(rule);
        break;
      case 'same-field':
        compiled.sameField = rule;
        break;
      case 'window-overlap':
        compiled.windowOverlap = rule;
        break;
      case 'state-audit':
        compiled.stateAudit = rule;
        break;
      case 'ad-hoc-evidence':
        compiled.adHocEvidence = rule;
        break;
      case 'ad-hoc-scope':
        compiled.adHocScope = rule;
        break;
      case 'thanh-tra-authority':
        compiled.thanhTraAuthority = rule;
        break;
      case 'good-complier-remote':
        compiled.goodComplierRemote = rule;
        break;
    }
  }
  compiled.frequency = frequency;
  return compiled;
}

/**
 * Which rulebook governs which plan year. Throws on unknown rulebook ids, malformed or
 * overlapping ranges and overrides of unknown rules, so a bad deployment setting fails at
 * start-up rather than silently detecting nothing.
 */
export function createRulebookSelector(options: RulebookSelectorOptions = {}): RulebookSelector {
  const rulebooks = options.rulebooks ?? BUILT_IN_RULEBOOKS;
  const overrides = options.severityOverrides ?? {};
  const byId = new Map(rulebooks.map((rb) => [rb.id, rb]));
  const families = new Map<string, RuleFamily>();
  for (const rb of rulebooks) for (const r of rb.rules) families.set(r.id, r.family);
  const familyNames = new Set<string>(families.values());
  for (const [ruleId, severity] of Object.entries(overrides)) {
    if (!families.has(ruleId) && !familyNames.has(ruleId))
      throw new RangeError(`severity override for unknown rule or rule family "${ruleId}"`);
    if (severity !== 'block' && severity !== 'warn') {
      throw new RangeError(`severity of "${ruleId}" must be block or warn`);
    }
  }

  const ranges = Object.entries(options.years ?? DEFAULT_RULEBOOK_YEARS)
    .map(([key, rulebookId]) => {
      if (!byId.has(rulebookId)) throw new RangeError(`unknown rulebook "${rulebookId}"`);
      return { ...parseRange(key), rulebookId };
    })
    .sort((a, b) => a.from - b.from);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i].from <= ranges[i - 1].to) {
      throw new RangeError('rulebook year ranges overlap');
    }
  }

  const compiled = new Map<string, CompiledRulebook>();
  for (const rb of rulebooks) compiled.set(rb.id, compile(rb, overrides));
  const cache = new Map<number, CompiledRulebook | undefined>();

  return {
    ranges,
    forYear(year) {
      if (cache.has(year)) return cache.get(year);
      const range = ranges.find((r) => r.from <= year && year <= r.to);
      const result = range ? compiled.get(range.rulebookId) : undefined;
      cache.set(year, result);
      return result;
    },
    familyOfRule: (ruleId) => families.get(ruleId),
  };
}
