import type { Inspection, InspectionFilter } from '../../registry/inspections/inspection';
import { InspectionRepository } from '../../registry/inspections/inspection';

/** A kiểm tra of SYT at VNPT in March 2026, in an approved annual plan. */
export function inspection(id: string, overrides: Partial<Inspection> = {}): Inspection {
  const at = new Date('2026-02-01T00:00:00.000Z');
  return {
    id,
    planId: 'plan-1',
    planKind: 'annual',
    planStatus: 'approved',
    agencyCode: 'SYT',
    year: 2026,
    taxCode: '0100109106',
    parentTaxCode: '0100109106',
    enterpriseName: 'VNPT',
    type: 'kiem-tra',
    form: 'on-site',
    field: 'y-te',
    content: 'Kiểm tra an toàn thực phẩm',
    window: { from: '2026-03-10', to: '2026-03-12' },
    leadAgencyCode: 'SYT',
    participantAgencyCodes: [],
    state: 'planned',
    revision: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'alice',
    updatedBy: 'alice',
    ...overrides,
  };
}

/**
 * Yields the rows a test put in, in order, whatever the filter: the database's filtering is
 * the repository's business; the filter asked is kept so specs can check it.
 */
export class FakeInspectionRepository extends InspectionRepository {
  readonly streamed: InspectionFilter[] = [];

  constructor(readonly rows: Inspection[] = []) {
    super();
  }

  async *stream(filter: InspectionFilter): AsyncIterable<Inspection> {
    this.streamed.push(filter);
    for (const i of this.rows) yield structuredClone(i);
  }

  insertMany(): Promise<void> {
    throw new Error('not faked');
  }
  insertNewImports(): Promise<{ inserted: string[]; alreadyPresent: number }> {
    throw new Error('not faked');
  }
  deleteByIds(): Promise<void> {
    throw new Error('not faked');
  }
  findById(): Promise<Inspection | null> {
    throw new Error('not faked');
  }
  findByIds(): Promise<Inspection[]> {
    throw new Error('not faked');
  }
  findByPlan(): Promise<Inspection[]> {
    throw new Error('not faked');
  }
  findByParents(): Promise<Inspection[]> {
    throw new Error('not faked');
  }
  search(): Promise<{ items: Inspection[]; total: number }> {
    throw new Error('not faked');
  }
  updateIfRevision(): Promise<Inspection | null> {
    throw new Error('not faked');
  }
  updatePlanFields(): Promise<void> {
    throw new Error('not faked');
  }
  countByPlan(): Promise<number> {
    throw new Error('not faked');
  }
}
