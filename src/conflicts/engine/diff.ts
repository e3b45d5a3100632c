// Open / keep / close: what a re-scan or write-time check changes among stored conflicts.
// Only OPEN conflicts are compared; resolved and exempted ones are the meeting's decisions and
// the service leaves them alone.
import { isActive } from './detect';
import type { RulebookSelector } from './rulebooks';
import type { Bilingual, DetectedConflict, EngineInspection } from './types';

/** What the service has stored about a conflict that is still open. */
export interface OpenConflictRef {
  id: string;
  ruleId: string;
  taxCode: string;
  year?: number;
  inspectionIds: readonly string[];
}

export type CloseReason =
  /** An inspection was deleted or moved to another enterprise. */
  | 'inspection-removed'
  /** An inspection was cancelled or merged into another. */
  | 'inspection-inactive'
  /** The same rule now fires over a different set of inspections (it grew or shrank). */
  | 'superseded'
  /** The rulebook governing that year no longer has the rule (config or rulebook change). */
  | 'rule-not-in-force'
  /** Everything still exists but the rule no longer fires (dates, evidence, form changed). */
  | 'cause-removed';

export interface ConflictClosure {
  id: string;
  reason: CloseReason;
  /** Inspections behind the reason (removed / inactive ones). */
  inspectionIds?: string[];
  /** New conflicts that took over (reason 'superseded'). */
  supersededBy?: string[];
  explanation: Bilingual;
}

export interface ConflictDiff {
  /** Detected now and not open before: upsert as open. */
  open: DetectedConflict[];
  /** Detected now and already open: refresh facts/explanation, keep history. */
  keep: DetectedConflict[];
  /** Open before and no longer detected: close with the reason. */
  close: ConflictClosure[];
}

export interface DiffOptions {
  /** The current inspections of the scope, to say WHY a conflict went away. */
  inspections?: Iterable<EngineInspection>;
  /** To recognise a rule's family across rulebooks and rules no longer in force. */
  selector?: RulebookSelector;
}

/**
 * Compare previously open conflicts with a fresh detection over the SAME scope (the parents
 * of a write-time check, or the year of a re-scan). Passing open conflicts from outside the
 * scope would close them wrongly: filter them first.
 */
export function diffConflicts(
  previousOpen: Iterable<OpenConflictRef>,
  detected: readonly DetectedConflict[],
  options: DiffOptions = {},
): ConflictDiff {
  const detectedById = new Map(detected.map((c) => [c.id, c]));
  const previous = new Map<string, OpenConflictRef>();
  for (const p of previousOpen) previous.set(p.id, p);

  const open: DetectedConflict[] = [];
  const keep: DetectedConflict[] = [];
  for (const c of detected) (previous.has(c.id) ? keep : open).push(c);

  const current = options.inspections ? new Map<string, EngineInspection>() : undefined;
  if (current && options.inspections) for (const i of options.inspections) current.set(i.id, i);

  // New conflicts by parent, to find what took over from a closed one.
  const byParent = new Map<string, DetectedConflict[]>();
  for (const c of detected) {
    const list = byParent.get(c.taxCode);
    if (list) list.push(c);
    else byParent.set(c.taxCode, [c]);
  }
  const family = (ruleId: string) => options.selector?.familyOfRule(ruleId) ?? ruleId;

  const close: ConflictClosure[] = [];
  for (const p of previous.values()) {
    if (detectedById.has(p.id)) continue;
    close.push(explainClosure(p, current, byParent.get(p.taxCode) ?? [], family, options.selector));
  }
  return { open, keep, close };
}

function explainClosure(
  p: OpenConflictRef,
  current: Map<string, EngineInspection> | undefined,
  sameParent: readonly DetectedConflict[],
  family: (ruleId: string) => string,
  selector: RulebookSelector | undefined,
): ConflictClosure {
  if (current) {
    const removed = p.inspectionIds.filter((id) => {
      const i = current.get(id);
      return !i || i.taxCode.slice(0, 10) !== p.taxCode;
    });
    if (removed.length > 0) {
      return {
        id: p.id,
        reason: 'inspection-removed',
        inspectionIds: removed,
        explanation: {
          vi: `Đã đóng: cuộc ${removed.join(', ')} không còn trong kế hoạch của doanh nghiệp (MST ${p.taxCode})`,
          en: `Closed: inspection ${removed.join(', ')} is no longer planned for the enterprise (tax code ${p.taxCode})`,
        },
      };
    }
    const inactive = p.inspectionIds.filter((id) => !isActive(current.get(id)!));
    if (inactive.length > 0) {
      const states = inactive.map((id) => `${id} (${current.get(id)!.state})`).join(', ');
      return {
        id: p.id,
        reason: 'inspection-inactive',
        inspectionIds: inactive,
        explanation: {
          vi: `Đã đóng: cuộc ${states} đã bị hủy hoặc đã gộp vào cuộc khác`,
          en: `Closed: inspection ${states} was cancelled or merged into another`,
        },
      };
    }
  }
  const members = new Set(p.inspectionIds);
  const takers = sameParent.filter(
    (c) => family(c.ruleId) === family(p.ruleId) && c.inspectionIds.some((id) => members.has(id)),
  );
  if (takers.length > 0) {
    const ids = takers.map((c) => c.id);
    return {
      id: p.id,
      reason: 'superseded',
      supersededBy: ids,
      explanation: {
        vi: `Đã đóng: thay bằng xung đột ${ids.join(', ')} với danh sách cuộc thanh tra, kiểm tra đã thay đổi`,
        en: `Closed: replaced by conflict ${ids.join(', ')} over a changed set of inspections`,
      },
    };
  }
  if (selector && p.year !== undefined) {
    const rb = selector.forYear(p.year);
    if (!rb || !rb.rulebook.rules.some((r) => r.id === p.ruleId)) {
      const now = rb ? `${rb.ref.id} ${rb.ref.version}` : '—';
      return {
        id: p.id,
        reason: 'rule-not-in-force',
        explanation: {
          vi: `Đã đóng: quy tắc ${p.ruleId} không còn áp dụng cho năm ${p.year} (bộ quy tắc hiện hành: ${now})`,
          en: `Closed: rule ${p.ruleId} no longer applies to ${p.year} (rulebook now: ${now})`,
        },
      };
    }
  }
  return {
    id: p.id,
    reason: 'cause-removed',
    explanation: {
      vi: 'Đã đóng: các cuộc thanh tra, kiểm tra đã được điều chỉnh nên không còn vi phạm quy tắc',
      en: 'Closed: the inspections were changed and no longer break the rule',
    },
  };
}
