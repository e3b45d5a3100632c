import { FakeAgencyRepository } from '../../agencies/testing/fake-agency-repository';
import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import { builtInFields, digest, recordingBus } from '../testing/fake-ports';
import {
  FakeEnterpriseRepository,
  FakeInspectionRepository,
  FakePlanRepository,
} from '../testing/fake-repositories';
import { ACTOR, AGENCIES, aPlan, anEnterprise, anInspection, NOW, TAX } from '../testing/fixtures';
import { Plan } from '../plans/plan';
import { Inspection } from './inspection';
import { CreateInspectionDto } from './inspection.dto';
import { InspectionsService } from './inspections.service';

const LATER = new Date('2026-03-02T08:00:00Z');

function setup(plans: Plan[], inspections: Inspection[] = []) {
  const clock = new FakeClock(LATER);
  const inspectionRepo = new FakeInspectionRepository(inspections);
  const planRepo = new FakePlanRepository(plans);
  const enterprises = new FakeEnterpriseRepository([anEnterprise()]);
  const audit = new FakeAuditTrail(clock);
  const { bus, announced, answer } = recordingBus();
  const service = new InspectionsService(
    inspectionRepo,
    planRepo,
    new FakeAgencyRepository(AGENCIES),
    enterprises,
    builtInFields(),
    audit,
    bus,
    clock,
  );
  // Announced writes not yet checked: a refused write is announced beside its reads and must
  // withdraw it, or a sweep would check it again later.
  const leftovers = () => bus.checkLeftovers(new Date(Date.now() + 3_600_000));
  return { service, inspectionRepo, planRepo, enterprises, audit, announced, answer, leftovers };
}

function input(overrides: Partial<CreateInspectionDto> = {}): CreateInspectionDto {
  return {
    taxCode: TAX.vnpt,
    type: 'kiem-tra',
    form: 'on-site',
    field: 'measurement',
    content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
    window: { from: '2026-04-01', to: '2026-04-30' },
    ...overrides,
  };
}

