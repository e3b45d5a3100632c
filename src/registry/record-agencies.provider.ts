import { Injectable } from '@nestjs/common';
import { RecordAgencies } from '../identity/authorization/record-agencies';
import { InspectionRepository } from './inspections/inspection';
import { PlanRepository } from './plans/plan';

/** What the route guard's agency scope checks read: a plan's or an inspection's agencies. */
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

  async involvedInInspection(id: string): Promise<string[] | null> {
    const inspection = await this.inspections.findById(id);
    if (!inspection) return null;
    const { agencyCode, leadAgencyCode, participantAgencyCodes } = inspection;
    return [agencyCode, leadAgencyCode, ...participantAgencyCodes];
  }
}
