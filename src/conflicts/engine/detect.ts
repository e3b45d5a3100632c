// Batch detection: group by parent enterprise, sort each group by window start, sweep.
// Grouping is a radix sort on the parent number (O(N)); sorting the groups costs
// O(Σ g log g) ≤ O(N log N); every
// sweep is linear in its group plus the conflicts it emits, so the whole run is O(N log N + K).
//
// Year attribution: an inspection belongs to the calendar year its window STARTS in. A window
// from 15/12/2025 to 15/01/2026 counts in 2025 (the plan year that scheduled it) and is judged
// by 2025's rulebook; it still overlaps a January 2026 window of the same enterprise, because
// overlap is checked on days, not years.
import { INACTIVE_INSPECTION_STATES } from '../../domain/vocabulary';
import { type DayWindow, windowContains, windowIntersection } from '../../domain/calendar-day';
import {
  agencyKindText,
  enterpriseText,
  fill,
  inspectionText,
  listText,
  resolveContext,
  sentence,
  typesText,
  windowText,
  type ResolvedContext,
} from './explain';
import { compareIds, conflictIdOfSorted, parentOf } from './identity';
import type { CompiledRulebook, RuleDefinition, RulebookSelector } from './rulebooks';
import type {
  Bilingual,
  ConflictFacts,
  DetectedConflict,
  DetectionContext,
  EngineInspection,
  InspectionFact,
} from './types';

const INACTIVE = new Set<string>(INACTIVE_INSPECTION_STATES);

/** Cancelled and merged inspections never happen on their own, so they never count. */
export function isActive(i: EngineInspection): boolean {
  return !INACTIVE.has(i.state);
}

export function hasEvidence(i: EngineInspection): boolean {
  return typeof i.adHocEvidence === 'string' && i.adHocEvidence.trim().length > 0;
}

/** Ad-hoc on recorded evidence of clear signs of violation: exempt from the yearly limits. */
export function isExemptFromCounting(i: EngineInspection): boolean {
  return i.planKind === 'ad-hoc' && hasEvidence(i);
}

/**
 * The State Audit is not a "thanh tra, kiểm tra": its audits are handled by the state-audit
 * rule (coordinate) and neither count against the yearly limits nor join overlap clusters
 * (a joint inspection with the State Audit is not something a province can order).
 */
export function isStateAudit(i: EngineInspection): boolean {
  return i.leadAgency.kind === 'state-audit';
}

/** Year of a YYYY-MM-DD day without allocating a substring (hot path). */
export function yearOfDay(day: string): number {
  return (
    (day.charCodeAt(0) - 48) * 1000 +
    (day.charCodeAt(1) - 48) * 100 +
    (day.charCodeAt(2) - 48) * 10 +
    (day.charCodeAt(3) - 48)
  );
}

/** Window start, then id: a total order, so every run sees a group the same way. */
export function byWindowStart(a: EngineInspection, b: EngineInspection): number {
  const x = a.window.from;
  const y = b.window.from;
  return x < y ? -1 : x > y ? 1 : compareIds(a.id, b.id);
}

function toFact(i: EngineInspection): InspectionFact {
  const fact: InspectionFact = {
    id: i.id,
    taxCode: i.taxCode,
    type: i.type,
    form: i.form,
    field: i.field,
    window: { from: i.window.from, to: i.window.to },
    leadAgencyCode: i.leadAgency.code,
    leadAgencyKind: i.leadAgency.kind,
    participantAgencyCodes: [...i.participantAgencyCodes],
    planKind: i.planKind,
    year: yearOfDay(i.window.from),
  };
  if (i.planId !== undefined) fact.planId = i.planId;
  return fact;
}

function agencyCodes(members: readonly EngineInspection[]): string[] {
  const codes = new Set<string>();
  for (const m of members) {
    codes.add(m.leadAgency.code);
    for (const c of m.participantAgencyCodes) codes.add(c);
  }
  return [...codes].sort(compareIds);
}

