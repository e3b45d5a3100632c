import { DomainError } from '../common/errors/domain-errors';
import type { PlanImportService } from '../registry/plan-files/plan-import.service';
import { CandidateInspectionDto } from './conflict.dto';
import { conflictWorld, enterprise, inspection, TAX } from './testing/world';

const candidate = (o: Partial<CandidateInspectionDto> = {}): CandidateInspectionDto =>
  Object.assign(new CandidateInspectionDto(), {
    taxCode: TAX.vnpt,
    type: 'kiem-tra',
    form: 'on-site',
    field: 'labour',
    content: 'Kiểm tra lao động',
    window: { from: '2026-04-20', to: '2026-05-20' },
    agencyCode: 'SNV',
    ...o,
  });

describe('ConflictDryRunService', () => {
  it('names the conflicts a candidate would create, and those it joins as they stand', async () => {
    const w = conflictWorld({
      inspections: [
        inspection('a'),
        inspection('old', { window: { from: '2026-09-01', to: '2026-09-30' } }),
      ],
      enterprises: [enterprise(TAX.vnpt)],
    });
    await w.detect(TAX.vnpt);
    const stored = w.conflicts.all().map((c) => [c.ruleId, c.inspectionIds, c.status]);
    expect(stored).toEqual([['nq198.frequency.kiem-tra', ['a', 'old'], 'open']]);
    const res = await w.dryRuns.check({ inspections: [candidate()] });
    expect(res.conflicts.map((c) => [c.ruleId, c.inspectionIds, c.existingStatus])).toEqual([
      ['nq198.frequency.kiem-tra', ['a', 'candidate-1', 'old'], null],
      ['nq198.window-overlap', ['a', 'candidate-1'], null],
    ]);
    expect(res.created).toEqual(res.conflicts.map((c) => c.id));
    expect(res.superseded).toEqual(w.conflicts.all().map((c) => c.id));
    expect(w.conflicts.all().map((c) => [c.ruleId, c.inspectionIds, c.status])).toEqual(stored);
  });

  it('sees a new candidate of a good complier as on-site at a good complier', async () => {
    const w = conflictWorld({ enterprises: [enterprise(TAX.saigonCoop, true)] });
    const res = await w.dryRuns.check({
      inspections: [candidate({ taxCode: TAX.saigonCoop, replacesInspectionId: 'x' })],
    });
    expect(res.conflicts.map((c) => [c.ruleId, c.inspectionIds])).toEqual([
      ['nq198.good-complier-remote', ['x']],
    ]);
  });

  it('refuses unknown agencies and invalid drafts, each named by its place', async () => {
    const w = conflictWorld();
    let error: DomainError | undefined;
    await w.dryRuns
      .check({ inspections: [candidate(), candidate({ agencyCode: 'NOPE', field: 'nope' })] })
      .catch((e: DomainError) => (error = e));
    expect([error!.code, error!.details!.map((d) => `${d.field}:${d.code}`)]).toEqual([
      'VALIDATION_FAILED',
      [
        'inspections[1].agencyCode:AGENCY_NOT_FOUND',
        'inspections[1].field:UNKNOWN_FIELD_OF_MANAGEMENT',
        'inspections[1].leadAgencyCode:AGENCY_NOT_FOUND',
      ],
    ]);
  });

  it('checks a plan file: its rows as candidates of the agency', async () => {
    const row = {
      row: 4,
      taxCode: TAX.vnpt,
      enterpriseName: 'VNPT',
      type: 'kiem-tra',
      form: 'on-site',
      field: 'labour',
      content: 'Kiểm tra lao động',
      window: { from: '2026-04-20', to: '2026-05-20' },
      leadAgencyCode: 'SNV',
      participantAgencyCodes: [],
    };
    const seen: unknown[] = [];
    const planFiles = {
      readPlanFile: async (_b: Buffer, meta: unknown) => {
        seen.push(meta);
        return { rows: [row], errors: [] };
      },
    } as unknown as PlanImportService;
    const w = conflictWorld({ inspections: [inspection('a')], planFiles });
    const res = await w.dryRuns.checkFile({
      buffer: Buffer.from('x'),
      agencyCode: 'SNV',
      year: 2026,
    });
    expect(seen).toEqual([{ agencyCode: 'SNV', year: 2026, planKind: undefined }]);
    expect(res.rows).toBe(1);
    expect(res.conflicts.map((c) => [c.ruleId, c.inspectionIds, c.existingStatus])).toEqual([
      ['nq198.frequency.kiem-tra', ['a', 'row-4'], null],
      ['nq198.window-overlap', ['a', 'row-4'], null],
    ]);
  });

  it('refuses a file with problems, checking nothing', async () => {
    const problem = { field: 'window', code: 'WINDOW_UNREADABLE', message: 'x', row: 3 };
    const planFiles = {
      readPlanFile: async () => ({ rows: [], errors: [problem] }),
    } as unknown as PlanImportService;
    const w = conflictWorld({ planFiles });
    let error: DomainError | undefined;
    await w.dryRuns
      .checkFile({ buffer: Buffer.from('x'), agencyCode: 'SNV', year: 2026 })
      .catch((e: DomainError) => (error = e));
    expect([error!.status, error!.code, error!.message, error!.details]).toEqual([
      422,
      'IMPORT_INVALID',
      'The file has 1 problem(s); nothing was checked',
      [problem],
    ]);
  });
});
