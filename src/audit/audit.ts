import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { Clock } from '../common/time/clock';
import { Page } from '../common/http/pagination';

export const AUDITED_ENTITIES = [
  'agency',
  'enterprise',
  'plan',
  'inspection',
  'conflict',
  'meeting',
  'feed',
  'account',
  'field',
] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

export interface AuditEvent {
  entityType: AuditedEntity;
  entityId: string;
  action: string;
  actor: string;
  at: Date;
  changes?: FieldChange[];
  note?: string;
  /** SHA-256 of the session id or access token the write came with (never the secret). */
  credentialHash?: string;
  ip?: string;
  userAgent?: string;
}

/** Where the request a write comes from: filled per request, read by AuditTrail. */
export interface AuditRequestContext {
  credentialHash?: string;
  ip?: string;
  userAgent?: string;
}

/**
 * Per request (a middleware in configureApp runs each request inside it; the route guard
 * adds the credential), so services need not pass the request down to the audit trail.
 */
export const auditRequestContext = new AsyncLocalStorage<AuditRequestContext>();

function requestFields(): AuditRequestContext {
  const context = auditRequestContext.getStore();
  if (!context) return {};
  return {
    ...(context.credentialHash !== undefined && { credentialHash: context.credentialHash }),
    ...(context.ip !== undefined && { ip: context.ip }),
    ...(context.userAgent !== undefined && { userAgent: context.userAgent }),
  };
}

const AuditEventSchema = new Schema<AuditEvent>(
  {
    entityType: { type: String, required: true, enum: AUDITED_ENTITIES },
    entityId: { type: String, required: true },
    action: { type: String, required: true },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    changes: {
      type: [{ _id: false, field: String, from: Schema.Types.Mixed, to: Schema.Types.Mixed }],
      default: undefined,
    },
    note: String,
    credentialHash: String,
    ip: String,
    userAgent: String,
  },
  { collection: 'audit_events', versionKey: false },
);
// GET /audit?entityType=&entityId= — the history of one record, newest first.
AuditEventSchema.index({ entityType: 1, entityId: 1, at: -1 });
// GET /audit?actor= — what one person did.
AuditEventSchema.index({ actor: 1, at: -1 });

export interface AuditQuery {
  entityType?: AuditedEntity;
  entityId?: string;
  actor?: string;
  since?: Date;
  until?: Date;
  page: number;
  pageSize: number;
}

/** Differences between two flat-ish records, for the audit trail. */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: string[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = before[field];
    const to = after[field];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field, from, to });
  }
  return changes;
}

@Injectable()
export class AuditTrail {
  constructor(
    @InjectModel('AuditEvent') private readonly events: Model<AuditEvent>,
    private readonly clock: Clock,
  ) {}

  async record(event: Omit<AuditEvent, 'at'>): Promise<void> {
    await this.events.create({ ...requestFields(), ...event, at: this.clock.now() });
  }

  async recordMany(events: Omit<AuditEvent, 'at'>[]): Promise<void> {
    if (events.length === 0) return;
    const at = this.clock.now();
    const from = requestFields();
    await this.events.insertMany(
      events.map((e) => ({ ...from, ...e, at })),
      { ordered: false, lean: true },
    );
  }

  async find(query: AuditQuery): Promise<Page<AuditEvent>> {
    const filter: Record<string, unknown> = {};
    if (query.entityType) filter.entityType = query.entityType;
    if (query.entityId) filter.entityId = query.entityId;
    if (query.actor) filter.actor = query.actor;
    if (query.since || query.until) {
      filter.at = {
        ...(query.since && { $gte: query.since }),
        ...(query.until && { $lte: query.until }),
      };
    }
    const [items, total] = await Promise.all([
      this.events
        .find(filter, { _id: 0 })
        .sort({ at: -1, _id: -1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean<AuditEvent[]>(),
      this.events.countDocuments(filter),
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}

@Module({
  imports: [MongooseModule.forFeature([{ name: 'AuditEvent', schema: AuditEventSchema }])],
  providers: [AuditTrail],
  exports: [AuditTrail],
})
export class AuditModule {}