/** Everything needed to build conflicts for one parent enterprise. */
interface GroupScope {
  parent: string;
  /** "Doanh nghiệp X (MST …)", built only when an explanation is read. */
  enterprise: () => Bilingual;
  ctx: ResolvedContext;
  out: DetectedConflict[];
}

const explanations = new WeakMap<object, Bilingual | (() => Bilingual)>();
const EXPLANATION_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object): Bilingual {
    const value = explanations.get(this);
    if (typeof value !== 'function') return value as Bilingual;
    const rendered = value();
    explanations.set(this, rendered);
    return rendered;
  },
  set(this: object, value: Bilingual) {
    explanations.set(this, value);
  },
};

/** `members` must be sorted by window start (they always are: they come from a sorted group). */
function emit(
  scope: GroupScope,
  rulebook: CompiledRulebook,
  rule: RuleDefinition,
  members: readonly EngineInspection[],
  extraFacts: Omit<ConflictFacts, 'inspections' | 'agencyCodes'>,
  facts: () => Bilingual,
  statementValues: Record<string, string | number> = {},
): void {
  const ids = members.map((m) => m.id);
  if (ids.length > 1) ids.sort(compareIds);
  const conflict = {
    id: conflictIdOfSorted(rule.id, ids),
    ruleId: rule.id,
    family: rule.family,
    rulebook: rulebook.ref,
    severity: rule.severity,
    taxCode: scope.parent,
    year: yearOfDay(members[0].window.from),
    inspectionIds: ids,
    facts: { inspections: members.map(toFact), agencyCodes: agencyCodes(members), ...extraFacts },
    legalBasis: rule.citation,
  } as DetectedConflict;
  // The read-aloud text is the costliest part of a conflict and a re-scan stores it only for
  // conflicts it opens, so it is rendered on first read and then kept. It is an enumerable own
  // accessor (spread, JSON and property access see a plain field); the accessor functions are
  // shared so every conflict keeps the same hidden class.
  explanations.set(conflict, () => sentence(facts(), statementOf(rule, statementValues)));
  Object.defineProperty(conflict, 'explanation', EXPLANATION_PROPERTY);
  scope.out.push(conflict);
}

// A rule's statement depends only on its own parameters: fill each template once.
const statements = new WeakMap<RuleDefinition, Bilingual>();
function statementOf(rule: RuleDefinition, values: Record<string, string | number>): Bilingual {
  let text = statements.get(rule);
  if (!text) statements.set(rule, (text = fill(rule.statement, values)));
  return text;
}

function joinBilingual(a: Bilingual, b: Bilingual, sepVi: string, sepEn = sepVi): Bilingual {
  return { vi: `${a.vi}${sepVi}${b.vi}`, en: `${a.en}${sepEn}${b.en}` };
}

