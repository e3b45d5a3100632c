import type { ResolutionKind } from '../conflicts/conflict';

export const MEETING_STATUSES = ['planned', 'held', 'closed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_STATUS_LABEL_VI: Record<MeetingStatus, string> = {
  planned: 'Dự kiến',
  held: 'Đã họp',
  closed: 'Đã kết thúc',
  cancelled: 'Đã hủy',
};

/** Which status may follow which: a closed or cancelled meeting is final. */
export const NEXT_MEETING_STATUSES: Record<MeetingStatus, MeetingStatus[]> = {
  planned: ['held', 'cancelled'],
  held: ['closed'],
  closed: [],
  cancelled: [],
};

export interface MeetingScope {
  year: number;
  /** Only conflicts involving one of these agencies. */
  agencyCodes?: string[];
  /** Only conflicts of these (parent) enterprises. */
  taxCodes?: string[];
}

/** Statuses in which the meeting still takes decisions. */
export const DECIDING_STATUSES: MeetingStatus[] = ['planned', 'held'];

/** What the meeting decided on one agenda item, as the minutes print it. */
export interface AgendaDecision {
  resolution: ResolutionKind;
  /** The decision in Vietnamese, inspections named by type, agency and window. */
  summary: string;
  legalBasis?: string;
  evidence?: string;
  decidedBy: string;
  decidedAt: Date;
}

/** One conflict on the agenda: a snapshot of its id taken when the agenda was made. */
export interface AgendaItem {
  conflictId: string;
  /** 1-based, by enterprise (tax code) then rule at creation; refreshed items go last. */
  order: number;
  decision?: AgendaDecision;
}

/** A coordination meeting (cuộc họp phối hợp): one decision per conflict on its agenda. */
export interface Meeting {
  id: string;
  title: string;
  start: Date;
  end: Date;
  place: string;
  chair: string;
  agencyCodes: string[];
  scope: MeetingScope;
  status: MeetingStatus;
  agenda: AgendaItem[];
  attendees: string[];
  notes?: string;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
}

export interface MeetingFilter {
  year?: number;
  status?: MeetingStatus;
  /** Meetings inviting, or scoped to, any of these agencies (an agency-scoped reader's). */
  touchingAnyOf?: string[];
}

/** The agencies a meeting touches: those invited and those its scope names. */
export function meetingAgencies(meeting: Pick<Meeting, 'agencyCodes' | 'scope'>): string[] {
  return [...meeting.agencyCodes, ...(meeting.scope.agencyCodes ?? [])];
}

export abstract class MeetingRepository {
  abstract insert(meeting: Meeting): Promise<void>;
  abstract findById(id: string): Promise<Meeting | null>;
  abstract search(
    filter: MeetingFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: Meeting[]; total: number }>;
  /**
   * Meetings whose time range [start, end) meets [from, to), by start (lean cursor, never an
   * array): what the meetings calendar feed lists. Cancelled ones included (STATUS:CANCELLED).
   */
  abstract streamBetween(from: Date, to: Date): AsyncIterable<Meeting>;
  /** Applies `changes` only if the stored revision is still `revision`. */
  abstract updateIfRevision(
    id: string,
    revision: number,
    changes: Partial<Meeting>,
  ): Promise<Meeting | null>;
  /**
   * Records a decision on an agenda item that has none yet, while the meeting still decides
   * (planned or held); null otherwise. Bumps the revision.
   */
  abstract recordDecision(
    id: string,
    conflictId: string,
    decision: AgendaDecision,
    at: Date,
  ): Promise<Meeting | null>;
}
