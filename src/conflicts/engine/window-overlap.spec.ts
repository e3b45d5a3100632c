import { createConflictEngine, type EngineInspection } from './index';
import { AGENCY, insp, TAX, w } from './testing/fixtures';

// Two visit windows of the same parent overlap (sharing one day is enough), any agencies,
// any year → one conflict per connected cluster, proposing one joint inspection.
describe('window overlap', () => {
  const engine = createConflictEngine();
  const clusters = (list: EngineInspection[]) =>
    engine
      .detect(list)
      .filter((c) => c.family === 'window-overlap')
      .map((c) => c.inspectionIds);

  it('windows sharing exactly one day overlap (half-open [from, to + 1 day))', () => {
    expect(
      clusters([
        insp('a', { window: w('2026-03-02', '2026-03-06') }),
        insp('b', { window: w('2026-03-06', '2026-03-10') }),
      ]),
    ).toEqual([['a', 'b']]);
  });

  it('back-to-back windows (next day) do not overlap', () => {
    expect(
      clusters([
        insp('a', { window: w('2026-03-02', '2026-03-06') }),
        insp('b', { window: w('2026-03-07', '2026-03-10') }),
      ]),
    ).toEqual([]);
  });

  it('a month-long window overlaps a week inside it; a quarter overlaps the month', () => {
    const found = engine.detect([
      insp('month', { window: w('2026-04-01', '2026-04-30'), leadAgency: AGENCY.THUE }),
      insp('week', { window: w('2026-04-13', '2026-04-17') }),
      insp('quarter', { window: w('2026-04-01', '2026-06-30'), leadAgency: AGENCY.STNMT }),
    ]);
    const c = found.find((x) => x.family === 'window-overlap')!;
    expect(c.inspectionIds).toEqual(['month', 'quarter', 'week']);
    expect(c.facts.span).toEqual(w('2026-04-01', '2026-06-30'));
    expect(c.facts.commonDays).toEqual(w('2026-04-13', '2026-04-17'));
    expect(c.facts.agencyCodes).toEqual(['STNMT', 'SYT', 'THUE']);
    expect(c.severity).toBe('warn');
    expect(c.explanation.vi).toContain(
      'có 3 cuộc thanh tra, kiểm tra trùng thời gian (cùng tiến hành 13/04/2026–17/04/2026)',
    );
    expect(c.explanation.vi).toContain('đề nghị gộp thành một đoàn liên ngành');
  });

  it('a chain A–B–C where A and C do not meet is ONE cluster (connected component)', () => {
    const list = [
      insp('a', { window: w('2026-03-02', '2026-03-10') }),
      insp('b', { window: w('2026-03-09', '2026-03-20') }),
      insp('c', { window: w('2026-03-18', '2026-03-25') }),
      insp('d', { window: w('2026-05-04', '2026-05-08') }),
      insp('e', { window: w('2026-05-08') }),
    ];
    expect(clusters(list)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    const chain = engine
      .detect(list)
      .find((c) => c.inspectionIds.includes('a') && c.family === 'window-overlap')!;
    expect(chain.facts.commonDays).toBeUndefined();
    expect(chain.explanation.vi).toContain('nối tiếp nhau trong 02/03/2026–25/03/2026');
  });

  it('crosses the year boundary: a December–January window meets a January one of the next year', () => {
    const found = engine.detect([
      insp('dec', { window: w('2024-12-16', '2025-01-10') }),
      insp('jan', { window: w('2025-01-06', '2025-01-09') }),
    ]);
    const c = found.find((x) => x.family === 'window-overlap')!;
    expect(c.inspectionIds).toEqual(['dec', 'jan']);
    // the cluster's year is its earliest start; that year's rulebook judges it
    expect(c.year).toBe(2024);
    expect(c.ruleId).toBe('ct20.window-overlap');
    expect(found.filter((x) => x.family === 'frequency')).toEqual([]);
  });

  it('branches overlap with their parent; other enterprises never do', () => {
    expect(clusters([insp('a'), insp('b', { taxCode: TAX.A_BRANCH })])).toEqual([['a', 'b']]);
    expect(clusters([insp('a'), insp('b', { taxCode: TAX.B })])).toEqual([]);
  });

  it('cancelled and merged inspections do not overlap anything', () => {
    expect(
      clusters([insp('a'), insp('b', { state: 'cancelled' }), insp('c', { state: 'merged' })]),
    ).toEqual([]);
  });

  it('the State Audit is left to the state-audit rule', () => {
    expect(clusters([insp('a'), insp('audit', { leadAgency: AGENCY.KTNN })])).toEqual([]);
  });

  it('an ad-hoc inspection on evidence still overlaps (exempt from counting, not from coordination)', () => {
    expect(clusters([insp('a'), insp('b', { planKind: 'ad-hoc', adHocEvidence: 'BB 1' })])).toEqual(
      [['a', 'b']],
    );
  });

  it('identity follows the members: a grown cluster is a different conflict', () => {
    const two = engine.detect([insp('a'), insp('b')]).find((c) => c.family === 'window-overlap')!;
    const three = engine
      .detect([insp('a'), insp('b'), insp('c')])
      .find((c) => c.family === 'window-overlap')!;
    expect(two.id).not.toBe(three.id);
    expect(
      engine.detect([insp('b'), insp('a')]).find((c) => c.family === 'window-overlap')!.id,
    ).toBe(two.id);
  });
});
