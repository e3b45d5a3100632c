// The fields of state management as stored data: seeded from the built-in list, added,
// renamed and deactivated by an administrator, and read through the one catalogue by every
// place that names a field (validation, the inspection form, the import's guesses, labels).
import { DEFAULT_FIELDS_OF_MANAGEMENT } from '../../src/domain/fields-of-management';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, seedAgencies, TAX } from '../support/factories';
import { pageUser, PageUser } from '../support/pages';

const CSV_HEADER =
  'STT,Tên doanh nghiệp,Mã số thuế,Nội dung,Lĩnh vực,Thời gian thực hiện,Loại,Đơn vị chủ trì,Đơn vị phối hợp,Số ngày làm việc';
const csv = (...rows: string[]) => Buffer.from(`\ufeff${[CSV_HEADER, ...rows].join('\r\n')}\r\n`);

const MINING = {
  code: 'mining',
  vi: 'Khai thác khoáng sản',
  en: 'Mining',
  aliases: ['khai khoáng'],
};

describe('fields of state management', () => {
  let t: TestApp;
  let officer: PageUser;
  let plan: { id: string };

  beforeAll(async () => {
    t = await createTestApp('fields');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science]);
    plan = await createPlan(t.http, { agencyCode: AGENCIES.science.code, year: 2026 });
    officer = await pageUser(t, 'officer', [AGENCIES.science.code]);
  });
  afterAll(() => t.close());

  const field = async (code: string) => (await t.http.get(`/fields/${code}`).expect(200)).body;
  const importCsv = (row: string, agencyCode = 'SKHCN') =>
    t.http
      .post('/plans/import')
      .field('agencyCode', agencyCode)
      .field('year', '2026')
      .attach('file', csv(row), 'ke-hoach.csv');

  it('starts with the built-in list, stored, each active at revision 1', async () => {
    const res = await t.http.get('/fields').expect(200);
    expect(res.body.map((f: { code: string }) => f.code).sort()).toEqual(
      DEFAULT_FIELDS_OF_MANAGEMENT.map((f) => f.code).sort(),
    );
    expect(res.body[0]).toMatchObject({ active: true, revision: 1, createdBy: 'system' });
    expect(res.body[0]).not.toHaveProperty('nameKey');
    expect(res.body[0]).not.toHaveProperty('_id');
  });

  it('refuses malformed fields 400, naming the field', async () => {
    const res = await t.http
      .post('/fields')
      .send({ code: 'Khai Khoáng', vi: '  ', aliases: 'mỏ' })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      expect.arrayContaining(['aliases', 'code', 'vi']),
    );
    await t.http.get('/fields/khai-khoang').expect(404);
  });

  it('refuses a taken code, a taken name (NFD, other case) or one the import would confuse, 409', async () => {
    const taken = await t.http
      .post('/fields')
      .send({ ...MINING, code: 'tax' })
      .expect(409);
    expect([taken.body.code, taken.body.details[0].field]).toEqual(['FIELD_EXISTS', 'code']);
    const named = await t.http
      .post('/fields')
      .send({ ...MINING, vi: 'ĐẤT ĐAI'.normalize('NFD') })
      .expect(409);
    expect([named.body.code, named.body.details[0].field]).toEqual(['FIELD_NAME_EXISTS', 'vi']);
    const clash = await t.http
      .post('/fields')
      .send({ ...MINING, aliases: ['khai khoáng', 'PCCC'] })
      .expect(409);
    expect(clash.body).toMatchObject({
      code: 'FIELD_NAME_CLASH',
      details: [{ field: 'aliases', code: 'NAME_CLASH' }],
    });
    await t.http.get('/fields/mining').expect(404);
  });

  it('only an administrator adds a field', async () => {
    const viewer = await t.signIn('viewer');
    await viewer.http.post('/fields').send(MINING).expect(403);
  });

  it('adds a field (NFC) that the form offers, inspections take and the import guesses', async () => {
    const made = await t.http
      .post('/fields')
      .send({ ...MINING, vi: MINING.vi.normalize('NFD') })
      .expect(201);
    expect(made.body).toMatchObject({ code: 'mining', vi: MINING.vi, active: true, revision: 1 });

    const form = await officer.agent.get(`/web/plans/${plan.id}/inspections/new`).expect(200);
    expect(form.text).toContain('<option value="mining">Khai thác khoáng sản</option>');
    await addInspection(t.http, plan.id, { field: 'mining', taxCode: TAX.vnpt });

    const imported = await importCsv(
      `1,Liên hiệp HTX Thương mại TP. Hồ Chí Minh,${TAX.saigonCoop},Kiểm tra việc khai khoáng,Khai thác khoáng sản,Tháng 9/2026,Kiểm tra,,,`,
    ).expect(201);
    const plans = await t.http.get(`/plans/${imported.body.planId}`).expect(200);
    const byTax = plans.body.inspections.find(
      (i: { taxCode: string }) => i.taxCode === TAX.saigonCoop,
    );
    expect(byTax.field).toBe('mining');
  });

  it('renames on the revision read; the code stays, old records show the new name', async () => {
    await t.http.patch('/fields/mining').send({ revision: 1, code: 'mines' }).expect(400);
    const renamed = await t.http
      .patch('/fields/mining')
      .send({ revision: 1, vi: 'Khai thác mỏ' })
      .expect(200);
    expect(renamed.body).toMatchObject({ code: 'mining', vi: 'Khai thác mỏ', revision: 2 });
    expect(renamed.body.aliases).toEqual(['khai khoáng', 'Khai thác khoáng sản']);
    const stale = await t.http.patch('/fields/mining').send({ revision: 1, vi: 'Mỏ' }).expect(409);
    expect(stale.body.code).toBe('STALE_REVISION');

    const list = await t.http.get(`/inspections?agencyCode=SKHCN`).expect(200);
    const one = list.body.items.find((i: { field: string }) => i.field === 'mining');
    const page = await officer.agent.get(`/web/inspections/${one.id}`).expect(200);
    expect(page.text).toContain('<dd>Khai thác mỏ</dd>');
  });

  it('deactivates a field in use: gone from choices, kept on old records, never deleted', async () => {
    const inUse = await t.http.delete('/fields/mining?revision=2').expect(409);
    expect(inUse.body).toMatchObject({
      code: 'FIELD_IN_USE',
      details: [{ field: 'code', code: 'FIELD_IN_USE' }],
    });
    await t.http.patch('/fields/mining').send({ revision: 2, active: false }).expect(200);

    const active = await t.http.get('/fields?active=true').expect(200);
    expect(active.body.map((f: { code: string }) => f.code)).not.toContain('mining');
    expect((await field('mining')).active).toBe(false);

    const form = await officer.agent.get(`/web/plans/${plan.id}/inspections/new`).expect(200);
    expect(form.text).not.toContain('value="mining"');
    const refused = await t.http.post(`/plans/${plan.id}/inspections`).send({
      taxCode: TAX.viettelPost,
      type: 'kiem-tra',
      form: 'on-site',
      field: 'mining',
      content: 'Kiểm tra',
      window: { from: '2026-10-01', to: '2026-10-31' },
    });
    expect(refused.body.details.map((d: { code: string }) => d.code)).toContain(
      'UNKNOWN_FIELD_OF_MANAGEMENT',
    );

    // Nor does the import guess it any more (its aliases included): the row is refused.
    const unguessed = await importCsv(
      `1,Tổng công ty Viettel Post,${TAX.viettelPost},Kiểm tra,Khai thác mỏ,Tháng 10/2026,Kiểm tra,,,`,
    );
    expect(unguessed.status).toBe(422);
    expect(unguessed.body.details).toEqual([
      expect.objectContaining({ field: 'rows[2].field', code: 'FIELD_UNKNOWN' }),
    ]);

    // The inspection that has it keeps it: its page names it, an edit of its content stands.
    const list = await t.http.get(`/inspections?agencyCode=SKHCN`).expect(200);
    const old = list.body.items.find((i: { field: string }) => i.field === 'mining');
    const page = await officer.agent.get(`/web/inspections/${old.id}`).expect(200);
    expect(page.text).toContain('<dd>Khai thác mỏ</dd>');
    const edit = await officer.agent.get(`/web/inspections/${old.id}/edit`).expect(200);
    expect(edit.text).toMatch(/<option value="mining" selected>Khai thác mỏ<\/option>/);
    await t.http
      .patch(`/inspections/${old.id}`)
      .send({ revision: old.revision, content: 'Kiểm tra khai thác cát' })
      .expect(200);
  });

  it('deletes a field nobody used, on the revision read', async () => {
    await t.http.post('/fields').send({ code: 'salt', vi: 'Muối' }).expect(201);
    expect((await field('salt')).en).toBe('Muối');
    await t.http.delete('/fields/salt?revision=2').expect(409);
    await t.http.delete('/fields/salt?revision=1').expect(204);
    await t.http.get('/fields/salt').expect(404);
  });
});
