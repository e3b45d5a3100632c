// Enterprise notices (the enterprise named in an approved annual thanh tra plan), and mail
// off: with no SMTP_URL the outbox records every notification and nothing is sent.
import { EnterpriseNoticesService } from '../../src/notifications/notices/enterprise-notices.service';
import { OutboxSender } from '../../src/notifications/outbox/outbox-sender.service';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, makeTaxCode } from '../support/factories';

describe('enterprise notices, mail off (e2e)', () => {
  let t: TestApp;
  let notices: EnterpriseNoticesService;
  const WITH_ADDRESS = makeTaxCode(8_101);
  const WITHOUT_ADDRESS = makeTaxCode(8_202);
  const CHECKED = makeTaxCode(8_303);
  let checked: { id: string };
  const outbox = async () =>
    (await t.http.get('/notifications/outbox?kind=enterprise-notice').expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp('notifications_notices'); // no SMTP_URL: mail is off
    notices = t.app.get(EnterpriseNoticesService);
    for (const a of [AGENCIES.inspectorate, AGENCIES.science])
      await t.http.post('/agencies').send(a).expect(201);
  });
  afterAll(() => t.close());

  it('notifies an enterprise with an address once its thanh tra plan is approved; never a kiểm tra before it is announced', async () => {
    const thanhTra = await createPlan(t.http, { agencyCode: 'TTT' });
    const inspection = await addInspection(t.http, thanhTra.id, {
      taxCode: WITH_ADDRESS,
      enterpriseName: 'Công ty TNHH Hải Âu',
      type: 'thanh-tra',
      field: 'labour',
      content: 'Thanh tra việc chấp hành pháp luật về lao động',
      window: { from: '2026-05-04', to: '2026-05-29' },
    });
    await addInspection(t.http, thanhTra.id, {
      taxCode: WITHOUT_ADDRESS,
      type: 'thanh-tra',
      field: 'labour',
      window: { from: '2026-06-01', to: '2026-06-26' },
    });
    const kiemTra = await createPlan(t.http, { agencyCode: 'SKHCN' });
    checked = await addInspection(t.http, kiemTra.id, { taxCode: CHECKED, type: 'kiem-tra' });
    await t.http
      .patch(`/enterprises/${WITH_ADDRESS}`)
      .send({ contactEmail: 'ketoan@haiau.example.vn' })
      .expect(200);
    await t.http
      .patch(`/enterprises/${CHECKED}`)
      .send({ contactEmail: 'phaply@checked.example.vn' })
      .expect(200);
    const bad = await t.http
      .patch(`/enterprises/${CHECKED}`)
      .send({ contactEmail: 'nope' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('contactEmail');

    // Not approved yet: nothing.
    expect(await notices.run()).toBe(0);
    for (const plan of [thanhTra, kiemTra]) {
      await t.http.post(`/plans/${plan.id}/submit`).expect(200);
      await t.http
        .post(`/plans/${plan.id}/approve`)
        .send({ decision: { number: '15/QĐ-TTT', date: '2026-01-10' } })
        .expect(200);
    }
    expect(await notices.run()).toBe(1);
    expect(await notices.run()).toBe(0); // one notice per inspection and address, however often run

    const { items, mailEnabled } = await outbox();
    expect(mailEnabled).toBe(false);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      to: 'ketoan@haiau.example.vn',
      status: 'queued',
      key: `enterprise-notice:${inspection.id}:ketoan@haiau.example.vn`,
      subject:
        'Thông báo: doanh nghiệp có tên trong kế hoạch thanh tra năm 2026 của Thanh tra tỉnh',
    });
  });

  it('notifies the kiểm tra once the lifecycle has it announced (at its start)', async () => {
    t.clock.set('2026-03-02T03:00:00Z');
    const step = (name: string, body: object) =>
      t.http.post(`/inspections/${checked.id}/lifecycle/${name}`).send(body).expect(200);
    await step('decision', {
      number: '20/QĐ-SKHCN',
      date: '2026-03-02',
      signer: 'Giám đốc Sở',
      team: ['Cán bộ A'],
    });
    expect(await notices.run()).toBe(0); // decided, not yet announced
    await step('on-site/start', { date: '2026-03-02' });
    expect(await notices.run()).toBe(1);
    const { items } = await outbox();
    expect(items.map((i: { to: string }) => i.to).sort()).toEqual([
      'ketoan@haiau.example.vn',
      'phaply@checked.example.vn',
    ]);
  });

  it('with mail off the sender does not run and the outbox keeps the notification queued', async () => {
    expect(await t.app.get(OutboxSender).tick()).toBeUndefined();
    const { counts, items } = await outbox();
    expect(counts).toMatchObject({ queued: 2, sending: 0, sent: 0, failed: 0 });
    expect(items[0].attempts).toBe(0);
  });
});
