import { Injectable } from '@nestjs/common';
import { RecordAgencies } from '../identity/authorization/record-agencies';
import { InspectionRepository } from './inspections/inspection';
import { PlanRepository } from './plans/plan';

/** What the route guard's agency scope check reads: a plan's or an inspection's agency. */
@Injectable()
export class RegistryRecordAgencies extends RecordAgencies {
  constructor(
    private readonly plans: PlanRepository,
    private readonly inspections: InspectionRepository,
  ) {
    super();
  }

  async ofPlan(id: string): Promise<string | null> {
    return (await this.plans.findById(id))?.agencyCode ?? null;
  }

  async ofInspection(id: string): Promise<string | null> {
    return (await this.inspections.findById(id))?.agencyCode ?? null;
  }
}
