import { createConflictEngine } from './index';
import { AGENCY, insp, TAX, w } from './testing/fixtures';

// Directive 20/CT-TTg: at most one inspection of ANY kind per parent enterprise per year.
describe('frequency under CT20 (plan years up to 2024)', () => {
  const engine = createConflictEngine();
  const frequency = (list: Parameters<typeof engine.detect>[0]) =>
    engine.detect(list).filter((c) => c.family === 'frequency');

  it('one inspection a year is fine', () => {
    expect(frequency([insp('a', { window: w('2024-03-01', '2024-03-05') })])).toEqual([]);
  });

  it('a thanh tra and a kiểm tra by different agencies in one year break the limit', () => {
    const found = frequency([
      insp('a', {
        window: w('2024-03-01', '2024-03-05'),
        type: 'thanh-tra',
        leadAgency: AGENCY.TTT,
      }),
      insp('b', { window: w('2024-09-02', '2024-09-06'), leadAgency: AGENCY.THUE, field: 'thue' }),
    ]);
    expect(found).toHaveLength(1);
    const [c] = found;
    expect(c.ruleId).toBe('ct20.frequency');
    expect(c.rulebook).toEqual({ id: 'CT20', version: '2017-05-17' });
    expect(c.severity).toBe('block');
    expect(c.taxCode).toBe(TAX.A);
    expect(c.year).toBe(2024);
    expect(c.inspectionIds).toEqual(['a', 'b']);
    expect(c.facts.count).toBe(2);
    expect(c.facts.maxPerYear).toBe(1);
    expect(c.facts.agencyCodes).toEqual(['THUE', 'TTT']);
    expect(c.explanation.vi).toContain(
      'Doanh nghiệp Công ty TNHH X (MST 0100109106) có 2 cuộc thanh tra, kiểm tra trong năm 2024',
    );
    expect(c.explanation.vi).toContain(
      'Chỉ thị 20/CT-TTg cho phép tối đa 1 lần thanh tra, kiểm tra/năm',
    );
    expect(c.explanation.en).toContain('has 2 inspections or checks in 2024');
    expect(c.legalBasis.vi).toContain('Chỉ thị số 20/CT-TTg');
  });

  it('three inspections give ONE conflict listing all three (one per parent, year and bucket)', () => {
    const found = frequency([
      insp('c', { window: w('2024-11-04') }),
      insp('a', { window: w('2024-01-08') }),
      insp('b', { window: w('2024-06-03') }),
    ]);
    expect(found.map((c) => c.inspectionIds)).toEqual([['a', 'b', 'c']]);
    expect(found[0].explanation.vi).toContain('có 3 cuộc');
  });

  it('counts a branch (13-digit code) with its parent', () => {
    const found = frequency([
      insp('a', { window: w('2024-03-01') }),
      insp('b', { window: w('2024-05-01'), taxCode: TAX.A_BRANCH }),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0].taxCode).toBe(TAX.A);
    expect(found[0].explanation.vi).toContain('đơn vị phụ thuộc MST 0100109106-001');
  });

  it('does not mix different enterprises', () => {
    expect(
      frequency([
        insp('a', { window: w('2024-03-01') }),
        insp('b', { taxCode: TAX.B, window: w('2024-03-01') }),
      ]),
    ).toEqual([]);
  });

  it('a joint inspection counts once for all its agencies', () => {
    expect(
      frequency([
        insp('joint', {
          window: w('2024-04-01', '2024-04-10'),
          leadAgency: AGENCY.TTT,
          participantAgencyCodes: ['SYT', 'THUE', 'STNMT'],
        }),
      ]),
    ).toEqual([]);
  });

  it('cancelled and merged inspections never count', () => {
    expect(
      frequency([
        insp('a', { window: w('2024-03-01') }),
        insp('b', { window: w('2024-05-01'), state: 'cancelled' }),
        insp('c', { window: w('2024-07-01'), state: 'merged' }),
      ]),
    ).toEqual([]);
  });

  it('done inspections still count (they happened)', () => {
    expect(
      frequency([
        insp('a', { window: w('2024-03-01'), state: 'done' }),
        insp('b', { window: w('2024-05-01') }),
      ]),
    ).toHaveLength(1);
  });

  it('ad-hoc WITH evidence of clear signs of violation is exempt; WITHOUT it counts', () => {
    const base = insp('a', { window: w('2024-03-01') });
    const withEvidence = insp('b', {
      window: w('2024-05-01'),
      planKind: 'ad-hoc',
      adHocEvidence: 'Đơn tố cáo số 12/2024',
    });
    const blank = insp('c', { window: w('2024-07-01'), planKind: 'ad-hoc', adHocEvidence: '   ' });
    expect(frequency([base, withEvidence])).toEqual([]);
    expect(frequency([base, blank]).map((c) => c.inspectionIds)).toEqual([['a', 'c']]);
  });

  it('an annual plan entry does not become exempt by carrying an evidence note', () => {
    expect(
      frequency([
        insp('a', { window: w('2024-03-01') }),
        insp('b', { window: w('2024-05-01'), adHocEvidence: 'x' }),
      ]),
    ).toHaveLength(1);
  });

  it('attributes a window across the year boundary to the year it STARTS in', () => {
    const found = frequency([
      insp('dec', { window: w('2023-12-18', '2024-01-12') }),
      insp('jun', { window: w('2024-06-03') }),
    ]);
    expect(found).toEqual([]); // 'dec' is a 2023 inspection, 'jun' a 2024 one
    const same = frequency([
      insp('dec', { window: w('2023-12-18', '2024-01-12') }),
      insp('mar', { window: w('2023-03-01') }),
    ]);
    expect(same.map((c) => [c.year, c.inspectionIds])).toEqual([[2023, ['dec', 'mar']]]);
  });

  it('the State Audit does not count toward the limit (it has its own rule)', () => {
    expect(
      frequency([
        insp('a', { window: w('2024-03-01') }),
        insp('audit', { window: w('2024-05-01'), leadAgency: AGENCY.KTNN }),
      ]),
    ).toEqual([]);
  });

  it('is idempotent: same input, same ids, whatever the order', () => {
    const list = [insp('x', { window: w('2024-02-01') }), insp('y', { window: w('2024-08-01') })];
    const first = engine.detect(list).map((c) => c.id);
    expect(engine.detect([...list].reverse()).map((c) => c.id)).toEqual(first);
    expect(first[0]).toMatch(/^ct20\.frequency:[0-9a-f]{40}$/);
  });
});
