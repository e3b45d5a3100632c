// The import's undo store over the plan fake, for unit specs.
import type { FakePlanRepository } from '../../testing/fake-repositories';
import { ImportUndoStore } from '../unfinished-import';

export class FakeImportUndoStore extends ImportUndoStore {
  constructor(private readonly plans: FakePlanRepository) {
    super();
  }

  async deleteDraftPlan(planId: string): Promise<boolean> {
    if (this.plans.rows.get(planId)?.status !== 'draft') return false;
    this.plans.rows.delete(planId);
    return true;
  }
}
