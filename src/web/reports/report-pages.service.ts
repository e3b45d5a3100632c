import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { ReportsService } from '../../reports/reports.service';
import { barChart } from '../charts/bars';
import { yearOf } from '../forms/query';
import { PageView } from '../rendering/page-renderer';

/** Years the trend chart shows, ending with the year asked. */
const TREND_YEARS = 5;

@Injectable()
export class ReportPages {
  constructor(
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  async year(query: Record<string, unknown>): Promise<PageView> {
    const thisYear = Number(this.clock.today().slice(0, 4));
    const year = yearOf(query.year, thisYear);
    const years = Array.from({ length: TREND_YEARS }, (_, i) => year - TREND_YEARS + 1 + i);
    // The five years at one data version (read once, not once a year).
    const reports = await this.reports.years(years);
    const report = reports[reports.length - 1];
    const e = report.enterprises;
    const agencies = [...report.byAgency].sort((a, b) => b.registered - a.registered).slice(0, 15);
    return {
      template: 'reports.njk',
      title: `Báo cáo năm ${year}`,
      data: {
        year,
        years: [thisYear - 2, thisYear - 1, thisYear, thisYear + 1],
        report,
        burden: barChart([
          {
            label: 'Doanh nghiệp được TT, KT',
            values: [e.inspected.beforeCoordination, e.inspected.afterCoordination],
          },
          {
            label: 'Bị TT, KT quá 1 lần/năm',
            values: [
              e.inspectedMoreThanOnce.beforeCoordination,
              e.inspectedMoreThanOnce.afterCoordination,
            ],
          },
        ]),
        byAgency: barChart(
          agencies.map((a) => ({ label: a.agencyName, values: [a.registered, a.active] })),
        ),
        agencies,
        trend: barChart(
          reports.map((r) => ({
            label: String(r.year),
            values: [
              r.enterprises.inspectedMoreThanOnce.beforeCoordination,
              r.enterprises.inspectedMoreThanOnce.afterCoordination,
            ],
          })),
        ),
        trendRows: reports.map((r) => ({ year: r.year, ...r.enterprises.inspectedMoreThanOnce })),
      },
    };
  }
}
