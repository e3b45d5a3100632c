// Notifications end to end: the real application, a real SMTP server (smtp-server), mail
// parsed as a client would (mailparser, ical.js). The sender runs when the test says
// (tick()), the clock is the harness's FakeClock, so back-off is stepped, not waited for.
import ICAL from 'ical.js';
import { MeetingInvitationsService } from '../../src/notifications/invitations/meeting-invitations.service';
import { OutboxSender } from '../../src/notifications/outbox/outbox-sender.service';
import { createTestApp, TestApp } from '../support/app';
import { AGENCIES } from '../support/factories';
import { ReceivedMail, SmtpSink, startSmtpSink } from '../support/smtp-sink';

const FROM = 'Thanh tra tỉnh <lich@ttt.example.gov.vn>';

function calendarOf(mail: ReceivedMail) {
  const part = mail.parsed.attachments.find((a) => a.filename?.endsWith('.ics'));
  const text = part!.content.toString('utf8');
  const vcal = new ICAL.Component(ICAL.parse(text));
  const vevent = vcal.getFirstSubcomponent('vevent')!;
  return {
    text,
    method: vcal.getFirstPropertyValue('method'),
    uid: vevent.getFirstPropertyValue('uid'),
    sequence: vevent.getFirstPropertyValue('sequence'),
    status: vevent.getFirstPropertyValue('status'),
    organizer: vevent.getFirstPropertyValue('organizer'),
    attendees: vevent.getAllProperties('attendee').map((p) => p.getFirstValue()),
    start: (vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    summary: vevent.getFirstPropertyValue('summary'),
  };
}

describe('notifications (e2e, real SMTP)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let sender: OutboxSender;
  const tick = async () => {
    const report = await sender.tick();
    return report;
  };
  /** Runs the sender, stepping the clock past back-off, until nothing is left to send. */
  const drain = async (rounds = 50) => {
    for (let i = 0; i < rounds; i++) {
      await tick();
      const queued = (await t.http.get('/notifications/outbox?status=queued').expect(200)).body;
      if (queued.total === 0) return;
      t.clock.advance(60_000);
    }
  };
  const meeting = (agencyCodes: string[], extra: Record<string, unknown> = {}) =>
    t.http
      .post('/meetings')
      .send({
        title: 'Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026',
        start: '2026-03-10T08:00:00+07:00',
        end: '2026-03-10T11:30:00+07:00',
        place: 'Phòng họp số 2, Thanh tra tỉnh',
        chair: 'Phó Chánh Thanh tra tỉnh Nguyễn Văn An',
        agencyCodes,
        scope: { year: 2026 },
        ...extra,
      })
      .expect(201);

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp('notifications_mail', {
      SMTP_URL: sink.url,
      MAIL_FROM: FROM,
      NOTIFICATIONS_RETRY_BASE_MS: '1000',
      NOTIFICATIONS_RETRY_MAX_MS: '30000',
    });
    sender = t.app.get(OutboxSender);
    await t.http
      .post('/agencies')
      .send({ ...AGENCIES.inspectorate, contactEmail: 'vanthu@ttt.example.gov.vn' })
      .expect(201);
    await t.http
      .post('/agencies')
      .send({ ...AGENCIES.science, contactEmail: 'vanthu@skhcn.example.gov.vn' })
      .expect(201);
    await t.http.post('/agencies').send(AGENCIES.labour).expect(201); // no contact address
    await t.http
      .post('/users')
      .send({
        username: 'can.bo.skhcn',
        displayName: 'Trần Thị Bình',
        email: 'binh.tt@skhcn.example.gov.vn',
        roles: ['officer'],
        agencyCodes: ['SKHCN'],
        password: 'a long enough officer password 2026',
      })
      .expect(201);
    await t.http
      .post('/users')
      .send({
        username: 'xem.snv',
        displayName: 'Người xem',
        email: 'viewer@snv.example.gov.vn',
        roles: ['viewer'],
        agencyCodes: [],
        password: 'a long enough viewer password 2026',
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(() => sink.received.splice(0));

  describe('meeting invitations (iTIP)', () => {
    let id: string;
    let feedUid: string;

    it('a new meeting invites the agencies’ contact addresses and their officers: REQUEST, SEQUENCE 1, the feed’s UID', async () => {
      id = (await meeting(['TTT', 'SKHCN', 'SNV'])).body.id;
      const queued = (await t.http.get('/notifications/outbox?status=queued').expect(200)).body;
      expect(queued.items.map((m: { to: string }) => m.to).sort()).toEqual([
        'binh.tt@skhcn.example.gov.vn',
        'vanthu@skhcn.example.gov.vn',
        'vanthu@ttt.example.gov.vn',
      ]);
      expect(queued.mailEnabled).toBe(true);
      expect(await tick()).toEqual({ sent: 3, retried: 0, failed: 0 });
      expect(sink.received).toHaveLength(3);

      const mail = sink.received.find((m) => m.rcptTo[0] === 'binh.tt@skhcn.example.gov.vn')!;
      expect(mail.auth).toBe('mailer');
      expect(mail.parsed.from?.value[0]).toEqual({
        address: 'lich@ttt.example.gov.vn',
        name: 'Thanh tra tỉnh',
      });
      expect(mail.parsed.subject).toBe(
        'Mời họp: Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026',
      );
      expect(mail.parsed.text).toContain('Kính gửi Trần Thị Bình');
      expect(mail.parsed.text).toContain(`https://lich.example.gov.vn/web/meetings/${id}`);
      expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@lich\.example\.gov\.vn>$/);
      // Outlook's shape: the calendar as an alternative of the text, and as an .ics file.
      expect(mail.raw).toMatch(/Content-Type: multipart\/mixed/i);
      expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
      expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
      const file = mail.parsed.attachments.find((a) => a.filename === 'invite.ics')!;
      expect(file.contentType).toBe('application/ics');

      const cal = calendarOf(mail);
      expect(cal.method).toBe('REQUEST');
      expect(cal.sequence).toBe(1);
      expect(cal.status).toBe('CONFIRMED');
      expect(cal.organizer).toBe('mailto:lich@ttt.example.gov.vn');
      // Every invitee on the invitation (Outlook shows who else is asked), no agency without
      // an address, no viewer.
      expect([...cal.attendees].sort()).toEqual([
        'mailto:binh.tt@skhcn.example.gov.vn',
        'mailto:vanthu@skhcn.example.gov.vn',
        'mailto:vanthu@ttt.example.gov.vn',
      ]);
      expect(cal.start).toBe('2026-03-10T01:00:00.000Z');
      expect(cal.text).toMatch(/DTSTART;TZID=Asia\/Ho_Chi_Minh:20260310T080000\r\n/);
      expect(cal.summary).toBe('Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026');

      // The same UID as the meeting's event in the meetings calendar feed.
      const feed = (await t.http.post('/feeds').send({ scope: 'meetings' }).expect(201)).body;
      const ics = (await t.anonymous.get(new URL(feed.url).pathname).expect(200)).text;
      const vevents = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
      feedUid = vevents
        .map((e) => e.getFirstPropertyValue('uid') as string)
        .find((u) => u.includes(id))!;
      expect(cal.uid).toBe(feedUid);
    });

    it('the sent messages show the server’s answer to an administrator, and to no one else', async () => {
      const sent = (await t.http.get('/notifications/outbox?status=sent').expect(200)).body;
      expect(sent.total).toBe(3);
      expect(sent.items[0]).toMatchObject({
        kind: 'meeting-invitation',
        status: 'sent',
        attempts: 1,
        sentResponse: expect.stringMatching(/^250 /),
      });
      const officer = await t.signIn('coordinator');
      await officer.http.get('/notifications/outbox').expect(403);
    });

    it('a change of place sends REQUEST with a higher SEQUENCE; a change of notes sends nothing', async () => {
      const before = (await t.http.get(`/meetings/${id}`).expect(200)).body;
      const moved = (
        await t.http
          .patch(`/meetings/${id}`)
          .send({ revision: before.revision, place: 'Hội trường B, UBND tỉnh' })
          .expect(200)
      ).body;
      await t.http
        .patch(`/meetings/${id}`)
        .send({ revision: moved.revision, notes: 'Mang theo hồ sơ' })
        .expect(200);
      await tick();
      expect(sink.received).toHaveLength(3);
      for (const mail of sink.received) {
        const cal = calendarOf(mail);
        expect(cal).toMatchObject({ method: 'REQUEST', sequence: moved.revision, uid: feedUid });
        expect(mail.parsed.subject).toMatch(/^Cập nhật lời mời họp: /);
      }
      expect(moved.revision).toBe(2);
    });

    it('cancelling sends CANCEL with a higher SEQUENCE still', async () => {
      const before = (await t.http.get(`/meetings/${id}`).expect(200)).body;
      await t.http
        .patch(`/meetings/${id}`)
        .send({ revision: before.revision, status: 'cancelled' })
        .expect(200);
      await tick();
      expect(sink.received).toHaveLength(3);
      for (const mail of sink.received) {
        const cal = calendarOf(mail);
        expect(cal).toMatchObject({
          method: 'CANCEL',
          status: 'CANCELLED',
          sequence: before.revision + 1,
          uid: feedUid,
        });
        expect(mail.raw).toMatch(/method=CANCEL/);
        expect(mail.parsed.subject).toMatch(/^Hủy họp: /);
      }
    });
  });

  describe('the sweep (a crash between the meeting write and its invitations)', () => {
    const invitationsOf = async (id: string) =>
      (
        await t.http.get('/notifications/outbox?kind=meeting-invitation&pageSize=500').expect(200)
      ).body.items.filter((m: { key: string }) => m.key.startsWith(`meeting:${id}:`));
    /** As if the process died right after saving the meeting: its invitations never written. */
    const forget = async (id: string) => {
      const { MongoClient } = await import('mongodb');
      const { testMongoUri } = await import('../support/database');
      const client = await MongoClient.connect(testMongoUri());
      try {
        await client
          .db(t.databaseName)
          .collection('notification_outbox')
          .deleteMany({ key: { $regex: `^meeting:${id}:` } });
      } finally {
        await client.close();
      }
    };
    const sweep = () => t.app.get(MeetingInvitationsService).sweep();

    it('enqueues what was missed, once, and nothing for a meeting already invited', async () => {
      const created = (await meeting(['TTT'])).body;
      expect(await sweep()).toBe(0); // invited at write time
      await forget(created.id);
      expect(await invitationsOf(created.id)).toHaveLength(0);
      expect(await sweep()).toBe(1);
      expect(await sweep()).toBe(0);
      const [missed] = await invitationsOf(created.id);
      expect(missed.key).toBe(`meeting:${created.id}:r1:REQUEST:vanthu@ttt.example.gov.vn`);

      // A later change whose invitation was lost is sent with its own SEQUENCE.
      const moved = (
        await t.http
          .patch(`/meetings/${created.id}`)
          .send({
            revision: 1,
            start: '2026-03-11T08:00:00+07:00',
            end: '2026-03-11T10:00:00+07:00',
          })
          .expect(200)
      ).body;
      await forget(created.id);
      expect(await sweep()).toBe(1);
      await t.http
        .patch(`/meetings/${created.id}`)
        .send({ revision: moved.revision, notes: 'Ghi chú' })
        .expect(200);
      expect(await sweep()).toBe(0); // notes are not on the invitation

      // A cancellation whose CANCEL was lost: the last invitation was a REQUEST.
      const current = (await t.http.get(`/meetings/${created.id}`).expect(200)).body;
      await t.http
        .patch(`/meetings/${created.id}`)
        .send({ revision: current.revision, status: 'cancelled' })
        .expect(200);
      const client = await (
        await import('mongodb')
      ).MongoClient.connect((await import('../support/database')).testMongoUri());
      await client
        .db(t.databaseName)
        .collection('notification_outbox')
        .deleteMany({ key: { $regex: `^meeting:${created.id}:r${current.revision + 1}:CANCEL:` } });
      await client.close();
      expect(await sweep()).toBe(1);
      sink.received.splice(0);
      await tick();
      const cancels = sink.received.filter((m) => String(calendarOf(m).uid).includes(created.id));
      expect(cancels.map((m) => calendarOf(m)).filter((c) => c.method === 'CANCEL')).toHaveLength(
        1,
      );
    });
  });

  describe('delivery', () => {
    it('a 4xx answer is retried after back-off; a 5xx answer fails for good, the answer kept', async () => {
      sink.failNext(1, 451);
      await meeting(['TTT']);
      expect(await tick()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const queued = (await t.http.get('/notifications/outbox?status=queued').expect(200)).body;
      expect(queued.items[0].lastError).toMatchObject({ responseCode: 451, permanent: false });
      expect(queued.items[0].lastError.response).toContain('451');
      expect(await tick()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
      expect(sink.received).toHaveLength(0);
      t.clock.advance(1_000);
      expect(await tick()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(sink.received).toHaveLength(1);

      sink.failNext(1, 550);
      await meeting(['TTT']);
      expect(await tick()).toEqual({ sent: 0, retried: 0, failed: 1 });
      const failed = (await t.http.get('/notifications/outbox?status=failed').expect(200)).body;
      expect(failed.total).toBe(1);
      expect(failed.items[0].lastError).toMatchObject({ responseCode: 550, permanent: true });
    });

    it('the SMTP server down during a burst and back: every notification arrives exactly once', async () => {
      const codes = Array.from({ length: 40 }, (_, i) => `BURST${i}`);
      for (const code of codes)
        await t.http
          .post('/agencies')
          .send({
            code,
            name: `Cơ quan ${code}`,
            kind: 'other',
            contactEmail: `${code}@example.vn`,
          })
          .expect(201);
      await meeting(codes);
      // Down after the tenth mail, with more in flight: those are never answered, the rest
      // meet a dead server, and all of them retry.
      sink.hold((_raw, arrival) => arrival >= 10);
      const ticking = tick();
      for (let i = 0; i < 400 && !(sink.held() > 0 && sink.received.length === 10); i++)
        await new Promise((r) => setTimeout(r, 25));
      await sink.stop();
      sink.hold(undefined);
      await ticking;
      const afterOutage = sink.received.length;
      expect(afterOutage).toBe(10);
      const queued = (await t.http.get('/notifications/outbox?status=queued').expect(200)).body;
      expect(queued.total).toBeGreaterThan(0);
      expect(queued.items[0].lastError.response).toMatch(
        /ECONNREFUSED|ECONNRESET|closed|Connection/i,
      );
      await tick(); // still down: nothing new
      expect(sink.received.length).toBe(afterOutage);

      await sink.start();
      await drain();
      const keys = sink.received.map((m) => m.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(sink.received.map((m) => m.rcptTo[0]).sort()).toEqual(
        codes.map((c) => `${c}@example.vn`).sort(),
      );
      // A retried cause never enqueues twice: the meeting's messages are 40, however often asked.
      const all = (
        await t.http.get('/notifications/outbox?kind=meeting-invitation&pageSize=500').expect(200)
      ).body;
      expect(all.items.filter((m: { to: string }) => m.to.startsWith('BURST')).length).toBe(40);
    });
  });
});
