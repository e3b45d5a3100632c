// The report's figures computed in the database with aggregation pipelines ($match on indexed
// fields, $group, $unwind): only grouped rows ever reach the service.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, PipelineStage } from 'mongoose';
import { ConflictStatus, INACTIVE_INSPECTION_STATES, InspectionState } from '../domain/vocabulary';
import {
  AgencyConflictCount,
  AgencyInspections,
  EnterpriseBurden,
  ReportsRepository,
  RuleConflictCount,
} from './reports.repository';

/** 1 for an inspection that still happens, 0 for a cancelled or merged one. */
const ACTIVE = { $cond: [{ $in: ['$state', [...INACTIVE_INSPECTION_STATES]] }, 0, 1] };

// Indexes these pipelines rely on (declared with the owning features' schemas):
// - inspections {year: 1, agencyCode: 1, 'window.from': 1} (inspection.mongo.ts): its `year`
//   prefix serves every inspection $match below ({year, planStatus ≠ withdrawn}).
// - conflicts {year: 1, status: 1, ruleId: 1} (conflict.mongo.ts): its `year` prefix serves
//   every conflict $match below ({year}).

@Injectable()
export class MongoReportsRepository extends ReportsRepository {
  constructor(
    @InjectModel('Inspection') private readonly inspections: Model<unknown>,
    @InjectModel('Conflict') private readonly conflicts: Model<unknown>,
  ) {
    super();
  }

  async burdenByEnterprise(year: number): Promise<EnterpriseBurden> {
    // One row per parent enterprise, then one row in all.
    const [row] = await this.aggregate<{
      before: number;
      after: number;
      beforeMany: number;
      afterMany: number;
    }>(this.inspections, [
      registered(year),
      { $project: { parentTaxCode: 1, active: ACTIVE } },
      { $group: { _id: '$parentTaxCode', all: { $sum: 1 }, active: { $sum: '$active' } } },
      {
        $group: {
          _id: null,
          before: { $sum: 1 },
          after: { $sum: { $cond: [{ $gt: ['$active', 0] }, 1, 0] } },
          beforeMany: { $sum: { $cond: [{ $gt: ['$all', 1] }, 1, 0] } },
          afterMany: { $sum: { $cond: [{ $gt: ['$active', 1] }, 1, 0] } },
        },
      },
    ]);
    return {
      inspected: { beforeCoordination: row?.before ?? 0, afterCoordination: row?.after ?? 0 },
      inspectedMoreThanOnce: {
        beforeCoordination: row?.beforeMany ?? 0,
        afterCoordination: row?.afterMany ?? 0,
      },
    };
  }

  async inspectionsByState(year: number): Promise<Partial<Record<InspectionState, number>>> {
    const rows = await this.aggregate<{ _id: InspectionState; n: number }>(this.inspections, [
      registered(year),
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  async inspectionsByAgency(year: number): Promise<AgencyInspections[]> {
    // Lead and participants: a joint inspection is one row for each agency in it.
    const rows = await this.aggregate<{ _id: string; registered: number; active: number }>(
      this.inspections,
      [
        registered(year),
        {
          $project: {
            agencies: {
              $setUnion: [['$leadAgencyCode'], { $ifNull: ['$participantAgencyCodes', []] }],
            },
            active: ACTIVE,
          },
        },
        { $unwind: '$agencies' },
        { $group: { _id: '$agencies', registered: { $sum: 1 }, active: { $sum: '$active' } } },
      ],
    );
    return rows.map((r) => ({ agencyCode: r._id, registered: r.registered, active: r.active }));
  }

  async conflictsByAgencyAndStatus(year: number): Promise<AgencyConflictCount[]> {
    const rows = await this.aggregate<{
      _id: { agency: string; status: ConflictStatus };
      n: number;
    }>(this.conflicts, [
      { $match: { year } },
      { $project: { agencyCodes: 1, status: 1 } },
      { $unwind: '$agencyCodes' },
      { $group: { _id: { agency: '$agencyCodes', status: '$status' }, n: { $sum: 1 } } },
    ]);
    return rows.map((r) => ({ agencyCode: r._id.agency, status: r._id.status, count: r.n }));
  }

  async conflictsByRuleAndStatus(year: number): Promise<RuleConflictCount[]> {
    const rows = await this.aggregate<{
      _id: { ruleId: string; family?: string; status: ConflictStatus };
      n: number;
    }>(this.conflicts, [
      { $match: { year } },
      {
        $group: {
          _id: { ruleId: '$ruleId', family: '$family', status: '$status' },
          n: { $sum: 1 },
        },
      },
    ]);
    return rows.map((r) => ({
      ruleId: r._id.ruleId,
      ...(r._id.family !== undefined && { family: r._id.family }),
      status: r._id.status,
      count: r.n,
    }));
  }

  /** Grouped rows only; $group may spill to disk on a real mongod for a national year. */
  private aggregate<T>(model: Model<unknown>, pipeline: PipelineStage[]): Promise<T[]> {
    return model.aggregate<T>(pipeline).allowDiskUse(true).exec();
  }
}

/** "Before coordination": everything registered in plans not withdrawn. */
function registered(year: number): PipelineStage {
  return { $match: { year, planStatus: { $ne: 'withdrawn' } } };
}
