import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { AuditTrail } from '../audit/audit';
import { writeRevision } from '../audit/revised-write';
import {
  DomainError,
  ErrorDetail,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../common/errors/domain-errors';
import { Page } from '../common/http/pagination';
import { Clock } from '../common/time/clock';
import { Conflict } from '../conflicts/conflict';
import { type Bilingual, ruleLabel } from '../conflicts/engine';
import { ConflictRepository } from '../conflicts/conflict.repository';
import { ConflictResolutionService } from '../conflicts/resolution/conflict-resolution.service';
import { parseTaxCode } from '../domain/tax-code';
import { touchesAny } from '../identity/authorization/agency-scope';
import { decisionSummaryVi } from './decision-summary';
import { MeetingChangesBus } from './meeting-changes';
import { InspectionRegistrations } from './inspection-registrations';
import { meetingDay, renderMinutesDocx } from './minutes';
import {
  AgendaDecision,
  AgendaItem,
  DECIDING_STATUSES,
  Meeting,
  meetingAgencies,
  MeetingRepository,
  MeetingScope,
  NEXT_MEETING_STATUSES,
} from './meeting';
import {
  CreateMeetingDto,
  ListMeetingsQuery,
  MeetingDecisionDto,
  UpdateMeetingDto,
} from './meeting.dto';

export interface AgendaItemView extends AgendaItem {
  /** The conflict as it stands now (null if it no longer exists). */
  conflict:
    | (Pick<
        Conflict,
        | 'id'
        | 'ruleId'
        | 'family'
        | 'rulebook'
        | 'severity'
        | 'status'
        | 'taxCode'
        | 'enterpriseName'
        | 'year'
        | 'inspectionIds'
        | 'agencyCodes'
        | 'explanation'
        | 'legalBasis'
        | 'resolution'
        | 'closure'
      > & { rule: Bilingual })
    | null;
  /**
   * How the item ended: decided by this meeting, settled outside it (resolved or exempted
   * elsewhere, or closed because its cause disappeared), or still open.
   */
  outcome: 'decided' | 'settled-elsewhere' | 'undecided';
}

export type MeetingView = Omit<Meeting, 'agenda'> & { agenda: AgendaItemView[] };

export type MeetingListItem = Omit<Meeting, 'agenda'> & {
  agenda: AgendaItem[];
  agendaSummary: { items: number; decided: number };
};

@Injectable()
export class MeetingsService {
  constructor(
    private readonly meetings: MeetingRepository,
    private readonly conflicts: ConflictRepository,
    private readonly resolutions: ConflictResolutionService,
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Optional() private readonly changes?: MeetingChangesBus,
    @Optional() private readonly registrations?: InspectionRegistrations,
  ) {}

  async create(input: CreateMeetingDto, actor: string): Promise<MeetingView> {
    await this.checkInput({
      start: input.start,
      end: input.end,
      agencyCodes: input.agencyCodes,
      scopeAgencyCodes: input.scope.agencyCodes,
      taxCodes: input.scope.taxCodes,
    });
    const now = this.clock.now();
    const scope: MeetingScope = {
      year: input.scope.year,
      ...(input.scope.agencyCodes?.length && {
        agencyCodes: [...new Set(input.scope.agencyCodes)].sort(),
      }),
      ...(input.scope.taxCodes?.length && {
        taxCodes: [
          ...new Set(
            input.scope.taxCodes.map((t) => (parseTaxCode(t) as { parent: string }).parent),
          ),
        ].sort(),
      }),
    };
    const meeting: Meeting = {
      id: randomUUID(),
      title: input.title,
      start: input.start,
      end: input.end,
      place: input.place,
      chair: input.chair,
      agencyCodes: [...new Set(input.agencyCodes)],
      scope,
      status: 'planned',
      agenda: (await this.openConflictsIn(scope)).map((conflictId, order) => ({
        conflictId,
        order: order + 1,
      })),
      attendees: input.attendees ?? [],
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
      updatedBy: actor,
    };
    await this.meetings.insert(meeting);
    await this.changes?.publish({ meeting, actor });
    await this.audit.record({
      entityType: 'meeting',
      entityId: meeting.id,
      action: 'created',
      actor,
      note: `${meeting.agenda.length} agenda items`,
    });
    return this.view(meeting);
  }

  /** `within`: an agency-scoped reader's agencies: the meetings touching them (see get). */
  async list(query: ListMeetingsQuery, within?: string[]): Promise<Page<MeetingListItem>> {
    const { items, total } = await this.meetings.search(
      { year: query.year, status: query.status, touchingAnyOf: within },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return {
      items: items.map((m) => ({
        ...m,
        agendaSummary: {
          items: m.agenda.length,
          decided: m.agenda.filter((a) => a.decision).length,
        },
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * `within`: an agency-scoped reader's agencies. A meeting not inviting or scoped to them is
   * "not found" (its existence does not leak); in one that is, the agenda keeps only the
   * items whose conflict touches them, as GET /conflicts would show.
   */
  async get(id: string, within?: string[]): Promise<MeetingView> {
    const meeting = await this.find(id);
    if (!touchesAny(meetingAgencies(meeting), within)) throw new NotFoundError('Meeting', id);
    const view = await this.view(meeting);
    if (!within) return view;
    return {
      ...view,
      agenda: view.agenda.filter(
        (item) => item.conflict !== null && touchesAny(item.conflict.agencyCodes, within),
      ),
    };
  }

  /**
   * Changes what was asked, checked against the revision the caller read. A closed or
   * cancelled meeting is final; a request that changes nothing changes no revision.
   */
  async update(id: string, input: UpdateMeetingDto, actor: string): Promise<MeetingView> {
    const before = await this.find(id);
    if (before.revision !== input.revision) throw staleRevision(id, before.revision);
    if (!DECIDING_STATUSES.includes(before.status)) {
      throw new RuleViolationError(
        'MEETING_NOT_OPEN',
        `Meeting ${id} is ${before.status} and can no longer change`,
      );
    }
    const { revision: _r, ...requested } = input;
    if (
      requested.status &&
      requested.status !== before.status &&
      !NEXT_MEETING_STATUSES[before.status].includes(requested.status)
    ) {
      throw new RuleViolationError(
        'INVALID_MEETING_TRANSITION',
        `A ${before.status} meeting cannot become ${requested.status}`,
        [
          {
            field: 'status',
            code: 'INVALID_MEETING_TRANSITION',
            message: `allowed from ${before.status}: ${NEXT_MEETING_STATUSES[before.status].join(', ')}`,
          },
        ],
      );
    }
    if (requested.start || requested.end)
      await this.checkInput({
        start: requested.start ?? before.start,
        end: requested.end ?? before.end,
      });
    const changes = Object.fromEntries(
      Object.entries(requested).filter(
        ([k, v]) =>
          v !== undefined &&
          JSON.stringify(v) !== JSON.stringify((before as unknown as Record<string, unknown>)[k]),
      ),
    ) as Partial<Meeting>;
    if (Object.keys(changes).length === 0) return this.view(before);
    const saved = await writeRevision(this.meetings, this.audit, {
      entityType: 'meeting',
      id,
      before,
      changes,
      actor,
      at: this.clock.now(),
      action: changes.status ?? 'updated',
    });
    await this.changes?.publish({ meeting: saved, previous: before, actor });
    return this.view(saved);
  }

  /** While the meeting is planned, adds the conflicts of its scope opened since. */
  async refreshAgenda(id: string, actor: string): Promise<MeetingView> {
    const meeting = await this.find(id);
    if (meeting.status !== 'planned') {
      throw new RuleViolationError(
        'MEETING_NOT_PLANNED',
        `Meeting ${id} is ${meeting.status}; only a planned meeting's agenda is refreshed`,
      );
    }
    const present = new Set(meeting.agenda.map((a) => a.conflictId));
    const added = (await this.openConflictsIn(meeting.scope)).filter((c) => !present.has(c));
    if (added.length === 0) return this.view(meeting);
    const agenda = [
      ...meeting.agenda,
      ...added.map((conflictId, i) => ({ conflictId, order: meeting.agenda.length + i + 1 })),
    ];
    const saved = await writeRevision(this.meetings, this.audit, {
      entityType: 'meeting',
      id,
      before: meeting,
      changes: { agenda },
      actor,
      at: this.clock.now(),
      action: 'agenda-refreshed',
      note: `${added.length} agenda items added`,
      // The note says what was added; the whole agenda twice would bloat the trail.
      auditChanges: [],
      staleHint: 'retry',
    });
    return this.view(saved);
  }

  /**
   * One decision per agenda item: applied to the conflict and its inspections through
   * ConflictResolutionService.resolve (the same engine-verified path as POST /conflicts/:id/resolve,
   * tagged with this meeting), then minuted on the agenda item.
   */
  async decide(id: string, input: MeetingDecisionDto, actor: string) {
    const meeting = await this.find(id);
    this.assertDeciding(meeting);
    const item = meeting.agenda.find((a) => a.conflictId === input.conflictId);
    if (!item) {
      throw new RuleViolationError(
        'NOT_ON_AGENDA',
        `Conflict ${input.conflictId} is not on this meeting's agenda`,
        [
          {
            field: 'conflictId',
            code: 'NOT_ON_AGENDA',
            message: 'choose an agenda item (or refresh the agenda of a planned meeting)',
          },
        ],
      );
    }
    if (item.decision) throw alreadyDecided(input.conflictId);
    const { conflictId, ...resolution } = input;
    let result: Awaited<ReturnType<ConflictResolutionService['resolve']>>;
    try {
      result = await this.resolutions.resolve(conflictId, resolution, actor, meeting.id);
    } catch (e) {
      // Two decisions racing for one item: the conflict takes one, the other learns it here.
      if (
        e instanceof DomainError &&
        (e.code === 'CONFLICT_NOT_OPEN' || e.code === 'CONFLICT_DECIDED_MEANWHILE')
      ) {
        const [now] = await this.conflicts.findByIds([conflictId]);
        if (now?.resolution?.meetingId === meeting.id) throw alreadyDecided(conflictId);
      }
      throw e;
    }
    const decided = result.conflict.resolution!;
    const decision: AgendaDecision = {
      resolution: decided.kind,
      summary: decisionSummaryVi(decided, result.conflict.facts?.inspections ?? []),
      ...(decided.legalBasis && { legalBasis: decided.legalBasis }),
      ...(decided.evidence && { evidence: decided.evidence }),
      decidedBy: actor,
      decidedAt: decided.decidedAt ?? this.clock.now(),
    };
    // Null only if the meeting was closed or cancelled meanwhile: the conflict carries the
    // meeting's id all the same, and the view shows the decision from it.
    const saved =
      (await this.meetings.recordDecision(id, conflictId, decision, this.clock.now())) ??
      (await this.find(id));
    await this.audit.record({
      entityType: 'meeting',
      entityId: id,
      action: 'decided',
      actor,
      note: `${conflictId}: ${decision.summary}`,
    });
    return {
      meeting: await this.view(saved),
      conflict: result.conflict,
      changedInspections: result.changedInspections,
      conflictsAfter: result.conflictsAfter,
    };
  }

  /** The minutes as a Word document, named for the meeting's day in Vietnam. */
  /** `within`: as get: the minutes of what an agency-scoped reader may see. */
  async minutes(id: string, within?: string[]): Promise<{ body: Buffer; filename: string }> {
    const meeting = await this.get(id, within);
    const codes = [...new Set([...meeting.agencyCodes, ...(meeting.scope.agencyCodes ?? [])])];
    const names = new Map((await this.agencies.findByCodes(codes)).map((a) => [a.code, a.name]));
    const inspectionIds = meeting.agenda.flatMap((item) => item.conflict?.inspectionIds ?? []);
    const registrations = (await this.registrations?.of(inspectionIds)) ?? [];
    return {
      body: await renderMinutesDocx(meeting, names, registrations),
      filename: `bien-ban-hop-phoi-hop-${meetingDay(meeting.start)}.docx`,
    };
  }

  async find(id: string): Promise<Meeting> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new NotFoundError('Meeting', id);
    return meeting;
  }

  /** The meeting with each agenda item's conflict as it stands now. */
  async view(meeting: Meeting): Promise<MeetingView> {
    const conflicts = new Map(
      (await this.conflicts.findByIds(meeting.agenda.map((a) => a.conflictId))).map((c) => [
        c.id,
        c,
      ]),
    );
    return {
      ...meeting,
      agenda: meeting.agenda.map((item): AgendaItemView => {
        const c = conflicts.get(item.conflictId);
        // A decision the conflict records for this meeting but the item lacks (the meeting
        // was closed between the two writes) is still this meeting's decision.
        const decision =
          item.decision ??
          (c?.resolution?.meetingId === meeting.id
            ? {
                resolution: c.resolution.kind,
                summary: decisionSummaryVi(c.resolution, c.facts?.inspections ?? []),
                ...(c.resolution.legalBasis && { legalBasis: c.resolution.legalBasis }),
                ...(c.resolution.evidence && { evidence: c.resolution.evidence }),
                decidedBy: c.resolution.decidedBy,
                decidedAt: c.resolution.decidedAt,
              }
            : undefined);
        return {
          ...item,
          ...(decision && { decision }),
          outcome: decision
            ? 'decided'
            : c && c.status !== 'open'
              ? 'settled-elsewhere'
              : 'undecided',
          conflict: c
            ? {
                id: c.id,
                ruleId: c.ruleId,
                family: c.family,
                rule: ruleLabel(c.ruleId, c.family),
                rulebook: c.rulebook,
                severity: c.severity,
                status: c.status,
                taxCode: c.taxCode,
                enterpriseName: c.enterpriseName,
                year: c.year,
                inspectionIds: c.inspectionIds,
                agencyCodes: c.agencyCodes,
                explanation: c.explanation,
                legalBasis: c.legalBasis,
                ...(c.resolution && { resolution: c.resolution }),
                ...(c.closure && { closure: c.closure }),
              }
            : null,
        };
      }),
    };
  }

  private assertDeciding(meeting: Meeting): void {
    if (!DECIDING_STATUSES.includes(meeting.status)) {
      throw new RuleViolationError(
        'MEETING_NOT_OPEN',
        `Meeting ${meeting.id} is ${meeting.status}; it takes no more decisions`,
      );
    }
  }

  /**
   * The agenda: open conflicts of the scope's year that involve one of its agencies and
   * concern one of its enterprises (each filter only when given), ordered by enterprise
   * (tax code), then rule, then conflict id. Streamed; only the ids are kept.
   */
  private async openConflictsIn(scope: MeetingScope): Promise<string[]> {
    const agencies = scope.agencyCodes ? new Set(scope.agencyCodes) : undefined;
    const parents = scope.taxCodes ? new Set(scope.taxCodes) : undefined;
    const found: { id: string; taxCode: string; ruleId: string }[] = [];
    for await (const c of this.conflicts.stream({ year: scope.year, status: 'open' })) {
      if (agencies && !c.agencyCodes.some((a) => agencies.has(a))) continue;
      if (parents && !parents.has(c.taxCode)) continue;
      found.push({ id: c.id, taxCode: c.taxCode, ruleId: c.ruleId });
    }
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    found.sort((a, b) => cmp(a.taxCode, b.taxCode) || cmp(a.ruleId, b.ruleId) || cmp(a.id, b.id));
    return found.map((c) => c.id);
  }

  /** Every problem at once, each naming its field. */
  private async checkInput(input: {
    start: Date;
    end: Date;
    agencyCodes?: string[];
    scopeAgencyCodes?: string[];
    taxCodes?: string[];
  }): Promise<void> {
    const details: ErrorDetail[] = [];
    if (input.end.getTime() <= input.start.getTime())
      details.push({
        field: 'end',
        code: 'END_NOT_AFTER_START',
        message: 'end must be after start',
        messageVi: 'Thời gian kết thúc phải sau thời gian bắt đầu',
      });
    const named: [string, string][] = [
      ...(input.agencyCodes ?? []).map((c, i): [string, string] => [`agencyCodes[${i}]`, c]),
      ...(input.scopeAgencyCodes ?? []).map((c, i): [string, string] => [
        `scope.agencyCodes[${i}]`,
        c,
      ]),
    ];
    if (named.length > 0) {
      const known = new Set(
        (await this.agencies.findByCodes([...new Set(named.map(([, c]) => c))])).map((a) => a.code),
      );
      for (const [field, code] of named)
        if (!known.has(code))
          details.push({
            field,
            code: 'AGENCY_NOT_FOUND',
            message: `agency ${code} does not exist`,
            messageVi: `Không có cơ quan mã ${code}`,
          });
    }
    (input.taxCodes ?? []).forEach((t, i) => {
      const r = parseTaxCode(t);
      if (!r.ok)
        details.push({
          field: `scope.taxCodes[${i}]`,
          code: r.code,
          message: r.message.en,
          messageVi: r.message.vi,
        });
    });
    if (details.length > 0)
      throw new InvalidInputError(
        'VALIDATION_FAILED',
        `Invalid meeting: ${details.map((d) => `${d.field} (${d.message})`).join('; ')}`,
        details,
      );
  }
}

function staleRevision(id: string, current: number): StateConflictError {
  return new StateConflictError(
    'STALE_REVISION',
    `Meeting ${id} is at revision ${current}; reload and retry`,
    [{ field: 'revision', code: 'STALE_REVISION', message: `current revision is ${current}` }],
  );
}

function alreadyDecided(conflictId: string): StateConflictError {
  return new StateConflictError(
    'ALREADY_DECIDED',
    `The meeting already decided on conflict ${conflictId}`,
    [{ field: 'conflictId', code: 'ALREADY_DECIDED', message: 'one decision per agenda item' }],
  );
}
