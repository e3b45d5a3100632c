import { InvalidInputError, RuleViolationError } from '../common/errors/domain-errors';
import { CreatePlanDto } from '../registry/plans/plan.dto';
import { barChart } from './charts/bars';
import { timeline } from './charts/timeline';
import { fieldErrorsOf, formAs, withoutBlanks } from './forms/form-errors';
import { filterQuery, pageOf, yearOf } from './forms/query';
import { navFor } from './rendering/layout-context';
import { createEnvironment, viDateTime, viDay } from './rendering/page-renderer';
import { safeNext } from './sign-in/safe-next';

describe('safeNext', () => {
  it.each([
    ['/web/plans?year=2026', '/web/plans?year=2026'],
    ['/public/enterprises/0100109106', '/public/enterprises/0100109106'],
    ['//evil.example/web', '/web'],
    ['https://evil.example/web', '/web'],
    ['/\\evil.example', '/web'],
    ['/web\\..\\x', '/web'],
    ['/auth/tokens', '/web'],
    ['/webx', '/web'],
    [undefined, '/web'],
  ])('%s → %s', (next, expected) => expect(safeNext(next)).toBe(expected));
});

describe('query helpers', () => {
  it('reads a year in range, else the default', () => {
    expect([
      yearOf('2027', 2026),
      yearOf('1999', 2026),
      yearOf('2026x', 2026),
      yearOf(undefined, 2026),
    ]).toEqual([2027, 2026, 2026, 2026]);
  });
  it('reads a page number, else 1', () => {
    expect([pageOf('3'), pageOf('0'), pageOf('-2'), pageOf('a')]).toEqual([3, 1, 1, 1]);
  });
  it('writes the filters given, escaped, ending in &', () => {
    expect(
      filterQuery({
        year: 2026,
        rule: 'nq198.frequency kiem-tra',
        status: undefined,
        agencyCode: '',
      }),
    ).toBe('year=2026&rule=nq198.frequency%20kiem-tra&');
    expect(filterQuery({})).toBe('');
  });
});

describe('form errors', () => {
  it('puts each field error beside its field in Vietnamese, the service’s own text first', () => {
    const error = new InvalidInputError('VALIDATION_FAILED', 'x', [
      { field: 'decision.number', code: 'IS_NOT_EMPTY', message: 'number should not be empty' },
      {
        field: 'file',
        code: 'FILE_REQUIRED',
        message: 'attach',
        messageVi: 'Hãy đính kèm tệp kế hoạch',
      },
    ]);
    expect(fieldErrorsOf(error, { 'decision.number': 'decisionNumber' })).toEqual({
      decisionNumber: 'Chưa nhập thông tin này',
      file: 'Hãy đính kèm tệp kế hoạch',
    });
  });
  it('keeps a whole-request refusal for the top of the form', () => {
    expect(fieldErrorsOf(new RuleViolationError('PLAN_EMPTY', 'Plan has no inspections'))).toEqual({
      '': 'Kế hoạch chưa có cuộc thanh tra, kiểm tra nào',
    });
  });
  it('rethrows what is not a domain error', () => {
    expect(() => fieldErrorsOf(new Error('boom'))).toThrow('boom');
  });
  it('validates a form with the API’s DTO and drops blank fields', async () => {
    await expect(
      formAs(
        CreatePlanDto,
        withoutBlanks({ agencyCode: 'skhcn', year: 2026, kind: 'annual', title: ' ' }),
      ),
    ).resolves.toMatchObject({
      agencyCode: 'SKHCN',
      year: 2026,
    });
    await expect(
      formAs(CreatePlanDto, { agencyCode: 'SKHCN', year: 2026, kind: 'x' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'kind', code: 'IS_IN' })],
    });
  });
});

describe('navigation', () => {
  it('shows each role only what it may open, the current section marked', () => {
    const officer = navFor(['officer'], '/web/plans/abc');
    expect(officer.map((n) => n.href)).toEqual([
      '/web',
      '/web/plans',
      '/web/conflicts',
      '/web/meetings',
      '/web/feeds',
      '/web/notifications',
    ]);
    expect(officer.filter((n) => n.current).map((n) => n.href)).toEqual(['/web/plans']);
    expect(navFor(['viewer'], '/web').map((n) => n.href)).toContain('/web/reports');
    expect(navFor(['admin'], '/web').map((n) => n.href)).toContain('/web/admin/accounts');
    expect(navFor(['coordinator'], '/web').map((n) => n.href)).not.toContain('/web/admin/accounts');
  });
});

describe('charts', () => {
  it('places each visit window on the months of its years, a shared day overlapping', () => {
    const t = timeline([
      { id: 'a', label: 'A', from: '2026-06-01', to: '2026-06-30' },
      { id: 'b', label: 'B', from: '2026-06-30', to: '2026-07-15' },
    ]);
    expect(t.months).toHaveLength(12);
    const [a, b] = t.bars;
    expect(a.x + a.w).toBeGreaterThan(b.x); // 30 June is in both
    expect(a.x).toBeGreaterThan(t.labelWidth);
    expect(t.bars.map((bar) => bar.y)).toEqual([40, 66]);
  });
  it('draws no bar for a malformed window and spans several years', () => {
    const t = timeline([
      { id: 'a', label: 'A', from: '2025-12-01', to: '2026-01-31' },
      { id: 'b', label: 'B', from: 'quý II', to: '' },
    ]);
    expect(t.bars).toHaveLength(1);
    expect(t.years.map((y) => y.label)).toEqual(['2025', '2026']);
  });
  it('scales bars to the largest value; a zero draws nothing', () => {
    const c = barChart([
      { label: 'x', values: [10, 0] },
      { label: 'y', values: [5, 5] },
    ]);
    expect(c.rows[0].bars.map((b) => b.w)).toEqual([c.rows[0].bars[0].w, 0]);
    expect(c.rows[1].bars[0].w).toBe(Math.round(c.rows[0].bars[0].w / 2));
  });
});

describe('templates', () => {
  it('escape what people typed', () => {
    const env = createEnvironment();
    const html = env.renderString(
      '{% import "macros.njk" as f %}{{ f.input("title", "Tên", values, errors) }}',
      {
        values: { title: '"><script>alert(1)</script>' },
        errors: { title: 'Chưa nhập <b>' },
      },
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;');
    expect(html).toContain('Chưa nhập &lt;b&gt;');
    expect(html).toContain('aria-invalid="true"');
  });
  it('show days and instants as people in Vietnam read them', () => {
    expect(viDay('2026-03-05')).toBe('05/03/2026');
    expect(viDateTime(new Date('2026-03-01T17:30:00Z'))).toBe('02/03/2026 00:30');
  });
});
