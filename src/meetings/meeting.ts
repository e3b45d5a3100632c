import type { ResolutionKind } from '../conflicts/conflict';

export const MEETING_STATUSES = ['planned', 'held', 'closed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

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

export interface AgendaDecision {
  resolution: ResolutionKind;
  summary: string;
  legalBasis?: string;
  decidedBy: string;
  decidedAt: Date;
}

export interface AgendaItem {
  conflictId: string;
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

export abstract class MeetingRepository {
  abstract insert(meeting: Meeting): Promise<void>;
  abstract findById(id: string): Promise<Meeting | null>;
  abstract search(
    filter: { year?: number; status?: MeetingStatus },
    skip: number,
    limit: number,
  ): Promise<{ items: Meeting[]; total: number }>;
  /** Meetings whose time meets [from, to), for calendar feeds. */
  abstract streamBetween(from: Date, to: Date): AsyncIterable<Meeting>;
  /** Applies `changes` only if the stored revision is still `revision`. */
  abstract updateIfRevision(
    id: string,
    revision: number,
    changes: Partial<Meeting>,
  ): Promise<Meeting | null>;
  /** Records a decision on an agenda item that has none yet; null if it has one. */
  abstract recordDecision(
    id: string,
    conflictId: string,
    decision: AgendaDecision,
    at: Date,
  ): Promise<Meeting | null>;
}
