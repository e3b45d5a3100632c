// The pages in a real Chromium (Debian's `chromium`, driven by playwright-core): one journey
// per role, axe-core on every page (no serious or critical violation), no CSP violation, and a
// screenshot of every page at desktop and phone width under test/screenshots/ (not committed).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, seedAgencies, TAX } from '../support/factories';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', 'screenshots');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const ISSUED = 'mật khẩu được cấp 2026';
const OWN = 'mật khẩu riêng rất dài 2026';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Waits, polling from the test, until `condition` holds; fails after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('pages in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let profile: string;
  const cspViolations: string[] = [];
  const checked: string[] = [];

  beforeAll(async () => {
    t = await createTestApp('browser_pages');
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    // Another agency already plans VNPT in June and Saigon Co.op in August.
    const snv = await createPlan(t.http, { agencyCode: AGENCIES.labour.code, year: 2026 });
    await addInspection(t.http, snv.id, { window: { from: '2026-06-01', to: '2026-06-30' } });
    await addInspection(t.http, snv.id, {
      taxCode: TAX.saigonCoop,
      enterpriseName: 'Liên hiệp HTX Thương mại TP.HCM (Saigon Co.op)',
      window: { from: '2026-08-01', to: '2026-08-31' },
    });
    const ttt = await createPlan(t.http, { agencyCode: AGENCIES.inspectorate.code, year: 2026 });
    await addInspection(t.http, ttt.id, {
      taxCode: TAX.saigonCoop,
      enterpriseName: 'Liên hiệp HTX Thương mại TP.HCM (Saigon Co.op)',
      window: { from: '2026-08-10', to: '2026-08-20' },
    });
    await t.http.patch(`/enterprises/${TAX.vnpt}`).send({ publicFeed: true }).expect(200);
    for (const [username, roles, agencyCodes] of [
      ['can.bo', ['officer'], [AGENCIES.science.code]],
      ['dieu.phoi', ['coordinator'], []],
      ['lanh.dao', ['viewer'], []],
      ['phe.duyet', ['approver'], [AGENCIES.labour.code]],
    ] as const)
      await t.http
        .post('/users')
        .send({ username, displayName: username, roles, agencyCodes, password: ISSUED })
        .expect(201);
    mkdirSync(SHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'pages-chromium-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      // Playwright starts Chromium with a fresh temporary --user-data-dir of its own (it refuses
      // one in args); the profile directory is also where downloads and crash dumps go.
      downloadsPath: profile,
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'vi-VN' });
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    return { context, page };
  }

  /** axe-core on the page as it stands, then a screenshot at both widths. */
  async function check(page: Page, name: string): Promise<void> {
    await page.evaluate(AXE); // evaluated by the driver: the page's CSP stays as it is
    const violations = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[] }> };
        }
      ).axe;
      const result = await axe.run({ resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
      }));
    });
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect({ page: name, violations: bad }).toEqual({ page: name, violations: [] });
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize(VIEWPORTS.desktop);
    checked.push(name);
  }

  /**
   * Clicks a form's button and waits for the page it leads to. A load state alone is one the
   * current page already has: the next goto would then cancel the POST (a sign-in before its
   * cookie arrived, a decision before it was saved).
   */
  async function submit(page: Page, button: Locator) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), button.click()]);
  }

  async function signIn(page: Page, username: string, password: string, next = '') {
    await page.goto(`${base}/web/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await submit(page, page.getByRole('button', { name: 'Đăng nhập' }));
  }

  /** First sign-in with the issued password, through the change step. */
  async function firstSignIn(page: Page, username: string, shots = false) {
    await signIn(page, username, ISSUED);
    expect(new URL(page.url()).pathname).toBe('/web/password');
    if (shots) await check(page, 'password-change');
    await page.getByLabel('Mật khẩu hiện tại').fill(ISSUED);
    await page.getByLabel('Mật khẩu mới').fill(OWN);
    await Promise.all([
      page.waitForURL(/\/web(\?|$)/, { waitUntil: 'domcontentloaded', timeout: 45_000 }),
      page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click(),
    ]);
  }

  it('an officer signs in for the first time, uploads the plan file and sees the conflict', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/web/plans`);
    expect(new URL(page.url()).pathname).toBe('/web/login');
    await check(page, 'login');
    await signIn(page, 'can.bo', 'sai mật khẩu');
    await expect(page.locator('#f-password-error').textContent()).resolves.toContain(
      'Tên đăng nhập hoặc mật khẩu không đúng',
    );
    await expect(page.getByLabel('Tên đăng nhập').inputValue()).resolves.toBe('can.bo');
    await check(page, 'login-error');
    await firstSignIn(page, 'can.bo', true);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Kế hoạch của cơ quan năm 2026',
    );
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Chưa có kế hoạch năm 2026',
    );
    await check(page, 'home-officer-first-time');

    await page.getByRole('link', { name: 'Tải tệp kế hoạch lên' }).first().click();
    // The drop zone speaks Vietnamese (the browser's own "Choose File" is hidden under it).
    await expect(page.locator('.dropzone-text').innerText()).resolves.toMatch(
      /Kéo thả tệp vào khung này\s+hoặc Chọn tệp trên máy/,
    );
    await expect(page.locator('#f-file-chosen').textContent()).resolves.toBe('Chưa chọn tệp nào.');
    await expect(
      page
        .locator('#f-file')
        .evaluate(
          (e) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }
            ).getComputedStyle(e).opacity,
        ),
    ).resolves.toBe('0');
    await check(page, 'plan-upload');
    const csv = [
      'STT,Tên doanh nghiệp,Mã số thuế,Nội dung,Lĩnh vực,Thời gian thực hiện,Loại,Đơn vị chủ trì,Đơn vị phối hợp,Số ngày làm việc',
      // "Từ 01/6/2026" has no end: a guess (to the year's end), which the officer fixes.
      `1,Tập đoàn Bưu chính Viễn thông Việt Nam,${TAX.vnpt},Kiểm tra đo lường,Đo lường,Từ 01/6/2026,Kiểm tra,,,`,
      `2,Công ty Sai Mã,${TAX.invalid},Kiểm tra đo lường,Đo lường,Tháng 7/2026,Kiểm tra,,,`,
    ];
    await page.setInputFiles('#f-file', {
      name: 'ke-hoach-2026.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\ufeff${csv.join('\r\n')}\r\n`, 'utf8'),
    });
    await expect(page.locator('#f-file-chosen').textContent()).resolves.toBe(
      'Đã chọn: ke-hoach-2026.csv (1 KB)',
    );
    await check(page, 'plan-upload-chosen');
    await page.getByRole('button', { name: 'Tải lên và kiểm tra chồng chéo' }).click();
    await page.waitForURL(/\/web\/plans\/import\/preview\//, { waitUntil: 'domcontentloaded' });
    // Every row as read: the guess marked with what was read, what it was taken as, and why.
    await expect(page.locator('#row-2 .badge', { hasText: /^Đoán$/ }).count()).resolves.toBe(1);
    await expect(page.locator('.guesses li').first().textContent()).resolves.toContain(
      'trong tệp ghi «Từ 01/6/2026» → hiểu là từ 01/06/2026 đến 31/12/2026',
    );
    await expect(page.locator('.row-errors li').first().textContent()).resolves.toMatch(
      /Mã số thuế/,
    );
    await expect(page.getByRole('button', { name: /vào kế hoạch/ }).count()).resolves.toBe(0);
    await check(page, 'plan-upload-preview');
    // Row 3 (the bad tax code): its form is open; a wrong code is refused beside the field.
    await page.locator('#r3-taxCode').fill('0100109108');
    await Promise.all([
      page.waitForURL(/\/rows\/3$/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Lưu dòng 3' }).click(),
    ]);
    await expect(page.locator('#r3-taxCode-error').count()).resolves.toBe(1);
    await expect(page.locator('#r3-taxCode').inputValue()).resolves.toBe('0100109108');
    await check(page, 'plan-upload-preview-error');
    await page.locator('#r3-taxCode').fill(TAX.viettelPost);
    await page.locator('#r3-enterpriseName').fill('Tổng công ty Bưu điện Việt Nam');
    await Promise.all([
      page.waitForURL(/\?fixed=3/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Lưu dòng 3' }).click(),
    ]);
    // Row 2: the guessed window fixed to June, in place.
    await page.locator('summary', { hasText: 'Sửa dòng 2' }).click();
    await page.locator('#r2-window').fill('2026-06-01');
    await page.locator('#r2-windowTo').fill('2026-06-30');
    await Promise.all([
      page.waitForURL(/\?fixed=2/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Lưu dòng 2' }).click(),
    ]);
    await expect(page.locator('.notice').textContent()).resolves.toContain('Đã sửa dòng 2');
    await expect(page.locator('#row-2').textContent()).resolves.toContain(
      '01/06/2026 – 30/06/2026',
    );
    await expect(page.locator('#conflicts-h + ul li').first().textContent()).resolves.toContain(
      'Dòng 2',
    );
    await check(page, 'plan-upload-preview-fixed');
    await Promise.all([
      page.waitForURL(/\/commit$/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Nhập 2 dòng vào kế hoạch' }).click(),
    ]);
    await expect(page.locator('.notice').textContent()).resolves.toContain('Đã nhập 2 cuộc');
    const found = page.locator('section:has(#found) a[href^="/web/conflicts/"]');
    await expect(found.count()).resolves.toBeGreaterThan(0);
    await check(page, 'plan-upload-result');

    await found.first().click();
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Tập đoàn Bưu chính Viễn thông',
    );
    await expect(page.getByRole('button', { name: /Áp dụng gợi ý/ }).count()).resolves.toBe(0);
    // Explained in words: the record ids the engine writes are not shown.
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/\[[0-9a-f]{8}-/);
    await check(page, 'conflict-officer');

    await page.goto(`${base}/web`);
    await expect(page.locator('main').textContent()).resolves.toContain('chồng chéo đang chờ');
    await check(page, 'home-officer');
    await page
      .getByRole('link', { name: /Kế hoạch năm/ })
      .first()
      .click();
    await check(page, 'plan');
    await page.locator('a[href^="/web/inspections/"]').first().click();
    await check(page, 'inspection');
    // A new inspection by hand: the tax code checked as it is typed, the name looked up.
    await page.goBack();
    await page.getByRole('link', { name: 'Thêm một cuộc' }).click();
    await page.getByLabel('Mã số thuế').pressSequentially('0101248142');
    await expect(page.locator('#f-taxCode-check').textContent()).resolves.toContain(
      'sai chữ số kiểm tra',
    );
    await page.getByLabel('Mã số thuế').fill('');
    await page.getByLabel('Mã số thuế').pressSequentially(TAX.viettelPost);
    // Polled from here, not with a page-side predicate: the CSP forbids evaluating strings.
    await until(async () => (await page.locator('#f-enterpriseName').inputValue()) !== '');
    await expect(page.getByLabel('Tên doanh nghiệp').inputValue()).resolves.toBe(
      'Tổng công ty Bưu điện Việt Nam',
    );
    await expect(page.locator('#f-windowQuarter').isVisible()).resolves.toBe(false);
    await page.getByLabel('Theo quý').check();
    await expect(page.locator('#f-windowQuarter').isVisible()).resolves.toBe(true);
    await page.getByLabel('Quý', { exact: true }).selectOption('4');
    await page
      .getByLabel('Lĩnh vực quản lý nhà nước')
      .selectOption({ label: 'Đo lường, chất lượng' });
    await page.getByLabel('Nội dung').fill('Kiểm tra nhãn hàng hóa');
    await check(page, 'inspection-new');
    await Promise.all([
      page.waitForURL(/\?done=created/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Thêm vào kế hoạch' }).click(),
    ]);
    await expect(page.locator('.notice').textContent()).resolves.toContain('Đã thêm cuộc');
    await expect(page.locator('main').textContent()).resolves.toContain('01/10/2026 – 31/12/2026');
    await page.getByRole('link', { name: 'Sửa cuộc này' }).click();
    await check(page, 'inspection-edit');
    await page.goto(`${base}/web/enterprises/${TAX.vnpt}`);
    await expect(page.locator('svg.timeline rect').count()).resolves.toBe(2);
    await check(page, 'enterprise');
    await page.goto(`${base}/web/feeds`);
    await check(page, 'feeds');
    await submit(page, page.getByRole('button', { name: 'Tạo địa chỉ lịch' }));
    await expect(
      page.getByRole('link', { name: 'Google Lịch' }).getAttribute('href'),
    ).resolves.toMatch(/^https:\/\/calendar\.google\.com\/calendar\/r\?cid=webcal/);
    await expect(page.locator('.qr svg').count()).resolves.toBe(1);
    // Step by step for each of the five programs (and any other), the size, and who revokes.
    await expect(page.locator('section[aria-labelledby^="steps-"]').count()).resolves.toBe(6);
    await expect(page.locator('#steps-google + ol li').count()).resolves.toBe(3);
    await expect(page.locator('#feed-size').textContent()).resolves.toMatch(
      /^Lịch hiện có \d+ sự kiện, dung lượng [\d.]+ KB\.$/,
    );
    await expect(page.getByRole('button', { name: 'Thu hồi địa chỉ này' }).count()).resolves.toBe(
      0,
    );
    await expect(page.locator('section:has(#revoke-h)').textContent()).resolves.toContain(
      'báo Thanh tra tỉnh để thu hồi',
    );
    await check(page, 'feed-created');
    // "mục Thông báo", where the digests send people.
    await page.getByRole('link', { name: 'Thông báo' }).click();
    await page.getByLabel('Chồng chéo liên quan đến cơ quan của tôi').uncheck();
    await Promise.all([
      page.waitForURL(/\?done=saved/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Lưu lựa chọn' }).click(),
    ]);
    await expect(page.locator('.notice').textContent()).resolves.toContain('Đã lưu lựa chọn');
    await check(page, 'notifications');
    await context.close();
  });

  it('an approver submits the plan of its agency', async () => {
    const { context, page } = await newPage();
    await firstSignIn(page, 'phe.duyet');
    await page.goto(`${base}/web/plans?agencyCode=SNV`);
    await check(page, 'plans');
    await page
      .getByRole('link', { name: /Kế hoạch năm 2026/ })
      .first()
      .click();
    await submit(page, page.getByRole('button', { name: 'Trình phê duyệt' }));
    await expect(page.locator('.notice').textContent()).resolves.toContain('Đã trình kế hoạch');
    await page.locator('summary', { hasText: 'Phê duyệt' }).click(); // opens the approve form
    await check(page, 'plan-approver');
    await context.close();
  });

  it('a coordinator applies the merge suggestion, holds a meeting and gets the minutes', async () => {
    const { context, page } = await newPage();
    await firstSignIn(page, 'dieu.phoi');
    await check(page, 'home-coordinator');
    await page.goto(`${base}/web/conflicts?year=2026&status=open&rule=`);
    await check(page, 'conflicts');
    await page.locator(`a[href^="/web/conflicts/"]`, { hasText: 'Bưu chính' }).first().click();
    page.once('dialog', (d) => void d.accept());
    await check(page, 'conflict-coordinator');
    await submit(page, page.getByRole('button', { name: 'Áp dụng gợi ý 1' }));
    await expect(page.locator('.notice').textContent()).resolves.toContain('Đã ghi quyết định');
    await expect(page.locator('main').textContent()).resolves.toContain('Đã xử lý');

    await page.goto(`${base}/web/meetings`);
    await page.getByLabel('Tên cuộc họp').fill('Họp phối hợp kế hoạch năm 2026');
    await page.getByLabel('Năm của các chồng chéo').fill('2026');
    await page.getByLabel('Bắt đầu').fill('2026-03-10T08:00');
    await page.getByLabel('Kết thúc').fill('2026-03-10T11:00');
    // The chosen time as Vietnamese read it, beside the browser's own picker.
    await expect(page.locator('#f-start-read').textContent()).resolves.toBe(
      'Thứ Ba, 10/03/2026 lúc 08:00',
    );
    await page.getByLabel('Địa điểm').fill('Phòng họp Thanh tra tỉnh');
    await page.getByLabel('Chủ trì').fill('Phó Chánh Thanh tra tỉnh');
    await page.getByLabel('Thanh tra tỉnh (TTT)').check();
    await check(page, 'meetings');
    await submit(page, page.getByRole('button', { name: 'Tạo cuộc họp' }));
    await expect(page.locator('.notice').textContent()).resolves.toContain('Đã tạo cuộc họp');
    await check(page, 'meeting');
    await submit(page, page.getByRole('button', { name: 'Áp dụng gợi ý 1' }).first());
    await expect(page.locator('main').textContent()).resolves.toContain('Quyết định:');
    await expect(page.locator('#progress-text').textContent()).resolves.toMatch(
      /^Đã xong [1-9]\d* \/ [1-9]/,
    );
    const minutes = await page
      .getByRole('link', { name: 'Tải biên bản (.docx)' })
      .getAttribute('href');
    const docx = await context.request.get(`${base}${minutes}`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toMatch(/officedocument\.wordprocessingml/);
    await page.goto(`${base}/web/admin/accounts`);
    expect(await page.locator('h1').textContent()).toBe('Không có quyền truy cập');
    await check(page, 'forbidden');
    await context.close();
  });

  it('a viewer reads the report; the public sees only a published schedule', async () => {
    const { context, page } = await newPage();
    await firstSignIn(page, 'lanh.dao');
    await check(page, 'home-viewer');
    await page.getByRole('link', { name: 'Xem báo cáo đầy đủ' }).click();
    await expect(page.locator('svg.chart').count()).resolves.toBe(3);
    await expect(
      page.locator('table caption', { hasText: 'Số doanh nghiệp năm 2026' }).count(),
    ).resolves.toBe(1);
    await check(page, 'reports');
    // Once a plan is approved, its inspection shows its life, deadlines and QR code (a new
    // one of the inspectorate's plan: the meeting's decisions may have merged the others).
    const tttPlan = (await t.http.get('/plans?agencyCode=TTT&year=2026').expect(200)).body.items[0];
    const lived = await addInspection(t.http, tttPlan.id, {
      taxCode: TAX.viettelPost,
      enterpriseName: 'Tổng công ty Bưu điện Việt Nam',
      window: { from: '2026-11-01', to: '2026-11-30' },
    });
    await t.http.post(`/plans/${tttPlan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${tttPlan.id}/approve`)
      .send({ decision: { number: '05/QĐ-TTT', date: '2026-01-05' } })
      .expect(200);
    await page.goto(`${base}/web/inspections/${lived.id}`);
    const code = await page.locator('.registration-code').textContent();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await expect(
      page
        .locator('.qr img')
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).resolves.toBeGreaterThan(0);
    await check(page, 'inspection-life');
    await context.close();

    // An enterprise scans the QR code: the verification page, in the site's layout.
    const enterprise = await newPage();
    await enterprise.page.goto(`${base}/verify/${code!.toLowerCase().replace('-', '')}`);
    await expect(enterprise.page.locator('h1').textContent()).resolves.toContain('Đã đăng ký');
    await expect(enterprise.page.locator('main').textContent()).resolves.toContain(
      'Thanh tra tỉnh',
    );
    await check(enterprise.page, 'verify');
    await enterprise.context.close();

    const anonymous = await newPage();
    await anonymous.page.goto(`${base}/public/enterprises/${TAX.vnpt}`);
    await check(anonymous.page, 'public-enterprise');
    await anonymous.page.goto(`${base}/public/enterprises/${TAX.saigonCoop}`);
    await expect(anonymous.page.locator('main').textContent()).resolves.toContain('chưa công bố');
    await anonymous.page.goto(`${base}/web/khong-co-trang-nay`);
    await anonymous.context.close();
  });

  it('an administrator manages accounts', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'anh.nv', 'mật khẩu thử nghiệm 2026');
    await page.goto(`${base}/web/admin/accounts`);
    await page.getByLabel('Tên đăng nhập').fill('x');
    await submit(page, page.getByRole('button', { name: 'Tạo tài khoản' }));
    await expect(page.locator('.error-summary').count()).resolves.toBe(1);
    await check(page, 'admin-accounts');
    await page.getByRole('link', { name: 'Cơ quan' }).click();
    await page.getByLabel('Mã cơ quan').fill('SYT');
    await page.getByLabel('Tên cơ quan').fill('Sở Y tế');
    await submit(page, page.getByRole('button', { name: 'Thêm cơ quan' }));
    // Without a kind: refused beside the field, what was typed kept.
    await expect(page.locator('#f-kind-error').count()).resolves.toBe(1);
    await expect(page.getByLabel('Tên cơ quan').inputValue()).resolves.toBe('Sở Y tế');
    await page.getByLabel('Loại cơ quan').selectOption('specialised');
    await submit(page, page.getByRole('button', { name: 'Thêm cơ quan' }));
    await expect(page.locator('.notice').textContent()).resolves.toContain('Sở Y tế (SYT)');
    await check(page, 'admin-agencies');
    await page.goto(`${base}/web/does-not-exist`);
    await check(page, 'not-found');
    await context.close();
  });

  it('an officer records the decision and the on-site start from the inspection page', async () => {
    // A plan of the officer's agency, approved (the approver's part, through the API).
    const plan = await createPlan(t.http, { agencyCode: AGENCIES.science.code, year: 2026 });
    const planned = await addInspection(t.http, plan.id, {
      taxCode: TAX.viettelPost,
      enterpriseName: 'Tổng công ty Bưu điện Việt Nam',
      window: { from: '2026-03-01', to: '2026-03-31' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '09/QĐ-SKHCN', date: '2026-01-05' } })
      .expect(200);
    const { context, page } = await newPage();
    await signIn(page, 'can.bo', OWN);
    await page.goto(`${base}/web/inspections/${planned.id}`);
    await expect(page.locator('main').textContent()).resolves.toContain('Chưa ghi nhận bước nào');
    // No script-free guess: the day as the officer reads it, weekday first.
    await expect(page.locator('#f-decision-date-read').textContent()).resolves.toBe(
      'ngày/tháng/năm',
    );
    await page.locator('#f-decision-date').fill('2026-02-26');
    await expect(page.locator('#f-decision-date-read').textContent()).resolves.toBe(
      'Thứ Năm, 26/02/2026',
    );
    await page.locator('#f-decision-number').fill('07/QĐ-SKHCN');
    await page.locator('#f-decision-signer').fill('Nguyễn Văn A, Giám đốc Sở');
    await page.locator('#f-decision-team').fill('Trần Thị B (Trưởng đoàn)\nLê Văn C');
    await check(page, 'inspection-step-decision');
    await Promise.all([
      page.waitForURL(/\?done=step-decision/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Ghi nhận: quyết định thanh tra, kiểm tra' }).click(),
    ]);
    await expect(page.locator('.notice').textContent()).resolves.toContain(
      'Đã ghi nhận: Quyết định thanh tra, kiểm tra.',
    );
    await expect(page.locator('.life-steps').textContent()).resolves.toContain(
      '26/02/2026 — Quyết định: Số 07/QĐ-SKHCN',
    );
    // A kiểm tra: its start (which announces it) is the form opened next. A day before the
    // decision is refused beside the field, the day kept.
    await expect(page.locator('#step-on-site-start').getAttribute('open')).resolves.toBe('');
    await page.locator('#f-on-site-start-date').fill('2026-02-20');
    await Promise.all([
      page.waitForURL(/\/steps\/on-site-start$/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Ghi nhận: bắt đầu làm việc tại doanh nghiệp' }).click(),
    ]);
    await expect(page.locator('#f-on-site-start-date-error').textContent()).resolves.toContain(
      'Ngày này trước ngày ký quyết định (26/02/2026)',
    );
    await expect(page.locator('#f-on-site-start-date').inputValue()).resolves.toBe('2026-02-20');
    await expect(page.locator('#f-on-site-start-date-read').textContent()).resolves.toBe(
      'Thứ Sáu, 20/02/2026',
    );
    await check(page, 'inspection-step-error');
    await page.locator('#f-on-site-start-date').fill('2026-02-27');
    await Promise.all([
      page.waitForURL(/\?done=step-on-site-start/, { waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Ghi nhận: bắt đầu làm việc tại doanh nghiệp' }).click(),
    ]);
    await expect(page.locator('.life-steps').textContent()).resolves.toContain(
      '27/02/2026 — Bắt đầu làm việc tại doanh nghiệp',
    );
    await expect(page.locator('#step-on-site-end').count()).resolves.toBe(1);
    await expect(page.locator('#step-decision').count()).resolves.toBe(0);
    await check(page, 'inspection-step-on-site');
    await context.close();
  });

  it('ran into no Content-Security-Policy violation on any page', () => {
    expect(checked.length).toBeGreaterThanOrEqual(26);
    expect(cspViolations).toEqual([]);
  });
});
