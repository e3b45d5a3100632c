import {
  FakeImportMappingRepository,
  FakeImportPreviewRepository,
} from './testing/fake-import-preview';
import { FakeImportUndoStore } from './testing/fake-import-undo';
import { Inspection } from '../inspections/inspection';
import { Plan } from '../plans/plan';
import { PlansService } from '../plans/plans.service';
import { agency, FakeAgencyRepository } from '../../agencies/testing/fake-agency-repository';
import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import { builtInFields, digest, recordingBus } from '../testing/fake-ports';
import {
  FakeEnterpriseRepository,
  FakeInspectionRepository,
  FakePlanRepository,
} from '../testing/fake-repositories';
import { ACTOR, AGENCIES, anInspection, aPlan, TAX } from '../testing/fixtures';
import { taxCodeCheckDigit } from '../../domain/tax-code';
import { InMemoryTouchedParents, ParentsChangedBus } from '../parents-changed';
import { exportPlanCsv, type PlanExportRow } from './export';
import { PlanImportService } from './plan-import.service';
import { PlanUpload } from './plan-upload';

const LATER = new Date('2026-03-02T08:00:00Z');

const ROWS: PlanExportRow[] = [
  {
    enterpriseName: 'Tập đoàn Bưu chính Viễn thông Việt Nam',
    taxCode: TAX.vnpt,
    address: 'Số 57 Huỳnh Thúc Kháng, Hà Nội',
    content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
    field: 'measurement',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-03-02', to: '2026-03-31' },
    leadAgency: 'THANH TRA TINH',
    participantAgencies: ['snv'],
    durationWorkingDays: 5,
    note: 'Ưu tiên',
  },
  {
    enterpriseName: 'Chi nhánh Saigon Co.op Bình Dương',
    taxCode: `${TAX.saigonCoop}-001`,
    content: 'Kiểm tra phòng cháy, chữa cháy',
    field: 'fire-safety',
    type: 'kiem-tra',
    form: 'remote',
    window: { from: '2026-04-01', to: '2026-06-30' },
    participantAgencies: ['Sở Nội vụ'],
  },
];

const csv = (rows: PlanExportRow[]): PlanUpload => ({
  buffer: exportPlanCsv(rows),
  filename: 'kế-hoạch.csv',
  mimeType: 'text/csv',
});

function setup(plans: Plan[] = [], inspections: Inspection[] = []) {
  const clock = new FakeClock(LATER);
  const planRepo = new FakePlanRepository(plans);
  const inspectionRepo = new FakeInspectionRepository(inspections);
  const agencies = new FakeAgencyRepository([
    ...AGENCIES,
    agency('TTXD', { name: 'Thanh tra Sở', kind: 'inspectorate' }),
    agency('TTGT', { name: 'Thanh tra sở', kind: 'inspectorate' }),
  ]);
  const enterprises = new FakeEnterpriseRepository();
  const audit = new FakeAuditTrail(clock);
  const { bus, announced, answer } = recordingBus();
  const plansService = new PlansService(planRepo, inspectionRepo, agencies, audit, bus, clock);
  const service = new PlanImportService(
    planRepo,
    plansService,
    inspectionRepo,
    agencies,
    enterprises,
    builtInFields(),
    audit,
    bus,
    clock,
    new FakeImportMappingRepository(),
    new FakeImportPreviewRepository(),
    new FakeImportUndoStore(planRepo),
  );
  return { service, planRepo, inspectionRepo, enterprises, audit, announced, answer, clock, bus };
}

const IMPORT = { agencyCode: 'skhcn', year: 2026 };

