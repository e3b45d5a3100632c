// The 2025 reorganisation: Sở TN&MT Bến Tre is abolished into Sở NN&MT Vĩnh Long. Its
// March 2025 kiểm tra and the successor's October one are the same enterprise's two checks
// in one year; explanations and deadline lists name both.
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, TAX } from '../support/factories';

describe('agency succession across 1 July 2025 (e2e)', () => {
  let t: TestApp;

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
    const march = await addInspection(t.http, old.id, {
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
});
