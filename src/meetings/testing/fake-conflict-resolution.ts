import type { Conflict, Resolution } from '../../conflicts/conflict';
import type { ConflictResolutionService } from '../../conflicts/resolution/conflict-resolution.service';
import type { FakeConflictRepository } from '../../conflicts/testing/fake-conflict-repository';

type Resolve = ConflictResolutionService['resolve'];

/**
 * Stands in for the conflict resolution MeetingsService calls: records each call and marks
 * the conflict resolved in the fake repository, or throws what the test asked it to.
 */
export class FakeConflictResolution {
  readonly calls: Parameters<Resolve>[] = [];
  failWith?: Error;

  constructor(
    private readonly conflicts: FakeConflictRepository,
    private readonly at: Date,
  ) {}

  resolve = (async (...args: Parameters<Resolve>) => {
    this.calls.push(args);
    if (this.failWith) throw this.failWith;
    const [id, input, actor, meetingId] = args;
    const before = this.conflicts.rows.get(id)!;
    const { resolution: kind, inspectionId, reason, legalBasis } = input;
    const resolution: Resolution = {
      kind,
      ...(inspectionId && { inspectionId }),
      ...(reason && { reason }),
      ...(legalBasis && { legalBasis }),
      decidedBy: actor,
      decidedAt: this.at,
      ...(meetingId && { meetingId }),
    };
    const conflict: Conflict = { ...before, status: 'resolved', resolution };
    this.conflicts.rows.set(id, conflict);
    return { conflict, changedInspections: [], conflictsAfter: [] };
  }) as unknown as Resolve;

  /** As MeetingsService's constructor types it. */
  asService(): ConflictResolutionService {
    return this as unknown as ConflictResolutionService;
  }
}
