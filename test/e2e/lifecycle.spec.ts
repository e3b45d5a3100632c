// The life of one thanh tra and one kiểm tra through HTTP, their deadlines, and the public
// verify page read back from its QR code.
import JSZip from 'jszip';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { createTestApp, TestApp } from '../support/app';
import {
  addInspection,
  AGENCIES,
  createPlan,
  makeTaxCode,
  seedAgencies,
  TAX,
} from '../support/factories';

const FINDINGS = {
  violations: ['Không niêm yết giá <b>'],
  sanctions: [{ description: 'Phạt tiền', amountVnd: 15_000_000 }],
  recommendations: ['Niêm yết giá theo quy định'],
};

describe('inspection lifecycle (e2e)', () => {
  let t: TestApp;
  let thanhTra: { id: string };
  let kiemTra: { id: string };
  let draftOnly: { id: string };
  let spare: { id: string };

  beforeAll(async () => {
    t = await createTestApp('lifecycle');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    t.clock.set('2026-01-05T03:00:00Z');
    const ttPlan = await createPlan(t.http, { agencyCode: 'TTT', year: 2026 });
    thanhTra = await addInspection(t.http, ttPlan.id, {
      type: 'thanh-tra',
      field: 'measurement',
      leadAgencyCode: 'TTT',
      window: { from: '2026-03-01', to: '2026-06-30' },
    });
    await t.http.post(`/plans/${ttPlan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${ttPlan.id}/approve`)
      .send({ decision: { number: '01/QĐ-TTT', date: '2026-01-05' } })
      .expect(200);
    const ktPlan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    kiemTra = await addInspection(t.http, ktPlan.id, {
      taxCode: TAX.saigonCoop,
      window: { from: '2026-05-01', to: '2026-05-31' },
    });
    spare = await addInspection(t.http, ktPlan.id, {
      taxCode: makeTaxCode(4242),
      window: { from: '2026-04-01', to: '2026-04-30' },
    });
    await t.http.post(`/plans/${ktPlan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${ktPlan.id}/approve`)
      .send({ decision: { number: '02/QĐ-SKHCN', date: '2026-01-05' } })
      .expect(200);
    const draft = await createPlan(t.http, { agencyCode: 'SNV', year: 2026 });
    draftOnly = await addInspection(t.http, draft.id, { taxCode: TAX.viettelPost });
  });
  afterAll(() => t.close());

  const step = (id: string, path: string, body: object) =>
    t.http.post(`/inspections/${id}/lifecycle/${path}`).send(body);

  it('has no lifecycle for an inspection of a plan that is not approved', async () => {
    const res = await t.http.get(`/inspections/${draftOnly.id}/lifecycle`).expect(422);
    expect(res.body.code).toBe('PLAN_NOT_APPROVED');
  });

  it('walks a thanh tra from decision to publication, with deadlines on the way', async () => {
    const id = thanhTra.id;
    t.clock.set('2026-02-05T03:00:00Z');
    const decided = await step(id, 'decision', {
      number: '15/QĐ-TTT',
      date: '2026-02-05',
      signer: 'Nguyễn Văn Chánh',
      team: ['Trần Thị Trưởng đoàn'],
    }).expect(200);
    expect(decided.body.registrationCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(
      decided.body.deadlines.find((d: { step: string }) => d.step === 'announcement'),
    ).toMatchObject({ dueDate: '2026-02-23', status: 'due', ruleId: 'ltt2025.announcement' });

    // A conclusion before the on-site end is refused, in the error format.
    const early = await step(id, 'conclusion', {
      number: '1/KL',
      date: '2026-02-05',
      findings: FINDINGS,
    }).expect(422);
    expect(early.body).toMatchObject({
      code: 'STEP_OUT_OF_ORDER',
      details: [{ field: 'conclusion', code: 'STEP_OUT_OF_ORDER' }],
    });

    t.clock.set('2026-03-20T03:00:00Z');
    await step(id, 'announcement', { date: '2026-03-06' }).expect(200);
    await step(id, 'on-site/start', { date: '2026-03-16' }).expect(200);
    await step(id, 'on-site/extension', {
      date: '2026-03-20',
      days: 25,
      reason: 'Hồ sơ nhiều',
    }).expect(200);
    const again = await step(id, 'on-site/extension', {
      date: '2026-03-20',
      days: 1,
      reason: 'Lần hai',
    }).expect(409);
    expect(again.body.code).toBe('EXTENSION_ALREADY_USED');

    const view = (await t.http.get(`/inspections/${id}/lifecycle`).expect(200)).body;
    const statuses = Object.fromEntries(
      view.deadlines.map((d: { step: string; status: string; dueDate: string }) => [
        d.step,
        `${d.status} ${d.dueDate}`,
      ]),
    );
    expect(statuses).toEqual({
      window: 'done-in-time 2026-06-30',
      announcement: 'late 2026-02-23',
      'on-site': 'due 2026-06-24',
    });

    t.clock.set('2026-05-28T03:00:00Z'); // bearer tokens of the harness last 90 days from 1/3
    await step(id, 'on-site/end', { date: '2026-04-10' }).expect(200);
    await step(id, 'results-report', { date: '2026-04-24' }).expect(200);
    await step(id, 'draft-conclusion', { date: '2026-05-08' }).expect(200);
    await step(id, 'conclusion', {
      number: '20/KL-TTT',
      date: '2026-05-15',
      findings: FINDINGS,
    }).expect(200);
    await step(id, 'publication', {
      date: '2026-05-22',
      link: 'https://thanhtra.example.gov.vn/kl/20',
    }).expect(200);
    const done = await step(id, 'follow-ups', {
      date: '2026-05-27',
      note: 'Đã nộp phạt',
      done: true,
    }).expect(200);
    expect(done.body.history.map((h: { step: string }) => h.step)).toEqual([
      'decision',
      'announcement',
      'on-site-start',
      'extension',
      'on-site-end',
      'results-report',
      'draft-conclusion',
      'conclusion',
      'publication',
      'follow-up',
    ]);

    const audit = await t.http.get(`/audit?entityType=inspection&entityId=${id}`).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['lifecycle.decision', 'lifecycle.publication']),
    );
  });

  it('the verify page answers from its QR code, showing nothing internal', async () => {
    const png = await t.http
      .get(`/inspections/${thanhTra.id}/lifecycle/qr.png`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('content-type', 'image/png');
    const image = PNG.sync.read(png.body as Buffer);
    const url = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)!.data;
    const { registrationCode } = (await t.http.get(`/inspections/${thanhTra.id}/lifecycle`)).body;
    expect(url).toBe(`https://lich.example.gov.vn/verify/${registrationCode}`);

    const path = new URL(url).pathname;
    const json = await t.anonymous.get(path).set('accept', 'application/json').expect(200);
    expect(json.body).toMatchObject({
      registered: true,
      approved: true,
      status: 'completed',
      visible: true,
      agency: { code: 'TTT', name: 'Thanh tra tỉnh' },
      decision: { number: '15/QĐ-TTT', date: '2026-02-05' },
      conclusion: { number: '20/KL-TTT', publishedOn: '2026-05-22', findings: FINDINGS },
    });
    const text = JSON.stringify(json.body);
    for (const secret of ['Nguyễn Văn Chánh', 'Trần Thị Trưởng đoàn', 'Đã nộp phạt', 'anh.nv'])
      expect(text).not.toContain(secret);

    const page = await t.anonymous
      .get(path.toLowerCase().replace('-', ''))
      .set('accept', 'text/html')
      .expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(page.text).toContain('Thanh tra tỉnh');
    expect(page.text).toContain('Không niêm yết giá &lt;b&gt;');
    expect(page.text).not.toContain('<b>');
    expect(page.text).not.toContain('Nguyễn Văn Chánh');

    await t.anonymous.get('/verify/2222-2222').set('accept', 'application/json').expect(404);
    expect((await t.anonymous.get('/verify/not-a-code').expect(404)).text).toContain(
      'Không tìm thấy',
    );
  });

  it('a kiểm tra stays out of public view until it starts, then runs on its own clock', async () => {
    const id = kiemTra.id;
    t.clock.set('2026-05-04T03:00:00Z');
    const decided = await step(id, 'decision', {
      number: '30/QĐ-SKHCN',
      date: '2026-05-04',
      signer: 'Giám đốc Sở',
      team: ['Cán bộ A'],
    }).expect(200);
    const code = decided.body.registrationCode;
    // The enterprise's public calendar does not show the check before it starts either.
    await t.http.patch(`/enterprises/${TAX.saigonCoop}`).send({ publicFeed: true }).expect(200);
    const publicFeed = async () =>
      (await t.anonymous.get(`/public/enterprises/${TAX.saigonCoop}/lich.ics`).expect(200)).text;
    expect(await publicFeed()).not.toContain('BEGIN:VEVENT');
    const hidden = await t.anonymous
      .get(`/verify/${code}`)
      .set('accept', 'application/json')
      .expect(200);
    expect(hidden.body).toEqual({
      code,
      registered: true,
      approved: true,
      status: 'current',
      visible: false,
      agency: { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' },
    });

    t.clock.set('2026-05-11T03:00:00Z');
    const started = await step(id, 'on-site/start', { date: '2026-05-11' }).expect(200);
    expect(started.body.announced).toEqual({ date: '2026-05-11' });
    expect(
      started.body.deadlines.find((d: { step: string }) => d.step === 'on-site'),
    ).toMatchObject({ dueDate: '2026-05-22', ruleId: 'nd217.on-site.province' });
    const shown = await t.anonymous
      .get(`/verify/${code}`)
      .set('accept', 'application/json')
      .expect(200);
    expect(shown.body).toMatchObject({
      visible: true,
      type: 'kiem-tra',
      onSite: { start: '2026-05-11' },
    });
    const published = (await publicFeed()).replace(/\r\n[ \t]/g, '');
    expect(published.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    // Its one link is the enterprise's public page, never a page behind sign-in.
    expect(published).toContain(`/public/enterprises/${TAX.saigonCoop}`);
    expect(published).not.toContain('/web/');
    expect(
      (
        await step(id, 'on-site/extension', { date: '2026-05-11', days: 6, reason: 'x' }).expect(
          422,
        )
      ).body.code,
    ).toBe('EXTENSION_TOO_LONG');
  });

  it('lists deadlines per agency and status, flagging windows that passed unstarted', async () => {
    t.clock.set('2026-05-28T03:00:00Z');
    const overdue = (await t.http.get('/deadlines?year=2026&status=overdue').expect(200)).body;
    // The spare April check never started: its window is flagged; the May check ran long.
    expect(
      overdue.map((d: { step: string; inspectionId: string }) => [d.inspectionId, d.step]),
    ).toEqual([
      [spare.id, 'window'],
      [kiemTra.id, 'on-site'],
    ]);
    expect(overdue[0]).toMatchObject({
      ruleId: 'plan.window',
      dueDate: '2026-04-30',
      agencyCode: 'SKHCN',
    });
    const skhcn = (await t.http.get('/deadlines?agencyCode=skhcn').expect(200)).body;
    expect(new Set(skhcn.map((d: { inspectionId: string }) => d.inspectionId))).toEqual(
      new Set([kiemTra.id, spare.id]),
    );
    const ddci = (await t.http.get('/reports/2026/ddci').expect(200)).body;
    expect(ddci).toMatchObject({ year: 2026, enterprisesInspected: 4, shareWithFiveOrMore: 0 });
    expect(ddci.trend.map((y: { year: number }) => y.year)).toEqual([2022, 2023, 2024, 2025]);
    expect(ddci.lateStepsByAgency).toEqual([
      expect.objectContaining({
        agencyCode: 'SKHCN',
        overdue: 2,
        byStep: { window: 1, 'on-site': 1 },
      }),
      expect.objectContaining({ agencyCode: 'TTT', late: 1, byStep: { announcement: 1 } }),
    ]);
    expect((await t.http.get('/deadlines?status=soon').expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it("holds officers and approvers to their agency's inspections", async () => {
    t.clock.set('2026-05-28T03:00:00Z');
    const other = await t.signIn('officer', { agencyCodes: ['SNV'] });
    const own = await t.signIn('approver', { agencyCodes: ['SKHCN'] });
    const viewer = await t.signIn('viewer');
    const body = { date: '2026-05-28', note: 'Theo dõi', done: false };
    const denied = await other.http
      .post(`/inspections/${spare.id}/lifecycle/not-carried-out`)
      .send({ date: '2026-05-28', reason: 'x' });
    expect([denied.status, denied.body.code]).toEqual([403, 'FORBIDDEN_SCOPE']);
    expect(
      (await viewer.http.post(`/inspections/${spare.id}/lifecycle/follow-ups`).send(body)).status,
    ).toBe(403);
    const view = await viewer.http.get(`/inspections/${spare.id}/lifecycle`).expect(200);
    expect(view.body.history).toEqual([]);
    const dropped = await own.http
      .post(`/inspections/${spare.id}/lifecycle/not-carried-out`)
      .send({ date: '2026-05-28', reason: 'Doanh nghiệp đã giải thể' })
      .expect(200);
    expect(dropped.body.history).toEqual([
      expect.objectContaining({ step: 'not-carried-out', actor: own.username }),
    ]);
    expect(dropped.body.notCarriedOut.reason).toBe('Doanh nghiệp đã giải thể'.normalize('NFC'));
  });

  it('lets only one of two simultaneous writers record a step', async () => {
    const plan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    const target = await addInspection(t.http, plan.id, {
      taxCode: makeTaxCode(4343),
      window: { from: '2026-06-01', to: '2026-06-30' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '9/QĐ', date: '2026-05-20' } })
      .expect(200);
    await t.http.get(`/inspections/${target.id}/lifecycle`).expect(200);
    const decision = { number: '40/QĐ', date: '2026-05-27', signer: 'Giám đốc', team: ['A'] };
    const results = await Promise.all([1, 2].map(() => step(target.id, 'decision', decision)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = (await t.http.get(`/inspections/${target.id}/lifecycle`).expect(200)).body;
    expect(after.history).toHaveLength(1);
  });
  it("prints each approved inspection's code and QR on the meeting minutes", async () => {
    const approved = (await t.http.get(`/inspections/${thanhTra.id}`).expect(200)).body;
    const { registrationCode } = (
      await t.http.get(`/inspections/${thanhTra.id}/lifecycle`).expect(200)
    ).body;
    // A draft of another agency in the same weeks: a conflict with the approved thanh tra.
    const draft = await createPlan(t.http, { agencyCode: 'SNV', year: 2026 });
    const drafted = await addInspection(t.http, draft.id, {
      taxCode: approved.taxCode,
      window: { from: '2026-04-06', to: '2026-04-17' },
    });
    const meeting = (
      await t.http
        .post('/meetings')
        .send({
          title: 'Họp phối hợp kế hoạch 2026',
          start: '2026-03-20T08:00:00+07:00',
          end: '2026-03-20T11:00:00+07:00',
          place: 'Thanh tra tỉnh',
          chair: 'Chánh Thanh tra tỉnh',
          agencyCodes: ['TTT', 'SNV'],
          scope: { year: 2026, agencyCodes: ['SNV'] },
        })
        .expect(201)
    ).body;
    const inAgenda = meeting.agenda.flatMap(
      (a: { conflict: { inspectionIds: string[] } }) => a.conflict.inspectionIds,
    );
    expect(inAgenda).toEqual(expect.arrayContaining([thanhTra.id, drafted.id]));
    const docx = await t.http
      .get(`/meetings/${meeting.id}/minutes.docx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(registrationCode);
    expect(xml).toContain('Mã đăng ký các cuộc thanh tra, kiểm tra đã phê duyệt');
    // The draft has no code yet; only the approved inspection's QR is printed, and it reads back.
    const images = zip.file(/^word\/media\/.*\.png$/);
    expect(images).toHaveLength(1);
    const image = PNG.sync.read(await images[0].async('nodebuffer'));
    const url = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)!.data;
    expect(url).toBe(`https://lich.example.gov.vn/verify/${registrationCode}`);
  });
});
