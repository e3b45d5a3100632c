// The registry services' other ports, in memory: clock, audit trail, agencies, field
// catalog, and a change bus whose listener records what was announced.
import { Agency, AgencyRepository } from '../../agencies/agency';
import { AuditEvent, AuditQuery, AuditTrail } from '../../audit/audit';
import { Page } from '../../common/http/pagination';
import { Clock } from '../../common/time/clock';
import type { AppConfig } from '../../config/app-config';
import { AgencyKind } from '../../domain/vocabulary';
import { FieldCatalog } from '../../fields/field-catalog';
import { ConflictDigest, ParentsChanged, ParentsChangedBus } from '../parents-changed';

export const NOW = new Date('2026-03-01T03:00:00Z');

export class FakeClock extends Clock {
  constructor(private instant: Date = NOW) {
    super();
  }
  now(): Date {
    return new Date(this.instant);
  }
  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }
}

/** Records events in order; `at` is the clock's time, as the real trail stamps it. */
export class FakeAuditTrail extends AuditTrail {
  readonly recorded: AuditEvent[] = [];

  constructor(private readonly time: Clock) {
    super(undefined as never, time);
  }

  override async record(event: Omit<AuditEvent, 'at'>): Promise<void> {
    this.recorded.push({ ...structuredClone(event), at: this.time.now() });
  }

  override async recordMany(events: Omit<AuditEvent, 'at'>[]): Promise<void> {
    for (const e of events) await this.record(e);
  }

  override async find(query: AuditQuery): Promise<Page<AuditEvent>> {
    const items = this.recorded.filter(
      (e) =>
        (!query.entityType || e.entityType === query.entityType) &&
        (!query.entityId || e.entityId === query.entityId) &&
        (!query.actor || e.actor === query.actor),
    );
    return { items, total: items.length, page: query.page, pageSize: query.pageSize };
  }
}

export function agency(code: string, name: string, kind: AgencyKind = 'specialised'): Agency {
  return { code, name, kind, active: true, createdAt: NOW, updatedAt: NOW };
}

export class FakeAgencyRepository extends AgencyRepository {
  readonly rows = new Map<string, Agency>();

  constructor(seed: Agency[] = []) {
    super();
    for (const a of seed) this.rows.set(a.code, { ...a });
  }

  async insert(a: Agency): Promise<Agency> {
    this.rows.set(a.code, { ...a });
    return a;
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
      .filter(
        (a) =>
          (!filter.kind || a.kind === filter.kind) &&
          (filter.active === undefined || a.active === filter.active),
      )
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((a) => ({ ...a }));
  }

  async update(
    code: string,
    changes: Partial<Pick<Agency, 'name' | 'kind' | 'active' | 'updatedAt'>>,
  ): Promise<Agency | null> {
    const a = this.rows.get(code);
    if (!a) return null;
    Object.assign(a, changes);
    return { ...a };
  }
}

/** The deployment's built-in fields of state management. */
export function builtInFields(): FieldCatalog {
  return new FieldCatalog({} as AppConfig);
}

/** The real bus with one listener that records each announcement and answers `digests`. */
export function recordingBus(): {
  bus: ParentsChangedBus;
  announced: ParentsChanged[];
  answer(digests: ConflictDigest[] | (() => ConflictDigest[])): void;
} {
  const bus = new ParentsChangedBus();
  const announced: ParentsChanged[] = [];
  let digests: () => ConflictDigest[] = () => [];
  bus.subscribe(async (change) => {
    announced.push(structuredClone(change));
    return digests();
  });
  return {
    bus,
    announced,
    answer: (d) => (digests = typeof d === 'function' ? d : () => d),
  };
}

export function digest(id: string, inspectionIds: string[]): ConflictDigest {
  return {
    id,
    ruleId: 'CT20-ONCE-A-YEAR',
    rulebook: 'ct20',
    severity: 'block',
    status: 'open',
    taxCode: '0100109106',
    year: 2026,
    inspectionIds,
    explanation: { vi: 'Chồng chéo', en: 'Overlap' },
  };
}