describe('PlanImportService', () => {
  describe('readPlanFile', () => {
    it('resolves agencies by name (any accents, any case) or code; the lead defaults to the importing agency', async () => {
      const { service } = setup();
      const read = await service.readPlanFile(exportPlanCsv(ROWS), {
        agencyCode: 'SKHCN',
        year: 2026,
        filename: 'kh.csv',
      });
      expect(read.errors).toEqual([]);
      expect(
        read.rows.map((r) => [r.row, r.taxCode, r.leadAgencyCode, r.participantAgencyCodes]),
      ).toEqual([
        [2, TAX.vnpt, 'TTT', ['SNV']],
        [3, `${TAX.saigonCoop}-001`, 'SKHCN', ['SNV']],
      ]);
      expect(read.rows.map((r) => r.adHocEvidence)).toEqual([undefined, undefined]);
    });

    it('names every problem by row and column, in English and Vietnamese, keeping the clean rows', async () => {
      const { service } = setup();
      const read = await service.readPlanFile(
        exportPlanCsv([
          ROWS[0],
          { ...ROWS[1], leadAgency: 'Thanh tra sở', participantAgencies: ['Sở Tư pháp'] },
        ]),
        { agencyCode: 'SKHCN', year: 2026 },
      );
      expect(read.rows.map((r) => r.row)).toEqual([2]);
      expect(read.errors).toEqual([
        {
          field: 'rows[3].leadAgencyCode',
          code: 'AGENCY_AMBIGUOUS',
          message: '"Thanh tra sở" names several agencies (TTGT, TTXD); write the code',
          messageVi: '"Thanh tra sở" trùng tên nhiều cơ quan (TTGT, TTXD); hãy ghi mã cơ quan',
          row: 3,
          column: 'Đơn vị chủ trì',
        },
        {
          field: 'rows[3].participantAgencyCodes[0]',
          code: 'AGENCY_NOT_FOUND',
          message:
            'agency "Sở Tư pháp" does not exist (neither a code nor a name of a registered agency)',
          messageVi:
            'Không tìm thấy cơ quan "Sở Tư pháp" (không khớp mã hoặc tên cơ quan nào đã đăng ký)',
          row: 3,
          column: 'Đơn vị phối hợp',
        },
      ]);
    });

    it('takes the note of an ad-hoc plan’s row as its evidence, and needs one', async () => {
      const { service } = setup();
      const read = await service.readPlanFile(exportPlanCsv(ROWS), {
        agencyCode: 'SKHCN',
        year: 2026,
        planKind: 'ad-hoc',
      });
      expect(read.rows.map((r) => r.adHocEvidence)).toEqual(['Ưu tiên']);
      expect(read.errors.map((e) => [e.field, e.code, e.column])).toEqual([
        ['rows[3].adHocEvidence', 'AD_HOC_EVIDENCE_REQUIRED', 'Ghi chú'],
      ]);
    });
  });

  describe('import', () => {
    it('requires the file (FILE_REQUIRED), and one with content (FILE_EMPTY)', async () => {
      const { service } = setup();
      await expect(service.import(undefined, IMPORT, ACTOR)).rejects.toMatchObject({
        status: 400,
        details: [{ field: 'file', code: 'FILE_REQUIRED' }],
      });
      await expect(
        service.import({ ...csv(ROWS), buffer: Buffer.alloc(0) }, IMPORT, ACTOR),
      ).rejects.toMatchObject({ status: 400, details: [{ field: 'file', code: 'FILE_EMPTY' }] });
    });

    it('refuses an unknown agency before reading the file', async () => {
      const { service } = setup();
      await expect(
        service.import(csv(ROWS), { agencyCode: 'nope', year: 2026 }, ACTOR),
      ).rejects.toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        details: [{ field: 'agencyCode', code: 'AGENCY_NOT_FOUND' }],
      });
    });

    it('answers 422 naming the file and the way out for an .xls it cannot read', async () => {
      const { service } = setup();
      const xls = {
        buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]),
        filename: 'kh.xls',
        mimeType: 'application/vnd.ms-excel',
      };
      await expect(service.import(xls, IMPORT, ACTOR)).rejects.toMatchObject({
        status: 422,
        code: 'IMPORT_INVALID',
        details: [
          expect.objectContaining({
            code: 'FILE_UNREADABLE',
            message: 'The .xls file "kh.xls" cannot be read; open it in Excel and save it as .xlsx',
          }),
        ],
      });
    });

    it('writes nothing at all when one row is bad (422 IMPORT_INVALID)', async () => {
      const { service, planRepo, inspectionRepo, enterprises, audit } = setup();
      await expect(
        service.import(csv([ROWS[0], { ...ROWS[1], field: 'astrology' }]), IMPORT, ACTOR),
      ).rejects.toMatchObject({
        status: 422,
        code: 'IMPORT_INVALID',
        message: 'The file has 1 problem in 1 row; nothing was imported',
      });
      expect([planRepo.rows.size, inspectionRepo.rows.size, enterprises.rows.size]).toEqual([
        0, 0, 0,
      ]);
      expect(audit.recorded).toEqual([]);
    });

    it('creates the draft plan, the enterprises and the inspections, audits them and answers their conflicts', async () => {
      const { service, planRepo, inspectionRepo, enterprises, audit, announced, answer } = setup();
      answer(() => [digest('c-1', [inspectionRepo.all()[0].id]), digest('c-2', ['someone-else'])]);
      const result = await service.import(csv(ROWS), IMPORT, ACTOR);
      const [plan] = planRepo.rows.values();
      const stored = inspectionRepo.all();
      expect(result).toEqual({
        planId: plan.id,
        planCreated: true,
        rows: 2,
        created: 2,
        alreadyPresent: 0,
        conflicts: [digest('c-1', [stored[0].id])],
        sheet: 'csv',
        headerRow: 1,
      });
      expect(plan).toMatchObject({
        agencyCode: 'SKHCN',
        year: 2026,
        kind: 'annual',
        status: 'draft',
      });
      expect(
        stored.map((i) => [i.taxCode, i.planId, i.leadAgencyCode, i.notes, i.revision]).sort(),
      ).toEqual([
        [TAX.vnpt, plan.id, 'TTT', 'Ưu tiên', 1],
        [`${TAX.saigonCoop}-001`, plan.id, 'SKHCN', undefined, 1],
      ]);
      expect(enterprises.all().map((e) => [e.taxCode, e.address])).toEqual([
        [TAX.vnpt, 'Số 57 Huỳnh Thúc Kháng, Hà Nội'],
        [`${TAX.saigonCoop}-001`, undefined],
      ]);
      expect(audit.recorded.map((e) => [e.entityType, e.action, e.note])).toEqual([
        ['plan', 'created', undefined],
        ['inspection', 'created', `imported from kế-hoạch.csv into plan ${plan.id}`],
        ['inspection', 'created', `imported from kế-hoạch.csv into plan ${plan.id}`],
        ['plan', 'imported', 'imported from kế-hoạch.csv: 2 rows, 2 created, 0 already present'],
      ]);
      expect(announced).toEqual([{ parentTaxCodes: [TAX.vnpt, TAX.saigonCoop], actor: ACTOR }]);
    });

    it('re-imports the same file idempotently: nothing written, nothing announced, the plan untouched', async () => {
      const { service, planRepo, inspectionRepo, announced, clock } = setup();
      const first = await service.import(csv(ROWS), IMPORT, ACTOR);
      const before = inspectionRepo.all();
      announced.length = 0;
      clock.set('2026-03-05T08:00:00Z');
      // The rows imported before are known up front: no insert is even attempted.
      const insert = inspectionRepo.insertNewImports.bind(inspectionRepo);
      const inserts: number[] = [];
      inspectionRepo.insertNewImports = async (chunk) => {
        inserts.push(chunk.length);
        return insert(chunk);
      };
      const again = await service.import(csv(ROWS), IMPORT, ACTOR);
      expect(again).toMatchObject({
        planId: first.planId,
        planCreated: false,
        rows: 2,
        created: 0,
        alreadyPresent: 2,
        conflicts: [],
      });
      expect(inserts).toEqual([]);
      expect(inspectionRepo.all()).toEqual(before);
      expect((await planRepo.findById(first.planId))!.updatedAt).toEqual(LATER);
      expect(announced).toEqual([]);
    });

    it('imports into the given draft plan of the agency and year', async () => {
      const plan = aPlan({ id: 'plan-ad-hoc', kind: 'ad-hoc' });
      const { service, inspectionRepo } = setup([plan]);
      const rows = ROWS.map((r) => ({ ...r, note: 'Đơn tố cáo số 12/2026' }));
      const result = await service.import(csv(rows), { ...IMPORT, planId: plan.id }, ACTOR);
      expect([result.planId, result.planCreated, result.created]).toEqual([plan.id, false, 2]);
      expect(inspectionRepo.all().map((i) => [i.planKind, i.adHocEvidence])).toEqual([
        ['ad-hoc', 'Đơn tố cáo số 12/2026'],
        ['ad-hoc', 'Đơn tố cáo số 12/2026'],
      ]);
    });

    it('answers 404 for an unknown target plan', async () => {
      const { service } = setup();
      await expect(
        service.import(csv(ROWS), { ...IMPORT, planId: 'nope' }, ACTOR),
      ).rejects.toMatchObject({ status: 404, code: 'PLAN_NOT_FOUND' });
    });

    it('refuses a target plan of another agency, year or kind, naming each mismatch', async () => {
      const plan = aPlan({ agencyCode: 'SNV', year: 2025 });
      const { service } = setup([plan]);
      const err = await service
        .import(csv(ROWS), { ...IMPORT, planId: plan.id, kind: 'ad-hoc' }, ACTOR)
        .catch((e: { status: number; details: { code: string }[] }) => e);
      expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect((err as { details: { code: string }[] }).details.map((d) => d.code)).toEqual([
        'PLAN_OF_ANOTHER_AGENCY',
        'PLAN_OF_ANOTHER_YEAR',
        'PLAN_KIND_MISMATCH',
      ]);
    });

    it('imports only into a draft (PLAN_NOT_EDITABLE)', async () => {
      const plan = aPlan({ status: 'submitted' });
      const { service } = setup([plan]);
      await expect(
        service.import(csv(ROWS), { ...IMPORT, planId: plan.id }, ACTOR),
      ).rejects.toMatchObject({ status: 422, code: 'PLAN_NOT_EDITABLE' });
    });

    it('deletes what it inserted when a later chunk fails, then rethrows', async () => {
      const { service, inspectionRepo } = setup();
      service.chunkSize = 1;
      const insert = inspectionRepo.insertNewImports.bind(inspectionRepo);
      let calls = 0;
      inspectionRepo.insertNewImports = async (chunk) => {
        if (++calls === 2) throw new Error('disk full');
        return insert(chunk);
      };
      await expect(service.import(csv(ROWS), IMPORT, ACTOR)).rejects.toThrow('disk full');
      expect(inspectionRepo.all()).toEqual([]);
    });
  });
});

