import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import { Model, Schema } from 'mongoose';
import { ANY_SCOPE, bumpDataVersion, SCOPED_WRITE } from '../common/data-versions/data-versions';
import {
  CONFLICT_STATUSES,
  Conflict,
  ConflictFilter,
  ConflictHistoryEntry,
  Resolution,
} from './conflict';
import {
  ConflictClosing,
  ConflictRepository,
  DetectionStamp,
  OpenConflictState,
} from './conflict.repository';
import type { DetectedConflict } from './engine';

type StoredConflict = Omit<Conflict, 'id'> & { _id: string; factsHash?: string };

export const ConflictSchema = new Schema(
  {
    _id: { type: String, required: true },
    ruleId: { type: String, required: true },
    family: { type: String, required: true },
    rulebook: { type: Schema.Types.Mixed, required: true },
    severity: { type: String, required: true },
    taxCode: { type: String, required: true },
    enterpriseName: String,
    year: { type: Number, required: true },
    inspectionIds: { type: [String], required: true },
    agencyCodes: { type: [String], default: [] },
    facts: { type: Schema.Types.Mixed, required: true },
    explanation: { type: Schema.Types.Mixed, required: true },
    legalBasis: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: CONFLICT_STATUSES },
    resolution: { type: Schema.Types.Mixed, default: undefined },
    closure: { type: Schema.Types.Mixed, default: undefined },
    history: { type: [Schema.Types.Mixed], default: [] },
    revision: { type: Number, required: true },
    firstDetectedAt: { type: Date, required: true },
    lastDetectedAt: { type: Date, required: true },
    lastDetectedMs: { type: Number, required: true },
    factsHash: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'conflicts', versionKey: false, minimize: false },
);
// GET /conflicts?year=&status=&rule= and the re-scan's sweep of parents with open conflicts.
ConflictSchema.index({ year: 1, status: 1, ruleId: 1 });
// GET /conflicts?year= pages in the list's order (year desc, taxCode, _id): mongod walks the
// index to the page instead of sorting every conflict of the year.
ConflictSchema.index({ year: -1, taxCode: 1, _id: 1 });
// Write-time checks and GET /enterprises/:taxCode: every conflict of a parent.
ConflictSchema.index({ taxCode: 1, status: 1 });
// GET /conflicts?agencyCode= and an agency's conflict feed.
ConflictSchema.index({ agencyCodes: 1, year: 1, status: 1 });
// Notification digests: the conflicts of an agency changed since a time.
ConflictSchema.index({ agencyCodes: 1, updatedAt: 1 });
// Notification digests: the province's conflicts changed since a time.
ConflictSchema.index({ updatedAt: 1 });

function fromStored(doc: StoredConflict): Conflict {
  const { _id, factsHash: _hash, ...rest } = doc;
  return { id: _id, ...rest };
}

function toQuery(filter: ConflictFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (filter.year !== undefined) q.year = filter.year;
  if (filter.status) q.status = filter.status;
  if (filter.ruleId) q.ruleId = filter.ruleId;
  if (filter.family) q.family = filter.family;
  if (filter.agencyCode || filter.agencyCodes) {
    // Both may be given: the asked agency, within the reader's own.
    q.agencyCodes = {
      ...(filter.agencyCode && { $all: [filter.agencyCode] }),
      ...(filter.agencyCodes && { $in: filter.agencyCodes }),
    };
  }
  if (filter.taxCode) q.taxCode = filter.taxCode;
  if (filter.severity) q.severity = filter.severity;
  return q;
}

function detectedFields(
  c: DetectedConflict,
  stamp: DetectionStamp,
  enterpriseName: string | undefined,
) {
  return {
    ruleId: c.ruleId,
    family: c.family,
    rulebook: c.rulebook,
    severity: c.severity,
    taxCode: c.taxCode,
    ...(enterpriseName && { enterpriseName }),
    year: c.year,
    inspectionIds: c.inspectionIds,
    agencyCodes: c.facts.agencyCodes,
    facts: c.facts,
    explanation: c.explanation,
    legalBasis: c.legalBasis,
    lastDetectedAt: stamp.at,
    lastDetectedMs: stamp.ms,
    factsHash: factsHashOf(c, enterpriseName),
  };
}

/** Whether a re-detection changed anything people read (so SEQUENCE bumps only then). */
function factsHashOf(c: DetectedConflict, enterpriseName: string | undefined): string {
  return createHash('sha1')
    .update(
      JSON.stringify([
        c.severity,
        c.facts,
        c.explanation,
        c.legalBasis,
        c.rulebook,
        enterpriseName,
      ]),
    )
    .digest('base64url');
}

/** The conflict feeds (by agency) a write of conflicts of these agencies changes. */
function agencyScopes(codes: Iterable<string>): string[] {
  return [...new Set(codes)].map((c) => `agency:${c}`);
}

