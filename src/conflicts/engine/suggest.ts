// Suggestions for the coordination meeting. Each candidate is applied to a copy of the
// parent's inspections and detection runs again: only candidates that make the conflict go
// away without causing a new one are offered, so a meeting never approves a fix that fails.
import {
  addYears,
  fromEpochDay,
  toEpochDay,
  weekdayOfEpochDay,
  windowWithWorkingDays,
  workingDaysIn,
  type CalendarDay,
  type DayWindow,
} from '../../domain/calendar-day';
import type { InspectionForm, InspectionType } from '../../domain/vocabulary';
import { byWindowStart, detectConflicts, isActive, isStateAudit, yearOfDay } from './detect';
import { inspectionText, resolveContext, windowText } from './explain';
import { compareIds } from './identity';
import type { RulebookSelector } from './rulebooks';
import type {
  AgencyRef,
  Bilingual,
  DetectedConflict,
  DetectionContext,
  EngineInspection,
} from './types';

interface SuggestionBase {
  conflictId: string;
  explanation: Bilingual;
}

/** One joint (liên ngành) inspection replaces several: `keepId` becomes it, the rest 'merged'. */
export interface MergeSuggestion extends SuggestionBase {
  kind: 'merge';
  keepId: string;
  mergedIds: string[];
  joint: {
    leadAgency: AgencyRef;
    participantAgencyCodes: string[];
    type: InspectionType;
    form: InspectionForm;
    field: string;
    window: DayWindow;
    durationWorkingDays: number;
  };
  /** 'intersection' = the days all windows share; 'nearest' = the closest window that works. */
  windowSource: 'intersection' | 'nearest';
}

export interface MoveToYearSuggestion extends SuggestionBase {
  kind: 'move-to-year';
  inspectionId: string;
  year: number;
  window: DayWindow;
}

export interface SwitchToRemoteSuggestion extends SuggestionBase {
  kind: 'switch-to-remote';
  inspectionId: string;
}

export interface SwitchToKiemTraSuggestion extends SuggestionBase {
  kind: 'switch-to-kiem-tra';
  inspectionId: string;
}

export type Suggestion =
  MergeSuggestion | MoveToYearSuggestion | SwitchToRemoteSuggestion | SwitchToKiemTraSuggestion;

export interface SuggestOptions {
  /** No suggested window starts before this day (pass it; the engine never reads a clock). */
  today?: CalendarDay;
  /** Visit length when an inspection gives none (capped by its own window's working days). */
  defaultDurationWorkingDays?: number;
  /** Upper bound on windows re-checked when the intersection does not work. */
  maxWindowCandidates?: number;
  /** How many years later a move may go (1 = next year only). */
  maxYearsAhead?: number;
  context?: DetectionContext;
}

/** Apply a suggestion to a copy of the inspections (the service does the same to documents). */
export function applySuggestion(
  inspections: readonly EngineInspection[],
  s: Suggestion,
): EngineInspection[] {
  switch (s.kind) {
    case 'merge': {
      const merged = new Set(s.mergedIds);
      return inspections.map((i) => {
        if (i.id === s.keepId) {
          return {
            ...i,
            leadAgency: { ...s.joint.leadAgency },
            participantAgencyCodes: [...s.joint.participantAgencyCodes],
            type: s.joint.type,
            form: s.joint.form,
            field: s.joint.field,
            window: { ...s.joint.window },
            durationWorkingDays: s.joint.durationWorkingDays,
          };
        }
        return merged.has(i.id) ? { ...i, state: 'merged' as const } : i;
      });
    }
    case 'move-to-year':
      return inspections.map((i) =>
        i.id === s.inspectionId ? { ...i, window: { ...s.window } } : i,
      );
    case 'switch-to-remote':
      return inspections.map((i) =>
        i.id === s.inspectionId ? { ...i, form: 'remote' as const } : i,
      );
    case 'switch-to-kiem-tra':
      return inspections.map((i) =>
        i.id === s.inspectionId ? { ...i, type: 'kiem-tra' as const } : i,
      );
  }
}

/**
 * The re-check. `after` must not contain the conflict's rule over any of its inspections, and
 * every conflict in `after` must already exist in `before` (same rule, a subset of its
 * inspections — a frequency set that shrank is not new; one that gained a member is).
 */
export function resolvesWithoutNewConflicts(
  conflict: DetectedConflict,
  before: readonly DetectedConflict[],
  after: readonly DetectedConflict[],
): boolean {
  const members = new Set(conflict.inspectionIds);
  for (const c of after) {
    if (c.ruleId === conflict.ruleId && c.inspectionIds.some((id) => members.has(id))) return false;
    const covered = before.some(
      (b) => b.ruleId === c.ruleId && c.inspectionIds.every((id) => b.inspectionIds.includes(id)),
    );
    if (!covered) return false;
  }
  return true;
}

