import type { Conflict, ConflictFilter } from '../../conflicts/conflict';
import { ConflictRepository } from '../../conflicts/conflict.repository';

const copy = <T>(v: T): T => structuredClone(v);
const notHere = (what: string) => new Error(`FakeConflictRepository.${what} is not faked`);

/** An open frequency conflict of NQ198 between two kiểm tra of SYT and STC. */
export function conflict(id: string, overrides: Partial<Conflict> = {}): Conflict {
  const at = new Date('2026-02-01T00:00:00.000Z');
  return {
    id,
    ruleId: 'nq198.frequency.kiem-tra',
    family: 'frequency',
    rulebook: { id: 'NQ198', version: '2025' },
    severity: 'block',
    taxCode: '0100000001',
    enterpriseName: 'Công ty A',
    year: 2026,
    inspectionIds: [`${id}-i1`, `${id}-i2`],
    agencyCodes: ['STC', 'SYT'],
    facts: { inspections: [], agencyCodes: ['STC', 'SYT'] },
    explanation: { vi: `giải thích ${id}`, en: `explanation ${id}` },
    legalBasis: { vi: 'Nghị quyết 198/2025/QH15', en: 'Resolution 198/2025/QH15' },
    status: 'open',
    history: [],
    revision: 1,
    firstDetectedAt: at,
    lastDetectedAt: at,
    lastDetectedMs: at.getTime(),
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** Conflicts in a map by id; what the features in this folder read of them. */
export class FakeConflictRepository extends ConflictRepository {
  readonly rows = new Map<string, Conflict>();

  constructor(conflicts: Conflict[] = []) {
    super();
    for (const c of conflicts) this.rows.set(c.id, copy(c));
  }

  async findByIds(ids: string[]): Promise<Conflict[]> {
    return ids.flatMap((id) => (this.rows.has(id) ? [copy(this.rows.get(id)!)] : []));
  }

  async findById(id: string): Promise<Conflict | null> {
    const c = this.rows.get(id);
    return c ? copy(c) : null;
  }

  async *stream(filter: ConflictFilter): AsyncIterable<Conflict> {
    for (const c of this.rows.values()) {
      if (filter.year !== undefined && c.year !== filter.year) continue;
      if (filter.status !== undefined && c.status !== filter.status) continue;
      if (filter.agencyCode !== undefined && !c.agencyCodes.includes(filter.agencyCode)) continue;
      if (filter.taxCode !== undefined && c.taxCode !== filter.taxCode) continue;
      yield copy(c);
    }
  }

  upsertDetected(): Promise<void> {
    throw notHere('upsertDetected');
  }
  closeIfStale(): Promise<number> {
    throw notHere('closeIfStale');
  }
  findOpenByParents(): Promise<Conflict[]> {
    throw notHere('findOpenByParents');
  }
  findByParents(): Promise<Conflict[]> {
    throw notHere('findByParents');
  }
  search(): Promise<{ items: Conflict[]; total: number }> {
    throw notHere('search');
  }
  findStaleOpen(): Promise<Conflict[]> {
    throw notHere('findStaleOpen');
  }
  decide(): Promise<Conflict | null> {
    throw notHere('decide');
  }
}
