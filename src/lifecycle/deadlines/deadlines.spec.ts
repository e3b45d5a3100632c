import { applyStep, StepInputs } from '../transitions';
import type { InspectionLifecycle, LifecycleStep } from '../lifecycle';
import { calendar, context, emptyLifecycle, subject } from '../testing/fixtures';
import { deadlinesOf, DeadlineSubject } from './deadlines';

const DECISION = {
  number: '15/QĐ-TTT',
  date: '2026-02-05',
  signer: 'Chánh Thanh tra',
  team: ['A'],
};
const FINDINGS = { violations: [], sanctions: [], recommendations: [] };

function life(
  steps: [LifecycleStep, unknown][],
  type: 'thanh-tra' | 'kiem-tra' = 'thanh-tra',
  level: DeadlineSubject['level'] = 'province',
) {
  let r: InspectionLifecycle = emptyLifecycle();
  for (const [step, input] of steps)
    r = applyStep(r, step, input as StepInputs[typeof step], context({ type, level }));
  return r;
}

function deadline(
  step: string,
  lc: InspectionLifecycle | null,
  today: string,
  s: Partial<DeadlineSubject> = {},
) {
  return deadlinesOf(subject(s), lc, { calendar, today }).find((d) => d.step === step);
}

const ON_SITE: [LifecycleStep, unknown][] = [
  ['decision', DECISION],
  ['announcement', { date: '2026-02-10' }],
  ['on-site-start', { date: '2026-03-16' }],
];

