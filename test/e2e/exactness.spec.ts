// Exactness: a re-scan that changes nothing writes nothing and says so; two simultaneous first
// imports of an agency make one draft plan; agency names are unique however they are written.
import { createHash } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { exportPlanCsv } from '../../src/registry/plan-files/export';
import { createTestApp, TestApp } from '../support/app';
import { testMongoUri } from '../support/database';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

async function collectionDigest(db: Db, name: string): Promise<string> {
  const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
  return createHash('sha256').update(JSON.stringify(docs)).digest('hex');
}

/** Each stored conflict's digest by id: which documents a re-scan rewrote. */
async function conflictDigests(db: Db): Promise<Map<string, string>> {
  const docs = await db.collection('conflicts').find({}).toArray();
  return new Map(
    docs.map((d) => [String(d._id), createHash('sha256').update(JSON.stringify(d)).digest('hex')]),
  );
}

describe('exactness (e2e)', () => {
  let t: TestApp;
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    // Enough import slots for the simultaneous imports below.
    t = await createTestApp('exactness', { IMPORT_CONCURRENCY: '8' });
    await seedAgencies(t.http);
    client = await MongoClient.connect(testMongoUri());
    db = client.db(t.databaseName);
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  describe('a re-scan that changes nothing', () => {
    it('reports opened 0, closed 0 and writes nothing, decided conflicts included', async () => {
      const skhcn = (await createPlan(t.http, { agencyCode: 'SKHCN' })).id;
      const snv = (await createPlan(t.http, { agencyCode: 'SNV' })).id;
      // Two enterprises, each with two kiểm tra in the year: two conflicts.
      const taxes = [makeTaxCode(424_242), makeTaxCode(535_353)];
      for (const taxCode of taxes) {
        await addInspection(t.http, skhcn, { taxCode });
        await addInspection(t.http, snv, {
          taxCode,
          field: 'labour',
          window: { from: '2026-06-01', to: '2026-06-30' },
        });
      }
      const conflicts = (await t.http.get('/conflicts?year=2026&status=open').expect(200)).body
        .items as { id: string }[];
      expect(conflicts).toHaveLength(2);
      // A meeting decided one: the engine still detects it, but it is not "opened" again.
      await t.http
        .post(`/conflicts/${conflicts[0].id}/resolve`)
        .send({
          resolution: 'exempt',
          legalBasis: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15',
          evidence: 'Biên bản số 3/BB',
        })
        .expect(200);

      const first = await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
      expect(first.body).toMatchObject({ opened: 0, closed: 0, detected: 2 });
      const before = {
        conflicts: await collectionDigest(db, 'conflicts'),
        versions: await db.collection('data_versions').findOne({ _id: 'conflicts' as never }),
      };
      const again = await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
      expect(again.body).toMatchObject({ opened: 0, closed: 0, detected: 2 });
      expect({
        conflicts: await collectionDigest(db, 'conflicts'),
        versions: await db.collection('data_versions').findOne({ _id: 'conflicts' as never }),
      }).toEqual(before);
    });

    it('still closes what went away and keeps what stays', async () => {
      const plan = (await createPlan(t.http, { agencyCode: 'TTT' })).id;
      const other = (await createPlan(t.http, { agencyCode: 'THUE' })).id;
      const taxCode = makeTaxCode(646_464);
      await addInspection(t.http, plan, { taxCode });
      const b = await addInspection(t.http, other, {
        taxCode,
        field: 'labour',
        window: { from: '2026-07-01', to: '2026-07-31' },
      });
      expect(b.conflicts).toHaveLength(1);
      // Cancelled behind the service's back (a restore): only the re-scan can notice.
      await db
        .collection('inspections')
        .updateOne({ _id: b.id as never }, { $set: { state: 'cancelled' } });
      const scan = await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
      expect(scan.body).toMatchObject({ opened: 0, closed: 1 });
      const open = (await t.http.get(`/conflicts?taxCode=${taxCode}&status=open`).expect(200)).body
        .items;
      expect(open).toEqual([]);
      // The conflicts of the first test are untouched by this scan's orphan sweep.
      expect(
        (await t.http.get('/conflicts?year=2026&status=open').expect(200)).body.items,
      ).toHaveLength(1);
    });
    it('after one change writes exactly the conflict it changes, nothing else', async () => {
      const skhcn = (await createPlan(t.http, { agencyCode: 'SKHCN' })).id;
      const snv = (await createPlan(t.http, { agencyCode: 'SNV' })).id;
      const [renamed, untouched] = [makeTaxCode(757_575), makeTaxCode(868_686)];
      for (const taxCode of [renamed, untouched]) {
        await addInspection(t.http, skhcn, { taxCode });
        await addInspection(t.http, snv, {
          taxCode,
          field: 'labour',
          window: { from: '2026-08-01', to: '2026-08-31' },
        });
      }
      await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
      const before = await conflictDigests(db);
      // The enterprise's registered name changed behind the service's back: what its
      // conflict says (enterpriseName, hashed with the facts) is stale until a re-scan.
      await db
        .collection('enterprises')
        .updateOne({ taxCode: renamed }, { $set: { name: 'Công ty TNHH Đổi Tên Mới' } });
      const scan = await t.http.post('/conflicts/rescan').send({ year: 2026 }).expect(200);
      expect(scan.body).toMatchObject({ opened: 0, closed: 0 });
      const after = await conflictDigests(db);
      const changed = [...after].filter(([id, digest]) => before.get(id) !== digest);
      const ofRenamed = (
        await db.collection('conflicts').find({ taxCode: renamed, year: 2026 }).toArray()
      ).map((c) => String(c._id));
      expect(ofRenamed).toHaveLength(1);
      expect(changed.map(([id]) => id)).toEqual(ofRenamed);
      expect(after.size).toBe(before.size);
      const stored = await db.collection('conflicts').findOne({ _id: ofRenamed[0] as never });
      expect(stored).toMatchObject({ enterpriseName: 'Công ty TNHH Đổi Tên Mới', revision: 2 });
    });
  });

  describe('two simultaneous first imports of an agency', () => {
    it('make one draft plan, both imports landing in it', async () => {
      const csv = (taxCode: string) =>
        Buffer.from(
          exportPlanCsv([
            {
              enterpriseName: 'Công ty TNHH Đồng Thời',
              taxCode,
              content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
              field: 'measurement',
              type: 'kiem-tra',
              form: 'on-site',
              window: { from: '2026-09-01', to: '2026-09-30' },
            },
          ]),
        );
      const send = (taxCode: string) =>
        t.http
          .post('/plans/import')
          .field('agencyCode', 'KTNN')
          .field('year', '2026')
          .attach('file', csv(taxCode), 'ke-hoach.csv');
      const answers = await Promise.all([
        send(makeTaxCode(11)),
        send(makeTaxCode(22)),
        send(makeTaxCode(33)),
      ]);
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      const plans = (await t.http.get('/plans?agencyCode=KTNN&year=2026').expect(200)).body.items;
      expect(plans).toHaveLength(1);
      expect(new Set(answers.map((a) => a.body.planId))).toEqual(new Set([plans[0].id]));
      expect(answers.filter((a) => a.body.planCreated)).toHaveLength(1);
      expect((await t.http.get(`/plans/${plans[0].id}`).expect(200)).body.inspectionCount).toBe(3);
    });
  });

  describe('agency names', () => {
    it.each([
      ['the same', 'Sở Tài chính'],
      ['another case', 'SỞ TÀI CHÍNH'],
      ['decomposed (NFD)', 'Sở Tài chính'.normalize('NFD')],
      ['extra spaces', '  Sở   Tài chính '],
    ])('refuses a second agency with %s name (409 AGENCY_NAME_EXISTS)', async (_label, name) => {
      await t.http
        .post('/agencies')
        .send({ code: 'STC', name: 'Sở Tài chính', kind: 'specialised' })
        .expect((res) => expect([201, 409]).toContain(res.status));
      const res = await t.http
        .post('/agencies')
        .send({ code: 'STC2', name, kind: 'specialised' })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'AGENCY_NAME_EXISTS',
        details: [{ field: 'name', code: 'DUPLICATE' }],
      });
    });

    it('refuses a rename onto another agency name, and takes a rename onto its own', async () => {
      const res = await t.http.patch('/agencies/SNV').send({ name: 'sở khoa học và công nghệ' });
      expect([res.status, res.body.code]).toEqual([409, 'AGENCY_NAME_EXISTS']);
      await t.http.patch('/agencies/SNV').send({ name: 'SỞ NỘI VỤ' }).expect(200);
      const agency = (await t.http.get('/agencies/SNV').expect(200)).body;
      expect(agency.name).toBe('SỞ NỘI VỤ');
      expect(agency).not.toHaveProperty('nameKey');
    });
  });
});
