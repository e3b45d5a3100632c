// The pages through real HTTP: the same services and policies as the API, forms that keep
// what was typed and name the field in Vietnamese, CSRF on every write, nothing leaked to
// the public.
import { createTestApp, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, seedAgencies, TAX } from '../support/factories';
import { pageUser, PageUser } from '../support/pages';

const CSV_HEADER =
  'STT,Tên doanh nghiệp,Mã số thuế,Nội dung,Lĩnh vực,Thời gian thực hiện,Loại,Đơn vị chủ trì,Đơn vị phối hợp,Số ngày làm việc';
const csv = (...rows: string[]) => Buffer.from(`\ufeff${[CSV_HEADER, ...rows].join('\r\n')}\r\n`);
const VNPT_JUNE = `1,Tập đoàn Bưu chính Viễn thông Việt Nam,${TAX.vnpt},Kiểm tra đo lường,Đo lường,Tháng 6/2026,Kiểm tra,,,`;

describe('pages', () => {
  let t: TestApp;
  let officer: PageUser;
  let approver: PageUser;
  let snvPlan: { id: string };

  beforeAll(async () => {
    t = await createTestApp('web_pages');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    snvPlan = await createPlan(t.http, { agencyCode: AGENCIES.labour.code, year: 2026 });
    await addInspection(t.http, snvPlan.id, { window: { from: '2026-06-01', to: '2026-06-30' } });
    officer = await pageUser(t, 'officer', [AGENCIES.science.code]);
    approver = await pageUser(t, 'approver', [AGENCIES.labour.code]);
  });
  afterAll(() => t.close());

  const inspectionsOf = async (agencyCode: string) =>
    (await t.http.get(`/inspections?agencyCode=${agencyCode}`).expect(200)).body.total as number;

  it('serves pages as HTML under the same CSP, never cached', async () => {
    const res = await officer.agent.get('/web').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.text).toContain('<html lang="vi">');
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    const css = await t.anonymous.get('/web/assets/site.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    await t.anonymous.get('/web/assets/../package.json').expect(404);
  });

  it('uploads a plan file only with the CSRF field, and only for its own agency', async () => {
    const refused = await officer.agent
      .post('/web/plans/import')
      .field('agencyCode', 'SKHCN')
      .field('year', '2026')
      .attach('file', csv(VNPT_JUNE), 'ke-hoach.csv')
      .expect(403);
    expect(refused.text).toContain('Phiên làm việc đã thay đổi');
    const other = await officer.agent
      .post('/web/plans/import')
      .field('_csrf', await officer.csrf())
      .field('agencyCode', 'SNV')
      .field('year', '2026')
      .attach('file', csv(VNPT_JUNE), 'ke-hoach.csv')
      .expect(403);
    expect(other.text).toContain('không được thao tác trên dữ liệu của cơ quan này');
    expect([await inspectionsOf('SKHCN'), await inspectionsOf('SNV')]).toEqual([0, 1]);
  });

  it('previews the upload, commits exactly it and shows the conflict', async () => {
    const none = await officer.agent
      .post('/web/plans/import')
      .field('_csrf', await officer.csrf())
      .field('agencyCode', 'SKHCN')
      .field('year', '2026')
      .expect(400);
    expect(none.text).toContain('Hãy đính kèm tệp kế hoạch');
    expect(none.text).toContain('value="2026"'); // what was typed stays

    const read = await officer.agent
      .post('/web/plans/import')
      .field('_csrf', await officer.csrf())
      .field('agencyCode', 'SKHCN')
      .field('year', '2026')
      .attach('file', csv(VNPT_JUNE), 'kế-hoạch.csv')
      .expect(303);
    expect(await inspectionsOf('SKHCN')).toBe(0); // a preview saves nothing
    const preview = await officer.agent.get(read.headers.location).expect(200);
    expect(preview.text).toMatch(/Quá số lần kiểm tra trong năm/);
    const done = await officer.agent
      .post(`${read.headers.location}/commit`)
      .type('form')
      .send({ _csrf: await officer.csrf() })
      .expect(201);
    expect(done.text).toContain('Đã nhập 1 cuộc');
    expect(done.text).toMatch(/href="\/web\/conflicts\/[^"]+">Quá số lần kiểm tra trong năm/);
    expect(await inspectionsOf('SKHCN')).toBe(1);
  });

  it('lets an officer read the conflict but not decide it', async () => {
    const board = await officer.agent.get('/web/conflicts?year=2026').expect(200);
    const id = /href="\/web\/conflicts\/([^"?]+)"/.exec(board.text)![1];
    const page = await officer.agent.get(`/web/conflicts/${id}`).expect(200);
    expect(page.text).toContain('Gợi ý xử lý');
    expect(page.text).not.toContain('Áp dụng gợi ý');
    const refused = await officer.agent
      .post(`/web/conflicts/${id}/resolve`)
      .type('form')
      .send({ _csrf: await officer.csrf(), resolution: 'merge', suggestion: '0' })
      .expect(403);
    expect(refused.text).toContain('Không có quyền truy cập');
    expect((await t.http.get(`/conflicts/${id}`).expect(200)).body.status).toBe('open');
  });

  it('keeps what the approver typed and names the missing reason beside its field', async () => {
    const plan = await approver.agent.get(`/web/plans/${snvPlan.id}`).expect(200);
    expect(plan.text).toContain('Trình phê duyệt');
    expect(plan.text).not.toContain('Tải tệp kế hoạch lên'); // an approver does not upload
    const res = await approver.agent
      .post(`/web/plans/${snvPlan.id}/withdraw`)
      .type('form')
      .send({ _csrf: await approver.csrf(), reason: '   ' })
      .expect(422);
    expect(res.text).toMatch(
      /id="f-reason-error"><span class="visually-hidden">Lỗi: <\/span>Chưa nhập thông tin này/,
    );
    expect((await t.http.get(`/plans/${snvPlan.id}`).expect(200)).body.status).toBe('draft');
    await approver.agent
      .post(`/web/plans/${snvPlan.id}/submit`)
      .type('form')
      .send({ _csrf: await approver.csrf() })
      .expect(303)
      .expect('location', `/web/plans/${snvPlan.id}?done=submit`);
    const approve = await approver.agent
      .post(`/web/plans/${snvPlan.id}/approve`)
      .type('form')
      .send({
        _csrf: await approver.csrf(),
        decisionNumber: '12/QĐ-SNV',
        decisionDate: '2026-13-40',
      })
      .expect(422);
    expect(approve.text).toContain('value="12/QĐ-SNV"');
    expect(approve.text).toContain('id="f-decisionDate-error"');
    await approver.agent
      .post(`/web/plans/${snvPlan.id}/approve`)
      .type('form')
      .send({
        _csrf: await approver.csrf(),
        decisionNumber: '12/QĐ-SNV',
        decisionDate: '2026-02-20',
      })
      .expect(303);
    const after = (await t.http.get(`/plans/${snvPlan.id}`).expect(200)).body;
    expect([after.status, after.decision, after.updatedBy]).toEqual([
      'approved',
      { number: '12/QĐ-SNV', date: '2026-02-20' },
      approver.username,
    ]);
  });

  it('shows the public only an enterprise that published its schedule, approved plans only', async () => {
    const hidden = await t.anonymous.get(`/public/enterprises/${TAX.vnpt}`).expect(404);
    expect(hidden.text).toContain('chưa công bố');
    await t.http.patch(`/enterprises/${TAX.vnpt}`).send({ publicFeed: true }).expect(200);
    // Exactly what the public calendar feed shows: the approved plans (SNV's June kiểm tra and
    // the inspectorate's thanh tra), never the SKHCN draft (also June: two rows, not three).
    const ttt = await createPlan(t.http, { agencyCode: AGENCIES.inspectorate.code, year: 2026 });
    await addInspection(t.http, ttt.id, {
      type: 'thanh-tra',
      window: { from: '2026-09-01', to: '2026-09-30' },
    });
    await t.http.post(`/plans/${ttt.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${ttt.id}/approve`)
      .send({ decision: { number: '5/QĐ-TTT', date: '2026-02-01' } })
      .expect(200);
    const shown = await t.anonymous.get(`/public/enterprises/${TAX.vnpt}`).expect(200);
    const rows = shown.text.match(/<td data-label="Thời gian">[^<]+<\/td>/g) ?? [];
    expect(rows).toEqual([
      '<td data-label="Thời gian">01/06/2026 – 30/06/2026</td>',
      '<td data-label="Thời gian">01/09/2026 – 30/09/2026</td>',
    ]);
    expect(shown.text).toContain('Thanh tra');
    expect(shown.text).not.toContain('Đăng xuất');
    await t.anonymous.get('/public/enterprises/0100109107').expect(404);
  });

  it('answers an unknown page with the pages’ own 404', async () => {
    const res = await officer.agent.get('/web/khong-co').expect(404);
    expect(res.text).toContain('Không tìm thấy trang');
    await officer.agent.get('/web/plans/khong-co').expect(404);
  });
});
