// The report's figures computed in the database: one aggregation per collection ($match on
// indexed fields, a $project of the few fields counted, then each figure as a $facet branch),
// so a year's documents are read once per report and only grouped rows reach the service.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, PipelineStage } from 'mongoose';
import { ConflictStatus, INACTIVE_INSPECTION_STATES, InspectionState } from '../domain/vocabulary';
import { ConflictFigures, InspectionFigures, ReportsRepository } from './reports.repository';

/** 1 for an inspection that still happens, 0 for a cancelled or merged one. */
const ACTIVE = { $cond: [{ $in: ['$state', [...INACTIVE_INSPECTION_STATES]] }, 0, 1] };

// Indexes these pipelines rely on (declared with the owning features' schemas):
// - inspections {year: 1, agencyCode: 1, 'window.from': 1} (inspection.mongo.ts): its `year`
//   prefix serves the inspection $match below ({year, planStatus ≠ withdrawn}).
// - conflicts {year: 1, status: 1, ruleId: 1} (conflict.mongo.ts): its `year` prefix serves
//   the conflict $match below ({year}).

interface InspectionFacets {
  burden: { before: number; after: number; beforeMany: number; afterMany: number }[];
  byState: { _id: InspectionState; n: number }[];
  byAgency: { _id: string; registered: number; active: number }[];
}

interface ConflictFacets {
  byAgency: { _id: { agency: string; status: ConflictStatus }; n: number }[];
  byRule: { _id: { ruleId: string; family?: string; status: ConflictStatus }; n: number }[];
}

@Injectable()
export class MongoReportsRepository extends ReportsRepository {
  constructor(
    @InjectModel('Inspection') private readonly inspections: Model<unknown>,
    @InjectModel('Conflict') private readonly conflicts: Model<unknown>,
  ) {
    super();
  }

  async inspectionFigures(year: number): Promise<InspectionFigures> {
    const [facets] = await this.aggregate<InspectionFacets>(this.inspections, [
      // "Before coordination": everything registered in plans not withdrawn.
      { $match: { year, planStatus: { $ne: 'withdrawn' } } },
      {
        $project: {
          _id: 0,
          parentTaxCode: 1,
          state: 1,
          // Lead and participants: a joint inspection counts for each agency in it.
          agencies: {
            $setUnion: [['$leadAgencyCode'], { $ifNull: ['$participantAgencyCodes', []] }],
          },
          active: ACTIVE,
        },
      },
      {
        $facet: {
          // One row per parent enterprise, then one row in all.
          burden: [
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
          ],
          byState: [{ $group: { _id: '$state', n: { $sum: 1 } } }],
          byAgency: [
            { $unwind: '$agencies' },
            {
              $group: { _id: '$agencies', registered: { $sum: 1 }, active: { $sum: '$active' } },
            },
          ],
        },
      },
    ]);
    const row = facets?.burden[0];
    return {
      burden: {
        inspected: { beforeCoordination: row?.before ?? 0, afterCoordination: row?.after ?? 0 },
        inspectedMoreThanOnce: {
          beforeCoordination: row?.beforeMany ?? 0,
          afterCoordination: row?.afterMany ?? 0,
        },
      },
      byState: Object.fromEntries((facets?.byState ?? []).map((r) => [r._id, r.n])),
      byAgency: (facets?.byAgency ?? []).map((r) => ({
        agencyCode: r._id,
        registered: r.registered,
        active: r.active,
      })),
    };
  }

  async conflictFigures(year: number): Promise<ConflictFigures> {
    const [facets] = await this.aggregate<ConflictFacets>(this.conflicts, [
      { $match: { year } },
      { $project: { _id: 0, agencyCodes: 1, status: 1, ruleId: 1, family: 1 } },
      {
        $facet: {
          byAgency: [
            { $unwind: '$agencyCodes' },
            { $group: { _id: { agency: '$agencyCodes', status: '$status' }, n: { $sum: 1 } } },
          ],
          byRule: [
            {
              $group: {
                _id: { ruleId: '$ruleId', family: '$family', status: '$status' },
                n: { $sum: 1 },
              },
            },
          ],
        },
      },
    ]);
    return {
      byAgencyAndStatus: (facets?.byAgency ?? []).map((r) => ({
        agencyCode: r._id.agency,
        status: r._id.status,
        count: r.n,
      })),
      byRuleAndStatus: (facets?.byRule ?? []).map((r) => ({
        ruleId: r._id.ruleId,
        ...(r._id.family !== undefined && { family: r._id.family }),
        status: r._id.status,
        count: r.n,
      })),
    };
  }

  /** Grouped rows only; $group may spill to disk on a real mongod for a national year. */
  private aggregate<T>(model: Model<unknown>, pipeline: PipelineStage[]): Promise<T[]> {
    return model.aggregate<T>(pipeline).allowDiskUse(true).exec();
  }
}
