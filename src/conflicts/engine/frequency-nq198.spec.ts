import { createConflictEngine, type EngineInspection } from './index';
import { AGENCY, insp, w } from './testing/fixtures';

// Resolution 198/2025/QH15 Art. 4: at most one thanh tra AND at most one kiểm tra per parent
// per year; and no thanh tra plus kiểm tra in the same field in one year.
describe('frequency under NQ198 (plan years from 2025)', () => {
  const engine = createConflictEngine();
  const found = (list: EngineInspection[]) =>
    engine
      .detect(list)
      .filter((c) => c.family === 'frequency' || c.family === 'same-field')
      .map((c) => [c.ruleId, c.inspectionIds]);

  const thanhTra = (id: string, over: Partial<EngineInspection> = {}) =>
    insp(id, { type: 'thanh-tra', leadAgency: AGENCY.TTT, field: 'thue', ...over });

  it('one thanh tra and one kiểm tra in different fields are allowed', () => {
    expect(
      found([thanhTra('t', { window: w('2026-03-02') }), insp('k', { window: w('2026-09-01') })]),
    ).toEqual([]);
  });

  it('two kiểm tra in one year break the kiểm tra limit, whatever the agencies', () => {
    const list = [
      insp('k1', { window: w('2026-03-02') }),
      insp('k2', { window: w('2026-10-01'), leadAgency: AGENCY.THUE, field: 'thue' }),
    ];
    expect(found(list)).toEqual([['nq198.frequency.kiem-tra', ['k1', 'k2']]]);
    const [c] = engine.detect(list);
    expect(c.rulebook).toEqual({ id: 'NQ198', version: '2025-05-17' });
    expect(c.explanation.vi).toContain('có 2 cuộc kiểm tra trong năm 2026');
    expect(c.explanation.vi).toContain(
      'Nghị quyết 198/2025/QH15 cho phép tối đa 1 lần kiểm tra/năm',
    );
  });

  it('two thanh tra in one year break the thanh tra limit', () => {
    expect(
      found([
        thanhTra('t1', { window: w('2025-02-03') }),
        thanhTra('t2', { window: w('2025-11-03'), field: 'y-te' }),
      ]),
    ).toEqual([['nq198.frequency.thanh-tra', ['t1', 't2']]]);
  });

  it('a thanh tra and a kiểm tra in the SAME field in one year break the same-field rule', () => {
    const list = [
      thanhTra('t', { window: w('2026-03-02'), field: 'moi-truong' }),
      insp('k', { window: w('2026-09-01'), field: 'moi-truong' }),
    ];
    expect(found(list)).toEqual([['nq198.same-field', ['k', 't']]]);
    const c = engine.detect(list).find((x) => x.family === 'same-field')!;
    expect(c.facts.field).toBe('moi-truong');
    expect(c.explanation.vi).toContain(
      'vừa bị thanh tra vừa bị kiểm tra trong lĩnh vực moi-truong năm 2026',
    );
  });

  it('a joint kiểm tra (liên ngành) counts once for all its agencies', () => {
    expect(
      found([
        insp('joint', {
          window: w('2026-05-04', '2026-05-08'),
          participantAgencyCodes: ['THUE', 'STNMT'],
        }),
        thanhTra('t', { window: w('2026-08-03') }),
      ]),
    ).toEqual([]);
  });

  it('ad-hoc on evidence of clear signs of violation is exempt from all three rules', () => {
    expect(
      found([
        insp('k1', { window: w('2026-03-02') }),
        insp('k2', {
          window: w('2026-04-01'),
          planKind: 'ad-hoc',
          adHocEvidence: 'Biên bản 05/BB',
        }),
        thanhTra('t', {
          window: w('2026-05-04'),
          field: 'y-te',
          planKind: 'ad-hoc',
          adHocEvidence: 'Tin báo 3',
        }),
      ]),
    ).toEqual([]);
  });

  it('a rule breach is reported per parent, year and bucket, both buckets independently', () => {
    const list = [
      insp('k1', { window: w('2026-01-05') }),
      insp('k2', { window: w('2026-02-02'), field: 'pccc' }),
      thanhTra('t1', { window: w('2026-03-02') }),
      thanhTra('t2', { window: w('2026-04-01') }),
      insp('k3', { window: w('2027-01-04') }),
    ];
    expect(found(list)).toEqual([
      ['nq198.frequency.thanh-tra', ['t1', 't2']],
      ['nq198.frequency.kiem-tra', ['k1', 'k2']],
    ]);
  });
});
