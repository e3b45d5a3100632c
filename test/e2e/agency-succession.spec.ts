// The 2025 reorganisation: Sở TN&MT Bến Tre is abolished into Sở NN&MT Vĩnh Long. Its
// March 2025 kiểm tra and the successor's October one are the same enterprise's two checks
// in one year; explanations and deadline lists name both.
import { csv, taxCode } from '../fixtures/plan-files/builders';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, TAX } from '../support/factories';

describe('agency succession across 1 July 2025 (e2e)', () => {
  let t: TestApp;
  let march: { id: string };

  beforeAll(async () => {
    t = await createTestApp('agency_succession');
    t.clock.set('2026-03-01T03:00:00Z');
  });
  afterAll(() => t.close());

  it('counts both agencies’ checks of one enterprise and names the old one with its successor', async () => {
    await t.http
      .post('/agencies')
      .send({
        code: 'STNMT-BT',
        name: 'Sở TN&MT Bến Tre',
        kind: 'specialised',
        province: 'bentre',
        level: 'province',
        validFrom: '2008-01-01',
      })
      .expect(201);
    await t.http
      .post('/agencies')
      .send({
        code: 'SNNMT-VL',
        name: 'Sở NN&MT Vĩnh Long',
        kind: 'specialised',
        province: 'VINHLONG',
        level: 'province',
        validFrom: '2025-07-01',
      })
      .expect(201);
    const moved = await t.http
      .post('/agencies/STNMT-BT/succession')
      .send({ successorCode: 'snnmt-vl', validTo: '2025-06-30' })
      .expect(200);
    expect(moved.body).toMatchObject({
      successorCode: 'SNNMT-VL',
      validTo: '2025-06-30',
      active: false,
      province: 'BENTRE',
    });
    const loop = await t.http
      .post('/agencies/SNNMT-VL/succession')
      .send({ successorCode: 'STNMT-BT', validTo: '2026-12-31' })
      .expect(422);
    expect(loop.body.code).toBe('SUCCESSION_CYCLE');

    const old = await createPlan(t.http, { agencyCode: 'STNMT-BT', year: 2025 });
    march = await addInspection(t.http, old.id, {
      field: 'environment',
      window: { from: '2025-03-03', to: '2025-03-14' },
    });
    const next = await createPlan(t.http, { agencyCode: 'SNNMT-VL', year: 2025 });
    const october = await addInspection(t.http, next.id, {
      field: 'environment',
      window: { from: '2025-10-06', to: '2025-10-17' },
    });

    const conflicts = (await t.http.get(`/conflicts?taxCode=${TAX.vnpt}&year=2025`).expect(200))
      .body.items;
    const frequency = conflicts.find(
      (c: { ruleId: string }) => c.ruleId === 'nq198.frequency.kiem-tra',
    );
    expect(frequency.inspectionIds.sort()).toEqual([march.id, october.id].sort());
    expect(frequency.explanation.vi).toContain('Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long');

    for (const plan of [old, next]) {
      await t.http.post(`/plans/${plan.id}/submit`).send({}).expect(200);
      await t.http
        .post(`/plans/${plan.id}/approve`)
        .send({ decision: { number: '1/QĐ', date: '2025-01-10' } })
        .expect(200);
    }
    // The successor's list holds its predecessor's records, each named as it was and is.
    const rows = (await t.http.get('/deadlines?agencyCode=SNNMT-VL&year=2025').expect(200)).body;
    const byInspection = Object.fromEntries(
      rows.map((r: { inspectionId: string; agencyLabel: string }) => [
        r.inspectionId,
        r.agencyLabel,
      ]),
    );
    expect(byInspection).toEqual({
      [march.id]: 'Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long',
      [october.id]: 'Sở NN&MT Vĩnh Long',
    });
    expect(
      (await t.http.get('/deadlines?province=BENTRE').expect(200)).body.map(
        (r: { inspectionId: string }) => r.inspectionId,
      ),
    ).toEqual([march.id]);
    const lifecycle = (await t.http.get(`/inspections/${march.id}/lifecycle`).expect(200)).body;
    expect(lifecycle.responsibleAgency).toMatchObject({
      code: 'SNNMT-VL',
      label: 'Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long',
    });
  });

  it('lets the successor’s officers read and record steps on the predecessor’s inspection', async () => {
    await t.http.post('/agencies').send(AGENCIES.science).expect(201);
    const successor = (await t.signIn('officer', { agencyCodes: ['SNNMT-VL'] })).http;
    const stranger = (await t.signIn('officer', { agencyCodes: ['SKHCN'] })).http;
    const former = (await t.signIn('officer', { agencyCodes: ['STNMT-BT'] })).http;
    const path = `/inspections/${march.id}/lifecycle`;
    const decision = {
      number: '05/QĐ-STNMT',
      date: '2025-03-03',
      signer: 'Giám đốc Sở',
      team: ['Cán bộ A'],
    };

    expect((await stranger.get(path)).status).toBe(404);
    const denied = await stranger.post(`${path}/decision`).send(decision);
    expect([denied.status, denied.body.code]).toEqual([403, 'FORBIDDEN_SCOPE']);
    // The abolished Sở no longer acts: its records are its successor's to carry on.
    const gone = await former.post(`${path}/decision`).send(decision);
    expect([gone.status, gone.body.code]).toEqual([403, 'FORBIDDEN_SCOPE']);
    expect(gone.body.message).toContain('SNNMT-VL');
    expect((await former.get(path)).status).toBe(200); // what it did stays readable to it

    expect((await successor.get(path)).status).toBe(200);
    const recorded = await successor.post(`${path}/decision`).send(decision).expect(200);
    expect(recorded.body.decision).toMatchObject({ number: '05/QĐ-STNMT' });
    expect(recorded.body.responsibleAgency.code).toBe('SNNMT-VL');
    // Its deadline list holds them too; another agency's does not.
    const listed = async (agent: typeof successor) =>
      (await agent.get('/deadlines?year=2025').expect(200)).body.map(
        (r: { inspectionId: string }) => r.inspectionId,
      );
    expect(await listed(successor)).toContain(march.id);
    expect(await listed(stranger)).not.toContain(march.id);
  });

  it('imports a 2026 file naming the old Sở as its successor, marked as a guess; a 2025 one as written', async () => {
    const header = [
      'STT',
      'Tên doanh nghiệp',
      'Mã số thuế',
      'Nội dung',
      'Lĩnh vực',
      'Thời gian thực hiện',
      'Loại',
      'Đơn vị chủ trì',
    ];
    const preview = (year: number) =>
      t.http
        .post('/plans/import/preview')
        .field('agencyCode', 'SNNMT-VL')
        .field('year', String(year))
        .attach(
          'file',
          csv([
            [`KẾ HOẠCH KIỂM TRA NĂM ${year}`],
            header,
            [
              1,
              'Công ty CP Phù Sa',
              taxCode(7101),
              'Kiểm tra bảo vệ môi trường',
              'Môi trường',
              `Tháng 5/${year}`,
              'Kiểm tra',
              'Sở TN&MT Bến Tre',
            ],
          ]),
          'ke-hoach.csv',
        )
        .expect(201);
    const [row2026] = (await preview(2026)).body.rows;
    expect(row2026.agencies.lead).toBe('SNNMT-VL');
    expect(row2026.guesses).toContainEqual(
      expect.objectContaining({
        read: 'Sở TN&MT Bến Tre',
        takenAs: 'SNNMT-VL',
        whyVi: '"Sở TN&MT Bến Tre": Sở TN&MT Bến Tre (nay là Sở NN&MT Vĩnh Long)',
      }),
    );
    const [row2025] = (await preview(2025)).body.rows;
    expect(row2025.agencies.lead).toBe('STNMT-BT');
    expect(
      row2025.guesses.filter((g: { field: string }) => g.field !== 'window' && g.field !== 'field'),
    ).toEqual([]);
  });
});
