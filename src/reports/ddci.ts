// Figures in the terms of the DDCI/PCI surveys (how often firms are inspected, and by how many
// agencies at once): pure, from the year's inspections and their late lifecycle steps.
import { toEpochDay, type DayWindow } from '../domain/calendar-day';
import type { LocalizedMessage } from '../domain/localized-message';

export interface DdciInspection {
  parentTaxCode: string;
  window: DayWindow;
}

export interface LateStep {
  agencyCode: string;
  agencyLabel: string;
  step: string;
  status: 'late' | 'overdue';
}

export interface DdciYear {
  year: number;
  /** Parent enterprises (10-digit tax code) with at least one inspection still to happen. */
  enterprisesInspected: number;
  /** Inspections still to happen per inspected enterprise (a joint one counts once). */
  inspectionsPerEnterprise: number | null;
  /** Share of inspected enterprises with two inspections whose windows share a day. */
  shareWithOverlappingInspections: number | null;
  /** Share of inspected enterprises with five or more inspections in the year. */
  shareWithFiveOrMore: number | null;
}

export interface DdciReport extends DdciYear {
  /** Statutory steps done late or overdue, per agency (named with its successor). */
  lateStepsByAgency: Array<{
    agencyCode: string;
    agencyLabel: string;
    late: number;
    overdue: number;
    byStep: Record<string, number>;
  }>;
  /** The same four figures for the earlier years asked for, oldest first. */
  trend: DdciYear[];
  labels: Record<string, LocalizedMessage>;
}

export const DDCI_LABELS: Record<string, LocalizedMessage> = {
  enterprisesInspected: {
    vi: 'Số doanh nghiệp được thanh tra, kiểm tra',
    en: 'Enterprises inspected',
  },
  inspectionsPerEnterprise: {
    vi: 'Số cuộc thanh tra, kiểm tra bình quân mỗi doanh nghiệp',
    en: 'Inspections per inspected enterprise',
  },
  shareWithOverlappingInspections: {
    vi: 'Tỷ lệ doanh nghiệp có các cuộc thanh tra, kiểm tra trùng lặp thời gian',
    en: 'Share of enterprises with overlapping inspections',
  },
  shareWithFiveOrMore: {
    vi: 'Tỷ lệ doanh nghiệp bị thanh tra, kiểm tra từ 5 lần trở lên trong năm',
    en: 'Share of enterprises inspected five or more times in the year',
  },
  lateStepsByAgency: {
    vi: 'Số bước chậm so với thời hạn luật định, theo cơ quan',
    en: 'Steps late against their statutory deadline, by agency',
  },
};

const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);

export function ddciYear(year: number, inspections: readonly DdciInspection[]): DdciYear {
  const byParent = new Map<string, DayWindow[]>();
  for (const i of inspections) {
    const list = byParent.get(i.parentTaxCode) ?? [];
    list.push(i.window);
    byParent.set(i.parentTaxCode, list);
  }
  let overlapping = 0;
  let fiveOrMore = 0;
  for (const windows of byParent.values()) {
    if (windows.length >= 5) fiveOrMore++;
    const sorted = windows
      .map((w) => [toEpochDay(w.from), toEpochDay(w.to)] as const)
      .sort((a, b) => a[0] - b[0]);
    let reach = -Infinity;
    for (const [from, to] of sorted) {
      if (from <= reach) {
        overlapping++;
        break;
      }
      reach = Math.max(reach, to);
    }
  }
  const n = byParent.size;
  return {
    year,
    enterprisesInspected: n,
    inspectionsPerEnterprise: n === 0 ? null : Math.round((inspections.length / n) * 100) / 100,
    shareWithOverlappingInspections: share(overlapping, n),
    shareWithFiveOrMore: share(fiveOrMore, n),
  };
}

export function lateStepsByAgency(steps: readonly LateStep[]): DdciReport['lateStepsByAgency'] {
  const rows = new Map<string, DdciReport['lateStepsByAgency'][number]>();
  for (const s of steps) {
    const row = rows.get(s.agencyCode) ?? {
      agencyCode: s.agencyCode,
      agencyLabel: s.agencyLabel,
      late: 0,
      overdue: 0,
      byStep: {},
    };
    row[s.status]++;
    row.byStep[s.step] = (row.byStep[s.step] ?? 0) + 1;
    rows.set(s.agencyCode, row);
  }
  return [...rows.values()].sort(
    (a, b) => b.late + b.overdue - (a.late + a.overdue) || (a.agencyCode < b.agencyCode ? -1 : 1),
  );
}
