import { createConflictEngine, type EngineInspection } from './index';
import { AGENCY, insp, w } from './testing/fixtures';

// The parent is also in a State Audit plan the same year → coordinate.
describe('state audit', () => {
  const engine = createConflictEngine();
  const found = (list: EngineInspection[]) =>
    engine.detect(list).filter((c) => c.family === 'state-audit');
  const audit = (id: string, window = w('2026-06-01', '2026-06-30')) =>
    insp(id, { leadAgency: AGENCY.KTNN, window, field: 'tai-chinh' });

  it('an audit and an inspection in the same year, even months apart, must be coordinated', () => {
    const [c, ...rest] = found([audit('ktnn'), insp('k', { window: w('2026-11-02') })]);
    expect(rest).toEqual([]);
    expect(c.ruleId).toBe('nq198.state-audit');
    expect(c.inspectionIds).toEqual(['k', 'ktnn']);
    expect(c.facts.stateAuditInspectionIds).toEqual(['ktnn']);
    expect(c.explanation.vi).toContain(
      'nằm trong kế hoạch kiểm toán của Kiểm toán nhà nước năm 2026',
    );
    expect(c.severity).toBe('warn');
  });

  it('different years do not conflict; an audit alone does not either', () => {
    expect(found([audit('ktnn'), insp('k', { window: w('2027-01-05') })])).toEqual([]);
    expect(found([audit('ktnn')])).toEqual([]);
  });

  it('CT20 years use the CT20 rule; cancelled inspections are ignored', () => {
    expect(
      found([audit('ktnn', w('2023-05-02')), insp('k', { window: w('2023-09-01') })]).map(
        (c) => c.ruleId,
      ),
    ).toEqual(['ct20.state-audit']);
    expect(
      found([audit('ktnn'), insp('k', { state: 'cancelled', window: w('2026-02-02') })]),
    ).toEqual([]);
  });

  it('exempt ad-hoc inspections still need coordination with the State Audit', () => {
    expect(
      found([
        audit('ktnn'),
        insp('k', { window: w('2026-03-02'), planKind: 'ad-hoc', adHocEvidence: 'BB' }),
      ]),
    ).toHaveLength(1);
  });
});
