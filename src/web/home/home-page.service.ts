import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../../agencies/agencies.service';
import { Clock } from '../../common/time/clock';
import { ConflictQueriesService } from '../../conflicts/conflict-queries.service';
import { ListConflictsQuery } from '../../conflicts/conflict.dto';
import type { Principal } from '../../identity/authentication/principal';
import { readableAgencies, seesEveryAgency } from '../../identity/authorization/agency-scope';
import { LifecycleService } from '../../lifecycle/lifecycle.service';
import { ListMeetingsQuery } from '../../meetings/meeting.dto';
import { MeetingsService } from '../../meetings/meetings.service';
import { ListPlansQuery } from '../../registry/plans/plan.dto';
import { PlansService } from '../../registry/plans/plans.service';
import { ReportsService } from '../../reports/reports.service';
import { DataVersions } from '../../common/data-versions/data-versions';
import type { DeadlineRow } from '../../lifecycle/lifecycle.service';
import { KeptByVersion } from '../../common/data-versions/kept-by-version';
import { PageView } from '../rendering/page-renderer';
import { yearOf } from '../forms/query';

const DONE: Record<string, string> = { password: 'Đã lưu mật khẩu mới.' };

/** What the deadlines read: a write to any of them may change a deadline. */
const DEADLINE_SOURCES = ['inspections', 'inspection_lifecycles', 'agencies'];
/** Deadline lists kept (one per year and set of agencies read). */
const KEPT_DEADLINE_LISTS = 64;

@Injectable()
export class HomePage {
  constructor(
    private readonly plans: PlansService,
    private readonly conflicts: ConflictQueriesService,
    private readonly meetings: MeetingsService,
    private readonly reports: ReportsService,
    private readonly agencies: AgenciesService,
    private readonly lifecycles: LifecycleService,
    private readonly clock: Clock,
    private readonly versions: DataVersions,
  ) {}

  private readonly keptDeadlines = new KeptByVersion<DeadlineRow[]>(KEPT_DEADLINE_LISTS);

  /**
   * The year's deadlines of the reader's agencies still to meet, overdue first, then the
   * nearest; read once (every inspection of the year is read for it) and kept until today
   * or one of its sources changes.
   */
  private async deadlinesOf(who: Principal, year: number): Promise<DeadlineRow[]> {
    const within = readableAgencies(who);
    const today = this.clock.today();
    const version = `${today}|${await this.versions.fingerprint(DEADLINE_SOURCES)}`;
    return this.keptDeadlines.get(
      `${year}|${within ? [...within].sort().join(',') : '*'}`,
      version,
      async () =>
        (await this.lifecycles.deadlines({ year }, within))
          .filter((d) => d.status === 'overdue' || d.status === 'due')
          .sort((a, b) =>
            a.status !== b.status
              ? a.status === 'overdue'
                ? -1
                : 1
              : a.dueDate.localeCompare(b.dueDate),
          ),
    );
  }

  /** What each role came for: an agency's own work, the province's conflicts, the figures. */
  async view(who: Principal, query: Record<string, unknown>): Promise<PageView> {
    const thisYear = Number(this.clock.today().slice(0, 4));
    const year = yearOf(query.year, thisYear);
    const years = [thisYear - 1, thisYear, thisYear + 1];
    const notice = DONE[String(query.done)] ?? '';
    const base = { year, years, notice };
    if (who.roles.includes('admin') || who.roles.includes('coordinator'))
      return this.coordinator(who, { ...base });
    if (seesEveryAgency(who)) return this.leadership({ ...base });
    return this.agency(who, base);
  }

  private async agency(
    who: Principal,
    base: { year: number; years: number[]; notice: string },
  ): Promise<PageView> {
    const agencies = new Map((await this.agencies.list()).map((a) => [a.code, a]));
    const own = await Promise.all(
      who.agencyCodes.map(async (code) => ({
        code: code.toUpperCase(),
        name: agencies.get(code.toUpperCase())?.name ?? code,
        plans: (
          await this.plans.list({
            year: base.year,
            agencyCode: code.toUpperCase(),
            page: 1,
            pageSize: 20,
          } as ListPlansQuery)
        ).items,
      })),
    );
    const [open, deadlines] = await Promise.all([
      this.conflicts.list(
        { year: base.year, status: 'open', page: 1, pageSize: 10 } as ListConflictsQuery,
        who,
      ),
      this.deadlinesOf(who, base.year),
    ]);
    return {
      template: 'home-agency.njk',
      title: 'Trang chủ',
      data: {
        ...base,
        agencies: own,
        openConflicts: open,
        deadlines: { items: deadlines.slice(0, 15), total: deadlines.length },
        mayImport: who.roles.includes('officer'),
        mayApprove: who.roles.includes('approver'),
      },
    };
  }

  private async coordinator(
    who: Principal,
    base: { year: number; years: number[]; notice: string },
  ): Promise<PageView> {
    const [report, meetings, latest] = await Promise.all([
      this.reports.year(base.year),
      this.meetings.list({ status: 'planned', page: 1, pageSize: 50 } as ListMeetingsQuery),
      this.conflicts.list(
        { year: base.year, status: 'open', page: 1, pageSize: 8 } as ListConflictsQuery,
        who,
      ),
    ]);
    const now = this.clock.now().getTime();
    const nextMeeting = meetings.items
      .filter((m) => m.end.getTime() >= now)
      .sort((a, b) => a.start.getTime() - b.start.getTime())[0];
    return {
      template: 'home-coordinator.njk',
      title: 'Trang chủ',
      data: {
        ...base,
        openTotal: report.conflicts.byStatus.open,
        byRule: report.conflicts.byRule.filter((r) => r.open > 0),
        byAgency: report.byAgency
          .filter((a) => a.conflicts.open > 0)
          .sort((a, b) => b.conflicts.open - a.conflicts.open),
        latest,
        nextMeeting,
      },
    };
  }

  private async leadership(base: {
    year: number;
    years: number[];
    notice: string;
  }): Promise<PageView> {
    return {
      template: 'home-leadership.njk',
      title: 'Trang chủ',
      data: { ...base, report: await this.reports.year(base.year) },
    };
  }
}
