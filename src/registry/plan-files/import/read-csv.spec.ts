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
    expect(decodeCsv(utf16le('Mã số thuế\tTên'))).toEqual({ text: 'Mã số thuế\tTên', utf16: true });
    expect(decodeCsv(utf16be('Mã số thuế\tTên'))).toEqual({ text: 'Mã số thuế\tTên', utf16: true });
  });

  it('reads UTF-8 with or without BOM, and refuses a legacy encoding', () => {
    expect(decodeCsv(Buffer.from('\ufeffMã số thuế,Tên'))).toEqual({
      text: 'Mã số thuế,Tên',
      utf16: false,
    });
    expect(decodeCsv(Buffer.from('ab'))).toEqual({ text: 'ab', utf16: false });
    // One byte 0xFF: neither a BOM nor UTF-8.
    expect(() => decodeCsv(Buffer.from([0xff]))).toThrow(new CsvEncodingError('not UTF-8'));
    // "Mã" in Windows-1258: 0xE3 is not valid UTF-8 here.
    expect(() => decodeCsv(Buffer.from([0x4d, 0xe3, 0x2c]))).toThrow(CsvEncodingError);
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
