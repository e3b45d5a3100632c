import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '../../audit/audit';
import {
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../../common/errors/domain-errors';
import { Clock } from '../../common/time/clock';
import { Inspection } from '../../registry/inspections/inspection';
import { InspectionsService } from '../../registry/inspections/inspections.service';
import { ConflictDigest, ParentsChangedBus } from '../../registry/parents-changed';
import { Conflict, Resolution } from '../conflict';
import { ConflictRepository } from '../conflict.repository';
import { CONFLICT_ENGINE } from '../conflict-engine.provider';
import { ConflictEngine } from '../engine';
import { EngineInputLoader } from '../engine-input';
import { applyChange, inspectionEdits, planResolution, ResolutionRequest } from './plan-resolution';

/** What finishes a resolution cut short after its decision was stored: the inspection edits. */
interface UnfinishedResolution {
  conflictId: string;
  decidedAt: Date;
  edits: { before: Inspection; changes: Partial<Inspection> }[];
}
const UNFINISHED_RESOLUTION = 'conflict-resolution';

export interface ResolveResult {
  conflict: Conflict;
  changedInspections: Inspection[];
  conflictsAfter: ConflictDigest[];
}

@Injectable()
export class ConflictResolutionService {
  constructor(
    @Inject(CONFLICT_ENGINE) private readonly engine: ConflictEngine,
    private readonly conflicts: ConflictRepository,
    private readonly input: EngineInputLoader,
    private readonly registry: InspectionsService,
    private readonly parentsChanged: ParentsChangedBus,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {
    this.parentsChanged.finishWith(UNFINISHED_RESOLUTION, (data, actor) =>
      this.finishResolution(data as UnfinishedResolution, actor),
    );
  }

  /** Applies the meeting's decision: inspections change and the enterprise is checked again, in one step. */
  async resolve(
    id: string,
    body: ResolutionRequest & { note?: string },
    actor: string,
    meetingId?: string,
  ): Promise<ResolveResult> {
    const conflict = await this.conflicts.findById(id);
    if (!conflict) throw new NotFoundError('Conflict', id);
    if (conflict.status !== 'open')
      throw new RuleViolationError(
        'CONFLICT_NOT_OPEN',
        `Conflict ${id} is ${conflict.status}; only open conflicts are decided`,
      );
    const now = this.clock.now();
    const base: Omit<Resolution, 'kind'> = {
      decidedBy: actor,
      decidedAt: now,
      ...(body.note && { note: body.note }),
      ...(meetingId && { meetingId }),
    };

    // The same load as GET /conflicts/:id, so suggestion N is the one it showed.
    const { records, input, suggestions } = await this.input.forConflict(conflict, {
      withSuggestions: body.resolution !== 'exempt' && body.suggestion !== undefined,
    });
    const plan = planResolution(conflict, body, records, input.inspections, suggestions);

    if ('none' in plan.change) {
      const decided = await this.decide(
        id,
        'exempted',
        { ...base, ...plan.resolution },
        { at: now, actor, action: 'exempted', note: body.legalBasis },
      );
      await this.audit.record({
        entityType: 'conflict',
        entityId: id,
        action: 'exempted',
        actor,
        note: body.legalBasis,
      });
      return { conflict: decided, changedInspections: [], conflictsAfter: [] };
    }

    const after = applyChange(input.inspections, plan.change);
    if (this.engine.detect(after, input.context).some((c) => c.id === conflict.id))
      throw new RuleViolationError(
        'RESOLUTION_INEFFECTIVE',
        `This ${body.resolution} would not remove conflict ${id}; choose another window or resolution`,
      );
    // The decision is the commitment: once stored, its edits are made, here or (after a crash
    // or an outage midway) by the sweep that finishes what the announcement kept.
    const edits = inspectionEdits(records, after, plan.reasons, plan.resolution.keepInspectionId);
    const touched = await this.parentsChanged.announce([conflict.taxCode], actor, {
      kind: UNFINISHED_RESOLUTION,
      data: { conflictId: id, decidedAt: now, edits } satisfies UnfinishedResolution,
    });
    const decided = await this.decide(
      id,
      'resolved',
      { ...base, ...plan.resolution },
      { at: now, actor, action: 'resolved', note: body.resolution },
    );
    let changedInspections: Inspection[];
    try {
      changedInspections = await this.registry.reviseForResolution(edits, actor, id);
    } catch (error) {
      // Saved by someone else meanwhile: undo what was made and reopen, now. (A lost database
      // leaves it to the sweep, which does the same or the rest of the edits.)
      if (error instanceof StateConflictError) {
        await this.finishResolution({ conflictId: id, decidedAt: now, edits }, actor);
        await this.parentsChanged.publish({ parentTaxCodes: [conflict.taxCode], actor }, touched);
      }
      throw error;
    }
    const conflictsAfter = await this.parentsChanged.publish(
      { parentTaxCodes: [conflict.taxCode], actor },
      touched,
    );
    return { conflict: decided, changedInspections, conflictsAfter };
  }

  /**
   * Finishes a resolution whose decision was stored but whose edits may not all have been
   * (crash, outage, an inspection saved by someone else meanwhile): all its edits or none.
   * Each inspection still at its planned revision is edited; if one was overtaken by another
   * write, the edits already made are undone and the conflict reopened. Finishing twice
   * changes nothing the second time.
   */
  private async finishResolution(u: UnfinishedResolution, actor: string): Promise<void> {
    const conflict = await this.conflicts.findById(u.conflictId);
    const ours =
      conflict?.status === 'resolved' &&
      conflict.resolution?.decidedBy === actor &&
      new Date(conflict.resolution.decidedAt).getTime() === new Date(u.decidedAt).getTime();
    if (!ours) return; // the decision never landed, or another one did: nothing to finish
    const states = [];
    for (const edit of u.edits) {
      const current = await this.registry.get(edit.before.id).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      const made = current !== undefined && madeAlready(edit, current);
      states.push({ edit, current, made });
    }
    const overtaken = states.find((s) => !s.made && s.current?.revision !== s.edit.before.revision);
    if (!overtaken) {
      await this.registry.reviseForResolution(
        states.filter((s) => !s.made).map((s) => ({ before: s.current!, changes: s.edit.changes })),
        actor,
        u.conflictId,
      );
      return;
    }
    await this.registry.reviseForResolution(
      states
        .filter((s) => s.made)
        .map((s) => ({ before: s.current!, changes: valuesBefore(s.edit) })),
      actor,
      u.conflictId,
      'conflict-resolution-undone',
    );
    await this.conflicts.reopenUnapplied(u.conflictId, {
      at: this.clock.now(),
      actor,
      action: 'reopened',
      note: `resolution not applied: inspection ${overtaken.edit.before.id} changed meanwhile`,
    });
  }

  private async decide(...args: Parameters<ConflictRepository['decide']>): Promise<Conflict> {
    const decided = await this.conflicts.decide(...args);
    if (!decided)
      throw new StateConflictError(
        'CONFLICT_DECIDED_MEANWHILE',
        `Conflict ${args[0]} was decided meanwhile`,
      );
    return decided;
  }
}

type PlannedEdit = UnfinishedResolution['edits'][number];

/** The edit is in `current`: one revision on, with the values it set. */
function madeAlready(edit: PlannedEdit, current: Inspection): boolean {
  return (
    current.revision === edit.before.revision + 1 &&
    Object.entries(edit.changes).every(([field, value]) =>
      sameValue(current[field as keyof Inspection], value),
    )
  );
}

/** Equal as stored: compared through JSON, so a value read back from the store compares equal. */
function sameValue(a: unknown, b: unknown): boolean {
  const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null));
  return isDeepStrictEqual(plain(a), plain(b));
}

/** What an edit's fields held before it: writing them back undoes it. */
function valuesBefore(edit: PlannedEdit): Partial<Inspection> {
  return Object.fromEntries(
    Object.keys(edit.changes).map((field) => [field, edit.before[field as keyof Inspection]]),
  ) as Partial<Inspection>;
}