/**
 * Re-checked suggestions for one conflict. `parentInspections` = every inspection of the
 * conflict's parent enterprise (as for a write-time check). Returns [] when the conflict is
 * stale (an inspection is gone or inactive) or nothing passes the re-check.
 */
export function suggestResolutions(
  conflict: DetectedConflict,
  parentInspections: readonly EngineInspection[],
  selector: RulebookSelector,
  options: SuggestOptions = {},
): Suggestion[] {
  const byId = new Map(parentInspections.map((i) => [i.id, i]));
  const members: EngineInspection[] = [];
  for (const id of conflict.inspectionIds) {
    const i = byId.get(id);
    if (!i || !isActive(i)) return [];
    members.push(i);
  }
  members.sort(byWindowStart);

  const before = detectConflicts(parentInspections, selector, options.context);
  const passes = (s: Suggestion) =>
    resolvesWithoutNewConflicts(
      conflict,
      before,
      detectConflicts(applySuggestion(parentInspections, s), selector, options.context),
    );
  const ctx = resolveContext(options.context);
  const out: Suggestion[] = [];

  switch (conflict.family) {
    case 'frequency':
    case 'same-field':
    case 'window-overlap': {
      const merge = suggestMerge(conflict, members, passes, ctx, options);
      if (merge) out.push(merge);
      const move = suggestMove(conflict, members, passes, ctx, options);
      if (move) out.push(move);
      break;
    }
    case 'state-audit': {
      // The State Audit's own schedule is not the province's to move: move the other one.
      const move = suggestMove(
        conflict,
        members.filter((i) => !isStateAudit(i)),
        passes,
        ctx,
        options,
      );
      if (move) out.push(move);
      break;
    }
    case 'good-complier-remote': {
      const i = members[0];
      const d = inspectionText(i, ctx);
      const s: SwitchToRemoteSuggestion = {
        kind: 'switch-to-remote',
        conflictId: conflict.id,
        inspectionId: i.id,
        explanation: {
          vi: `Chuyển cuộc ${d.vi} sang hình thức kiểm tra từ xa qua dữ liệu điện tử`,
          en: `Turn the ${d.en} into a remote check from electronic data`,
        },
      };
      if (passes(s)) out.push(s);
      break;
    }
    case 'thanh-tra-authority': {
      const i = members[0];
      const d = inspectionText(i, ctx);
      const s: SwitchToKiemTraSuggestion = {
        kind: 'switch-to-kiem-tra',
        conflictId: conflict.id,
        inspectionId: i.id,
        explanation: {
          vi: `Chuyển cuộc ${d.vi} thành kiểm tra chuyên ngành (hoặc giao cơ quan thanh tra chủ trì)`,
          en: `Turn the ${d.en} into a specialised check (or have an inspectorate lead it)`,
        },
      };
      if (passes(s)) out.push(s);
      break;
    }
    // Ad-hoc basis and scope need a person: record the evidence or narrow the decision.
    case 'ad-hoc-evidence':
    case 'ad-hoc-scope':
      break;
  }
  return out;
}

function neededWorkingDays(members: readonly EngineInspection[], fallback: number): number {
  let needed = 1;
  for (const i of members) {
    const own = i.durationWorkingDays ?? Math.min(fallback, workingDaysIn(i.window));
    if (own > needed) needed = own;
  }
  return needed;
}

