import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../../agencies/agency';
import { AuditTrail, diffFields } from '../../audit/audit';
import {
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../../common/errors/domain-errors';
import { Page } from '../../common/http/pagination';
import { Clock } from '../../common/time/clock';
import { parseTaxCode, TaxCodeResult } from '../../domain/tax-code';
import { InspectionState } from '../../domain/vocabulary';
import { Enterprise, EnterpriseRepository } from '../enterprises/enterprise';
import { FieldCatalog } from '../../fields/field-catalog';
import { Plan, PlanRepository } from '../plans/plan';
import { Inspection, InspectionRepository } from './inspection';
import { ConflictDigest, ParentsChangedBus } from '../parents-changed';
import { CreateInspectionDto, ListInspectionsQuery, UpdateInspectionDto } from './inspection.dto';
import { checkInspectionDraft } from './inspection-rules';
import { newInspection, stripUndefined } from './new-inspection';
import { writeRevision } from '../../audit/revised-write';

export type InspectionWithConflicts = Inspection & { conflicts: ConflictDigest[] };

/** Which execution states may follow which; cancelled and merged are final. */
const NEXT_STATES: Record<InspectionState, InspectionState[]> = {
  planned: ['scheduled', 'in-progress', 'cancelled'],
  scheduled: ['planned', 'in-progress', 'cancelled'],
  'in-progress': ['done', 'cancelled'],
  done: [],
  cancelled: [],
  merged: [],
};

const CONTENT_FIELDS = [
  'type',
  'form',
  'field',
  'content',
  'periodUnderReview',
  'window',
  'durationWorkingDays',
  'leadAgencyCode',
  'participantAgencyCodes',
  'adHocEvidence',
  'adHocScope',
  'notes',
] as const;

@Injectable()
export class InspectionsService {
  constructor(
    private readonly inspections: InspectionRepository,
    private readonly plans: PlanRepository,
    private readonly agencies: AgencyRepository,
    private readonly enterprises: EnterpriseRepository,
    private readonly fields: FieldCatalog,
    private readonly audit: AuditTrail,
    private readonly parentsChanged: ParentsChangedBus,
    private readonly clock: Clock,
  ) {}

  async addToPlan(
    planId: string,
    input: CreateInspectionDto,
    actor: string,
  ): Promise<InspectionWithConflicts> {
    const parsed = parseTaxCode(input.taxCode);
    // The write is announced beside the draft's reads (one round trip less in turn under
    // load); a refusal withdraws it.
    const announced = parsed.ok
      ? this.parentsChanged.announce([parsed.parent], actor)
      : Promise.resolve(undefined);
    const [{ plan, enterprise, lead, tax }, touched] = await Promise.all([
      this.checkedDraft(planId, input, parsed),
      announced,
    ]).catch(async (error: unknown) => {
      await this.parentsChanged.withdraw(announced);
      throw error;
    });
    const participants = input.participantAgencyCodes ?? [];
    const now = this.clock.now();
    const enterpriseName = enterprise?.name ?? input.enterpriseName!;
    // Enterprises are never removed: one just found is there.
    if (!enterprise)
      await this.enterprises.ensureExist(
        [
          {
            taxCode: tax.taxCode,
            parentTaxCode: tax.parent,
            isBranch: tax.isBranch,
            name: enterpriseName,
          },
        ],
        now,
      );
    const inspection = newInspection(
      plan,
      {
        ...input,
        taxCode: tax.taxCode,
        parentTaxCode: tax.parent,
        enterpriseName,
        leadAgencyCode: lead,
        participantAgencyCodes: participants,
      },
      { id: randomUUID(), actor, now },
    );
    await this.inspections.insertMany([inspection]);
    // All three follow the insert and none depends on another.
    const [, , conflicts] = await Promise.all([
      this.plans.touch(plan.id, now, actor),
      this.audit.record({
        entityType: 'inspection',
        entityId: inspection.id,
        action: 'created',
        actor,
        note: `plan ${plan.id}`,
      }),
      this.parentsChanged.publish({ parentTaxCodes: [tax.parent], actor }, touched),
    ]);
    return { ...inspection, conflicts: touching(conflicts, inspection.id) };
  }

  async update(
    id: string,
    input: UpdateInspectionDto,
    actor: string,
  ): Promise<InspectionWithConflicts> {
    const before = await this.get(id);
    if (before.revision !== input.revision) {
      throw new StateConflictError(
        'STALE_REVISION',
        `Inspection ${id} is at revision ${before.revision}, not ${input.revision}; reload and retry`,
        [
          {
            field: 'revision',
            code: 'STALE_REVISION',
            message: `current revision is ${before.revision}`,
          },
        ],
      );
    }
    // The write is announced beside the plan's and agencies' reads (one round trip less in
    // turn under load); a refusal, or an edit that changes nothing, withdraws it.
    const announced = this.parentsChanged.announce([before.parentTaxCode], actor);
    const [{ after, changes }, touched] = await Promise.all([
      this.checkedUpdate(before, input),
      announced,
    ]).catch(async (error: unknown) => {
      await this.parentsChanged.withdraw(announced);
      throw error;
    });
    if (changes.length === 0) {
      await this.parentsChanged.withdraw(announced);
      return { ...before, conflicts: [] };
    }
    const now = this.clock.now();
    const saved = await writeRevision(this.inspections, this.audit, {
      entityType: 'inspection',
      id,
      before,
      changes: pick(
        after,
        changes.map((c) => c.field as keyof Inspection),
      ),
      actor,
      at: now,
      action: 'updated',
      auditChanges: changes,
    });
    const conflicts = await this.parentsChanged.publish(
      { parentTaxCodes: [before.parentTaxCode], actor },
      touched,
    );
    return { ...saved, conflicts: touching(conflicts, id) };
  }

  /**
   * Writes what a conflict resolution changes (merge, reschedule, cancel, switch), each guarded
   * by the revision it was decided on and audited as the resolution of `conflictId`. Edits
   * that change nothing are skipped; the caller announces the parents afterwards.
   */
  /** `action` names the audit event: the resolution's edit, or its undoing. */
  async reviseForResolution(
    edits: { before: Inspection; changes: Partial<Inspection> }[],
    actor: string,
    conflictId: string,
    action: 'conflict-resolution' | 'conflict-resolution-undone' = 'conflict-resolution',
  ): Promise<Inspection[]> {
    const now = this.clock.now();
    const changed: Inspection[] = [];
    for (const { before, changes } of edits) {
      const fields = Object.keys(changes) as (keyof Inspection)[];
      const auditChanges = diffFields(before as never, changes as never, fields);
      if (auditChanges.length === 0) continue;
      changed.push(
        await writeRevision(this.inspections, this.audit, {
          entityType: 'inspection',
          id: before.id,
          before,
          changes: pick(
            changes as Inspection,
            auditChanges.map((c) => c.field as keyof Inspection),
          ),
          actor,
          at: now,
          action,
          note: conflictId,
          auditChanges,
          staleHint: 'decide again',
        }),
      );
    }
    return changed;
  }

  async get(id: string): Promise<Inspection> {
    const inspection = await this.inspections.findById(id);
    if (!inspection) throw new NotFoundError('Inspection', id);
    return inspection;
  }

  /** `within`: an agency-scoped reader's agencies (undefined: all); inspections involving them. */
  async list(query: ListInspectionsQuery, within?: string[]): Promise<Page<Inspection>> {
    const tax = query.taxCode ? parseTaxCode(query.taxCode) : undefined;
    const { items, total } = await this.inspections.search(
      {
        year: query.year,
        involvingAgencyCode: query.agencyCode,
        involvingAnyOf: within,
        ...(tax?.ok && (tax.isBranch ? { taxCode: tax.taxCode } : { parentTaxCode: tax.parent })),
        field: query.field,
        type: query.type,
        state: query.state,
        windowFrom: query.windowFrom,
        windowTo: query.windowTo,
      },
      query.sort,
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** An edit checked against the plan's status, the state machine and the draft rules. */
  private async checkedUpdate(
    before: Inspection,
    input: UpdateInspectionDto,
  ): Promise<{ after: Inspection; changes: ReturnType<typeof diffFields> }> {
    const { revision: _r, state, stateReason, ...content } = input;
    const changesContent = CONTENT_FIELDS.some(
      (f) => content[f as keyof typeof content] !== undefined,
    );
    const lead = content.leadAgencyCode ?? before.leadAgencyCode;
    const participants = content.participantAgencyCodes ?? before.participantAgencyCodes;
    // The agencies are read beside the plan (one round trip less in turn), used only below.
    const [plan, known] = await Promise.all([
      this.plans.findById(before.planId).then((p) => p!),
      changesContent ? this.knownAgencies([lead, ...participants]) : new Set<string>(),
    ]);
    if (changesContent && plan.status !== 'draft') {
      throw new RuleViolationError(
        'PLAN_NOT_EDITABLE',
        `The plan is ${plan.status}: its inspections change only through a new revision (POST /plans/${plan.id}/revise)`,
      );
    }
    if (plan.status === 'withdrawn')
      throw new RuleViolationError('PLAN_WITHDRAWN', 'The plan is withdrawn');
    if (state && state !== before.state) {
      if (!NEXT_STATES[before.state].includes(state)) {
        throw new RuleViolationError(
          'INVALID_STATE_TRANSITION',
          `An inspection cannot go from ${before.state} to ${state}`,
          [
            {
              field: 'state',
              code: 'INVALID_STATE_TRANSITION',
              message: `allowed from ${before.state}: ${NEXT_STATES[before.state].join(', ') || 'none'}`,
            },
          ],
        );
      }
      if (state === 'cancelled' && !stateReason) {
        throw invalid([
          {
            field: 'stateReason',
            code: 'REASON_REQUIRED',
            message: 'say why the inspection is cancelled',
          },
        ]);
      }
    }
    const after: Inspection = {
      ...before,
      ...stripUndefined({ ...content }),
      ...(state && { state }),
      ...(stateReason && { stateReason }),
    };
    if (changesContent) {
      const errors = checkInspectionDraft(
        { ...after, planYear: plan.year, planKind: plan.kind, enterpriseKnown: true },
        {
          // A deactivated field stays valid on the inspections that already had it.
          knownField: (c) => this.fields.has(c) || c === before.field,
          knownAgency: (c) => known.has(c),
        },
      );
      if (errors.length > 0) throw invalid(errors);
    }
    const changes = diffFields(before as never, after as never, [
      ...CONTENT_FIELDS,
      'state',
      'stateReason',
    ]);
    return { after, changes };
  }

  /** A new inspection checked against its plan, the agencies it names and the field list. */
  private async checkedDraft(
    planId: string,
    input: CreateInspectionDto,
    tax: TaxCodeResult,
  ): Promise<{
    plan: Plan;
    enterprise: Enterprise | null;
    lead: string;
    tax: Extract<TaxCodeResult, { ok: true }>;
  }> {
    const participants = input.participantAgencyCodes ?? [];
    // Read side by side: each is a round trip that waits in the database's queue under load.
    const named = [...(input.leadAgencyCode ? [input.leadAgencyCode] : []), ...participants];
    const [plan, known, enterprise] = await Promise.all([
      this.editablePlan(planId),
      named.length > 0 ? this.knownAgencies(named) : new Set<string>(),
      tax.ok ? this.enterprises.findByTaxCode(tax.taxCode) : null,
    ]);
    if (!tax.ok)
      throw new InvalidInputError('VALIDATION_FAILED', tax.message.en, [
        { field: 'taxCode', code: tax.code, message: tax.message.en },
      ]);
    // A plan's own agency is on record: agencies are deactivated, never deleted.
    known.add(plan.agencyCode);
    const lead = input.leadAgencyCode ?? plan.agencyCode;
    const errors = checkInspectionDraft(
      {
        planYear: plan.year,
        planKind: plan.kind,
        window: input.window,
        field: input.field,
        durationWorkingDays: input.durationWorkingDays,
        leadAgencyCode: lead,
        participantAgencyCodes: participants,
        adHocEvidence: input.adHocEvidence,
        adHocScope: input.adHocScope,
        enterpriseKnown: enterprise !== null,
        enterpriseName: input.enterpriseName,
      },
      { knownField: (c) => this.fields.has(c), knownAgency: (c) => known.has(c) },
    );
    if (errors.length > 0) throw invalid(errors);
    return { plan, enterprise, lead, tax };
  }

  private async editablePlan(planId: string): Promise<Plan> {
    const plan = await this.plans.findById(planId);
    if (!plan) throw new NotFoundError('Plan', planId);
    if (plan.status !== 'draft') {
      throw new RuleViolationError(
        'PLAN_NOT_EDITABLE',
        `The plan is ${plan.status}: inspections are added to a draft (approved plans change through POST /plans/${plan.id}/revise)`,
      );
    }
    return plan;
  }

  private async knownAgencies(codes: string[]): Promise<Set<string>> {
    const found = await this.agencies.findByCodes([...new Set(codes)]);
    return new Set(found.map((a) => a.code));
  }
}

function invalid(details: { field: string; code: string; message: string }[]): InvalidInputError {
  return new InvalidInputError(
    'VALIDATION_FAILED',
    `Invalid inspection: ${details.map((d) => `${d.field} (${d.message})`).join('; ')}`,
    details,
  );
}

function touching(conflicts: ConflictDigest[], inspectionId: string): ConflictDigest[] {
  return conflicts.filter((c) => c.inspectionIds.includes(inspectionId));
}

function pick<T>(value: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) out[k] = value[k];
  return out;
}
