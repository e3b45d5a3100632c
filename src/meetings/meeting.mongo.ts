import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import {
  AgendaDecision,
  DECIDING_STATUSES,
  Meeting,
  MEETING_STATUSES,
  MeetingFilter,
  MeetingRepository,
} from './meeting';

type StoredMeeting = Omit<Meeting, 'id'> & { _id: string };

export const MeetingSchema = new Schema(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    place: { type: String, required: true },
    chair: { type: String, required: true },
    agencyCodes: { type: [String], default: [] },
    scope: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: MEETING_STATUSES },
    agenda: { type: [Schema.Types.Mixed], default: [] },
    attendees: { type: [String], default: [] },
    notes: String,
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'meetings', versionKey: false, minimize: false },
);
// GET /meetings?year=&status= (newest first).
MeetingSchema.index({ 'scope.year': 1, status: 1, start: -1 });
// GET /meetings?year= (newest first, any status).
MeetingSchema.index({ 'scope.year': 1, start: -1 });
// streamBetween (the meetings calendar feed): start < to, end > from, by start.
MeetingSchema.index({ start: 1, end: 1 });
// GET /meetings for an officer or approver: the meetings touching its agencies.
MeetingSchema.index({ agencyCodes: 1, start: -1 });
MeetingSchema.index({ 'scope.agencyCodes': 1, start: -1 });

function fromStored(doc: StoredMeeting): Meeting {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

@Injectable()
export class MongoMeetingRepository extends MeetingRepository {
  constructor(@InjectModel('Meeting') private readonly meetings: Model<StoredMeeting>) {
    super();
  }

  async insert(meeting: Meeting): Promise<void> {
    const { id, ...rest } = meeting;
    await this.meetings.create({ _id: id, ...rest });
  }

  async findById(id: string): Promise<Meeting | null> {
    const doc = await this.meetings.findById(id).lean<StoredMeeting>().exec();
    return doc ? fromStored(doc) : null;
  }

  async search(filter: MeetingFilter, skip: number, limit: number) {
    const q: Record<string, unknown> = {};
    if (filter.year !== undefined) q['scope.year'] = filter.year;
    if (filter.status) q.status = filter.status;
    if (filter.touchingAnyOf) {
      const any = { $in: filter.touchingAnyOf };
      q.$or = [{ agencyCodes: any }, { 'scope.agencyCodes': any }];
    }
    const [docs, total] = await Promise.all([
      this.meetings
        .find(q)
        .sort({ start: -1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<StoredMeeting[]>()
        .exec(),
      this.meetings.countDocuments(q),
    ]);
    return { items: docs.map(fromStored), total };
  }

  async *streamBetween(from: Date, to: Date): AsyncIterable<Meeting> {
    const cursor = this.meetings
      .find({ start: { $lt: to }, end: { $gt: from } })
      .sort({ start: 1, _id: 1 })
      .lean<StoredMeeting>()
      .cursor({ batchSize: 500 });
    for await (const doc of cursor) yield fromStored(doc as StoredMeeting);
  }

  async updateIfRevision(
    id: string,
    revision: number,
    changes: Partial<Meeting>,
  ): Promise<Meeting | null> {
    const { id: _ignored, ...set } = changes;
    const doc = await this.meetings
      .findOneAndUpdate({ _id: id, revision }, { $set: set }, { returnDocument: 'after' })
      .lean<StoredMeeting>()
      .exec();
    return doc ? fromStored(doc) : null;
  }

  async recordDecision(
    id: string,
    conflictId: string,
    decision: AgendaDecision,
    at: Date,
  ): Promise<Meeting | null> {
    const doc = await this.meetings
      .findOneAndUpdate(
        {
          _id: id,
          status: { $in: DECIDING_STATUSES },
          agenda: { $elemMatch: { conflictId, decision: { $exists: false } } },
        },
        { $set: { 'agenda.$.decision': decision, updatedAt: at }, $inc: { revision: 1 } },
        { returnDocument: 'after' },
      )
      .lean<StoredMeeting>()
      .exec();
    return doc ? fromStored(doc) : null;
  }
}
