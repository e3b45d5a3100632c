import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { AuditTrail, diffFields } from '../audit/audit';
import {
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../common/errors/domain-errors';
import { Page } from '../common/http/pagination';
import { Clock } from '../common/time/clock';
import { Conflict, Resolution } from '../conflicts/conflict';
import { ConflictRepository } from '../conflicts/conflict.repository';
import { ConflictsService } from '../conflicts/conflicts.service';
import { parseTaxCode } from '../domain/tax-code';
import {
  AgendaDecision,
  AgendaItem,
  Meeting,
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
  conflict: Pick<
    Conflict,
    | 'id'
    | 'ruleId'
    | 'rulebook'
    | 'severity'
    | 'status'
    | 'taxCode'
    | 'enterpriseName'
    | 'year'
    | 'inspectionIds'
    | 'explanation'
    | 'legalBasis'
  > | null;
}

export type MeetingView = Omit<Meeting, 'agenda'> & { agenda: AgendaItemView[] };

const WINDOW_VI = (w?: { from: string; to: string }) =>
  w ? `${w.from.split('-').reverse().join('/')}–${w.to.split('-').reverse().join('/')}` : '';

/** The decision in words people read in the minutes. */
export function decisionSummaryVi(r: Omit<Resolution, 'decidedBy' | 'decidedAt'>): string {
  switch (r.kind) {
    case 'merge':
      return `Gộp thành một cuộc liên ngành (giữ cuộc ${r.keepInspectionId}${r.window ? `, thời gian ${WINDOW_VI(r.window)}` : ''})`;
    case 'reschedule':
      return `Điều chỉnh thời gian cuộc ${r.inspectionId} sang ${WINDOW_VI(r.window)}`;
    case 'cancel':
      return `Hủy cuộc ${r.inspectionId}${r.reason ? `. Lý do: ${r.reason}` : ''}`;
    case 'exempt':
      return `Miễn trừ. Căn cứ: ${r.legalBasis ?? ''}${r.evidence ? `. Chứng cứ: ${r.evidence}` : ''}`;
    case 'switch-to-remote':
      return `Chuyển cuộc ${r.inspectionId} sang hình thức kiểm tra từ xa`;
    case 'switch-to-kiem-tra':
      return `Chuyển cuộc ${r.inspectionId} thành kiểm tra`;
  }
}

@Injectable()
export class MeetingsService {
  constructor(
    private readonly meetings: MeetingRepository,
    private readonly conflicts: ConflictRepository,
    private readonly conflictsService: ConflictsService,
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateMeetingDto, actor: string): Promise<MeetingView> {
    await this.checkInput(
      input.start,
      input.end,
      [...input.agencyCodes, ...(input.scope.agencyCodes ?? [])],
      input.scope.taxCodes,
    );
    const now = this.clock.now();
    const scope: MeetingScope = {
      year: input.scope.year,
      ...(input.scope.agencyCodes?.length && { agencyCodes: input.scope.agencyCodes }),
      ...(input.scope.taxCodes?.length && {
        taxCodes: input.scope.taxCodes.map((t) => (parseTaxCode(t) as { parent: string }).parent),
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
    await this.audit.record({
      entityType: 'meeting',
      entityId: meeting.id,
      action: 'created',
      actor,
      note: `${meeting.agenda.length} agenda items`,
    });
    return this.view(meeting);
  }

  async list(query: ListMeetingsQuery): Promise<Page<Meeting>> {
    const { items, total } = await this.meetings.search(
      { year: query.year, status: query.status },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<MeetingView> {
    return this.view(await this.find(id));
  }

  async update(id: string, input: UpdateMeetingDto, actor: string): Promise<MeetingView> {
    const before = await this.find(id);
    if (before.revision !== input.revision) {
      throw new StateConflictError(
        'STALE_REVISION',
        `Meeting ${id} is at revision ${before.revision}, not ${input.revision}`,
        [
          {
            field: 'revision',
            code: 'STALE_REVISION',
            message: `current revision is ${before.revision}`,
          },
        ],
      );
    }
    const { revision: _r, ...changes } = input;
    if (
      changes.status &&
      changes.status !== before.status &&
      !NEXT_MEETING_STATUSES[before.status].includes(changes.status)
    ) {
      throw new RuleViolationError(
        'INVALID_MEETING_TRANSITION',
        `A ${before.status} meeting cannot become ${changes.status}`,
        [
          {
            field: 'status',
            code: 'INVALID_MEETING_TRANSITION',
            message: `allowed from ${before.status}: ${NEXT_MEETING_STATUSES[before.status].join(', ') || 'none'}`,
          },
        ],
      );
    }
    if (changes.start || changes.end)
      await this.checkInput(
        changes.start ?? before.start,
        changes.end ?? before.end,
        [],
        undefined,
      );
    const defined = Object.fromEntries(
      Object.entries(changes).filter(([, v]) => v !== undefined),
    ) as Partial<Meeting>;
    const saved = await this.meetings.updateIfRevision(id, before.revision, {
      ...defined,
      revision: before.revision + 1,
      updatedAt: this.clock.now(),
      updatedBy: actor,
    });
    if (!saved)
      throw new StateConflictError(
        'STALE_REVISION',
        `Meeting ${id} changed meanwhile; reload and retry`,
      );
    const diff = diffFields(before as never, saved as never, [
      'title',
      'start',
      'end',
      'place',
      'chair',
      'attendees',
      'notes',
      'status',
    ]);
    await this.audit.record({
      entityType: 'meeting',
      entityId: id,
      action: 'updated',
      actor,
      changes: diff,
    });
    return this.view(saved);
  }

  /** Adds conflicts opened since the agenda was made (while the meeting is not over). */
  async refreshAgenda(id: string, actor: string): Promise<MeetingView> {
    const meeting = await this.find(id);
    this.assertOpen(meeting);
    const present = new Set(meeting.agenda.map((a) => a.conflictId));
    const added = (await this.openConflictsIn(meeting.scope)).filter((c) => !present.has(c));
    if (added.length === 0) return this.view(meeting);
    const agenda = [
      ...meeting.agenda,
      ...added.map((conflictId, i) => ({ conflictId, order: meeting.agenda.length + i + 1 })),
    ];
    const saved = await this.meetings.updateIfRevision(id, meeting.revision, {
      agenda,
      revision: meeting.revision + 1,
      updatedAt: this.clock.now(),
      updatedBy: actor,
    });
    if (!saved)
      throw new StateConflictError('STALE_REVISION', `Meeting ${id} changed meanwhile; retry`);
    return this.view(saved);
  }

  /** One decision per agenda item: applied to the conflict (and its inspections), then minuted. */
  async decide(id: string, input: MeetingDecisionDto, actor: string) {
    const meeting = await this.find(id);
    this.assertOpen(meeting);
    const item = meeting.agenda.find((a) => a.conflictId === input.conflictId);
    if (!item) {
      throw new RuleViolationError(
        'NOT_ON_AGENDA',
        `Conflict ${input.conflictId} is not on this meeting's agenda`,
        [
          {
            field: 'conflictId',
            code: 'NOT_ON_AGENDA',
            message: 'refresh the agenda or choose an agenda item',
          },
        ],
      );
    }
    if (item.decision)
      throw new StateConflictError(
        'ALREADY_DECIDED',
        `The meeting already decided on conflict ${input.conflictId}`,
      );
    const { conflictId, ...resolution } = input;
    const result = await this.conflictsService.resolve(conflictId, resolution, actor, meeting.id);
    const decided = result.conflict.resolution!;
    const decision: AgendaDecision = {
      resolution: decided.kind,
      summary: decisionSummaryVi(decided),
      ...(decided.legalBasis && { legalBasis: decided.legalBasis }),
      decidedBy: actor,
      decidedAt: this.clock.now(),
    };
    const saved = await this.meetings.recordDecision(id, conflictId, decision, this.clock.now());
    if (!saved)
      throw new StateConflictError(
        'ALREADY_DECIDED',
        `The meeting already decided on conflict ${conflictId}`,
      );
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

  async find(id: string): Promise<Meeting> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new NotFoundError('Meeting', id);
    return meeting;
  }

  async view(meeting: Meeting): Promise<MeetingView> {
    const conflicts = new Map(
      (await this.conflicts.findByIds(meeting.agenda.map((a) => a.conflictId))).map((c) => [
        c.id,
        c,
      ]),
    );
    return {
      ...meeting,
      agenda: meeting.agenda.map((item) => {
        const c = conflicts.get(item.conflictId);
        return {
          ...item,
          conflict: c
            ? {
                id: c.id,
                ruleId: c.ruleId,
                rulebook: c.rulebook,
                severity: c.severity,
                status: c.status,
                taxCode: c.taxCode,
                enterpriseName: c.enterpriseName,
                year: c.year,
                inspectionIds: c.inspectionIds,
                explanation: c.explanation,
                legalBasis: c.legalBasis,
              }
            : null,
        };
      }),
    };
  }

  private assertOpen(meeting: Meeting): void {
    if (meeting.status === 'closed' || meeting.status === 'cancelled') {
      throw new RuleViolationError('MEETING_NOT_OPEN', `The meeting is ${meeting.status}`);
    }
  }

  /** Open conflicts of the scope, ordered by enterprise then rule: the agenda. */
  private async openConflictsIn(scope: MeetingScope): Promise<string[]> {
    const agencies = scope.agencyCodes ? new Set(scope.agencyCodes) : undefined;
    const parents = scope.taxCodes ? new Set(scope.taxCodes) : undefined;
    const found: Conflict[] = [];
    for await (const c of this.conflicts.stream({ year: scope.year, status: 'open' })) {
      if (agencies && !c.agencyCodes.some((a) => agencies.has(a))) continue;
      if (parents && !parents.has(c.taxCode)) continue;
      found.push(c);
    }
    found.sort((a, b) =>
      a.taxCode !== b.taxCode
        ? a.taxCode < b.taxCode
          ? -1
          : 1
        : a.ruleId < b.ruleId
          ? -1
          : a.ruleId > b.ruleId
            ? 1
            : a.id < b.id
              ? -1
              : 1,
    );
    return found.map((c) => c.id);
  }

  private async checkInput(
    start: Date,
    end: Date,
    agencyCodes: string[],
    taxCodes: string[] | undefined,
  ): Promise<void> {
    const details: { field: string; code: string; message: string }[] = [];
    if (end.getTime() <= start.getTime())
      details.push({
        field: 'end',
        code: 'END_NOT_AFTER_START',
        message: 'end must be after start',
      });
    const wanted = [...new Set(agencyCodes)];
    if (wanted.length > 0) {
      const known = new Set((await this.agencies.findByCodes(wanted)).map((a) => a.code));
      wanted
        .filter((c) => !known.has(c))
        .forEach((c) =>
          details.push({
            field: 'agencyCodes',
            code: 'AGENCY_NOT_FOUND',
            message: `agency ${c} does not exist`,
          }),
        );
    }
    (taxCodes ?? []).forEach((t, i) => {
      const r = parseTaxCode(t);
      if (!r.ok)
        details.push({ field: `scope.taxCodes[${i}]`, code: r.code, message: r.message.en });
    });
    if (details.length > 0)
      throw new InvalidInputError(
        'VALIDATION_FAILED',
        `Invalid meeting: ${details.map((d) => `${d.field} (${d.message})`).join('; ')}`,
        details,
      );
  }
}
