// "Thông báo" (where the digests send people): the signed-in account's own digest choices,
// through the service behind GET/PUT /notifications/preferences, errors beside the field.
import { createTestApp, TestApp } from '../support/app';
import { AGENCIES, seedAgencies } from '../support/factories';
import { hiddenField, pageUser, PageUser } from '../support/pages';

describe('notification preferences page', () => {
  let t: TestApp;
  let officer: PageUser;

  beforeAll(async () => {
    t = await createTestApp('web_notifications');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science]);
    officer = await pageUser(t, 'officer', [AGENCIES.science.code]);
  });
  afterAll(() => t.close());

  it('shows the account its digests and saves its choice, as the API sees it', async () => {
    const page = await officer.agent.get('/web/notifications').expect(200);
    expect(page.text).toMatch(/<a href="\/web\/notifications" aria-current="page">Thông báo<\/a>/);
    expect(page.text).toMatch(
      /id="f-agencyDigest" name="agencyDigest" type="checkbox" value="1" checked/,
    );
    expect(page.text).not.toContain('f-coordinatorDigest'); // an officer gets no province digest
    // The default period is the deployment's (1440 minutes): nothing shorter is offered.
    expect(page.text).toMatch(/<option value="1440" selected>/);
    expect(page.text).not.toContain('<option value="60"');

    await officer.agent
      .post('/web/notifications')
      .type('form')
      .send({ _csrf: hiddenField(page.text, '_csrf'), periodMinutes: '10080' })
      .expect(303)
      .expect('location', '/web/notifications?done=saved');
    const api = await officer.agent.get('/notifications/preferences').expect(200);
    expect(api.body).toMatchObject({ agencyDigest: false, periodMinutes: 10080 });
    const after = await officer.agent.get('/web/notifications?done=saved').expect(200);
    expect(after.text).toContain('Đã lưu lựa chọn nhận thông báo.');
    expect(after.text).toMatch(
      /id="f-agencyDigest" name="agencyDigest" type="checkbox" value="1" aria/,
    );
  });

  it('refuses a period below the deployment floor beside the field, keeping the choice', async () => {
    const res = await officer.agent
      .post('/web/notifications')
      .type('form')
      .send({ _csrf: await officer.csrf(), agencyDigest: '1', periodMinutes: '30' })
      .expect(422);
    expect(res.text).toMatch(
      /id="f-periodMinutes-error"><span class="visually-hidden">Lỗi: <\/span>Tối thiểu 1440 phút/,
    );
    expect(res.text).toMatch(/name="agencyDigest" type="checkbox" value="1" checked/);
    const api = await officer.agent.get('/notifications/preferences').expect(200);
    expect(api.body.periodMinutes).toBe(10080);
  });
});
