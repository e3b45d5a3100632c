import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { PLAN_KINDS, PLAN_STATUSES } from '../../domain/vocabulary';
import { Plan, PlanFilter, PlanRepository, PlanRevision } from './plan';

type StoredPlan = Omit<Plan, 'id'> & { _id: string };

export const PlanSchema = new Schema(
  {
    _id: { type: String, required: true },
    agencyCode: { type: String, required: true },
    year: { type: Number, required: true },
    kind: { type: String, required: true, enum: PLAN_KINDS },
    title: String,
    decision: {
      type: new Schema({ number: String, date: String }, { _id: false }),
      default: undefined,
    },
    status: { type: String, required: true, enum: PLAN_STATUSES },
    revision: { type: Number, required: true },
    statusReason: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
    importDraft: Boolean,
  },
  { collection: 'plans', versionKey: false },
);
// The import's "else a new draft": two simultaneous first imports of an agency meet here.
PlanSchema.index(
  { agencyCode: 1, year: 1 },
  {
    name: 'one_import_draft',
    unique: true,
    partialFilterExpression: { importDraft: true, status: 'draft' },
  },
);
// GET /plans?year=&agencyCode=&status= and the import's "the agency's draft plan of the year".
PlanSchema.index({ year: 1, agencyCode: 1, status: 1 });

export const PlanRevisionSchema = new Schema(
  {
    planId: { type: String, required: true },
    revision: { type: Number, required: true },
    plan: { type: Schema.Types.Mixed, required: true },
    inspections: { type: [Schema.Types.Mixed], default: [] },
    reason: { type: String, required: true },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'plan_revisions', versionKey: false },
);
// GET /plans/:id/revisions[/:n]; unique so a revision is frozen exactly once.
PlanRevisionSchema.index({ planId: 1, revision: 1 }, { unique: true });

function fromStored(doc: StoredPlan): Plan {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

@Injectable()
export class MongoPlanRepository extends PlanRepository {
  constructor(
    @InjectModel('Plan') private readonly plans: Model<StoredPlan>,
    @InjectModel('PlanRevision') private readonly revisions: Model<PlanRevision>,
  ) {
    super();
  }

  async insert(plan: Plan): Promise<Plan> {
    const { id, ...rest } = plan;
    await this.plans.create({ _id: id, ...rest });
    return plan;
  }

  async insertImportDraft(plan: Plan): Promise<{ plan: Plan; created: boolean }> {
    try {
      return { plan: await this.insert({ ...plan, importDraft: true }), created: true };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
      const doc = await this.plans
        .findOne({
          agencyCode: plan.agencyCode,
          year: plan.year,
          importDraft: true,
          status: 'draft',
        })
        .lean<StoredPlan>()
        .exec();
      if (!doc) throw error; // it left draft in between: let the caller retry
      return { plan: fromStored(doc), created: false };
    }
  }

  async findById(id: string): Promise<Plan | null> {
    const doc = await this.plans.findById(id).lean<StoredPlan>().exec();
    return doc ? fromStored(doc) : null;
  }

  async findDraftAnnual(agencyCode: string, year: number): Promise<Plan | null> {
    const doc = await this.plans
      .findOne({ agencyCode, year, kind: 'annual', status: 'draft' })
      .sort({ createdAt: 1 })
      .lean<StoredPlan>()
      .exec();
    return doc ? fromStored(doc) : null;
  }

  async search(filter: PlanFilter, skip: number, limit: number) {
    const q: Record<string, unknown> = {};
    if (filter.year !== undefined) q.year = filter.year;
    if (filter.agencyCode) q.agencyCode = filter.agencyCode;
    if (filter.agencyCodes)
      q.agencyCode = filter.agencyCode
        ? filter.agencyCodes.includes(filter.agencyCode)
          ? filter.agencyCode
          : { $in: [] }
        : { $in: filter.agencyCodes };
    if (filter.status) q.status = filter.status;
    if (filter.kind) q.kind = filter.kind;
    const [docs, total] = await Promise.all([
      this.plans
        .find(q)
        .sort({ year: -1, agencyCode: 1, createdAt: 1 })
        .skip(skip)
        .limit(limit)
        .lean<StoredPlan[]>()
        .exec(),
      this.plans.countDocuments(q),
    ]);
    return { items: docs.map(fromStored), total };
  }

  async transition(
    id: string,
    from: Plan['status'][],
    changes: Partial<Plan>,
  ): Promise<Plan | null> {
    const { id: _ignored, ...set } = changes;
    const unset: Record<string, ''> = {};
    for (const [k, v] of Object.entries(set)) if (v === undefined) unset[k] = '';
    for (const k of Object.keys(unset)) delete (set as Record<string, unknown>)[k];
    const doc = await this.plans
      .findOneAndUpdate(
        { _id: id, status: { $in: from } },
        { $set: set, ...(Object.keys(unset).length && { $unset: unset }) },
        { returnDocument: 'after' },
      )
      .lean<StoredPlan>()
      .exec();
    return doc ? fromStored(doc) : null;
  }

  async touch(id: string, now: Date, actor: string): Promise<void> {
    await this.plans.updateOne({ _id: id }, { $set: { updatedAt: now, updatedBy: actor } });
  }

  async saveRevision(revision: PlanRevision): Promise<void> {
    // Frozen once: a revise cut short after this write (crash, outage) finds its copy here and
    // carries on, instead of being refused as a duplicate forever. Nothing of an approved
    // plan changes in between, so the copy already made is the same.
    await this.revisions
      .updateOne(
        { planId: revision.planId, revision: revision.revision },
        { $setOnInsert: revision },
        { upsert: true },
      )
      .exec();
  }

  async listRevisions(planId: string) {
    const docs = await this.revisions
      .aggregate<Omit<PlanRevision, 'inspections'> & { inspectionCount: number }>([
        { $match: { planId } },
        { $sort: { revision: 1 } },
        {
          $project: {
            _id: 0,
            planId: 1,
            revision: 1,
            plan: 1,
            reason: 1,
            actor: 1,
            at: 1,
            inspectionCount: { $size: '$inspections' },
          },
        },
      ])
      .exec();
    return docs;
  }

  findRevision(planId: string, revision: number): Promise<PlanRevision | null> {
    return this.revisions.findOne({ planId, revision }, { _id: 0 }).lean<PlanRevision>().exec();
  }
}
