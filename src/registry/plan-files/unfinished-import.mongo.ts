import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ImportUndoStore } from './unfinished-import';

@Injectable()
export class MongoImportUndoStore extends ImportUndoStore {
  constructor(@InjectModel('Plan') private readonly plans: Model<{ _id: string; status: string }>) {
    super();
  }

  async deleteDraftPlan(planId: string): Promise<boolean> {
    const r = await this.plans.deleteOne({ _id: planId, status: 'draft' }).exec();
    return r.deletedCount === 1;
  }
}
