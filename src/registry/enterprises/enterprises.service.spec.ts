import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import { recordingBus } from '../testing/fake-ports';
import { FakeEnterpriseRepository, FakeInspectionRepository } from '../testing/fake-repositories';
import { ACTOR, aPlan, anEnterprise, anInspection, TAX } from '../testing/fixtures';
import { EnterpriseViewSections } from './enterprise-view';
import { EnterprisesService } from './enterprises.service';

const LATER = new Date('2026-03-02T08:00:00Z');
const BRANCH = `${TAX.vnpt}-001`;

function setup() {
  const clock = new FakeClock(LATER);
  const plan = aPlan();
  const enterprises = new FakeEnterpriseRepository([
    anEnterprise(),
    anEnterprise({
      taxCode: BRANCH,
      isBranch: true,
      name: 'Chi nhánh VNPT Bình Dương',
    }),
    anEnterprise({
      taxCode: TAX.viettelPost,
      parentTaxCode: TAX.viettelPost,
      name: 'Tổng công ty Bưu chính Viettel',
    }),
  ]);
  const inspections = new FakeInspectionRepository([
    anInspection(plan, 'i-late', { window: { from: '2026-09-01', to: '2026-09-30' } }),
    anInspection(plan, 'i-branch', {
      taxCode: BRANCH,
      enterpriseName: 'Chi nhánh VNPT Bình Dương',
      window: { from: '2026-05-01', to: '2026-05-31' },
    }),
    anInspection(plan, 'i-early', { window: { from: '2026-02-01', to: '2026-02-28' } }),
    anInspection(plan, 'i-other', {
      taxCode: TAX.viettelPost,
      parentTaxCode: TAX.viettelPost,
    }),
  ]);
  const sections = new EnterpriseViewSections();
  const audit = new FakeAuditTrail(clock);
  const { bus, announced } = recordingBus();
  const service = new EnterprisesService(enterprises, inspections, sections, audit, bus, clock);
  return { service, enterprises, sections, audit, announced };
}

describe('EnterprisesService', () => {
  it('refuses a malformed tax code with 400 INVALID_TAX_CODE', async () => {
    const { service } = setup();
    await expect(service.get(TAX.invalid)).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_TAX_CODE',
      details: [{ field: 'taxCode', code: 'TAX_CODE_CHECK_DIGIT' }],
    });
  });

  it('answers 404 ENTERPRISE_NOT_FOUND for a tax code never registered', async () => {
    const { service } = setup();
    await expect(service.get(TAX.saigonCoop)).rejects.toMatchObject({
      status: 404,
      code: 'ENTERPRISE_NOT_FOUND',
    });
  });

  it('shows a parent with its branches, every inspection of the family by window, and the added sections', async () => {
    const { service, sections } = setup();
    sections.add(async (parent) => ({ conflicts: [`conflicts of ${parent}`] }));
    const view = await service.view(TAX.vnpt);
    expect(view.branches).toEqual([{ taxCode: BRANCH, name: 'Chi nhánh VNPT Bình Dương' }]);
    expect(view.inspections.map((i) => i.id)).toEqual(['i-early', 'i-branch', 'i-late']);
    expect(view).toMatchObject({
      taxCode: TAX.vnpt,
      conflicts: [`conflicts of ${TAX.vnpt}`],
    });
  });

  it('answers view() of a malformed or unknown tax code as get() does, 400 or 404', async () => {
    const { service } = setup();
    await expect(service.view(TAX.invalid)).rejects.toMatchObject({ status: 400 });
    await expect(service.view(TAX.saigonCoop)).rejects.toMatchObject({ status: 404 });
  });

  it('shows the family of the parent a record was stored under, even one its tax code does not name', async () => {
    const { service, enterprises, sections } = setup();
    // Read beside the record by the parent its tax code names; this one was stored otherwise.
    await enterprises.ensureExist(
      [
        {
          taxCode: TAX.saigonCoop,
          parentTaxCode: TAX.viettelPost,
          isBranch: false,
          name: 'Công ty lưu lệch',
        },
      ],
      LATER,
    );
    sections.add(async (parent) => ({ conflicts: [`conflicts of ${parent}`] }));
    const view = await service.view(TAX.saigonCoop);
    expect(view).toMatchObject({ conflicts: [`conflicts of ${TAX.viettelPost}`] });
  });

  it('shows a branch with its own inspections only and no branches', async () => {
    const { service } = setup();
    const view = await service.view(BRANCH);
    expect(view.branches).toEqual([]);
    expect(view.inspections.map((i) => i.id)).toEqual(['i-branch']);
  });

  it('searches by tax code prefix or name, one page at a time', async () => {
    const { service } = setup();
    const page = await service.search('0100', undefined, 2, 1);
    expect(page.items.map((e) => e.taxCode)).toEqual([BRANCH]);
    expect([page.total, page.page, page.pageSize]).toEqual([2, 2, 1]);
    const byName = await service.search('viettel', undefined, 1, 50);
    expect(byName.items.map((e) => e.taxCode)).toEqual([TAX.viettelPost]);
  });

  it('updates the name and audits the change without re-checking the rules', async () => {
    const { service, enterprises, audit, announced } = setup();
    const after = await service.update(TAX.vnpt, { name: 'VNPT' }, ACTOR);
    expect(after).toEqual({ ...anEnterprise(), name: 'VNPT', updatedAt: LATER });
    expect(await enterprises.findByTaxCode(TAX.vnpt)).toEqual(after);
    expect(audit.recorded).toEqual([
      {
        entityType: 'enterprise',
        entityId: TAX.vnpt,
        action: 'updated',
        actor: ACTOR,
        at: LATER,
        changes: [{ field: 'name', from: 'Tập đoàn Bưu chính Viễn thông Việt Nam', to: 'VNPT' }],
      },
    ]);
    expect(announced).toEqual([]);
  });

  it('re-checks the parent when the good-complier flag changes (NQ198)', async () => {
    const { service, announced } = setup();
    await service.update(BRANCH, { goodComplier: true }, ACTOR);
    expect(announced).toEqual([{ parentTaxCodes: [TAX.vnpt], actor: ACTOR }]);
  });

  it('does not re-check when the good-complier flag is sent unchanged', async () => {
    const { service, announced } = setup();
    await service.update(TAX.vnpt, { goodComplier: false }, ACTOR);
    expect(announced).toEqual([]);
  });
});