// An import cut short: what the outbox entry it made before its first write lets a sweep (of
// this process, or of the next one after a crash) undo, with fakes standing for the store.
describe('PlanImportService: an import cut short', () => {
  const fourth = (() => {
    for (let n = 310_000_000; ; n++) {
      const d = taxCodeCheckDigit(String(n));
      if (d !== null) return `${n}${d}`;
    }
  })();
  const many: PlanExportRow[] = [0, 1, 2, 3].map((n) => ({
    ...ROWS[0],
    taxCode: [TAX.vnpt, TAX.saigonCoop, TAX.viettelPost, fourth][n],
    enterpriseName: `Công ty số ${n + 1}`,
    leadAgency: undefined,
    participantAgencies: [],
  }));
  const upload = (rows = many): PlanUpload => ({
    buffer: exportPlanCsv(rows),
    filename: 'kh.csv',
    mimeType: 'text/csv',
  });

  /** One store (plans, inspections, audit, outbox) and processes that run on it. */
  function store(plans: Plan[] = []) {
    const clock = new FakeClock(LATER);
    const shared = {
      clock,
      planRepo: new FakePlanRepository(plans),
      inspectionRepo: new FakeInspectionRepository(),
      enterprises: new FakeEnterpriseRepository(),
      agencies: new FakeAgencyRepository(AGENCIES),
      audit: new FakeAuditTrail(clock),
      outbox: new InMemoryTouchedParents(),
      previews: new FakeImportPreviewRepository(),
    };
    const process = () => {
      const bus = new ParentsChangedBus(shared.outbox);
      const checked: string[][] = [];
      bus.subscribe(async (change) => (checked.push([...change.parentTaxCodes].sort()), []));
      const plansService = new PlansService(
        shared.planRepo,
        shared.inspectionRepo,
        shared.agencies,
        shared.audit,
        bus,
        clock,
      );
      const service = new PlanImportService(
        shared.planRepo,
        plansService,
        shared.inspectionRepo,
        shared.agencies,
        shared.enterprises,
        builtInFields(),
        shared.audit,
        bus,
        clock,
        new FakeImportMappingRepository(),
        shared.previews,
        new FakeImportUndoStore(shared.planRepo),
      );
      service.chunkSize = 1;
      return { service, bus, checked };
    };
    /** The outbox entry as a minute of silence would leave it (its writer's, its undo's). */
    const quiet = () => {
      for (const e of shared.outbox.entries.values()) {
        e.at = new Date(Date.now() - 60_000);
        if (e.claimedAt) e.claimedAt = new Date(Date.now() - 60_000);
      }
    };
    const entries = () => [...shared.outbox.entries.values()];
    return { ...shared, process, quiet, entries };
  }

  /**
   * Inserts let through `ok` batches, then the next one is held: `fail` answers it with an
   * error, `land` writes it and answers (a writer back), `landUnanswered` writes it and never
   * answers (the batch a killed writer had sent).
   */
  function cutAfter(repo: FakeInspectionRepository, ok: number) {
    const insert = repo.insertNewImports.bind(repo);
    let calls = 0;
    let answer!: (r: ReturnType<typeof insert>) => void;
    let fail!: (e: Error) => void;
    const held = new Promise<Awaited<ReturnType<typeof insert>>>((resolve, reject) => {
      answer = resolve;
      fail = reject;
    });
    let reached!: () => void;
    const there = new Promise<void>((resolve) => (reached = resolve));
    let heldChunk: Parameters<typeof insert>[0] = [];
    let landed = false;
    repo.insertNewImports = async (chunk) => {
      if (++calls <= ok || landed) return insert(chunk);
      heldChunk = chunk;
      reached();
      return held;
    };
    return {
      there,
      fail,
      land: () => ((landed = true), answer(insert(heldChunk))),
      landUnanswered: () => insert(heldChunk),
      batches: () => calls,
      restore: () => (repo.insertNewImports = insert),
    };
  }

  it('notes before its first write what undoes it, and settles the note once whole', async () => {
    const s = store();
    const { service } = s.process();
    const announced: unknown[] = [];
    const add = s.outbox.add.bind(s.outbox);
    s.outbox.add = async (entry) => {
      announced.push({ rows: s.inspectionRepo.rows.size, ...structuredClone(entry.unfinished) });
      return add(entry);
    };
    const result = await service.import(upload(), IMPORT, ACTOR);
    const ids = s.inspectionRepo.all().map((i) => i.id);
    expect(announced).toEqual([
      {
        rows: 0,
        kind: 'plan-import',
        data: {
          planId: result.planId,
          planCreated: true,
          touchedAt: LATER.toISOString(),
          inspectionIds: expect.arrayContaining(ids),
          filename: 'kh.csv',
        },
      },
    ]);
    expect((announced[0] as { data: { inspectionIds: string[] } }).data.inspectionIds).toHaveLength(
      4,
    );
    expect(s.entries()).toEqual([]);
  });

  it('a crash midway: the next process undoes it once its writer is quiet, audits it, checks its parents again', async () => {
    const s = store();
    const first = s.process();
    const cut = cutAfter(s.inspectionRepo, 2);
    const importing = first.service.import(upload(), IMPORT, ACTOR).catch((e: Error) => e);
    await cut.there;
    // The process is gone here: two rows of four written, the note of what undoes them kept.
    const [plan] = s.planRepo.rows.values();
    expect(s.inspectionRepo.rows.size).toBe(2);

    const next = s.process();
    // Just started, its writer may still be alive (another replica): left to it.
    expect(await next.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    expect([next.bus.stillWriting, s.inspectionRepo.rows.size, s.entries().length]).toEqual([
      1, 2, 1,
    ]);

    s.quiet();
    // Taken from its silent writer and undone; kept while a batch of its may still land.
    expect(await next.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    expect([s.inspectionRepo.rows.size, s.entries().length, next.checked.length]).toEqual([
      0, 1, 0,
    ]);
    expect(s.audit.recorded.some((e) => e.action === 'import-undone')).toBe(false);
    s.quiet();
    expect(await next.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
    expect(s.inspectionRepo.all()).toEqual([]);
    expect(s.planRepo.rows.has(plan.id)).toBe(false);
    expect(s.entries()).toEqual([]);
    expect(next.checked).toEqual([[fourth, TAX.saigonCoop, TAX.viettelPost, TAX.vnpt].sort()]);
    expect(s.audit.recorded.filter((e) => e.action === 'import-undone')).toHaveLength(1);
    expect(s.audit.recorded.at(-1)).toMatchObject({
      entityType: 'plan',
      entityId: plan.id,
      action: 'import-undone',
      actor: 'system',
      note: `import of kh.csv by ${ACTOR} cut short (the process stopped or the database was lost), undone: what it wrote of its 4 inspections removed, the draft plan it made removed`,
    });
    cut.fail(new Error('gone'));
    await importing;
  });

  it('is never undone while its writer is at it, even by a sweep of its own process', async () => {
    const s = store();
    const first = s.process();
    const cut = cutAfter(s.inspectionRepo, 1);
    const importing = first.service.import(upload(), IMPORT, ACTOR).catch((e: Error) => e);
    await cut.there;
    s.quiet();
    expect(await first.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    expect([first.bus.stillWriting, s.inspectionRepo.rows.size]).toEqual([1, 1]);
    // The write fails: undone at once, by the writer itself, and its parents checked.
    cut.restore();
    cut.fail(new Error('disk full'));
    expect(await importing).toMatchObject({ message: 'disk full' });
    expect([s.inspectionRepo.rows.size, s.planRepo.rows.size, s.entries().length]).toEqual([
      0, 0, 0,
    ]);
    expect(first.checked).toHaveLength(1);
    expect(s.audit.recorded.at(-1)?.note).toContain('failed midway (disk full), undone');
  });

  it('an undo that fails (the database lost) is left to the sweep, which finishes it', async () => {
    const s = store();
    const { service, bus } = s.process();
    const cut = cutAfter(s.inspectionRepo, 1);
    const remove = s.inspectionRepo.deleteByIds.bind(s.inspectionRepo);
    s.inspectionRepo.deleteByIds = async () => {
      throw new Error('connection closed');
    };
    const importing = service.import(upload(), IMPORT, ACTOR).catch((e: Error) => e);
    await cut.there;
    cut.fail(new Error('connection closed'));
    expect(await importing).toMatchObject({ message: 'connection closed' });
    expect([s.inspectionRepo.rows.size, s.entries().length]).toEqual([1, 1]);
    s.inspectionRepo.deleteByIds = remove;
    cut.restore();
    s.quiet();
    expect(await bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    s.quiet();
    expect(await bus.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
    expect([s.inspectionRepo.rows.size, s.planRepo.rows.size, s.entries().length]).toEqual([
      0, 0, 0,
    ]);
  });

  it('undone in a plan it did not make: its stamp put back, unless changed since', async () => {
    const plan = aPlan({ id: 'plan-1', agencyCode: 'SKHCN', updatedBy: 'someone' });
    const s = store([plan]);
    const { service, bus } = s.process();
    // Whole but for its last audit: cut after the plan was stamped, before the note is settled.
    const record = s.audit.recordMany.bind(s.audit);
    s.audit.recordMany = async (events) => {
      if (events.some((e) => e.action === 'imported')) throw new Error('database lost');
      return record(events);
    };
    const deleteByIds = s.inspectionRepo.deleteByIds.bind(s.inspectionRepo);
    s.inspectionRepo.deleteByIds = async () => {
      throw new Error('database lost');
    };
    await expect(service.import(upload(), { ...IMPORT, planId: plan.id }, ACTOR)).rejects.toThrow(
      'database lost',
    );
    expect((await s.planRepo.findById(plan.id))!.updatedAt).toEqual(LATER);
    s.inspectionRepo.deleteByIds = deleteByIds;
    s.audit.recordMany = record;
    s.quiet();
    expect(await bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    s.quiet();
    expect(await bus.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
    expect(await s.planRepo.findById(plan.id)).toMatchObject({
      updatedAt: plan.updatedAt,
      updatedBy: 'someone',
    });
    expect(s.inspectionRepo.rows.size).toBe(0);

    // A plan stamped by someone else since keeps that stamp; one with others' rows stays.
    const other = new Date('2026-03-03T09:00:00Z');
    await s.planRepo.touch(plan.id, other, 'editor');
    await service.finishImport(
      {
        planId: plan.id,
        planCreated: false,
        planBefore: { updatedAt: plan.updatedAt.toISOString(), updatedBy: 'someone' },
        touchedAt: LATER.toISOString(),
        inspectionIds: [],
      },
      ACTOR,
    );
    expect(await s.planRepo.findById(plan.id)).toMatchObject({ updatedAt: other });
  });

  it('a writer back after an undo took it stops after the batch in hand, removes it and answers 409 IMPORT_UNDONE', async () => {
    const s = store();
    const first = s.process();
    const cut = cutAfter(s.inspectionRepo, 2);
    const importing = first.service.import(upload(), IMPORT, ACTOR).catch((e: Error) => e);
    await cut.there;
    // Its writer cut from the database for a minute: another replica takes it and undoes it.
    s.quiet();
    const other = s.process();
    expect(await other.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    expect(s.inspectionRepo.rows.size).toBe(0);
    // The database is back: the batch in hand lands, then the writer learns it was taken.
    cut.land();
    expect(await importing).toMatchObject({ status: 409, code: 'IMPORT_UNDONE' });
    // It wrote no batch after the one in hand.
    expect(cut.batches()).toBe(3);
    expect(s.inspectionRepo.all()).toEqual([]);
    expect([s.planRepo.rows.size, s.entries().length]).toEqual([0, 0]);
    expect(first.checked).toEqual([[fourth, TAX.saigonCoop, TAX.viettelPost, TAX.vnpt].sort()]);
    const undone = s.audit.recorded.filter((e) => e.action === 'import-undone');
    expect(undone.map((e) => e.note)).toEqual([
      expect.stringContaining('came back after an undo had taken it (silent over 30 s), undone'),
    ]);
    expect(s.audit.recorded.some((e) => e.action === 'imported')).toBe(false);
  });

  it('a writer back only at its end finds the import taken: nothing of it is settled or kept', async () => {
    const s = store();
    const first = s.process();
    const settle = s.outbox.settle.bind(s.outbox);
    const other = s.process();
    s.outbox.settle = async (id) => {
      // Cut off just before settling, for long enough to be taken and undone elsewhere.
      s.quiet();
      expect(await other.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
      return settle(id);
    };
    const answer = await first.service.import(upload(), IMPORT, ACTOR).catch((e: Error) => e);
    expect(answer).toMatchObject({ status: 409, code: 'IMPORT_UNDONE' });
    expect([s.inspectionRepo.rows.size, s.planRepo.rows.size, s.entries().length]).toEqual([
      0, 0, 0,
    ]);
  });

  it('a batch a killed writer had sent, landing after the undo, is removed by a second undo before the check', async () => {
    const s = store();
    const first = s.process();
    const cut = cutAfter(s.inspectionRepo, 2);
    void first.service.import(upload(), IMPORT, ACTOR).catch(() => undefined);
    await cut.there;
    s.quiet();
    const next = s.process();
    expect(await next.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    expect(s.inspectionRepo.rows.size).toBe(0);
    // The writer is gone; the database applies the batch it had sent.
    await cut.landUnanswered();
    expect(s.inspectionRepo.rows.size).toBe(1);
    // Not yet quiet since the undo: kept, neither undone again nor checked.
    expect(await next.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    expect([s.inspectionRepo.rows.size, next.checked.length]).toEqual([1, 0]);
    s.quiet();
    expect(await next.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
    expect([s.inspectionRepo.rows.size, s.planRepo.rows.size, s.entries().length]).toEqual([
      0, 0, 0,
    ]);
    expect(next.checked).toHaveLength(1);
    expect(s.audit.recorded.filter((e) => e.action === 'import-undone')).toHaveLength(1);
  });

  it('a writer that speaks between the sweep reading its entry and the claim keeps it', async () => {
    const s = store();
    const first = s.process();
    const cut = cutAfter(s.inspectionRepo, 2);
    const importing = first.service.import(upload(), IMPORT, ACTOR);
    await cut.there;
    s.quiet();
    const leftovers = s.outbox.leftovers.bind(s.outbox);
    s.outbox.leftovers = async (before, limit) => {
      const read = await leftovers(before, limit);
      for (const e of read) await s.outbox.refresh(e.id, new Date());
      return read;
    };
    const next = s.process();
    expect(await next.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    expect([next.bus.stillWriting, s.inspectionRepo.rows.size]).toEqual([1, 2]);
    cut.restore();
    cut.land();
    expect(await importing).toMatchObject({ created: 4 });
    expect(s.inspectionRepo.rows.size).toBe(4);
  });

  it('keeps a draft it made when other rows went into it meanwhile', async () => {
    const plan = aPlan({ id: 'plan-2', agencyCode: 'SKHCN' });
    const s = store([plan]);
    const { service } = s.process();
    await s.inspectionRepo.insertMany([anInspection(plan, 'theirs')]);
    await service.finishImport(
      { planId: 'plan-2', planCreated: true, touchedAt: LATER.toISOString(), inspectionIds: ['x'] },
      ACTOR,
    );
    expect(s.planRepo.rows.has('plan-2')).toBe(true);
    expect(s.audit.recorded.at(-1)?.note).not.toContain('draft plan it made removed');
  });
});
