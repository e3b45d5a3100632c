// Each step of an inspection's life is a dated transition with its own checks. Pure: the
// service loads the record and the inspection, calls `applyStep`, and stores what comes back.
import { CalendarDay, formatDayVi, toEpochDay } from '../domain/calendar-day';
import type { InspectionState, InspectionType } from '../domain/vocabulary';
import type { WorkingCalendar } from './calendar/public-holidays';
import {
  AgencyLevel,
  LifecycleRulebook,
  onSiteRule,
  suspensionRule,
} from './deadlines/lifecycle-rulebooks';
import type { Findings, InspectionDecision, InspectionLifecycle, LifecycleStep } from './lifecycle';

export interface StepInputs {
  decision: InspectionDecision;
  announcement: { date: CalendarDay };
  'on-site-start': { date: CalendarDay };
  extension: { date: CalendarDay; days: number; reason: string };
  suspension: { from: CalendarDay; to: CalendarDay; reason: string };
  'on-site-end': { date: CalendarDay };
  'results-report': { date: CalendarDay };
  'draft-conclusion': { date: CalendarDay };
  conclusion: { number: string; date: CalendarDay; findings: Findings };
  publication: { date: CalendarDay; link: string };
  'follow-up': { date: CalendarDay; note: string; done?: boolean };
  'not-carried-out': { date: CalendarDay; reason: string };
}

export interface StepContext {
  type: InspectionType;
  planStatus: string;
  state: InspectionState;
  level: AgencyLevel;
  rulebook?: LifecycleRulebook;
  calendar: WorkingCalendar;
  today: CalendarDay;
  actor: string;
  now: Date;
}

/** Why a step was refused: a stable code, the field at fault, and what to do (en and vi). */
export class StepRefused extends Error {
  constructor(
    readonly code: string,
    readonly field: string,
    message: string,
    /** The same, as the officer's page says it. */
    readonly messageVi: string,
    /** 409 when the step collides with what is already recorded, else 422. */
    readonly status: 409 | 422 = 422,
  ) {
    super(message);
  }
}

const refuse = (
  code: string,
  field: string,
  message: { en: string; vi: string },
  status: 409 | 422 = 422,
) => {
  throw new StepRefused(code, field, message.en, message.vi, status);
};

/** The steps a later one is checked against, as each language names them. */
const EARLIER = {
  decision: { en: 'the decision', vi: 'ngày ký quyết định' },
  announcement: { en: 'the announcement', vi: 'ngày công bố quyết định' },
  announcementOfDecision: { en: 'the announcement of the decision', vi: 'công bố quyết định' },
  onSiteStart: { en: 'the on-site start', vi: 'ngày bắt đầu làm việc tại doanh nghiệp' },
  onSiteEnd: { en: 'the on-site end', vi: 'ngày kết thúc làm việc tại doanh nghiệp' },
  resultsReport: { en: 'the results report', vi: 'ngày báo cáo kết quả' },
  draftConclusion: { en: 'the draft conclusion', vi: 'ngày dự thảo kết luận' },
  conclusionSigning: { en: 'the signing of the conclusion', vi: 'ngày ký kết luận' },
  signedConclusion: { en: 'the signed conclusion', vi: 'kết luận đã ký' },
} as const;
type Earlier = (typeof EARLIER)[keyof typeof EARLIER];
const vi = formatDayVi;
const ON_SITE_ENDED = {
  en: 'The on-site inspection has ended',
  vi: 'Đã kết thúc làm việc tại doanh nghiệp',
};

function notBefore(
  day: CalendarDay,
  earliest: CalendarDay | undefined,
  field: string,
  what: Earlier,
) {
  if (earliest && day < earliest)
    refuse('DATE_BEFORE_PREVIOUS_STEP', field, {
      en: `${field} ${day} is before ${what.en} (${earliest})`,
      vi: `Ngày này trước ${what.vi} (${vi(earliest)})`,
    });
}

function once(present: unknown, step: LifecycleStep) {
  if (present)
    refuse(
      'STEP_ALREADY_RECORDED',
      step,
      { en: `${step} is already recorded`, vi: 'Bước này đã được ghi nhận' },
      409,
    );
}

function requireStep(present: unknown, step: LifecycleStep, needed: Earlier) {
  if (!present)
    refuse('STEP_OUT_OF_ORDER', step, {
      en: `${step} needs ${needed.en} first`,
      vi: `Chưa ghi được bước này: cần ghi ${needed.vi.replace(/^ngày /, '')} trước`,
    });
}

/** The dates a step carries, to check none lies in the future. */
function datesOf(step: LifecycleStep, input: Record<string, unknown>): [string, CalendarDay][] {
  if (step === 'suspension') return [['from', input.from as CalendarDay]];
  return [['date', input.date as CalendarDay]];
}

