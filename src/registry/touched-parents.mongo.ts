import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { Claim, TouchedParents, TouchedParentsOutbox, UnfinishedWrite } from './parents-changed';

interface TouchedParentsDoc {
  _id: string;
  parentTaxCodes: string[];
  actor: string;
  at: Date;
  unfinished?: UnfinishedWrite;
  claimedAt?: Date;
}

export const TouchedParentsSchema = new Schema<TouchedParentsDoc>(
  {
    _id: String,
    parentTaxCodes: { type: [String], required: true },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    // The rest of a write of several steps, as its feature wrote it (see UnfinishedWrite).
    unfinished: { type: Schema.Types.Mixed, required: false },
    // Set once by the undo that took the unfinished write from its silent writer.
    claimedAt: { type: Date, required: false },
  },
  { collection: 'touched_parents', versionKey: false, minimize: false },
);
// The sweep of leftovers: entries announced before an instant, oldest first.
TouchedParentsSchema.index({ at: 1 });

@Injectable()
export class MongoTouchedParentsOutbox extends TouchedParentsOutbox {
  constructor(@InjectModel('TouchedParents') private readonly entries: Model<TouchedParentsDoc>) {
    super();
  }

  async add(entry: TouchedParents): Promise<void> {
    // Acknowledged (journalled) before the caller's registry write starts.
    await this.entries.create({
      _id: entry.id,
      parentTaxCodes: entry.parentTaxCodes,
      actor: entry.actor,
      at: entry.at,
      ...(entry.unfinished && { unfinished: entry.unfinished }),
    });
  }

  async remove(id: string): Promise<void> {
    await this.entries.deleteOne({ _id: id }).exec();
  }

  async settle(id: string): Promise<boolean> {
    const r = await this.entries
      .updateOne({ _id: id, claimedAt: { $exists: false } }, { $unset: { unfinished: 1 } })
      .exec();
    return r.matchedCount === 1;
  }

  async refresh(id: string, at: Date): Promise<boolean> {
    const r = await this.entries
      .updateOne({ _id: id, claimedAt: { $exists: false } }, { $set: { at } })
      .exec();
    return r.matchedCount === 1;
  }

  async claim(id: string, quietBefore: Date, now: Date): Promise<Claim | undefined> {
    // The filter is the whole decision: a refresh or settle between the sweep's read and
    // this update makes it match nothing.
    const taken = await this.entries
      .updateOne(
        {
          _id: id,
          unfinished: { $exists: true },
          claimedAt: { $exists: false },
          at: { $lt: quietBefore },
        },
        { $set: { claimedAt: now } },
      )
      .exec();
    if (taken.matchedCount === 1) return { claimedAt: now, first: true };
    const before = await this.entries
      .findOne({ _id: id, unfinished: { $exists: true }, claimedAt: { $exists: true } })
      .lean<TouchedParentsDoc>()
      .exec();
    return before?.claimedAt ? { claimedAt: before.claimedAt, first: false } : undefined;
  }

  async leftovers(before: Date, limit: number): Promise<TouchedParents[]> {
    const docs = await this.entries
      .find({ at: { $lt: before } })
      .sort({ at: 1 })
      .limit(limit)
      .lean<TouchedParentsDoc[]>()
      .exec();
    return docs.map((d) => ({
      id: d._id,
      parentTaxCodes: d.parentTaxCodes,
      actor: d.actor,
      at: d.at,
      ...(d.unfinished && { unfinished: d.unfinished }),
      ...(d.claimedAt && { claimedAt: d.claimedAt }),
    }));
  }
}