describe('InspectionsService', () => {
  describe('addToPlan', () => {
    it('answers 404 PLAN_NOT_FOUND for an unknown plan', async () => {
      const { service, leftovers } = setup([]);
      await expect(service.addToPlan('nope', input(), ACTOR)).rejects.toMatchObject({
        status: 404,
        code: 'PLAN_NOT_FOUND',
      });
      expect(await leftovers()).toBe(0);
    });

    it('adds only to a draft (PLAN_NOT_EDITABLE)', async () => {
      const plan = aPlan({ status: 'approved' });
      const { service, inspectionRepo } = setup([plan]);
      await expect(service.addToPlan(plan.id, input(), ACTOR)).rejects.toMatchObject({
        status: 422,
        code: 'PLAN_NOT_EDITABLE',
      });
      expect(inspectionRepo.all()).toEqual([]);
    });

    it('refuses a tax code with a wrong check digit, naming the field', async () => {
      const plan = aPlan();
      const { service } = setup([plan]);
      await expect(
        service.addToPlan(plan.id, input({ taxCode: TAX.invalid }), ACTOR),
      ).rejects.toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        details: [
          {
            field: 'taxCode',
            code: 'TAX_CODE_CHECK_DIGIT',
            message: 'Tax code "0100109107" has a wrong check digit (10th digit)',
          },
        ],
      });
    });

    it('lists every rule problem at once and writes nothing', async () => {
      const plan = aPlan();
      const { service, inspectionRepo, enterprises, audit, announced, leftovers } = setup([plan]);
      const err = await service
        .addToPlan(
          plan.id,
          input({ taxCode: TAX.saigonCoop, field: 'astrology', leadAgencyCode: 'NOPE' }),
          ACTOR,
        )
        .catch((e: { details: { field: string; code: string }[] }) => e);
      expect(
        (err as { details: { field: string; code: string }[] }).details.map(
          (d) => `${d.field}:${d.code}`,
        ),
      ).toEqual([
        'field:UNKNOWN_FIELD_OF_MANAGEMENT',
        'leadAgencyCode:AGENCY_NOT_FOUND',
        'enterpriseName:ENTERPRISE_NAME_REQUIRED',
      ]);
      expect(inspectionRepo.all()).toEqual([]);
      expect(enterprises.all().map((e) => e.taxCode)).toEqual([TAX.vnpt]);
      expect(audit.recorded).toEqual([]);
      expect(announced).toEqual([]);
      expect(await leftovers()).toBe(0);
    });

    it('stores the inspection led by the plan agency, records a new enterprise, touches the plan and answers its conflicts', async () => {
      const plan = aPlan();
      const { service, inspectionRepo, planRepo, enterprises, audit, announced, answer } = setup([
        plan,
      ]);
      const branch = `${TAX.saigonCoop}-001`;
      answer([digest('c-other', ['someone-else'])]);
      const added = await service.addToPlan(
        plan.id,
        input({
          taxCode: branch,
          enterpriseName: 'Chi nhánh Saigon Co.op Bình Dương',
          participantAgencyCodes: ['SNV'],
        }),
        ACTOR,
      );
      const { conflicts, ...stored } = added;
      expect(stored).toEqual({
        id: stored.id,
        planId: plan.id,
        planKind: 'annual',
        planStatus: 'draft',
        agencyCode: 'SKHCN',
        year: 2026,
        taxCode: branch,
        parentTaxCode: TAX.saigonCoop,
        enterpriseName: 'Chi nhánh Saigon Co.op Bình Dương',
        type: 'kiem-tra',
        form: 'on-site',
        field: 'measurement',
        content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
        window: { from: '2026-04-01', to: '2026-04-30' },
        leadAgencyCode: 'SKHCN',
        participantAgencyCodes: ['SNV'],
        state: 'planned',
        revision: 1,
        createdAt: LATER,
        updatedAt: LATER,
        createdBy: ACTOR,
        updatedBy: ACTOR,
      });
      expect(conflicts).toEqual([]);
      expect(inspectionRepo.all()).toEqual([stored]);
      expect(await enterprises.findByTaxCode(branch)).toMatchObject({
        parentTaxCode: TAX.saigonCoop,
        isBranch: true,
        name: 'Chi nhánh Saigon Co.op Bình Dương',
      });
      expect((await planRepo.findById(plan.id))!.updatedAt).toEqual(LATER);
      expect(audit.recorded).toEqual([
        {
          entityType: 'inspection',
          entityId: stored.id,
          action: 'created',
          actor: ACTOR,
          at: LATER,
          note: `plan ${plan.id}`,
        },
      ]);
      expect(announced).toEqual([{ parentTaxCodes: [TAX.saigonCoop], actor: ACTOR }]);
    });

    it('names a known enterprise as registered, not as typed', async () => {
      const plan = aPlan();
      const { service } = setup([plan]);
      const added = await service.addToPlan(plan.id, input({ enterpriseName: 'VNPT' }), ACTOR);
      expect(added.enterpriseName).toBe('Tập đoàn Bưu chính Viễn thông Việt Nam');
    });

    it('answers only the conflicts the new inspection takes part in', async () => {
      const plan = aPlan();
      const { service, inspectionRepo, answer } = setup([plan]);
      answer(() => [
        digest(
          'c-1',
          inspectionRepo.all().map((i) => i.id),
        ),
        digest('c-2', ['i-9']),
      ]);
      const added = await service.addToPlan(plan.id, input(), ACTOR);
      expect(added.conflicts).toEqual([digest('c-1', [added.id])]);
    });
  });

  describe('update', () => {
    const plan = aPlan();
    const stored = anInspection(plan, 'i-1');

    it('answers 404 INSPECTION_NOT_FOUND for an unknown inspection', async () => {
      const { service } = setup([plan]);
      await expect(service.update('nope', { revision: 1 }, ACTOR)).rejects.toMatchObject({
        status: 404,
        code: 'INSPECTION_NOT_FOUND',
      });
    });

    it('refuses a stale revision with 409 naming the current one', async () => {
      const { service } = setup([plan], [{ ...stored, revision: 3 }]);
      await expect(
        service.update('i-1', { revision: 2, form: 'remote' }, ACTOR),
      ).rejects.toMatchObject({
        status: 409,
        code: 'STALE_REVISION',
        message: 'Inspection i-1 is at revision 3, not 2; reload and retry',
        details: [{ field: 'revision', code: 'STALE_REVISION', message: 'current revision is 3' }],
      });
    });

    it('refuses a content change once the plan is submitted (PLAN_NOT_EDITABLE)', async () => {
      const submitted = aPlan({ status: 'submitted' });
      const { service, leftovers } = setup([submitted], [anInspection(submitted, 'i-1')]);
      await expect(
        service.update('i-1', { revision: 1, content: 'Nội dung mới' }, ACTOR),
      ).rejects.toMatchObject({ status: 422, code: 'PLAN_NOT_EDITABLE' });
      expect(await leftovers()).toBe(0);
    });

    it('lets the state of an approved plan’s inspection move on', async () => {
      const approved = aPlan({ status: 'approved' });
      const { service } = setup([approved], [anInspection(approved, 'i-1')]);
      const saved = await service.update('i-1', { revision: 1, state: 'scheduled' }, ACTOR);
      expect([saved.state, saved.revision]).toEqual(['scheduled', 2]);
    });

    it('refuses any change to a withdrawn plan’s inspection (PLAN_WITHDRAWN)', async () => {
      const withdrawn = aPlan({ status: 'withdrawn' });
      const { service } = setup([withdrawn], [anInspection(withdrawn, 'i-1')]);
      await expect(
        service.update('i-1', { revision: 1, state: 'scheduled' }, ACTOR),
      ).rejects.toMatchObject({ status: 422, code: 'PLAN_WITHDRAWN' });
    });

    it('refuses a state that cannot follow the current one, saying what can', async () => {
      const { service } = setup([plan], [{ ...stored, state: 'in-progress' }]);
      await expect(
        service.update('i-1', { revision: 1, state: 'planned' }, ACTOR),
      ).rejects.toMatchObject({
        status: 422,
        code: 'INVALID_STATE_TRANSITION',
        message: 'An inspection cannot go from in-progress to planned',
        details: [
          {
            field: 'state',
            code: 'INVALID_STATE_TRANSITION',
            message: 'allowed from in-progress: done, cancelled',
          },
        ],
      });
    });

    it('says "none" for a final state', async () => {
      const { service } = setup([plan], [{ ...stored, state: 'done' }]);
      await expect(
        service.update('i-1', { revision: 1, state: 'cancelled', stateReason: 'x' }, ACTOR),
      ).rejects.toMatchObject({ details: [{ message: 'allowed from done: none' }] });
    });

    it('needs a reason to cancel (REASON_REQUIRED)', async () => {
      const { service } = setup([plan], [stored]);
      await expect(
        service.update('i-1', { revision: 1, state: 'cancelled' }, ACTOR),
      ).rejects.toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        details: [{ field: 'stateReason', code: 'REASON_REQUIRED' }],
      });
    });

    it('checks the changed content against the rules (window reversed)', async () => {
      const { service, inspectionRepo } = setup([plan], [stored]);
      await expect(
        service.update(
          'i-1',
          { revision: 1, window: { from: '2026-05-10', to: '2026-05-01' } },
          ACTOR,
        ),
      ).rejects.toMatchObject({
        status: 400,
        details: [{ field: 'window', code: 'WINDOW_REVERSED' }],
      });
      expect(inspectionRepo.all()).toEqual([stored]);
    });

    it('answers an update that changes nothing as it is: no write, no audit, no re-check', async () => {
      const { service, inspectionRepo, audit, announced, leftovers } = setup([plan], [stored]);
      const result = await service.update(
        'i-1',
        { revision: 1, form: 'on-site', field: 'measurement', state: 'planned' },
        ACTOR,
      );
      expect(result).toEqual({ ...stored, conflicts: [] });
      expect(inspectionRepo.all()).toEqual([stored]);
      expect(audit.recorded).toEqual([]);
      expect(announced).toEqual([]);
      expect(await leftovers()).toBe(0);
    });

    it('writes the change at the next revision, audits each changed field and re-checks the parent', async () => {
      const { service, inspectionRepo, audit, announced, answer } = setup([plan], [stored]);
      answer([digest('c-1', ['i-1']), digest('c-2', ['i-9'])]);
      const saved = await service.update(
        'i-1',
        { revision: 1, form: 'remote', content: 'Kiểm tra từ xa', state: 'scheduled' },
        ACTOR,
      );
      const expected = {
        ...stored,
        form: 'remote',
        content: 'Kiểm tra từ xa',
        state: 'scheduled',
        revision: 2,
        updatedAt: LATER,
        updatedBy: ACTOR,
      };
      expect(saved).toEqual({ ...expected, conflicts: [digest('c-1', ['i-1'])] });
      expect(inspectionRepo.all()).toEqual([expected]);
      expect(audit.recorded).toEqual([
        {
          entityType: 'inspection',
          entityId: 'i-1',
          action: 'updated',
          actor: ACTOR,
          at: LATER,
          changes: [
            { field: 'form', from: 'on-site', to: 'remote' },
            {
              field: 'content',
              from: 'Kiểm tra việc chấp hành pháp luật về đo lường',
              to: 'Kiểm tra từ xa',
            },
            { field: 'state', from: 'planned', to: 'scheduled' },
          ],
        },
      ]);
      expect(announced).toEqual([{ parentTaxCodes: [TAX.vnpt], actor: ACTOR }]);
    });

    it('refuses with 409 when someone wrote between the read and the write', async () => {
      const { service, inspectionRepo, audit } = setup([plan], [{ ...stored, revision: 2 }]);
      // The service read revision 1; the store is already at 2.
      inspectionRepo.findById = async () => ({ ...stored });
      await expect(
        service.update('i-1', { revision: 1, form: 'remote' }, ACTOR),
      ).rejects.toMatchObject({
        status: 409,
        code: 'STALE_REVISION',
        message: 'Inspection i-1 changed meanwhile; reload and retry',
      });
      expect(audit.recorded).toEqual([]);
    });
  });

  describe('reviseForResolution', () => {
    const plan = aPlan();
    const a = anInspection(plan, 'i-1');
    const b = anInspection(plan, 'i-2', { window: { from: '2026-03-10', to: '2026-03-20' } });

    it('skips edits that change nothing and writes none of them', async () => {
      const { service, inspectionRepo, audit } = setup([plan], [a, b]);
      const changed = await service.reviseForResolution(
        [
          { before: a, changes: { state: 'planned', window: { ...a.window } } },
          { before: b, changes: {} },
        ],
        ACTOR,
        'c-1',
      );
      expect(changed).toEqual([]);
      expect(inspectionRepo.all()).toEqual([a, b]);
      expect(audit.recorded).toEqual([]);
    });

    it('writes only the fields that differ, at the next revision, audited as the resolution', async () => {
      const { service, inspectionRepo, audit } = setup([plan], [a, b]);
      const changed = await service.reviseForResolution(
        [
          { before: a, changes: { state: 'planned', participantAgencyCodes: ['SNV'] } },
          {
            before: b,
            changes: { state: 'merged', mergedInto: 'i-1', stateReason: 'Gộp vào i-1' },
          },
        ],
        ACTOR,
        'c-1',
      );
      const afterA = {
        ...a,
        participantAgencyCodes: ['SNV'],
        revision: 2,
        updatedAt: LATER,
        updatedBy: ACTOR,
      };
      const afterB = {
        ...b,
        state: 'merged',
        mergedInto: 'i-1',
        stateReason: 'Gộp vào i-1',
        revision: 2,
        updatedAt: LATER,
        updatedBy: ACTOR,
      };
      expect(changed).toEqual([afterA, afterB]);
      expect(inspectionRepo.all()).toEqual([afterA, afterB]);
      expect(audit.recorded).toEqual([
        {
          entityType: 'inspection',
          entityId: 'i-1',
          action: 'conflict-resolution',
          actor: ACTOR,
          at: LATER,
          note: 'c-1',
          changes: [{ field: 'participantAgencyCodes', from: [], to: ['SNV'] }],
        },
        {
          entityType: 'inspection',
          entityId: 'i-2',
          action: 'conflict-resolution',
          actor: ACTOR,
          at: LATER,
          note: 'c-1',
          changes: [
            { field: 'state', from: 'planned', to: 'merged' },
            { field: 'mergedInto', from: undefined, to: 'i-1' },
            { field: 'stateReason', from: undefined, to: 'Gộp vào i-1' },
          ],
        },
      ]);
    });

    it('refuses with 409 "decide again" when an inspection changed since the decision', async () => {
      const { service, audit } = setup([plan], [{ ...a, revision: 2 }]);
      await expect(
        service.reviseForResolution(
          [{ before: a, changes: { state: 'cancelled', stateReason: 'Trùng' } }],
          ACTOR,
          'c-1',
        ),
      ).rejects.toMatchObject({
        status: 409,
        code: 'STALE_REVISION',
        message: 'Inspection i-1 changed meanwhile; decide again',
      });
      expect(audit.recorded).toEqual([]);
    });
  });

  describe('get and list', () => {
    const plan = aPlan();
    const parent = anInspection(plan, 'i-1');
    const branch = anInspection(plan, 'i-2', {
      taxCode: `${TAX.vnpt}-001`,
      window: { from: '2026-06-01', to: '2026-06-30' },
    });
    const other = anInspection(plan, 'i-3', {
      taxCode: TAX.viettelPost,
      parentTaxCode: TAX.viettelPost,
    });

    it('lists a parent tax code with its branches, and a branch alone', async () => {
      const { service } = setup([plan], [parent, branch, other]);
      const byParent = await service.list({
        taxCode: TAX.vnpt,
        page: 1,
        pageSize: 50,
        sort: 'window.from',
      });
      expect(byParent.items.map((i) => i.id)).toEqual(['i-1', 'i-2']);
      const byBranch = await service.list({
        taxCode: `${TAX.vnpt}-001`,
        page: 1,
        pageSize: 50,
        sort: 'window.from',
      });
      expect(byBranch).toEqual({ items: [branch], total: 1, page: 1, pageSize: 50 });
    });

    it('answers the stored inspection by id', async () => {
      const { service } = setup([plan], [parent]);
      expect(await service.get('i-1')).toEqual(parent);
      expect(parent.createdAt).toEqual(NOW);
    });
  });
});
