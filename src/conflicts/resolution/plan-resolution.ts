// What a resolution changes, decided without I/O: from the conflict, the request, the
// enterprise's records and the engine's suggestions (numbered as GET /conflicts/:id shows).
import { ErrorDetail, InvalidInputError } from '../../common/errors/domain-errors';
import { yearOf } from '../../domain/calendar-day';
import type { Inspection } from '../../registry/inspections/inspection';
import type { Conflict, Resolution, ResolutionKind } from '../conflict';
import {
  applySuggestion,
  type EngineInspection,
  type MergeSuggestion,
  type Suggestion,
} from '../engine';

/** What the request says; the DTO's shape without its validation decorators. */
export interface ResolutionRequest {
  resolution: ResolutionKind;
  suggestion?: number;
  inspectionId?: string;
  keepInspectionId?: string;
  leadAgencyCode?: string;
  window?: { from: string; to: string };
  legalBasis?: string;
  evidence?: string;
  reason?: string;
}

/** A change to the enterprise's inspections, or none (an exemption leaves them as they are). */
export type Change = { suggestion: Suggestion } | { cancel: string } | { none: true };

export type PlannedResolution = Omit<Resolution, 'decidedBy' | 'decidedAt' | 'note' | 'meetingId'>;

export interface ResolutionPlan {
  change: Change;
  resolution: PlannedResolution;
  /** stateReason per inspection id (a cancellation says why). */
  reasons: Map<string, string>;
}

/** The engine suggestion kind → the resolution kind a request names it by. */
export const RESOLUTION_OF_SUGGESTION = {
  merge: 'merge',
  'move-to-year': 'reschedule',
  'switch-to-remote': 'switch-to-remote',
  'switch-to-kiem-tra': 'switch-to-kiem-tra',
} as const satisfies Record<Suggestion['kind'], ResolutionKind>;

/** Throws InvalidInputError (400 VALIDATION_FAILED) for a request that cannot be applied. */
export function planResolution(
  conflict: Pick<Conflict, 'id' | 'inspectionIds'>,
  body: ResolutionRequest,
  records: readonly Inspection[],
  engineInputs: readonly EngineInspection[],
  suggestions: readonly Suggestion[],
): ResolutionPlan {
  const plan = (
    change: Change,
    resolution: PlannedResolution,
    reasons = new Map<string, string>(),
  ): ResolutionPlan => ({
    change,
    resolution,
    reasons,
  });
  const member = (inspectionId: string | undefined, field: string): Inspection => {
    const found = inspectionId && conflict.inspectionIds.includes(inspectionId);
    const record = found ? records.find((r) => r.id === inspectionId) : undefined;
    if (!record)
      throw invalid(`${field} must be one of the conflict's inspections`, {
        field,
        code: 'NOT_IN_CONFLICT',
        message: `one of ${conflict.inspectionIds.join(', ')}`,
      });
    return record;
  };

  if (body.resolution === 'exempt') return plan({ none: true }, exemption(body));
  if (body.suggestion !== undefined) {
    const s = chosenSuggestion(body, suggestions);
    return plan({ suggestion: s }, resolutionOf(s));
  }
  const unexplained = { vi: '', en: '' };
  switch (body.resolution) {
    case 'cancel': {
      const target = member(body.inspectionId, 'inspectionId');
      if (!body.reason)
        throw invalid('A cancellation needs a reason', {
          field: 'reason',
          code: 'REQUIRED',
          message: 'say why the inspection is cancelled',
        });
      return plan(
        { cancel: target.id },
        { kind: 'cancel', inspectionId: target.id, reason: body.reason },
        new Map([[target.id, body.reason]]),
      );
    }
    case 'reschedule': {
      const target = member(body.inspectionId, 'inspectionId');
      if (!body.window)
        throw invalid('A reschedule needs the new window', {
          field: 'window',
          code: 'REQUIRED',
          message: 'give window.from and window.to',
        });
      const s: Suggestion = {
        kind: 'move-to-year',
        inspectionId: target.id,
        year: yearOf(body.window.from),
        window: body.window,
        conflictId: conflict.id,
        explanation: unexplained,
      };
      return plan(
        { suggestion: s },
        { kind: 'reschedule', inspectionId: target.id, window: body.window },
      );
    }
    case 'switch-to-remote':
    case 'switch-to-kiem-tra': {
      const target = member(body.inspectionId, 'inspectionId');
      const s: Suggestion = {
        kind: body.resolution,
        inspectionId: target.id,
        conflictId: conflict.id,
        explanation: unexplained,
      };
      return plan({ suggestion: s }, { kind: body.resolution, inspectionId: target.id });
    }
    case 'merge': {
      const keep = member(body.keepInspectionId, 'keepInspectionId');
      const s = mergeOf(conflict, body, keep, records, engineInputs);
      return plan({ suggestion: s }, resolutionOf(s));
    }
    default:
      throw new InvalidInputError('VALIDATION_FAILED', `Unknown resolution ${body.resolution}`);
  }
}

