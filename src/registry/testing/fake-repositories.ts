// In-memory registry repositories for service specs. They keep the ports' contracts (a stale
// revision or a plan no longer in `from` writes nothing and answers null; records come back
// as copies, so a service cannot change what is "stored" by mutating what it read).
import { EnterpriseRepository, Enterprise } from '../enterprises/enterprise';
import {
  DETECTION_FIELDS,
  DetectionRecord,
  Inspection,
  InspectionFilter,
  InspectionRepository,
  InspectionSortKey,
  PlanFacts,
} from '../inspections/inspection';
import { Plan, PlanFilter, PlanRepository, PlanRevision } from '../plans/plan';
import { INACTIVE_INSPECTION_STATES } from '../../domain/vocabulary';

const copy = <T>(value: T): T => structuredClone(value);

/** `$set` semantics of the Mongo adapters: an undefined value leaves the field as it is. */
function assignDefined<T extends object>(target: T, changes: Partial<T>): T {
  for (const [k, v] of Object.entries(changes)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = copy(v);
  }
  return target;
}

function compare(a: string | number | Date, b: string | number | Date): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SORTS: Record<InspectionSortKey, (a: Inspection, b: Inspection) => number> = {
  'window.from': (a, b) => compare(a.window.from, b.window.from) || compare(a.id, b.id),
  '-window.from': (a, b) => compare(b.window.from, a.window.from) || compare(b.id, a.id),
  taxCode: (a, b) =>
    compare(a.taxCode, b.taxCode) || compare(a.window.from, b.window.from) || compare(a.id, b.id),
  parentTaxCode: (a, b) =>
    compare(a.parentTaxCode, b.parentTaxCode) ||
    compare(a.window.from, b.window.from) ||
    compare(a.id, b.id),
  updatedAt: (a, b) => compare(a.updatedAt, b.updatedAt) || compare(a.id, b.id),
  '-updatedAt': (a, b) => compare(b.updatedAt, a.updatedAt) || compare(b.id, a.id),
};

/** The same selection as toMongoFilter, in memory. */
export function matchesInspection(i: Inspection, f: InspectionFilter): boolean {
  if (f.year !== undefined && i.year !== f.year) return false;
  if (f.yearFrom !== undefined && i.year < f.yearFrom) return false;
  if (f.yearTo !== undefined && i.year > f.yearTo) return false;
  if (f.agencyCode && i.agencyCode !== f.agencyCode) return false;
  if (f.involvingAgencyCode) {
    const c = f.involvingAgencyCode;
    if (i.agencyCode !== c && i.leadAgencyCode !== c && !i.participantAgencyCodes.includes(c))
      return false;
  }
  if (f.involvingAnyOf) {
    const any = f.involvingAnyOf;
    if (
      !any.includes(i.agencyCode) &&
      !any.includes(i.leadAgencyCode) &&
      !i.participantAgencyCodes.some((c) => any.includes(c))
    )
      return false;
  }
  if (f.taxCode && i.taxCode !== f.taxCode) return false;
  if (f.parentTaxCode && i.parentTaxCode !== f.parentTaxCode) return false;
  if (f.field && i.field !== f.field) return false;
  if (f.type && i.type !== f.type) return false;
  if (f.state && i.state !== f.state) return false;
  if (f.planId && i.planId !== f.planId) return false;
  if (f.windowTo && i.window.from > f.windowTo) return false;
  if (f.windowFrom && i.window.to < f.windowFrom) return false;
  return true;
}

export class FakeInspectionRepository extends InspectionRepository {
  readonly rows = new Map<string, Inspection>();
  /** The filters stream() was asked, in order (what a reader asks of the database). */
  readonly streamed: InspectionFilter[] = [];

  constructor(seed: Inspection[] = []) {
    super();
    for (const i of seed) this.rows.set(i.id, copy(i));
  }

  /** What is stored, sorted by id (for assertions). */
  all(): Inspection[] {
    return [...this.rows.values()].sort((a, b) => compare(a.id, b.id)).map(copy);
  }

  async insertMany(inspections: Inspection[]): Promise<void> {
    for (const i of inspections) {
      if (this.rows.has(i.id)) throw new Error(`duplicate inspection id ${i.id}`);
      this.rows.set(i.id, copy(i));
    }
  }

  async insertNewImports(inspections: Inspection[]) {
    const present = new Set([...this.rows.values()].map((i) => i.importKey).filter(Boolean));
    const inserted: string[] = [];
    for (const i of inspections) {
      if (present.has(i.importKey)) continue;
      this.rows.set(i.id, copy(i));
      present.add(i.importKey);
      inserted.push(i.id);
    }
    return { inserted, alreadyPresent: inspections.length - inserted.length };
  }

