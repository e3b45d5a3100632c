// The streaming .xlsx reader on parts written by hand, as other programs than Excel write
// them: prefixed names, cells without references, inline rich text, merged ranges whose rows
// are missing, and the bounds it keeps while reading.
import { writeZip } from '../../../../test/support/zip';
import { parsePlanFile } from './parse-plan-file';
import { TextBudget, TextBudgetExceeded, type RawRow } from './raw-sheet';
import { XlsxMergeBoundError, XlsxReadError, XlsxWorkbook } from './read-xlsx';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface Book {
  sheets: { name: string; xml: string; state?: string; target?: string }[];
  shared?: string;
  styles?: string;
  prefix?: string;
}

function xlsx(book: Book): Promise<Buffer> {
  const p = book.prefix ? `${book.prefix}:` : '';
  const ns = book.prefix ? `xmlns:${book.prefix}` : 'xmlns';
  const parts: { name: string; text: string }[] = [
    {
      name: '_rels/.rels',
      text: `<Relationships><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      text:
        `<?xml version="1.0"?><${p}workbook ${ns}="main" xmlns:r="${REL}"><${p}sheets>` +
        book.sheets
          .map(
            (s, i) =>
              `<${p}sheet name="${s.name}" sheetId="${i + 1}" r:id="s${i + 1}"${s.state ? ` state="${s.state}"` : ''}/>`,
          )
          .join('') +
        `</${p}sheets></${p}workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text:
        '<Relationships>' +
        book.sheets
          .map(
            (s, i) =>
              `<Relationship Id="s${i + 1}" Type="${REL}/worksheet" Target="${s.target ?? `worksheets/sheet${i + 1}.xml`}"/>`,
          )
          .join('') +
        (book.shared !== undefined
          ? `<Relationship Id="ss" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`
          : '') +
        `<Relationship Id="st" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    },
    ...book.sheets.map((s, i) => ({
      name: (s.target ?? `worksheets/sheet${i + 1}.xml`).replace(/^\/?(xl\/)?/, 'xl/'),
      text: s.xml,
    })),
    ...(book.shared !== undefined ? [{ name: 'xl/sharedStrings.xml', text: book.shared }] : []),
    {
      name: 'xl/styles.xml',
      text: book.styles ?? '<styleSheet><cellXfs><xf/></cellXfs></styleSheet>',
    },
  ];
  return writeZip(parts.map((x) => ({ name: x.name, chunks: () => [Buffer.from(x.text)] })));
}

async function rowsOf(file: Buffer, sheet = 0, budget?: TextBudget): Promise<RawRow[]> {
  const wb = await XlsxWorkbook.open(file);
  const out: RawRow[] = [];
  for await (const r of wb.rows(wb.sheets[sheet], budget)) out.push(r);
  return out;
}

describe('XlsxWorkbook', () => {
  it('reads prefixed names, cells without references, inline rich text, entities and escapes', async () => {
    const file = await xlsx({
      prefix: 'x',
      sheets: [
        {
          name: 'KH',
          xml:
            '<x:worksheet xmlns:x="main"><x:sheetData><x:row>' +
            '<x:c t="inlineStr"><x:is><x:r><x:t>Công ty </x:t></x:r><x:r><x:t>A &amp; B</x:t></x:r>' +
            '<x:rPh><x:t>reading hint</x:t></x:rPh></x:is></x:c>' +
            '<x:c t="s"><x:v>0</x:v></x:c><x:c><x:v>42</x:v></x:c></x:row>' +
            '<!-- a comment --><x:row><x:c t="str"><x:f>A1</x:f><x:v>ô &#x1EA1;</x:v></x:c>' +
            '<x:c t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c>' +
            '<x:c><x:v>not a number</x:v></x:c></x:row></x:sheetData></x:worksheet>',
        },
      ],
      shared:
        '<x:sst xmlns:x="main"><x:si><x:t xml:space="preserve">Dòng_x000A_hai</x:t></x:si></x:sst>',
    });
    expect(await rowsOf(file)).toEqual([
      { rowNumber: 1, cells: ['Công ty A & B', 'Dòng\nhai', 42] },
      { rowNumber: 2, cells: ['ô ạ', null, 'TRUE'] },
    ]);
  });

  it('gives every cell of a merged range the master’s value, the range’s missing rows too', async () => {
    const file = await xlsx({
      sheets: [
        {
          name: 'KH',
          xml:
            '<worksheet><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>Gộp</t></is></c>' +
            '<c r="C2"><v>1</v></c></row><row r="5"><c r="C5"><v>5</v></c></row></sheetData>' +
            '<mergeCells count="1"><mergeCell ref="A2:B4"/></mergeCells></worksheet>',
        },
      ],
    });
    expect(await rowsOf(file)).toEqual([
      { rowNumber: 2, cells: ['Gộp', 'Gộp', 1], mergedLeft: [undefined, true] },
      {
        rowNumber: 3,
        cells: ['Gộp', 'Gộp'],
        mergedAbove: [true, true],
        mergedLeft: [undefined, true],
      },
      {
        rowNumber: 4,
        cells: ['Gộp', 'Gộp'],
        mergedAbove: [true, true],
        mergedLeft: [undefined, true],
      },
      { rowNumber: 5, cells: [null, null, 5] },
    ]);
  });

  it('reads dates by their number format, in workbook order, hidden sheets left out', async () => {
    const file = await xlsx({
      sheets: [
        { name: 'Danh mục', state: 'hidden', xml: '<worksheet><sheetData/></worksheet>' },
        {
          name: 'KH',
          target: '/xl/worksheets/other.xml',
          xml: '<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>46082</v></c><c r="B1" t="d"><v>2026-03-15</v></c></row></sheetData></worksheet>',
        },
      ],
      styles:
        '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="mm/yyyy"/></numFmts>' +
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>',
    });
    const wb = await XlsxWorkbook.open(file);
    expect(wb.sheets.map((s) => [s.name, s.part])).toEqual([['KH', 'xl/worksheets/other.xml']]);
    expect(await rowsOf(file)).toEqual([
      {
        rowNumber: 1,
        cells: [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-15T00:00:00Z')],
        dateFormats: ['mm/yyyy'],
      },
    ]);
  });

  it('keeps the shared strings cells name, in any sheet and however the cell is written', async () => {
    const unused = Array.from({ length: 2_000 }, (_, i) => `<si><t>không dùng ${i}</t></si>`);
    const file = await xlsx({
      sheets: [
        {
          name: 'A',
          xml: '<worksheet><sheetData><row r="1"><c r="A1" s="0" t = \'s\' ><v> 2000 </v></c></row></sheetData></worksheet>',
        },
        {
          name: 'B',
          xml: '<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"><x:c r="A1" t="s">\n<x:v>2001</x:v></x:c></x:row></x:sheetData></x:worksheet>',
        },
      ],
      shared: `<sst>${unused.join('')}<si><t>Một</t></si><si><r><t>Hai</t></r></si></sst>`,
    });
    expect(await rowsOf(file, 0)).toEqual([{ rowNumber: 1, cells: ['Một'] }]);
    expect(await rowsOf(file, 1)).toEqual([{ rowNumber: 1, cells: ['Hai'] }]);
  });

  it('reads shared strings of runs, without their phonetic runs, CDATA and comments included', async () => {
    const cells = [0, 1, 2, 3].map((i) => `<c r="${'ABCD'[i]}1" t="s"><v>${i}</v></c>`).join('');
    const file = await xlsx({
      sheets: [
        {
          name: 'KH',
          xml: `<worksheet><sheetData><row r="1">${cells}</row></sheetData></worksheet>`,
        },
      ],
      shared:
        '<sst><si><r><rPr><rFont val="Arial"/></rPr><t>Kế </t></r><r><t xml:space="preserve">hoạch</t></r>' +
        '<rPh sb="0" eb="1"><t>ke</t></rPh></si><si/>' +
        '<si><t><![CDATA[<Tên> & mã]]></t><!-- ghi chú --></si><si><t>A&lt;B</t></si></sst>',
    });
    expect(await rowsOf(file)).toEqual([
      { rowNumber: 1, cells: ['Kế hoạch', null, '<Tên> & mã', 'A<B'] },
    ]);
  });

  it('counts a shared string each time a cell names it, and stops at the budget', async () => {
    const long = 'Kiểm tra '.repeat(1_000);
    const cells = Array.from({ length: 50 }, (_, i) => `<c r="A${i + 1}" t="s"><v>0</v></c>`);
    const file = await xlsx({
      sheets: [
        {
          name: 'KH',
          xml: `<worksheet><sheetData>${cells.map((c, i) => `<row r="${i + 1}">${c}</row>`).join('')}</sheetData></worksheet>`,
        },
      ],
      shared: `<sst><si><t>${long}</t></si></sst>`,
    });
    expect(await rowsOf(file, 0, new TextBudget(long.length * 50))).toHaveLength(50);
    await expect(rowsOf(file, 0, new TextBudget(long.length * 10))).rejects.toBeInstanceOf(
      TextBudgetExceeded,
    );
  });

  it('refuses a DOCTYPE, broken markup, and merged ranges covering too many cells', async () => {
    const doctype = await xlsx({
      sheets: [
        {
          name: 'KH',
          xml: '<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>',
        },
      ],
    });
    await expect(rowsOf(doctype)).rejects.toBeInstanceOf(XlsxReadError);
    const cut = await xlsx({
      sheets: [{ name: 'KH', xml: '<worksheet><sheetData><row r="1"><c r="A1"' }],
    });
    await expect(rowsOf(cut)).rejects.toBeInstanceOf(XlsxReadError);
    const wide = await xlsx({
      sheets: [
        {
          name: 'KH',
          xml: '<worksheet><sheetData/><mergeCells><mergeCell ref="A1:ZZ100000"/></mergeCells></worksheet>',
        },
      ],
    });
    await expect(rowsOf(wide)).rejects.toBeInstanceOf(XlsxMergeBoundError);
  });

  it('stops reading when the reader stops', async () => {
    const rows = Array.from(
      { length: 5_000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
    );
    const file = await xlsx({
      sheets: [
        { name: 'KH', xml: `<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>` },
      ],
    });
    const wb = await XlsxWorkbook.open(file);
    const seen: number[] = [];
    for await (const r of wb.rows(wb.sheets[0])) {
      seen.push(r.rowNumber);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('parsePlanFile: bounds while reading', () => {
  it('refuses a file whose cells name more text than the limit (FILE_TEXT_TOO_MUCH)', async () => {
    const header = ['STT', 'Tên doanh nghiệp', 'Mã số thuế', 'Nội dung', 'Thời gian thực hiện'];
    const content = 'Kiểm tra việc chấp hành pháp luật về đo lường '.repeat(650);
    const sst = [...header, 'Công ty A', '0100109106', content, 'Tháng 3/2026'];
    const row = (r: number, refs: number[]) =>
      `<row r="${r}">${refs.map((s, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="s"><v>${s}</v></c>`).join('')}</row>`;
    const rows = [row(1, [0, 1, 2, 3, 4])];
    for (let r = 2; r <= 41; r++) rows.push(row(r, [5, 5, 6, 7, 8]));
    const file = await xlsx({
      sheets: [
        { name: 'KH', xml: `<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>` },
      ],
      shared: `<sst>${sst.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`,
    });
    const opts = { agencyCode: 'SKHCN', year: 2026 };
    const refused = await parsePlanFile(file, { ...opts, maxTextChars: 1_000_000 });
    expect(refused.rows).toEqual([]);
    expect(refused.errors.map((e) => e.code)).toEqual(['FILE_TEXT_TOO_MUCH']);
    expect(refused.errors[0].message.vi).toContain('1000000 ký tự');
    // Under the limit, the same file is read: its one row, and the 39 that repeat it.
    const read = await parsePlanFile(file, { ...opts, maxTextChars: 2_000_000 });
    expect(read.rows).toHaveLength(1);
    expect(new Set(read.errors.map((e) => e.code))).toEqual(new Set(['DUPLICATE_ROW']));
    expect(read.errors).toHaveLength(39);
  });
});
