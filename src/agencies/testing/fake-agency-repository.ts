import { AgencyKind } from '../../domain/vocabulary';
import { Agency, AgencyRepository } from '../agency';

export function agency(code: string, overrides: Partial<Agency> = {}): Agency {
  return {
    code,
    name: `Agency ${code}`,
    kind: 'specialised',
    active: true,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    updatedAt: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

/** Agencies in a map by code; copies in and out, as a database would. */
export class FakeAgencyRepository extends AgencyRepository {
  readonly rows = new Map<string, Agency>();

  constructor(agencies: Agency[] = []) {
    super();
    for (const a of agencies) this.rows.set(a.code, { ...a });
  }

  async insert(a: Agency): Promise<Agency> {
    this.rows.set(a.code, { ...a });
    return { ...a };
  }

  async findByCode(code: string): Promise<Agency | null> {
    const a = this.rows.get(code);
    return a ? { ...a } : null;
  }

  async findByCodes(codes: string[]): Promise<Agency[]> {
    return codes.flatMap((c) => (this.rows.has(c) ? [{ ...this.rows.get(c)! }] : []));
  }

  async list(filter: { kind?: AgencyKind; active?: boolean }): Promise<Agency[]> {
    return [...this.rows.values()]
      .filter((a) => filter.kind === undefined || a.kind === filter.kind)
      .filter((a) => filter.active === undefined || a.active === filter.active)
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((a) => ({ ...a }));
  }

  async update(
    code: string,
    changes: Partial<Pick<Agency, 'name' | 'kind' | 'active' | 'updatedAt'>>,
    expectedRevision?: number,
  ): Promise<Agency | null> {
    const a = this.rows.get(code);
    if (!a) return null;
    if (expectedRevision !== undefined && (a.revision ?? 0) !== expectedRevision) return null;
    const next = { ...a, ...changes, revision: (a.revision ?? 0) + 1 };
    this.rows.set(code, next);
    return { ...next };
  }
}
