import { context, emptyLifecycle } from './testing/fixtures';
import { applyStep, StepInputs, StepRefused, StepContext } from './transitions';
import type { InspectionLifecycle, LifecycleStep } from './lifecycle';

const DECISION = {
  number: '15/QĐ-TTT',
  date: '2026-03-02',
  signer: 'Chánh Thanh tra',
  team: ['A', 'B'],
};

function run(steps: [LifecycleStep, unknown][], ctx: Partial<StepContext> = {}) {
  let r: InspectionLifecycle = emptyLifecycle();
  for (const [step, input] of steps)
    r = applyStep(r, step, input as StepInputs[typeof step], context(ctx));
  return r;
}

function refused(fn: () => unknown): { code: string; field: string; status: number } {
  try {
    fn();
  } catch (e) {
    if (e instanceof StepRefused) return { code: e.code, field: e.field, status: e.status };
    throw e;
  }
  throw new Error('the step was accepted');
}

const UNTIL_ON_SITE: [LifecycleStep, unknown][] = [
  ['decision', DECISION],
  ['announcement', { date: '2026-03-10' }],
  ['on-site-start', { date: '2026-03-16' }],
];

describe('lifecycle transitions', () => {
  it('walks a thanh tra from decision to follow-up, recording who and when', () => {
    const r = run([
      ...UNTIL_ON_SITE,
      ['on-site-end', { date: '2026-05-08' }],
      ['results-report', { date: '2026-05-20' }],
      ['draft-conclusion', { date: '2026-06-05' }],
      [
        'conclusion',
        {
          number: '20/KL-TTT',
          date: '2026-06-15',
          findings: {
            violations: ['Không niêm yết giá'],
            sanctions: [{ description: 'Phạt tiền', amountVnd: 15_000_000 }],
            recommendations: ['Niêm yết giá'],
          },
        },
      ],
      ['publication', { date: '2026-06-20', link: 'https://thanhtra.example.gov.vn/kl/20' }],
      ['follow-up', { date: '2026-07-20', note: 'Đã nộp phạt', done: true }],
    ]);
    expect(r.history.map((h) => h.step)).toEqual([
      'decision',
      'announcement',
      'on-site-start',
      'on-site-end',
      'results-report',
      'draft-conclusion',
      'conclusion',
      'publication',
      'follow-up',
    ]);
    expect(r.history[0]).toMatchObject({ day: '2026-03-02', actor: 'cb.thanhtra' });
    expect(r.revision).toBe(9);
    expect(r.conclusion!.findings.sanctions[0].amountVnd).toBe(15_000_000);
  });

  it('refuses a conclusion before the on-site end, and steps out of order', () => {
    const r = run(UNTIL_ON_SITE);
    expect(
      refused(() =>
        applyStep(
          r,
          'conclusion',
          {
            number: '1',
            date: '2026-04-01',
            findings: { violations: [], sanctions: [], recommendations: [] },
          },
          context(),
        ),
      ),
    ).toMatchObject({ code: 'STEP_OUT_OF_ORDER', field: 'conclusion' });
    expect(refused(() => run([['announcement', { date: '2026-03-10' }]]))).toMatchObject({
      code: 'STEP_OUT_OF_ORDER',
    });
    expect(
      refused(() =>
        run([
          ['decision', DECISION],
          ['on-site-start', { date: '2026-03-16' }],
        ]),
      ),
    ).toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
    expect(
      refused(() =>
        run([
          ['decision', DECISION],
          ['announcement', { date: '2026-03-01' }],
        ]),
      ),
    ).toMatchObject({ code: 'DATE_BEFORE_PREVIOUS_STEP', field: 'date' });
  });

  it('extends the on-site period once only, by at most 25 days for the provincial inspectorate', () => {
    const r = run([
      ...UNTIL_ON_SITE,
      ['extension', { date: '2026-05-01', days: 25, reason: 'Hồ sơ nhiều' }],
    ]);
    expect(r.onSite.extension!.days).toBe(25);
    expect(
      refused(() =>
        applyStep(r, 'extension', { date: '2026-05-02', days: 1, reason: 'lần hai' }, context()),
      ),
    ).toEqual({ code: 'EXTENSION_ALREADY_USED', field: 'extension', status: 409 });
    expect(
      refused(() =>
        run([...UNTIL_ON_SITE, ['extension', { date: '2026-05-01', days: 26, reason: 'x' }]]),
      ),
    ).toMatchObject({ code: 'EXTENSION_TOO_LONG', field: 'days' });
  });

  it('holds a kiểm tra of a Sở to 5 extra days and announces it when it starts', () => {
    const ctx = { type: 'kiem-tra' as const };
    const r = run(
      [
        ['decision', DECISION],
        ['on-site-start', { date: '2026-03-16' }],
      ],
      ctx,
    );
    expect(r.announced).toEqual({ date: '2026-03-16' });
    expect(
      refused(() =>
        applyStep(r, 'extension', { date: '2026-03-20', days: 6, reason: 'x' }, context(ctx)),
      ),
    ).toMatchObject({ code: 'EXTENSION_TOO_LONG' });
    expect(
      refused(() =>
        run(
          [
            ['decision', DECISION],
            ['announcement', { date: '2026-03-10' }],
            ['on-site-start', { date: '2026-03-16' }],
          ],
          ctx,
        ),
      ),
    ).toMatchObject({ code: 'KIEM_TRA_ANNOUNCED_AT_START' });
    const commune = { type: 'kiem-tra' as const, level: 'commune' as const };
    expect(
      refused(() =>
        run(
          [
            ['decision', DECISION],
            ['on-site-start', { date: '2026-03-16' }],
            ['extension', { date: '2026-03-18', days: 4, reason: 'x' }],
          ],
          commune,
        ),
      ),
    ).toMatchObject({ code: 'EXTENSION_TOO_LONG' });
  });

  it('suspends once, for at most 30 working days, and not past the end', () => {
    const r = run([
      ...UNTIL_ON_SITE,
      ['suspension', { from: '2026-04-01', to: '2026-04-14', reason: 'Chờ giám định' }],
    ]);
    expect(
      refused(() =>
        applyStep(
          r,
          'suspension',
          { from: '2026-04-20', to: '2026-04-21', reason: 'x' },
          context(),
        ),
      ),
    ).toMatchObject({ code: 'SUSPENSION_ALREADY_USED', status: 409 });
    expect(
      refused(() => applyStep(r, 'on-site-end', { date: '2026-04-10' }, context())),
    ).toMatchObject({ code: 'ON_SITE_SUSPENDED' });
    expect(
      refused(() =>
        run([
          ...UNTIL_ON_SITE,
          ['suspension', { from: '2026-04-01', to: '2026-05-20', reason: 'x' }],
        ]),
      ),
    ).toMatchObject({ code: 'SUSPENSION_TOO_LONG' });
  });

  it('refuses future dates, unapproved plans, inactive inspections, and anything after "not carried out"', () => {
    expect(refused(() => run([['decision', { ...DECISION, date: '2027-01-01' }]]))).toMatchObject({
      code: 'DATE_IN_FUTURE',
    });
    expect(refused(() => run([['decision', DECISION]], { planStatus: 'submitted' }))).toMatchObject(
      { code: 'PLAN_NOT_APPROVED' },
    );
    expect(refused(() => run([['decision', DECISION]], { state: 'cancelled' }))).toMatchObject({
      code: 'INSPECTION_INACTIVE',
    });
    const dropped = run([
      ['decision', DECISION],
      ['not-carried-out', { date: '2026-04-01', reason: 'Doanh nghiệp giải thể' }],
    ]);
    expect(
      refused(() => applyStep(dropped, 'announcement', { date: '2026-04-02' }, context())),
    ).toMatchObject({ code: 'INSPECTION_NOT_CARRIED_OUT' });
    expect(
      refused(() =>
        run([...UNTIL_ON_SITE, ['not-carried-out', { date: '2026-04-01', reason: 'x' }]]),
      ),
    ).toMatchObject({ code: 'ON_SITE_STARTED' });
  });

  it('does not change the record it was given', () => {
    const r = emptyLifecycle();
    applyStep(r, 'decision', DECISION, context());
    expect(r.decision).toBeUndefined();
    expect(r.history).toEqual([]);
  });
});