/** Rules about one inspection on its own: ad-hoc basis and scope, authority, good complier. */
function detectSingle(
  scope: GroupScope,
  i: EngineInspection,
  rb: CompiledRulebook,
  goodComplier: boolean,
) {
  const { ctx } = scope;
  if (i.planKind === 'ad-hoc') {
    if (rb.adHocEvidence && !hasEvidence(i)) {
      emit(scope, rb, rb.adHocEvidence, [i], {}, () => {
        const enterprise = scope.enterprise();
        const d = inspectionText(i, ctx);
        return {
          vi: `Cuộc ${d.vi} đối với ${lower(enterprise.vi)} là đột xuất nhưng chưa có căn cứ về dấu hiệu vi phạm rõ ràng`,
          en: `The ${d.en} of ${lower(enterprise.en)} is ad-hoc but records no evidence of clear signs of violation`,
        };
      });
    }
    const decision = i.adHocScope;
    if (rb.adHocScope && decision) {
      const fieldOut =
        decision.fields && decision.fields.length > 0 && !decision.fields.includes(i.field)
          ? i.field
          : undefined;
      const windowOut =
        decision.window && !windowContains(decision.window, i.window) ? i.window : undefined;
      if (fieldOut !== undefined || windowOut !== undefined) {
        const partsVi: string[] = [];
        const partsEn: string[] = [];
        if (fieldOut !== undefined) {
          const out = ctx.fieldName(fieldOut);
          const allowed = decision.fields!.map((f) => ctx.fieldName(f));
          partsVi.push(
            `lĩnh vực ${out.vi} không thuộc quyết định (${allowed.map((f) => f.vi).join(', ')})`,
          );
          partsEn.push(
            `field ${out.en} is not in the decision (${allowed.map((f) => f.en).join(', ')})`,
          );
        }
        if (windowOut !== undefined) {
          const w = windowText(windowOut);
          const dw = windowText(decision.window!);
          partsVi.push(`thời gian ${w.vi} vượt thời hạn của quyết định (${dw.vi})`);
          partsEn.push(`the window ${w.en} goes beyond the decision's (${dw.en})`);
        }
        const extra: Omit<ConflictFacts, 'inspections' | 'agencyCodes'> = {
          decisionScope: decision,
        };
        if (fieldOut !== undefined) extra.fieldOutsideDecision = fieldOut;
        if (windowOut !== undefined) extra.windowOutsideDecision = windowOut;
        emit(scope, rb, rb.adHocScope, [i], extra, () => {
          const enterprise = scope.enterprise();
          const d = inspectionText(i, ctx);
          return {
            vi: `Cuộc ${d.vi} đối với ${lower(enterprise.vi)} vượt phạm vi quyết định: ${partsVi.join('; ')}`,
            en: `The ${d.en} of ${lower(enterprise.en)} goes beyond its decision: ${partsEn.join('; ')}`,
          };
        });
      }
    }
  }
  const authority = rb.thanhTraAuthority;
  if (
    authority &&
    i.type === 'thanh-tra' &&
    i.window.from >= authority.params.effectiveFrom &&
    !authority.params.allowedLeadKinds.includes(i.leadAgency.kind)
  ) {
    emit(scope, rb, authority, [i], { effectiveFrom: authority.params.effectiveFrom }, () => {
      const enterprise = scope.enterprise();
      const d = inspectionText(i, ctx);
      const kind = agencyKindText(i.leadAgency.kind);
      return {
        vi: `Cuộc ${d.vi} đối với ${lower(enterprise.vi)} do ${ctx.agencyName(i.leadAgency.code)} (${kind.vi}) chủ trì, không phải cơ quan thanh tra`,
        en: `The ${d.en} of ${lower(enterprise.en)} is led by ${ctx.agencyName(i.leadAgency.code)} (${kind.en}), which is not an inspectorate`,
      };
    });
  }
  // Clear signs of violation justify going on site even to a good complier.
  if (rb.goodComplierRemote && goodComplier && i.form === 'on-site' && !isExemptFromCounting(i)) {
    emit(scope, rb, rb.goodComplierRemote, [i], {}, () => {
      const enterprise = scope.enterprise();
      const d = inspectionText(i, ctx);
      return {
        vi: `${enterprise.vi} được đánh giá tuân thủ tốt nhưng có cuộc ${d.vi} tiến hành trực tiếp`,
        en: `${enterprise.en} is flagged as a good complier but has an on-site ${d.en}`,
      };
    });
  }
}

