// What happens after a plan is approved, and how long each step may take: versioned, cited
// data, like the conflict rulebooks. A change in the law is a new rulebook object here, never
// a new branch in the deadline core. Which rulebook governs an inspection is chosen by its type
// and by the day its decision was issued (or, before that, its window's first day).
import type { CalendarDay } from '../../domain/calendar-day';
import type { LocalizedMessage } from '../../domain/localized-message';
import type { InspectionType } from '../../domain/vocabulary';

import type { AgencyLevel } from '../../agencies/succession';

export type { AgencyLevel };

/** Steps a deadline can be about, in the order they happen. */
export const DEADLINE_STEPS = [
  'window',
  'announcement',
  'on-site',
  'results-report',
  'draft-conclusion',
  'conclusion',
  'publication',
] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

/**
 * How a period is counted. 'calendar': calendar days, and a period whose last day is a weekend
 * or a holiday ends on the next working day (Civil Code 91/2015/QH13, Art. 148(5)); the Law on
 * Inspection 2025 writes "ngày làm việc" where it means working days (Art. 34(1)), so a plain
 * "ngày" is read as calendar days. 'working': working days (the on-site stays; see README).
 */
export type DayUnit = 'working' | 'calendar';

interface RuleBase {
  /** Globally unique and stable: deadlines and reports name it. */
  id: string;
  citation: LocalizedMessage;
  statement: LocalizedMessage;
  unit: DayUnit;
}

/** `days` after the anchor step's day (the anchor's own day not counted). */
export interface PeriodRule extends RuleBase {
  kind: 'period';
  step: Exclude<DeadlineStep, 'window' | 'on-site'>;
  days: number;
  /** The longer period of a complex inspection (cuộc thanh tra phức tạp), where the law has one. */
  complexDays?: number;
  /**
   * Working days allowed before the period starts, for a step the registry does not record
   * (the assignment to draft the conclusion, within 5 working days of the report, Art. 34(1)).
   */
  leadInWorkingDays?: number;
}

/** The announcement is made on the day the check starts (kiểm tra, Decree 217/2025). */
export interface AtStartRule extends RuleBase {
  kind: 'at-start';
  step: 'announcement';
}

/** On-site stay of at most `days` (counted from its first day), extended once by `extensionDays`. */
export interface OnSiteRule extends RuleBase {
  kind: 'on-site';
  step: 'on-site';
  level: AgencyLevel;
  days: number;
  extensionDays: number;
}

/** Suspension (tạm dừng) once, at most `maxDays`. */
export interface SuspensionRule extends RuleBase {
  kind: 'suspension';
  maxDays: number;
}

export type LifecycleRule = PeriodRule | AtStartRule | OnSiteRule | SuspensionRule;

export interface LifecycleRulebook {
  id: string;
  version: string;
  type: InspectionType;
  /** Decisions issued on or after this day follow the rulebook. */
  effectiveFrom: CalendarDay;
  title: LocalizedMessage;
  rules: readonly LifecycleRule[];
}

const LAW_84_2025: LocalizedMessage = {
  vi: 'Luật Thanh tra số 84/2025/QH15 (hiệu lực từ ngày 01/7/2025)',
  en: 'Law on Inspection 84/2025/QH15 (in force from 1 July 2025)',
};

const LAW_84_2025_ART_34: LocalizedMessage = {
  vi: 'Luật Thanh tra số 84/2025/QH15, Điều 34 (xây dựng dự thảo kết luận thanh tra)',
  en: 'Law on Inspection 84/2025/QH15, Article 34 (drafting the conclusion)',
};

const LAW_84_2025_ART_36: LocalizedMessage = {
  vi: 'Luật Thanh tra số 84/2025/QH15, Điều 36 khoản 1 (ban hành kết luận thanh tra)',
  en: 'Law on Inspection 84/2025/QH15, Article 36(1) (signing the conclusion)',
};

const DECREE_217_2025: LocalizedMessage = {
  vi: 'Nghị định số 217/2025/NĐ-CP về hoạt động kiểm tra chuyên ngành',
  en: 'Decree 217/2025/ND-CP on specialised checks',
};

