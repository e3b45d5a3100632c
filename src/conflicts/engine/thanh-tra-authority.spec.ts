import { createConflictEngine, type EngineInspection } from './index';
import { AGENCY, insp, w } from './testing/fixtures';

// From 1 July 2025 only inspectorates may run a thanh tra (Law on Inspection 2025). The test is
// on the window START: an inspection opened before that day runs under the old law.
describe('thanh tra led by a body that is not an inspectorate', () => {
  const engine = createConflictEngine();
  const found = (list: EngineInspection[]) =>
    engine.detect(list).filter((c) => c.family === 'thanh-tra-authority');
  const byDepartment = (id: string, from: string, to = from) =>
    insp(id, { type: 'thanh-tra', leadAgency: AGENCY.SYT, window: w(from, to) });

  it('flags a department-led thanh tra starting on 2025-07-01', () => {
    const [c] = found([byDepartment('x', '2025-07-01')]);
    expect(c.ruleId).toBe('nq198.thanh-tra-authority');
    expect(c.facts.effectiveFrom).toBe('2025-07-01');
    expect(c.explanation.vi).toContain(
      'do SYT (cơ quan kiểm tra chuyên ngành) chủ trì, không phải cơ quan thanh tra',
    );
    expect(c.legalBasis.vi).toContain('Luật Thanh tra năm 2025');
  });

  it('does not flag one starting on 2025-06-30, even if it runs into July', () => {
    expect(found([byDepartment('x', '2025-06-30', '2025-07-10')])).toEqual([]);
  });

  it('a legacy district body or the tax office are not inspectorates either', () => {
    expect(
      found([
        insp('a', { type: 'thanh-tra', leadAgency: AGENCY.UBND_HUYEN, window: w('2026-02-02') }),
      ]),
    ).toHaveLength(1);
    expect(
      found([insp('b', { type: 'thanh-tra', leadAgency: AGENCY.THUE, window: w('2026-02-02') })]),
    ).toHaveLength(1);
  });

  it('inspectorate-led thanh tra and department kiểm tra are fine', () => {
    expect(
      found([
        insp('a', { type: 'thanh-tra', leadAgency: AGENCY.TTT, window: w('2026-02-02') }),
        insp('b', { window: w('2027-02-02') }),
      ]),
    ).toEqual([]);
  });

  it('cancelled ones are ignored', () => {
    expect(found([{ ...byDepartment('x', '2026-01-05'), state: 'cancelled' }])).toEqual([]);
  });
});
