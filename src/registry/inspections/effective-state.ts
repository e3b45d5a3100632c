import type { InspectionState } from '../../domain/vocabulary';
import type { Inspection } from './inspection';

/**
 * The state an inspection counts as: a withdrawn plan's inspections no longer happen, so
 * they count as cancelled for the rules, the feeds and the reports alike.
 */
export function effectiveState(i: Pick<Inspection, 'state' | 'planStatus'>): InspectionState {
  return i.planStatus === 'withdrawn' ? 'cancelled' : i.state;
}
