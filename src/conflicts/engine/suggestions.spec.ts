import {
  applySuggestion,
  createConflictEngine,
  type DetectedConflict,
  type EngineInspection,
  type MergeSuggestion,
} from './index';
import { workingDaysIn } from '../../domain/calendar-day';
import { AGENCY, insp, TAX, w } from './testing/fixtures';

// Every suggestion is applied virtually and re-checked before it is offered.
describe('suggestions (re-checked)', () => {
  const engine = createConflictEngine();
  const only = (list: EngineInspection[], family: DetectedConflict['family'], ctx = {}) => {
    const found = engine.detect(list, ctx).filter((c) => c.family === family);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const stillThere = (list: EngineInspection[], c: DetectedConflict) =>
    engine
      .detect(list)
      .some(
        (x) => x.ruleId === c.ruleId && x.inspectionIds.some((id) => c.inspectionIds.includes(id)),
      );

  it('overlap: merge into one joint inspection over the shared days, led by the inspectorate', () => {
    const list = [
      insp('syt', { window: w('2026-03-02', '2026-03-20'), durationWorkingDays: 3 }),
      insp('ttt', {
        window: w('2026-03-09', '2026-03-31'),
        type: 'thanh-tra',
        leadAgency: AGENCY.TTT,
        field: 'thue',
        durationWorkingDays: 4,
      }),
      insp('thue', {
        window: w('2026-03-16', '2026-03-18'),
        leadAgency: AGENCY.THUE,
        participantAgencyCodes: ['STNMT'],
        durationWorkingDays: 2,
      }),
    ];
    const c = only(list, 'window-overlap');
    const merge = engine
      .suggest(c, list, { today: '2026-01-05' })
      .find((s): s is MergeSuggestion => s.kind === 'merge');
    // the three windows share only 16–18 March (3 working days) but the visit needs 4
    expect(merge!.keepId).toBe('ttt');
    expect(merge!.mergedIds).toEqual(['syt', 'thue']);
    expect(merge!.joint.leadAgency).toEqual(AGENCY.TTT);
    expect(merge!.joint.participantAgencyCodes).toEqual(['STNMT', 'SYT', 'THUE']);
    expect(merge!.joint.type).toBe('thanh-tra');
    expect(merge!.joint.durationWorkingDays).toBe(4);
    expect(merge!.windowSource).toBe('nearest');
    expect(workingDaysIn(merge!.joint.window)).toBe(4); // exactly the visit, no slack
    expect(merge!.joint.window.from >= '2026-03-13' && merge!.joint.window.to <= '2026-03-23').toBe(
      true,
    );
    expect(merge!.explanation.vi).toContain(
      'Gộp 3 cuộc thành một cuộc thanh tra liên ngành do TTT chủ trì, phối hợp STNMT, SYT, THUE',
    );
    const after = applySuggestion(list, merge!);
    expect(after.filter((i) => i.state === 'merged').map((i) => i.id)).toEqual(['syt', 'thue']);
    expect(stillThere(after, c)).toBe(false);
  });

  it('uses the intersection itself when it holds the visit', () => {
    const list = [
      insp('a', { window: w('2026-03-02', '2026-03-31') }),
      insp('b', { window: w('2026-03-09', '2026-03-20'), leadAgency: AGENCY.THUE }),
    ];
    const c = only(list, 'window-overlap');
    const merge = engine.suggest(c, list).find((s): s is MergeSuggestion => s.kind === 'merge')!;
    expect(merge.windowSource).toBe('intersection');
    expect(merge.joint.window).toEqual(w('2026-03-09', '2026-03-20'));
    expect(merge.keepId).toBe('a'); // no inspectorate: the earliest leads
  });

  it('never proposes a window before "today"', () => {
    const list = [
      insp('a', { window: w('2026-03-02', '2026-03-31') }),
      insp('b', { window: w('2026-03-09', '2026-03-20'), leadAgency: AGENCY.THUE }),
    ];
    const c = only(list, 'window-overlap');
    const merge = engine
      .suggest(c, list, { today: '2026-03-16' })
      .find((s): s is MergeSuggestion => s.kind === 'merge')!;
    expect(merge.joint.window).toEqual(w('2026-03-16', '2026-03-20'));
  });

  it('frequency without overlap: the merged window is the nearest one that creates no new conflict', () => {
    const list = [
      insp('jan', { window: w('2026-01-12', '2026-01-16') }),
      insp('oct', {
        window: w('2026-10-05', '2026-10-09'),
        leadAgency: AGENCY.THUE,
        field: 'thue',
      }),
      // another enterprise's parent branch busy in between does not matter; same parent does:
      insp('other', { taxCode: TAX.B, window: w('2026-05-04') }),
    ];
    const c = only(list, 'frequency');
    const suggestions = engine.suggest(c, list);
    expect(suggestions.map((s) => s.kind)).toEqual(['merge', 'move-to-year']);
    const merge = suggestions[0] as MergeSuggestion;
    expect(merge.windowSource).toBe('nearest');
    expect(merge.joint.window.from >= '2026-01-12' && merge.joint.window.to <= '2026-10-09').toBe(
      true,
    );
    expect(engine.detect(applySuggestion(list, merge)).filter((x) => x.taxCode === TAX.A)).toEqual(
      [],
    );
  });

  it('move the later inspection to next year, unless next year is already taken', () => {
    const list = [
      insp('a', { window: w('2026-02-02') }),
      insp('b', { window: w('2026-06-01', '2026-06-05') }),
    ];
    const c = only(list, 'frequency');
    const move = engine.suggest(c, list).find((s) => s.kind === 'move-to-year');
    expect(move).toMatchObject({
      inspectionId: 'b',
      year: 2027,
      window: w('2027-06-01', '2027-06-05'),
    });
    expect(move!.explanation.vi).toContain('sang năm 2027');

    const busy = [...list, insp('next', { window: w('2027-09-01') })];
    expect(
      engine.suggest(only(busy, 'frequency'), busy).some((s) => s.kind === 'move-to-year'),
    ).toBe(false);
    // allowed to look two years ahead when configured
    const far = engine
      .suggest(only(busy, 'frequency'), busy, { maxYearsAhead: 2 })
      .find((s) => s.kind === 'move-to-year');
    expect(far).toMatchObject({ inspectionId: 'b', year: 2028 });
  });

  it('moving 29 February lands on 28 February', () => {
    const list = [insp('a', { window: w('2028-01-10') }), insp('b', { window: w('2028-02-29') })];
    const move = engine
      .suggest(only(list, 'frequency'), list)
      .find((s) => s.kind === 'move-to-year');
    expect(move).toMatchObject({ window: w('2029-02-28') });
  });

  it('a merge that would create a new conflict is not offered', () => {
    // Good complier: 'a' is remote, 'b' on site. The joint inspection would be kept as 'a'
    // (earliest; no inspectorate) and on site → a NEW good-complier conflict on 'a'.
    const ctx = { enterprises: new Map([[TAX.A, { goodComplier: true }]]) };
    const list = [
      insp('a', { window: w('2026-03-02', '2026-03-13'), form: 'remote' }),
      insp('b', { window: w('2026-03-09', '2026-03-20'), leadAgency: AGENCY.THUE, field: 'thue' }),
    ];
    const c = only(list, 'window-overlap', ctx);
    const kinds = engine.suggest(c, list, { context: ctx }).map((s) => s.kind);
    expect(kinds).toEqual(['move-to-year']);
    // without the flag the same merge is fine
    expect(engine.suggest(only(list, 'window-overlap'), list).map((s) => s.kind)).toEqual([
      'merge',
      'move-to-year',
    ]);
  });

  it('good complier: switch to remote', () => {
    const ctx = { enterprises: new Map([[TAX.A, { goodComplier: true }]]) };
    const list = [insp('x')];
    const c = only(list, 'good-complier-remote', ctx);
    const [s] = engine.suggest(c, list, { context: ctx });
    expect(s).toMatchObject({ kind: 'switch-to-remote', inspectionId: 'x' });
    expect(applySuggestion(list, s)[0].form).toBe('remote');
  });

  it('thanh tra by a department: switch to kiểm tra', () => {
    const list = [insp('x', { type: 'thanh-tra', window: w('2026-02-02') })];
    const [s] = engine.suggest(only(list, 'thanh-tra-authority'), list);
    expect(s).toMatchObject({ kind: 'switch-to-kiem-tra', inspectionId: 'x' });
  });

  it('state audit: the other inspection moves, the audit stays', () => {
    const list = [
      insp('ktnn', { leadAgency: AGENCY.KTNN, window: w('2026-06-01', '2026-06-30') }),
      insp('k', { window: w('2026-09-01') }),
    ];
    const s = engine.suggest(only(list, 'state-audit'), list);
    expect(s).toEqual([
      expect.objectContaining({ kind: 'move-to-year', inspectionId: 'k', year: 2027 }),
    ]);
  });

  it('ad-hoc without evidence has no automatic fix', () => {
    const list = [insp('x', { planKind: 'ad-hoc' })];
    expect(engine.suggest(only(list, 'ad-hoc-evidence'), list)).toEqual([]);
  });

  it('a stale conflict (inspection since cancelled) gets no suggestions', () => {
    const list = [insp('a'), insp('b', { window: w('2026-06-01') })];
    const c = only(list, 'frequency');
    expect(engine.suggest(c, [list[0], { ...list[1], state: 'cancelled' }])).toEqual([]);
  });
});
