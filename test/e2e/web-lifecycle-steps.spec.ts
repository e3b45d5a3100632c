// Recording an inspection's steps from its page: the forms the lifecycle's own transitions
// offer next, posted through LifecycleService (as POST /inspections/:id/lifecycle/…), refused
// values shown beside the field with what was typed, and no form for those without the right.
import { createTestApp, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, seedAgencies, TAX } from '../support/factories';
import { pageUser, PageUser } from '../support/pages';

const stepAction = (id: string, step: string) => `action="/web/inspections/${id}/steps/${step}"`;

describe('lifecycle steps from the inspection page', () => {
  let t: TestApp;
  let officer: PageUser;
  let participant: PageUser;
  let stranger: PageUser;
  let viewer: PageUser;
  let id: string;
  const life = async () => (await t.http.get(`/inspections/${id}/lifecycle`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp('web_lifecycle_steps');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    t.clock.set('2026-01-05T03:00:00Z');
    const plan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    id = (
      await addInspection(t.http, plan.id, {
        taxCode: TAX.saigonCoop,
        enterpriseName: 'Liên hiệp HTX Thương mại TP.HCM',
        window: { from: '2026-02-01', to: '2026-02-28' },
        participantAgencyCodes: ['SNV'],
      })
    ).id;
    await t.http.post(`/plans/${plan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '02/QĐ-SKHCN', date: '2026-01-05' } })
      .expect(200);
    t.clock.set('2026-02-10T03:00:00Z'); // before signing in: sessions live in this clock
    officer = await pageUser(t, 'officer', ['SKHCN']);
    participant = await pageUser(t, 'officer', ['SNV']);
    stranger = await pageUser(t, 'officer', ['TTT']);
    viewer = await pageUser(t, 'viewer');
  });
  afterAll(() => t.close());

  const post = async (who: PageUser, step: string, fields: Record<string, string>, csrf = true) =>
    who.agent
      .post(`/web/inspections/${id}/steps/${step}`)
      .type('form')
      .send({ ...(csrf && { _csrf: await who.csrf() }), ...fields });

  it('offers the officer of the agency the steps the lifecycle can take next, and only those', async () => {
    const page = await officer.agent.get(`/web/inspections/${id}`).expect(200);
    expect(page.text).toContain('Ghi nhận bước tiếp theo');
    expect(page.text).toContain(stepAction(id, 'decision'));
    expect(page.text).toContain(stepAction(id, 'not-carried-out'));
    // Nothing that needs the decision first.
    for (const later of ['announcement', 'on-site-start', 'on-site-end', 'conclusion'])
      expect(page.text).not.toContain(stepAction(id, later));
    expect(page.text).toMatch(/<details id="step-decision" open>/);
    expect(page.text).toContain('<label for="f-decision-number">Số quyết định');
    expect(page.text).toContain('name="_csrf"');
    // Each date input with its reading in the Vietnamese order (site.js names the weekday).
    expect(page.text).toMatch(
      /id="f-decision-date" name="date" type="date" value="" required aria-describedby="f-decision-date-read" data-date-read="f-decision-date-read"/,
    );
    expect(page.text).toContain(
      '<p class="date-read" id="f-decision-date-read" aria-live="polite" data-empty="ngày/tháng/năm">ngày/tháng/năm</p>',
    );
  });

  it('keeps what was typed and says beside the field what is missing', async () => {
    const res = await post(officer, 'decision', {
      number: '  ',
      date: '2026-02-02',
      signer: 'Nguyễn Văn A, Giám đốc Sở',
      team: 'Trần Thị B (Trưởng đoàn)\r\nLê Văn C',
    });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(
      /<p class="field-error" id="f-decision-number-error"><span class="visually-hidden">Lỗi: <\/span>Chưa nhập thông tin này<\/p>/,
    );
    expect(res.text).toContain('aria-describedby="f-decision-number-hint f-decision-number-error"');
    expect(res.text).toContain('href="#f-decision-number"');
    expect(res.text).toContain('value="Nguyễn Văn A, Giám đốc Sở"');
    expect(res.text).toContain('Trần Thị B (Trưởng đoàn)\r\nLê Văn C</textarea>');
    expect(res.text).toContain('value="2026-02-02"');
    expect(res.text).toContain('02/02/2026 (ngày/tháng/năm)'); // the reading, without script
    expect((await life()).decision).toBeUndefined();
  });

  it('records the decision through the lifecycle and redirects back with a notice', async () => {
    const res = await post(officer, 'decision', {
      number: '03/QĐ-SKHCN',
      date: '2026-02-02',
      signer: 'Nguyễn Văn A, Giám đốc Sở',
      team: 'Trần Thị B (Trưởng đoàn)\r\n\r\n  Lê Văn C  ',
      complex: 'true',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/web/inspections/${id}?done=step-decision`);
    const recorded = await life();
    expect(recorded.decision).toEqual({
      number: '03/QĐ-SKHCN',
      date: '2026-02-02',
      signer: 'Nguyễn Văn A, Giám đốc Sở',
      team: ['Trần Thị B (Trưởng đoàn)', 'Lê Văn C'],
      complex: true,
    });
    expect(recorded.history).toMatchObject([{ step: 'decision', actor: officer.username }]);
    const page = await officer.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Đã ghi nhận: Quyết định thanh tra, kiểm tra.');
    expect(page.text).toMatch(/02\/02\/2026<\/span> — Quyết định: Số 03\/QĐ-SKHCN/);
    expect(page.text).not.toContain(stepAction(id, 'decision'));
    // A kiểm tra: announced when it starts, so both are offered now.
    expect(page.text).toContain(stepAction(id, 'announcement'));
    expect(page.text).toContain(stepAction(id, 'on-site-start'));
    expect(page.text).toMatch(/<details id="step-on-site-start" open>/);
    expect(page.text).toMatch(/<details id="step-announcement">/);
  });

  it('refuses a date before the previous step beside the field, the date kept in the form', async () => {
    const res = await post(officer, 'on-site-start', { date: '2026-01-20' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/<details id="step-on-site-start" open>/);
    expect(res.text).not.toMatch(/<details id="step-announcement" open>/);
    expect(res.text).toContain(
      '<p class="field-error" id="f-on-site-start-date-error"><span class="visually-hidden">Lỗi: </span>Ngày này trước ngày ký quyết định (02/02/2026)</p>',
    );
    expect(res.text).toMatch(
      /id="f-on-site-start-date" name="date" type="date" value="2026-01-20" required aria-invalid="true" aria-describedby="f-on-site-start-date-read f-on-site-start-date-error"/,
    );
    const future = await post(officer, 'on-site-start', { date: '2026-02-11' });
    expect(future.status).toBe(422);
    expect(future.text).toContain('Ngày này sau hôm nay (10/02/2026): chỉ ghi bước đã diễn ra');
    const missing = await post(officer, 'on-site-start', { date: '' });
    expect(missing.text).toContain('Chưa chọn ngày');
    expect((await life()).onSite).toEqual({});
  });

  it('records the on-site start (a kiểm tra: announced that day) and shows it in the life', async () => {
    const res = await post(officer, 'on-site-start', { date: '2026-02-05' });
    expect(res.status).toBe(303);
    const recorded = await life();
    expect(recorded.onSite.start).toBe('2026-02-05');
    expect(recorded.announced).toEqual({ date: '2026-02-05' });
    const page = await officer.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Đã ghi nhận: Bắt đầu làm việc tại doanh nghiệp.');
    expect(page.text).toMatch(/05\/02\/2026<\/span> — Bắt đầu làm việc tại doanh nghiệp/);
    for (const next of ['on-site-end', 'extension', 'suspension'])
      expect(page.text).toContain(stepAction(id, next));
    for (const gone of ['announcement', 'on-site-start', 'not-carried-out'])
      expect(page.text).not.toContain(stepAction(id, gone));
  });

  it('shows the life read-only, with no form, to a participating agency and a viewer', async () => {
    for (const reader of [participant, viewer]) {
      const page = await reader.agent.get(`/web/inspections/${id}`).expect(200);
      expect(page.text).toContain('Quá trình thực hiện');
      expect(page.text).toContain('Bắt đầu làm việc tại doanh nghiệp');
      expect(page.text).not.toContain('Ghi nhận bước tiếp theo');
      expect(page.text).not.toContain('/steps/');
    }
  });

  it('refuses a post from another agency, a viewer, or without the form token, and records nothing', async () => {
    const before = await life();
    const end = { date: '2026-02-09' };
    const foreign = await post(stranger, 'on-site-end', end);
    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain('Không có quyền truy cập');
    expect((await post(participant, 'on-site-end', end)).status).toBe(403);
    expect((await post(viewer, 'on-site-end', end)).status).toBe(403);
    expect((await post(officer, 'on-site-end', end, false)).status).toBe(403);
    const after = await life();
    expect(after.revision).toBe(before.revision);
    expect(after.onSite.end).toBeUndefined();
    expect((await post(officer, 'no-such-step', end)).status).toBe(404);
  });

  it('records the conclusion with its findings a line each, an unreadable amount refused beside it', async () => {
    expect((await post(officer, 'on-site-end', { date: '2026-02-09' })).status).toBe(303);
    const conclusion = {
      number: '20/KL-SKHCN',
      date: '2026-02-10',
      violations: 'Cân sai quá sai số cho phép'.normalize('NFD'),
      sanctions: 'Phạt vi phạm hành chính; 15.000.000 đ\r\nThu hồi cân; mười triệu',
      recommendations: 'Kiểm định lại cân trước 30/3\r\n',
    };
    const refused = await post(officer, 'conclusion', conclusion);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(
      '<p class="field-error" id="f-conclusion-sanctions-error"><span class="visually-hidden">Lỗi: </span>Dòng 2: ghi nội dung; số tiền bằng chữ số (đồng)</p>',
    );
    expect(refused.text).toContain('Thu hồi cân; mười triệu</textarea>');
    expect((await life()).conclusion).toBeUndefined();
    const res = await post(officer, 'conclusion', {
      ...conclusion,
      sanctions: 'Phạt vi phạm hành chính; 15.000.000 đ\r\nThu hồi cân; 0',
    });
    expect(res.status).toBe(303);
    expect((await life()).conclusion).toEqual({
      number: '20/KL-SKHCN',
      date: '2026-02-10',
      findings: {
        violations: ['Cân sai quá sai số cho phép'.normalize('NFC')],
        sanctions: [
          { description: 'Phạt vi phạm hành chính', amountVnd: 15_000_000 },
          { description: 'Thu hồi cân', amountVnd: 0 },
        ],
        recommendations: ['Kiểm định lại cân trước 30/3'],
      },
    });
    const page = await officer.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Đã ghi nhận: Ký kết luận.');
    expect(page.text).toContain(stepAction(id, 'publication'));
    expect(page.text).toContain(stepAction(id, 'follow-up'));
    // Where a browser has no date input, the day is typed as the hint says: ngày/tháng/năm.
    const typed = await post(officer, 'follow-up', { date: '10/2/2026', note: 'Đã nộp phạt' });
    expect(typed.status).toBe(303);
    expect((await life()).followUps).toEqual([
      { date: '2026-02-10', note: 'Đã nộp phạt', done: false },
    ]);
  });
});
