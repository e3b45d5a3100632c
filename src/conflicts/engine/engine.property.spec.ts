import fc from 'fast-check';
import { addDays, daysInMonth } from '../../domain/calendar-day';
import { INSPECTION_STATES } from '../../domain/vocabulary';
import {
  applySuggestion,
  createConflictEngine,
  type DetectedConflict,
  type EngineInspection,
} from './index';
import { AGENCY } from './testing/fixtures';
import { naiveConflicts, type OracleConflict } from './testing/naive-oracle';

// Random plans of a few enterprises, dense enough that every rule fires often, against the
// O(N²) oracle. Named edge cases are built into the generators: windows sharing one day
// (month ends as starts), month- and quarter-long windows, December→January windows, branches,
// joint inspections, cancelled/merged ones, ad-hoc with and without evidence or scope, and the
// 2024/2025 rulebook switch and the 2025-07-01 authority date.
const PARENTS = ['0100109106', '0300588569', '0101248141'];
const TAX_CODES = [...PARENTS, '0100109106-001', '0100109106-002', '0300588569-001'];
const FIELDS = ['thue', 'y-te', 'moi-truong'];
const AGENCIES = Object.values(AGENCY);
const pad = (n: number) => String(n).padStart(2, '0');

const ANCHORS = [
  '2024-12-31',
  '2025-01-01',
  '2025-06-30',
  '2025-07-01',
  '2025-03-31',
  '2025-04-01',
  '2024-02-29',
  '2026-01-31',
  '2026-02-28',
  '2026-03-31',
  '2026-06-30',
  '2026-12-31',
];

