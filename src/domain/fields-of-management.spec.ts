import {
  aliasesAfterRename,
  createFieldMatcher,
  DEFAULT_FIELDS_OF_MANAGEMENT,
  FIELD_CODE_PATTERN,
  fieldNameClashes,
  fieldNameKey,
} from './fields-of-management';

describe('createFieldMatcher', () => {
  const match = createFieldMatcher();
  const codeOf = (text: string) => {
    const r = match(text);
    return r.ok ? r.field.code : r.reason;
  };

  it.each([
    ['Thuế', 'tax'],
    ['THUE', 'tax'],
    ['tax', 'tax'],
    ['Lĩnh vực thuế', 'tax'],
    ['Lao động', 'labour'],
    ['BHXH', 'social-insurance'],
    ['Bảo hiểm xã hội', 'social-insurance'],
    ['PCCC', 'fire-safety'],
    ['Phòng cháy, chữa cháy', 'fire-safety'],
    ['phong chay chua chay', 'fire-safety'],
    ['Môi trường', 'environment'],
    ['An toàn thực phẩm', 'food-safety'],
    ['Đo lường', 'measurement'],
    ['Đất đai', 'land'],
    ['Xây dựng', 'construction'],
    ['Y tế', 'health'],
    ['Giáo dục', 'education'],
    ['Công thương', 'trade'],
    ['Giao thông vận tải', 'transport'],
    ['Tài chính', 'finance'],
    ['Kiểm tra việc chấp hành quy định về PCCC', 'fire-safety'],
    ['Chấp hành pháp luật về bảo vệ môi trường', 'environment'],
  ])('%s → %s', (text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  it('matches NFD (decomposed) input like NFC', () => {
    expect(codeOf('An toàn thực phẩm'.normalize('NFD'))).toBe('food-safety');
  });

  it('reports empty, unknown and ambiguous text instead of guessing', () => {
    expect(codeOf('  ')).toBe('empty');
    expect(codeOf('Thiên văn học')).toBe('unknown');
    const r = match('Lao động và PCCC');
    expect(r).toMatchObject({ ok: false, reason: 'ambiguous' });
    if (!r.ok && r.reason === 'ambiguous') {
      expect(r.candidates.map((f) => f.code).sort()).toEqual(['fire-safety', 'labour']);
    }
  });

  it('uses a configured list instead of the default one', () => {
    const custom = createFieldMatcher([
      { code: 'mining', vi: 'Khai khoáng', en: 'Mining', aliases: ['mỏ'] },
    ]);
    expect(custom('khai khoang')).toMatchObject({ ok: true, field: { code: 'mining' } });
    expect(custom('Thuế')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('reads the longest term first: "bảo hiểm y tế" is social insurance, not health', () => {
    expect(codeOf('Kiểm tra việc đóng bảo hiểm y tế')).toBe('social-insurance');
    expect(codeOf('Kiểm tra về y tế')).toBe('health');
    // Whatever the order of a configured list.
    const custom = createFieldMatcher([
      { code: 'health', vi: 'Y tế', en: 'Health' },
      { code: 'social-insurance', vi: 'Bảo hiểm', en: 'Insurance', aliases: ['bảo hiểm y tế'] },
    ]);
    expect(custom('Kiểm tra việc đóng bảo hiểm y tế')).toMatchObject({
      ok: true,
      field: { code: 'social-insurance' },
    });
  });

  it('strips a leading "quản lý nhà nước về" or "quản lý" before the exact match', () => {
    expect(codeOf('Quản lý nhà nước về đất đai')).toBe('land');
    expect(codeOf('Quản lý xây dựng')).toBe('construction');
    // Only at the start: inside the text it is one more word.
    expect(codeOf('đất đai lĩnh vực')).toBe('land');
  });

  it('answers the same for the same text twice (memoised)', () => {
    const once = createFieldMatcher();
    expect(once('Thuế')).toBe(once('Thuế'));
    expect(once('Thuế')).toEqual({ ok: true, field: DEFAULT_FIELDS_OF_MANAGEMENT[0] });
  });

  it('has unique codes in the default list', () => {
    const codes = DEFAULT_FIELDS_OF_MANAGEMENT.map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('short words inside ordinary text', () => {
  it('does not read "tham gia" or "được" as fields', () => {
    const match = createFieldMatcher();
    expect(match('Việc tham gia BHXH được thực hiện')).toMatchObject({
      ok: true,
      field: { code: 'social-insurance' },
    });
  });
});

describe('fieldNameClashes', () => {
  const mining = { code: 'mining', vi: 'Khai khoáng', en: 'Mining', aliases: ['mỏ đá'] };

  it('finds none for a new field whose names no other field claims', () => {
    expect(fieldNameClashes(mining, DEFAULT_FIELDS_OF_MANAGEMENT)).toEqual([]);
  });

  it('finds a name or alias that reads like another field once diacritics and case are gone', () => {
    const clash = { ...mining, vi: 'THUE', aliases: ['mỏ đá', 'Pccc'] };
    expect(fieldNameClashes(clash, DEFAULT_FIELDS_OF_MANAGEMENT)).toEqual([
      { part: 'vi', name: 'THUE', otherCode: 'tax' },
      { part: 'aliases', name: 'Pccc', otherCode: 'fire-safety' },
    ]);
  });

  it('does not count the field against its own stored version', () => {
    const tax = DEFAULT_FIELDS_OF_MANAGEMENT[0];
    expect(fieldNameClashes({ ...tax, en: 'Taxation' }, DEFAULT_FIELDS_OF_MANAGEMENT)).toEqual([]);
  });

  it('finds none inside the built-in list', () => {
    for (const f of DEFAULT_FIELDS_OF_MANAGEMENT)
      expect([f.code, fieldNameClashes(f, DEFAULT_FIELDS_OF_MANAGEMENT)]).toEqual([f.code, []]);
  });
});

describe('names', () => {
  it('compares Vietnamese names NFC and case-folded', () => {
    expect(fieldNameKey(' Lao   Động '.normalize('NFD'))).toBe(fieldNameKey('lao động'));
    expect(fieldNameKey('Thuế')).not.toBe(fieldNameKey('Thuê'));
  });

  it('keeps the former name as an alias after a rename, once', () => {
    const before = { vi: 'Thông tin và truyền thông', aliases: ['viễn thông'] };
    expect(aliasesAfterRename(before, 'Thông tin, báo chí')).toEqual([
      'viễn thông',
      'Thông tin và truyền thông',
    ]);
    expect(aliasesAfterRename(before, 'THÔNG TIN VÀ TRUYỀN THÔNG')).toEqual(['viễn thông']);
    expect(aliasesAfterRename(before, 'Báo chí', ['thong tin va truyen thong'])).toEqual([
      'thong tin va truyen thong',
    ]);
  });
});

describe('field codes', () => {
  it('are lower-case words joined by hyphens', () => {
    for (const f of DEFAULT_FIELDS_OF_MANAGEMENT) expect(f.code).toMatch(FIELD_CODE_PATTERN);
    expect('Khoang-San').not.toMatch(FIELD_CODE_PATTERN);
    expect('-mining').not.toMatch(FIELD_CODE_PATTERN);
  });
});
