import { Page } from '../../common/http/pagination';
import { Clock } from '../../common/time/clock';
import { AuditEvent, AuditQuery, AuditTrail } from '../audit';

/** The audit trail in memory: events in order, `at` the clock's time as the real trail stamps it. */
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
