// The figures a province reports on inspection burden for its DDCI, computed in the database
// with aggregation pipelines ($match on indexed fields, $group, $unwind): only grouped rows
// (one per agency, rule or status) ever reach the service, however many inspections there are.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, PipelineStage } from 'mongoose';
import { AgencyRepository } from '../agencies/agency';
import { CONFLICT_STATUSES, ConflictStatus } from '../conflicts/conflict';
import { type Bilingual, ruleLabel } from '../conflicts/engine';
import { CONFLICT_STATUS_LABELS, INACTIVE_INSPECTION_STATES } from '../domain/vocabulary';

type StatusCounts = Record<ConflictStatus, number>;

export interface YearReport {
  year: number;
  enterprises: {
    /** Parent enterprises with at least one inspection registered (before) / still happening (after). */
    inspected: { beforeCoordination: number; afterCoordination: number };
    /** Parents with more than one: the burden Directive 20/CT-TTg and NQ198 target. */
    inspectedMoreThanOnce: { beforeCoordination: number; afterCoordination: number };
  };
  inspections: { registered: number; active: number; cancelled: number; merged: number };
  byAgency: Array<{
    agencyCode: string;
    agencyName: string;
    /** Inspections the agency leads or takes part in (a joint one counts for each). */
    registered: number;
    active: number;
    conflicts: StatusCounts & { total: number };
  }>;
  conflicts: {
    total: number;
    byStatus: StatusCounts;
    byRule: Array<StatusCounts & { ruleId: string; label: Bilingual; total: number }>;
    /** (resolved + exempted) / (all but closed); null when there is nothing to settle. */
    shareResolved: number | null;
  };
  /** What each figure means, in Vietnamese and English, keyed by its path. */
  labels: Record<string, Bilingual>;
}

const LABELS: YearReport['labels'] = {
  'enterprises.inspected': {
    vi: 'Số doanh nghiệp được thanh tra, kiểm tra',
    en: 'Enterprises inspected',
  },
  'enterprises.inspectedMoreThanOnce': {
    vi: 'Số doanh nghiệp bị thanh tra, kiểm tra quá 1 lần/năm',
    en: 'Enterprises inspected more than once a year',
  },
  beforeCoordination: {
    vi: 'Trước phối hợp: mọi cuộc đã đăng ký trong kế hoạch chưa rút, kể cả cuộc sau đó bị hủy hoặc gộp',
    en: 'Before coordination: every inspection registered in a plan not withdrawn, including those later cancelled or merged',
  },
  afterCoordination: {
    vi: 'Sau phối hợp: chỉ các cuộc còn thực hiện (không bị hủy, không bị gộp); cuộc liên ngành tính một lần',
    en: 'After coordination: only inspections still to happen (not cancelled or merged); a joint inspection counts once',
  },
  'inspections.registered': { vi: 'Số cuộc đã đăng ký', en: 'Inspections registered' },
  'inspections.active': { vi: 'Số cuộc còn thực hiện', en: 'Inspections still to happen' },
  'inspections.cancelled': { vi: 'Số cuộc đã hủy', en: 'Inspections cancelled' },
  'inspections.merged': {
    vi: 'Số cuộc đã gộp vào cuộc liên ngành',
    en: 'Inspections merged into a joint one',
  },
  byAgency: {
    vi: 'Theo cơ quan (chủ trì hoặc tham gia)',
    en: 'By agency (leading or taking part)',
  },
  'conflicts.total': { vi: 'Tổng số chồng chéo', en: 'Conflicts' },
  'conflicts.byRule': { vi: 'Chồng chéo theo quy định', en: 'Conflicts by rule' },
  'conflicts.byStatus': { vi: 'Chồng chéo theo tình trạng', en: 'Conflicts by status' },
  'conflicts.shareResolved': {
    vi: 'Tỷ lệ chồng chéo đã xử lý hoặc miễn trừ (không tính chồng chéo không còn)',
    en: 'Share of conflicts resolved or exempted (closed ones left out)',
  },
  ...Object.fromEntries(
    CONFLICT_STATUSES.map((s) => [`status.${s}`, CONFLICT_STATUS_LABELS[s]] as const),
  ),
};

const zeroStatuses = (): StatusCounts => ({ open: 0, resolved: 0, exempted: 0, closed: 0 });

/** 1 for an inspection that still happens, 0 for a cancelled or merged one. */
const ACTIVE = { $cond: [{ $in: ['$state', [...INACTIVE_INSPECTION_STATES]] }, 0, 1] };

@Injectable()
export class ReportsService {
  constructor(
    @InjectModel('Inspection') private readonly inspections: Model<unknown>,
    @InjectModel('Conflict') private readonly conflicts: Model<unknown>,
    private readonly agencies: AgencyRepository,
  ) {}

