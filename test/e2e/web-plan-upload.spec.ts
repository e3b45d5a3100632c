// The upload page on the plan-file preview, through real HTTP: every row as read with its
// guesses marked in Vietnamese, a row corrected in place through the preview service (errors
// beside the field, what was typed kept, a mapping remembered), the conflicts it would open,
// the commit of exactly that, and the Vietnamese answers once the preview is closed.
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, seedAgencies, TAX } from '../support/factories';
import { pageUser, PageUser } from '../support/pages';

const HEADER =
  'STT,Tên doanh nghiệp,Mã số thuế,Nội dung,Lĩnh vực,Thời gian thực hiện,Loại,Đơn vị chủ trì,Đơn vị phối hợp';
const csv = (...rows: string[]) => Buffer.from(`\ufeff${[HEADER, ...rows].join('\r\n')}\r\n`);
// "Từ 01/6/2026" has no end: read as a guess (to the year's end).
const VNPT_FROM_JUNE = `1,Tập đoàn Bưu chính Viễn thông Việt Nam,${TAX.vnpt},Kiểm tra đo lường,Đo lường,Từ 01/6/2026,Kiểm tra,,`;
const BAD_TAX = `2,Công ty Sai Mã,${TAX.invalid},Kiểm tra đo lường,Đo lường,Tháng 9/2026,Kiểm tra,,`;

