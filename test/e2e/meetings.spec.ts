import JSZip from 'jszip';
import ICAL from 'ical.js';
import { lintIcs } from '../../src/feeds/calendar';
import { createTestApp, TestApp } from '../support/app';
import { ACTOR, addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

type Item = {
  conflictId: string;
  order: number;
  decision?: { resolution: string; summary: string };
  conflict: { ruleId: string; taxCode: string; explanation: { vi: string } };
};

describe('coordination meetings and reports over HTTP', () => {
  let t: TestApp;
  let taxA: string;
  let taxB: string;
  let taxOther: string;
  let overlapA: { id: string };

  beforeAll(async () => {
    t = await createTestApp('meetings');
    await seedAgencies(t.http);
    const science = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    const inspectorate = await createPlan(t.http, { agencyCode: 'TTT', year: 2026 });
    const labour = await createPlan(t.http, { agencyCode: 'SNV', year: 2026 });
    taxA = makeTaxCode(7001);
    taxB = makeTaxCode(8002);
    taxOther = makeTaxCode(9003);
    // A: a thanh tra and a kiểm tra overlapping in April → window overlap.
    overlapA = await addInspection(t.http, inspectorate.id, {
      taxCode: taxA,
      enterpriseName: 'Công ty TNHH Nước Sạch Sông Hương',
      type: 'thanh-tra',
      field: 'tax',
      window: { from: '2026-04-01', to: '2026-04-30' },
    });
    await addInspection(t.http, science.id, {
      taxCode: taxA,
      window: { from: '2026-04-15', to: '2026-05-15' },
    });
    // B: two kiểm tra in one year → frequency.
    await addInspection(t.http, science.id, {
      taxCode: taxB,
      enterpriseName: 'Công ty Cổ phần Gạch Men Đồng Tâm Miền Trung',
      window: { from: '2026-02-01', to: '2026-02-28' },
    });
    await addInspection(t.http, labour.id, {
      taxCode: taxB,
      field: 'labour',
      window: { from: '2026-08-01', to: '2026-08-31' },
    });
    // Another enterprise, involving only SNV and THUE: outside a scope limited to SKHCN.
    const tax = await createPlan(t.http, { agencyCode: 'THUE', year: 2026 });
    await addInspection(t.http, labour.id, {
      taxCode: taxOther,
      field: 'labour',
      window: { from: '2026-03-01', to: '2026-03-31' },
    });
    await addInspection(t.http, tax.id, {
      taxCode: taxOther,
      field: 'tax',
      window: { from: '2026-10-01', to: '2026-10-31' },
    });
  });
  afterAll(() => t.close());

  const meetingBody = (overrides: Record<string, unknown> = {}) => ({
    title: 'Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026',
    start: '2026-01-15T08:00:00+07:00',
    end: '2026-01-15T11:30:00+07:00',
    place: 'Phòng họp số 2, Thanh tra tỉnh',
    chair: 'Phó Chánh Thanh tra tỉnh Nguyễn Văn An',
    agencyCodes: ['TTT', 'SKHCN', 'SNV'],
    scope: { year: 2026, agencyCodes: ['SKHCN'] },
    ...overrides,
  });

  it('builds the agenda from exactly the open conflicts in scope', async () => {
    const res = await t.http
      .post('/meetings')
      .set('x-actor', ACTOR)
      .send(meetingBody())
      .expect(201);
    const agenda: Item[] = res.body.agenda;
    expect(agenda.map((a) => a.conflict.taxCode).sort()).toEqual([taxA, taxB].sort());
    expect(agenda.map((a) => a.order)).toEqual([1, 2]);
    const all = (await t.http.get('/conflicts?year=2026&status=open&pageSize=100').expect(200)).body
      .items;
    expect(all.length).toBe(3); // the third involves no SKHCN inspection
    expect(res.body).toMatchObject({ status: 'planned', revision: 1, createdBy: 'Nguyễn Văn Ánh' });
  });

  it('names each invalid field', async () => {
    const res = await t.http
      .post('/meetings')
      .send(
        meetingBody({
          end: '2026-01-15T07:00:00+07:00',
          agencyCodes: ['TTT', 'GHOST'],
          scope: { year: 2026, taxCodes: ['0100109107'] },
        }),
      )
      .expect(400);
    const got = res.body.details.map(
      (d: { field: string; code: string }) => `${d.field}:${d.code}`,
    );
    expect(got).toEqual(
      expect.arrayContaining([
        'end:END_NOT_AFTER_START',
        'agencyCodes:AGENCY_NOT_FOUND',
        'scope.taxCodes[0]:TAX_CODE_CHECK_DIGIT',
      ]),
    );
  });

  it('decides agenda items once each, applying the decision, and writes the minutes', async () => {
    const meeting = (await t.http.post('/meetings').send(meetingBody()).expect(201)).body;
    const byTax = (tax: string) =>
      (meeting.agenda as Item[]).find((a) => a.conflict.taxCode === tax)!;
    const overlap = byTax(taxA);
    const frequency = byTax(taxB);

    const merged = await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .set('x-actor', ACTOR)
      .send({
        conflictId: overlap.conflictId,
        resolution: 'merge',
        keepInspectionId: overlapA.id,
        window: { from: '2026-04-13', to: '2026-04-24' },
      })
      .expect(200);
    expect(merged.body.conflict).toMatchObject({
      status: 'resolved',
      resolution: { kind: 'merge', meetingId: meeting.id },
    });
    expect(
      merged.body.meeting.agenda.find((a: Item) => a.conflictId === overlap.conflictId).decision
        .summary,
    ).toContain('Gộp thành một cuộc liên ngành');
    const joint = (await t.http.get(`/inspections/${overlapA.id}`).expect(200)).body;
    expect(joint.participantAgencyCodes).toEqual(['SKHCN']);
    expect(joint.window).toEqual({ from: '2026-04-13', to: '2026-04-24' });

    const again = await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .send({
        conflictId: overlap.conflictId,
        resolution: 'exempt',
        legalBasis: 'x',
        evidence: 'y',
      })
      .expect(409);
    expect(again.body.code).toBe('ALREADY_DECIDED');
    const elsewhere = await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .send({
        conflictId: 'nq198.frequency.kiem-tra:nope',
        resolution: 'exempt',
        legalBasis: 'x',
        evidence: 'y',
      })
      .expect(422);
    expect(elsewhere.body.code).toBe('NOT_ON_AGENDA');

    await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .send({
        conflictId: frequency.conflictId,
        resolution: 'exempt',
        legalBasis: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15',
        evidence: 'Công văn 45/SNV ngày 10/01/2026 về dấu hiệu vi phạm',
      })
      .expect(200);

    const docx = await t.http
      .get(`/meetings/${meeting.id}/minutes.docx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.headers['content-disposition']).toMatch(
      /attachment; filename="bien-ban-hop-phoi-hop-2026-01-1\d\.docx"/,
    );
    const xml = await (
      await JSZip.loadAsync(docx.body as Buffer)
    )
      .file('word/document.xml')!
      .async('string');
    expect(xml).toContain('BIÊN BẢN HỌP PHỐI HỢP');
    expect(xml).toContain('Công ty TNHH Nước Sạch Sông Hương');
    expect(xml).toContain('Khoản 2 Điều 4 Nghị quyết 198/2025/QH15');
    expect(xml).toContain('Phó Chánh Thanh tra tỉnh Nguyễn Văn An');
    expect(xml).toContain('08 giờ 00, ngày 15/01/2026');
  });

  it('moves through its statuses and refuses decisions once closed', async () => {
    const meeting = (
      await t.http
        .post('/meetings')
        .send(meetingBody({ scope: { year: 2026 } }))
        .expect(201)
    ).body;
    const bad = await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({ revision: 1, status: 'closed' })
      .expect(422);
    expect(bad.body.code).toBe('INVALID_MEETING_TRANSITION');
    await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({ revision: 1, status: 'held', notes: 'Các đơn vị thống nhất' })
      .expect(200);
    expect(
      (
        await t.http
          .patch(`/meetings/${meeting.id}`)
          .send({ revision: 1, status: 'closed' })
          .expect(409)
      ).body.code,
    ).toBe('STALE_REVISION');
    await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({ revision: 2, status: 'closed' })
      .expect(200);
    const open = (meeting.agenda as Item[]).find((a) => !a.decision)!;
    const refused = await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .send({ conflictId: open.conflictId, resolution: 'exempt', legalBasis: 'x', evidence: 'y' })
      .expect(422);
    expect(refused.body.code).toBe('MEETING_NOT_OPEN');
    await t.http.get('/meetings/nope').expect(404);
    const list = await t.http.get('/meetings?year=2026&status=closed').expect(200);
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([meeting.id]);
  });

  it('publishes meetings as timed events with a time zone', async () => {
    const feed = (await t.http.post('/feeds').send({ scope: 'meetings' }).expect(201)).body;
    t.clock.set('2026-01-10T03:00:00Z');
    const body = (await t.http.get(new URL(feed.url).pathname).expect(200)).text;
    expect(lintIcs(body)).toEqual([]);
    const root = new ICAL.Component(ICAL.parse(body));
    const events = root.getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThanOrEqual(3);
    const start = events[0].getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Asia/Ho_Chi_Minh');
    expect(
      root.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
    ).toEqual(['Asia/Ho_Chi_Minh']);
    const utc = (start.getFirstValue() as ICAL.Time).toString();
    expect(utc).toBe('2026-01-15T08:00:00');
  });

  it('reports the burden before and after coordination', async () => {
    const res = await t.http.get('/reports/2026').expect(200);
    // A: 2 registered, merged into 1; B: 2 (exempted, still both); other: 2 (open).
    expect(res.body.enterprises).toEqual({
      inspected: { beforeCoordination: 3, afterCoordination: 3 },
      inspectedMoreThanOnce: { beforeCoordination: 3, afterCoordination: 2 },
    });
    expect(res.body.inspections).toMatchObject({
      registered: 6,
      active: 5,
      merged: 1,
      cancelled: 0,
    });
    expect(res.body.conflicts.byStatus).toMatchObject({ resolved: 1, exempted: 1, open: 1 });
    expect(res.body.conflicts.shareResolved).toBeCloseTo(2 / 3);
    const skhcn = res.body.byAgency.find((a: { agencyCode: string }) => a.agencyCode === 'SKHCN');
    expect(skhcn).toMatchObject({ registered: 3, active: 2 });
    expect(res.body.labels['enterprises.inspectedMoreThanOnce'].vi).toContain('quá 1 lần');
    await t.http.get('/reports/1900').expect(400);
  });
});
