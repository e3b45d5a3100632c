import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { InspectionLifecycle, LifecycleRepository } from './lifecycle';

type Stored = InspectionLifecycle & { _id: string };

export const LifecycleSchema = new Schema(
  {
    _id: { type: String, required: true }, // the inspection id: one record per inspection
    inspectionId: { type: String, required: true },
    registrationCode: { type: String, required: true },
    decision: Schema.Types.Mixed,
    announced: Schema.Types.Mixed,
    onSite: { type: Schema.Types.Mixed, default: {} },
    resultsReport: Schema.Types.Mixed,
    draftConclusion: Schema.Types.Mixed,
    conclusion: Schema.Types.Mixed,
    published: Schema.Types.Mixed,
    followUps: { type: [Schema.Types.Mixed], default: [] },
    notCarriedOut: Schema.Types.Mixed,
    history: { type: [Schema.Types.Mixed], default: [] },
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'inspection_lifecycles', versionKey: false, minimize: false },
);
// GET /verify/:code: one inspection per registration code.
LifecycleSchema.index({ registrationCode: 1 }, { unique: true });

const PROJECTION = { _id: 0 };
const isDuplicate = (e: unknown) => (e as { code?: number }).code === 11000;

@Injectable()
export class MongoLifecycleRepository extends LifecycleRepository {
  constructor(@InjectModel('InspectionLifecycle') private readonly model: Model<Stored>) {
    super();
  }

  findByInspection(inspectionId: string) {
    return this.model.findById(inspectionId, PROJECTION).lean<InspectionLifecycle>().exec();
  }

  findByInspections(inspectionIds: string[]) {
    return this.model
      .find({ _id: { $in: inspectionIds } }, PROJECTION)
      .lean<InspectionLifecycle[]>()
      .exec();
  }

  findByCode(registrationCode: string) {
    return this.model.findOne({ registrationCode }, PROJECTION).lean<InspectionLifecycle>().exec();
  }

  async insertIfAbsent(lifecycle: InspectionLifecycle) {
    try {
      await this.model.create({ _id: lifecycle.inspectionId, ...lifecycle });
      return 'inserted' as const;
    } catch (e) {
      if (!isDuplicate(e)) throw e;
      const existing = await this.model.exists({ _id: lifecycle.inspectionId });
      return existing ? ('exists' as const) : ('code-taken' as const);
    }
  }

  async replaceIfRevision(lifecycle: InspectionLifecycle, expectedRevision: number) {
    const res = await this.model
      .replaceOne(
        { _id: lifecycle.inspectionId, revision: expectedRevision },
        { _id: lifecycle.inspectionId, ...lifecycle },
      )
      .exec();
    return res.modifiedCount === 1 || res.matchedCount === 1;
  }
}
