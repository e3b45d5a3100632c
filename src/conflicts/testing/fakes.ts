// In-memory fakes of the ports the conflict services use, for millisecond service specs.
// They keep the stored semantics the services rely on (revision guard, "decided stays").
import type { Agency, AgencyRepository } from '../../agencies/agency';
import type { AuditEvent, AuditTrail } from '../../audit/audit';
import { Clock } from '../../common/time/clock';
import type { Enterprise, EnterpriseRepository } from '../../registry/enterprises/enterprise';
import type {
  Inspection,
  InspectionFilter,
  InspectionRepository,
} from '../../registry/inspections/inspection';
import type { Conflict, ConflictFilter, ConflictHistoryEntry, Resolution } from '../conflict';
import type { ConflictClosing, ConflictRepository, DetectionStamp } from '../conflict.repository';
import type { DetectedConflict } from '../engine';

export class FakeClock extends Clock {
  constructor(private instant = new Date('2026-03-01T03:00:00Z')) {
    super();
  }
  now(): Date {
    return new Date(this.instant);
  }
}

/** A deep copy, so a service never holds the stored object (Dates stay Dates of this realm). */
function copy<T>(v: T): T {
  if (v instanceof Date) return new Date(v) as T;
  if (Array.isArray(v)) return v.map(copy) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = copy(x);
    return out as T;
  }
  return v;
}
const unused = (what: string) => () => {
  throw new Error(`${what} is not used by the conflict services`);
};

export class FakeInspectionRepository implements InspectionRepository {
  readonly rows = new Map<string, Inspection>();
  constructor(inspections: Inspection[] = []) {
    for (const i of inspections) this.rows.set(i.id, copy(i));
  }
  async insertMany(inspections: Inspection[]) {
    for (const i of inspections) this.rows.set(i.id, copy(i));
  }
  insertNewImports = unused('insertNewImports');
  deleteByIds = unused('deleteByIds');
  search = unused('search');
  updatePlanFields = unused('updatePlanFields');
  countByPlan = unused('countByPlan');
  async findById(id: string) {
    const i = this.rows.get(id);
    return i ? copy(i) : null;
  }
  async findByIds(ids: string[]) {
    return [...this.rows.values()].filter((i) => ids.includes(i.id)).map(copy);
  }
  async findByPlan(planId: string) {
    return [...this.rows.values()].filter((i) => i.planId === planId).map(copy);
  }
  async findByParents(parents: string[]) {
    return [...this.rows.values()].filter((i) => parents.includes(i.parentTaxCode)).map(copy);
  }
  async *stream(filter: InspectionFilter, sort?: string): AsyncIterable<Inspection> {
    const rows = [...this.rows.values()].filter(
      (i) =>
        (filter.yearFrom === undefined || i.year >= filter.yearFrom) &&
        (filter.yearTo === undefined || i.year <= filter.yearTo),
    );
    if (sort === 'parentTaxCode')
      rows.sort((a, b) =>
        a.parentTaxCode < b.parentTaxCode ? -1 : a.parentTaxCode > b.parentTaxCode ? 1 : 0,
      );
    for (const i of rows) yield copy(i);
  }
  async updateIfRevision(id: string, expectedRevision: number, changes: Partial<Inspection>) {
    const current = this.rows.get(id);
    if (!current || current.revision !== expectedRevision) return null;
    const next = { ...current, ...copy(changes) };
    this.rows.set(id, next);
    return copy(next);
  }
}

export class FakeAgencyRepository implements AgencyRepository {
  constructor(private readonly agencies: Pick<Agency, 'code' | 'name' | 'kind'>[] = []) {}
  insert = unused('insert');
  list = unused('list');
  update = unused('update');
  async findByCode(code: string) {
    return (await this.findByCodes([code]))[0] ?? null;
  }
  async findByCodes(codes: string[]): Promise<Agency[]> {
    const at = new Date('2025-01-01T00:00:00Z');
    return this.agencies
      .filter((a) => codes.includes(a.code))
      .map((a) => ({ ...a, active: true, createdAt: at, updatedAt: at }));
  }
}

export class FakeEnterpriseRepository implements EnterpriseRepository {
  constructor(private readonly enterprises: Enterprise[] = []) {}
  ensureExist = unused('ensureExist');
  update = unused('update');
  search = unused('search');
  async findByTaxCode(taxCode: string) {
    return this.enterprises.find((e) => e.taxCode === taxCode) ?? null;
  }
  async findByParents(parents: string[]) {
    return this.enterprises.filter((e) => parents.includes(e.parentTaxCode)).map(copy);
  }
}

/** The audit trail as a list of the events recorded. */
export class FakeAuditTrail {
  readonly events: Omit<AuditEvent, 'at'>[] = [];
  async record(event: Omit<AuditEvent, 'at'>) {
    this.events.push(copy(event));
  }
  async recordMany(events: Omit<AuditEvent, 'at'>[]) {
    this.events.push(...events.map(copy));
  }
  asTrail(): AuditTrail {
    return this as unknown as AuditTrail;
  }
}

