// The report's figures computed in the database: a few aggregations, each a $match on indexed
// fields then $group stages, so only grouped rows reach the service (rows per count of
// inspections, per agencies and state, per rule: never one per inspection). Nothing ahead of
// the groups: the in-process server evaluated a $project and a $facet per document (a year of
// 3,000 inspections took about 200 ms that way, 40 ms this way); a real mongod reads the year's
// index range once per aggregation. A write landing between two of them shows in one only, for
// that computation: it bumps the data version the report is kept at, so it is read again.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, PipelineStage } from 'mongoose';
import { ConflictStatus, INACTIVE_INSPECTION_STATES, InspectionState } from '../domain/vocabulary';
import { ConflictFigures, InspectionFigures, ReportsRepository } from './reports.repository';

const INACTIVE = [...INACTIVE_INSPECTION_STATES];
const inactive = (state: InspectionState) => INACTIVE.includes(state);

// Indexes these pipelines rely on (declared with the owning features' schemas):
// - inspections {year: 1, agencyCode: 1, 'window.from': 1} (inspection.mongo.ts): its `year`
//   prefix serves the inspection $match below ({year, planStatus ≠ withdrawn}).
// - conflicts {year: 1, status: 1, ruleId: 1} (conflict.mongo.ts): its `year` prefix serves
//   the conflict $match below ({year}).

/** Parent enterprises by how many inspections they have and how many still happen. */
type BurdenRow = { _id: { all: number; active: number }; parents: number };
/** Inspections of the same lead, participants and state. */
type AlikeRow = {
  _id: { lead: string; participants?: string[] | null; state: InspectionState };
  n: number;
};
type ConflictAgencyRow = { _id: { agency: string; status: ConflictStatus }; n: number };
type RuleRow = { _id: { ruleId: string; family?: string; status: ConflictStatus }; n: number };

@Injectable()
export class MongoReportsRepository extends ReportsRepository {
  constructor(
    @InjectModel('Inspection') private readonly inspections: Model<unknown>,
    @InjectModel('Conflict') private readonly conflicts: Model<unknown>,
  ) {
    super();
  }

  async inspectionFigures(year: number): Promise<InspectionFigures> {
    // "Before coordination": everything registered in plans not withdrawn.
    const match: PipelineStage = { $match: { year, planStatus: { $ne: 'withdrawn' } } };
    const [burden, alike] = await Promise.all([
      this.aggregate<BurdenRow>(this.inspections, [
        match,
        {
          $group: {
            _id: '$parentTaxCode',
            all: { $sum: 1 },
            active: { $sum: { $cond: [{ $in: ['$state', INACTIVE] }, 0, 1] } },
          },
        },
        { $group: { _id: { all: '$all', active: '$active' }, parents: { $sum: 1 } } },
      ]),
      // Inspections alike in lead, participants and state: as many rows as combinations of
      // agencies, whatever the number of inspections.
      this.aggregate<AlikeRow>(this.inspections, [
        match,
        {
          $group: {
            _id: {
              lead: '$leadAgencyCode',
              participants: '$participantAgencyCodes',
              state: '$state',
            },
            n: { $sum: 1 },
          },
        },
      ]),
    ]);
    const parents = (keep: (r: BurdenRow['_id']) => boolean) =>
      burden.filter((r) => keep(r._id)).reduce((n, r) => n + r.parents, 0);
    return {
      burden: {
        inspected: {
          beforeCoordination: parents(() => true),
          afterCoordination: parents((r) => r.active > 0),
        },
        inspectedMoreThanOnce: {
          beforeCoordination: parents((r) => r.all > 1),
          afterCoordination: parents((r) => r.active > 1),
        },
      },
      ...byStateAndAgency(alike),
    };
  }

  async conflictFigures(year: number): Promise<ConflictFigures> {
    const match: PipelineStage = { $match: { year } };
    const [byAgency, byRule] = await Promise.all([
      this.aggregate<ConflictAgencyRow>(this.conflicts, [
        match,
        // Conflicts alike in agencies and status first, then one count per agency in them.
        { $group: { _id: { agencies: '$agencyCodes', status: '$status' }, n: { $sum: 1 } } },
        { $unwind: '$_id.agencies' },
        {
          $group: {
            _id: { agency: '$_id.agencies', status: '$_id.status' },
            n: { $sum: '$n' },
          },
        },
      ]),
      this.aggregate<RuleRow>(this.conflicts, [
        match,
        {
          $group: {
            _id: { ruleId: '$ruleId', family: '$family', status: '$status' },
            n: { $sum: 1 },
          },
        },
      ]),
    ]);
    return {
      byAgencyAndStatus: byAgency.map((r) => ({
        agencyCode: r._id.agency,
        status: r._id.status,
        count: r.n,
      })),
      byRuleAndStatus: byRule.map((r) => ({
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

/** States and agencies' counts from the rows of alike inspections. */
function byStateAndAgency(
  rows: readonly AlikeRow[],
): Pick<InspectionFigures, 'byState' | 'byAgency'> {
  const byState: InspectionFigures['byState'] = {};
  const byAgency = new Map<string, { registered: number; active: number }>();
  for (const { _id: alike, n } of rows) {
    byState[alike.state] = (byState[alike.state] ?? 0) + n;
    // Lead and participants: a joint inspection counts for each agency in it.
    for (const code of new Set([alike.lead, ...(alike.participants ?? [])])) {
      const counts = byAgency.get(code) ?? { registered: 0, active: 0 };
      counts.registered += n;
      if (!inactive(alike.state)) counts.active += n;
      byAgency.set(code, counts);
    }
  }
  return {
    byState,
    byAgency: [...byAgency].map(([agencyCode, counts]) => ({ agencyCode, ...counts })),
  };
}
