import { CsvEncodingError, decodeCsv, detectDelimiter, readCsv } from './read-csv';

// The encodings and delimiters agencies' spreadsheet programs actually write.
const utf16le = (text: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
};

describe('decodeCsv', () => {
  it('reads UTF-16 with either byte order mark, dropping the mark', () => {
    const text = 'Mã số thuế\tTên';
    expect(decodeCsv(utf16le(text))).toEqual({ text, utf16: true, encoding: 'UTF-16' });
    expect(decodeCsv(utf16be(text))).toEqual({ text, utf16: true, encoding: 'UTF-16' });
    // Without a mark: the zero bytes of ASCII letters tell UTF-16 and its byte order.
    expect(decodeCsv(utf16le(text).subarray(2)).encoding).toBe('UTF-16');
    expect(decodeCsv(utf16le(text).subarray(2)).text).toBe(text);
  });

  it('reads UTF-8 with or without BOM, Windows-1258, and refuses bytes no code page has', () => {
    expect(decodeCsv(Buffer.from('\ufeffMã số thuế,Tên'))).toEqual({
      text: 'Mã số thuế,Tên',
      utf16: false,
      encoding: 'UTF-8',
    });
    expect(decodeCsv(Buffer.from('ab'))).toEqual({ text: 'ab', utf16: false, encoding: 'UTF-8' });
    // "Mã số thuế" in Windows-1258: base letters plus combining tone marks (0xDE tilde,
    // 0xEC acute), composed to NFC.
    const cp1258 = Buffer.from([
      0x4d, 0x61, 0xde, 0x20, 0x73, 0xf4, 0xec, 0x20, 0x74, 0x68, 0x75, 0xea, 0xec,
    ]);
    expect(decodeCsv(cp1258)).toEqual({
      text: 'Mã số thuế',
      utf16: false,
      encoding: 'Windows-1258',
    });
    // 0x81 is undefined in Windows-1258 (and not UTF-8).
    expect(() => decodeCsv(Buffer.from([0x41, 0x81]))).toThrow(CsvEncodingError);
  });
});

describe('detectDelimiter', () => {
  it('takes the delimiter that gives the widest of the first records', () => {
    expect(detectDelimiter('STT;Tên;MST\n1;A;B', false)).toBe(';');
    expect(detectDelimiter('STT,Tên,MST\n1,A,B', false)).toBe(',');
    expect(detectDelimiter('STT\tTên\tMST\n1\tA\tB', false)).toBe('\t');
    // A title line above the header does not decide it; blank cells do not count.
    expect(detectDelimiter('KẾ HOẠCH NĂM 2026, SỞ KHCN\nSTT;Tên;MST;;\n1;A;B', false)).toBe(';');
  });

  it('prefers tab for UTF-16 and comma for UTF-8 when nothing splits', () => {
    expect(detectDelimiter('một ô', true)).toBe('\t');
    expect(detectDelimiter('một ô', false)).toBe(',');
  });
});

describe('readCsv', () => {
  it('gives one row per record, multi-line cells kept, null for blank cells', () => {
    const sheet = readCsv(Buffer.from('STT;Tên;Ghi chú\n1;"Công ty\nHòa Bình";  \n;;\n'));
    expect(sheet).toEqual({
      name: 'csv',
      rows: [
        { rowNumber: 1, cells: ['STT', 'Tên', 'Ghi chú'] },
        { rowNumber: 2, cells: ['1', 'Công ty\nHòa Bình', null] },
        { rowNumber: 3, cells: [null, null, null] },
      ],
    });
  });
});
