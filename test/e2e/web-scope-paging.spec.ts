// Pages of a province's size: read as the API reads for an agency's officer (the enterprise
// timeline, the meeting room), shown a page at a time (the meeting's agenda, a long upload's
// rows), kept per data version (the officer's deadlines), and explained in words, not ids.
import { createTestApp, TestApp } from '../support/app';
import {
  addInspection,
  AGENCIES,
  createPlan,
  makeTaxCode,
  seedAgencies,
  TAX,
} from '../support/factories';
import { pageUser, PageUser } from '../support/pages';

const HEADER =
  'STT,Tên doanh nghiệp,Mã số thuế,Nội dung,Lĩnh vực,Thời gian thực hiện,Loại,Đơn vị chủ trì,Đơn vị phối hợp,Số ngày làm việc';
const csv = (rows: string[]) => Buffer.from(`\ufeff${[HEADER, ...rows].join('\r\n')}\r\n`);
/** Thirty enterprises, each planned by two agencies in the same month: thirty conflicts a rule. */
const TAXES = Array.from({ length: 30 }, (_, i) => makeTaxCode(700_000 + i * 13));
const rowsOf = (month: number) =>
  TAXES.map(
    (tax, i) =>
      `${i + 1},Công ty ${tax},${tax},Kiểm tra đo lường,Đo lường,Tháng ${month}/2026,Kiểm tra,,,`,
  );
