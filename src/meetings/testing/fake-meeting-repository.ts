import { touchesAny } from '../../identity/authorization/agency-scope';
import {
  AgendaDecision,
  DECIDING_STATUSES,
  Meeting,
  meetingAgencies,
  MeetingFilter,
  MeetingRepository,
} from '../meeting';

const copy = <T>(v: T): T => structuredClone(v);

/** Meetings in a map by id, with the same revision and decision guards as the database. */
export class FakeMeetingRepository extends MeetingRepository {
  readonly rows = new Map<string, Meeting>();
  /** Set to make the next guarded update lose a race (as if someone wrote meanwhile). */
  loseNextRace = false;

  async insert(meeting: Meeting): Promise<void> {
    this.rows.set(meeting.id, copy(meeting));
  }

  async findById(id: string): Promise<Meeting | null> {
    const m = this.rows.get(id);
    return m ? copy(m) : null;
  }

  async search(
    filter: MeetingFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: Meeting[]; total: number }> {
    const all = [...this.rows.values()]
      .filter((m) => filter.year === undefined || m.scope.year === filter.year)
      .filter((m) => filter.status === undefined || m.status === filter.status)
      .filter((m) => touchesAny(meetingAgencies(m), filter.touchingAnyOf))
      .sort((a, b) => b.start.getTime() - a.start.getTime());
    return { items: all.slice(skip, skip + limit).map(copy), total: all.length };
  }

  async *streamBetween(from: Date, to: Date): AsyncIterable<Meeting> {
    const hits = [...this.rows.values()]
      .filter((m) => m.start < to && m.end > from)
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    for (const m of hits) yield copy(m);
  }

  async updateIfRevision(
    id: string,
    revision: number,
    changes: Partial<Meeting>,
  ): Promise<Meeting | null> {
    const m = this.rows.get(id);
    if (this.loseNextRace) {
      this.loseNextRace = false;
      return null;
    }
    if (!m || m.revision !== revision) return null;
    const next = { ...m, ...copy(changes) };
    this.rows.set(id, next);
    return copy(next);
  }

  async recordDecision(
    id: string,
    conflictId: string,
    decision: AgendaDecision,
    at: Date,
  ): Promise<Meeting | null> {
    const m = this.rows.get(id);
    const item = m?.agenda.find((a) => a.conflictId === conflictId && !a.decision);
    if (!m || !item || !DECIDING_STATUSES.includes(m.status)) return null;
    item.decision = copy(decision);
    m.updatedAt = at;
    m.revision += 1;
    return copy(m);
  }
}
