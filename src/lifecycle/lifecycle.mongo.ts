import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import {
  bumpDataVersion,
  inspectionScopes,
  SCOPED_WRITE,
} from '../common/data-versions/data-versions';
import { InspectionRepository } from '../registry/inspections/inspection';
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
  constructor(
    @InjectModel('InspectionLifecycle') private readonly model: Model<Stored>,
    private readonly inspections: InspectionRepository,
  ) {
    super();
  }

  /** A lifecycle step shows in the feeds of its inspection's agencies and enterprise only. */
  private async bumpFeedsOf(inspectionId: string): Promise<void> {
    const inspection = await this.inspections.findById(inspectionId);
    // No inspection (a record outlived it): every scope, to be safe.
    await bumpDataVersion(this.model, inspection ? inspectionScopes(inspection) : undefined);
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
      const doc = new this.model({ _id: lifecycle.inspectionId, ...lifecycle });
      doc.$locals.versionScoped = true;
      await doc.save();
      await this.bumpFeedsOf(lifecycle.inspectionId);
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
        SCOPED_WRITE,
      )
      .exec();
    const replaced = res.modifiedCount === 1 || res.matchedCount === 1;
    if (replaced) await this.bumpFeedsOf(lifecycle.inspectionId);
    return replaced;
  }
}
