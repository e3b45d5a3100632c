// Each step of an inspection's life is a dated transition with its own checks. Pure: the
// service loads the record and the inspection, calls `applyStep`, and stores what comes back.
import { CalendarDay, toEpochDay } from '../domain/calendar-day';
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

/** Why a step was refused: a stable code, the field at fault, and what to do. */
export class StepRefused extends Error {
  constructor(
    readonly code: string,
    readonly field: string,
    message: string,
    /** 409 when the step collides with what is already recorded, else 422. */
    readonly status: 409 | 422 = 422,
  ) {
    super(message);
  }
}

const refuse = (code: string, field: string, message: string, status: 409 | 422 = 422) => {
  throw new StepRefused(code, field, message, status);
};

function notBefore(
  day: CalendarDay,
  earliest: CalendarDay | undefined,
  field: string,
  what: string,
) {
  if (earliest && day < earliest)
    refuse('DATE_BEFORE_PREVIOUS_STEP', field, `${field} ${day} is before ${what} (${earliest})`);
}

function once(present: unknown, step: LifecycleStep) {
  if (present) refuse('STEP_ALREADY_RECORDED', step, `${step} is already recorded`, 409);
}

function requireStep(present: unknown, step: LifecycleStep, needed: string) {
  if (!present) refuse('STEP_OUT_OF_ORDER', step, `${step} needs ${needed} first`);
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
    refuse(
      'PLAN_NOT_APPROVED',
      'inspectionId',
      'Only inspections of approved plans have a lifecycle',
    );
  if (ctx.state === 'cancelled' || ctx.state === 'merged')
    refuse('INSPECTION_INACTIVE', 'inspectionId', `The inspection is ${ctx.state}`);
  if (record.notCarriedOut)
    refuse('INSPECTION_NOT_CARRIED_OUT', step, 'The inspection was recorded as not carried out');
  for (const [field, day] of datesOf(step, input as Record<string, unknown>)) {
    if (day > ctx.today)
      refuse(
        'DATE_IN_FUTURE',
        field,
        `${field} ${day} is after today (${ctx.today}): record steps once they happen`,
      );
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
      requireStep(r.decision, step, 'the decision');
      notBefore(i.date, r.decision!.date, 'date', 'the decision');
      if (ctx.type === 'kiem-tra' && o.start && i.date !== o.start)
        refuse(
          'KIEM_TRA_ANNOUNCED_AT_START',
          'date',
          'A kiểm tra is announced on the day it starts',
        );
      r.announced = { date: i.date };
      day = i.date;
      break;
    }
    case 'on-site-start': {
      const i = input as StepInputs['on-site-start'];
      once(o.start, step);
      requireStep(r.decision, step, 'the decision');
      notBefore(i.date, r.decision!.date, 'date', 'the decision');
      if (ctx.type === 'kiem-tra') {
        // Decree 217/2025: announced when the check starts. Starting is announcing.
        if (r.announced && r.announced.date !== i.date)
          refuse(
            'KIEM_TRA_ANNOUNCED_AT_START',
            'date',
            `A kiểm tra starts on the day it is announced (${r.announced.date})`,
          );
        r.announced ??= { date: i.date };
      } else {
        requireStep(r.announced, step, 'the announcement of the decision');
        notBefore(i.date, r.announced!.date, 'date', 'the announcement');
      }
      o.start = i.date;
      day = i.date;
      break;
    }
    case 'extension': {
      const i = input as StepInputs['extension'];
      requireStep(o.start, step, 'the on-site start');
      if (o.end) refuse('ON_SITE_ENDED', step, 'The on-site inspection has ended');
      if (o.extension)
        refuse(
          'EXTENSION_ALREADY_USED',
          step,
          `The on-site period was already extended on ${o.extension.date}; it is extended once only`,
          409,
        );
      notBefore(i.date, o.start, 'date', 'the on-site start');
      const rule = ctx.rulebook && onSiteRule(ctx.rulebook, ctx.level);
      if (rule && i.days > rule.extensionDays)
        refuse(
          'EXTENSION_TOO_LONG',
          'days',
          `${rule.citation.en} allows an extension of at most ${rule.extensionDays} days (${rule.id})`,
        );
      o.extension = { ...i };
      day = i.date;
      break;
    }
    case 'suspension': {
      const i = input as StepInputs['suspension'];
      requireStep(o.start, step, 'the on-site start');
      if (o.end) refuse('ON_SITE_ENDED', step, 'The on-site inspection has ended');
      if (o.suspension)
        refuse(
          'SUSPENSION_ALREADY_USED',
          step,
          'The on-site inspection was already suspended once',
          409,
        );
      notBefore(i.from, o.start, 'from', 'the on-site start');
      if (i.to < i.from) refuse('SUSPENSION_ENDS_BEFORE_START', 'to', 'to is before from');
      const rule = ctx.rulebook && suspensionRule(ctx.rulebook);
      const length =
        rule?.unit === 'calendar'
          ? daysBetween(i.from, i.to) + 1
          : ctx.calendar.workingDaysIn(i.from, i.to);
      if (rule && length > rule.maxDays)
        refuse(
          'SUSPENSION_TOO_LONG',
          'to',
          `${rule.citation.en} allows one suspension of at most ${rule.maxDays} days (${rule.id}); this one is ${length}`,
        );
      o.suspension = { ...i };
      day = i.from;
      break;
    }
    case 'on-site-end': {
      const i = input as StepInputs['on-site-end'];
      once(o.end, step);
      requireStep(o.start, step, 'the on-site start');
      notBefore(i.date, o.start, 'date', 'the on-site start');
      if (o.suspension && i.date >= o.suspension.from && i.date <= o.suspension.to)
        refuse(
          'ON_SITE_SUSPENDED',
          'date',
          `The on-site inspection is suspended from ${o.suspension.from} to ${o.suspension.to}`,
        );
      o.end = i.date;
      day = i.date;
      break;
    }
    case 'results-report': {
      const i = input as StepInputs['results-report'];
      once(r.resultsReport, step);
      requireStep(o.end, step, 'the on-site end');
      notBefore(i.date, o.end, 'date', 'the on-site end');
      r.resultsReport = { date: i.date };
      day = i.date;
      break;
    }
    case 'draft-conclusion': {
      const i = input as StepInputs['draft-conclusion'];
      once(r.draftConclusion, step);
      requireStep(r.resultsReport, step, 'the results report');
      notBefore(i.date, r.resultsReport!.date, 'date', 'the results report');
      r.draftConclusion = { date: i.date };
      day = i.date;
      break;
    }
    case 'conclusion': {
      const i = input as StepInputs['conclusion'];
      once(r.conclusion, step);
      requireStep(o.end, step, 'the on-site end');
      if (ctx.type === 'thanh-tra') {
        requireStep(r.draftConclusion, step, 'the draft conclusion');
        notBefore(i.date, r.draftConclusion!.date, 'date', 'the draft conclusion');
      }
      notBefore(i.date, o.end, 'date', 'the on-site end');
      r.conclusion = structuredClone(i);
      day = i.date;
      break;
    }
    case 'publication': {
      const i = input as StepInputs['publication'];
      once(r.published, step);
      requireStep(r.conclusion, step, 'the signed conclusion');
      notBefore(i.date, r.conclusion!.date, 'date', 'the signing of the conclusion');
      r.published = { ...i };
      day = i.date;
      break;
    }
    case 'follow-up': {
      const i = input as StepInputs['follow-up'];
      requireStep(r.conclusion, step, 'the signed conclusion');
      notBefore(i.date, r.conclusion!.date, 'date', 'the signing of the conclusion');
      r.followUps.push({ date: i.date, note: i.note, done: i.done ?? false });
      day = i.date;
      break;
    }
    case 'not-carried-out': {
      const i = input as StepInputs['not-carried-out'];
      if (o.start)
        refuse(
          'ON_SITE_STARTED',
          step,
          `The inspection started on ${o.start}; end it and record its conclusion instead`,
        );
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
