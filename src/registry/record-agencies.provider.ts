import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { Clock } from '../common/time/clock';
import { RecordAgencies } from '../identity/authorization/record-agencies';
import { InspectionRepository } from './inspections/inspection';
import { PlanRepository } from './plans/plan';

/**
 * What the route guard's agency scope checks read: a plan's or an inspection's agencies. An
 * abolished agency's records are its successor's (Law 84/2025: the organisation that takes
 * over carries on): writes are checked against the agency answering for the record today, and
 * reads are open to it as well as to the agencies named on the record.
 */
@Injectable()
export class RegistryRecordAgencies extends RecordAgencies {
  constructor(
    private readonly plans: PlanRepository,
    private readonly inspections: InspectionRepository,
    private readonly agencies: AgencyRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async ofPlan(id: string): Promise<string | null> {
    const code = (await this.plans.findById(id))?.agencyCode;
    return code ? this.answering(code) : null;
  }

  async ofInspection(id: string): Promise<string | null> {
    const code = (await this.inspections.findById(id))?.agencyCode;
    return code ? this.answering(code) : null;
  }

  async involvedInInspection(id: string): Promise<string[] | null> {
    const inspection = await this.inspections.findById(id);
    if (!inspection) return null;
    const { agencyCode, leadAgencyCode, participantAgencyCodes } = inspection;
    const named = [...new Set([agencyCode, leadAgencyCode, ...participantAgencyCodes])];
    const answering = await Promise.all(named.map((code) => this.answering(code)));
    return [...new Set([...named, ...answering])];
  }

  /**
   * The agency answering for `code`'s records today: successors followed past each validTo
   * (as `currentAgency`), one indexed read per link — a single read for an agency never
   * succeeded. Stops on a cycle or an unknown successor.
   */
  private async answering(code: string): Promise<string> {
    const today = this.clock.today();
    const seen = new Set<string>();
    let agency = await this.agencies.findByCode(code);
    if (!agency) return code;
    while (agency.successorCode && agency.validTo && agency.validTo < today) {
      if (seen.has(agency.code)) break;
      seen.add(agency.code);
      const next = await this.agencies.findByCode(agency.successorCode);
      if (!next) break;
      agency = next;
    }
    return agency.code;
  }
}