  async year(year: number): Promise<YearReport> {
    // "Before": everything registered in plans not withdrawn; the index on {year, ...} serves it.
    const registered: PipelineStage = {
      $match: { year, planStatus: { $ne: 'withdrawn' } },
    };
    const [[perParent], byState, agencyInspections, agencyConflicts, ruleStatus] =
      await Promise.all([
        // One row per parent enterprise (10-digit tax code), then one row in all.
        this.aggregate<{ before: number; after: number; beforeMany: number; afterMany: number }>(
          this.inspections,
          [
            registered,
            { $project: { parentTaxCode: 1, active: ACTIVE } },
            {
              $group: {
                _id: '$parentTaxCode',
                all: { $sum: 1 },
                active: { $sum: '$active' },
              },
            },
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
        ),
        this.aggregate<{ _id: string; n: number }>(this.inspections, [
          registered,
          { $group: { _id: '$state', n: { $sum: 1 } } },
        ]),
        // Lead and participants: a joint inspection is one row for each agency in it.
        this.aggregate<{ _id: string; registered: number; active: number }>(this.inspections, [
          registered,
          {
            $project: {
              agencies: {
                $setUnion: [['$leadAgencyCode'], { $ifNull: ['$participantAgencyCodes', []] }],
              },
              active: ACTIVE,
            },
          },
          { $unwind: '$agencies' },
          {
            $group: {
              _id: '$agencies',
              registered: { $sum: 1 },
              active: { $sum: '$active' },
            },
          },
        ]),
        this.aggregate<{ _id: { agency: string; status: ConflictStatus }; n: number }>(
          this.conflicts,
          [
            { $match: { year } },
            { $project: { agencyCodes: 1, status: 1 } },
            { $unwind: '$agencyCodes' },
            { $group: { _id: { agency: '$agencyCodes', status: '$status' }, n: { $sum: 1 } } },
          ],
        ),
        this.aggregate<{
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
        ]),
      ]);

    const states = new Map(byState.map((s) => [s._id, s.n]));
    const registeredCount = byState.reduce((a, s) => a + s.n, 0);
    const inactive = INACTIVE_INSPECTION_STATES.reduce((a, s) => a + (states.get(s) ?? 0), 0);

    const byStatus = zeroStatuses();
    const rules = new Map<string, YearReport['conflicts']['byRule'][number]>();
    for (const r of ruleStatus) {
      byStatus[r._id.status] += r.n;
      const row = rules.get(r._id.ruleId) ?? {
        ruleId: r._id.ruleId,
        label: ruleLabel(r._id.ruleId, r._id.family as never),
        total: 0,
        ...zeroStatuses(),
      };
      row.total += r.n;
      row[r._id.status] += r.n;
      rules.set(r._id.ruleId, row);
    }
    const conflictTotal = CONFLICT_STATUSES.reduce((a, s) => a + byStatus[s], 0);
    const considered = conflictTotal - byStatus.closed;

    const conflictsByAgency = new Map<string, StatusCounts & { total: number }>();
    for (const a of agencyConflicts) {
      const row = conflictsByAgency.get(a._id.agency) ?? { total: 0, ...zeroStatuses() };
      row.total += a.n;
      row[a._id.status] += a.n;
      conflictsByAgency.set(a._id.agency, row);
    }
    const inspectionsByAgency = new Map(agencyInspections.map((a) => [a._id, a]));
    const agencyCodes = [
      ...new Set([...inspectionsByAgency.keys(), ...conflictsByAgency.keys()]),
    ].sort();
    const names = new Map(
      (await this.agencies.findByCodes(agencyCodes)).map((a) => [a.code, a.name]),
    );

    return {
      year,
      enterprises: {
        inspected: {
          beforeCoordination: perParent?.before ?? 0,
          afterCoordination: perParent?.after ?? 0,
        },
        inspectedMoreThanOnce: {
          beforeCoordination: perParent?.beforeMany ?? 0,
          afterCoordination: perParent?.afterMany ?? 0,
        },
      },
      inspections: {
        registered: registeredCount,
        active: registeredCount - inactive,
        cancelled: states.get('cancelled') ?? 0,
        merged: states.get('merged') ?? 0,
      },
      byAgency: agencyCodes.map((code) => ({
        agencyCode: code,
        agencyName: names.get(code) ?? code,
        registered: inspectionsByAgency.get(code)?.registered ?? 0,
        active: inspectionsByAgency.get(code)?.active ?? 0,
        conflicts: conflictsByAgency.get(code) ?? { total: 0, ...zeroStatuses() },
      })),
      conflicts: {
        total: conflictTotal,
        byStatus,
        byRule: [...rules.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1)),
        shareResolved: considered > 0 ? (byStatus.resolved + byStatus.exempted) / considered : null,
      },
      labels: LABELS,
    };
  }

  /** Grouped rows only; $group may spill to disk on a real mongod for a national year. */
  private aggregate<T>(model: Model<unknown>, pipeline: PipelineStage[]): Promise<T[]> {
    return model.aggregate<T>(pipeline).allowDiskUse(true).exec();
  }
}