function lower(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Rules over one parent's inspections of one year (frequency, same field, State Audit). */
function detectYear(
  scope: GroupScope,
  run: readonly EngineInspection[],
  year: number,
  rb: CompiledRulebook,
) {
  const { ctx } = scope;
  const counted: EngineInspection[] = [];
  for (const i of run) if (!isStateAudit(i) && !isExemptFromCounting(i)) counted.push(i);

  for (const rule of rb.frequency) {
    const { types, maxPerYear } = rule.params;
    const members =
      types.includes('thanh-tra') && types.includes('kiem-tra')
        ? counted
        : counted.filter((i) => types.includes(i.type));
    if (members.length <= maxPerYear) continue;
    emit(
      scope,
      rb,
      rule,
      members,
      { count: members.length, maxPerYear, countedTypes: [...types] },
      () => {
        const enterprise = scope.enterprise();
        const t = typesText(types);
        const list = listText(members, ctx);
        return {
          vi: `${enterprise.vi} có ${members.length} cuộc ${t.vi} trong năm ${year}: ${list.vi}`,
          en: `${enterprise.en} has ${members.length} ${t.en} in ${year}: ${list.en}`,
        };
      },
      { max: maxPerYear },
    );
  }

  if (rb.sameField && counted.length > 1) {
    const byField = new Map<string, EngineInspection[]>();
    for (const i of counted) {
      const list = byField.get(i.field);
      if (list) list.push(i);
      else byField.set(i.field, [i]);
    }
    for (const [field, members] of byField) {
      if (members.length < 2) continue;
      if (
        !members.some((i) => i.type === 'thanh-tra') ||
        !members.some((i) => i.type === 'kiem-tra')
      ) {
        continue;
      }
      emit(scope, rb, rb.sameField, members, { field, count: members.length }, () => {
        const enterprise = scope.enterprise();
        const list = listText(members, ctx);
        return {
          vi: `${enterprise.vi} vừa bị thanh tra vừa bị kiểm tra trong lĩnh vực ${ctx.fieldName(field).vi} năm ${year}: ${list.vi}`,
          en: `${enterprise.en} has both a thanh tra and a kiểm tra in field ${ctx.fieldName(field).en} in ${year}: ${list.en}`,
        };
      });
    }
  }

  if (rb.stateAudit) {
    let audits = 0;
    for (const i of run) if (isStateAudit(i)) audits++;
    if (audits > 0 && audits < run.length) {
      const others = run.filter((i) => !isStateAudit(i));
      emit(
        scope,
        rb,
        rb.stateAudit,
        run,
        {
          stateAuditInspectionIds: run
            .filter(isStateAudit)
            .map((i) => i.id)
            .sort(compareIds),
        },
        () => {
          const enterprise = scope.enterprise();
          const list = listText(others, ctx);
          const auditList = listText(run.filter(isStateAudit), ctx);
          return {
            vi: `${enterprise.vi} nằm trong kế hoạch kiểm toán của Kiểm toán nhà nước năm ${year} (${auditList.vi}) và có ${others.length} cuộc thanh tra, kiểm tra khác: ${list.vi}`,
            en: `${enterprise.en} is in a State Audit plan in ${year} (${auditList.en}) and has ${others.length} other inspection(s): ${list.en}`,
          };
        },
      );
    }
  }
}

function emitOverlap(
  scope: GroupScope,
  cluster: readonly EngineInspection[],
  span: DayWindow,
  selector: RulebookSelector,
) {
  const year = yearOfDay(cluster[0].window.from);
  const rb = selector.forYear(year);
  if (!rb?.windowOverlap) return;
  // The days every inspection of the cluster shares, if any.
  let common: DayWindow | undefined = cluster[0].window;
  for (const i of cluster) common = common && windowIntersection(common, i.window);
  const extra: Omit<ConflictFacts, 'inspections' | 'agencyCodes'> = { span, count: cluster.length };
  if (common) extra.commonDays = common;
  emit(scope, rb, rb.windowOverlap, cluster, extra, () => {
    const enterprise = scope.enterprise();
    const list = listText(cluster, scope.ctx);
    const when = common
      ? joinBilingual({ vi: 'cùng tiến hành ', en: 'all on site ' }, windowText(common), '')
      : joinBilingual({ vi: 'nối tiếp nhau trong ', en: 'chained over ' }, windowText(span), '');
    return {
      vi: `${enterprise.vi} có ${cluster.length} cuộc thanh tra, kiểm tra trùng thời gian (${when.vi}): ${list.vi}`,
      en: `${enterprise.en} has ${cluster.length} inspections with overlapping windows (${when.en}): ${list.en}`,
    };
  });
}

/**
 * Every conflict of one parent enterprise. `group` may hold any of its inspections (parent
 * and branches, any state, any year); it is not modified.
 */
export function detectParentGroup(
  parent: string,
  group: readonly EngineInspection[],
  selector: RulebookSelector,
  ctx: ResolvedContext,
  out: DetectedConflict[],
): void {
  let active: EngineInspection[] = [];
  for (const i of group) if (isActive(i)) active.push(i);
  if (active.length === 0) return;
  if (active.length > 1) active = active.sort(byWindowStart);

  const facts = ctx.enterprise(parent);
  let name = facts?.name;
  if (!name)
    for (const i of active)
      if (i.enterpriseName) {
        name = i.enterpriseName;
        break;
      }
  let enterprise: Bilingual | undefined;
  const scope: GroupScope = {
    parent,
    enterprise: () => (enterprise ??= enterpriseText(parent, name)),
    ctx,
    out,
  };
  const goodComplier = facts?.goodComplier === true;

  // Sorted by start, so each year is one contiguous run.
  let runStart = 0;
  for (let k = 1; k <= active.length; k++) {
    const year = yearOfDay(active[runStart].window.from);
    if (k < active.length && yearOfDay(active[k].window.from) === year) continue;
    const rb = selector.forYear(year);
    if (rb) {
      for (let j = runStart; j < k; j++) detectSingle(scope, active[j], rb, goodComplier);
      detectYear(
        scope,
        k - runStart === active.length ? active : active.slice(runStart, k),
        year,
        rb,
      );
    }
    runStart = k;
  }

  // Overlap: connected clusters of the interval graph are contiguous in start order, so one
  // pass with the running latest end finds them.
  if (active.length < 2) return;
  let cluster: EngineInspection[] = [];
  let spanFrom = '';
  let maxTo = '';
  for (const i of active) {
    if (isStateAudit(i)) continue;
    if (cluster.length > 0 && i.window.from <= maxTo) {
      cluster.push(i);
      if (i.window.to > maxTo) maxTo = i.window.to;
      continue;
    }
    if (cluster.length > 1) emitOverlap(scope, cluster, { from: spanFrom, to: maxTo }, selector);
    cluster = [i];
    spanFrom = i.window.from;
    maxTo = i.window.to;
  }
  if (cluster.length > 1) emitOverlap(scope, cluster, { from: spanFrom, to: maxTo }, selector);
}

/**
 * The parent's 10 digits as a number (< 10^10 < 2^34), or -1 when the code does not start
 * with 10 digits (legacy junk still gets checked, through the slow path).
 */
function parentNumber(taxCode: string): number {
  if (taxCode.length < 10) return -1;
  let n = 0;
  for (let k = 0; k < 10; k++) {
    const d = taxCode.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const RADIX_BITS = 12;
const RADIX = 1 << RADIX_BITS;
const LOW = 2 ** 24;

/**
 * Inspection positions ordered by parent, by an LSD radix sort on the parent number: three
 * counting passes over typed arrays, O(N) and almost no garbage. Grouping 10^6 inspections
 * through a Map of strings costs several times more (hashing, rehashing, GC).
 */
function orderByParent(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = keys[i] % LOW;
    hi[i] = Math.floor(keys[i] / LOW);
  }
  let from = new Uint32Array(n);
  let to = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  const count = new Uint32Array(RADIX);
  const mask = RADIX - 1;
  for (let pass = 0; pass < 3; pass++) {
    // pass 0: low 12 bits, 1: next 12 bits, 2: the high part (< 2^10)
    const src = pass === 2 ? hi : lo;
    const shift = pass === 1 ? RADIX_BITS : 0;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[from[i]] >>> shift) & mask]++;
    for (let b = 0, sum = 0; b < RADIX; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const x = from[i];
      to[count[(src[x] >>> shift) & mask]++] = x;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
}

/**
 * Batch detection over any set of inspections: a full re-scan, or — for a write-time check —
 * all inspections of the parents the write touched (detectForEnterprises is the same call).
 * Parents are independent, so conflicts of a parent depend only on its own inspections.
 * Output order: by parent tax code, then year and rule within a parent — the same for any
 * input order.
 */
export function detectConflicts(
  inspections: Iterable<EngineInspection>,
  selector: RulebookSelector,
  context: DetectionContext = {},
): DetectedConflict[] {
  const all = Array.isArray(inspections) ? (inspections as EngineInspection[]) : [...inspections];
  const ctx = resolveContext(context);
  const out: DetectedConflict[] = [];
  const keys = new Float64Array(all.length);
  let odd: EngineInspection[] | undefined;
  let valid = 0;
  for (let i = 0; i < all.length; i++) {
    const key = parentNumber(all[i].taxCode);
    if (key < 0) (odd ??= []).push(all[i]);
    else keys[valid++] = key;
  }
  const list = odd ? all.filter((i) => parentNumber(i.taxCode) >= 0) : all;
  const order = orderByParent(valid === all.length ? keys : keys.subarray(0, valid));

  const group: EngineInspection[] = [];
  for (let k = 0; k < order.length;) {
    const key = keys[order[k]];
    group.length = 0;
    let e = k;
    for (; e < order.length && keys[order[e]] === key; e++) group.push(list[order[e]]);
    detectParentGroup(parentOf(group[0].taxCode), group, selector, ctx, out);
    k = e;
  }
  if (odd) {
    const groups = new Map<string, EngineInspection[]>();
    for (const i of odd) {
      const p = parentOf(i.taxCode);
      const g = groups.get(p);
      if (g) g.push(i);
      else groups.set(p, [i]);
    }
    for (const [parent, g] of groups) detectParentGroup(parent, g, selector, ctx, out);
  }
  return out;
}

/** Write-time check: pass every inspection of the touched parents (name for the service). */
export const detectForEnterprises = detectConflicts;

/**
 * Re-scan from a cursor sorted by tax code (e.g. MongoDB `.sort({taxCode: 1})`): branches
 * sort right after their parent because they share its first 10 characters, so each parent's
 * inspections arrive together and only one group is held in memory at a time.
 */
export async function* detectSortedStream(
  source: AsyncIterable<EngineInspection> | Iterable<EngineInspection>,
  selector: RulebookSelector,
  context: DetectionContext = {},
): AsyncGenerator<DetectedConflict> {
  const ctx = resolveContext(context);
  let parent: string | undefined;
  let group: EngineInspection[] = [];
  const flush = function* (): Generator<DetectedConflict> {
    if (parent === undefined || group.length === 0) return;
    const out: DetectedConflict[] = [];
    detectParentGroup(parent, group, selector, ctx, out);
    yield* out;
  };
  for await (const i of source) {
    const p = parentOf(i.taxCode);
    if (p !== parent) {
      if (parent !== undefined && p < parent) {
        throw new RangeError(`inspections must be sorted by tax code: ${p} came after ${parent}`);
      }
      yield* flush();
      parent = p;
      group = [];
    }
    group.push(i);
  }
  yield* flush();
}

export interface DryRunResult {
  /** Every conflict that would exist and involves at least one candidate. */
  conflicts: DetectedConflict[];
  /** Of those, the ones not open today (new ids). */
  created: DetectedConflict[];
  /** Ids of today's conflicts the candidates would replace (e.g. a frequency set that grows). */
  superseded: string[];
}

/**
 * What saving `candidates` would do, saving nothing. `existing` = the stored inspections of
 * the candidates' parents; a candidate with an existing id previews an edit of it.
 */
export function dryRun(
  existing: Iterable<EngineInspection>,
  candidates: readonly EngineInspection[],
  selector: RulebookSelector,
  context: DetectionContext = {},
): DryRunResult {
  const candidateIds = new Set(candidates.map((c) => c.id));
  const before: EngineInspection[] = [];
  const after: EngineInspection[] = [];
  for (const i of existing) {
    before.push(i);
    if (!candidateIds.has(i.id)) after.push(i);
  }
  after.push(...candidates);
  const beforeConflicts = detectConflicts(before, selector, context);
  const afterConflicts = detectConflicts(after, selector, context);
  const beforeIds = new Set(beforeConflicts.map((c) => c.id));
  const afterIds = new Set(afterConflicts.map((c) => c.id));
  const conflicts = afterConflicts.filter((c) =>
    c.inspectionIds.some((id) => candidateIds.has(id)),
  );
  return {
    conflicts,
    created: conflicts.filter((c) => !beforeIds.has(c.id)),
    superseded: beforeConflicts.filter((c) => !afterIds.has(c.id)).map((c) => c.id),
  };
}
