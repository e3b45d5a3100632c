import { createConflictEngine, type EngineInspection } from './index';
import { insp, TAX, w } from './testing/fixtures';

// NQ198: enterprises that comply well are exempt from on-site checks → suggest remote.
describe('good complier inspected on site', () => {
  const engine = createConflictEngine();
  const enterprises = new Map([[TAX.A, { goodComplier: true, name: 'Công ty CP Tuân Thủ' }]]);
  const found = (list: EngineInspection[]) =>
    engine.detect(list, { enterprises }).filter((c) => c.family === 'good-complier-remote');

  it('flags an on-site check of a good complier, naming the enterprise from the context', () => {
    const [c] = found([insp('x')]);
    expect(c.ruleId).toBe('nq198.good-complier-remote');
    expect(c.severity).toBe('warn');
    expect(c.explanation.vi).toContain(
      'Doanh nghiệp Công ty CP Tuân Thủ (MST 0100109106) được đánh giá tuân thủ tốt',
    );
  });

  it('the flag is per parent: a branch inspected on site is flagged too', () => {
    expect(found([insp('x', { taxCode: TAX.A_BRANCH })])).toHaveLength(1);
  });

  it('remote checks, other enterprises, CT20 years and ad-hoc on evidence are not flagged', () => {
    expect(found([insp('r', { form: 'remote' })])).toEqual([]);
    expect(found([insp('o', { taxCode: TAX.B })])).toEqual([]);
    expect(found([insp('old', { window: w('2024-05-06') })])).toEqual([]);
    expect(found([insp('adhoc', { planKind: 'ad-hoc', adHocEvidence: 'BB 9' })])).toEqual([]);
  });

  it('accepts the enterprise lookup as a function too', () => {
    const list = [insp('x')];
    expect(
      engine
        .detect(list, { enterprises: (p) => (p === TAX.A ? { goodComplier: true } : undefined) })
        .some((c) => c.family === 'good-complier-remote'),
    ).toBe(true);
    expect(engine.detect(list).some((c) => c.family === 'good-complier-remote')).toBe(false);
  });
});