const day = fc
  .record({
    y: fc.integer({ min: 2024, max: 2026 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(Math.min(d, daysInMonth(y, m)))}`);

const window = fc.oneof(
  // short visit from an anchor (month/quarter ends, year boundary, 2025-07-01) → shared days
  fc
    .record({ from: fc.constantFrom(...ANCHORS), len: fc.integer({ min: 0, max: 6 }) })
    .map(({ from, len }) => ({ from, to: addDays(from, len) })),
  fc
    .record({ from: day, len: fc.integer({ min: 0, max: 9 }) })
    .map(({ from, len }) => ({ from, to: addDays(from, len) })),
  // a month, as annual plans give it
  fc
    .record({ y: fc.integer({ min: 2024, max: 2026 }), m: fc.integer({ min: 1, max: 12 }) })
    .map(({ y, m }) => ({
      from: `${y}-${pad(m)}-01`,
      to: `${y}-${pad(m)}-${daysInMonth(y, m)}`,
    })),
  // a quarter
  fc
    .record({ y: fc.integer({ min: 2024, max: 2026 }), q: fc.integer({ min: 0, max: 3 }) })
    .map(({ y, q }) => ({
      from: `${y}-${pad(q * 3 + 1)}-01`,
      to: `${y}-${pad(q * 3 + 3)}-${daysInMonth(y, q * 3 + 3)}`,
    })),
  // December → January across the year boundary
  fc
    .record({
      y: fc.integer({ min: 2024, max: 2025 }),
      a: fc.integer({ min: 1, max: 31 }),
      b: fc.integer({ min: 1, max: 31 }),
    })
    .map(({ y, a, b }) => ({
      from: `${y}-12-${pad(a)}`,
      to: `${y + 1}-01-${pad(b)}`,
    })),
);

const inspection = fc.record({
  taxCode: fc.constantFrom(...TAX_CODES),
  type: fc.constantFrom('thanh-tra' as const, 'kiem-tra' as const),
  form: fc.constantFrom('on-site' as const, 'on-site' as const, 'remote' as const),
  field: fc.constantFrom(...FIELDS),
  window,
  leadAgency: fc.constantFrom(...AGENCIES),
  participantAgencyCodes: fc.subarray(
    AGENCIES.map((a) => a.code),
    { maxLength: 3 },
  ),
  planKind: fc.constantFrom('annual' as const, 'annual' as const, 'ad-hoc' as const),
  adHocEvidence: fc.option(fc.constantFrom('', '  ', 'Biên bản 01/BB'), { nil: undefined }),
  adHocScope: fc.option(
    fc.record(
      {
        fields: fc.option(fc.subarray(FIELDS), { nil: undefined }),
        window: fc.option(window, { nil: undefined }),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  ),
  state: fc.constantFrom(...INSPECTION_STATES, 'planned', 'scheduled'),
  durationWorkingDays: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
});

const plan = fc
  .record({ list: fc.array(inspection, { maxLength: 14 }), good: fc.subarray(PARENTS) })
  .map(({ list, good }) => ({
    inspections: list.map((i, k): EngineInspection => {
      const clean = Object.fromEntries(
        Object.entries(i).filter(([, v]) => v !== undefined),
      ) as Omit<EngineInspection, 'id'>;
      return { ...clean, id: `i${k}` };
    }),
    good: new Set(good),
  }));

const engine = createConflictEngine();
const contextOf = (good: ReadonlySet<string>) => ({
  enterprises: (p: string) => (good.has(p) ? { goodComplier: true } : undefined),
});
const essence = (c: DetectedConflict | OracleConflict): OracleConflict => ({
  id: c.id,
  ruleId: c.ruleId,
  severity: c.severity,
  taxCode: c.taxCode,
  year: c.year,
  inspectionIds: c.inspectionIds,
});
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('conflict engine against the naive oracle (property-based)', () => {
  it('finds exactly the conflicts the plain O(N²) reading of the rules finds', () => {
    fc.assert(
      fc.property(plan, ({ inspections, good }) => {
        const found = engine.detect(inspections, contextOf(good)).map(essence).sort(byId);
        expect(found).toEqual(naiveConflicts(inspections, good).sort(byId));
      }),
      { numRuns: 400 },
    );
  });

  it('is idempotent and independent of input order (same ids, same output order)', () => {
    fc.assert(
      fc.property(plan, fc.integer(), ({ inspections, good }, seed) => {
        const shuffled = [...inspections].sort(
          (a, b) =>
            ((Number(a.id.slice(1)) * 7919 + seed) % 13) -
            ((Number(b.id.slice(1)) * 7919 + seed) % 13),
        );
        const first = engine.detect(inspections, contextOf(good)).map((c) => c.id);
        expect(engine.detect(inspections, contextOf(good)).map((c) => c.id)).toEqual(first);
        expect(engine.detect(shuffled, contextOf(good)).map((c) => c.id)).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });

  it('a write-time check over the touched parents equals that part of a full scan; so does the stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        plan,
        fc.subarray(PARENTS, { minLength: 1 }),
        async ({ inspections, good }, touched) => {
          const ctx = contextOf(good);
          const full = engine.detect(inspections, ctx);
          const part = engine.detect(
            inspections.filter((i) => touched.includes(i.taxCode.slice(0, 10))),
            ctx,
          );
          expect(part.map((c) => c.id).sort()).toEqual(
            full
              .filter((c) => touched.includes(c.taxCode))
              .map((c) => c.id)
              .sort(),
          );
          const sorted = [...inspections].sort((a, b) =>
            a.taxCode < b.taxCode ? -1 : a.taxCode > b.taxCode ? 1 : 0,
          );
          const streamed: string[] = [];
          for await (const c of engine.detectStream(sorted, ctx)) streamed.push(c.id);
          expect(streamed.sort()).toEqual(full.map((c) => c.id).sort());
        },
      ),
      { numRuns: 100 },
    );
  });

  it('diff: open ∪ keep = the new detection, close = what disappeared', () => {
    fc.assert(
      fc.property(plan, plan, ({ inspections: a, good }, { inspections: b }) => {
        const ctx = contextOf(good);
        const before = engine.detect(a, ctx);
        const after = engine.detect(b, ctx);
        const d = engine.diff(before, after, b);
        expect([...d.open, ...d.keep].map((c) => c.id).sort()).toEqual(
          after.map((c) => c.id).sort(),
        );
        const afterIds = new Set(after.map((c) => c.id));
        expect(d.close.map((c) => c.id).sort()).toEqual(
          before
            .filter((c) => !afterIds.has(c.id))
            .map((c) => c.id)
            .sort(),
        );
        for (const c of d.keep) expect(before.some((p) => p.id === c.id)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('every offered suggestion, applied, removes its conflict and creates none — checked by the ORACLE', () => {
    fc.assert(
      fc.property(plan, ({ inspections, good }) => {
        const ctx = contextOf(good);
        const before = naiveConflicts(inspections, good);
        for (const conflict of engine.detect(inspections, ctx).slice(0, 4)) {
          const siblings = inspections.filter((i) => i.taxCode.slice(0, 10) === conflict.taxCode);
          for (const s of engine.suggest(conflict, siblings, {
            context: ctx,
            maxWindowCandidates: 20,
          })) {
            const after = naiveConflicts(applySuggestion(inspections, s), good);
            const members = new Set(conflict.inspectionIds);
            for (const c of after) {
              expect(
                c.ruleId === conflict.ruleId && c.inspectionIds.some((id) => members.has(id)),
              ).toBe(false);
              expect(
                before.some(
                  (b) =>
                    b.ruleId === c.ruleId &&
                    c.inspectionIds.every((id) => b.inspectionIds.includes(id)),
                ),
              ).toBe(true);
            }
          }
        }
      }),
      { numRuns: 80 },
    );
  });
});