function suggestMerge(
  conflict: DetectedConflict,
  members: readonly EngineInspection[],
  passes: (s: Suggestion) => boolean,
  ctx: ReturnType<typeof resolveContext>,
  options: SuggestOptions,
): MergeSuggestion | undefined {
  if (members.length < 2 || members.some(isStateAudit)) return undefined;
  const lead = members.find((i) => i.leadAgency.kind === 'inspectorate') ?? members[0];
  const agencies = new Set<string>();
  for (const i of members) {
    agencies.add(i.leadAgency.code);
    for (const c of i.participantAgencyCodes) agencies.add(c);
  }
  agencies.delete(lead.leadAgency.code);
  const needed = neededWorkingDays(members, options.defaultDurationWorkingDays ?? 5);
  const base = {
    kind: 'merge' as const,
    conflictId: conflict.id,
    keepId: lead.id,
    mergedIds: members
      .filter((i) => i !== lead)
      .map((i) => i.id)
      .sort(compareIds),
  };
  const joint = (window: DayWindow): MergeSuggestion['joint'] => ({
    leadAgency: { ...lead.leadAgency },
    participantAgencyCodes: [...agencies].sort(compareIds),
    type: members.some((i) => i.type === 'thanh-tra') ? 'thanh-tra' : 'kiem-tra',
    form: members.some((i) => i.form === 'on-site') ? 'on-site' : 'remote',
    field: lead.field,
    window,
    durationWorkingDays: needed,
  });
  const explain = (j: MergeSuggestion['joint']): Bilingual => {
    const w = windowText(j.window);
    const others = j.participantAgencyCodes.map((c) => ctx.agencyName(c)).join(', ');
    const leadName = ctx.agencyName(j.leadAgency.code);
    const typeVi = j.type === 'thanh-tra' ? 'thanh tra' : 'kiểm tra';
    return {
      vi: `Gộp ${members.length} cuộc thành một cuộc ${typeVi} liên ngành do ${leadName} chủ trì, phối hợp ${others}, thời gian ${w.vi} (${j.durationWorkingDays} ngày làm việc)`,
      en: `Merge the ${members.length} inspections into one joint ${j.type} led by ${leadName} with ${others}, ${w.en} (${j.durationWorkingDays} working days)`,
    };
  };

  // 1. The days every window shares, when they hold the visit.
  let from = members[0].window.from;
  let to = members[0].window.to;
  for (const i of members) {
    if (i.window.from > from) from = i.window.from;
    if (i.window.to < to) to = i.window.to;
  }
  if (options.today && from < options.today) from = options.today;
  if (from <= to && workingDaysIn({ from, to }) >= needed) {
    const j = joint({ from, to });
    const s: MergeSuggestion = {
      ...base,
      joint: j,
      windowSource: 'intersection',
      explanation: explain(j),
    };
    if (passes(s)) return s;
  }

  // 2. The nearest window of `needed` working days in the conflict's year (so the year the
  //    rules count it in does not change), least days outside the planned windows first.
  const year = conflict.year;
  let start = toEpochDay(`${String(year).padStart(4, '0')}-01-01`);
  const end = toEpochDay(`${String(year).padStart(4, '0')}-12-31`);
  if (options.today) start = Math.max(start, toEpochDay(options.today));
  const candidates: { window: DayWindow; cost: number }[] = [];
  for (let d = start; d <= end; d++) {
    const weekday = weekdayOfEpochDay(d);
    if (weekday === 0 || weekday === 6) continue;
    const window = windowWithWorkingDays(fromEpochDay(d), needed);
    // Cost: days of the joint visit that fall outside each agency's own window, summed —
    // 0 inside the intersection, growing as the window drifts away from any plan.
    const cFrom = d;
    const cTo = toEpochDay(window.to);
    let cost = 0;
    for (const i of members) {
      const overlap =
        Math.min(cTo, toEpochDay(i.window.to)) - Math.max(cFrom, toEpochDay(i.window.from)) + 1;
      cost += cTo - cFrom + 1 - Math.max(0, overlap);
    }
    candidates.push({ window, cost });
  }
  candidates.sort((a, b) => a.cost - b.cost || (a.window.from < b.window.from ? -1 : 1));
  const limit = Math.min(candidates.length, options.maxWindowCandidates ?? 60);
  for (let k = 0; k < limit; k++) {
    const j = joint(candidates[k].window);
    const s: MergeSuggestion = {
      ...base,
      joint: j,
      windowSource: 'nearest',
      explanation: explain(j),
    };
    if (passes(s)) return s;
  }
  return undefined;
}

function suggestMove(
  conflict: DetectedConflict,
  candidates: readonly EngineInspection[],
  passes: (s: Suggestion) => boolean,
  ctx: ReturnType<typeof resolveContext>,
  options: SuggestOptions,
): MoveToYearSuggestion | undefined {
  if (candidates.length === 0) return undefined;
  const later = candidates[candidates.length - 1]; // sorted by window start, then id
  const d = inspectionText(later, ctx);
  for (let years = 1; years <= (options.maxYearsAhead ?? 1); years++) {
    const window = {
      from: addYears(later.window.from, years),
      to: addYears(later.window.to, years),
    };
    const year = yearOfDay(window.from);
    const w = windowText(window);
    const s: MoveToYearSuggestion = {
      kind: 'move-to-year',
      conflictId: conflict.id,
      inspectionId: later.id,
      year,
      window,
      explanation: {
        vi: `Chuyển cuộc ${d.vi} sang năm ${year} (${w.vi})`,
        en: `Move the ${d.en} to ${year} (${w.en})`,
      },
    };
    if (passes(s)) return s;
  }
  return undefined;
}
