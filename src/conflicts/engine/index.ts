// Public face of the conflict engine: what the Nest service (write-time checks, dry run,
// re-scan, meetings) calls. Everything here is pure and synchronous except the stream.
import { detectConflicts, detectSortedStream, dryRun, type DryRunResult } from './detect';
import { diffConflicts, type ConflictDiff, type DiffOptions, type OpenConflictRef } from './diff';
import {
  createRulebookSelector,
  type RulebookSelector,
  type RulebookSelectorOptions,
} from './rulebooks';
import { suggestResolutions, type SuggestOptions, type Suggestion } from './suggest';
import type { DetectedConflict, DetectionContext, EngineInspection } from './types';

export * from './types';
export * from './rulebooks';
export { conflictId, parentOf } from './identity';
export {
  detectConflicts,
  detectForEnterprises,
  detectSortedStream,
  dryRun,
  isActive,
  isExemptFromCounting,
  type DryRunResult,
} from './detect';
export * from './diff';
export * from './suggest';
export { RULE_FAMILY_LABELS, ruleLabel } from './rule-labels';

/** One configured engine per deployment (rulebook years and severity overrides fixed). */
export interface ConflictEngine {
  readonly selector: RulebookSelector;
  /** Full re-scan, or write-time check over all inspections of the touched parents. */
  detect(inspections: Iterable<EngineInspection>, context?: DetectionContext): DetectedConflict[];
  /** Re-scan from a cursor sorted by taxCode; holds one parent's inspections at a time. */
  detectStream(
    source: AsyncIterable<EngineInspection> | Iterable<EngineInspection>,
    context?: DetectionContext,
  ): AsyncGenerator<DetectedConflict>;
  dryRun(
    existing: Iterable<EngineInspection>,
    candidates: readonly EngineInspection[],
    context?: DetectionContext,
  ): DryRunResult;
  suggest(
    conflict: DetectedConflict,
    parentInspections: readonly EngineInspection[],
    options?: SuggestOptions,
  ): Suggestion[];
  diff(
    previousOpen: Iterable<OpenConflictRef>,
    detected: readonly DetectedConflict[],
    inspections?: Iterable<EngineInspection>,
  ): ConflictDiff;
}

export type ConflictEngineConfig = RulebookSelectorOptions;

export function createConflictEngine(config: ConflictEngineConfig = {}): ConflictEngine {
  const selector = createRulebookSelector(config);
  return {
    selector,
    detect: (inspections, context) => detectConflicts(inspections, selector, context),
    detectStream: (source, context) => detectSortedStream(source, selector, context),
    dryRun: (existing, candidates, context) => dryRun(existing, candidates, selector, context),
    suggest: (conflict, parentInspections, options) =>
      suggestResolutions(conflict, parentInspections, selector, options),
    diff: (previousOpen, detected, inspections) => {
      const options: DiffOptions = { selector };
      if (inspections) options.inspections = inspections;
      return diffConflicts(previousOpen, detected, options);
    },
  };
}