const UUID_IN_BRACKETS = /\[[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\]/;

describe('pages at a province’s size', () => {
  let t: TestApp;
  let officer: PageUser;
  let coordinator: PageUser;

  beforeAll(async () => {
    t = await createTestApp('web_scope_paging');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    for (const agencyCode of ['SNV', 'TTT'])
      await t.http
        .post('/plans/import')
        .field('agencyCode', agencyCode)
        .field('year', '2026')
        .attach('file', csv(rowsOf(9)), `${agencyCode}.csv`)
        .expect(201);
    officer = await pageUser(t, 'officer', ['SKHCN']);
    coordinator = await pageUser(t, 'coordinator');
  });
  afterAll(() => t.close());

  const linkedInspections = (html: string) =>
    [...html.matchAll(/href="\/web\/inspections\/([0-9a-f-]{36})"/g)].map((m) => m[1]).sort();

  it("shows an agency's officer the enterprise as the API does: only what involves its agency", async () => {
    const tax = TAXES[0];
    const all = await coordinator.agent.get(`/web/enterprises/${tax}`).expect(200);
    expect(new Set(linkedInspections(all.text)).size).toBe(2); // SNV's and TTT's
    const own = await officer.agent.get(`/web/enterprises/${tax}`).expect(200);
    expect(linkedInspections(own.text)).toEqual([]);
    expect(own.text).toContain('Chưa có cuộc nào được đăng ký');
    // Once its agency plans the enterprise too, it sees the others' overlapping ones as well
    // as the API lists them.
    const plan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    await addInspection(t.http, plan.id, {
      taxCode: tax,
      enterpriseName: `Công ty ${tax}`,
      window: { from: '2026-09-01', to: '2026-09-30' },
    });
    const api = await officer.agent.get(`/enterprises/${tax}`).expect(200);
    const after = await officer.agent.get(`/web/enterprises/${tax}`).expect(200);
    expect([...new Set(linkedInspections(after.text))]).toEqual(
      api.body.inspections.map((i: { id: string }) => i.id).sort(),
    );
    // The others' overlapping inspections, as the open conflicts state them, are on the
    // timeline too (where the overlap is seen), without a link to records it may not open.
    expect(api.body.inspections).toHaveLength(1);
    expect(after.text.match(/<rect /g)).toHaveLength(3);
    expect(after.text.match(/Của cơ quan khác, trùng với cuộc của cơ quan bạn/g)).toHaveLength(2);
    expect(after.text).toContain('Sở Nội vụ · KT');
  });

  it('explains a conflict in words: no record ids, each inspection linked beside it', async () => {
    const board = await coordinator.agent.get('/web/conflicts?year=2026&status=open').expect(200);
    const id = /href="\/web\/conflicts\/([^"?]+)"/.exec(board.text)![1];
    const api = (await t.http.get(`/conflicts/${decodeURIComponent(id)}`).expect(200)).body;
    expect(api.explanation.vi).toMatch(UUID_IN_BRACKETS); // the engine's text names the ids
    const page = await coordinator.agent.get(`/web/conflicts/${id}`).expect(200);
    expect(page.text).not.toMatch(UUID_IN_BRACKETS);
    expect(page.text).toContain(api.explanation.vi.replace(/ ?\[[0-9a-f-]{36}\]/g, ''));
    for (const inspectionId of api.inspectionIds)
      expect(page.text).toContain(`href="/web/inspections/${inspectionId}"`);
  });

  it('shows a meeting’s agenda 25 items a page, with its progress, and the page of the item decided', async () => {
    const created = await t.http
      .post('/meetings')
      .send({
        title: 'Họp phối hợp quý III',
        start: '2026-08-20T08:00:00+07:00',
        end: '2026-08-20T11:00:00+07:00',
        place: 'Phòng họp Thanh tra tỉnh',
        chair: 'Phó Chánh Thanh tra tỉnh',
        agencyCodes: ['TTT', 'SNV', 'SKHCN'],
        scope: { year: 2026 },
      })
      .expect(201);
    const meeting = created.body as { id: string; agenda: { conflictId: string }[] };
    const total = meeting.agenda.length;
    expect(total).toBeGreaterThan(50);
    const items = (html: string) =>
      [...html.matchAll(/<li id="item-([^"]+)">/g)].map((m) => decodeURIComponent(m[1]));
    const first = await coordinator.agent.get(`/web/meetings/${meeting.id}`).expect(200);
    expect(items(first.text)).toEqual(meeting.agenda.slice(0, 25).map((a) => a.conflictId));
    expect(first.text).toContain(`Đã xong 0 / ${total} nội dung (0%)`);
    expect(first.text).toContain(`<progress max="${total}" value="0"`);
    expect(first.text).toContain('Áp dụng gợi ý 1'); // suggestions of the page's items
    const second = await coordinator.agent.get(`/web/meetings/${meeting.id}?page=2`).expect(200);
    expect(items(second.text)).toEqual(meeting.agenda.slice(25, 50).map((a) => a.conflictId));
    expect(second.text).toContain('<ol class="conflict-list" start="26"');

    // An item of page 3 decided (exempted): back on page 3, the progress counted.
    const item = meeting.agenda[55].conflictId;
    const decided = await coordinator.agent
      .post(`/web/meetings/${meeting.id}/decisions`)
      .type('form')
      .send({
        _csrf: await coordinator.csrf(),
        conflictId: item,
        resolution: 'exempt',
        legalBasis: 'Điều 4 Nghị quyết 198/2025/QH15',
        evidence: 'Văn bản số 12/TTT',
      })
      .expect(303);
    const back = await coordinator.agent.get(decided.headers.location).expect(200);
    expect(items(back.text)).toContain(item);
    expect(items(back.text)[0]).toBe(meeting.agenda[50].conflictId);
    expect(back.text).toContain(`Đã xong 1 / ${total} nội dung`);

    // An agency's officer reads the room as GET /meetings/:id answers it: its agency's items.
    const api = await officer.agent.get(`/meetings/${meeting.id}`).expect(200);
    const room = await officer.agent.get(`/web/meetings/${meeting.id}`).expect(200);
    expect(items(room.text)).toEqual(
      api.body.agenda.slice(0, 25).map((a: { conflictId: string }) => a.conflictId),
    );
    expect(room.text).not.toContain('Áp dụng gợi ý');
  });

  it('shows a long upload 50 rows a page, and only the rows to check when asked', async () => {
    // Sixty rows of next year: the second one with a guessed window (no end written).
    const rows = Array.from({ length: 60 }, (_, i) => {
      const tax = makeTaxCode(900_000 + i * 7);
      const when = i === 55 ? 'Từ 01/6/2027' : `Tháng ${1 + (i % 12)}/2027`;
      return `${i + 1},Công ty ${tax},${tax},Kiểm tra đo lường,Đo lường,${when},Kiểm tra,,,`;
    });
    const read = await officer.agent
      .post('/web/plans/import')
      .field('_csrf', await officer.csrf())
      .field('agencyCode', 'SKHCN')
      .field('year', '2027')
      .attach('file', csv(rows), 'ke-hoach-2027.csv')
      .expect(303);
    const shownRows = (html: string) =>
      [...html.matchAll(/<tr id="row-(\d+)"/g)].map((m) => Number(m[1]));
    const first = await officer.agent.get(read.headers.location).expect(200);
    expect(shownRows(first.text)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(first.text).toContain('Nhập 60 dòng vào kế hoạch'); // the commit takes every page
    const second = await officer.agent.get(`${read.headers.location}?page=2`).expect(200);
    expect(shownRows(second.text)).toEqual(Array.from({ length: 10 }, (_, i) => i + 52));
    const toCheck = await officer.agent.get(`${read.headers.location}?show=attention`).expect(200);
    expect(shownRows(toCheck.text)).toEqual([57]);
    expect(toCheck.text).toContain('Cần xem lại (1)');
  });

  it("shows a plan's inspections 100 a page, in the API's order, with the count of them all", async () => {
    // 130 rows, some enterprise twice (two months): the order's ties are broken as the API's.
    const rows = Array.from({ length: 130 }, (_, i) => {
      const tax = makeTaxCode(800_000 + (i % 97) * 11);
      return `${i + 1},Công ty ${tax},${tax},Kiểm tra đo lường,Đo lường,Tháng ${1 + (i % 12)}/2027,Kiểm tra,,,`;
    });
    const imported = await t.http
      .post('/plans/import')
      .field('agencyCode', 'TTT')
      .field('year', '2027')
      .attach('file', csv(rows), 'TTT-2027.csv')
      .expect(201);
    const planId = imported.body.planId as string;
    const api = (await t.http.get(`/plans/${planId}`).expect(200)).body;
    const ids = api.inspections.map((i: { id: string }) => i.id) as string[];
    expect(ids).toHaveLength(130);
    const listed = (html: string) =>
      [...html.matchAll(/href="\/web\/inspections\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const first = await coordinator.agent.get(`/web/plans/${planId}`).expect(200);
    expect(listed(first.text)).toEqual(ids.slice(0, 100));
    expect(first.text).toContain('<dt>Số cuộc</dt><dd>130</dd>');
    const second = await coordinator.agent.get(`/web/plans/${planId}?page=2`).expect(200);
    expect(listed(second.text)).toEqual(ids.slice(100));
    expect(second.text).toContain('<dt>Số cuộc</dt><dd>130</dd>');
  });

  it("keeps the officer's deadlines until an inspection changes", async () => {
    const plan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    const planned = await addInspection(t.http, plan.id, {
      taxCode: TAX.saigonCoop,
      enterpriseName: 'Liên hiệp HTX Thương mại TP.HCM',
      window: { from: '2026-05-01', to: '2026-05-31' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '03/QĐ-SKHCN', date: '2026-01-05' } })
      .expect(200);
    const link = `href="/web/inspections/${planned.id}"`;
    expect((await officer.agent.get('/web').expect(200)).text).toContain(link);
    expect((await officer.agent.get('/web').expect(200)).text).toContain(link); // kept
    const current = (await t.http.get(`/inspections/${planned.id}`).expect(200)).body;
    await t.http
      .patch(`/inspections/${planned.id}`)
      .send({
        revision: current.revision,
        state: 'cancelled',
        stateReason: 'Doanh nghiệp giải thể',
      })
      .expect(200);
    // Cancelled, it has no deadline left: the home page reads them again.
    const home = await officer.agent.get('/web').expect(200);
    expect(home.text).toContain('Thời hạn cần làm');
    expect(home.text).not.toContain(link);
  });
});