export const LTT2025: LifecycleRulebook = {
  id: 'LTT2025',
  version: '2025-07-01.2',
  type: 'thanh-tra',
  effectiveFrom: '2025-07-01',
  title: { vi: 'Luật Thanh tra 2025', en: 'Law on Inspection 2025' },
  rules: [
    {
      id: 'ltt2025.announcement',
      kind: 'period',
      step: 'announcement',
      days: 15,
      unit: 'calendar',
      citation: LAW_84_2025,
      statement: {
        vi: 'Quyết định thanh tra được gửi cho đối tượng thanh tra và công bố trong thời hạn 15 ngày kể từ ngày ban hành',
        en: 'The inspection decision is sent to the enterprise and announced within 15 days of being issued',
      },
    },
    {
      id: 'ltt2025.on-site.province',
      kind: 'on-site',
      step: 'on-site',
      level: 'province',
      days: 45,
      extensionDays: 25,
      unit: 'working',
      citation: LAW_84_2025,
      statement: {
        vi: 'Thời hạn thanh tra tại nơi được thanh tra của Thanh tra tỉnh không quá 45 ngày, gia hạn một lần không quá 25 ngày',
        en: 'A provincial inspectorate stays on site at most 45 days, extended once by at most 25',
      },
    },
    {
      id: 'ltt2025.suspension',
      kind: 'suspension',
      maxDays: 30,
      unit: 'calendar',
      citation: LAW_84_2025,
      statement: {
        vi: 'Việc thanh tra tại nơi được thanh tra được tạm dừng một lần, không quá 30 ngày',
        en: 'The on-site inspection may be suspended once, for at most 30 days',
      },
    },
    {
      id: 'ltt2025.results-report',
      kind: 'period',
      step: 'results-report',
      days: 20,
      complexDays: 30,
      unit: 'calendar',
      citation: LAW_84_2025,
      statement: {
        vi: 'Báo cáo kết quả thanh tra trong thời hạn 20 ngày (cuộc phức tạp: 30 ngày) kể từ ngày kết thúc thanh tra tại nơi được thanh tra',
        en: 'The results report is due within 20 days (30 if complex) of the end of the on-site inspection',
      },
    },
    {
      id: 'ltt2025.draft-conclusion',
      kind: 'period',
      step: 'draft-conclusion',
      days: 20,
      complexDays: 30,
      leadInWorkingDays: 5,
      unit: 'calendar',
      citation: LAW_84_2025_ART_34,
      statement: {
        vi: 'Người ra quyết định thanh tra giao xây dựng dự thảo kết luận trong 05 ngày làm việc kể từ ngày nhận báo cáo kết quả; dự thảo trong thời hạn 20 ngày (cuộc phức tạp: 30 ngày) kể từ ngày giao',
        en: 'The draft conclusion is assigned within 5 working days of the results report and due within 20 days (30 if complex) of the assignment',
      },
    },
    {
      id: 'ltt2025.conclusion',
      kind: 'period',
      step: 'conclusion',
      days: 15,
      unit: 'calendar',
      citation: LAW_84_2025_ART_36,
      statement: {
        vi: 'Kết luận thanh tra được ký ban hành trong thời hạn 15 ngày kể từ ngày nhận dự thảo kết luận',
        en: 'The conclusion is signed within 15 days of the draft conclusion',
      },
    },
    {
      id: 'ltt2025.publication',
      kind: 'period',
      step: 'publication',
      days: 10,
      unit: 'calendar',
      citation: LAW_84_2025,
      statement: {
        vi: 'Kết luận thanh tra được công khai trên cổng thông tin điện tử của cơ quan trong thời hạn 10 ngày kể từ ngày ký',
        en: "The conclusion is published on the agency's web portal within 10 days of signing",
      },
    },
  ],
};

const onSiteKiemTra = (
  level: AgencyLevel,
  days: number,
  extensionDays: number,
  who: LocalizedMessage,
): OnSiteRule => ({
  id: `nd217.on-site.${level}`,
  kind: 'on-site',
  step: 'on-site',
  level,
  days,
  extensionDays,
  unit: 'working',
  citation: DECREE_217_2025,
  statement: {
    vi: `Thời hạn kiểm tra tại nơi được kiểm tra của ${who.vi} không quá ${days} ngày, gia hạn một lần không quá ${extensionDays} ngày`,
    en: `${who.en} stays on site at most ${days} days, extended once by at most ${extensionDays}`,
  },
});

export const ND217: LifecycleRulebook = {
  id: 'ND217',
  version: '2025-07-01',
  type: 'kiem-tra',
  effectiveFrom: '2025-07-01',
  title: { vi: 'Nghị định 217/2025/NĐ-CP', en: 'Decree 217/2025/ND-CP' },
  rules: [
    {
      id: 'nd217.announcement',
      kind: 'at-start',
      step: 'announcement',
      unit: 'working',
      citation: DECREE_217_2025,
      statement: {
        vi: 'Quyết định kiểm tra được công bố khi bắt đầu kiểm tra; không công khai trước đó',
        en: 'The check decision is announced when the check starts, and not shown publicly before',
      },
    },
    onSiteKiemTra('province', 10, 5, { vi: 'sở, ban, ngành', en: 'A provincial department' }),
    onSiteKiemTra('commune', 7, 3, { vi: 'Ủy ban nhân dân cấp xã', en: 'A commune' }),
    onSiteKiemTra('central', 15, 7, { vi: 'đơn vị thuộc bộ', en: 'A ministry unit' }),
  ],
};

export const BUILT_IN_LIFECYCLE_RULEBOOKS: readonly LifecycleRulebook[] = [LTT2025, ND217];

/**
 * The rulebook for an inspection of `type` whose decision (or window) starts on `day`: the
 * latest one in force then. undefined before 1 July 2025: the earlier law is not encoded, so
 * no deadline is claimed rather than a wrong one.
 */
export function lifecycleRulebookFor(
  type: InspectionType,
  day: CalendarDay,
  rulebooks: readonly LifecycleRulebook[] = BUILT_IN_LIFECYCLE_RULEBOOKS,
): LifecycleRulebook | undefined {
  return rulebooks
    .filter((rb) => rb.type === type && rb.effectiveFrom <= day)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
}

export function onSiteRule(rb: LifecycleRulebook, level: AgencyLevel): OnSiteRule | undefined {
  return rb.rules.find((r): r is OnSiteRule => r.kind === 'on-site' && r.level === level);
}

export function suspensionRule(rb: LifecycleRulebook): SuspensionRule | undefined {
  return rb.rules.find((r): r is SuspensionRule => r.kind === 'suspension');
}
