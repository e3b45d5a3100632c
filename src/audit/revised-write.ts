import { StateConflictError } from '../common/errors/domain-errors';
import { AuditedEntity, AuditTrail, diffFields, FieldChange } from './audit';

/** A store whose records carry a revision: a write lands only on the revision it was read at. */
export interface RevisionedStore<T extends { revision: number }> {
  updateIfRevision(id: string, expectedRevision: number, changes: Partial<T>): Promise<T | null>;
}

export interface RevisedWrite<T> {
  entityType: AuditedEntity;
  id: string;
  before: T;
  changes: Partial<T>;
  actor: string;
  at: Date;
  action: string;
  note?: string;
  /** Defaults to the fields `changes` sets, compared with `before`. */
  auditChanges?: FieldChange[];
  /** What the caller should do when someone wrote meanwhile. */
  staleHint?: string;
}

/**
 * The revision-guarded update and its audit event, in one place: bumps the revision, stamps
 * who and when, refuses (409 STALE_REVISION) when the record changed since it was read.
 */
export async function writeRevision<
  T extends { revision: number; updatedAt: Date; updatedBy: string },
>(store: RevisionedStore<T>, audit: AuditTrail, w: RevisedWrite<T>): Promise<T> {
  const saved = await store.updateIfRevision(w.id, w.before.revision, {
    ...w.changes,
    revision: w.before.revision + 1,
    updatedAt: w.at,
    updatedBy: w.actor,
  });
  if (!saved) {
    const entity = w.entityType[0].toUpperCase() + w.entityType.slice(1);
    throw new StateConflictError(
      'STALE_REVISION',
      `${entity} ${w.id} changed meanwhile; ${w.staleHint ?? 'reload and retry'}`,
    );
  }
  const changes =
    w.auditChanges ??
    diffFields(
      w.before as unknown as Record<string, unknown>,
      w.changes as unknown as Record<string, unknown>,
      Object.keys(w.changes),
    );
  await audit.record({
    entityType: w.entityType,
    entityId: w.id,
    action: w.action,
    actor: w.actor,
    ...(w.note !== undefined && { note: w.note }),
    ...(changes.length > 0 && { changes }),
  });
  return saved;
}
