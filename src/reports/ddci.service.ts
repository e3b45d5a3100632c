import { Injectable } from '@nestjs/common';
import { INACTIVE_INSPECTION_STATES } from '../domain/vocabulary';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { InspectionRepository } from '../registry/inspections/inspection';
import {
  DDCI_LABELS,
  DdciInspection,
  DdciReport,
  ddciYear,
  LateStep,
  lateStepsByAgency,
} from './ddci';

const TREND_YEARS = 4;

/** GET /reports/:year/ddci: the year in DDCI/PCI terms, with the years before it. */
@Injectable()
export class DdciReportService {
  constructor(
    private readonly inspections: InspectionRepository,
    private readonly lifecycle: LifecycleService,
  ) {}

  async year(year: number): Promise<DdciReport> {
    const years = Array.from({ length: TREND_YEARS + 1 }, (_, k) => year - TREND_YEARS + k);
    const figures = [];
    for (const y of years) figures.push(ddciYear(y, await this.stillHappening(y)));
    const late: LateStep[] = [];
    for (const d of await this.lifecycle.deadlines({ year })) {
      if (d.status === 'late' || d.status === 'overdue')
        late.push({
          agencyCode: d.agencyCode,
          agencyLabel: d.agencyLabel,
          step: d.step,
          status: d.status,
        });
    }
    return {
      ...figures[figures.length - 1],
      lateStepsByAgency: lateStepsByAgency(late),
      trend: figures.slice(0, -1),
      labels: DDCI_LABELS,
    };
  }

  /** Registered (plan not withdrawn) and not cancelled or merged: what an enterprise lives through. */
  private async stillHappening(year: number): Promise<DdciInspection[]> {
    const out: DdciInspection[] = [];
    for await (const i of this.inspections.stream({ year })) {
      if (i.planStatus === 'withdrawn' || INACTIVE_INSPECTION_STATES.includes(i.state)) continue;
      out.push({ parentTaxCode: i.parentTaxCode, window: i.window });
    }
    return out;
  }
}
