import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../../agencies/agencies.service';
import { Clock } from '../../common/time/clock';
import { ConflictQueriesService } from '../../conflicts/conflict-queries.service';
import { RESOLUTION_OF_SUGGESTION } from '../../conflicts/resolution/plan-resolution';
import type { Principal } from '../../identity/authentication/principal';
import { actsForEveryAgency, readableAgencies } from '../../identity/authorization/agency-scope';
import { Meeting, MEETING_STATUSES, NEXT_MEETING_STATUSES } from '../../meetings/meeting';
import {
  CreateMeetingDto,
  ListMeetingsQuery,
  MeetingDecisionDto,
  UpdateMeetingDto,
} from '../../meetings/meeting.dto';
import { type AgendaItemView, MeetingsService } from '../../meetings/meetings.service';
import { FieldErrors, fieldErrorsOf, formAs, withoutBlanks } from '../forms/form-errors';
import { filterQuery, pageOf, yearOf } from '../forms/query';
import { PageView } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';

/** Agenda items per page of the room: a year's meeting may hold a thousand conflicts. */
const AGENDA_PER_PAGE = 25;

/** "2026-12-10T08:30" typed in Vietnam → an instant with its offset, as the API takes it. */
const vnInstant = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+07:00` : v;

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,\s]+/) : [])
    .map((s) => String(s).trim())
    .filter(Boolean);

@Injectable()
export class MeetingPages {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly conflicts: ConflictQueriesService,
    private readonly agencies: AgenciesService,
    private readonly clock: Clock,
  ) {}

  async list(
    who: Principal,
    query: Record<string, unknown>,
    form?: { values: Record<string, unknown>; errors: FieldErrors },
  ): Promise<PageView> {
    const thisYear = Number(this.clock.today().slice(0, 4));
    const year = query.year === undefined ? undefined : yearOf(query.year, thisYear);
    const status = MEETING_STATUSES.find((s) => s === query.status);
    const [page, agencies] = await Promise.all([
      this.meetings.list(
        {
          year,
          status,
          page: pageOf(query.page),
          pageSize: 30,
        } as ListMeetingsQuery,
        readableAgencies(who),
      ),
      this.agencies.list(),
    ]);
    return {
      template: 'meetings.njk',
      title: 'Họp phối hợp',
      status: form ? 422 : 200,
      data: {
        page,
        filterQuery: filterQuery({ year, status }),
        mayCreate: actsForEveryAgency(who),
        agencies,
        form: form ?? { values: { year: thisYear, agencyCodes: [] }, errors: {} },
      },
    };
  }

  async create(who: Principal, body: Record<string, unknown>): Promise<PageResult> {
    const input = withoutBlanks(body);
    try {
      const dto = await formAs(CreateMeetingDto, {
        title: input.title,
        start: vnInstant(input.start),
        end: vnInstant(input.end),
        place: input.place,
        chair: input.chair,
        agencyCodes: list(body.agencyCodes),
        scope: { year: Number(input.year) },
      });
      const meeting = await this.meetings.create(dto, who.username);
      return redirectTo(`/web/meetings/${encodeURIComponent(meeting.id)}?done=created`);
    } catch (error) {
      const errors = fieldErrorsOf(error, { 'scope.year': 'year', scope: 'year' });
      return this.list(
        who,
        {},
        { values: { ...body, agencyCodes: list(body.agencyCodes) }, errors },
      );
    }
  }

  async room(
    id: string,
    who: Principal,
    query: Record<string, unknown> = {},
    form?: { conflictId: string; values: Record<string, unknown>; errors: FieldErrors },
  ): Promise<PageView> {
    // As GET /meetings/:id: an agency's reader sees the items involving its agencies (each
    // item's conflict read to know); a reader of every agency sees every item, so only the
    // items of the page shown are read with their conflicts (a year's meeting holds 1,500).
    const within = readableAgencies(who);
    const [record, agencies] = await Promise.all([
      within ? this.meetings.get(id, within) : this.meetings.find(id),
      this.agencies.list(),
    ]);
    const names = Object.fromEntries(agencies.map((a) => [a.code, a.name]));
    const deciding =
      actsForEveryAgency(who) && (record.status === 'planned' || record.status === 'held');
    // The page shown: the one holding the item just decided or refused, else the one asked.
    const focus = form?.conflictId ?? (typeof query.item === 'string' ? query.item : '');
    const at = focus ? record.agenda.findIndex((a) => a.conflictId === focus) : -1;
    const last = Math.max(1, Math.ceil(record.agenda.length / AGENDA_PER_PAGE));
    const pageNo = Math.min(
      last,
      at >= 0 ? Math.floor(at / AGENDA_PER_PAGE) + 1 : pageOf(query.page),
    );
    const slice = record.agenda.slice((pageNo - 1) * AGENDA_PER_PAGE, pageNo * AGENDA_PER_PAGE);
    const shown: AgendaItemView[] = within
      ? (slice as AgendaItemView[])
      : (await this.meetings.view({ ...(record as Meeting), agenda: slice })).agenda;
    const meeting = record;
    // The engine's suggestions for the undecided items shown, read together.
    const undecided = deciding
      ? shown.filter((a) => a.outcome === 'undecided' && a.conflict?.status === 'open')
      : [];
    const read = await this.conflicts.getMany(
      undecided.map((item) => item.conflictId),
      who,
    );
    const suggestions = Object.fromEntries(
      read.map((c) => [
        c.id,
        c.suggestions.map((s, index) => ({
          index,
          resolution: RESOLUTION_OF_SUGGESTION[s.kind],
          title: s.explanation.vi,
        })),
      ]),
    );
    // Decided in the meeting: what its record holds (the items settled elsewhere are shown as
    // such on their page).
    const decided = record.agenda.filter((a) => a.decision !== undefined).length;
    return {
      template: 'meeting.njk',
      title: meeting.title,
      status: form ? 422 : 200,
      data: {
        meeting,
        agenda: {
          items: shown,
          total: meeting.agenda.length,
          page: pageNo,
          pageSize: AGENDA_PER_PAGE,
          first: (pageNo - 1) * AGENDA_PER_PAGE,
        },
        names,
        deciding,
        progress: {
          decided,
          total: meeting.agenda.length,
          share: meeting.agenda.length ? Math.round((100 * decided) / meeting.agenda.length) : 0,
        },
        suggestions,
        nextStatuses: actsForEveryAgency(who) ? NEXT_MEETING_STATUSES[meeting.status] : [],
        notice:
          query.done === 'created'
            ? 'Đã tạo cuộc họp; chương trình gồm các chồng chéo chưa xử lý của phạm vi đã chọn.'
            : query.done === 'decided'
              ? 'Đã ghi quyết định.'
              : query.done === 'status'
                ? 'Đã cập nhật tình trạng cuộc họp.'
                : '',
        form: form ?? { conflictId: '', values: {}, errors: {} },
      },
    };
  }

  async decide(id: string, who: Principal, body: Record<string, unknown>): Promise<PageResult> {
    const input = withoutBlanks(body);
    if (typeof input.suggestion === 'string' && /^\d+$/.test(input.suggestion))
      input.suggestion = Number(input.suggestion);
    try {
      await this.meetings.decide(id, await formAs(MeetingDecisionDto, input), who.username);
    } catch (error) {
      return this.room(
        id,
        who,
        {},
        {
          conflictId: String(body.conflictId ?? ''),
          values: body,
          errors: fieldErrorsOf(error),
        },
      );
    }
    const item = encodeURIComponent(String(body.conflictId ?? ''));
    return redirectTo(
      `/web/meetings/${encodeURIComponent(id)}?done=decided&item=${item}#item-${item}`,
    );
  }

  async setStatus(id: string, who: Principal, body: Record<string, unknown>): Promise<PageResult> {
    const dto = await formAs(UpdateMeetingDto, {
      revision: Number(body.revision),
      status: body.status,
    });
    await this.meetings.update(id, dto, who.username);
    return redirectTo(`/web/meetings/${encodeURIComponent(id)}?done=status`);
  }
}
