// Inspection create and edit pages through real HTTP: the API's DTOs and services behind a
// form (the window as a month, a quarter or a day range), errors beside the field in
// Vietnamese with what was typed kept, and the agency held as the API holds it.
import { createTestApp, TestApp } from '../support/app';
import { AGENCIES, createPlan, seedAgencies, TAX } from '../support/factories';
import { hiddenField, pageUser, PageUser } from '../support/pages';

describe('inspection form pages', () => {
  let t: TestApp;
  let officer: PageUser;
  let stranger: PageUser;
  let plan: { id: string };

  beforeAll(async () => {
    t = await createTestApp('web_inspection_form');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    plan = await createPlan(t.http, { agencyCode: AGENCIES.science.code, year: 2026 });
    officer = await pageUser(t, 'officer', [AGENCIES.science.code]);
    stranger = await pageUser(t, 'officer', [AGENCIES.labour.code]);
  });
  afterAll(() => t.close());

  const good = {
    taxCode: TAX.viettelPost,
    enterpriseName: 'Tổng công ty Cổ phần Bưu chính Viettel',
    type: 'kiem-tra',
    form: 'on-site',
    field: 'measurement',
    content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
    windowKind: 'quarter',
    windowQuarter: '2',
    participantAgencyCodes: '',
  };

  it('refuses a bad tax code and a missing window beside their fields, keeping what was typed', async () => {
    const form = await officer.agent.get(`/web/plans/${plan.id}/inspections/new`).expect(200);
    expect(form.text).toContain('data-tax-code');
    expect(form.text).toMatch(/<option value="measurement">Đo lường, chất lượng<\/option>/);
    const res = await officer.agent
      .post(`/web/plans/${plan.id}/inspections`)
      .type('form')
      .send({
        ...good,
        _csrf: hiddenField(form.text, '_csrf'),
        taxCode: TAX.invalid,
        windowQuarter: '',
        content: 'Nội dung đã gõ',
      })
      .expect(422);
    expect(res.text).toMatch(
      /id="f-taxCode-error"><span class="visually-hidden">Lỗi: <\/span>[^<]*[Mm]ã số thuế/,
    );
    expect(res.text).toMatch(/id="f-window-error"><span class="visually-hidden">Lỗi: <\/span>/);
    expect(res.text).toContain(`value="${TAX.invalid}"`);
    expect(res.text).toContain('>Nội dung đã gõ</textarea>');
    expect(res.text).toMatch(/value="quarter" checked/);
    const list = (await t.http.get(`/plans/${plan.id}`).expect(200)).body.inspections;
    expect(list).toHaveLength(0);
  });

  it('creates with the window as a quarter and edits it to a month, through the API services', async () => {
    const created = await officer.agent
      .post(`/web/plans/${plan.id}/inspections`)
      .type('form')
      .send({ ...good, _csrf: await officer.csrf() })
      .expect(303);
    const m = /^\/web\/inspections\/([^?]+)\?done=created$/.exec(created.headers.location);
    expect(m).not.toBeNull();
    const id = m![1];
    const stored = (await t.http.get(`/inspections/${id}`).expect(200)).body;
    expect(stored).toMatchObject({
      taxCode: TAX.viettelPost,
      window: { from: '2026-04-01', to: '2026-06-30' },
      leadAgencyCode: 'SKHCN',
    });
    const detail = await officer.agent.get(created.headers.location).expect(200);
    expect(detail.text).toContain('Đã thêm cuộc vào kế hoạch.');
    expect(detail.text).toContain(`href="/web/inspections/${id}/edit"`);

    const edit = await officer.agent.get(`/web/inspections/${id}/edit`).expect(200);
    expect(edit.text).toMatch(/value="quarter" checked/);
    expect(edit.text).toMatch(/<option value="2" selected>Quý II\/2026<\/option>/);
    const csrf = hiddenField(edit.text, '_csrf');
    const base = {
      _csrf: csrf,
      revision: hiddenField(edit.text, 'revision'),
      type: 'kiem-tra',
      form: 'remote',
      field: 'measurement',
      content: good.content,
      windowKind: 'month',
      windowMonth: '5',
      participantAgencyCodes: '',
    };
    await officer.agent.post(`/web/inspections/${id}`).type('form').send(base).expect(303);
    const after = (await t.http.get(`/inspections/${id}`).expect(200)).body;
    expect(after).toMatchObject({
      form: 'remote',
      window: { from: '2026-05-01', to: '2026-05-31' },
    });
    // The revision read is the API's compare-and-set: a second post of the same form is stale.
    const stale = await officer.agent
      .post(`/web/inspections/${id}`)
      .type('form')
      .send(base)
      .expect(422);
    expect(stale.text).toContain('Dữ liệu vừa được người khác sửa');
    // Days as typed, an unordered range refused beside the window.
    const unordered = await officer.agent
      .post(`/web/inspections/${id}`)
      .type('form')
      .send({
        ...base,
        revision: String(after.revision),
        windowKind: 'days',
        windowFrom: '2026-07-10',
        windowTo: '2026-07-01',
      })
      .expect(422);
    expect(unordered.text).toMatch(/id="f-window-error"/);
    expect(unordered.text).toContain('value="2026-07-10"');
  });

  it("holds another agency's officer out, as the API does", async () => {
    await stranger.agent.get(`/web/plans/${plan.id}/inspections/new`).expect(403);
    await stranger.agent
      .post(`/web/plans/${plan.id}/inspections`)
      .type('form')
      .send({ ...good, _csrf: await stranger.csrf() })
      .expect(403);
  });
});
