// The preview service over fakes: what a commit writes, and the guards around it.
import { agency, FakeAgencyRepository } from '../../../agencies/testing/fake-agency-repository';
import { FakeAuditTrail } from '../../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../../common/testing/fake-clock';
import { PlansService } from '../../plans/plans.service';
import { builtInFields, recordingBus } from '../../testing/fake-ports';
import {
  FakeEnterpriseRepository,
  FakeInspectionRepository,
  FakePlanRepository,
} from '../../testing/fake-repositories';
import { ACTOR, AGENCIES, TAX } from '../../testing/fixtures';
import { exportPlanCsv, type PlanExportRow } from '../export';
import { PlanImportService } from '../plan-import.service';
import {
  FakeImportMappingRepository,
  FakeImportPreviewRepository,
} from '../testing/fake-import-preview';
import { FakeImportUndoStore } from '../testing/fake-import-undo';
import { ImportConflictProbe } from './import-conflict-probe';
import { PlanImportPreviewService, PREVIEW_TTL_MS } from './plan-import-preview.service';

const ROWS: PlanExportRow[] = [
  {
    enterpriseName: 'Tập đoàn Bưu chính Viễn thông Việt Nam',
    taxCode: TAX.vnpt,
    content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
    field: 'measurement',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-03-02', to: '2026-03-31' },
  },
  {
    enterpriseName: 'Công ty Cổ phần Viettel Post',
    taxCode: TAX.viettelPost,
    content: 'Kiểm tra phòng cháy, chữa cháy',
    field: 'fire-safety',
    type: 'kiem-tra',
    form: 'remote',
    window: { from: '2026-04-01', to: '2026-06-30' },
  },
];
const upload = (rows = ROWS) => ({
  buffer: exportPlanCsv(rows),
  filename: 'kh.csv',
  mimeType: 'text/csv',
});
const anyAgency = () => undefined;

function setup() {
  const clock = new FakeClock(new Date('2026-03-02T08:00:00Z'));
  const planRepo = new FakePlanRepository([]);
  const inspections = new FakeInspectionRepository([]);
  const agencies = new FakeAgencyRepository([
    ...AGENCIES,
    agency('QLTT', { name: 'Cục Quản lý thị trường' }),
  ]);
  const audit = new FakeAuditTrail(clock);
  const { bus } = recordingBus();
  const plans = new PlansService(planRepo, inspections, agencies, audit, bus, clock);
  const mappings = new FakeImportMappingRepository();
  const previews = new FakeImportPreviewRepository();
  const importer = new PlanImportService(
    planRepo,
    plans,
    inspections,
    agencies,
    new FakeEnterpriseRepository(),
    builtInFields(),
    audit,
    bus,
    clock,
    mappings,
    previews,
    new FakeImportUndoStore(planRepo),
  );
  const probe = new ImportConflictProbe();
  const service = new PlanImportPreviewService(
    importer,
    previews,
    mappings,
    probe,
    builtInFields(),
    clock,
  );
  return { service, clock, inspections, planRepo, probe, previews, plans };
}

