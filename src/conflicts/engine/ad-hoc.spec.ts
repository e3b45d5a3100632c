import { createConflictEngine, type EngineInspection } from './index';
import { insp, w } from './testing/fixtures';

// Ad-hoc inspections only on clear signs of violation, and never wider than their decision.
describe('ad-hoc basis and scope', () => {
  const engine = createConflictEngine();
  const found = (list: EngineInspection[]) =>
    engine
      .detect(list)
      .filter((c) => c.family === 'ad-hoc-evidence' || c.family === 'ad-hoc-scope');

  it('ad-hoc without evidence is flagged (blank counts as none)', () => {
    for (const adHocEvidence of [undefined, '', '  ']) {
      const [c, ...rest] = found([insp('x', { planKind: 'ad-hoc', adHocEvidence })]);
      expect(rest).toEqual([]);
      expect(c.ruleId).toBe('nq198.ad-hoc-evidence');
      expect(c.severity).toBe('block');
      expect(c.inspectionIds).toEqual(['x']);
      expect(c.explanation.vi).toContain(
        'là đột xuất nhưng chưa có căn cứ về dấu hiệu vi phạm rõ ràng',
      );
    }
  });

  it('ad-hoc with evidence, and annual plan entries, are not flagged', () => {
    expect(
      found([
        insp('x', { planKind: 'ad-hoc', adHocEvidence: 'Đơn phản ánh 7/2026' }),
        insp('y', { window: w('2027-01-05') }),
      ]),
    ).toEqual([]);
  });

  it('a field outside the decision is flagged', () => {
    const [c] = found([
      insp('x', {
        planKind: 'ad-hoc',
        adHocEvidence: 'BB',
        field: 'pccc',
        adHocScope: { fields: ['y-te', 'an-toan-thuc-pham'] },
      }),
    ]);
    expect(c.ruleId).toBe('nq198.ad-hoc-scope');
    expect(c.facts.fieldOutsideDecision).toBe('pccc');
    expect(c.explanation.vi).toContain(
      'lĩnh vực pccc không thuộc quyết định (y-te, an-toan-thuc-pham)',
    );
  });

  it('a window reaching outside the decision is flagged, by one day too', () => {
    const decision = { window: w('2026-03-02', '2026-03-13') };
    const inside = insp('in', {
      planKind: 'ad-hoc',
      adHocEvidence: 'BB',
      window: w('2026-03-02', '2026-03-13'),
      adHocScope: decision,
    });
    const late = insp('late', {
      planKind: 'ad-hoc',
      adHocEvidence: 'BB',
      window: w('2026-03-09', '2026-03-14'),
      adHocScope: decision,
    });
    expect(found([inside])).toEqual([]);
    const [c] = found([late]);
    expect(c.facts.windowOutsideDecision).toEqual(w('2026-03-09', '2026-03-14'));
    expect(c.explanation.en).toContain("goes beyond the decision's (2026-03-02 to 2026-03-13)");
  });

  it('without a recorded decision scope there is nothing to compare', () => {
    expect(
      found([insp('x', { planKind: 'ad-hoc', adHocEvidence: 'BB', field: 'anything' })]),
    ).toEqual([]);
  });

  it('CT20 years flag it under CT20', () => {
    expect(
      found([insp('x', { planKind: 'ad-hoc', window: w('2022-05-03') })]).map((c) => c.ruleId),
    ).toEqual(['ct20.ad-hoc-evidence']);
  });
});
