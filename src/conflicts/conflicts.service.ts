import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '../audit/audit';
import {
  ErrorDetail,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../common/errors/domain-errors';
import { Page } from '../common/http/pagination';
import { Clock } from '../common/time/clock';
import { yearOf } from '../domain/calendar-day';
import { parseTaxCode } from '../domain/tax-code';
import { FieldCatalog } from '../fields/field-catalog';
import { Inspection, InspectionRepository } from '../registry/inspections/inspection';
import { ParentsChangedBus } from '../registry/parents-changed';
import { checkInspectionDraft } from '../registry/inspections/inspection-rules';
import { AgencyRepository } from '../agencies/agency';
import { PlanKind } from '../domain/vocabulary';
import { PlanImportService } from '../registry/plan-files/plan-import.service';
import { Conflict, Resolution } from './conflict';
import { ConflictRepository } from './conflict.repository';
import { CONFLICT_ENGINE } from './conflict-engine.provider';
import {
  CandidateInspectionDto,
  CheckConflictsDto,
  ListConflictsQuery,
  ResolveConflictDto,
} from './conflict.dto';
import {
  applySuggestion,
  ConflictEngine,
  DetectedConflict,
  EngineInspection,
  Suggestion,
} from './engine';
import { EngineInputLoader } from './engine-input';

@Injectable()
export class ConflictsService {
  constructor(
    @Inject(CONFLICT_ENGINE) private readonly engine: ConflictEngine,
    private readonly conflicts: ConflictRepository,
    private readonly inspections: InspectionRepository,
    private readonly agencies: AgencyRepository,
    private readonly fields: FieldCatalog,
    private readonly input: EngineInputLoader,
    private readonly parentsChanged: ParentsChangedBus,
    private readonly audit: AuditTrail,
    private readonly planFiles: PlanImportService,
    private readonly clock: Clock,
  ) {}

  async list(query: ListConflictsQuery): Promise<Page<Conflict>> {
    const tax = query.taxCode ? parseTaxCode(query.taxCode) : undefined;
    const { items, total } = await this.conflicts.search(
      {
        year: query.year,
        status: query.status,
        ruleId: query.rule,
        agencyCode: query.agencyCode,
        taxCode: tax?.ok ? tax.parent : undefined,
        severity: query.severity,
      },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<Conflict & { suggestions: Suggestion[] }> {
    const conflict = await this.find(id);
    const suggestions = conflict.status === 'open' ? await this.suggestionsFor(conflict) : [];
    return { ...conflict, suggestions };
  }

  /** The conflicts the candidates would create or join, from what is stored now. Saves nothing. */
  async check(body: CheckConflictsDto) {
    const candidates = body.inspections;
    const codes = new Set<string>();
    for (const c of candidates)
      [c.agencyCode, c.leadAgencyCode ?? c.agencyCode, ...(c.participantAgencyCodes ?? [])].forEach(
        (x) => codes.add(x),
      );
    const known = new Set((await this.agencies.findByCodes([...codes])).map((a) => a.code));
    const errors: ErrorDetail[] = [];
    candidates.forEach((c, i) => {
      if (!known.has(c.agencyCode))
        errors.push({
          field: `inspections[${i}].agencyCode`,
          code: 'AGENCY_NOT_FOUND',
          message: `agency ${c.agencyCode} does not exist`,
        });
      errors.push(
        ...checkInspectionDraft(
          {
            planYear: yearOf(c.window.from),
            planKind: c.planKind ?? 'annual',
            window: c.window,
            field: c.field,
            durationWorkingDays: c.durationWorkingDays,
            leadAgencyCode: c.leadAgencyCode ?? c.agencyCode,
            participantAgencyCodes: c.participantAgencyCodes ?? [],
            adHocEvidence: c.adHocEvidence,
            adHocScope: c.adHocScope,
            enterpriseKnown: true,
          },
          { knownField: (f) => this.fields.has(f), knownAgency: (a) => known.has(a) },
          `inspections[${i}]`,
        ),
      );
    });
    if (errors.length > 0)
      throw new InvalidInputError(
        'VALIDATION_FAILED',
        `Invalid candidates: ${errors.map((e) => e.field).join(', ')}`,
        errors,
      );

    return this.dryRunRecords(
      candidates.map((c, i) => this.candidateRecord(c, i)),
      [...codes],
    );
  }

  /** The dry run of a whole plan file: its rows as candidates of the agency's plan. */
  async checkFile(
    buffer: Buffer,
    meta: {
      agencyCode: string;
      year: number;
      kind?: PlanKind;
      filename?: string;
      mimeType?: string;
    },
  ) {
    const read = await this.planFiles.readPlanFile(buffer, { ...meta, planKind: meta.kind });
    if (read.errors.length > 0) {
      throw new RuleViolationError(
        'IMPORT_INVALID',
        `The file has ${read.errors.length} problem(s); nothing was checked`,
        read.errors,
      );
    }
    const candidates = read.rows.map((row, i): CandidateInspectionDto => ({
      taxCode: row.taxCode,
      enterpriseName: row.enterpriseName,
      type: row.type,
      form: row.form,
      field: row.field,
      content: row.content,
      window: row.window,
      durationWorkingDays: row.durationWorkingDays,
      leadAgencyCode: row.leadAgencyCode,
      participantAgencyCodes: row.participantAgencyCodes,
      adHocEvidence: row.adHocEvidence,
      agencyCode: meta.agencyCode,
      planKind: meta.kind ?? 'annual',
      replacesInspectionId: `row-${row.row ?? i + 1}`,
    }));
    const codes = new Set<string>([meta.agencyCode]);
    read.rows.forEach((r) =>
      [r.leadAgencyCode, ...r.participantAgencyCodes].forEach((c) => codes.add(c)),
    );
    return {
      rows: read.rows.length,
      ...(await this.dryRunRecords(
        candidates.map((c, i) => this.candidateRecord(c, i)),
        [...codes],
      )),
    };
  }

  private async dryRunRecords(records: Inspection[], agencyCodes: string[]) {
    const parents = [...new Set(records.map((r) => r.parentTaxCode))];
    const stored = await this.inspections.findByParents(parents);
    // One build for both: the candidates' enterprises (a new one may be a good complier) and
    // agencies join the context of the stored ones.
    const input = await this.input.build([...stored, ...records], agencyCodes);
    const result = this.engine.dryRun(
      input.inspections.slice(0, stored.length),
      input.inspections.slice(stored.length),
      input.context,
    );
    const open = new Map(
      (await this.conflicts.findByIds(result.conflicts.map((c) => c.id))).map((c) => [
        c.id,
        c.status,
      ]),
    );
    return {
      conflicts: result.conflicts.map((c) => ({
        ...this.publicConflict(c),
        existingStatus: open.get(c.id) ?? null,
      })),
      created: result.created.map((c) => c.id),
      superseded: result.superseded,
    };
  }

  /** Applies the meeting's decision: inspections change and the enterprise is checked again, in one step. */
  async resolve(id: string, body: ResolveConflictDto, actor: string, meetingId?: string) {
    const conflict = await this.find(id);
    if (conflict.status !== 'open') {
      throw new RuleViolationError(
        'CONFLICT_NOT_OPEN',
        `Conflict ${id} is ${conflict.status}; only open conflicts are decided`,
      );
    }
    const now = this.clock.now();
    const base: Omit<Resolution, 'kind'> = {
      decidedBy: actor,
      decidedAt: now,
      ...(body.note && { note: body.note }),
      ...(meetingId && { meetingId }),
    };

    if (body.resolution === 'exempt') {
      const missing: ErrorDetail[] = [];
      if (!body.legalBasis)
        missing.push({
          field: 'legalBasis',
          code: 'REQUIRED',
          message: 'an exemption needs its legal basis',
        });
      if (!body.evidence)
        missing.push({
          field: 'evidence',
          code: 'REQUIRED',
          message: 'an exemption needs the evidence it rests on',
        });
      if (missing.length)
        throw new InvalidInputError(
          'VALIDATION_FAILED',
          'An exemption needs a legal basis and evidence',
          missing,
        );
      const decided = await this.conflicts.decide(
        id,
        'exempted',
        { ...base, kind: 'exempt', legalBasis: body.legalBasis, evidence: body.evidence },
        { at: now, actor, action: 'exempted', note: body.legalBasis },
      );
      if (!decided)
        throw new StateConflictError(
          'CONFLICT_DECIDED_MEANWHILE',
          `Conflict ${id} was decided meanwhile`,
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

    const records = await this.inspections.findByParents([conflict.taxCode]);
    const input = await this.input.build(records);
    const plan = this.changePlan(conflict, body, records, input.inspections);
    const after = applyChange(input.inspections, plan.change);
    const stillThere = this.engine.detect(after, input.context).some((c) => c.id === conflict.id);
    if (stillThere) {
      throw new RuleViolationError(
        'RESOLUTION_INEFFECTIVE',
        `This ${body.resolution} would not remove conflict ${id}; choose another window or resolution`,
      );
    }

    const decided = await this.conflicts.decide(
      id,
      'resolved',
      { ...base, ...plan.resolution },
      { at: now, actor, action: 'resolved', note: body.resolution },
    );
    if (!decided)
      throw new StateConflictError(
        'CONFLICT_DECIDED_MEANWHILE',
        `Conflict ${id} was decided meanwhile`,
      );
    const changed = await this.applyToRecords(
      records,
      after,
      plan.reasons,
      actor,
      id,
      plan.resolution.keepInspectionId,
    );
    const conflictsAfter = await this.parentsChanged.publish({
      parentTaxCodes: [conflict.taxCode],
      actor,
    });
    return { conflict: decided, changedInspections: changed, conflictsAfter };
  }

  async suggestionsFor(conflict: Conflict): Promise<Suggestion[]> {
    const records = await this.inspections.findByParents([conflict.taxCode]);
    const input = await this.input.build(records);
    return this.engine.suggest(conflict as unknown as DetectedConflict, input.inspections, {
      today: this.clock.today(),
      context: input.context,
    });
  }

  private async find(id: string): Promise<Conflict> {
    const conflict = await this.conflicts.findById(id);
    if (!conflict) throw new NotFoundError('Conflict', id);
    return conflict;
  }

  private changePlan(
    conflict: Conflict,
    body: ResolveConflictDto,
    records: Inspection[],
    engineInputs: EngineInspection[],
  ): {
    change: Change;
    resolution: Omit<Resolution, 'decidedBy' | 'decidedAt'>;
    reasons: Map<string, string>;
  } {
    const member = (inspectionId: string | undefined, field: string) => {
      if (!inspectionId || !conflict.inspectionIds.includes(inspectionId)) {
        throw new InvalidInputError(
          'VALIDATION_FAILED',
          `${field} must be one of the conflict's inspections`,
          [
            {
              field,
              code: 'NOT_IN_CONFLICT',
              message: `one of ${conflict.inspectionIds.join(', ')}`,
            },
          ],
        );
      }
      return records.find((r) => r.id === inspectionId)!;
    };
    if (body.suggestion !== undefined) {
      const suggestions = this.engine.suggest(
        conflict as unknown as DetectedConflict,
        engineInputs,
        { today: this.clock.today() },
      );
      const s = suggestions[body.suggestion];
      if (!s)
        throw new InvalidInputError('VALIDATION_FAILED', 'No such suggestion', [
          {
            field: 'suggestion',
            code: 'UNKNOWN_SUGGESTION',
            message: `there are ${suggestions.length} suggestions`,
          },
        ]);
      const kind = (
        {
          merge: 'merge',
          'move-to-year': 'reschedule',
          'switch-to-remote': 'switch-to-remote',
          'switch-to-kiem-tra': 'switch-to-kiem-tra',
        } as const
      )[s.kind];
      if (kind !== body.resolution) {
        throw new InvalidInputError(
          'VALIDATION_FAILED',
          `Suggestion ${body.suggestion} is a ${kind}, not a ${body.resolution}`,
          [
            {
              field: 'suggestion',
              code: 'SUGGESTION_KIND_MISMATCH',
              message: `suggestion ${body.suggestion} is a ${kind}`,
            },
          ],
        );
      }
      return {
        change: { suggestion: s },
        resolution: resolutionOf(s),
        reasons: new Map<string, string>(),
      };
    }
    switch (body.resolution) {
      case 'cancel': {
        const target = member(body.inspectionId, 'inspectionId');
        if (!body.reason)
          throw new InvalidInputError('VALIDATION_FAILED', 'A cancellation needs a reason', [
            { field: 'reason', code: 'REQUIRED', message: 'say why the inspection is cancelled' },
          ]);
        return {
          change: { cancel: target.id },
          resolution: { kind: 'cancel' as const, inspectionId: target.id, reason: body.reason },
          reasons: new Map([[target.id, body.reason]]),
        };
      }
      case 'reschedule': {
        const target = member(body.inspectionId, 'inspectionId');
        if (!body.window)
          throw new InvalidInputError('VALIDATION_FAILED', 'A reschedule needs the new window', [
            { field: 'window', code: 'REQUIRED', message: 'give window.from and window.to' },
          ]);
        const s: Suggestion = {
          kind: 'move-to-year',
          inspectionId: target.id,
          year: yearOf(body.window.from),
          window: body.window,
          conflictId: conflict.id,
          explanation: { vi: '', en: '' },
        };
        return {
          change: { suggestion: s },
          resolution: { kind: 'reschedule' as const, inspectionId: target.id, window: body.window },
          reasons: new Map<string, string>(),
        };
      }
      case 'switch-to-remote':
      case 'switch-to-kiem-tra': {
        const target = member(body.inspectionId, 'inspectionId');
        const s = {
          kind: body.resolution,
          inspectionId: target.id,
          conflictId: conflict.id,
          explanation: { vi: '', en: '' },
        } as Suggestion;
        return {
          change: { suggestion: s },
          resolution: { kind: body.resolution, inspectionId: target.id },
          reasons: new Map<string, string>(),
        };
      }
      case 'merge': {
        const keep = member(body.keepInspectionId, 'keepInspectionId');
        const others = records.filter(
          (r) => conflict.inspectionIds.includes(r.id) && r.id !== keep.id,
        );
        const lead = body.leadAgencyCode ?? keep.leadAgencyCode;
        const everyone = new Set<string>([keep.leadAgencyCode, ...keep.participantAgencyCodes]);
        for (const o of others)
          [o.leadAgencyCode, ...o.participantAgencyCodes].forEach((c) => everyone.add(c));
        if (!everyone.has(lead)) {
          throw new InvalidInputError(
            'VALIDATION_FAILED',
            'The lead must be one of the agencies involved',
            [
              {
                field: 'leadAgencyCode',
                code: 'NOT_INVOLVED',
                message: `one of ${[...everyone].join(', ')}`,
              },
            ],
          );
        }
        everyone.delete(lead);
        const keepEngine = engineInputs.find((i) => i.id === keep.id)!;
        const leadKind =
          engineInputs.find((i) => i.leadAgency.code === lead)?.leadAgency.kind ??
          keepEngine.leadAgency.kind;
        const window = body.window ?? keep.window;
        const s: Suggestion = {
          kind: 'merge',
          keepId: keep.id,
          mergedIds: others.map((o) => o.id),
          joint: {
            leadAgency: { code: lead, kind: leadKind },
            participantAgencyCodes: [...everyone].sort(),
            type: keep.type,
            form: keep.form,
            field: keep.field,
            window,
            durationWorkingDays: keep.durationWorkingDays ?? 0,
          },
          windowSource: 'intersection',
          conflictId: conflict.id,
          explanation: { vi: '', en: '' },
        };
        return {
          change: { suggestion: s },
          resolution: resolutionOf(s),
          reasons: new Map<string, string>(),
        };
      }
      default:
        throw new InvalidInputError('VALIDATION_FAILED', `Unknown resolution ${body.resolution}`);
    }
  }

  /** Writes the changed inspections (each guarded by its revision) and audits them. */
  private async applyToRecords(
    records: Inspection[],
    after: EngineInspection[],
    reasons: Map<string, string>,
    actor: string,
    conflictId: string,
    keepId?: string,
  ) {
    const now = this.clock.now();
    const byId = new Map(after.map((a) => [a.id, a]));
    const changed: Inspection[] = [];
    for (const r of records) {
      const a = byId.get(r.id);
      if (!a) continue;
      const state = r.planStatus === 'withdrawn' ? r.state : a.state;
      const next: Partial<Inspection> = {
        type: a.type,
        form: a.form,
        field: a.field,
        window: a.window,
        leadAgencyCode: a.leadAgency.code,
        participantAgencyCodes: [...a.participantAgencyCodes],
        state,
        ...(a.durationWorkingDays ? { durationWorkingDays: a.durationWorkingDays } : {}),
      };
      if (state === 'merged' && keepId) next.mergedInto = keepId;
      if (reasons.has(r.id)) next.stateReason = reasons.get(r.id);
      const fields = Object.keys(next) as (keyof Inspection)[];
      const differs = fields.some((f) => JSON.stringify(next[f]) !== JSON.stringify(r[f]));
      if (!differs) continue;
      const saved = await this.inspections.updateIfRevision(r.id, r.revision, {
        ...next,
        revision: r.revision + 1,
        updatedAt: now,
        updatedBy: actor,
      });
      if (!saved)
        throw new StateConflictError(
          'STALE_REVISION',
          `Inspection ${r.id} changed meanwhile; decide again`,
        );
      await this.audit.record({
        entityType: 'inspection',
        entityId: r.id,
        action: `conflict-resolution`,
        actor,
        note: conflictId,
        changes: fields
          .filter((f) => JSON.stringify(next[f]) !== JSON.stringify(r[f]))
          .map((f) => ({ field: f, from: r[f], to: next[f] })),
      });
      changed.push(saved);
    }
    return changed;
  }

  private candidateRecord(c: CandidateInspectionDto, index: number): Inspection {
    const tax = parseTaxCode(c.taxCode);
    const now = this.clock.now();
    return {
      id: c.replacesInspectionId ?? `candidate-${index + 1}`,
      planId: 'candidate',
      planKind: c.planKind ?? 'annual',
      planStatus: 'draft',
      agencyCode: c.agencyCode,
      year: yearOf(c.window.from),
      taxCode: tax.ok ? tax.taxCode : c.taxCode,
      parentTaxCode: tax.ok ? tax.parent : c.taxCode,
      enterpriseName: c.enterpriseName ?? '',
      type: c.type,
      form: c.form,
      field: c.field,
      content: c.content,
      window: c.window,
      durationWorkingDays: c.durationWorkingDays,
      leadAgencyCode: c.leadAgencyCode ?? c.agencyCode,
      participantAgencyCodes: c.participantAgencyCodes ?? [],
      adHocEvidence: c.adHocEvidence,
      adHocScope: c.adHocScope,
      state: 'planned',
      revision: 0,
      createdAt: now,
      updatedAt: now,
      createdBy: 'dry-run',
      updatedBy: 'dry-run',
    };
  }

  private publicConflict(c: DetectedConflict) {
    return {
      id: c.id,
      ruleId: c.ruleId,
      family: c.family,
      rulebook: c.rulebook,
      severity: c.severity,
      taxCode: c.taxCode,
      year: c.year,
      inspectionIds: c.inspectionIds,
      facts: c.facts,
      explanation: c.explanation,
      legalBasis: c.legalBasis,
    };
  }
}

type Change = { suggestion: Suggestion } | { cancel: string };

function applyChange(inspections: EngineInspection[], change: Change): EngineInspection[] {
  if ('cancel' in change)
    return inspections.map((i) =>
      i.id === change.cancel ? { ...i, state: 'cancelled' as const } : i,
    );
  return applySuggestion(inspections, change.suggestion);
}

function resolutionOf(s: Suggestion): Omit<Resolution, 'decidedBy' | 'decidedAt'> {
  switch (s.kind) {
    case 'merge':
      return {
        kind: 'merge',
        keepInspectionId: s.keepId,
        mergedInspectionIds: s.mergedIds,
        window: s.joint.window,
      };
    case 'move-to-year':
      return { kind: 'reschedule', inspectionId: s.inspectionId, window: s.window };
    case 'switch-to-remote':
      return { kind: 'switch-to-remote', inspectionId: s.inspectionId };
    case 'switch-to-kiem-tra':
      return { kind: 'switch-to-kiem-tra', inspectionId: s.inspectionId };
  }
}
