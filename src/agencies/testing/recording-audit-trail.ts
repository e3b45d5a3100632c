import { AuditEvent, AuditTrail } from '../../audit/audit';
import type { Clock } from '../../common/time/clock';

/** The audit trail, kept in memory: specs read what was recorded, in order. */
export class RecordingAuditTrail extends AuditTrail {
  readonly recorded: AuditEvent[] = [];

  constructor(private readonly at: Clock) {
    super(undefined as never, at);
  }

  override async record(event: Omit<AuditEvent, 'at'>): Promise<void> {
    this.recorded.push({ ...event, at: this.at.now() });
  }

  override async recordMany(events: Omit<AuditEvent, 'at'>[]): Promise<void> {
    for (const e of events) await this.record(e);
  }
}
