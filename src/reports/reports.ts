import { Controller, Get, Injectable, Module, Param, ParseIntPipe } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Connection } from 'mongoose';
import { InvalidInputError } from '../common/errors/domain-errors';

export interface YearReport {
  year: number;
  enterprises: {
    /** Parents with at least one inspection registered (before) / still happening (after). */
    inspected: { beforeCoordination: number; afterCoordination: number };
    /** Parents with more than one: the burden Directive 20/CT-TTg and NQ198 target. */
    inspectedMoreThanOnce: { beforeCoordination: number; afterCoordination: number };
  };
  inspections: { registered: number; active: number; cancelled: number; merged: number };
  byAgency: Array<{ agencyCode: string; registered: number; active: number; conflicts: number }>;
  conflicts: {
    total: number;
    byStatus: Record<string, number>;
    byRule: Array<{
      ruleId: string;
      total: number;
      open: number;
      resolved: number;
      exempted: number;
      closed: number;
    }>;
    /** (resolved + exempted) / (all but closed): how much the coordination settled. */
    shareResolved: number | null;
  };
  labels: Record<string, { vi: string; en: string }>;
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
  beforeCoordination: { vi: 'Trước phối hợp', en: 'Before coordination' },
  afterCoordination: { vi: 'Sau phối hợp', en: 'After coordination' },
  'conflicts.shareResolved': { vi: 'Tỷ lệ chồng chéo đã xử lý', en: 'Share of conflicts settled' },
};

/** The figures a province reports on inspection burden (DDCI), computed in the database. */
@Injectable()
export class ReportsService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async year(year: number): Promise<YearReport> {
    const db = this.connection.db!;
    // Everything registered in plans that were not withdrawn counts "before"; only what still
    // happens (not cancelled, not merged into a joint inspection) counts "after".
    const registered = { year, planStatus: { $ne: 'withdrawn' } };
    const [perParent] = await db
      .collection('inspections')
      .aggregate<{ before: number; after: number; beforeMany: number; afterMany: number }>([
        { $match: registered },
        {
          $project: {
            parentTaxCode: 1,
            active: { $cond: [{ $in: ['$state', ['cancelled', 'merged']] }, 0, 1] },
          },
        },
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
      ])
      .toArray();
    const byState = await db
      .collection('inspections')
      .aggregate<{ _id: string; n: number }>([
        { $match: registered },
        { $group: { _id: '$state', n: { $sum: 1 } } },
      ])
      .toArray();
    const agencyInspections = await db
      .collection('inspections')
      .aggregate<{ _id: string; registered: number; active: number }>([
        { $match: registered },
        {
          $project: {
            agencies: { $setUnion: [['$leadAgencyCode'], '$participantAgencyCodes'] },
            active: { $cond: [{ $in: ['$state', ['cancelled', 'merged']] }, 0, 1] },
          },
        },
        { $unwind: '$agencies' },
        { $group: { _id: '$agencies', registered: { $sum: 1 }, active: { $sum: '$active' } } },
      ])
      .toArray();
    const agencyConflicts = await db
      .collection('conflicts')
      .aggregate<{ _id: string; n: number }>([
        { $match: { year } },
        { $unwind: '$agencyCodes' },
        { $group: { _id: '$agencyCodes', n: { $sum: 1 } } },
      ])
      .toArray();
    const ruleStatus = await db
      .collection('conflicts')
      .aggregate<{ _id: { ruleId: string; status: string }; n: number }>([
        { $match: { year } },
        { $group: { _id: { ruleId: '$ruleId', status: '$status' }, n: { $sum: 1 } } },
      ])
      .toArray();

    const states = Object.fromEntries(byState.map((s) => [s._id, s.n]));
    const total = (k: string) => states[k] ?? 0;
    const byStatus: Record<string, number> = { open: 0, resolved: 0, exempted: 0, closed: 0 };
    const rules = new Map<string, YearReport['conflicts']['byRule'][number]>();
    for (const r of ruleStatus) {
      byStatus[r._id.status] = (byStatus[r._id.status] ?? 0) + r.n;
      const row = rules.get(r._id.ruleId) ?? {
        ruleId: r._id.ruleId,
        total: 0,
        open: 0,
        resolved: 0,
        exempted: 0,
        closed: 0,
      };
      row.total += r.n;
      (row as unknown as Record<string, number>)[r._id.status] += r.n;
      rules.set(r._id.ruleId, row);
    }
    const conflictCount = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const considered = conflictCount - byStatus.closed;
    const conflictsByAgency = new Map(agencyConflicts.map((a) => [a._id, a.n]));
    const agencyCodes = [
      ...new Set([...agencyInspections.map((a) => a._id), ...conflictsByAgency.keys()]),
    ].sort();
    const inspectionsByAgency = new Map(agencyInspections.map((a) => [a._id, a]));
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
        registered: Object.values(states).reduce((a, b) => a + b, 0),
        active: Object.entries(states)
          .filter(([k]) => k !== 'cancelled' && k !== 'merged')
          .reduce((a, [, n]) => a + n, 0),
        cancelled: total('cancelled'),
        merged: total('merged'),
      },
      byAgency: agencyCodes.map((code) => ({
        agencyCode: code,
        registered: inspectionsByAgency.get(code)?.registered ?? 0,
        active: inspectionsByAgency.get(code)?.active ?? 0,
        conflicts: conflictsByAgency.get(code) ?? 0,
      })),
      conflicts: {
        total: conflictCount,
        byStatus,
        byRule: [...rules.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1)),
        shareResolved: considered > 0 ? (byStatus.resolved + byStatus.exempted) / considered : null,
      },
      labels: LABELS,
    };
  }
}

@ApiTags('reports')
@Controller('reports')
class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':year')
  @ApiOperation({
    summary:
      'Inspection burden of a plan year: enterprises inspected more than once before and after coordination, conflicts by rule and agency',
  })
  year(@Param('year', ParseIntPipe) year: number) {
    if (year < 2000 || year > 2100) {
      throw new InvalidInputError('VALIDATION_FAILED', 'year must be between 2000 and 2100', [
        { field: 'year', code: 'OUT_OF_RANGE', message: 'between 2000 and 2100' },
      ]);
    }
    return this.reports.year(year);
  }
}

@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