function exemption(body: ResolutionRequest): PlannedResolution {
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
  return { kind: 'exempt', legalBasis: body.legalBasis, evidence: body.evidence };
}

function chosenSuggestion(body: ResolutionRequest, suggestions: readonly Suggestion[]) {
  const s = suggestions[body.suggestion!];
  if (!s)
    throw invalid('No such suggestion', {
      field: 'suggestion',
      code: 'UNKNOWN_SUGGESTION',
      message: `there are ${suggestions.length} suggestions`,
    });
  const kind = RESOLUTION_OF_SUGGESTION[s.kind];
  if (kind !== body.resolution)
    throw invalid(`Suggestion ${body.suggestion} is a ${kind}, not a ${body.resolution}`, {
      field: 'suggestion',
      code: 'SUGGESTION_KIND_MISMATCH',
      message: `suggestion ${body.suggestion} is a ${kind}`,
    });
  return s;
}

/** The joint inspection a meeting chose by hand: its lead must be one of the agencies involved. */
function mergeOf(
  conflict: Pick<Conflict, 'id' | 'inspectionIds'>,
  body: ResolutionRequest,
  keep: Inspection,
  records: readonly Inspection[],
  engineInputs: readonly EngineInspection[],
): MergeSuggestion {
  const others = records.filter((r) => conflict.inspectionIds.includes(r.id) && r.id !== keep.id);
  const lead = body.leadAgencyCode ?? keep.leadAgencyCode;
  const everyone = new Set<string>([keep.leadAgencyCode, ...keep.participantAgencyCodes]);
  for (const o of others)
    [o.leadAgencyCode, ...o.participantAgencyCodes].forEach((c) => everyone.add(c));
  if (!everyone.has(lead))
    throw invalid('The lead must be one of the agencies involved', {
      field: 'leadAgencyCode',
      code: 'NOT_INVOLVED',
      message: `one of ${[...everyone].join(', ')}`,
    });
  everyone.delete(lead);
  const keepEngine = engineInputs.find((i) => i.id === keep.id)!;
  const leadKind =
    engineInputs.find((i) => i.leadAgency.code === lead)?.leadAgency.kind ??
    keepEngine.leadAgency.kind;
  return {
    kind: 'merge',
    keepId: keep.id,
    mergedIds: others.map((o) => o.id),
    joint: {
      leadAgency: { code: lead, kind: leadKind },
      participantAgencyCodes: [...everyone].sort(),
      type: keep.type,
      form: keep.form,
      field: keep.field,
      window: body.window ?? keep.window,
      durationWorkingDays: keep.durationWorkingDays ?? 0,
    },
    windowSource: 'intersection',
    conflictId: conflict.id,
    explanation: { vi: '', en: '' },
  };
}

export function resolutionOf(s: Suggestion): PlannedResolution {
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

/** The engine inputs as they would be after the change (for the engine's re-check). */
export function applyChange(
  inspections: readonly EngineInspection[],
  change: Change,
): EngineInspection[] {
  if ('none' in change) return [...inspections];
  if ('cancel' in change)
    return inspections.map((i) =>
      i.id === change.cancel ? { ...i, state: 'cancelled' as const } : i,
    );
  return applySuggestion(inspections, change.suggestion);
}

/**
 * The registry edits a resolution implies: each record's fields as the engine input after
 * the change has them. Records the change leaves alone yield no edit.
 */
export function inspectionEdits(
  records: readonly Inspection[],
  after: readonly EngineInspection[],
  reasons: ReadonlyMap<string, string>,
  keepId?: string,
): { before: Inspection; changes: Partial<Inspection> }[] {
  const byId = new Map(after.map((a) => [a.id, a]));
  const edits: { before: Inspection; changes: Partial<Inspection> }[] = [];
  for (const r of records) {
    const a = byId.get(r.id);
    if (!a) continue;
    // The engine saw a withdrawn plan's inspection as cancelled; its own state stays.
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
    const changed = fields.filter((f) => JSON.stringify(next[f]) !== JSON.stringify(r[f]));
    if (changed.length === 0) continue;
    const changes: Partial<Inspection> = {};
    for (const f of changed) (changes as Record<string, unknown>)[f] = next[f];
    edits.push({ before: r, changes });
  }
  return edits;
}

function invalid(message: string, detail: ErrorDetail): InvalidInputError {
  return new InvalidInputError('VALIDATION_FAILED', message, [detail]);
}
