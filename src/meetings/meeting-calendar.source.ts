import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { MeetingCalendarSource } from '../feeds/feed-events.service';
import type { MeetingCalendarView } from '../feeds/calendar';
import { MeetingRepository } from './meeting';

/** Meetings as the calendar feeds read them. */
@Injectable()
export class MeetingCalendarSourceImpl extends MeetingCalendarSource {
  constructor(
    private readonly meetings: MeetingRepository,
    private readonly agencies: AgencyRepository,
  ) {
    super();
  }

  async *meetingsBetween(from: Date, to: Date): AsyncIterable<MeetingCalendarView> {
    const names = new Map((await this.agencies.list({})).map((a) => [a.code, a.name]));
    for await (const m of this.meetings.streamBetween(from, to)) {
      yield {
        id: m.id,
        title: m.title,
        start: m.start,
        end: m.end,
        place: m.place,
        chair: m.chair,
        agencies: m.agencyCodes.map((code) => ({ code, name: names.get(code) ?? code })),
        agendaCount: m.agenda.length,
        revision: m.revision,
        createdAt: m.createdAt,
        updatedAt: m.updatedAt,
        cancelled: m.status === 'cancelled',
      };
    }
  }
}
