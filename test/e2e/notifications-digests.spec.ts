// Digests end to end: conflicts made through the API, the digest job run at chosen instants
// (FakeClock), mail received by a real SMTP server; preferences and the unsubscribe link.
import { DigestService } from '../../src/notifications/digests/digest.service';
import { OutboxSender } from '../../src/notifications/outbox/outbox-sender.service';
import { createTestApp, SignedInAgent, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, makeTaxCode } from '../support/factories';
import { ReceivedMail, SmtpSink, startSmtpSink } from '../support/smtp-sink';

describe('notification digests (e2e, real SMTP)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let digests: DigestService;
  let sender: OutboxSender;
  let science: SignedInAgent;
  let labour: SignedInAgent;
  let tax: SignedInAgent;
  let coordinator: SignedInAgent;
  let conflictIds: string[];
  const TAX = makeTaxCode(7_301);

  /** An account of `role` with an e-mail address, signed in. */
  const person = async (
    role: 'officer' | 'coordinator',
    email: string,
    agencyCodes: string[] = [],
  ) => {
    const agent = await t.signIn(role, { agencyCodes });
    const account = (await t.http.get(`/users/${agent.accountId}`).expect(200)).body;
    await t.http
      .patch(`/users/${agent.accountId}`)
      .send({ revision: account.revision, email })
      .expect(200);
    return agent;
  };
  /** The headers unfolded (RFC 5322 §2.2.3), as a mail client reads them. */
  const headerBlock = (m: ReceivedMail) => m.raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  const unsubscribeUrl = (m: ReceivedMail) =>
    /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(headerBlock(m))?.[1] ?? '';
  const mailsTo = (address: string) => sink.received.filter((m) => m.rcptTo[0] === address);
  const runAt = async (instant: string) => {
    t.clock.set(instant);
    const n = await digests.run();
    await sender.tick();
    return n;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp('notifications_digests', {
      SMTP_URL: sink.url,
      MAIL_FROM: 'Thanh tra tỉnh <lich@ttt.example.gov.vn>',
      DIGEST_PERIOD_MINUTES: '60',
    });
    digests = t.app.get(DigestService);
    sender = t.app.get(OutboxSender);
    for (const a of [AGENCIES.science, AGENCIES.labour, AGENCIES.tax])
      await t.http.post('/agencies').send(a).expect(201);
    science = await person('officer', 'binh@skhcn.example.vn', ['SKHCN']);
    labour = await person('officer', 'cuong@snv.example.vn', ['SNV']);
    tax = await person('officer', 'dung@thue.example.vn', ['THUE']);
    coordinator = await person('coordinator', 'an@ttt.example.vn');

    // 10:10 in Vietnam: two agencies plan a kiểm tra of one enterprise in March.
    t.clock.set('2026-03-01T03:10:00Z');
    const p1 = await createPlan(t.http, { agencyCode: 'SKHCN' });
    const p2 = await createPlan(t.http, { agencyCode: 'SNV' });
    await addInspection(t.http, p1.id, { taxCode: TAX });
    await addInspection(t.http, p2.id, { taxCode: TAX, field: 'labour' });
    const conflicts = (await t.http.get(`/conflicts?taxCode=${TAX}`).expect(200)).body.items;
    conflictIds = conflicts.map((c: { id: string }) => c.id);
    expect(conflictIds.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  let scienceDigest: ReceivedMail;

  it('after the hour, each officer of an agency touched gets one digest of what opened, in Vietnamese, with the pages', async () => {
    expect(await runAt('2026-03-01T04:00:30Z')).toBe(3);
    // Run again in the same period (another replica, a restart): nothing more.
    expect(await runAt('2026-03-01T04:20:00Z')).toBe(0);
    expect(mailsTo('dung@thue.example.vn')).toHaveLength(0); // no conflict touches THUE
    expect(mailsTo('cuong@snv.example.vn')).toHaveLength(1);
    [scienceDigest] = mailsTo('binh@skhcn.example.vn');
    expect(mailsTo('binh@skhcn.example.vn')).toHaveLength(1);
    const mail = scienceDigest.parsed;
    expect(mail.subject).toBe(
      `[SKHCN] Chồng chéo thanh tra, kiểm tra: ${conflictIds.length} mới, 0 đã đóng`,
    );
    expect(mail.text).toContain(
      'Tổng hợp chồng chéo liên quan đến Sở Khoa học và Công nghệ (SKHCN)',
    );
    expect(mail.text).toContain('từ 10:00 01/03/2026 đến 11:00 01/03/2026 (giờ Việt Nam)');
    expect(mail.text).toContain(`(MST ${TAX})`);
    for (const id of conflictIds)
      expect(mail.text).toContain(
        `https://lich.example.gov.vn/web/conflicts/${encodeURIComponent(id)}`,
      );
    // RFC 8058: one-click unsubscribe through the mail client, and the link in the text.
    const listUnsubscribe = unsubscribeUrl(scienceDigest);
    expect(listUnsubscribe).toMatch(
      /^https:\/\/lich\.example\.gov\.vn\/notifications\/unsubscribe\/[\w-]+\.[\w-]+$/,
    );
    expect(headerBlock(scienceDigest)).toMatch(
      /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m,
    );
    expect(mail.text).toContain(listUnsubscribe);

    const [toCoordinator] = mailsTo('an@ttt.example.vn');
    expect(toCoordinator.parsed.subject).toBe(
      `Tổng hợp toàn tỉnh: ${conflictIds.length} chồng chéo mới, 0 quyết định`,
    );
  });

  it('a decision shows next period: closed for the agencies, a decision for the coordinator', async () => {
    sink.received.splice(0);
    t.clock.set('2026-03-01T04:30:00Z');
    await t.http
      .post(`/conflicts/${encodeURIComponent(conflictIds[0])}/resolve`)
      .send({
        resolution: 'exempt',
        legalBasis: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15',
        evidence: 'Biên bản số 3/BB',
      })
      .expect(200);
    await runAt('2026-03-01T05:01:00Z');
    const [toScience] = mailsTo('binh@skhcn.example.vn');
    expect(toScience.parsed.subject).toBe(
      '[SKHCN] Chồng chéo thanh tra, kiểm tra: 0 mới, 1 đã đóng',
    );
    expect(toScience.parsed.text).toContain('Quyết định: miễn trừ, Miễn trừ có căn cứ pháp lý.');
    const [toCoordinator] = mailsTo('an@ttt.example.vn');
    expect(toCoordinator.parsed.subject).toBe('Tổng hợp toàn tỉnh: 0 chồng chéo mới, 1 quyết định');
    // Nothing happened for THUE, and an hour without change sends nobody anything.
    expect(mailsTo('dung@thue.example.vn')).toHaveLength(0);
    sink.received.splice(0);
    expect(await runAt('2026-03-01T06:01:00Z')).toBe(0);
  });

  it('preferences: read and changed by the account itself, never below the deployment’s period', async () => {
    expect((await labour.http.get('/notifications/preferences').expect(200)).body).toMatchObject({
      agencyDigest: true,
      coordinatorDigest: true,
      periodMinutes: 60,
    });
    const short = await labour.http
      .put('/notifications/preferences')
      .send({ periodMinutes: 30 })
      .expect(400);
    expect(short.body.details[0]).toMatchObject({
      field: 'periodMinutes',
      code: 'PERIOD_TOO_SHORT',
    });
    await labour.http.put('/notifications/preferences').send({ periodMinutes: 1440 }).expect(200);
    expect(
      (await labour.http.get('/notifications/preferences').expect(200)).body.periodMinutes,
    ).toBe(1440);
    await t.anonymous.get('/notifications/preferences').expect(401);
  });

  it('a daily preference gathers a day into one mail; the hourly ones go on', async () => {
    sink.received.splice(0);
    // A third inspection at 13:10 (Vietnam) opens new conflicts for both agencies.
    t.clock.set('2026-03-01T06:10:00Z');
    const p3 = await createPlan(t.http, { agencyCode: 'SNV', year: 2026 }).catch(() => undefined);
    const plan = p3 ?? (await t.http.get('/plans?agencyCode=SNV').expect(200)).body.items[0];
    await addInspection(t.http, plan.id, {
      taxCode: TAX,
      field: 'labour',
      window: { from: '2026-03-20', to: '2026-04-10' },
    });
    await runAt('2026-03-01T07:00:30Z');
    expect(mailsTo('binh@skhcn.example.vn')).toHaveLength(1); // hourly
    expect(mailsTo('cuong@snv.example.vn')).toHaveLength(0); // daily: not before midnight
    await runAt('2026-03-01T17:00:30Z'); // 00:00:30 on 2 March in Vietnam
    const daily = mailsTo('cuong@snv.example.vn');
    expect(daily).toHaveLength(1);
    expect(daily[0].parsed.text).toContain('đến 00:00 02/03/2026');
  });

  it('unsubscribe: the link shows a page that changes nothing; its button (or the client’s one-click POST) turns the digest off', async () => {
    const url = new URL(unsubscribeUrl(scienceDigest));
    const page = await t.anonymous.get(url.pathname).expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<form method="post"');
    expect(page.text).toContain('thư tổng hợp chồng chéo của cơ quan');
    expect(
      (await science.http.get('/notifications/preferences').expect(200)).body.agencyDigest,
    ).toBe(true);

    const tampered = url.pathname.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await t.anonymous.post(tampered).expect(404)).body.code).toBe(
      'UNSUBSCRIBE_LINK_INVALID',
    );

    await t.anonymous
      .post(url.pathname)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(
      (await science.http.get('/notifications/preferences').expect(200)).body.agencyDigest,
    ).toBe(false);
    // The next change touching SKHCN reaches the coordinator, not the officer who left.
    sink.received.splice(0);
    t.clock.set('2026-03-02T01:10:00Z');
    const plan = (await t.http.get('/plans?agencyCode=SKHCN').expect(200)).body.items[0];
    await addInspection(t.http, plan.id, {
      taxCode: TAX,
      window: { from: '2026-03-25', to: '2026-04-05' },
    });
    await runAt('2026-03-02T02:00:30Z');
    expect(mailsTo('an@ttt.example.vn')).toHaveLength(1);
    expect(mailsTo('binh@skhcn.example.vn')).toHaveLength(0);
    void tax;
    void coordinator;
  });
});