describe('PlanImportPreviewService', () => {
  it('writes nothing on preview, and on commit exactly the previewed rows, once', async () => {
    const { service, inspections } = setup();
    const p = await service.preview(upload(), { agencyCode: 'SKHCN', year: 2026 }, ACTOR);
    expect(p.summary).toEqual({ rows: 2, certain: 2, withGuesses: 0, withErrors: 0 });
    expect(inspections.rows.size).toBe(0);
    await service.correctRow(
      p.previewId,
      3,
      { window: { from: '2026-05-04', to: '2026-05-29' } },
      ACTOR,
      anyAgency,
    );
    const done = await service.commit(p.previewId, ACTOR, anyAgency);
    expect(done).toMatchObject({ planCreated: true, created: 2 });
    expect(
      [...inspections.rows.values()]
        .map((i) => i.window)
        .sort((a, b) => a.from.localeCompare(b.from)),
    ).toEqual([
      { from: '2026-03-02', to: '2026-03-31' },
      { from: '2026-05-04', to: '2026-05-29' },
    ]);
    await expect(service.commit(p.previewId, ACTOR, anyAgency)).rejects.toMatchObject({
      status: 409,
      code: 'PREVIEW_COMMITTED',
    });
  });

  it('refuses a commit after expiry, and while a row has errors', async () => {
    const { service, clock } = setup();
    const p = await service.preview(upload(), { agencyCode: 'SKHCN', year: 2026 }, ACTOR);
    const broken = await service.correctRow(
      p.previewId,
      2,
      { taxCode: '0100109107' },
      ACTOR,
      anyAgency,
    );
    expect(broken.errors).toEqual([
      expect.objectContaining({ code: 'TAX_CODE_CHECK_DIGIT', row: 2 }),
    ]);
    await expect(service.commit(p.previewId, ACTOR, anyAgency)).rejects.toMatchObject({
      status: 422,
      code: 'IMPORT_INVALID',
    });
    await service.correctRow(p.previewId, 2, { taxCode: TAX.vnpt }, ACTOR, anyAgency);
    clock.advance(PREVIEW_TTL_MS + 1);
    await expect(service.commit(p.previewId, ACTOR, anyAgency)).rejects.toMatchObject({
      status: 409,
      code: 'PREVIEW_EXPIRED',
    });
  });

  it('refuses when the target plan changed since the preview', async () => {
    const { service, plans } = setup();
    const p = await service.preview(upload(), { agencyCode: 'SKHCN', year: 2026 }, ACTOR);
    await plans.create({ agencyCode: 'SKHCN', year: 2026, kind: 'annual' }, ACTOR);
    await expect(service.commit(p.previewId, ACTOR, anyAgency)).rejects.toMatchObject({
      status: 409,
      code: 'PLAN_CHANGED',
    });
  });

  it('releases the commit when the write fails, so the officer can commit it again', async () => {
    const { service, inspections, plans } = setup();
    await plans.create({ agencyCode: 'SKHCN', year: 2026, kind: 'annual' }, ACTOR);
    const p = await service.preview(upload(), { agencyCode: 'SKHCN', year: 2026 }, ACTOR);
    const insert = inspections.insertNewImports.bind(inspections);
    let fail = true;
    inspections.insertNewImports = async (rows) => {
      if (fail) {
        fail = false;
        throw new Error('database went away');
      }
      return insert(rows);
    };
    await expect(service.commit(p.previewId, ACTOR, anyAgency)).rejects.toThrow(
      'database went away',
    );
    expect(inspections.rows.size).toBe(0);
    await expect(service.commit(p.previewId, ACTOR, anyAgency)).resolves.toMatchObject({
      planCreated: false,
      created: 2,
    });
  });

  it('applies the agency scope to every preview it loads', async () => {
    const { service } = setup();
    const p = await service.preview(upload(), { agencyCode: 'SKHCN', year: 2026 }, ACTOR);
    const seen: string[] = [];
    await service
      .get(p.previewId, (a) => {
        seen.push(a);
        throw new Error('forbidden');
      })
      .catch(() => undefined);
    expect(seen).toEqual(['SKHCN']);
  });

  it('answers the conflicts the engine would open, by spreadsheet row', async () => {
    const { service, probe } = setup();
    probe.provide(async (rows) => [
      {
        id: 'c1',
        ruleId: 'frequency',
        rulebook: { id: 'NQ198', version: '1' },
        severity: 'block',
        taxCode: rows[0].taxCode,
        year: 2026,
        rows: rows.map((r) => r.row),
        inspectionIds: [],
        explanation: { vi: 'v', en: 'e' },
        existingStatus: null,
      },
    ]);
    const p = await service.preview(upload(), { agencyCode: 'SKHCN', year: 2026 }, ACTOR);
    expect(p.conflicts).toEqual([expect.objectContaining({ id: 'c1', rows: [2, 3] })]);
  });
});