export class FakeConflictRepository implements ConflictRepository {
  readonly rows = new Map<string, Conflict>();
  constructor(conflicts: Conflict[] = []) {
    for (const c of conflicts) this.rows.set(c.id, copy(c));
  }
  all(): Conflict[] {
    return [...this.rows.values()].map(copy);
  }
  /** As if every stored detection happened a minute ago (checks stamp wall-clock ms). */
  age(): void {
    for (const c of this.rows.values()) c.lastDetectedMs -= 60_000;
  }
  async upsertDetected(
    detected: DetectedConflict[],
    stamp: DetectionStamp,
    names: Map<string, string>,
  ) {
    const entry = (action: ConflictHistoryEntry['action']) => ({
      at: stamp.at,
      actor: stamp.actor,
      action,
    });
    for (const c of detected) {
      const fields = {
        ruleId: c.ruleId,
        family: c.family,
        rulebook: c.rulebook,
        severity: c.severity,
        taxCode: c.taxCode,
        ...(names.get(c.taxCode) && { enterpriseName: names.get(c.taxCode) }),
        year: c.year,
        inspectionIds: c.inspectionIds,
        agencyCodes: c.facts.agencyCodes,
        facts: c.facts,
        explanation: c.explanation,
        legalBasis: c.legalBasis,
        lastDetectedAt: stamp.at,
        lastDetectedMs: stamp.ms,
      };
      const current = this.rows.get(c.id);
      if (!current) {
        this.rows.set(c.id, {
          id: c.id,
          ...copy(fields),
          status: 'open',
          history: [entry('detected')],
          revision: 1,
          firstDetectedAt: stamp.at,
          createdAt: stamp.at,
          updatedAt: stamp.at,
        });
      } else if (current.status === 'closed') {
        const { closure: _closure, ...rest } = current;
        this.rows.set(c.id, {
          ...rest,
          ...copy(fields),
          status: 'open',
          updatedAt: stamp.at,
          history: [...current.history, entry('reopened')],
          revision: current.revision + 1,
        });
      } else if (current.status === 'open') {
        this.rows.set(c.id, { ...current, ...copy(fields) });
      }
    }
  }
  async closeIfStale(closings: ConflictClosing[], readStartedMs: number, stamp: DetectionStamp) {
    let closed = 0;
    for (const c of closings) {
      const current = this.rows.get(c.id);
      if (!current || current.status !== 'open' || current.lastDetectedMs >= readStartedMs)
        continue;
      this.rows.set(c.id, {
        ...current,
        status: 'closed',
        closure: { reason: c.reason, explanation: c.explanation, at: stamp.at },
        updatedAt: stamp.at,
        history: [
          ...current.history,
          { at: stamp.at, actor: stamp.actor, action: 'closed', note: c.explanation.en },
        ],
        revision: current.revision + 1,
      });
      closed++;
    }
    return closed;
  }
  async findOpenByParents(parents: string[]) {
    return this.all().filter((c) => parents.includes(c.taxCode) && c.status === 'open');
  }
  async findByParents(parents: string[]) {
    return this.all().filter((c) => parents.includes(c.taxCode));
  }
  async findByIds(ids: string[]) {
    return this.all().filter((c) => ids.includes(c.id));
  }
  async findById(id: string) {
    return this.all().find((c) => c.id === id) ?? null;
  }
  async search(filter: ConflictFilter, skip: number, limit: number) {
    const items = this.all().filter(
      (c) =>
        (filter.year === undefined || c.year === filter.year) &&
        (filter.status === undefined || c.status === filter.status) &&
        (filter.ruleId === undefined || c.ruleId === filter.ruleId) &&
        (filter.family === undefined || c.family === filter.family) &&
        (filter.agencyCode === undefined || c.agencyCodes.includes(filter.agencyCode)) &&
        (filter.taxCode === undefined || c.taxCode === filter.taxCode) &&
        (filter.severity === undefined || c.severity === filter.severity),
    );
    return { items: items.slice(skip, skip + limit), total: items.length };
  }
  async *stream(filter: ConflictFilter): AsyncIterable<Conflict> {
    yield* (await this.search(filter, 0, Number.MAX_SAFE_INTEGER)).items;
  }
  async findStaleOpen(year: number, ms: number) {
    return this.all().filter(
      (c) => c.year === year && c.status === 'open' && c.lastDetectedMs < ms,
    );
  }
  async decide(
    id: string,
    status: 'resolved' | 'exempted',
    resolution: Resolution,
    entry: ConflictHistoryEntry,
  ) {
    const current = this.rows.get(id);
    if (!current || current.status !== 'open') return null;
    const next: Conflict = {
      ...current,
      status,
      resolution: copy(resolution),
      updatedAt: entry.at,
      history: [...current.history, copy(entry)],
      revision: current.revision + 1,
    };
    this.rows.set(id, next);
    return copy(next);
  }
}
