import JSZip from 'jszip';
import ICAL from 'ical.js';
import type { Response } from 'supertest';
import { lintIcs } from '../../src/feeds/calendar';
import { createTestApp, TestApp } from '../support/app';
import { ACTOR, addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

type Item = {
  conflictId: string;
  order: number;
  outcome: 'decided' | 'settled-elsewhere' | 'undecided';
  decision?: { resolution: string; summary: string; legalBasis?: string; decidedBy: string };
  conflict: {
    ruleId: string;
    taxCode: string;
    status: string;
    enterpriseName?: string;
    rule: { vi: string; en: string };
    explanation: { vi: string; en: string };
  };
};

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The text of a .docx body, tags stripped and entities decoded. */
async function docxText(res: Response): Promise<string> {
  const zip = await JSZip.loadAsync(res.body as Buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('coordination meetings over HTTP: from agenda to minutes', () => {
  let t: TestApp;
  let taxA: string;
  let taxB: string;
  let taxOther: string;
  let overlapA: { id: string };
  let overlapPartner: { id: string };
  let labourPlan: string;
  let sciencePlan: string;
  let otherConflictId: string;
  /** A meeting for the whole year, made before anything was decided. */
  let wholeYear: { id: string; agenda: Item[] };

  beforeAll(async () => {
    t = await createTestApp('meetings');
    await seedAgencies(t.http);
    const science = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    const inspectorate = await createPlan(t.http, { agencyCode: 'TTT', year: 2026 });
    const labour = await createPlan(t.http, { agencyCode: 'SNV', year: 2026 });
    const tax = await createPlan(t.http, { agencyCode: 'THUE', year: 2026 });
    sciencePlan = science.id;
    labourPlan = labour.id;
    taxA = makeTaxCode(7001);
    taxB = makeTaxCode(8002);
    taxOther = makeTaxCode(9003);
    // A: a thanh tra (TTT) and a kiểm tra (SKHCN) overlapping in April → window overlap.
    overlapA = await addInspection(t.http, inspectorate.id, {
      taxCode: taxA,
      enterpriseName: 'Công ty TNHH Nước Sạch Sông Hương',
      type: 'thanh-tra',
      field: 'tax',
      window: { from: '2026-04-01', to: '2026-04-30' },
    });
    overlapPartner = await addInspection(t.http, science.id, {
      taxCode: taxA,
      window: { from: '2026-04-15', to: '2026-05-15' },
    });
    // B: two kiểm tra (SKHCN, SNV) in one year → frequency.
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
    // Other: SNV and THUE only, outside a scope limited to SKHCN.
    await addInspection(t.http, labour.id, {
      taxCode: taxOther,
      field: 'labour',
      window: { from: '2026-03-01', to: '2026-03-31' },
    });
    const second = await addInspection(t.http, tax.id, {
      taxCode: taxOther,
      field: 'tax',
      window: { from: '2026-10-01', to: '2026-10-31' },
    });
    otherConflictId = second.conflicts[0].id;
    wholeYear = (
      await t.http
        .post('/meetings')
        .send({ ...meetingBody(), scope: { year: 2026 } })
        .expect(201)
    ).body;
  });
  afterAll(() => t.close());

  const meetingBody = (overrides: Record<string, unknown> = {}) => ({
    title: 'Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026',
    // 06:30 in Hà Nội is still the previous day in UTC: file names must use the local day.
    start: '2026-01-15T06:30:00+07:00',
    end: '2026-01-15T11:30:00+07:00',
    place: 'Phòng họp số 2, Thanh tra tỉnh',
    chair: 'Phó Chánh Thanh tra tỉnh Nguyễn Văn An',
    agencyCodes: ['TTT', 'SKHCN', 'SNV'],
    scope: { year: 2026, agencyCodes: ['SKHCN'] },
    ...overrides,
  });
  const createMeeting = async (overrides: Record<string, unknown> = {}) =>
    (await t.http.post('/meetings').send(meetingBody(overrides)).expect(201)).body;
  const download = (id: string) =>
    t.http
      .get(`/meetings/${id}/minutes.docx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  describe('the agenda', () => {
    it('is exactly the open conflicts in scope, by enterprise then rule, expanded', async () => {
      const res = await t.http.post('/meetings').send(meetingBody()).expect(201);
      const agenda: Item[] = res.body.agenda;
      const all = (await t.http.get('/conflicts?year=2026&status=open&pageSize=100').expect(200))
        .body.items as {
        id: string;
        taxCode: string;
        agencyCodes: string[];
        explanation: { vi: string; en: string };
      }[];
      const inScope = all
        .filter((c) => c.agencyCodes.includes('SKHCN'))
        .sort((a, b) => (a.taxCode < b.taxCode ? -1 : 1));
      expect(all).toHaveLength(3); // the third involves no SKHCN inspection
      expect(agenda.map((a) => a.conflictId)).toEqual(inScope.map((c) => c.id));
      expect(agenda.map((a) => a.conflict.taxCode)).toEqual([taxA, taxB].sort());
      expect(agenda.map((a) => a.order)).toEqual([1, 2]);
      for (const item of agenda) {
        expect(item.outcome).toBe('undecided');
        expect(item.conflict.status).toBe('open');
        expect(item.conflict.explanation.vi).toMatch(/Doanh nghiệp|doanh nghiệp/);
        // The snapshot carries the conflict's own words, both languages.
        expect(item.conflict.explanation).toEqual(
          all.find((c) => c.id === item.conflictId)!.explanation,
        );
        expect(item.conflict.rule.vi).toContain('Nghị quyết 198/2025/QH15');
      }
      expect(res.body).toMatchObject({
        status: 'planned',
        revision: 1,
        createdBy: ACTOR,
        scope: { year: 2026, agencyCodes: ['SKHCN'] },
      });
      const again = (await t.http.get(`/meetings/${res.body.id}`).expect(200)).body;
      expect(again.agenda).toEqual(agenda);
    });

    it('narrows to enterprises (branches count as their parent) and to a year', async () => {
      const byTax = await createMeeting({ scope: { year: 2026, taxCodes: [`${taxB}-001`] } });
      expect(byTax.scope.taxCodes).toEqual([taxB]);
      expect(byTax.agenda.map((a: Item) => a.conflict.taxCode)).toEqual([taxB]);
      const otherYear = await createMeeting({ scope: { year: 2025 } });
      expect(otherYear.agenda).toEqual([]);
      expect(wholeYear.agenda.map((a) => a.conflict.taxCode)).toEqual(
        [taxA, taxB, taxOther].sort(),
      );
    });

    it('is refreshed with conflicts opened since, only while planned', async () => {
      const taxNew = makeTaxCode(6006);
      const meeting = await createMeeting({ scope: { year: 2026, taxCodes: [taxNew] } });
      expect(meeting.agenda).toEqual([]);
      await addInspection(t.http, sciencePlan, {
        taxCode: taxNew,
        window: { from: '2026-09-01', to: '2026-09-30' },
      });
      const second = await addInspection(t.http, labourPlan, {
        taxCode: taxNew,
        field: 'labour',
        window: { from: '2026-11-01', to: '2026-11-30' },
      });
      const refreshed = (await t.http.post(`/meetings/${meeting.id}/agenda/refresh`).expect(200))
        .body;
      expect(refreshed.agenda.map((a: Item) => a.conflictId)).toEqual(
        second.conflicts.map((c: { id: string }) => c.id),
      );
      expect(refreshed.revision).toBe(2);
      const unchanged = (await t.http.post(`/meetings/${meeting.id}/agenda/refresh`).expect(200))
        .body;
      expect(unchanged.revision).toBe(2);
      await t.http
        .patch(`/meetings/${meeting.id}`)
        .send({ revision: 2, status: 'held' })
        .expect(200);
      const late = await t.http.post(`/meetings/${meeting.id}/agenda/refresh`).expect(422);
      expect(late.body.code).toBe('MEETING_NOT_PLANNED');
    });
  });

  it('names each invalid field', async () => {
    const res = await t.http
      .post('/meetings')
      .send(
        meetingBody({
          end: '2026-01-15T05:00:00+07:00',
          agencyCodes: ['TTT', 'GHOST'],
          scope: { year: 2026, agencyCodes: ['NOWHERE'], taxCodes: ['0100109107'] },
        }),
      )
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const got = res.body.details.map(
      (d: { field: string; code: string }) => `${d.field}:${d.code}`,
    );
    expect(got).toEqual([
      'end:END_NOT_AFTER_START',
      'agencyCodes[1]:AGENCY_NOT_FOUND',
      'scope.agencyCodes[0]:AGENCY_NOT_FOUND',
      'scope.taxCodes[0]:TAX_CODE_CHECK_DIGIT',
    ]);

    const shape = await t.http
      .post('/meetings')
      .send(meetingBody({ title: '', start: '2026-01-15T08:00:00', agencyCodes: [] }))
      .expect(400);
    const fields = shape.body.details.map((d: { field: string }) => d.field);
    // A time without its offset would be read in the server's zone: refused, not guessed.
    expect(fields).toEqual(expect.arrayContaining(['title', 'start', 'agencyCodes']));
    expect(shape.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
  });

  it('decides agenda items once each through the meeting and writes the minutes', async () => {
    const meeting = await createMeeting({
      scope: { year: 2026, agencyCodes: ['SKHCN'], taxCodes: [taxA, taxB] },
    });
    expect(meeting.agenda).toHaveLength(2);
    const byTax = (tax: string) =>
      (meeting.agenda as Item[]).find((a) => a.conflict.taxCode === tax)!;
    const overlap = byTax(taxA);
    const frequency = byTax(taxB);

    const merged = await t.http
      .post(`/meetings/${meeting.id}/decisions`)
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
    expect(merged.body.changedInspections.map((i: { id: string }) => i.id).sort()).toEqual(
      [overlapA.id, overlapPartner.id].sort(),
    );
    const item = merged.body.meeting.agenda.find((a: Item) => a.conflictId === overlap.conflictId);
    expect(item).toMatchObject({
      outcome: 'decided',
      decision: { resolution: 'merge', decidedBy: ACTOR },
      conflict: { status: 'resolved' },
    });
    expect(item.decision.summary).toBe(
      'Gộp thành một cuộc liên ngành: giữ cuộc thanh tra của TTT (01/04/2026–30/04/2026), ' +
        'gộp cuộc kiểm tra của SKHCN (15/04/2026–15/05/2026) vào; thời gian 13/04/2026–24/04/2026',
    );
    expect(merged.body.meeting.revision).toBe(2);
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
    // A real open conflict, but of another scope.
    const elsewhere = await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .send({ conflictId: otherConflictId, resolution: 'exempt', legalBasis: 'x', evidence: 'y' })
      .expect(422);
    expect(elsewhere.body).toMatchObject({
      code: 'NOT_ON_AGENDA',
      details: [{ field: 'conflictId', code: 'NOT_ON_AGENDA' }],
    });
    const noBasis = await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .send({ conflictId: frequency.conflictId, resolution: 'exempt' })
      .expect(400);
    expect(noBasis.body.details.map((d: { field: string }) => d.field)).toEqual([
      'legalBasis',
      'evidence',
    ]);

    await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .send({
        conflictId: frequency.conflictId,
        resolution: 'exempt',
        legalBasis: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15',
        evidence: 'Công văn 45/SNV ngày 10/01/2026 về dấu hiệu vi phạm',
      })
      .expect(200);
    const conflict = (await t.http.get(`/conflicts/${frequency.conflictId}`).expect(200)).body;
    expect(conflict).toMatchObject({ status: 'exempted', resolution: { meetingId: meeting.id } });

    await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({
        revision: 3,
        status: 'held',
        attendees: ['Ông Trần Văn Bình, Sở Khoa học và Công nghệ', 'Bà Lê Thị Hoa, Sở Nội vụ'],
        notes: 'Các đơn vị thống nhất gộp đoàn kiểm tra.',
      })
      .expect(200);
    const docx = await download(meeting.id).expect(200);
    expect(docx.headers['content-type']).toBe(DOCX);
    expect(docx.headers['content-disposition']).toBe(
      'attachment; filename="bien-ban-hop-phoi-hop-2026-01-15.docx"',
    );
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const text = await docxText(docx);
    expect(text).toContain('BIÊN BẢN HỌP PHỐI HỢP');
    expect(text).toContain('Công ty TNHH Nước Sạch Sông Hương');
    expect(text).toContain(`MST ${taxA}`);
    expect(text).toContain(overlap.conflict.explanation.vi.replace(/\n/g, ''));
    expect(text).toContain(frequency.conflict.explanation.vi.replace(/\n/g, ''));
    expect(text).toContain(overlap.conflict.rule.vi);
    expect(text).toContain(item.decision.summary);
    expect(text).toContain('Căn cứ pháp lý: Khoản 2 Điều 4 Nghị quyết 198/2025/QH15');
    expect(text).toContain('Phó Chánh Thanh tra tỉnh Nguyễn Văn An');
    expect(text).toContain('06 giờ 30, ngày 15/01/2026');
    expect(text).toContain('Sở Khoa học và Công nghệ');
    expect(text).toContain('Bà Lê Thị Hoa, Sở Nội vụ');
    expect(text).toContain('Các đơn vị thống nhất gộp đoàn kiểm tra.');
    expect(text).toContain('Tất cả nội dung đã có kết luận.');
  });

  it('keeps its snapshot: items settled elsewhere are shown as such and no longer decided', async () => {
    const view = (await t.http.get(`/meetings/${wholeYear.id}`).expect(200)).body;
    const outcome = Object.fromEntries(
      (view.agenda as Item[]).map((a) => [a.conflict.taxCode, a.outcome]),
    );
    expect(outcome).toEqual({
      [taxA]: 'settled-elsewhere',
      [taxB]: 'settled-elsewhere',
      [taxOther]: 'undecided',
    });
    const settled = (view.agenda as Item[]).find((a) => a.conflict.taxCode === taxA)!;
    const refused = await t.http
      .post(`/meetings/${wholeYear.id}/decisions`)
      .send({
        conflictId: settled.conflictId,
        resolution: 'exempt',
        legalBasis: 'x',
        evidence: 'y',
      })
      .expect(422);
    expect(refused.body.code).toBe('CONFLICT_NOT_OPEN');
    const text = await docxText(await download(wholeYear.id).expect(200));
    expect(text).toContain('II. Nội dung chưa có kết luận');
    expect(text).toContain('đã xử lý ngoài cuộc họp');
    expect(text).toContain('đã miễn trừ ngoài cuộc họp');
    expect(text).toMatch(/\d\. [^:]*MST \d{10}: Chưa có kết luận/);
  });

  it('moves through its statuses with the revision read; closed and cancelled are final', async () => {
    const meeting = await createMeeting({ scope: { year: 2026 } });
    const bad = await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({ revision: 1, status: 'closed' })
      .expect(422);
    expect(bad.body).toMatchObject({
      code: 'INVALID_MEETING_TRANSITION',
      details: [{ field: 'status' }],
    });
    const badTime = await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({ revision: 1, end: '2026-01-15T06:00:00+07:00' })
      .expect(400);
    expect(badTime.body.details[0]).toMatchObject({ field: 'end', code: 'END_NOT_AFTER_START' });
    const same = (
      await t.http
        .patch(`/meetings/${meeting.id}`)
        .send({ revision: 1, place: meeting.place })
        .expect(200)
    ).body;
    expect(same.revision).toBe(1); // nothing changed, no new revision
    const moved = (
      await t.http
        .patch(`/meetings/${meeting.id}`)
        .send({
          revision: 1,
          start: '2026-01-16T08:00:00+07:00',
          end: '2026-01-16T11:00:00+07:00',
          place: 'Hội trường UBND tỉnh',
        })
        .expect(200)
    ).body;
    expect(moved).toMatchObject({
      revision: 2,
      place: 'Hội trường UBND tỉnh',
      start: '2026-01-16T01:00:00.000Z',
    });
    await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({ revision: 2, status: 'held', notes: 'Các đơn vị thống nhất' })
      .expect(200);
    const stale = await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({ revision: 2, status: 'closed' })
      .expect(409);
    expect(stale.body.code).toBe('STALE_REVISION');
    const closed = (
      await t.http
        .patch(`/meetings/${meeting.id}`)
        .send({ revision: 3, status: 'closed' })
        .expect(200)
    ).body;
    expect(closed).toMatchObject({ status: 'closed', revision: 4 });
    const final = await t.http
      .patch(`/meetings/${meeting.id}`)
      .send({ revision: 4, notes: 'sửa sau khi kết thúc' })
      .expect(422);
    expect(final.body.code).toBe('MEETING_NOT_OPEN');
    const open = (closed.agenda as Item[]).find((a) => a.outcome === 'undecided')!;
    const refused = await t.http
      .post(`/meetings/${meeting.id}/decisions`)
      .send({ conflictId: open.conflictId, resolution: 'exempt', legalBasis: 'x', evidence: 'y' })
      .expect(422);
    expect(refused.body.code).toBe('MEETING_NOT_OPEN');

    const cancelled = await createMeeting({ title: 'Cuộc họp bị hủy' });
    await t.http
      .patch(`/meetings/${cancelled.id}`)
      .send({ revision: 1, status: 'cancelled' })
      .expect(200);
    const revived = await t.http
      .patch(`/meetings/${cancelled.id}`)
      .send({ revision: 2, status: 'held' })
      .expect(422);
    expect(revived.body.code).toBe('MEETING_NOT_OPEN');

    const list = await t.http.get('/meetings?year=2026&status=closed').expect(200);
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([meeting.id]);
    expect(list.body.items[0].agendaSummary).toEqual({
      items: meeting.agenda.length,
      decided: 0,
    });
    const page = await t.http.get('/meetings?year=2026&pageSize=2&page=1').expect(200);
    const whole = await t.http.get('/meetings?year=2026&pageSize=100').expect(200);
    // A page holds two; its total counts every meeting of the year.
    expect(page.body.items.map((m: { id: string }) => m.id)).toEqual(
      whole.body.items.slice(0, 2).map((m: { id: string }) => m.id),
    );
    expect(whole.body.items.length).toBe(7); // the 2026 meetings this file has made so far
    expect(page.body.total).toBe(whole.body.items.length);
    await t.http.get('/meetings?status=someday').expect(400);
  });

  it('answers 404 for a meeting that does not exist', async () => {
    const nope = '/meetings/00000000-0000-4000-8000-000000000000';
    const res = await t.http.get(nope).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'MEETING_NOT_FOUND' });
    await t.http.patch(nope).send({ revision: 1, notes: 'x' }).expect(404);
    await t.http.post(`${nope}/agenda/refresh`).expect(404);
    await t.http
      .post(`${nope}/decisions`)
      .send({ conflictId: otherConflictId, resolution: 'exempt', legalBasis: 'x', evidence: 'y' })
      .expect(404);
    await t.http.get(`${nope}/minutes.docx`).expect(404);
  });

  it('publishes meetings as timed events with a time zone', async () => {
    const feed = (await t.http.post('/feeds').send({ scope: 'meetings' }).expect(201)).body;
    t.clock.set('2026-01-10T03:00:00Z');
    const body = (await t.http.get(new URL(feed.url).pathname).expect(200)).text;
    expect(lintIcs(body)).toEqual([]);
    const root = new ICAL.Component(ICAL.parse(body));
    const events = root.getAllSubcomponents('vevent');
    const listed = (await t.http.get('/meetings?pageSize=100').expect(200)).body.items as {
      id: string;
    }[];
    expect(events.map((e) => String(e.getFirstPropertyValue('uid')).split('.')[0]).sort()).toEqual(
      listed.map((m) => `meeting-${m.id}`).sort(),
    );
    for (const event of events) {
      expect(event.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Ho_Chi_Minh');
    }
    expect(
      root.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
    ).toEqual(['Asia/Ho_Chi_Minh']);
    const starts = events.map((e) =>
      (e.getFirstProperty('dtstart')!.getFirstValue() as ICAL.Time).toString(),
    );
    expect(starts).toContain('2026-01-15T06:30:00');
  });
});
