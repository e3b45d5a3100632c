// Deadline reminders end to end: a thanh tra's decision recorded through the API, the reminder
// job run on chosen days (FakeClock), mail received by a real SMTP server. "Due in N days",
// then "overdue", once each per deadline and recipient; an abolished Sở's deadline reaches its
// successor's officers.
import { DeadlineRemindersService } from '../../src/notifications/notices/deadline-reminders.service';
import { OutboxSender } from '../../src/notifications/outbox/outbox-sender.service';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode } from '../support/factories';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';

describe('deadline reminders (e2e, real SMTP)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let reminders: DeadlineRemindersService;
  let sender: OutboxSender;
  let thanhTra: { id: string };
  let inherited: { id: string };
  const TAX_A = makeTaxCode(9_411);
  const TAX_B = makeTaxCode(9_522);

  const person = async (email: string, agencyCodes: string[]) => {
    const agent = await t.signIn('officer', { agencyCodes });
    const account = (await t.http.get(`/users/${agent.accountId}`).expect(200)).body;
    await t.http
      .patch(`/users/${agent.accountId}`)
      .send({ revision: account.revision, email })
      .expect(200);
  };
  /** Runs the job at 09:00 in Vietnam on `day`, sends what it enqueued; mails that arrived. */
  const runOn = async (day: string) => {
    t.clock.set(`${day}T02:00:00Z`);
    const before = sink.received.length;
    const n = await reminders.run();
    await sender.tick();
    await sink.waitFor(before + n);
    return sink.received.slice(before);
  };
  const to = (mails: { rcptTo: string[] }[]) => mails.map((m) => m.rcptTo[0]).sort();

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp('notifications_deadlines', {
      SMTP_URL: sink.url,
      MAIL_FROM: 'Thanh tra tỉnh <lich@ttt.example.gov.vn>',
      PUBLIC_BASE_URL: 'https://lich.example.gov.vn',
      DEADLINE_REMINDER_DAYS: '3',
    });
    reminders = t.app.get(DeadlineRemindersService);
    sender = t.app.get(OutboxSender);
    t.clock.set('2026-01-05T03:00:00Z');
    await t.http
      .post('/agencies')
      .send({
        code: 'TTT',
        name: 'Thanh tra tỉnh',
        kind: 'inspectorate',
        contactEmail: 'vanthu@ttt.example.gov.vn',
      })
      .expect(201);
    await t.http
      .post('/agencies')
      .send({ code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'specialised' })
      .expect(201);
    await person('an@ttt.example.gov.vn', ['TTT']);
    await person('binh@skhcn.example.gov.vn', ['SKHCN']);

    const plan = await createPlan(t.http, { agencyCode: 'TTT' });
    thanhTra = await addInspection(t.http, plan.id, {
      taxCode: TAX_A,
      enterpriseName: 'Công ty TNHH Hải Âu',
      type: 'thanh-tra',
      field: 'labour',
      content: 'Thanh tra việc chấp hành pháp luật về lao động',
      window: { from: '2026-04-01', to: '2026-06-30' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '01/QĐ-TTT', date: '2026-01-05' } })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('reminds the agency’s officers and its contact address 3 days ahead, once, in Vietnamese', async () => {
    t.clock.set('2026-04-01T03:00:00Z');
    await t.http
      .post(`/inspections/${thanhTra.id}/lifecycle/decision`)
      .send({ number: '15/QĐ-TTT', date: '2026-04-01', signer: 'Chánh Thanh tra', team: ['A'] })
      .expect(200);
    // Announce within 15 days: due 16/4/2026 (a Thursday).
    expect(await runOn('2026-04-12')).toHaveLength(0);
    const soon = await runOn('2026-04-13');
    expect(to(soon)).toEqual(['an@ttt.example.gov.vn', 'vanthu@ttt.example.gov.vn']);
    const mail = soon.find((m) => m.rcptTo[0] === 'an@ttt.example.gov.vn')!;
    expect(mail.parsed.subject).toBe(
      'Sắp đến hạn công bố quyết định thanh tra (16/04/2026) — Công ty TNHH Hải Âu',
    );
    expect(mail.key).toBe(
      `deadline:${thanhTra.id}.ltt2025.announcement.2026-04-16:due-soon:an@ttt.example.gov.vn`,
    );
    const text = mail.parsed.text ?? '';
    expect(text).toContain(
      `Công bố quyết định thanh tra đối với cuộc thanh tra Công ty TNHH Hải Âu (MST ${TAX_A}) đến hạn ngày 16/04/2026 (còn 3 ngày).`,
    );
    expect(text).toContain(`https://lich.example.gov.vn/web/inspections/${thanhTra.id}`);
    expect(text).toBe(text.normalize('NFC'));
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // Same stage, later days, another run: nothing more.
    expect(await runOn('2026-04-13')).toHaveLength(0);
    expect(await runOn('2026-04-16')).toHaveLength(0);
  });

  it('then says "overdue" once, and stops when the step is recorded', async () => {
    const late = await runOn('2026-04-17');
    expect(to(late)).toEqual(['an@ttt.example.gov.vn', 'vanthu@ttt.example.gov.vn']);
    expect(late[0].parsed.subject).toBe(
      'Quá hạn công bố quyết định thanh tra — Công ty TNHH Hải Âu',
    );
    expect(late[0].parsed.text).toContain(
      'đã quá hạn từ ngày 16/04/2026 (1 ngày) mà chưa thực hiện',
    );
    expect(await runOn('2026-04-18')).toHaveLength(0);
    await t.http
      .post(`/inspections/${thanhTra.id}/lifecycle/announcement`)
      .send({ date: '2026-04-18' })
      .expect(200);
    // The window's own deadline (30/6) is not near: the announcement done, nothing is due.
    expect(await runOn('2026-04-20')).toHaveLength(0);
  });

  it('sends an abolished Sở’s deadline to its successor’s officers', async () => {
    t.clock.set('2026-01-06T03:00:00Z');
    await t.http
      .post('/agencies')
      .send({ code: 'STNMT', name: 'Sở TN&MT', kind: 'specialised', validFrom: '2008-01-01' })
      .expect(201);
    await t.http
      .post('/agencies')
      .send({ code: 'SNNMT', name: 'Sở NN&MT', kind: 'specialised', validFrom: '2025-07-01' })
      .expect(201);
    await person('chi@snnmt.example.gov.vn', ['SNNMT']);
    await person('dung@stnmt.example.gov.vn', ['STNMT']);
    const plan = await createPlan(t.http, { agencyCode: 'STNMT' });
    inherited = await addInspection(t.http, plan.id, {
      taxCode: TAX_B,
      enterpriseName: 'Công ty CP Phù Sa',
      field: 'environment',
      window: { from: '2026-04-01', to: '2026-05-08' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '02/QĐ-STNMT', date: '2026-01-06' } })
      .expect(200);
    await t.http
      .post('/agencies/STNMT/succession')
      .send({ successorCode: 'SNNMT', validTo: '2026-02-28' })
      .expect(200);
    // The plan window ends 8/5 and the kiểm tra never started: due in 3 days on 5/5.
    const soon = await runOn('2026-05-05');
    expect(to(soon)).toEqual(['chi@snnmt.example.gov.vn']);
    expect(soon[0].parsed.subject).toBe(
      'Sắp đến hạn bắt đầu kiểm tra theo kế hoạch (08/05/2026) — Công ty CP Phù Sa',
    );
    expect(soon[0].parsed.text).toContain('Đơn vị chủ trì: Sở TN&MT, nay là Sở NN&MT');
    expect(soon[0].parsed.text).toContain(`/web/inspections/${inherited.id}`);
  });
});
