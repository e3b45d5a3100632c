// Conflicts as stored, in memory: the detection's upsert and stale-close, the "decided stays"
// guard of decide, and the real adapter's filters and sort orders.
import type { Conflict, ConflictFilter, ConflictHistoryEntry, Resolution } from '../conflict';
import { ConflictClosing, ConflictRepository, DetectionStamp } from '../conflict.repository';
import type { DetectedConflict } from '../engine';

const copy = <T>(v: T): T => structuredClone(v);
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** The same selection as the Mongo adapter's toQuery, in memory. */
function matchesConflict(c: Conflict, f: ConflictFilter): boolean {
  return (
    (f.year === undefined || c.year === f.year) &&
    (!f.status || c.status === f.status) &&
    (!f.ruleId || c.ruleId === f.ruleId) &&
    (!f.family || c.family === f.family) &&
    (!f.agencyCode || c.agencyCodes.includes(f.agencyCode)) &&
    (!f.agencyCodes || c.agencyCodes.some((a) => f.agencyCodes!.includes(a))) &&
    (!f.taxCode || c.taxCode === f.taxCode) &&
    (!f.severity || c.severity === f.severity)
  );
}

export class FakeConflictRepository extends ConflictRepository {
  readonly rows = new Map<string, Conflict>();
  constructor(conflicts: Conflict[] = []) {
    super();
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
    { touchUnchanged = true }: { touchUnchanged?: boolean } = {},
  ) {
    let opened = 0;
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
        opened++;
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
        opened++;
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
        const unchanged = JSON.stringify(current.facts) === JSON.stringify(c.facts);
        if (!unchanged || touchUnchanged) this.rows.set(c.id, { ...current, ...copy(fields) });
      }
    }
    return opened;
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
  async findOpenByParents(parents: string[], year?: number) {
    return this.all()
      .filter((c) => parents.includes(c.taxCode) && c.status === 'open')
      .filter((c) => year === undefined || c.year === year)
      .map(({ id, ruleId, taxCode, year, inspectionIds }) => ({
        id,
        ruleId,
        taxCode,
        year,
        inspectionIds,
      }));
  }
  async findByParents(parents: string[]) {
    return this.all()
      .filter((c) => parents.includes(c.taxCode))
      .sort((a, b) => b.year - a.year || compare(a.id, b.id));
  }
  async findByIds(ids: string[]) {
    return this.all().filter((c) => ids.includes(c.id));
  }
  async findById(id: string) {
    const c = this.rows.get(id);
    return c ? copy(c) : null;
  }
  async search(filter: ConflictFilter, skip: number, limit: number) {
    const items = this.all()
      .filter((c) => matchesConflict(c, filter))
      .sort((a, b) => b.year - a.year || compare(a.taxCode, b.taxCode) || compare(a.id, b.id));
    return { items: items.slice(skip, skip + limit), total: items.length };
  }
  async *stream(filter: ConflictFilter): AsyncIterable<Conflict> {
    yield* this.all()
      .filter((c) => matchesConflict(c, filter))
      .sort((a, b) => compare(a.taxCode, b.taxCode) || compare(a.id, b.id));
  }
  async parentsWithOpen(year: number) {
    return [
      ...new Set(
        this.all()
          .filter((c) => c.year === year && c.status === 'open')
          .map((c) => c.taxCode),
      ),
    ];
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
  async reopenUnapplied(id: string, entry: ConflictHistoryEntry) {
    const current = this.rows.get(id);
    if (!current || current.status !== 'resolved') return null;
    const { resolution: _dropped, ...rest } = current;
    void _dropped;
    const next: Conflict = {
      ...rest,
      status: 'open',
      updatedAt: entry.at,
      history: [...current.history, copy(entry)],
      revision: current.revision + 1,
    };
    this.rows.set(id, next);
    return copy(next);
  }
}
