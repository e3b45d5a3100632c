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
  ) {}

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
    const touched = await this.parentsChanged.announce([conflict.taxCode], actor);
    const decided = await this.decide(
      id,
      'resolved',
      { ...base, ...plan.resolution },
      { at: now, actor, action: 'resolved', note: body.resolution },
    );
    const changedInspections = await this.registry.reviseForResolution(
      inspectionEdits(records, after, plan.reasons, plan.resolution.keepInspectionId),
      actor,
      id,
    );
    const conflictsAfter = await this.parentsChanged.publish(
      { parentTaxCodes: [conflict.taxCode], actor },
      touched,
    );
    return { conflict: decided, changedInspections, conflictsAfter };
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
