import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import {
  bumpDataVersion,
  inspectionScopes,
  SCOPED_WRITE,
} from '../../common/data-versions/data-versions';
import {
  INSPECTION_FORMS,
  INSPECTION_STATES,
  INSPECTION_TYPES,
  PLAN_KINDS,
  PLAN_STATUSES,
} from '../../domain/vocabulary';
import {
  DETECTION_FIELDS,
  DetectionRecord,
  Inspection,
  InspectionFilter,
  InspectionRepository,
  InspectionSortKey,
  PlanFacts,
} from './inspection';

const WindowSchema = new Schema(
  { from: { type: String, required: true }, to: { type: String, required: true } },
  { _id: false },
);

export const InspectionSchema = new Schema(
  {
    _id: { type: String, required: true },
    planId: { type: String, required: true },
    planKind: { type: String, required: true, enum: PLAN_KINDS },
    planStatus: { type: String, required: true, enum: PLAN_STATUSES },
    planDecision: {
      type: new Schema({ number: String, date: String }, { _id: false }),
      default: undefined,
    },
    agencyCode: { type: String, required: true },
    year: { type: Number, required: true },
    taxCode: { type: String, required: true },
    parentTaxCode: { type: String, required: true },
    enterpriseName: { type: String, required: true },
    type: { type: String, required: true, enum: INSPECTION_TYPES },
    form: { type: String, required: true, enum: INSPECTION_FORMS },
    field: { type: String, required: true },
    content: { type: String, required: true },
    periodUnderReview: String,
    window: { type: WindowSchema, required: true },
    durationWorkingDays: Number,
    leadAgencyCode: { type: String, required: true },
    participantAgencyCodes: { type: [String], default: [] },
    adHocEvidence: String,
    adHocScope: {
      type: new Schema(
        { fields: { type: [String], default: undefined }, window: WindowSchema },
        { _id: false },
      ),
      default: undefined,
    },
    state: { type: String, required: true, enum: INSPECTION_STATES },
    mergedInto: String,
    stateReason: String,
    notes: String,
    importKey: String,
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'inspections', versionKey: false },
);
// Rule context on every write and GET /enterprises/:taxCode: all inspections of a parent.
InspectionSchema.index({ parentTaxCode: 1, 'window.from': 1 });
// GET /plans/:id and plan transitions.
InspectionSchema.index({ planId: 1 });
// GET /inspections?year=&agencyCode= and agency feeds; re-scan of a year streams this.
InspectionSchema.index({ year: 1, agencyCode: 1, 'window.from': 1 });
// Agency feeds/conflict filters where the agency leads or takes part.
InspectionSchema.index({ participantAgencyCodes: 1, year: 1 });
InspectionSchema.index({ leadAgencyCode: 1, year: 1 });
// Agency feeds (involvingAgencyCode: registering, lead or participant agency, an $or): mongod
// serves an $or from indexes only when every branch has one; this is the registering one's.
InspectionSchema.index({ agencyCode: 1, 'window.from': 1 });
// Province feed and window-range listings: by visit window.
InspectionSchema.index({ 'window.from': 1 });
// Re-importing the same plan file creates no duplicates.
InspectionSchema.index(
  { importKey: 1 },
  { unique: true, partialFilterExpression: { importKey: { $type: 'string' } } },
);

type StoredInspection = Omit<Inspection, 'id'> & { _id: string };

/** What decides which feeds show an inspection (data-versions' scopes). */
const SCOPE_FIELDS = ['agencyCode', 'leadAgencyCode', 'participantAgencyCodes', 'parentTaxCode'];
const SCOPE_PROJECTION = Object.fromEntries(SCOPE_FIELDS.map((f) => [f, 1] as const));

function scopesOf(docs: Iterable<Parameters<typeof inspectionScopes>[0]>): string[] {
  const out = new Set<string>();
  for (const d of docs) for (const s of inspectionScopes(d)) out.add(s);
  return [...out];
}

