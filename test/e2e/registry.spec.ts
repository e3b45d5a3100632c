import { createTestApp, TestApp } from '../support/app';
import {
  ACTOR,
  addInspection,
  AGENCIES,
  createPlan,
  makeTaxCode,
  inspectionInput,
  seedAgencies,
  TAX,
} from '../support/factories';

describe('plan registry over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('registry');
    await seedAgencies(t.http);
  });
  afterAll(() => t.close());

  describe('agencies', () => {
    it('lists agencies sorted by code with Vietnamese names intact', async () => {
      const res = await t.http.get('/agencies').expect(200);
      expect(res.body.map((a: { code: string }) => a.code)).toEqual([
        'KTNN',
        'SKHCN',
        'SNV',
        'THUE',
        'TTT',
      ]);
      expect(res.body.find((a: { code: string }) => a.code === 'TTT').name).toBe('Thanh tra tỉnh');
    });

    it('filters by kind', async () => {
      const res = await t.http.get('/agencies?kind=inspectorate').expect(200);
      expect(res.body.map((a: { code: string }) => a.code)).toEqual(['TTT']);
    });

    it('refuses a duplicate code with 409 naming the field', async () => {
      const res = await t.http
        .post('/agencies')
        .send({ ...AGENCIES.inspectorate, code: 'ttt' })
        .expect(409);
      expect(res.body.code).toBe('AGENCY_EXISTS');
      expect(res.body.details[0].field).toBe('code');
    });

    it('rejects an unknown kind and unknown fields, naming each', async () => {
      const res = await t.http
        .post('/agencies')
        .send({ code: 'X1', name: 'X', kind: 'district', extra: 1 })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.details.map(
        (d: { field: string; code: string }) => `${d.field}:${d.code}`,
      );
      expect(fields).toEqual(expect.arrayContaining(['kind:IS_IN', 'extra:UNKNOWN_FIELD']));
    });

    it('answers 404 for an unknown agency', async () => {
      const res = await t.http.get('/agencies/NOPE').expect(404);
      expect(res.body).toEqual({
        statusCode: 404,
        code: 'AGENCY_NOT_FOUND',
        message: 'Agency NOPE not found',
      });
    });
  });

  describe('plans and inspections', () => {
    it('creates a draft plan and refuses one for an unknown agency', async () => {
      const plan = await createPlan(t.http);
      expect(plan).toMatchObject({
        status: 'draft',
        revision: 1,
        agencyCode: 'SKHCN',
        year: 2026,
        createdBy: ACTOR,
      });
      const res = await t.http
        .post('/plans')
        .send({ agencyCode: 'NOPE', year: 2026, kind: 'annual' })
        .expect(400);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'agencyCode', code: 'AGENCY_NOT_FOUND' }),
      ]);
    });

    it('adds an inspection, creating the enterprise on the fly with its Vietnamese name', async () => {
      const plan = await createPlan(t.http);
      const inspection = await addInspection(t.http, plan.id, {
        taxCode: TAX.saigonCoop,
        enterpriseName: 'Liên hiệp HTX Thương mại TP. Hồ Chí Minh',
      });
      expect(inspection).toMatchObject({
        planId: plan.id,
        taxCode: TAX.saigonCoop,
        parentTaxCode: TAX.saigonCoop,
        leadAgencyCode: 'SKHCN',
        state: 'planned',
        revision: 1,
        content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
      });
      expect(Array.isArray(inspection.conflicts)).toBe(true);
      const enterprise = await t.http.get(`/enterprises/${TAX.saigonCoop}`).expect(200);
      expect(enterprise.body.name).toBe('Liên hiệp HTX Thương mại TP. Hồ Chí Minh');
      expect(enterprise.body.inspections.map((i: { id: string }) => i.id)).toContain(inspection.id);
    });

    it('names every failing field of an inspection at once', async () => {
      const plan = await createPlan(t.http);
      const res = await t.http
        .post(`/plans/${plan.id}/inspections`)
        .send(
          inspectionInput({
            taxCode: TAX.viettelPost,
            enterpriseName: undefined,
            field: 'astrology',
            window: { from: '2027-02-01', to: '2027-02-10' },
            leadAgencyCode: 'NOPE',
            participantAgencyCodes: ['TTT', 'TTT', 'GHOST'],
          }),
        )
        .expect(400);
      const got = res.body.details.map(
        (d: { field: string; code: string }) => `${d.field}:${d.code}`,
      );
      expect(got).toEqual(
        expect.arrayContaining([
          'window:WINDOW_OUTSIDE_PLAN_YEAR',
          'field:UNKNOWN_FIELD_OF_MANAGEMENT',
          'leadAgencyCode:AGENCY_NOT_FOUND',
          'participantAgencyCodes[1]:DUPLICATE_PARTICIPANT',
          'participantAgencyCodes[2]:AGENCY_NOT_FOUND',
          'enterpriseName:ENTERPRISE_NAME_REQUIRED',
        ]),
      );
      // Nothing half-written: the enterprise was not created.
      await t.http.get(`/enterprises/${TAX.viettelPost}`).expect(404);
    });

    it('rejects a reversed window, a bad day and a bad tax code, naming the field', async () => {
      const plan = await createPlan(t.http);
      const reversed = await t.http
        .post(`/plans/${plan.id}/inspections`)
        .send(inspectionInput({ window: { from: '2026-05-10', to: '2026-05-01' } }))
        .expect(400);
      expect(reversed.body.details).toEqual([
        expect.objectContaining({ field: 'window', code: 'IS_ORDERED_WINDOW' }),
      ]);
      const badDay = await t.http
        .post(`/plans/${plan.id}/inspections`)
        .send(inspectionInput({ window: { from: '2026-02-30', to: '2026-03-01' } }))
        .expect(400);
      expect(badDay.body.details).toEqual([
        expect.objectContaining({ field: 'window.from', code: 'IS_CALENDAR_DAY' }),
      ]);
      const badTax = await t.http
        .post(`/plans/${plan.id}/inspections`)
        .send(inspectionInput({ taxCode: TAX.invalid }))
        .expect(400);
      expect(badTax.body.details).toEqual([
        expect.objectContaining({ field: 'taxCode', code: 'IS_TAX_CODE' }),
      ]);
      expect(badTax.body.details[0].message).toMatch(/check digit/);
    });

    it('accepts a whole quarter as a window and rejects more working days than it holds', async () => {
      const plan = await createPlan(t.http);
      await addInspection(t.http, plan.id, {
        window: { from: '2026-04-01', to: '2026-06-30' },
        durationWorkingDays: 10,
      });
      const res = await t.http
        .post(`/plans/${plan.id}/inspections`)
        .send(
          inspectionInput({
            window: { from: '2026-03-02', to: '2026-03-06' },
            durationWorkingDays: 6,
          }),
        )
        .expect(400);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'durationWorkingDays', code: 'DURATION_EXCEEDS_WINDOW' }),
      ]);
    });

    it('requires evidence for an ad-hoc inspection', async () => {
      const plan = await createPlan(t.http, { kind: 'ad-hoc' });
      const res = await t.http
        .post(`/plans/${plan.id}/inspections`)
        .send(inspectionInput())
        .expect(400);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'adHocEvidence', code: 'AD_HOC_EVIDENCE_REQUIRED' }),
      ]);
      await addInspection(t.http, plan.id, {
        adHocEvidence: 'Đơn phản ánh số 12/PA ngày 02/03/2026 về cân sai',
      });
    });

    it('answers 404 for an unknown plan and inspection', async () => {
      expect((await t.http.get('/plans/nope').expect(404)).body.code).toBe('PLAN_NOT_FOUND');
      expect(
        (await t.http.patch('/inspections/nope').send({ revision: 1 }).expect(404)).body.code,
      ).toBe('INSPECTION_NOT_FOUND');
    });
  });

  describe('plan lifecycle', () => {
    it('walks draft → submitted → approved → revised → withdrawn, keeping every revision', async () => {
      const plan = await createPlan(t.http);
      expect((await t.http.post(`/plans/${plan.id}/submit`).expect(422)).body.code).toBe(
        'PLAN_EMPTY',
      );
      const inspection = await addInspection(t.http, plan.id, {
        taxCode: TAX.viettelPost,
        enterpriseName: 'Tổng công ty Bưu chính Viettel',
      });
      await t.http.post(`/plans/${plan.id}/submit`).expect(200);
      expect((await t.http.post(`/plans/${plan.id}/submit`).expect(422)).body.code).toBe(
        'INVALID_PLAN_TRANSITION',
      );
      expect((await t.http.post(`/plans/${plan.id}/approve`).send({}).expect(422)).body.code).toBe(
        'DECISION_REQUIRED',
      );
      const approved = await t.http
        .post(`/plans/${plan.id}/approve`)
        .send({ decision: { number: '15/QĐ-SKHCN', date: '2025-12-20' } })
        .expect(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        decision: { number: '15/QĐ-SKHCN', date: '2025-12-20' },
      });

      // Approved: content changes only through a new revision.
      const edit = await t.http
        .patch(`/inspections/${inspection.id}`)
        .send({ revision: 2, content: 'Nội dung mới' })
        .expect(422);
      expect(edit.body.code).toBe('PLAN_NOT_EDITABLE');
      expect(
        (await t.http.post(`/plans/${plan.id}/inspections`).send(inspectionInput()).expect(422))
          .body.code,
      ).toBe('PLAN_NOT_EDITABLE');

      const revised = await t.http
        .post(`/plans/${plan.id}/revise`)
        .send({ reason: 'Điều chỉnh theo kết luận họp phối hợp' })
        .expect(200);
      expect(revised.body).toMatchObject({ status: 'draft', revision: 2 });
      expect(revised.body.decision).toBeUndefined();
      const current = (await t.http.get(`/inspections/${inspection.id}`).expect(200)).body;
      await t.http
        .patch(`/inspections/${inspection.id}`)
        .send({ revision: current.revision, content: 'Nội dung điều chỉnh' })
        .expect(200);

      const history = await t.http.get(`/plans/${plan.id}/revisions`).expect(200);
      expect(history.body.current).toEqual({ revision: 2, status: 'draft' });
      expect(history.body.revisions).toEqual([
        expect.objectContaining({
          revision: 1,
          status: 'approved',
          inspectionCount: 1,
          reason: 'Điều chỉnh theo kết luận họp phối hợp',
        }),
      ]);
      const frozen = await t.http.get(`/plans/${plan.id}/revisions/1`).expect(200);
      expect(frozen.body.inspections[0].content).toBe(
        'Kiểm tra việc chấp hành pháp luật về đo lường',
      );
      await t.http.get(`/plans/${plan.id}/revisions/9`).expect(404);

      expect(
        (await t.http.post(`/plans/${plan.id}/withdraw`).send({}).expect(400)).body.details[0]
          .field,
      ).toBe('reason');
      await t.http
        .post(`/plans/${plan.id}/withdraw`)
        .send({ reason: 'Không còn phù hợp' })
        .expect(200);
      expect((await t.http.get(`/inspections/${inspection.id}`).expect(200)).body.planStatus).toBe(
        'withdrawn',
      );
      expect((await t.http.post(`/plans/${plan.id}/approve`).send({}).expect(422)).body.code).toBe(
        'INVALID_PLAN_TRANSITION',
      );
      // Only an approved plan is revised, and a withdrawn plan's inspections no longer move.
      expect(
        (await t.http.post(`/plans/${plan.id}/revise`).send({ reason: 'Lập lại' }).expect(422)).body
          .code,
      ).toBe('PLAN_NOT_APPROVED');
      const withdrawn = (await t.http.get(`/inspections/${inspection.id}`).expect(200)).body;
      expect(
        (
          await t.http
            .patch(`/inspections/${inspection.id}`)
            .send({ revision: withdrawn.revision, state: 'scheduled' })
            .expect(422)
        ).body.code,
      ).toBe('PLAN_WITHDRAWN');
    });

    it('refuses a stale revision with 409 and an illegal state change with 422', async () => {
      const plan = await createPlan(t.http);
      const inspection = await addInspection(t.http, plan.id);
      await t.http
        .patch(`/inspections/${inspection.id}`)
        .send({ revision: 1, form: 'remote' })
        .expect(200);
      const stale = await t.http
        .patch(`/inspections/${inspection.id}`)
        .send({ revision: 1, form: 'on-site' })
        .expect(409);
      expect(stale.body.code).toBe('STALE_REVISION');
      const illegal = await t.http
        .patch(`/inspections/${inspection.id}`)
        .send({ revision: 2, state: 'done' })
        .expect(422);
      expect(illegal.body.code).toBe('INVALID_STATE_TRANSITION');
      const noReason = await t.http
        .patch(`/inspections/${inspection.id}`)
        .send({ revision: 2, state: 'cancelled' })
        .expect(400);
      expect(noReason.body.details[0]).toMatchObject({
        field: 'stateReason',
        code: 'REASON_REQUIRED',
      });
    });

    it('lists plans filtered and paginated with totals', async () => {
      await createPlan(t.http, { agencyCode: 'TTT', year: 2026 }); // one the filter must leave out
      const res = await t.http.get('/plans?agencyCode=skhcn&year=2026&pageSize=2').expect(200);
      expect(res.body.page).toBe(1);
      expect(res.body.pageSize).toBe(2);
      expect(res.body.items).toHaveLength(2);
      // The total counts every SKHCN plan of 2026, not the page; the unfiltered list is the oracle.
      const every = (await t.http.get('/plans?pageSize=100').expect(200)).body.items as {
        agencyCode: string;
        year: number;
      }[];
      const skhcn2026 = every.filter((p) => p.agencyCode === 'SKHCN' && p.year === 2026);
      expect(skhcn2026.length).toBe(8); // the SKHCN 2026 plans this file has made so far
      expect(every.some((p) => p.agencyCode !== 'SKHCN' && p.year === 2026)).toBe(true);
      expect(res.body.total).toBe(skhcn2026.length);
      expect((await t.http.get('/plans?status=bogus').expect(400)).body.details[0].field).toBe(
        'status',
      );
    });
  });

  describe('enterprises', () => {
    it('creates one enterprise when two plans name a new tax code at the same moment', async () => {
      const [a, b] = await Promise.all([
        createPlan(t.http),
        createPlan(t.http, { agencyCode: 'TTT' }),
      ]);
      const branch = '0300588569-002';
      await Promise.all([
        addInspection(t.http, a.id, { taxCode: branch, enterpriseName: 'Chi nhánh Quận 1' }),
        addInspection(t.http, b.id, {
          taxCode: branch,
          enterpriseName: 'Chi nhánh Quận 1',
          type: 'thanh-tra',
        }),
      ]);
      const found = await t.http.get(`/enterprises?q=${branch}`).expect(200);
      expect(found.body.total).toBe(1);
      const view = await t.http.get(`/enterprises/${branch}`).expect(200);
      expect(view.body).toMatchObject({
        taxCode: branch,
        parentTaxCode: TAX.saigonCoop,
        isBranch: true,
      });
      expect(view.body.inspections).toHaveLength(2);
      const parent = await t.http.get(`/enterprises/${TAX.saigonCoop}`).expect(200);
      expect(parent.body.branches).toEqual([{ taxCode: branch, name: 'Chi nhánh Quận 1' }]);
    });

    it('flags a good complier and answers a malformed tax code with 400', async () => {
      const res = await t.http
        .patch(`/enterprises/${TAX.saigonCoop}`)
        .send({ goodComplier: true })
        .expect(200);
      expect(res.body.goodComplier).toBe(true);
      expect((await t.http.get('/enterprises/12345').expect(400)).body.details[0].code).toBe(
        'TAX_CODE_FORMAT',
      );
      expect(
        (await t.http.get(`/enterprises/${TAX.invalid}`).expect(400)).body.details[0].code,
      ).toBe('TAX_CODE_CHECK_DIGIT');
    });
  });

  describe('listing and audit', () => {
    it('lists inspections by agency, enterprise, field and window range', async () => {
      // One that starts after the April range, so both ends of the range filter matter, and
      // involves TTT only as a participant.
      await addInspection(t.http, (await createPlan(t.http)).id, {
        taxCode: makeTaxCode(515151),
        window: { from: '2026-05-04', to: '2026-05-29' },
        participantAgencyCodes: ['TTT'],
      });
      type Row = {
        id: string;
        agencyCode: string;
        leadAgencyCode: string;
        participantAgencyCodes: string[];
        window: { from: string; to: string };
      };
      const all = (await t.http.get('/inspections?pageSize=500').expect(200)).body.items as Row[];
      const ids = (rows: Row[]) => rows.map((i) => i.id).sort();
      const byAgency = await t.http.get('/inspections?agencyCode=TTT&year=2026').expect(200);
      const involvingTtt = all.filter(
        (i) =>
          i.window.from.startsWith('2026') &&
          (i.agencyCode === 'TTT' ||
            i.leadAgencyCode === 'TTT' ||
            i.participantAgencyCodes.includes('TTT')),
      );
      expect(involvingTtt.length).toBeLessThan(all.length); // the filter filters
      expect(ids(byAgency.body.items)).toEqual(ids(involvingTtt));
      const byParent = await t.http.get(`/inspections?taxCode=${TAX.saigonCoop}`).expect(200);
      expect(byParent.body.total).toBe(3); // the parent and its branch
      const inApril = await t.http
        .get('/inspections?windowFrom=2026-04-15&windowTo=2026-04-20')
        .expect(200);
      const sorted = await t.http.get('/inspections?sort=-window.from&pageSize=500').expect(200);
      const touchingApril = (sorted.body.items as Row[])
        .filter((i) => i.window.from <= '2026-04-20' && i.window.to >= '2026-04-15')
        .map((i) => i.id)
        .sort();
      expect(touchingApril.length).toBeLessThan(sorted.body.items.length); // the filter filters
      expect((inApril.body.items as Row[]).map((i) => i.id).sort()).toEqual(touchingApril);
      expect(inApril.body.total).toBe(touchingApril.length);
      const froms = sorted.body.items.map((i: { window: { from: string } }) => i.window.from);
      expect(froms).toEqual([...froms].sort().reverse());
    });

    it('records who changed what, queryable by record and by actor', async () => {
      const plan = await createPlan(t.http);
      const inspection = await addInspection(t.http, plan.id);
      await t.http
        .patch(`/inspections/${inspection.id}`)
        .send({ revision: 1, content: 'Nội dung đã sửa' })
        .expect(200);
      const trail = await t.http
        .get(`/audit?entityType=inspection&entityId=${inspection.id}`)
        .expect(200);
      expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual([
        'updated',
        'created',
      ]);
      expect(trail.body.items[0]).toMatchObject({
        actor: ACTOR,
        changes: [
          {
            field: 'content',
            from: 'Kiểm tra việc chấp hành pháp luật về đo lường',
            to: 'Nội dung đã sửa',
          },
        ],
      });
      // Another account writes a plan too: the actor filter must leave its events out.
      const officer = await t.signIn('officer', { agencyCodes: [AGENCIES.science.code] });
      await createPlan(officer.http);
      const byActor = await t.http.get(`/audit?actor=${ACTOR}&entityType=plan`).expect(200);
      const planEvents = (await t.http.get('/audit?entityType=plan&pageSize=100').expect(200)).body
        .items as { id: string; actor: string }[];
      const mine = planEvents.filter((e) => e.actor === ACTOR);
      expect(planEvents.filter((e) => e.actor === officer.username).length).toBe(1);
      expect(byActor.body.total).toBe(mine.length);
      expect(byActor.body.items.map((e: { actor: string }) => e.actor)).toEqual(
        mine.map((e) => e.actor),
      );
    });
  });
});
