import {
  createConflictEngine,
  type DetectedConflict,
  type EngineInspection,
  type OpenConflictRef,
} from './index';
import { AGENCY, insp, w } from './testing/fixtures';

// Re-scan bookkeeping: which conflicts to open, keep, and close — saying why.
describe('diff of open conflicts against a new detection', () => {
  const engine = createConflictEngine();
  const ref = (c: DetectedConflict): OpenConflictRef => ({
    id: c.id,
    ruleId: c.ruleId,
    taxCode: c.taxCode,
    year: c.year,
    inspectionIds: c.inspectionIds,
  });
  const freq = (list: EngineInspection[]) =>
    engine.detect(list).filter((c) => c.family === 'frequency');
  const base = [insp('a', { window: w('2026-02-02') }), insp('b', { window: w('2026-06-01') })];
  const before = freq(base);

  it('same detection: everything kept, nothing opened or closed', () => {
    const d = engine.diff(before.map(ref), freq(base), base);
    expect([d.open, d.close, d.keep.map((c) => c.id)]).toEqual([[], [], before.map((c) => c.id)]);
  });

  it('a third inspection supersedes the two-member conflict', () => {
    const now = [...base, insp('c', { window: w('2026-09-01') })];
    const d = engine.diff(before.map(ref), freq(now), now);
    expect(d.open.map((c) => c.inspectionIds)).toEqual([['a', 'b', 'c']]);
    expect(d.close).toEqual([
      expect.objectContaining({
        id: before[0].id,
        reason: 'superseded',
        supersededBy: [d.open[0].id],
      }),
    ]);
    expect(d.close[0].explanation.vi).toContain('thay bằng xung đột');
  });

  it('cancelling an inspection closes the conflict as inspection-inactive', () => {
    const now = [base[0], { ...base[1], state: 'cancelled' as const }];
    const d = engine.diff(before.map(ref), freq(now), now);
    expect(d.close).toEqual([
      expect.objectContaining({ reason: 'inspection-inactive', inspectionIds: ['b'] }),
    ]);
    expect(d.close[0].explanation.vi).toContain('b (cancelled)');
  });

  it('deleting one, or moving it to another enterprise, is inspection-removed', () => {
    expect(engine.diff(before.map(ref), freq([base[0]]), [base[0]]).close[0].reason).toBe(
      'inspection-removed',
    );
    const moved = [base[0], { ...base[1], taxCode: '0300588569' }];
    expect(engine.diff(before.map(ref), freq(moved), moved).close[0]).toMatchObject({
      reason: 'inspection-removed',
      inspectionIds: ['b'],
    });
  });

  it('rescheduling to next year closes it as cause-removed', () => {
    const now = [base[0], { ...base[1], window: w('2027-06-01') }];
    expect(engine.diff(before.map(ref), freq(now), now).close[0].reason).toBe('cause-removed');
  });

  it('a new rulebook mapping: CT20 conflict of 2026 superseded by the NQ198 one (same family, same members)', () => {
    const ct20 = createConflictEngine({ years: { '-2026': 'CT20', '2027-': 'NQ198' } });
    const prev = ct20.detect(base).map(ref);
    expect(prev.map((p) => p.ruleId)).toEqual(['ct20.frequency']);
    const d = engine.diff(prev, engine.detect(base), base);
    expect(d.open.map((c) => c.ruleId)).toEqual(['nq198.frequency.kiem-tra']);
    expect(d.close[0]).toMatchObject({ reason: 'superseded' });
  });

  it('a rule that no longer exists for the year: rule-not-in-force', () => {
    const ctx = { enterprises: new Map([['0100109106', { goodComplier: true }]]) };
    const one = [insp('x')];
    const prev = engine.detect(one, ctx).map(ref);
    expect(prev.map((p) => p.ruleId)).toEqual(['nq198.good-complier-remote']);
    const ct20 = createConflictEngine({ years: { '-2030': 'CT20' } });
    const d = ct20.diff(prev, ct20.detect(one, ctx), one);
    expect(d.close[0]).toMatchObject({ reason: 'rule-not-in-force' });
    expect(d.close[0].explanation.vi).toContain('không còn áp dụng cho năm 2026');
  });

  it('without the current inspections it still closes, with a generic reason', () => {
    const d = engine.diff(before.map(ref), []);
    expect(d.close).toEqual([
      expect.objectContaining({ id: before[0].id, reason: 'cause-removed' }),
    ]);
  });

  it('an unrelated thanh tra of an inspectorate opens nothing for the frequency set of kiểm tra', () => {
    const now = [
      ...base,
      insp('t', {
        type: 'thanh-tra',
        leadAgency: AGENCY.TTT,
        field: 'thue',
        window: w('2026-10-05'),
      }),
    ];
    const d = engine.diff(before.map(ref), freq(now), now);
    expect(d.open).toEqual([]);
    expect(d.keep.map((c) => c.id)).toEqual([before[0].id]);
  });
});
