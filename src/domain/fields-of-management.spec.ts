import { createFieldMatcher, DEFAULT_FIELDS_OF_MANAGEMENT } from './fields-of-management';

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
