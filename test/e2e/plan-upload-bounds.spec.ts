// Uploads bounded while they are read: zip bombs and oversized sheets are refused before
// exceljs sees them (memory and time measured and logged, not asserted), nothing is stored,
// and a burst of imports beyond IMPORT_CONCURRENCY is answered 429 with Retry-After.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, TestApp } from '../support/app';
import { seedAgencies } from '../support/factories';
import { repeated, text, writeZip, xlsxParts } from '../support/zip';

const MB = 2 ** 20;

/** Runs `fn` while sampling RSS; answers its result, the peak growth in MB and the time. */
async function measured<T>(fn: () => Promise<T>) {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  try {
    const result = await fn();
    return {
      result,
      ms: Math.round(performance.now() - started),
      extraMb: Math.round((Math.max(peak, process.memoryUsage().rss) - base) / MB),
    };
  } finally {
    clearInterval(timer);
  }
}

describe('plan uploads bounded while read (e2e)', () => {
  let t: TestApp;
  const figures: string[] = [];

  beforeAll(async () => {
    t = await createTestApp('upload-bounds', { IMPORT_CONCURRENCY: '1' });
    await seedAgencies(t.http);
  });
  afterAll(async () => {
    console.log(`plan upload bounds:\n  ${figures.join('\n  ')}`);
    await t.close();
  });

  const importXlsx = (file: Buffer) =>
    t.http
      .post('/plans/import')
      .field('agencyCode', 'SKHCN')
      .field('year', '2026')
      .attach('file', file, 'ke-hoach.xlsx');
  const plansStored = async () =>
    (await t.http.get('/plans?agencyCode=SKHCN&year=2026').expect(200)).body.total;

  /** One shared string of 300 million characters: about 300 KB deflated. */
  const bombParts = () =>
    xlsxParts(
      text(
        '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
      ),
      () => [
        Buffer.from('<sst count="1" uniqueCount="1"><si><t>'),
        ...repeated('a', 300_000_000),
        Buffer.from('</t></si></sst>'),
      ],
    );

  it.each([
    ['declaring its size', undefined, 413, 'FILE_ENTRY_TOO_LARGE'],
    ['lying about its size', 2_000, 422, 'FILE_ENTRY_SIZE_MISMATCH'],
  ] as const)(
    'refuses a 300-million-character zip bomb %s, fast, storing nothing',
    async (label, declaredSize, status, code) => {
      const parts = bombParts();
      if (declaredSize) parts[3].declaredSize = declaredSize;
      const file = await writeZip(parts);
      const { result: res, ms, extraMb } = await measured(() => importXlsx(file));
      figures.push(
        `zip bomb ${label}: ${Math.round(file.length / 1024)} KB file → ${res.status} ${res.body.details?.[0]?.code} in ${ms} ms, +${extraMb} MB RSS`,
      );
      expect([res.status, res.body.details?.[0]]).toEqual([
        status,
        expect.objectContaining({ field: 'file', code }),
      ]);
      expect(await plansStored()).toBe(0);
    },
  );

  it.each([
    ['720,000 rows', 720_000, undefined, 413, 'PAYLOAD_TOO_LARGE', 'FILE_ENTRY_TOO_LARGE'],
    [
      '720,000 rows, sheet size understated',
      720_000,
      1_000_000,
      422,
      'IMPORT_INVALID',
      'FILE_ENTRY_SIZE_MISMATCH',
    ],
    ['25,000 rows', 25_000, undefined, 422, 'IMPORT_INVALID', 'FILE_TOO_MANY_ROWS'],
  ] as const)(
    'refuses %s before parsing them, storing nothing',
    async (label, rows, declaredSize, status, code, detail) => {
      const row = (i: number) =>
        `<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>Công ty ${i}</t></is></c><c r="B${i}"><v>100109106</v></c></row>`;
      const sheet = function* () {
        yield Buffer.from('<worksheet><sheetData>');
        for (let i = 1; i <= rows; i += 1000)
          yield Buffer.from(Array.from({ length: 1000 }, (_, k) => row(i + k)).join(''));
        yield Buffer.from('</sheetData></worksheet>');
      };
      const parts = xlsxParts(sheet, text('<sst></sst>'));
      if (declaredSize) parts[2].declaredSize = declaredSize;
      const file = await writeZip(parts);
      const { result: res, ms, extraMb } = await measured(() => importXlsx(file));
      figures.push(
        `${label}: ${(file.length / MB).toFixed(1)} MB file → ${res.status} ${res.body.details?.[0]?.code} in ${ms} ms, +${extraMb} MB RSS`,
      );
      expect([res.status, res.body.code, res.body.details?.[0]?.code]).toEqual([
        status,
        code,
        detail,
      ]);
      expect(await plansStored()).toBe(0);
    },
  );

  it('refuses a small file whose one long text every row names (the text bound, as it is read)', async () => {
    const content = 'Kiểm tra việc chấp hành pháp luật về đo lường '.repeat(650); // 30,550 characters
    const header = ['STT', 'Tên doanh nghiệp', 'Mã số thuế', 'Nội dung', 'Thời gian thực hiện'];
    const strings = [...header, content, 'Tháng 3/2026'];
    const cell = (col: string, r: number, v: string, s = true) =>
      `<c r="${col}${r}"${s ? ' t="s"' : ''}><v>${v}</v></c>`;
    const sheet = function* () {
      yield Buffer.from('<worksheet><sheetData><row r="1">');
      yield Buffer.from(['A', 'B', 'C', 'D', 'E'].map((c, i) => cell(c, 1, String(i))).join(''));
      yield Buffer.from('</row>');
      for (let r = 2; r <= 801; r++)
        yield Buffer.from(
          `<row r="${r}">${cell('A', r, String(r - 1), false)}<c r="B${r}" t="inlineStr"><is><t>Công ty ${r}</t></is></c>` +
            `${cell('C', r, '100109106', false)}${cell('D', r, '5')}${cell('E', r, '6')}</row>`,
        );
      yield Buffer.from('</sheetData></worksheet>');
    };
    const file = await writeZip(
      xlsxParts(sheet, text(`<sst>${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`)),
    );
    const { result: res, ms, extraMb } = await measured(() => importXlsx(file));
    figures.push(
      `800 rows naming one 30,550-character text (24 M characters): ${Math.round(file.length / 1024)} KB file → ${res.status} ${res.body.details?.[0]?.code} in ${ms} ms, +${extraMb} MB RSS`,
    );
    expect([res.status, res.body.code, res.body.details?.[0]?.code]).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
      'FILE_TEXT_TOO_MUCH',
    ]);
    expect(await plansStored()).toBe(0);
  });

  it('answers 429 with Retry-After while the import slots are taken, and frees them', async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const officer = await t.signIn('admin');
    try {
      // An upload whose body is still arriving holds the only slot.
      const boundary = 'x-slow-upload';
      const held = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/plans/import',
        headers: {
          authorization: `Bearer ${officer.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': '100000',
        },
      });
      const heldAnswer = new Promise<void>((resolve) => {
        held.on('response', () => resolve());
        held.on('error', () => resolve());
        held.on('close', () => resolve());
      });
      held.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="agencyCode"\r\n\r\nSKHCN\r\n`,
      );
      await new Promise((r) => setTimeout(r, 200));

      const busy = await importXlsx(await writeZip(bombParts().slice(0, 1)));
      expect([busy.status, busy.body.code, busy.headers['retry-after']]).toEqual([
        429,
        'IMPORTS_BUSY',
        '10',
      ]);
      held.destroy();
      await heldAnswer;
      await new Promise((r) => setTimeout(r, 100));
      // The slot is free again: this one is read (and refused for what it is, not for load).
      const next = await importXlsx(Buffer.from('not a spreadsheet'));
      expect(next.status).not.toBe(429);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
