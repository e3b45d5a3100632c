// Preview, then commit, over real HTTP: POST /plans/import/preview, PATCH …/rows/:n (with a
// remembered mapping), POST …/commit, and the 409s (expired, plan changed, committed twice).
import { csv, taxCode } from '../fixtures/plan-files/builders';
import { CORPUS_AGENCIES } from '../fixtures/plan-files/corpus';
import { createTestApp, TestApp } from '../support/app';
import { seedAgencies } from '../support/factories';

const HEADER = [
  'STT',
  'Tên doanh nghiệp',
  'Mã số thuế',
  'Nội dung',
  'Lĩnh vực',
  'Thời gian thực hiện',
  'Loại',
  'Đơn vị chủ trì',
];

function file(rows: (string | number | null)[][]): Buffer {
  return csv([['KẾ HOẠCH KIỂM TRA NĂM 2026'], HEADER, ...rows]);
}

describe('POST /plans/import/preview → PATCH rows → commit', () => {
  let t: TestApp;
  const A = taxCode(5001);
  const B = taxCode(5002);

  beforeAll(async () => {
    t = await createTestApp('plan-import-preview');
    await seedAgencies(t.http, [...CORPUS_AGENCIES]);
  });
  afterAll(() => t.close());

  const upload = (buf: Buffer, agencyCode = 'SCT', agent = t.http) =>
    agent
      .post('/plans/import/preview')
      .field('agencyCode', agencyCode)
      .field('year', '2026')
      .attach('file', buf, 'ke-hoach.csv');

  it('previews without saving, corrects a row, remembers the mapping, and commits exactly that', async () => {
    const res = await upload(
      file([
        [
          1,
          'Công ty TNHH Hòa Bình',
          A,
          'Kiểm tra niêm yết giá',
          'Thương mại',
          'Từ 01/3/2026',
          'Kiểm tra',
          null,
        ],
        [
          2,
          'Công ty CP Sông Hương',
          B,
          'Kiểm tra ghi nhãn',
          'Thương mại',
          'Tháng 5/2026',
          'Kiểm tra',
          'Đội QLTT số 3',
        ],
      ]),
    ).expect(201);
    expect(res.body).toMatchObject({
      agencyCode: 'SCT',
      year: 2026,
      planId: null,
      summary: { rows: 2, certain: 0, withGuesses: 1, withErrors: 1 },
    });
    const [first, second] = res.body.rows;
    expect(first.guesses).toEqual([
      expect.objectContaining({
        field: 'window',
        read: 'Từ 01/3/2026',
        takenAs: '2026-03-01..2026-12-31',
      }),
    ]);
    expect(second.errors).toEqual([expect.objectContaining({ code: 'AGENCY_NOT_FOUND' })]);
    expect(second.agencies.lead).toBe('Đội QLTT số 3');
    // Nothing saved yet.
    expect((await t.http.get('/plans?year=2026&agencyCode=SCT').expect(200)).body.items).toEqual(
      [],
    );

    const id = res.body.previewId as string;
    // Committing with a row in error is refused, naming it.
    const refused = await t.http.post(`/plans/import/preview/${id}/commit`).expect(422);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ code: 'AGENCY_NOT_FOUND', row: 4 }),
    ]);

    const fixedWindow = await t.http
      .patch(`/plans/import/preview/${id}/rows/${first.row}`)
      .send({ window: { from: '2026-03-02', to: '2026-03-31' } })
      .expect(200);
    expect(fixedWindow.body).toMatchObject({
      window: { from: '2026-03-02', to: '2026-03-31' },
      guesses: [],
      errors: [],
      corrected: true,
    });
    const fixedAgency = await t.http
      .patch(`/plans/import/preview/${id}/rows/${second.row}`)
      .send({ leadAgencyCode: 'qltt', remember: true })
      .expect(200);
    expect(fixedAgency.body).toMatchObject({ agencies: { lead: 'QLTT' }, errors: [] });
    const shown = await t.http.get(`/plans/import/preview/${id}`).expect(200);
    expect(shown.body.summary).toEqual({ rows: 2, certain: 2, withGuesses: 0, withErrors: 0 });

    const done = await t.http.post(`/plans/import/preview/${id}/commit`).expect(201);
    expect(done.body).toMatchObject({ planCreated: true, rows: 2, created: 2, alreadyPresent: 0 });
    const stored = await t.http.get(`/enterprises/${A}`).expect(200);
    expect(stored.body.inspections).toEqual([
      expect.objectContaining({ window: { from: '2026-03-02', to: '2026-03-31' } }),
    ]);
    // A second commit of the same preview writes nothing.
    const again = await t.http.post(`/plans/import/preview/${id}/commit`).expect(409);
    expect(again.body.code).toBe('PREVIEW_COMMITTED');

    // The mapping is remembered for SCT's next file: "Đội QLTT số 3" now resolves.
    const next = await upload(
      file([
        [
          1,
          'Công ty C',
          taxCode(5003),
          'Kiểm tra giá',
          'Thương mại',
          'Tháng 6/2026',
          'Kiểm tra',
          'Đội QLTT số 3',
        ],
      ]),
    ).expect(201);
    expect(next.body.rows[0]).toMatchObject({
      agencies: { lead: 'QLTT' },
      errors: [],
      guesses: [],
    });
    // ...and only for SCT.
    const other = await upload(
      file([
        [
          1,
          'Công ty C',
          taxCode(5003),
          'Kiểm tra giá',
          'Thương mại',
          'Tháng 6/2026',
          'Kiểm tra',
          'Đội QLTT số 3',
        ],
      ]),
      'SNV',
    ).expect(201);
    expect(other.body.rows[0].errors).toEqual([
      expect.objectContaining({ code: 'AGENCY_NOT_FOUND' }),
    ]);
  });

  it('remembers a field name mapped once, for the agency', async () => {
    const row = (n: number) => [
      1,
      'Công ty F',
      taxCode(n),
      'Kiểm tra dịch vụ',
      'Dịch vụ karaoke',
      'Tháng 9/2026',
      'Kiểm tra',
      null,
    ];
    const first = await upload(file([row(5301)]), 'SNNMT').expect(201);
    expect(first.body.rows[0].errors).toEqual([expect.objectContaining({ code: 'FIELD_UNKNOWN' })]);
    await t.http
      .patch(`/plans/import/preview/${first.body.previewId}/rows/3`)
      .send({ field: 'culture', remember: true })
      .expect(200);
    const next = await upload(file([row(5302)]), 'SNNMT').expect(201);
    expect(next.body.rows[0]).toMatchObject({ field: 'culture', errors: [], guesses: [] });
    const elsewhere = await upload(file([row(5302)]), 'SKHCN').expect(201);
    expect(elsewhere.body.rows[0].errors).toEqual([
      expect.objectContaining({ code: 'FIELD_UNKNOWN' }),
    ]);
  });

  it('shows the conflicts the rows would open', async () => {
    // A is already inspected by SCT in March (the test above); SNV plans it again.
    const res = await upload(
      file([
        [
          1,
          'Công ty TNHH Hòa Bình',
          A,
          'Kiểm tra việc chấp hành pháp luật lao động',
          'Lao động',
          'Tháng 3/2026',
          'Kiểm tra',
          null,
        ],
      ]),
      'SNV',
    ).expect(201);
    expect(res.body.conflicts.length).toBeGreaterThan(0);
    expect(res.body.conflicts[0]).toMatchObject({ taxCode: A, rows: [3] });
    expect(res.body.conflicts[0].inspectionIds.length).toBeGreaterThan(0);
    // Named as the officer knows them: the file's row, the other agency and its month.
    const { vi } = res.body.conflicts[0].explanation as { vi: string };
    expect(vi).toContain('(dòng 3)');
    expect(vi).toContain('(Sở Công Thương, 03/2026)');
    expect(vi).not.toMatch(/row-|\[[0-9a-f]{8}-/);

    // Viewed again, they are those of what is stored then: the other agency renamed, then its
    // inspection cancelled.
    const shown = `/plans/import/preview/${res.body.previewId}`;
    await t.http.patch('/agencies/SCT').send({ name: 'Sở Công Thương tỉnh' }).expect(200);
    const renamed = (await t.http.get(shown).expect(200)).body.conflicts;
    expect(renamed[0].explanation.vi).toContain('(Sở Công Thương tỉnh, 03/2026)');
    await t.http.patch('/agencies/SCT').send({ name: 'Sở Công Thương' }).expect(200);
    const [stored] = (await t.http.get(`/enterprises/${A}`).expect(200)).body.inspections;
    await t.http
      .patch(`/inspections/${stored.id}`)
      .send({ revision: stored.revision, state: 'cancelled', stateReason: 'Doanh nghiệp giải thể' })
      .expect(200);
    expect((await t.http.get(shown).expect(200)).body.conflicts).toEqual([]);
  });

  it('refuses to commit after the preview expired, or when the plan changed meanwhile', async () => {
    const row = (n: number) => [
      1,
      'Công ty D',
      taxCode(n),
      'Kiểm tra giá',
      'Thương mại',
      'Tháng 7/2026',
      'Kiểm tra',
      null,
    ];
    const expiring = await upload(file([row(5101)]), 'SKHCN').expect(201);
    t.clock.advance(2 * 3600_000 + 1000);
    const expired = await t.http
      .post(`/plans/import/preview/${expiring.body.previewId}/commit`)
      .expect(409);
    expect(expired.body.code).toBe('PREVIEW_EXPIRED');
    const patchExpired = await t.http
      .patch(`/plans/import/preview/${expiring.body.previewId}/rows/3`)
      .send({ field: 'trade' })
      .expect(409);
    expect(patchExpired.body.code).toBe('PREVIEW_EXPIRED');

    const p1 = await upload(file([row(5102)]), 'SKHCN').expect(201);
    const p2 = await upload(file([row(5103)]), 'SKHCN').expect(201);
    await t.http.post(`/plans/import/preview/${p1.body.previewId}/commit`).expect(201);
    // p2 was previewed when SKHCN had no plan; now it has one: preview again.
    const changed = await t.http
      .post(`/plans/import/preview/${p2.body.previewId}/commit`)
      .expect(409);
    expect(changed.body.code).toBe('PLAN_CHANGED');
  });

  it("keeps an officer to its own agency's previews", async () => {
    const officer = await t.signIn('officer', { agencyCodes: ['SNV'] });
    await upload(
      file([
        [1, 'Công ty E', taxCode(5201), 'Kiểm tra', 'Thương mại', 'Tháng 8/2026', 'Kiểm tra', null],
      ]),
      'SCT',
      officer.http,
    ).expect(403);
    const mine = await upload(
      file([
        [
          1,
          'Công ty E',
          taxCode(5201),
          'Kiểm tra lao động',
          'Lao động',
          'Tháng 8/2026',
          'Kiểm tra',
          null,
        ],
      ]),
      'SNV',
      officer.http,
    ).expect(201);
    const other = await t.signIn('officer', { agencyCodes: ['SCT'] });
    await other.http.get(`/plans/import/preview/${mine.body.previewId}`).expect(403);
    await other.http.post(`/plans/import/preview/${mine.body.previewId}/commit`).expect(403);
    await officer.http.get(`/plans/import/preview/${mine.body.previewId}`).expect(200);
    await t.http.get('/plans/import/preview/no-such-preview').expect(404);
  });
});
