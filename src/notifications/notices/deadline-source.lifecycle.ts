import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../../agencies/agency';
import { currentAgency } from '../../agencies/succession';
import type { CalendarDay } from '../../domain/calendar-day';
import { LifecycleService } from '../../lifecycle/lifecycle.service';
import { DeadlineSource, DueDeadline, reminderStage } from './deadline-reminders';

/**
 * The lifecycle's deadlines (LifecycleService.deadlines: approved inspections, one read of the
 * inspections and one of their lifecycles per batch), staged for reminders; each addressed to
 * the agency answering for the inspection today, so an abolished Sở's deadlines reach its
 * successor.
 */
@Injectable()
export class LifecycleDeadlineSource extends DeadlineSource {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly agencies: AgencyRepository,
  ) {
    super();
  }

  async dueAsOf(asOf: CalendarDay, dueSoonDays: number): Promise<DueDeadline[]> {
    const all = await this.agencies.list({});
    const byCode = new Map(all.map((a) => [a.code, a]));
    const out: DueDeadline[] = [];
    for (const row of await this.lifecycle.deadlines({})) {
      const stage = reminderStage(row, asOf, dueSoonDays);
      if (!stage) continue;
      const responsible = currentAgency(row.agencyCode, asOf, (c) => byCode.get(c));
      out.push({
        id: `${row.inspectionId}.${row.ruleId}.${row.dueDate}`,
        stage,
        dueDay: row.dueDate,
        agencyCode: responsible?.code ?? row.agencyCode,
        agencyLabel: row.agencyLabel,
        step: row.step,
        statementVi: row.statement.vi,
        type: row.type,
        inspectionId: row.inspectionId,
        taxCode: row.taxCode,
        enterpriseName: row.enterpriseName,
      });
    }
    return out;
  }
}