export function fromStored(doc: StoredInspection): Inspection {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

function toStored(inspection: Inspection): StoredInspection {
  const { id, ...rest } = inspection;
  return { _id: id, ...rest };
}

const SORTS: Record<InspectionSortKey, Record<string, 1 | -1>> = {
  'window.from': { 'window.from': 1, _id: 1 },
  '-window.from': { 'window.from': -1, _id: -1 },
  taxCode: { taxCode: 1, 'window.from': 1, _id: 1 },
  parentTaxCode: { parentTaxCode: 1, 'window.from': 1, _id: 1 },
  updatedAt: { updatedAt: 1, _id: 1 },
  '-updatedAt': { updatedAt: -1, _id: -1 },
};

export function toMongoFilter(filter: InspectionFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (filter.year !== undefined) q.year = filter.year;
  if (filter.yearFrom !== undefined || filter.yearTo !== undefined) {
    q.year = {
      ...(filter.yearFrom !== undefined && { $gte: filter.yearFrom }),
      ...(filter.yearTo !== undefined && { $lte: filter.yearTo }),
    };
  }
  if (filter.agencyCode) q.agencyCode = filter.agencyCode;
  if (filter.involvingAgencyCode) {
    const code = filter.involvingAgencyCode;
    q.$or = [{ agencyCode: code }, { leadAgencyCode: code }, { participantAgencyCodes: code }];
  }
  if (filter.involvingAnyOf) {
    const any = { $in: filter.involvingAnyOf };
    const within = [{ agencyCode: any }, { leadAgencyCode: any }, { participantAgencyCodes: any }];
    if (q.$or) q.$and = [{ $or: q.$or }, { $or: within }];
    else q.$or = within;
    if (q.$and) delete q.$or;
  }
  if (filter.taxCode) q.taxCode = filter.taxCode;
  if (filter.parentTaxCode) q.parentTaxCode = filter.parentTaxCode;
  if (filter.field) q.field = filter.field;
  if (filter.type) q.type = filter.type;
  if (filter.state) q.state = filter.state;
  if (filter.planId) q.planId = filter.planId;
  if (filter.windowTo) q['window.from'] = { $lte: filter.windowTo };
  if (filter.windowFrom) q['window.to'] = { $gte: filter.windowFrom };
  return q;
}

/**
 * How a re-scan reads: only the fields detection needs, sorted by parent alone (the order the
 * {parentTaxCode, window.from} index gives; order within a parent does not matter to the
 * engine), in large batches.
 */
export const DETECTION_READ = {
  projection: Object.fromEntries(
    DETECTION_FIELDS.map((f) => [f === 'id' ? '_id' : f, 1] as const),
  ) as Record<string, 1>,
  sort: { parentTaxCode: 1 } as Record<string, 1>,
  batchSize: 2_000,
};

/** Compares two stored inspections in a SORTS order (strings, dates; ends with _id). */
function compareIn(order: Record<string, 1 | -1>, a: StoredInspection, b: StoredInspection) {
  for (const [path, dir] of Object.entries(order)) {
    const [x, y] = [valueAt(a, path), valueAt(b, path)];
    if (x < y) return -dir;
    if (x > y) return dir;
  }
  return 0;
}

function valueAt(doc: StoredInspection, path: string): string | number {
  let v: unknown = doc;
  for (const key of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
  return v instanceof Date ? v.getTime() : ((v as string | undefined) ?? '');
}

/**
 * Merges cursors each sorted in `order` into one sorted stream; a record several cursors
 * yield (an agency both registering and leading) comes out once, since _id ends the order.
 */
async function* mergeInOrder(
  cursors: AsyncIterable<unknown>[],
  order: Record<string, 1 | -1>,
): AsyncIterable<StoredInspection> {
  const its = cursors.map((c) => c[Symbol.asyncIterator]());
  const heads = await Promise.all(its.map((it) => it.next()));
  let last: string | undefined;
  for (;;) {
    let min = -1;
    for (let k = 0; k < heads.length; k++) {
      if (heads[k].done) continue;
      const doc = heads[k].value as StoredInspection;
      if (min < 0 || compareIn(order, doc, heads[min].value as StoredInspection) < 0) min = k;
    }
    if (min < 0) return;
    const doc = heads[min].value as StoredInspection;
    heads[min] = await its[min].next();
    if (doc._id === last) continue;
    last = doc._id;
    yield doc;
  }
}

@Injectable()
export class MongoInspectionRepository extends InspectionRepository {
  constructor(@InjectModel('Inspection') private readonly inspections: Model<StoredInspection>) {
    super();
  }

  async insertMany(inspections: Inspection[]): Promise<void> {
    if (inspections.length === 0) return;
    await this.inspections.collection.insertMany(inspections.map(toStored) as never[], {
      ordered: true,
    });
    await bumpDataVersion(this.inspections, scopesOf(inspections));
  }

  async insertNewImports(
    inspections: Inspection[],
  ): Promise<{ inserted: string[]; alreadyPresent: number }> {
    if (inspections.length === 0) return { inserted: [], alreadyPresent: 0 };
    const keys = inspections.map((i) => i.importKey!);
    const present = new Set(
      (
        await this.inspections.collection
          .find({ importKey: { $in: keys } }, { projection: { importKey: 1 } })
          .toArray()
      ).map((d) => d.importKey as string),
    );
    const fresh = inspections.filter((i) => !present.has(i.importKey!));
    const inserted: string[] = [];
    try {
      if (fresh.length > 0) {
        const result = await this.inspections.collection.insertMany(
          fresh.map(toStored) as never[],
          { ordered: false },
        );
        inserted.push(...Object.values(result.insertedIds).map(String));
      }
    } catch (error) {
      // A concurrent import of the same file: rows that lost the race already exist.
      const e = error as {
        writeErrors?: Array<{ code?: number }> | { code?: number };
        insertedIds?: Record<string, unknown>;
        result?: { insertedIds?: Record<string, unknown> };
      };
      const writeErrors = Array.isArray(e.writeErrors)
        ? e.writeErrors
        : e.writeErrors
          ? [e.writeErrors]
          : [];
      if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw error;
      inserted.push(...Object.values(e.insertedIds ?? e.result?.insertedIds ?? {}).map(String));
    } finally {
      if (fresh.length > 0) await bumpDataVersion(this.inspections, scopesOf(fresh));
    }
    return { inserted, alreadyPresent: inspections.length - inserted.length };
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const gone = await this.scopeFieldsOf({ _id: { $in: ids } });
    await this.inspections.deleteMany({ _id: { $in: ids } }, SCOPED_WRITE);
    await bumpDataVersion(this.inspections, scopesOf(gone));
  }

  async findById(id: string): Promise<Inspection | null> {
    const doc = await this.inspections.findById(id).lean<StoredInspection>().exec();
    return doc ? fromStored(doc) : null;
  }

  async findByIds(ids: string[]): Promise<Inspection[]> {
    const docs = await this.inspections
      .find({ _id: { $in: ids } })
      .lean<StoredInspection[]>()
      .exec();
    return docs.map(fromStored);
  }

  async findByPlan(planId: string): Promise<Inspection[]> {
    const docs = await this.inspections
      .find({ planId })
      .sort(SORTS.taxCode)
      .lean<StoredInspection[]>()
      .exec();
    return docs.map(fromStored);
  }

  async findByParents(parentTaxCodes: string[]): Promise<Inspection[]> {
    if (parentTaxCodes.length === 0) return [];
    const docs = await this.inspections
      .find({ parentTaxCode: { $in: parentTaxCodes } })
      .lean<StoredInspection[]>()
      .exec();
    return docs.map(fromStored);
  }

  async search(filter: InspectionFilter, sort: InspectionSortKey, skip: number, limit: number) {
    const q = toMongoFilter(filter);
    const [docs, total] = await Promise.all([
      this.inspections
        .find(q)
        .sort(SORTS[sort])
        .skip(skip)
        .limit(limit)
        .lean<StoredInspection[]>()
        .exec(),
      this.inspections.countDocuments(q),
    ]);
    return { items: docs.map(fromStored), total };
  }

  async *stream(filter: InspectionFilter, sort?: InspectionSortKey): AsyncIterable<Inspection> {
    const code = filter.involvingAgencyCode;
    if (code && !filter.agencyCode && !filter.involvingAnyOf) {
      // An agency feed: one query per way of being involved, each served by its own index,
      // merged in order (an $or makes the embedded server scan every inspection).
      const base = toMongoFilter({ ...filter, involvingAgencyCode: undefined });
      const order = SORTS[sort ?? 'window.from'];
      const branches = [
        { ...base, agencyCode: code },
        { ...base, leadAgencyCode: code },
        { ...base, participantAgencyCodes: code },
      ].map((q) => this.inspections.find(q).sort(order).lean<StoredInspection>().cursor());
      for await (const doc of mergeInOrder(branches, order)) yield fromStored(doc);
      return;
    }
    let query = this.inspections.find(toMongoFilter(filter)).lean<StoredInspection>();
    if (sort) query = query.sort(SORTS[sort]);
    for await (const doc of query.cursor({ batchSize: 1000 })) {
      yield fromStored(doc as StoredInspection);
    }
  }

  async *streamForDetection(filter: InspectionFilter): AsyncIterable<DetectionRecord[]> {
    // The driver's cursor, not mongoose's: documents stay plain, and a whole batch is handed
    // over at once instead of one awaited document at a time.
    const cursor = this.inspections.collection.find(toMongoFilter(filter), DETECTION_READ);
    try {
      while (await cursor.hasNext()) {
        const batch = cursor.readBufferedDocuments() as unknown as StoredInspection[];
        yield batch.map(fromStored);
      }
    } finally {
      await cursor.close();
    }
  }

  async updateIfRevision(
    id: string,
    expectedRevision: number,
    changes: Partial<Inspection>,
  ): Promise<Inspection | null> {
    const { id: _ignored, ...set } = changes;
    // Moved to other agencies or another enterprise: the feeds it leaves change too.
    const before = SCOPE_FIELDS.some((f) => f in set)
      ? await this.scopeFieldsOf({ _id: id, revision: expectedRevision })
      : [];
    const doc = await this.inspections
      .findOneAndUpdate(
        { _id: id, revision: expectedRevision },
        { $set: set },
        { returnDocument: 'after', ...SCOPED_WRITE },
      )
      .lean<StoredInspection>()
      .exec();
    if (!doc) return null;
    await bumpDataVersion(this.inspections, scopesOf([...before, doc]));
    return fromStored(doc);
  }

  async updatePlanFields(
    planId: string,
    plan: PlanFacts,
    now: Date,
    bumpRevision: boolean,
  ): Promise<void> {
    await this.inspections.updateMany(
      { planId },
      {
        $set: {
          planStatus: plan.planStatus,
          ...(plan.planDecision && { planDecision: plan.planDecision }),
          updatedAt: now,
        },
        ...(!plan.planDecision && { $unset: { planDecision: '' } }),
        ...(bumpRevision && { $inc: { revision: 1 } }),
      },
      SCOPED_WRITE,
    );
    // Read after the write: every inspection it changed is among these.
    await bumpDataVersion(this.inspections, scopesOf(await this.scopeFieldsOf({ planId })));
  }

  private scopeFieldsOf(filter: Record<string, unknown>) {
    return this.inspections.collection
      .find(filter, { projection: SCOPE_PROJECTION })
      .toArray() as unknown as Promise<Array<Parameters<typeof inspectionScopes>[0]>>;
  }

  countByPlan(planId: string, activeOnly: boolean): Promise<number> {
    return this.inspections
      .countDocuments({ planId, ...(activeOnly && { state: { $nin: ['cancelled', 'merged'] } }) })
      .exec();
  }
}