@Injectable()
export class MongoConflictRepository extends ConflictRepository {
  constructor(@InjectModel('Conflict') private readonly conflicts: Model<StoredConflict>) {
    super();
  }

  async upsertDetected(
    detected: DetectedConflict[],
    stamp: DetectionStamp,
    names: Map<string, string>,
    {
      touchUnchanged = true,
      open = [],
    }: { touchUnchanged?: boolean; open?: readonly OpenConflictState[] } = {},
  ): Promise<number> {
    if (detected.length === 0) return 0;
    let opened = 0;
    const entry = (action: ConflictHistoryEntry['action']): ConflictHistoryEntry => ({
      at: stamp.at,
      actor: stamp.actor,
      action,
    });
    // The open ones were just read by the caller; only the others (new, closed, decided)
    // are looked up, so a re-scan that changes nothing reads each conflict once.
    const stored = new Map<string, { status: string; factsHash?: string; agencyCodes?: string[] }>(
      open.map((o) => [
        o.id,
        { status: 'open', factsHash: o.factsHash, agencyCodes: o.agencyCodes },
      ]),
    );
    const unknown = detected.filter((c) => !stored.has(c.id)).map((c) => c.id);
    if (unknown.length > 0) {
      const found = await this.raw
        .find<{ _id: string; status: string; factsHash?: string; agencyCodes?: string[] }>(
          { _id: { $in: unknown } },
          { projection: { status: 1, factsHash: 1, agencyCodes: 1 } },
        )
        .toArray();
      for (const d of found) stored.set(d._id, d);
    }
    const ops: unknown[] = [];
    const stillOpen: string[] = [];
    /** The conflict feeds that show a change (a touch of lastDetected* shows none). */
    const agencies = new Set<string>();
    for (const c of detected) {
      const fields = detectedFields(c, stamp, names.get(c.taxCode));
      const current = stored.get(c.id);
      if (!current || current.status === 'closed' || current.factsHash !== fields.factsHash) {
        for (const a of fields.agencyCodes) agencies.add(`agency:${a}`);
        // The agencies it showed to: unknown, every conflict feed.
        for (const a of current ? (current.agencyCodes ?? [ANY_SCOPE]) : [])
          agencies.add(a === ANY_SCOPE ? a : `agency:${a}`);
      }
      if (!current) {
        opened++;
        // A concurrent check of the same enterprise inserting it too meets on the _id: the
        // loser's duplicate-key error means it exists (see bulk), as an upsert would find.
        ops.push({
          insertOne: {
            document: {
              _id: c.id,
              ...fields,
              status: 'open',
              history: [entry('detected')],
              revision: 1,
              firstDetectedAt: stamp.at,
              createdAt: stamp.at,
              updatedAt: stamp.at,
            },
          },
        });
      } else if (current.status === 'closed') {
        opened++;
        ops.push({
          updateOne: {
            filter: { _id: c.id, status: 'closed' },
            update: {
              $set: { ...fields, status: 'open', updatedAt: stamp.at },
              $unset: { closure: '' },
              $push: { history: entry('reopened') },
              $inc: { revision: 1 },
            },
          },
        });
      } else if (current.status === 'open') {
        if (current.factsHash === fields.factsHash) stillOpen.push(c.id);
        else {
          ops.push({
            updateOne: {
              filter: { _id: c.id, status: 'open' },
              update: { $set: { ...fields, updatedAt: stamp.at }, $inc: { revision: 1 } },
            },
          });
        }
      }
      // resolved / exempted: the meeting's decision stands.
    }
    if (stillOpen.length > 0 && touchUnchanged) {
      ops.push({
        updateMany: {
          filter: { _id: { $in: stillOpen }, status: 'open' },
          update: { $set: { lastDetectedAt: stamp.at, lastDetectedMs: stamp.ms } },
        },
      });
    }
    if (ops.length > 0) await this.bulk(ops, [...agencies]);
    return opened;
  }

  /** The driver's collection: hot detection reads skip mongoose's casting and hydration. */
  private get raw(): Collection<StoredConflict> {
    return this.conflicts.collection as unknown as Collection<StoredConflict>;
  }

  async closeIfStale(
    closings: ConflictClosing[],
    readStartedMs: number,
    stamp: DetectionStamp,
  ): Promise<number> {
    if (closings.length === 0) return 0;
    const ops = closings.map((c) => ({
      updateOne: {
        filter: { _id: c.id, status: 'open', lastDetectedMs: { $lt: readStartedMs } },
        update: {
          $set: {
            status: 'closed',
            closure: { reason: c.reason, explanation: c.explanation, at: stamp.at },
            updatedAt: stamp.at,
          },
          $push: {
            history: { at: stamp.at, actor: stamp.actor, action: 'closed', note: c.explanation.en },
          },
          $inc: { revision: 1 },
        },
      },
    }));
    // Through the driver, scoped to the agencies of the conflicts closed.
    const shown = await this.raw
      .find({ _id: { $in: closings.map((c) => c.id) } }, { projection: { agencyCodes: 1 } })
      .toArray();
    const result = await this.raw.bulkWrite(ops as never, { ordered: false });
    if (result.modifiedCount > 0)
      await bumpDataVersion(this.conflicts, agencyScopes(shown.flatMap((d) => d.agencyCodes)));
    return result.modifiedCount;
  }

