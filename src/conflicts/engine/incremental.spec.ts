import {
  createConflictEngine,
  detectForEnterprises,
  type DetectedConflict,
  type EngineInspection,
} from './index';
import { AGENCY, insp, TAX, w } from './testing/fixtures';

// Write-time checks, the streamed re-scan and the dry run all reuse the batch detector.
describe('incremental, streamed and dry-run detection', () => {
  const engine = createConflictEngine();
  const all: EngineInspection[] = [
    insp('a1', { window: w('2026-02-02') }),
    insp('a2', { taxCode: TAX.A_BRANCH, window: w('2026-02-02', '2026-02-06') }),
    insp('b1', { taxCode: TAX.B, window: w('2026-03-02') }),
    insp('b2', { taxCode: TAX.B, window: w('2026-08-03'), type: 'thanh-tra' }),
    insp('c1', { taxCode: TAX.C, window: w('2025-12-15', '2026-01-09'), planKind: 'ad-hoc' }),
  ];
  const ids = (cs: DetectedConflict[]) => cs.map((c) => c.id).sort();

  it('checking only the touched parents gives exactly their part of the full scan', () => {
    const full = engine.detect(all);
    const touched = all.filter((i) => i.taxCode.startsWith(TAX.B));
    expect(ids(detectForEnterprises(touched, engine.selector))).toEqual(
      ids(full.filter((c) => c.taxCode === TAX.B)),
    );
  });

  it('output order is by parent then year, whatever the input order', () => {
    expect(engine.detect([...all].reverse()).map((c) => c.id)).toEqual(
      engine.detect(all).map((c) => c.id),
    );
  });

  it('a stream sorted by tax code yields the same conflicts, one parent at a time', async () => {
    const sorted = [...all].sort((x, y) =>
      x.taxCode < y.taxCode ? -1 : x.taxCode > y.taxCode ? 1 : 0,
    );
    async function* cursor() {
      for (const i of sorted) yield i;
    }
    const streamed: DetectedConflict[] = [];
    for await (const c of engine.detectStream(cursor())) streamed.push(c);
    expect(ids(streamed)).toEqual(ids(engine.detect(all)));
  });

  it('an unsorted stream is refused rather than silently missing conflicts', async () => {
    const unsorted = [all[2], all[0]];
    const run = async () => {
      for await (const _ of engine.detectStream(unsorted)) void _;
    };
    await expect(run()).rejects.toThrow(/sorted by tax code/);
  });

  it('legacy codes that are not 10 digits are still checked (slow path), never thrown on', () => {
    const odd = [
      insp('x1', { taxCode: 'HKD-123' }),
      insp('x2', { taxCode: 'HKD-123', window: w('2026-09-01') }),
    ];
    expect(
      engine
        .detect([...odd, ...all])
        .filter((c) => c.taxCode === 'HKD-123')
        .map((c) => c.inspectionIds),
    ).toEqual([['x1', 'x2']]);
  });

  it('dry run: candidates in, the conflicts they would create out, nothing else touched', () => {
    const existing = all.filter((i) => i.taxCode === TAX.C);
    const candidate = insp('new', {
      taxCode: TAX.C,
      window: w('2026-01-05'),
      leadAgency: AGENCY.THUE,
      field: 'thue',
    });
    const r = engine.dryRun(existing, [candidate]);
    expect(r.conflicts.map((c) => [c.family, c.inspectionIds])).toEqual([
      ['window-overlap', ['c1', 'new']],
    ]);
    expect(r.created).toEqual(r.conflicts);
    expect(r.superseded).toEqual([]);
    expect(existing).toHaveLength(1); // input untouched
  });

  it('dry run of an edit: the edited record replaces the stored one', () => {
    const existing = all.filter((i) => i.taxCode === TAX.B);
    const r = engine.dryRun(existing, [{ ...existing[1], window: w('2027-08-02') }]);
    // the department-led thanh tra stays a problem (not new); the same-field clash goes away
    expect(r.conflicts.map((c) => c.family)).toEqual(['thanh-tra-authority']);
    expect(r.created).toEqual([]);
    expect(r.superseded).toEqual(
      engine
        .detect(existing)
        .filter((c) => c.family === 'same-field')
        .map((c) => c.id),
    );
  });

  it('explanations are rendered on first read yet behave as plain fields (spread, JSON, assignment)', () => {
    const [c] = engine
      .detect(all)
      .filter((x) => x.family === 'frequency' || x.family === 'same-field');
    const text = c.explanation.vi;
    expect(text).toMatch(/^Doanh nghiệp /);
    expect({ ...c }.explanation).toEqual(c.explanation);
    expect(JSON.parse(JSON.stringify(c)).explanation.vi).toBe(text);
    expect(Object.keys(c)).toContain('explanation');
    c.explanation = { vi: 'khác', en: 'other' };
    expect(c.explanation.vi).toBe('khác');
  });
});
