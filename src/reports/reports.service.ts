// The figures a province reports on inspection burden for its DDCI, from the grouped rows
// ReportsRepository reads (one per agency, rule or status). A year's report is computed once
// per version of the collections it reads (data versions: a write anywhere bumps them) and
// kept until one of them is written.
import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { DataVersions } from '../common/data-versions/data-versions';
import { Clock } from '../common/time/clock';
import { type Bilingual, ruleLabel, type RuleFamily } from '../conflicts/engine';
import {
  CONFLICT_STATUS_LABELS,
  CONFLICT_STATUSES,
  ConflictStatus,
  INACTIVE_INSPECTION_STATES,
} from '../domain/vocabulary';
import { renderReportWorkbook } from './report-workbook';
import {
  ConflictFigures,
  InspectionFigures,
  REPORT_SOURCES,
  ReportsRepository,
} from './reports.repository';

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

/** Years whose report is kept (the report page asks five at a time). */
const KEPT_YEARS = 16;

/** Shared between readers: nobody may change a kept report under another. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A value computed at one version of what it reads (a promise: readers meanwhile share it). */
interface Kept<T> {
  version: string;
  value: Promise<T>;
}

/** A year's report and the two parts it is assembled from, each kept at its own version. */
interface KeptYear {
  inspections?: Kept<InspectionFigures>;
  conflicts?: Kept<ConflictFigures>;
  report?: Kept<YearReport>;
}

@Injectable()
export class ReportsService {
  /** By year (insertion = LRU order). */
  private readonly kept = new Map<number, KeptYear>();

  constructor(
    private readonly reports: ReportsRepository,
    private readonly agencies: AgencyRepository,
    private readonly versions: DataVersions,
    private readonly clock: Clock,
  ) {}

  /** The year's report as .xlsx (the report page's tables, one sheet each). */
  async yearWorkbook(year: number): Promise<{ body: Buffer; filename: string }> {
    return {
      body: await renderReportWorkbook(await this.year(year), this.clock.now()),
      filename: `bao-cao-thanh-tra-kiem-tra-${year}.xlsx`,
    };
  }

  /** The year's report (frozen: shared with every reader of the same data version). */
  async year(year: number): Promise<YearReport> {
    return (await this.years([year]))[0];
  }

  /**
   * Several years' reports at one data version. A write recomputes only the part that reads
   * it: a conflict decided, the conflict figures; an inspection changed, the inspection ones.
   */
  async years(years: readonly number[]): Promise<YearReport[]> {
    // Read before computing: a write landing meanwhile bumps the version past the one kept.
    const [inspections, conflicts, agencies] = await Promise.all(
      [REPORT_SOURCES.inspections, REPORT_SOURCES.conflicts, REPORT_SOURCES.agencies].map((c) =>
        this.versions.fingerprint([c]),
      ),
    );
    const report = `${inspections}|${conflicts}|${agencies}`;
    return Promise.all(
      years.map((year) =>
        this.keptOr(year, 'report', report, async () => {
          const [i, c] = await Promise.all([
            this.keptOr(year, 'inspections', inspections, () =>
              this.reports.inspectionFigures(year),
            ),
            this.keptOr(year, 'conflicts', conflicts, () => this.reports.conflictFigures(year)),
          ]);
          return deepFreeze(await this.assemble(year, i, c));
        }),
      ),
    );
  }

  private keptOr<K extends keyof KeptYear>(
    year: number,
    part: K,
    version: string,
    compute: () => NonNullable<KeptYear[K]>['value'],
  ): NonNullable<KeptYear[K]>['value'] {
    const entry = this.kept.get(year) ?? {};
    this.kept.delete(year); // most recently read last: the bound evicts from the front
    this.kept.set(year, entry);
    if (this.kept.size > KEPT_YEARS) this.kept.delete(this.kept.keys().next().value!);
    const hit = entry[part];
    if (hit?.version === version) return hit.value;
    const value = compute();
    entry[part] = { version, value } as KeptYear[K];
    // A failed read is not kept: the next reader tries again.
    value.catch(() => {
      if (entry[part]?.value === value) delete entry[part];
    });
    return value;
  }

  private async assemble(
    year: number,
    inspections: InspectionFigures,
    conflicts: ConflictFigures,
  ): Promise<YearReport> {
    const { burden: enterprises, byState: states, byAgency: agencyInspections } = inspections;
    const { byAgencyAndStatus: agencyConflicts, byRuleAndStatus: ruleStatus } = conflicts;

    const registeredCount = Object.values(states).reduce((a, n) => a + n, 0);
    const inactive = INACTIVE_INSPECTION_STATES.reduce((a, s) => a + (states[s] ?? 0), 0);

    const byStatus = zeroStatuses();
    const rules = new Map<string, YearReport['conflicts']['byRule'][number]>();
    for (const r of ruleStatus) {
      byStatus[r.status] += r.count;
      const row = rules.get(r.ruleId) ?? {
        ruleId: r.ruleId,
        label: ruleLabel(r.ruleId, r.family as RuleFamily | undefined),
        total: 0,
        ...zeroStatuses(),
      };
      row.total += r.count;
      row[r.status] += r.count;
      rules.set(r.ruleId, row);
    }
    const conflictTotal = CONFLICT_STATUSES.reduce((a, s) => a + byStatus[s], 0);
    const considered = conflictTotal - byStatus.closed;

    const conflictsByAgency = new Map<string, StatusCounts & { total: number }>();
    for (const a of agencyConflicts) {
      const row = conflictsByAgency.get(a.agencyCode) ?? { total: 0, ...zeroStatuses() };
      row.total += a.count;
      row[a.status] += a.count;
      conflictsByAgency.set(a.agencyCode, row);
    }
    const inspectionsByAgency = new Map(agencyInspections.map((a) => [a.agencyCode, a]));
    const agencyCodes = [
      ...new Set([...inspectionsByAgency.keys(), ...conflictsByAgency.keys()]),
    ].sort();
    const names = new Map(
      (await this.agencies.findByCodes(agencyCodes)).map((a) => [a.code, a.name]),
    );

    return {
      year,
      enterprises,
      inspections: {
        registered: registeredCount,
        active: registeredCount - inactive,
        cancelled: states.cancelled ?? 0,
        merged: states.merged ?? 0,
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
}
