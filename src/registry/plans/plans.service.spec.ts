import { FakeAgencyRepository } from '../../agencies/testing/fake-agency-repository';
import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import { recordingBus } from '../testing/fake-ports';
import { FakeInspectionRepository, FakePlanRepository } from '../testing/fake-repositories';
import { ACTOR, AGENCIES, aPlan, anInspection, DECISION, NOW, TAX } from '../testing/fixtures';
import { Plan } from './plan';
import { PlansService } from './plans.service';

const LATER = new Date('2026-03-02T08:00:00Z');

function setup(plans: Plan[] = []) {
  const clock = new FakeClock(LATER);
  const planRepo = new FakePlanRepository(plans);
  const inspectionRepo = new FakeInspectionRepository();
  const audit = new FakeAuditTrail(clock);
  const { bus, announced } = recordingBus();
  const service = new PlansService(
    planRepo,
    inspectionRepo,
    new FakeAgencyRepository(AGENCIES),
    audit,
    bus,
    clock,
  );
  return { service, planRepo, inspectionRepo, audit, announced };
}

/** A plan with two inspections (two enterprises) and one more of the first enterprise. */
function planWithInspections(plan: Plan) {
  return [
    anInspection(plan, 'i-1'),
    anInspection(plan, 'i-2', {
      taxCode: TAX.viettelPost,
      parentTaxCode: TAX.viettelPost,
      enterpriseName: 'Tổng công ty Bưu chính Viettel',
    }),
    anInspection(plan, 'i-3', { window: { from: '2026-09-01', to: '2026-09-30' } }),
  ];
}

const planFacts = (repo: FakeInspectionRepository) =>
  repo.all().map((i) => ({
    id: i.id,
    planStatus: i.planStatus,
    planDecision: i.planDecision,
    revision: i.revision,
  }));