  async deleteByIds(ids: string[]): Promise<void> {
    for (const id of ids) this.rows.delete(id);
  }

  async findById(id: string): Promise<Inspection | null> {
    const i = this.rows.get(id);
    return i ? copy(i) : null;
  }

  async findByIds(ids: string[]): Promise<Inspection[]> {
    return ids.flatMap((id) => (this.rows.has(id) ? [copy(this.rows.get(id)!)] : []));
  }

  async findByPlan(planId: string): Promise<Inspection[]> {
    return this.select({ planId }, 'taxCode');
  }

  async findByParents(parentTaxCodes: string[]): Promise<Inspection[]> {
    return [...this.rows.values()]
      .filter((i) => parentTaxCodes.includes(i.parentTaxCode))
      .map(copy);
  }

  async search(filter: InspectionFilter, sort: InspectionSortKey, skip: number, limit: number) {
    const all = this.select(filter, sort);
    return { items: all.slice(skip, skip + limit), total: all.length };
  }

  async *stream(filter: InspectionFilter, sort?: InspectionSortKey): AsyncIterable<Inspection> {
    this.streamed.push(copy(filter));
    for (const i of this.select(filter, sort)) yield i;
  }

  /** Batch size of streamForDetection: small, so that a parent's records span batches. */
  detectionBatch = 2;

  async *streamForDetection(filter: InspectionFilter): AsyncIterable<DetectionRecord[]> {
    this.streamed.push(copy(filter));
    const rows = this.select(filter, 'parentTaxCode').map(
      (i) =>
        Object.fromEntries(
          DETECTION_FIELDS.filter((f) => i[f] !== undefined).map((f) => [f, i[f]]),
        ) as DetectionRecord,
    );
    for (let k = 0; k < rows.length; k += this.detectionBatch)
      yield rows.slice(k, k + this.detectionBatch);
  }

  async updateIfRevision(
    id: string,
    expectedRevision: number,
    changes: Partial<Inspection>,
  ): Promise<Inspection | null> {
    const stored = this.rows.get(id);
    if (!stored || stored.revision !== expectedRevision) return null;
    const { id: _ignored, ...set } = changes;
    assignDefined(stored, set);
    return copy(stored);
  }

  async updatePlanFields(
    planId: string,
    plan: PlanFacts,
    now: Date,
    bumpRevision: boolean,
  ): Promise<void> {
    for (const i of this.rows.values()) {
      if (i.planId !== planId) continue;
      i.planStatus = plan.planStatus;
      if (plan.planDecision) i.planDecision = copy(plan.planDecision);
      else delete i.planDecision;
      i.updatedAt = now;
      if (bumpRevision) i.revision += 1;
    }
  }

  async countByPlan(planId: string, activeOnly: boolean): Promise<number> {
    return [...this.rows.values()].filter(
      (i) => i.planId === planId && !(activeOnly && INACTIVE_INSPECTION_STATES.includes(i.state)),
    ).length;
  }

  private select(filter: InspectionFilter, sort?: InspectionSortKey): Inspection[] {
    const found = [...this.rows.values()].filter((i) => matchesInspection(i, filter));
    if (sort) found.sort(SORTS[sort]);
    return found.map(copy);
  }
}

export class FakePlanRepository extends PlanRepository {
  readonly rows = new Map<string, Plan>();
  readonly revisions: PlanRevision[] = [];

  constructor(seed: Plan[] = []) {
    super();
    for (const p of seed) this.rows.set(p.id, copy(p));
  }

  async insert(plan: Plan): Promise<Plan> {
    if (this.rows.has(plan.id)) throw new Error(`duplicate plan id ${plan.id}`);
    this.rows.set(plan.id, copy(plan));
    return plan;
  }

  async insertImportDraft(plan: Plan): Promise<{ plan: Plan; created: boolean }> {
    const existing = [...this.rows.values()].find(
      (p) =>
        p.importDraft &&
        p.status === 'draft' &&
        p.agencyCode === plan.agencyCode &&
        p.year === plan.year,
    );
    if (existing) return { plan: copy(existing), created: false };
    return { plan: await this.insert({ ...plan, importDraft: true }), created: true };
  }

  async findById(id: string): Promise<Plan | null> {
    const p = this.rows.get(id);
    return p ? copy(p) : null;
  }

  async findDraftAnnual(agencyCode: string, year: number): Promise<Plan | null> {
    const drafts = [...this.rows.values()]
      .filter(
        (p) =>
          p.agencyCode === agencyCode &&
          p.year === year &&
          p.kind === 'annual' &&
          p.status === 'draft',
      )
      .sort((a, b) => compare(a.createdAt, b.createdAt));
    return drafts.length > 0 ? copy(drafts[0]) : null;
  }