describe('upload page: preview, correct, commit', () => {
  let t: TestApp;
  let officer: PageUser;
  let stranger: PageUser;

  beforeAll(async () => {
    t = await createTestApp('web_plan_upload');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    const snv = await createPlan(t.http, { agencyCode: AGENCIES.labour.code, year: 2026 });
    await addInspection(t.http, snv.id, { window: { from: '2026-06-01', to: '2026-06-30' } });
    officer = await pageUser(t, 'officer', [AGENCIES.science.code]);
    stranger = await pageUser(t, 'officer', [AGENCIES.labour.code]);
  });
  afterAll(() => t.close());

  const inspectionsOf = async (agencyCode: string) =>
    (await t.http.get(`/inspections?agencyCode=${agencyCode}`).expect(200)).body.total as number;

  async function upload(file: Buffer): Promise<string> {
    const res = await officer.agent
      .post('/web/plans/import')
      .field('_csrf', await officer.csrf())
      .field('agencyCode', 'SKHCN')
      .field('year', '2026')
      .attach('file', file, 'ke-hoach.csv')
      .expect(303);
    expect(res.headers.location).toMatch(/^\/web\/plans\/import\/preview\/[0-9a-f-]{36}$/);
    return res.headers.location;
  }

  it('shows every row as read, each guess with what was read, taken as and why', async () => {
    const at = await upload(csv(VNPT_FROM_JUNE, BAD_TAX));
    const page = await officer.agent.get(at).expect(200);
    expect(page.text).toContain('2 dòng: 0 chắc chắn, 1 có phỏng đoán, 1 có lỗi');
    // The guess: the cell as written, its meaning in Vietnamese words, and the reason.
    expect(page.text).toMatch(
      /<strong>Thời gian thực hiện<\/strong>: trong tệp ghi «Từ 01\/6\/2026» → hiểu là <strong>từ 01\/06\/2026 đến 31\/12\/2026<\/strong>\. <span class="meta">Vì: [^<]+<\/span>/,
    );
    expect(page.text).toMatch(/id="row-2" class="row-guess"/);
    expect(page.text).toContain('Kiểm tra, trực tiếp');
    expect(page.text).not.toContain('[object');
    expect(page.text).toMatch(/id="row-3" class="row-error"/);
    // The conflict the guessed window would open with the other agency's June inspection.
    expect(page.text).toMatch(/Quá số lần kiểm tra trong năm[\s\S]*Dòng 2 · MST/);
    // With a row in error nothing can be committed yet.
    expect(page.text).not.toContain('/commit"');
    expect(await inspectionsOf('SKHCN')).toBe(0);
  });

  it('corrects a row in place: errors beside the field with what was typed, then the fix', async () => {
    const at = await upload(csv(VNPT_FROM_JUNE, BAD_TAX));
    const csrf = await officer.csrf();
    const wrong = await officer.agent
      .post(`${at}/rows/3`)
      .type('form')
      .send({
        _csrf: csrf,
        taxCode: '0100109108',
        windowFrom: '2026-09-01',
        windowTo: '2026-09-30',
      })
      .expect(422);
    expect(wrong.text).toMatch(
      /id="r3-taxCode-error"><span class="visually-hidden">Lỗi: <\/span>[^<]*Mã số thuế/,
    );
    expect(wrong.text).toMatch(/id="r3-taxCode" name="taxCode" type="text" value="0100109108"/);
    expect(wrong.text).toMatch(/<details open>\s*<summary>Sửa dòng 3/);

    const fixed = await officer.agent
      .post(`${at}/rows/3`)
      .type('form')
      .send({ _csrf: csrf, taxCode: TAX.viettelPost, enterpriseName: 'Tổng công ty Bưu điện' })
      .expect(303);
    expect(fixed.headers.location).toBe(`${at}?fixed=3#row-3`);
    // The guess of row 2 confirmed as a June window (the form sends the row as shown).
    await officer.agent
      .post(`${at}/rows/2`)
      .type('form')
      .send({ _csrf: csrf, windowFrom: '2026-06-01', windowTo: '2026-06-30', remember: '1' })
      .expect(303);
    const page = await officer.agent.get(`${at}?fixed=2`).expect(200);
    expect(page.text).toContain('Đã sửa dòng 2');
    expect(page.text).toContain('2 dòng: 2 chắc chắn, 0 có phỏng đoán, 0 có lỗi');
    expect(page.text).toContain('Tổng công ty Bưu điện');
    expect(page.text).toContain('01/06/2026 – 30/06/2026');

    const done = await officer.agent
      .post(`${at}/commit`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(201);
    expect(done.text).toContain('Đã nhập 2 cuộc');
    expect(done.text).toMatch(/href="\/web\/conflicts\/[^"]+">Quá số lần kiểm tra trong năm/);
    const stored = (await t.http.get('/inspections?agencyCode=SKHCN').expect(200)).body.items;
    expect(stored.map((i: { taxCode: string; window: unknown }) => [i.taxCode, i.window])).toEqual(
      expect.arrayContaining([
        [TAX.vnpt, { from: '2026-06-01', to: '2026-06-30' }],
        [TAX.viettelPost, { from: '2026-09-01', to: '2026-09-30' }],
      ]),
    );
    // A second commit of the same preview is refused in Vietnamese, nothing imported twice.
    const again = await officer.agent
      .post(`${at}/commit`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(again.text).toContain('đã được nhập rồi');
    expect(await inspectionsOf('SKHCN')).toBe(2);
  });

  it('remembers a mapping for the agency when asked, for its next files', async () => {
    const written = `1,Công ty Ghi Nhớ,${TAX.saigonCoop},Kiểm tra đo lường,Đo lường,Tháng 10/2026,Kiểm tra,Chi cục Quản lý Xyz,`;
    const at = await upload(csv(written));
    const first = await officer.agent.get(at).expect(200);
    expect(first.text).toMatch(/id="row-2" class="row-error"/);
    await officer.agent
      .post(`${at}/rows/2`)
      .type('form')
      .send({ _csrf: await officer.csrf(), leadAgencyCode: 'TTT', remember: '1' })
      .expect(303);
    const again = await officer.agent.get(await upload(csv(written))).expect(200);
    expect(again.text).toMatch(/id="row-2" class="">/); // certain: neither a guess nor an error
    expect(again.text).toContain('Thanh tra tỉnh</td>');
  });

  it('says in Vietnamese that an expired preview cannot be committed', async () => {
    const at = await upload(
      csv(`1,Công ty Mới,${TAX.saigonCoop},Kiểm tra,Đo lường,Tháng 11/2026,Kiểm tra,,`),
    );
    // Two hours later (set on the record: the session would have expired with the clock).
    const id = at.split('/').pop();
    await t.app
      .get<Connection>(getConnectionToken())
      .collection('plan_import_previews')
      .updateOne(
        { _id: id as never },
        { $set: { expiresAt: new Date(t.clock.now().getTime() - 1000) } },
      );
    const page = await officer.agent.get(at).expect(200);
    expect(page.text).toContain('đã hết hạn');
    expect(page.text).not.toContain('/commit"');
    const refused = await officer.agent
      .post(`${at}/commit`)
      .type('form')
      .send({ _csrf: await officer.csrf() })
      .expect(409);
    expect(refused.text).toContain('<h1>Bản xem trước đã hết hạn</h1>');
    expect(refused.text).toContain('chỉ giữ 2 giờ sau khi tải lên');
    expect(refused.text).toContain('href="/web/plans/import"');
    expect(await inspectionsOf('SKHCN')).toBe(2);
  });

  it("does not show or correct another agency's preview", async () => {
    const at = await upload(csv(VNPT_FROM_JUNE));
    await stranger.agent.get(at).expect(403);
    await stranger.agent
      .post(`${at}/rows/2`)
      .type('form')
      .send({ _csrf: await stranger.csrf(), windowFrom: '2026-01-01', windowTo: '2026-01-31' })
      .expect(403);
    await stranger.agent
      .post(`${at}/commit`)
      .type('form')
      .send({ _csrf: await stranger.csrf() })
      .expect(403);
  });
});