describe('PlansService', () => {
  describe('create', () => {
    it('refuses an unknown agency, naming the field, and stores nothing', async () => {
      const { service, planRepo, audit } = setup();
      await expect(
        service.create({ agencyCode: 'NOPE', year: 2026, kind: 'annual' }, ACTOR),
      ).rejects.toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        details: [
          { field: 'agencyCode', code: 'AGENCY_NOT_FOUND', message: 'agency NOPE does not exist' },
        ],
      });
      expect(planRepo.rows.size).toBe(0);
      expect(audit.recorded).toEqual([]);
    });

    it('stores a draft at revision 1 with its title and decision, and audits it', async () => {
      const { service, planRepo, audit } = setup();
      const plan = await service.create(
        {
          agencyCode: 'SKHCN',
          year: 2026,
          kind: 'annual',
          title: 'Kế hoạch năm 2026',
          decision: DECISION,
        },
        ACTOR,
      );
      expect(plan).toEqual({
        id: plan.id,
        agencyCode: 'SKHCN',
        year: 2026,
        kind: 'annual',
        title: 'Kế hoạch năm 2026',
        decision: DECISION,
        status: 'draft',
        revision: 1,
        createdAt: LATER,
        updatedAt: LATER,
        createdBy: ACTOR,
        updatedBy: ACTOR,
      });
      expect(await planRepo.findById(plan.id)).toEqual(plan);
      expect(audit.recorded).toEqual([
        { entityType: 'plan', entityId: plan.id, action: 'created', actor: ACTOR, at: LATER },
      ]);
    });
  });

  describe('get and list', () => {
    it('answers 404 PLAN_NOT_FOUND for an unknown plan', async () => {
      const { service } = setup();
      await expect(service.get('nope')).rejects.toMatchObject({
        status: 404,
        code: 'PLAN_NOT_FOUND',
      });
    });

    it('shows the plan with its inspections and their count', async () => {
      const plan = aPlan();
      const { service, inspectionRepo } = setup([plan]);
      await inspectionRepo.insertMany(planWithInspections(plan));
      const view = await service.get(plan.id);
      expect(view.inspectionCount).toBe(3);
      expect(view.inspections.map((i) => i.id)).toEqual(['i-1', 'i-3', 'i-2']);
    });

    it('lists the page asked for, with the total of the filter', async () => {
      const plans = [
        aPlan({ id: 'p-a', agencyCode: 'SKHCN' }),
        aPlan({ id: 'p-b', agencyCode: 'SNV' }),
        aPlan({ id: 'p-c', agencyCode: 'TTT' }),
        aPlan({ id: 'p-d', agencyCode: 'SNV', year: 2025 }),
      ];
      const { service } = setup(plans);
      const page = await service.list({ year: 2026, page: 2, pageSize: 2 });
      expect(page).toEqual({
        items: [plans[2]],
        total: 3,
        page: 2,
        pageSize: 2,
      });
    });
  });

  describe('submit', () => {
    it('refuses a plan whose inspections are all cancelled or merged (PLAN_EMPTY)', async () => {
      const plan = aPlan();
      const { service, inspectionRepo } = setup([plan]);
      await inspectionRepo.insertMany([
        anInspection(plan, 'i-1', {}, { state: 'cancelled' }),
        anInspection(plan, 'i-2', {}, { state: 'merged' }),
      ]);
      await expect(service.submit(plan.id, ACTOR)).rejects.toMatchObject({
        status: 422,
        code: 'PLAN_EMPTY',
      });
    });

    it('moves a draft to submitted and copies the status onto its inspections, revisions kept', async () => {
      const plan = aPlan();
      const { service, planRepo, inspectionRepo, audit } = setup([plan]);
      await inspectionRepo.insertMany(planWithInspections(plan));
      const submitted = await service.submit(plan.id, ACTOR);
      expect(submitted).toEqual({ ...plan, status: 'submitted', updatedAt: LATER });
      expect(await planRepo.findById(plan.id)).toEqual(submitted);
      expect(planFacts(inspectionRepo)).toEqual([
        { id: 'i-1', planStatus: 'submitted', planDecision: undefined, revision: 1 },
        { id: 'i-2', planStatus: 'submitted', planDecision: undefined, revision: 1 },
        { id: 'i-3', planStatus: 'submitted', planDecision: undefined, revision: 1 },
      ]);
      expect(inspectionRepo.all().map((i) => i.updatedAt)).toEqual([LATER, LATER, LATER]);
      expect(audit.recorded).toEqual([
        {
          entityType: 'plan',
          entityId: plan.id,
          action: 'submitted',
          actor: ACTOR,
          at: LATER,
          changes: [{ field: 'status', from: 'draft', to: 'submitted' }],
          note: undefined,
        },
      ]);
    });

    it('refuses a plan that is no longer a draft (INVALID_PLAN_TRANSITION), changing nothing', async () => {
      const plan = aPlan({ status: 'submitted' });
      const { service, inspectionRepo, audit } = setup([plan]);
      await inspectionRepo.insertMany([anInspection(plan, 'i-1')]);
      await expect(service.submit(plan.id, ACTOR)).rejects.toMatchObject({
        status: 422,
        code: 'INVALID_PLAN_TRANSITION',
        message: 'A submitted plan cannot become submitted (allowed from: draft)',
        details: [
          { field: 'status', code: 'INVALID_PLAN_TRANSITION', message: 'plan is submitted' },
        ],
      });
      expect(audit.recorded).toEqual([]);
      expect(inspectionRepo.all()[0].updatedAt).toEqual(NOW);
    });
  });

  describe('approve', () => {
    it('needs a decision when the plan has none (DECISION_REQUIRED)', async () => {
      const plan = aPlan({ status: 'submitted' });
      const { service, planRepo } = setup([plan]);
      await expect(service.approve(plan.id, {}, ACTOR)).rejects.toMatchObject({
        status: 422,
        code: 'DECISION_REQUIRED',
        details: [{ field: 'decision', code: 'DECISION_REQUIRED' }],
      });
      expect((await planRepo.findById(plan.id))!.status).toBe('submitted');
    });

    it('approves with the decision and copies both onto the inspections, bumping their revisions', async () => {
      const plan = aPlan({ status: 'submitted' });
      const { service, inspectionRepo } = setup([plan]);
      await inspectionRepo.insertMany(planWithInspections(plan));
      const approved = await service.approve(plan.id, { decision: DECISION }, ACTOR);
      expect(approved).toMatchObject({ status: 'approved', decision: DECISION });
      expect(planFacts(inspectionRepo)).toEqual([
        { id: 'i-1', planStatus: 'approved', planDecision: DECISION, revision: 2 },
        { id: 'i-2', planStatus: 'approved', planDecision: DECISION, revision: 2 },
        { id: 'i-3', planStatus: 'approved', planDecision: DECISION, revision: 2 },
      ]);
    });

    it('approves with the decision the plan was created with; the events do not change', async () => {
      const plan = aPlan({ status: 'submitted', decision: DECISION });
      const { service, inspectionRepo } = setup([plan]);
      await inspectionRepo.insertMany([anInspection(plan, 'i-1')]);
      const approved = await service.approve(plan.id, {}, ACTOR);
      expect(approved.decision).toEqual(DECISION);
      expect(planFacts(inspectionRepo)).toEqual([
        { id: 'i-1', planStatus: 'approved', planDecision: DECISION, revision: 1 },
      ]);
    });

    it('refuses to approve a draft (INVALID_PLAN_TRANSITION)', async () => {
      const plan = aPlan({ decision: DECISION });
      const { service } = setup([plan]);
      await expect(service.approve(plan.id, {}, ACTOR)).rejects.toMatchObject({
        code: 'INVALID_PLAN_TRANSITION',
        message: 'A draft plan cannot become approved (allowed from: submitted)',
      });
    });
  });

  describe('returnToDraft', () => {
    it('sends a submitted plan back with the reason, and its inspections with it', async () => {
      const plan = aPlan({ status: 'submitted' });
      const { service, inspectionRepo, audit } = setup([plan]);
      await inspectionRepo.insertMany([anInspection(plan, 'i-1', {}, { planStatus: 'submitted' })]);
      const draft = await service.returnToDraft(plan.id, 'Bổ sung nội dung', ACTOR);
      expect(draft).toMatchObject({ status: 'draft', statusReason: 'Bổ sung nội dung' });
      expect(planFacts(inspectionRepo)).toEqual([
        { id: 'i-1', planStatus: 'draft', planDecision: undefined, revision: 1 },
      ]);
      expect(audit.recorded.map((e) => [e.action, e.note])).toEqual([
        ['draft', 'Bổ sung nội dung'],
      ]);
    });
  });

  describe('withdraw', () => {
    it('withdraws, bumps the inspections (they are cancelled in calendars) and announces each parent once', async () => {
      const plan = aPlan({ status: 'approved', decision: DECISION });
      const { service, inspectionRepo, announced } = setup([plan]);
      await inspectionRepo.insertMany(planWithInspections(plan));
      const withdrawn = await service.withdraw(plan.id, 'Không còn phù hợp', ACTOR);
      expect(withdrawn).toMatchObject({ status: 'withdrawn', statusReason: 'Không còn phù hợp' });
      expect(planFacts(inspectionRepo)).toEqual([
        { id: 'i-1', planStatus: 'withdrawn', planDecision: DECISION, revision: 2 },
        { id: 'i-2', planStatus: 'withdrawn', planDecision: DECISION, revision: 2 },
        { id: 'i-3', planStatus: 'withdrawn', planDecision: DECISION, revision: 2 },
      ]);
      expect(announced).toEqual([{ parentTaxCodes: [TAX.vnpt, TAX.viettelPost], actor: ACTOR }]);
    });

    it('refuses a withdrawn plan, announcing nothing', async () => {
      const plan = aPlan({ status: 'withdrawn' });
      const { service, announced } = setup([plan]);
      await expect(service.withdraw(plan.id, 'lần hai', ACTOR)).rejects.toMatchObject({
        code: 'INVALID_PLAN_TRANSITION',
      });
      expect(announced).toEqual([]);
    });
  });

  describe('revise', () => {
    it('revises only an approved plan (PLAN_NOT_APPROVED)', async () => {
      const plan = aPlan({ status: 'submitted' });
      const { service, planRepo } = setup([plan]);
      await expect(service.revise(plan.id, 'Điều chỉnh', ACTOR)).rejects.toMatchObject({
        status: 422,
        code: 'PLAN_NOT_APPROVED',
        message: 'Only an approved plan is revised; this one is submitted',
      });
      expect(planRepo.revisions).toEqual([]);
    });

    it('freezes the approved plan with its inspections and reopens it as the next draft, decision dropped', async () => {
      const plan = aPlan({ status: 'approved', decision: DECISION });
      const { service, planRepo, inspectionRepo, audit } = setup([plan]);
      const stored = [anInspection(plan, 'i-1')];
      await inspectionRepo.insertMany(stored);
      const reopened = await service.revise(plan.id, 'Điều chỉnh theo kết luận họp', ACTOR);
      expect(reopened).toEqual({
        ...plan,
        decision: undefined,
        status: 'draft',
        revision: 2,
        statusReason: 'Điều chỉnh theo kết luận họp',
        updatedAt: LATER,
      });
      expect('decision' in reopened).toBe(false);
      expect(planRepo.revisions).toEqual([
        {
          planId: plan.id,
          revision: 1,
          plan,
          inspections: stored,
          reason: 'Điều chỉnh theo kết luận họp',
          actor: ACTOR,
          at: LATER,
        },
      ]);
      expect(planFacts(inspectionRepo)).toEqual([
        { id: 'i-1', planStatus: 'draft', planDecision: undefined, revision: 2 },
      ]);
      expect(audit.recorded[0].changes).toEqual([
        { field: 'status', from: 'approved', to: 'draft' },
        { field: 'revision', from: 1, to: 2 },
      ]);
    });

    it('lists the frozen revisions and answers 404 for one that does not exist', async () => {
      const plan = aPlan({ status: 'approved', decision: DECISION });
      const { service, inspectionRepo } = setup([plan]);
      await inspectionRepo.insertMany([anInspection(plan, 'i-1')]);
      await service.revise(plan.id, 'Điều chỉnh', ACTOR);
      expect(await service.revisions(plan.id)).toEqual({
        current: { revision: 2, status: 'draft' },
        revisions: [
          {
            revision: 1,
            reason: 'Điều chỉnh',
            actor: ACTOR,
            at: LATER,
            status: 'approved',
            decision: DECISION,
            inspectionCount: 1,
          },
        ],
      });
      expect((await service.revision(plan.id, 1)).plan).toEqual(plan);
      await expect(service.revision(plan.id, 9)).rejects.toMatchObject({
        status: 404,
        code: 'PLAN_REVISION_NOT_FOUND',
      });
    });
  });
});
