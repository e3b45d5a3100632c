// A stored record that is somehow invalid (written before validation was tight, or by hand)
// never breaks another request: reads, exports, re-scans and write-time checks skip it,
// log it and count it in their answer.
import { MongoClient } from 'mongodb';
import { createTestApp, TestApp } from '../support/app';
import { testMongoUri } from '../support/database';
import {
  addInspection,
  createPlan,
  inspectionInput,
  seedAgencies,
  TAX,
} from '../support/factories';

describe('unsound stored records (e2e)', () => {
  let t: TestApp;
  let client: MongoClient;
  let planId: string;
  let brokenId: string;

  beforeAll(async () => {
    t = await createTestApp('unsound-records');
    await seedAgencies(t.http);
    planId = (await createPlan(t.http)).id;
    await addInspection(t.http, planId);
    brokenId = (await addInspection(t.http, planId, { type: 'thanh-tra', field: 'labour' })).id;
    client = await MongoClient.connect(testMongoUri());
    // What `window: []` used to store.
    await client
      .db(t.databaseName)
      .collection('inspections')
      .updateOne({ _id: brokenId as never }, { $set: { window: { from: null, to: null } } });
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  it.each(['xlsx', 'csv'])('the %s export leaves it out and says so', async (format) => {
    const res = await t.http.get(`/plans/export?year=2026&format=${format}`);
    expect([res.status, res.headers['x-skipped-records']]).toEqual([200, '1']);
  });

  it.each([
    ['GET', '/inspections?year=2026'],
    ['GET', '/conflicts?year=2026'],
    ['GET', `/enterprises/${TAX.vnpt}`],
    ['GET', '/reports/2026'],
    ['GET', '/feeds'],
  ])('%s %s answers', async (method, path) => {
    const res = await t.http.get(path);
    expect(res.status).toBeLessThan(500);
  });

  it('GET /plans/:id answers', async () => {
    expect((await t.http.get(`/plans/${planId}`)).status).toBe(200);
  });

  it('a re-scan skips it and counts it', async () => {
    const res = await t.http.post('/conflicts/rescan').send({ year: 2026 });
    expect(res.status).toBe(200);
    expect(res.body.skipped).toBe(1);
  });

  it('a dry run and a new inspection of the same enterprise answer', async () => {
    const check = await t.http
      .post('/conflicts/check')
      .send({ inspections: [{ ...inspectionInput(), agencyCode: 'SNV', field: 'labour' }] });
    expect(check.status).toBe(200);
    const added = await t.http
      .post(`/plans/${planId}/inspections`)
      .send(inspectionInput({ window: { from: '2026-08-01', to: '2026-08-31' } }));
    expect(added.status).toBe(201);
  });
});
