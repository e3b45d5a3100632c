import { MongoClient } from 'mongodb';
import { createTestApp, TestApp } from '../support/app';
import { testMongoUri } from '../support/database';
import {
  ACTOR,
  addInspection,
  createPlan,
  inspectionInput,
  makeTaxCode,
  seedAgencies,
} from '../support/factories';

type Digest = {
  id: string;
  ruleId: string;
  status: string;
  year: number;
  inspectionIds: string[];
  explanation: { vi: string; en: string };
};

describe('conflict engine over HTTP', () => {
  let t: TestApp;
  let seq = 1000;
  const nextTax = () => makeTaxCode(seq++ * 7919);
  let plans: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp('conflicts');
    await seedAgencies(t.http);
    plans = {};
    for (const [agency, year] of [
      ['SKHCN', 2026],
      ['SNV', 2026],
      ['TTT', 2026],
      ['THUE', 2026],
      ['KTNN', 2026],
      ['SKHCN', 2024],
      ['TTT', 2024],
    ] as const) {
      plans[`${agency}${year}`] = (await createPlan(t.http, { agencyCode: agency, year })).id;
    }
  });
  afterAll(() => t.close());

  const add = (plan: string, overrides: Record<string, unknown>) =>
    addInspection(t.http, plans[plan], overrides);
  const conflictsOf = async (taxCode: string): Promise<Digest[]> =>
    (await t.http.get(`/conflicts?taxCode=${taxCode}&pageSize=100`).expect(200)).body.items;

  describe('each rule, detected on write', () => {
    it('NQ198: two kiểm tra of one enterprise in a year', async () => {
      const tax = nextTax();
      const a = await add('SKHCN2026', {
        taxCode: tax,
        enterpriseName: 'Công ty TNHH Cân Điện Tử Sài Gòn',
      });
      expect(a.conflicts).toEqual([]);
      const b = await add('SNV2026', {
        taxCode: tax,
        field: 'labour',
        content: 'Kiểm tra chấp hành pháp luật lao động',
        window: { from: '2026-06-01', to: '2026-06-30' },
      });
      expect(b.conflicts).toHaveLength(1);
      expect(b.conflicts[0]).toMatchObject({
        ruleId: 'nq198.frequency.kiem-tra',
        rulebook: 'NQ198',
        status: 'open',
        inspectionIds: [a.id, b.id].sort(),
      });
      expect(b.conflicts[0].explanation.vi).toContain('Công ty TNHH Cân Điện Tử Sài Gòn');
      expect(b.conflicts[0].explanation.vi).toContain(tax);
    });

    it('NQ198: a thanh tra and a kiểm tra in the same field', async () => {
      const tax = nextTax();
      await add('TTT2026', {
        taxCode: tax,
        type: 'thanh-tra',
        field: 'tax',
        content: 'Thanh tra thuế',
        window: { from: '2026-02-01', to: '2026-02-28' },
      });
      const b = await add('THUE2026', {
        taxCode: tax,
        field: 'tax',
        content: 'Kiểm tra thuế',
        window: { from: '2026-09-01', to: '2026-09-30' },
      });
      expect(b.conflicts.map((c: Digest) => c.ruleId)).toEqual(['nq198.same-field']);
      // Fields are named as people know them, not by code.
      expect(b.conflicts[0].explanation.vi).toContain('trong lĩnh vực Thuế năm 2026');
    });

    it('windows sharing one day overlap, whatever the agencies', async () => {
      const tax = nextTax();
      await add('TTT2026', {
        taxCode: tax,
        type: 'thanh-tra',
        field: 'tax',
        window: { from: '2026-03-01', to: '2026-03-31' },
      });
      const b = await add('SKHCN2026', {
        taxCode: tax,
        window: { from: '2026-03-31', to: '2026-04-10' },
      });
      expect(b.conflicts.map((c: Digest) => c.ruleId)).toEqual(['nq198.window-overlap']);
    });

    it('an enterprise also in the State Audit plan of the year', async () => {
      const tax = nextTax();
      await add('KTNN2026', {
        taxCode: tax,
        field: 'finance',
        content: 'Kiểm toán',
        window: { from: '2026-05-01', to: '2026-05-31' },
      });
      const b = await add('SKHCN2026', {
        taxCode: tax,
        window: { from: '2026-10-01', to: '2026-10-31' },
      });
      expect(b.conflicts.map((c: Digest) => c.ruleId)).toEqual(['nq198.state-audit']);
    });

    it('an ad-hoc inspection wider than its decision', async () => {
      const tax = nextTax();
      const adHoc = (await createPlan(t.http, { kind: 'ad-hoc' })).id;
      const res = await addInspection(t.http, adHoc, {
        taxCode: tax,
        adHocEvidence: 'Phản ánh số 7/PA',
        adHocScope: { fields: ['food-safety'], window: { from: '2026-03-01', to: '2026-03-15' } },
      });
      expect(res.conflicts.map((c: Digest) => c.ruleId)).toEqual(['nq198.ad-hoc-scope']);
    });

    it('a thanh tra run by a body that is not an inspectorate, from 2025-07-01', async () => {
      const tax = nextTax();
      const res = await add('SKHCN2026', { taxCode: tax, type: 'thanh-tra' });
      expect(res.conflicts.map((c: Digest) => c.ruleId)).toEqual(['nq198.thanh-tra-authority']);
    });

    it('on-site inspection of a good complier, found when the flag is set', async () => {
      const tax = nextTax();
      const inspection = await add('SKHCN2026', { taxCode: tax });
      expect(inspection.conflicts).toEqual([]);
      await t.http.patch(`/enterprises/${tax}`).send({ goodComplier: true }).expect(200);
      expect((await conflictsOf(tax)).map((c) => c.ruleId)).toEqual(['nq198.good-complier-remote']);
    });

    it('CT20 for 2024: any two inspections of a year', async () => {
      const tax = nextTax();
      await add('SKHCN2024', { taxCode: tax, window: { from: '2024-03-01', to: '2024-03-31' } });
      const b = await add('TTT2024', {
        taxCode: tax,
        type: 'thanh-tra',
        field: 'tax',
        window: { from: '2024-09-01', to: '2024-09-30' },
      });
      expect(b.conflicts).toEqual([
        expect.objectContaining({ ruleId: 'ct20.frequency', rulebook: 'CT20' }),
      ]);
      expect(b.conflicts[0].explanation.vi).toContain('Chỉ thị 20/CT-TTg');
    });

    it('counts a branch against its parent', async () => {
      const tax = nextTax();
      await add('SKHCN2026', { taxCode: tax });
      const b = await add('SNV2026', {
        taxCode: `${tax}-001`,
        enterpriseName: 'Chi nhánh Hà Nội',
        field: 'labour',
        window: { from: '2026-08-01', to: '2026-08-31' },
      });
      expect(b.conflicts).toEqual([
        expect.objectContaining({ ruleId: 'nq198.frequency.kiem-tra', taxCode: tax }),
      ]);
      const view = await t.http.get(`/enterprises/${tax}`).expect(200);
      expect(view.body.conflicts).toHaveLength(1);
    });
  });

  it('two agencies saving one new enterprise at the same moment still yield the conflict, once', async () => {
    for (let round = 0; round < 3; round++) {
      const tax = nextTax();
      await Promise.all([
        add('SKHCN2026', { taxCode: tax }),
        add('SNV2026', {
          taxCode: tax,
          field: 'labour',
          window: { from: '2026-07-01', to: '2026-07-31' },
        }),
      ]);
      const found = await conflictsOf(tax);
      expect(found.map((c) => `${c.ruleId}:${c.status}`)).toEqual([
        'nq198.frequency.kiem-tra:open',
      ]);
    }
  });

  it('dry run answers the conflicts candidates would create and saves nothing', async () => {
    const tax = nextTax();
    const existing = await add('SKHCN2026', { taxCode: tax });
    const before = (await t.http.get('/inspections?pageSize=1').expect(200)).body.total;
    const conflictsBefore = (await t.http.get('/conflicts?pageSize=1').expect(200)).body.total;
    const res = await t.http
      .post('/conflicts/check')
      .send({
        inspections: [
          {
            ...inspectionInput({
              taxCode: tax,
              field: 'labour',
              window: { from: '2026-03-15', to: '2026-04-15' },
            }),
            agencyCode: 'SNV',
          },
        ],
      })
      .expect(200);
    const rules = res.body.conflicts.map((c: Digest) => c.ruleId).sort();
    expect(rules).toEqual(['nq198.frequency.kiem-tra', 'nq198.window-overlap']);
    expect(res.body.conflicts[0].inspectionIds).toEqual(
      expect.arrayContaining([existing.id, 'candidate-1']),
    );
    expect((await t.http.get('/inspections?pageSize=1').expect(200)).body.total).toBe(before);
    expect((await t.http.get('/conflicts?pageSize=1').expect(200)).body.total).toBe(
      conflictsBefore,
    );
    const bad = await t.http
      .post('/conflicts/check')
      .send({ inspections: [{ ...inspectionInput({ field: 'astrology' }), agencyCode: 'NOPE' }] })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['inspections[0].agencyCode', 'inspections[0].field']),
    );
  });

  it('dry run of a whole plan file answers its conflicts and saves nothing', async () => {
    const tax = nextTax();
    await add('SNV2026', {
      taxCode: tax,
      field: 'labour',
      window: { from: '2026-03-10', to: '2026-03-20' },
    });
    const before = (await t.http.get('/inspections?pageSize=1').expect(200)).body.total;
    const csv = [
      'STT,Tên doanh nghiệp,Mã số thuế,Địa chỉ,Nội dung,Lĩnh vực,Thời gian thực hiện,Hình thức,Đơn vị chủ trì,Đơn vị phối hợp,Ghi chú,Loại',
      `1,Công ty TNHH Kim Khí Thăng Long,${tax},Hà Nội,Kiểm tra đo lường,Đo lường,Tháng 3/2026,Trực tiếp,SKHCN,,,Kiểm tra`,
    ].join('\r\n');
    const res = await t.http
      .post('/conflicts/check/file')
      .field('agencyCode', 'SKHCN')
      .field('year', '2026')
      .attach('file', Buffer.from(csv, 'utf8'), {
        filename: 'kế-hoạch.csv',
        contentType: 'text/csv',
      })
      .expect(200);
    expect(res.body.rows).toBe(1);
    expect(res.body.conflicts.map((c: Digest) => c.ruleId).sort()).toEqual([
      'nq198.frequency.kiem-tra',
      'nq198.window-overlap',
    ]);
    expect((await t.http.get('/inspections?pageSize=1').expect(200)).body.total).toBe(before);
    const bad = await t.http
      .post('/conflicts/check/file')
      .field('agencyCode', 'SKHCN')
      .field('year', '2026')
      .attach('file', Buffer.from(csv.replace(tax, '0100109107'), 'utf8'), {
        filename: 'x.csv',
        contentType: 'text/csv',
      })
      .expect(422);
    expect(bad.body.code).toBe('IMPORT_INVALID');
    expect(bad.body.details[0]).toMatchObject({ row: 2, column: 'Mã số thuế' });
  });

  it('re-scan opens conflicts written behind its back and closes those whose cause went away', async () => {
    const tax = nextTax();
    const a = await add('SKHCN2026', { taxCode: tax });
    const b = await add('SNV2026', {
      taxCode: tax,
      field: 'labour',
      window: { from: '2026-06-01', to: '2026-06-30' },
    });
    const client = await MongoClient.connect(testMongoUri());
    try {
      const db = client.db(t.databaseName);
      // A restore from backup: the conflict record is lost.
      await db.collection('conflicts').deleteMany({ taxCode: tax });
      const opened = await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
      expect(opened.body.opened).toBe(1); // the lost record, and no other
      expect((await conflictsOf(tax)).map((c) => `${c.ruleId}:${c.status}`)).toEqual([
        'nq198.frequency.kiem-tra:open',
      ]);
      // An inspection cancelled outside the service.
      await db
        .collection('inspections')
        .updateOne({ _id: b.id as never }, { $set: { state: 'cancelled' } });
    } finally {
      await client.close();
    }
    const closed = await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
    expect(closed.body.closed).toBe(1);
    const [conflict] = await conflictsOf(tax);
    const full = await t.http.get(`/conflicts/${encodeURIComponent(conflict.id)}`).expect(200);
    expect(full.body.status).toBe('closed');
    expect(full.body.closure.reason).toBe('inspection-inactive');
    expect(full.body.history.map((h: { action: string }) => h.action)).toEqual([
      'detected',
      'closed',
    ]);
    expect(full.body.facts.inspections.map((i: { id: string }) => i.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    expect(
      (await t.http.post('/conflicts/rescan').send({ year: 1999 }).expect(400)).body.details[0]
        .field,
    ).toBe('year');
  });

  it("re-scan of one year leaves other years' conflicts of the same enterprise alone", async () => {
    const tax = nextTax();
    await add('SKHCN2024', { taxCode: tax, window: { from: '2024-03-04', to: '2024-03-15' } });
    await add('TTT2024', {
      taxCode: tax,
      type: 'thanh-tra',
      field: 'tax',
      window: { from: '2024-09-02', to: '2024-09-13' },
    });
    await add('SKHCN2026', { taxCode: tax, window: { from: '2026-10-05', to: '2026-10-16' } });
    const before = (await conflictsOf(tax)).map((c) => `${c.ruleId}:${c.year}:${c.status}`);
    expect(before).toEqual(['ct20.frequency:2024:open']);
    await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
    expect((await conflictsOf(tax)).map((c) => `${c.ruleId}:${c.year}:${c.status}`)).toEqual(
      before,
    );
  });

  describe('resolution', () => {
    async function overlapPair() {
      const tax = nextTax();
      const a = await add('TTT2026', {
        taxCode: tax,
        type: 'thanh-tra',
        field: 'tax',
        window: { from: '2026-04-01', to: '2026-04-30' },
      });
      const b = await add('SKHCN2026', {
        taxCode: tax,
        window: { from: '2026-04-20', to: '2026-05-20' },
      });
      expect(b.conflicts.map((c: Digest) => c.ruleId)).toEqual(['nq198.window-overlap']);
      return { tax, a, b, conflict: b.conflicts[0] as Digest };
    }
    const path = (id: string) => `/conflicts/${encodeURIComponent(id)}`;

    it('merges into one joint inspection through an engine suggestion', async () => {
      const { a, b, conflict } = await overlapPair();
      const detail = await t.http.get(path(conflict.id)).expect(200);
      expect(detail.body.suggestions.map((s: { kind: string }) => s.kind)).toEqual([
        'merge',
        'move-to-year',
      ]);
      const index = 0;
      const res = await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({ resolution: 'merge', suggestion: index })
        .expect(200);
      expect(res.body.conflict).toMatchObject({
        status: 'resolved',
        resolution: { kind: 'merge', decidedBy: ACTOR },
      });
      const inspections = await Promise.all(
        [a.id, b.id].map(async (id) => (await t.http.get(`/inspections/${id}`).expect(200)).body),
      );
      const merged = inspections.filter((i) => i.state === 'merged');
      const joint = inspections.filter((i) => i.state !== 'merged');
      expect(merged).toHaveLength(1);
      expect(joint).toHaveLength(1);
      expect(merged[0].mergedInto).toBe(joint[0].id);
      expect([joint[0].leadAgencyCode, ...joint[0].participantAgencyCodes].sort()).toEqual([
        'SKHCN',
        'TTT',
      ]);
      expect(res.body.conflictsAfter.filter((c: Digest) => c.status === 'open')).toEqual([]);
    });

    it('refuses an unknown suggestion, one of another kind, a reschedule without a window and a lead not involved', async () => {
      const { a, b, conflict } = await overlapPair();
      const resolve = (body: Record<string, unknown>) =>
        t.http
          .post(`${path(conflict.id)}/resolve`)
          .send(body)
          .expect(400);
      const details = async (body: Record<string, unknown>) =>
        (await resolve(body)).body.details.map((d: { field: string; code: string }) => [
          d.field,
          d.code,
        ]);
      // Suggestions are [merge, move-to-year]: there is no third.
      expect(await details({ resolution: 'merge', suggestion: 2 })).toEqual([
        ['suggestion', 'UNKNOWN_SUGGESTION'],
      ]);
      expect(await details({ resolution: 'reschedule', suggestion: 0 })).toEqual([
        ['suggestion', 'SUGGESTION_KIND_MISMATCH'],
      ]);
      expect(await details({ resolution: 'reschedule', inspectionId: b.id })).toEqual([
        ['window', 'REQUIRED'],
      ]);
      expect(
        await details({ resolution: 'merge', keepInspectionId: a.id, leadAgencyCode: 'THUE' }),
      ).toEqual([['leadAgencyCode', 'NOT_INVOLVED']]);
      expect((await t.http.get(path(conflict.id)).expect(200)).body.status).toBe('open');
    });

    it('reschedules the later inspection, refusing a window that still overlaps', async () => {
      const { b, conflict } = await overlapPair();
      const still = await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({
          resolution: 'reschedule',
          inspectionId: b.id,
          window: { from: '2026-04-30', to: '2026-05-10' },
        })
        .expect(422);
      expect(still.body.code).toBe('RESOLUTION_INEFFECTIVE');
      const res = await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({
          resolution: 'reschedule',
          inspectionId: b.id,
          window: { from: '2026-06-01', to: '2026-06-20' },
        })
        .expect(200);
      expect(res.body.conflict.status).toBe('resolved');
      const moved = (await t.http.get(`/inspections/${b.id}`).expect(200)).body;
      expect(moved.window).toEqual({ from: '2026-06-01', to: '2026-06-20' });
      expect(moved.revision).toBe(2);
    });

    it('cancels one inspection with a reason', async () => {
      const { a, conflict } = await overlapPair();
      const noReason = await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({ resolution: 'cancel', inspectionId: a.id })
        .expect(400);
      expect(noReason.body.details[0].field).toBe('reason');
      const notMember = await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({ resolution: 'cancel', inspectionId: 'nope', reason: 'x' })
        .expect(400);
      expect(notMember.body.details[0].code).toBe('NOT_IN_CONFLICT');
      await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({ resolution: 'cancel', inspectionId: a.id, reason: 'Trùng với kế hoạch của Sở' })
        .expect(200);
      const cancelled = (await t.http.get(`/inspections/${a.id}`).expect(200)).body;
      expect(cancelled).toMatchObject({
        state: 'cancelled',
        stateReason: 'Trùng với kế hoạch của Sở',
      });
      const again = await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({ resolution: 'exempt', legalBasis: 'x', evidence: 'y' })
        .expect(422);
      expect(again.body.code).toBe('CONFLICT_NOT_OPEN');
    });

    it('exempts only with a legal basis and evidence, leaving inspections as they are', async () => {
      const { a, conflict } = await overlapPair();
      const bad = await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({ resolution: 'exempt' })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'evidence',
        'legalBasis',
      ]);
      const res = await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({
          resolution: 'exempt',
          legalBasis: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15',
          evidence: 'Biên bản vi phạm số 3/BB',
        })
        .expect(200);
      expect(res.body.conflict).toMatchObject({
        status: 'exempted',
        resolution: { legalBasis: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15' },
      });
      expect((await t.http.get(`/inspections/${a.id}`).expect(200)).body.revision).toBe(1);
      // A decided conflict is left alone by the re-scan.
      await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
      expect((await t.http.get(path(conflict.id)).expect(200)).body.status).toBe('exempted');
    });

    it('switches an on-site check of a good complier to remote', async () => {
      const tax = nextTax();
      const inspection = await add('SKHCN2026', { taxCode: tax });
      await t.http.patch(`/enterprises/${tax}`).send({ goodComplier: true }).expect(200);
      const [conflict] = await conflictsOf(tax);
      await t.http
        .post(`${path(conflict.id)}/resolve`)
        .send({ resolution: 'switch-to-remote', inspectionId: inspection.id })
        .expect(200);
      expect((await t.http.get(`/inspections/${inspection.id}`).expect(200)).body.form).toBe(
        'remote',
      );
    });

    it('answers 404 for an unknown conflict', async () => {
      expect((await t.http.get('/conflicts/nope').expect(404)).body.code).toBe(
        'CONFLICT_NOT_FOUND',
      );
    });
  });
});