  /**
   * Through the driver: the documents are built here from the engine's output, so mongoose's
   * per-operation casting (a model instance per insert) buys nothing; the data version is
   * bumped as the mongoose hook would.
   */
  private async bulk(ops: unknown[], scopes: string[]): Promise<void> {
    try {
      await this.raw.bulkWrite(ops as never, { ordered: false });
    } catch (error) {
      // Two checks inserting one new conflict: the loser's E11000 means it exists. Fine.
      const writeErrors = (error as { writeErrors?: Array<{ code?: number }> }).writeErrors ?? [];
      if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw error;
    } finally {
      await bumpDataVersion(this.conflicts, scopes);
    }
  }

  async findOpenByParents(parentTaxCodes: string[], year?: number): Promise<OpenConflictState[]> {
    // Served by {taxCode, status}; only what the diff and the facts comparison read.
    const docs = await this.raw
      .find<Omit<OpenConflictState, 'id'> & { _id: string }>(
        { taxCode: { $in: parentTaxCodes }, status: 'open', ...(year !== undefined && { year }) },
        {
          projection: {
            ruleId: 1,
            taxCode: 1,
            year: 1,
            inspectionIds: 1,
            factsHash: 1,
            agencyCodes: 1,
          },
        },
      )
      .toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }

  async findByParents(parentTaxCodes: string[]): Promise<Conflict[]> {
    return (
      await this.conflicts
        .find({ taxCode: { $in: parentTaxCodes } })
        .sort({ year: -1, _id: 1 })
        .lean<StoredConflict[]>()
        .exec()
    ).map(fromStored);
  }

  async findByIds(ids: string[]): Promise<Conflict[]> {
    return (
      await this.conflicts
        .find({ _id: { $in: ids } })
        .lean<StoredConflict[]>()
        .exec()
    ).map(fromStored);
  }

  async findById(id: string): Promise<Conflict | null> {
    const doc = await this.conflicts.findById(id).lean<StoredConflict>().exec();
    return doc ? fromStored(doc) : null;
  }

  async search(filter: ConflictFilter, skip: number, limit: number) {
    const q = toQuery(filter);
    const [docs, total] = await Promise.all([
      this.conflicts
        .find(q)
        .sort({ year: -1, taxCode: 1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<StoredConflict[]>()
        .exec(),
      this.conflicts.countDocuments(q),
    ]);
    return { items: docs.map(fromStored), total };
  }

  async *stream(filter: ConflictFilter): AsyncIterable<Conflict> {
    for await (const doc of this.conflicts
      .find(toQuery(filter))
      .sort({ taxCode: 1, _id: 1 })
      .lean<StoredConflict>()
      .cursor({ batchSize: 1000 })) {
      yield fromStored(doc as StoredConflict);
    }
  }

  async parentsWithOpen(year: number): Promise<string[]> {
    // {year, status} leads an index; one tax code per parent (tens of thousands a year at
    // national scale: far below distinct's 16 MB answer).
    return (await this.raw.distinct('taxCode', { year, status: 'open' })) as string[];
  }

  async decide(
    id: string,
    status: 'resolved' | 'exempted',
    resolution: Resolution,
    entry: ConflictHistoryEntry,
  ): Promise<Conflict | null> {
    const doc = await this.conflicts
      .findOneAndUpdate(
        { _id: id, status: 'open' },
        {
          $set: { status, resolution, updatedAt: entry.at },
          $push: { history: entry },
          $inc: { revision: 1 },
        },
        { returnDocument: 'after', ...SCOPED_WRITE },
      )
      .lean<StoredConflict>()
      .exec();
    if (!doc) return null;
    await bumpDataVersion(this.conflicts, agencyScopes(doc.agencyCodes));
    return fromStored(doc);
  }

  async reopenUnapplied(id: string, entry: ConflictHistoryEntry): Promise<Conflict | null> {
    const doc = await this.conflicts
      .findOneAndUpdate(
        { _id: id, status: 'resolved' },
        {
          $set: { status: 'open', updatedAt: entry.at },
          $unset: { resolution: 1 },
          $push: { history: entry },
          $inc: { revision: 1 },
        },
        { returnDocument: 'after', ...SCOPED_WRITE },
      )
      .lean<StoredConflict>()
      .exec();
    if (!doc) return null;
    await bumpDataVersion(this.conflicts, agencyScopes(doc.agencyCodes));
    return fromStored(doc);
  }
}
