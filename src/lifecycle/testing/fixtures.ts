import { createWorkingCalendar } from '../calendar/public-holidays';
import type { DeadlineSubject } from '../deadlines/deadlines';
import type { InspectionLifecycle } from '../lifecycle';
import { StepContext } from '../transitions';
import { lifecycleRulebookFor } from '../deadlines/lifecycle-rulebooks';

export const calendar = createWorkingCalendar();

export function emptyLifecycle(inspectionId = 'i1'): InspectionLifecycle {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    inspectionId,
    registrationCode: 'ABCD-EFGH',
    onSite: {},
    followUps: [],
    history: [],
    revision: 0,
    createdAt: at,
    updatedAt: at,
  };
}

export function context(overrides: Partial<StepContext> = {}): StepContext {
  const type = overrides.type ?? 'thanh-tra';
  return {
    type,
    planStatus: 'approved',
    state: 'planned',
    level: 'province',
    rulebook: lifecycleRulebookFor(type, '2026-01-01'),
    calendar,
    today: '2026-12-31',
    actor: 'cb.thanhtra',
    now: new Date('2026-12-31T03:00:00Z'),
    ...overrides,
  };
}

export function subject(overrides: Partial<DeadlineSubject> = {}): DeadlineSubject {
  return {
    inspectionId: 'i1',
    type: 'thanh-tra',
    window: { from: '2026-03-01', to: '2026-06-30' },
    planStatus: 'approved',
    state: 'planned',
    level: 'province',
    ...overrides,
  };
}