describe('statutory deadlines', () => {
  it('announcement of a thanh tra: 15 days after the decision; ending on Tết, it moves to the next working day', () => {
    const decided = life([['decision', DECISION]]);
    // 5/2 + 15 days is 20/2, mùng 4 Tết (Tết 2026 is 16–20/2): the period ends on Monday 23/2.
    expect(deadline('announcement', decided, '2026-02-23')).toMatchObject({
      dueDate: '2026-02-23',
      status: 'due',
      ruleId: 'ltt2025.announcement',
      rulebook: { id: 'LTT2025' },
    });
    expect(deadline('announcement', decided, '2026-02-24')!.status).toBe('overdue');
    const inTime = life([
      ['decision', DECISION],
      ['announcement', { date: '2026-02-23' }],
    ]);
    expect(deadline('announcement', inTime, '2026-12-01')).toMatchObject({
      status: 'done-in-time',
      doneOn: '2026-02-23',
    });
    const late = life([
      ['decision', DECISION],
      ['announcement', { date: '2026-02-24' }],
    ]);
    expect(deadline('announcement', late, '2026-12-01')!.status).toBe('late');
  });

  it('on site: 45 working days for the provincial inspectorate, holidays of 27/4, 30/4 and 1/5 skipped', () => {
    expect(deadline('on-site', life(ON_SITE), '2026-04-01')).toMatchObject({
      dueDate: '2026-05-20',
      status: 'due',
      ruleId: 'ltt2025.on-site.province',
    });
    expect(deadline('on-site', life(ON_SITE), '2026-05-21')!.status).toBe('overdue');
    const ended = life([...ON_SITE, ['on-site-end', { date: '2026-05-21' }]]);
    expect(deadline('on-site', ended, '2026-12-01')!.status).toBe('late');
  });

  it('on site: the one extension adds its days, a suspension stops the clock', () => {
    const extended = life([
      ...ON_SITE,
      ['extension', { date: '2026-05-15', days: 25, reason: 'x' }],
    ]);
    expect(deadline('on-site', extended, '2026-05-21')).toMatchObject({
      dueDate: '2026-06-24',
      status: 'due',
    });
    const suspended = life([
      ...ON_SITE,
      ['suspension', { from: '2026-04-01', to: '2026-04-14', reason: 'x' }],
    ]);
    expect(deadline('on-site', suspended, '2026-05-21')).toMatchObject({
      dueDate: '2026-06-03',
      status: 'due',
    });
  });

  it('results report: 20 days after the on-site end, 30 for a complex inspection (7/6 is a Sunday: 8/6)', () => {
    const ended: [LifecycleStep, unknown][] = [...ON_SITE, ['on-site-end', { date: '2026-05-08' }]];
    expect(deadline('results-report', life(ended), '2026-06-01')).toMatchObject({
      dueDate: '2026-05-28',
      ruleId: 'ltt2025.results-report',
    });
    const complex = life([['decision', { ...DECISION, complex: true }], ...ended.slice(1)]);
    expect(deadline('results-report', complex, '2026-06-01')!.dueDate).toBe('2026-06-08');
  });

  it('draft (5 working days to assign, then 20 days), signature, publication: ending on 3/9 moves to 4/9', () => {
    const lc = life([
      ...ON_SITE,
      ['on-site-end', { date: '2026-05-08' }],
      ['results-report', { date: '2026-06-05' }],
      ['draft-conclusion', { date: '2026-07-10' }],
      ['conclusion', { number: '1/KL', date: '2026-08-24', findings: FINDINGS }],
    ]);
    expect(deadline('draft-conclusion', lc, '2026-09-01')).toMatchObject({
      dueDate: '2026-07-02',
      status: 'late',
    });
    expect(deadline('conclusion', lc, '2026-09-01')).toMatchObject({
      dueDate: '2026-07-27',
      status: 'late',
    });
    expect(deadline('publication', lc, '2026-09-04')).toMatchObject({
      dueDate: '2026-09-04',
      status: 'due',
    });
    expect(deadline('publication', lc, '2026-09-05')!.status).toBe('overdue');
  });

  it('kiểm tra: announced at the start; 10 days for a Sở, 7 for a commune, 15 for a ministry unit', () => {
    const steps: [LifecycleStep, unknown][] = [
      ['decision', DECISION],
      ['on-site-start', { date: '2026-03-16' }],
    ];
    const k = { type: 'kiem-tra' as const };
    expect(deadline('announcement', life(steps, 'kiem-tra'), '2026-03-16', k)).toMatchObject({
      dueDate: '2026-03-16',
      status: 'done-in-time',
      ruleId: 'nd217.announcement',
    });
    expect(deadline('on-site', life(steps, 'kiem-tra'), '2026-03-16', k)).toMatchObject({
      dueDate: '2026-03-27',
      ruleId: 'nd217.on-site.province',
    });
    expect(
      deadline('on-site', life(steps, 'kiem-tra', 'commune'), '2026-03-16', {
        ...k,
        level: 'commune',
      })!.dueDate,
    ).toBe('2026-03-24');
    expect(
      deadline('on-site', life(steps, 'kiem-tra', 'central'), '2026-03-16', {
        ...k,
        level: 'central',
      })!.dueDate,
    ).toBe('2026-04-03');
    expect(
      deadline(
        'results-report',
        life([...steps, ['on-site-end', { date: '2026-03-20' }]], 'kiem-tra'),
        '2026-03-20',
        k,
      ),
    ).toBeUndefined();
  });

  it('flags a window that passed with the inspection never started', () => {
    expect(deadline('window', null, '2026-06-30')).toMatchObject({
      dueDate: '2026-06-30',
      status: 'due',
      ruleId: 'plan.window',
    });
    expect(deadline('window', null, '2026-07-01')!.status).toBe('overdue');
    expect(deadline('window', life(ON_SITE), '2026-07-01')!.status).toBe('done-in-time');
    expect(
      deadlinesOf(subject({ state: 'cancelled' }), null, { calendar, today: '2026-07-01' }),
    ).toEqual([]);
    expect(
      deadlinesOf(subject({ planStatus: 'submitted' }), null, { calendar, today: '2026-07-01' }),
    ).toEqual([]);
    const dropped = life([
      ['decision', DECISION],
      ['not-carried-out', { date: '2026-03-01', reason: 'Giải thể' }],
    ]);
    expect(deadlinesOf(subject(), dropped, { calendar, today: '2026-07-01' })).toEqual([]);
  });

  it('claims no statutory deadline for a decision issued before 1 July 2025', () => {
    const old = emptyLifecycle();
    old.decision = { ...DECISION, date: '2025-03-03' };
    const steps = deadlinesOf(subject({ window: { from: '2025-03-01', to: '2025-03-31' } }), old, {
      calendar,
      today: '2025-12-01',
    });
    expect(steps.map((d) => d.ruleId)).toEqual(['plan.window']);
  });
});