  async search(filter: PlanFilter, skip: number, limit: number) {
    const all = [...this.rows.values()]
      .filter(
        (p) =>
          (filter.year === undefined || p.year === filter.year) &&
          (!filter.agencyCode || p.agencyCode === filter.agencyCode) &&
          (!filter.agencyCodes || filter.agencyCodes.includes(p.agencyCode)) &&
          (!filter.status || p.status === filter.status) &&
          (!filter.kind || p.kind === filter.kind),
      )
      .sort(
        (a, b) =>
          b.year - a.year ||
          compare(a.agencyCode, b.agencyCode) ||
          compare(a.createdAt, b.createdAt),
      );
    return { items: all.slice(skip, skip + limit).map(copy), total: all.length };
  }

  async transition(
    id: string,
    from: Plan['status'][],
    changes: Partial<Plan>,
  ): Promise<Plan | null> {
    const stored = this.rows.get(id);
    if (!stored || !from.includes(stored.status)) return null;
    // The Mongo adapter unsets what `changes` sets to undefined (a revision drops the decision).
    const { id: _ignored, ...set } = changes;
    for (const [k, v] of Object.entries(set)) {
      if (v === undefined) delete (stored as unknown as Record<string, unknown>)[k];
      else (stored as unknown as Record<string, unknown>)[k] = copy(v);
    }
    return copy(stored);
  }

  async touch(id: string, now: Date, actor: string): Promise<void> {
    const stored = this.rows.get(id);
    if (stored) Object.assign(stored, { updatedAt: now, updatedBy: actor });
  }

  async saveRevision(revision: PlanRevision): Promise<void> {
    // Frozen once, as the Mongo adapter: a second save of the same revision keeps the first.
    if (
      this.revisions.some((r) => r.planId === revision.planId && r.revision === revision.revision)
    )
      return;
    this.revisions.push(copy(revision));
  }

  async listRevisions(planId: string) {
    return this.revisions
      .filter((r) => r.planId === planId)
      .sort((a, b) => a.revision - b.revision)
      .map(({ inspections, ...r }) => ({ ...copy(r), inspectionCount: inspections.length }));
  }

  async findRevision(planId: string, revision: number): Promise<PlanRevision | null> {
    const r = this.revisions.find((x) => x.planId === planId && x.revision === revision);
    return r ? copy(r) : null;
  }
}

export class FakeEnterpriseRepository extends EnterpriseRepository {
  readonly rows = new Map<string, Enterprise>();

  constructor(seed: Enterprise[] = []) {
    super();
    for (const e of seed) this.rows.set(e.taxCode, copy(e));
  }

  all(): Enterprise[] {
    return [...this.rows.values()].sort((a, b) => compare(a.taxCode, b.taxCode)).map(copy);
  }

  async ensureExist(
    entries: Array<Pick<Enterprise, 'taxCode' | 'parentTaxCode' | 'isBranch' | 'name' | 'address'>>,
    now: Date,
  ): Promise<void> {
    for (const e of entries) {
      if (this.rows.has(e.taxCode)) continue;
      this.rows.set(e.taxCode, {
        taxCode: e.taxCode,
        parentTaxCode: e.parentTaxCode,
        isBranch: e.isBranch,
        name: e.name,
        ...(e.address && { address: e.address }),
        goodComplier: false,
        publicFeed: false,
        createdAt: now,
        updatedAt: now,
      });
    }
  }

  async findByTaxCode(taxCode: string): Promise<Enterprise | null> {
    const e = this.rows.get(taxCode);
    return e ? copy(e) : null;
  }

  async findByParents(parentTaxCodes: string[]): Promise<Enterprise[]> {
    return this.all().filter((e) => parentTaxCodes.includes(e.parentTaxCode));
  }

  async update(
    taxCode: string,
    changes: Partial<
      Pick<Enterprise, 'name' | 'address' | 'goodComplier' | 'publicFeed' | 'updatedAt'>
    >,
  ): Promise<Enterprise | null> {
    const stored = this.rows.get(taxCode);
    if (!stored) return null;
    assignDefined(stored, changes);
    return copy(stored);
  }

  async search(filter: { q?: string; goodComplier?: boolean }, skip: number, limit: number) {
    const q = filter.q?.normalize('NFC');
    const all = this.all().filter(
      (e) =>
        (filter.goodComplier === undefined || e.goodComplier === filter.goodComplier) &&
        (!q || e.taxCode.startsWith(q) || e.name.toLowerCase().includes(q.toLowerCase())),
    );
    return { items: all.slice(skip, skip + limit), total: all.length };
  }
}