const daysBetween = (from: CalendarDay, to: CalendarDay) => toEpochDay(to) - toEpochDay(from);

/** Applies one step to a copy of the record; throws StepRefused when a check fails. */
export function applyStep<S extends LifecycleStep>(
  record: InspectionLifecycle,
  step: S,
  input: StepInputs[S],
  ctx: StepContext,
): InspectionLifecycle {
  if (ctx.planStatus !== 'approved')
    refuse('PLAN_NOT_APPROVED', 'inspectionId', {
      en: 'Only inspections of approved plans have a lifecycle',
      vi: 'Chỉ cuộc thuộc kế hoạch đã phê duyệt mới ghi được các bước',
    });
  if (ctx.state === 'cancelled' || ctx.state === 'merged')
    refuse('INSPECTION_INACTIVE', 'inspectionId', {
      en: `The inspection is ${ctx.state}`,
      vi: 'Cuộc này đã bị hủy hoặc đã gộp vào cuộc khác',
    });
  if (record.notCarriedOut)
    refuse('INSPECTION_NOT_CARRIED_OUT', step, {
      en: 'The inspection was recorded as not carried out',
      vi: 'Cuộc này đã được ghi là không tiến hành',
    });
  for (const [field, day] of datesOf(step, input as Record<string, unknown>)) {
    if (day > ctx.today)
      refuse('DATE_IN_FUTURE', field, {
        en: `${field} ${day} is after today (${ctx.today}): record steps once they happen`,
        vi: `Ngày này sau hôm nay (${vi(ctx.today)}): chỉ ghi bước đã diễn ra`,
      });
  }

  const r: InspectionLifecycle = structuredClone(record);
  const o = r.onSite;
  let day: CalendarDay;
  switch (step) {
    case 'decision': {
      const i = input as StepInputs['decision'];
      once(r.decision, step);
      r.decision = { ...i, team: [...i.team] };
      day = i.date;
      break;
    }
    case 'announcement': {
      const i = input as StepInputs['announcement'];
      once(r.announced, step);
      requireStep(r.decision, step, EARLIER.decision);
      notBefore(i.date, r.decision!.date, 'date', EARLIER.decision);
      if (ctx.type === 'kiem-tra' && o.start && i.date !== o.start)
        refuse('KIEM_TRA_ANNOUNCED_AT_START', 'date', {
          en: 'A kiểm tra is announced on the day it starts',
          vi: 'Cuộc kiểm tra được công bố đúng ngày bắt đầu làm việc tại doanh nghiệp',
        });
      r.announced = { date: i.date };
      day = i.date;
      break;
    }
    case 'on-site-start': {
      const i = input as StepInputs['on-site-start'];
      once(o.start, step);
      requireStep(r.decision, step, EARLIER.decision);
      notBefore(i.date, r.decision!.date, 'date', EARLIER.decision);
      if (ctx.type === 'kiem-tra') {
        // Decree 217/2025: announced when the check starts. Starting is announcing.
        if (r.announced && r.announced.date !== i.date)
          refuse('KIEM_TRA_ANNOUNCED_AT_START', 'date', {
            en: `A kiểm tra starts on the day it is announced (${r.announced.date})`,
            vi: `Cuộc kiểm tra bắt đầu đúng ngày công bố (${vi(r.announced.date)})`,
          });
        r.announced ??= { date: i.date };
      } else {
        requireStep(r.announced, step, EARLIER.announcementOfDecision);
        notBefore(i.date, r.announced!.date, 'date', EARLIER.announcement);
      }
      o.start = i.date;
      day = i.date;
      break;
    }
    case 'extension': {
      const i = input as StepInputs['extension'];
      requireStep(o.start, step, EARLIER.onSiteStart);
      if (o.end) refuse('ON_SITE_ENDED', step, ON_SITE_ENDED);
      if (o.extension)
        refuse(
          'EXTENSION_ALREADY_USED',
          step,
          {
            en: `The on-site period was already extended on ${o.extension.date}; it is extended once only`,
            vi: `Đã gia hạn ngày ${vi(o.extension.date)}; chỉ được gia hạn một lần`,
          },
          409,
        );
      notBefore(i.date, o.start, 'date', EARLIER.onSiteStart);
      const rule = ctx.rulebook && onSiteRule(ctx.rulebook, ctx.level);
      if (rule && i.days > rule.extensionDays)
        refuse('EXTENSION_TOO_LONG', 'days', {
          en: `${rule.citation.en} allows an extension of at most ${rule.extensionDays} days (${rule.id})`,
          vi: `${rule.citation.vi}: chỉ được gia hạn tối đa ${rule.extensionDays} ngày`,
        });
      o.extension = { ...i };
      day = i.date;
      break;
    }
    case 'suspension': {
      const i = input as StepInputs['suspension'];
      requireStep(o.start, step, EARLIER.onSiteStart);
      if (o.end) refuse('ON_SITE_ENDED', step, ON_SITE_ENDED);
      if (o.suspension)
        refuse(
          'SUSPENSION_ALREADY_USED',
          step,
          {
            en: 'The on-site inspection was already suspended once',
            vi: 'Đã tạm dừng một lần; chỉ được tạm dừng một lần',
          },
          409,
        );
      notBefore(i.from, o.start, 'from', EARLIER.onSiteStart);
      if (i.to < i.from)
        refuse('SUSPENSION_ENDS_BEFORE_START', 'to', {
          en: 'to is before from',
          vi: 'Ngày kết thúc tạm dừng trước ngày bắt đầu tạm dừng',
        });
      const rule = ctx.rulebook && suspensionRule(ctx.rulebook);
      const length =
        rule?.unit === 'calendar'
          ? daysBetween(i.from, i.to) + 1
          : ctx.calendar.workingDaysIn(i.from, i.to);
      if (rule && length > rule.maxDays)
        refuse('SUSPENSION_TOO_LONG', 'to', {
          en: `${rule.citation.en} allows one suspension of at most ${rule.maxDays} days (${rule.id}); this one is ${length}`,
          vi: `${rule.citation.vi}: chỉ được tạm dừng tối đa ${rule.maxDays} ngày; lần này ${length} ngày`,
        });
      o.suspension = { ...i };
      day = i.from;
      break;
    }
    case 'on-site-end': {
      const i = input as StepInputs['on-site-end'];
      once(o.end, step);
      requireStep(o.start, step, EARLIER.onSiteStart);
      notBefore(i.date, o.start, 'date', EARLIER.onSiteStart);
      if (o.suspension && i.date >= o.suspension.from && i.date <= o.suspension.to)
        refuse('ON_SITE_SUSPENDED', 'date', {
          en: `The on-site inspection is suspended from ${o.suspension.from} to ${o.suspension.to}`,
          vi: `Ngày này nằm trong thời gian tạm dừng (từ ${vi(o.suspension.from)} đến ${vi(o.suspension.to)})`,
        });
      o.end = i.date;
      day = i.date;
      break;
    }
    case 'results-report': {
      const i = input as StepInputs['results-report'];
      once(r.resultsReport, step);
      requireStep(o.end, step, EARLIER.onSiteEnd);
      notBefore(i.date, o.end, 'date', EARLIER.onSiteEnd);
      r.resultsReport = { date: i.date };
      day = i.date;
      break;
    }
    case 'draft-conclusion': {
      const i = input as StepInputs['draft-conclusion'];
      once(r.draftConclusion, step);
      requireStep(r.resultsReport, step, EARLIER.resultsReport);
      notBefore(i.date, r.resultsReport!.date, 'date', EARLIER.resultsReport);
      r.draftConclusion = { date: i.date };
      day = i.date;
      break;
    }
    case 'conclusion': {
      const i = input as StepInputs['conclusion'];
      once(r.conclusion, step);
      requireStep(o.end, step, EARLIER.onSiteEnd);
      if (ctx.type === 'thanh-tra') {
        requireStep(r.draftConclusion, step, EARLIER.draftConclusion);
        notBefore(i.date, r.draftConclusion!.date, 'date', EARLIER.draftConclusion);
      }
      notBefore(i.date, o.end, 'date', EARLIER.onSiteEnd);
      r.conclusion = structuredClone(i);
      day = i.date;
      break;
    }
    case 'publication': {
      const i = input as StepInputs['publication'];
      once(r.published, step);
      requireStep(r.conclusion, step, EARLIER.signedConclusion);
      notBefore(i.date, r.conclusion!.date, 'date', EARLIER.conclusionSigning);
      r.published = { ...i };
      day = i.date;
      break;
    }
    case 'follow-up': {
      const i = input as StepInputs['follow-up'];
      requireStep(r.conclusion, step, EARLIER.signedConclusion);
      notBefore(i.date, r.conclusion!.date, 'date', EARLIER.conclusionSigning);
      r.followUps.push({ date: i.date, note: i.note, done: i.done ?? false });
      day = i.date;
      break;
    }
    case 'not-carried-out': {
      const i = input as StepInputs['not-carried-out'];
      if (o.start)
        refuse('ON_SITE_STARTED', step, {
          en: `The inspection started on ${o.start}; end it and record its conclusion instead`,
          vi: `Cuộc đã bắt đầu làm việc tại doanh nghiệp ngày ${vi(o.start)}: hãy ghi kết thúc và kết luận`,
        });
      r.notCarriedOut = { ...i };
      day = i.date;
      break;
    }
    default:
      throw new Error(`unknown step ${String(step)}`);
  }
  r.history.push({ step, day, at: ctx.now, actor: ctx.actor });
  r.revision += 1;
  r.updatedAt = ctx.now;
  return r;
}
