import fc from 'fast-check';
import { isValidTaxCode, parentTaxCode, parseTaxCode, taxCodeCheckDigit } from './tax-code';

describe('parseTaxCode', () => {
  it.each(['0100109106', '0300588569', '0101248141'])('accepts the real code %s', (code) => {
    expect(parseTaxCode(code)).toEqual({ ok: true, taxCode: code, parent: code, isBranch: false });
  });

  it('rejects 0100109107 (check digit)', () => {
    const r = parseTaxCode('0100109107');
    expect(r).toMatchObject({ ok: false, code: 'TAX_CODE_CHECK_DIGIT' });
    if (!r.ok) {
      expect(r.message.vi).toContain('chữ số kiểm tra');
      expect(r.message.en).toContain('check digit');
    }
  });

  it('normalises a 13-digit branch code to the dashed form and names its parent', () => {
    for (const input of ['0100109106-001', '0100109106001', ' 0100109106 - 001 ']) {
      expect(parseTaxCode(input)).toEqual({
        ok: true,
        taxCode: '0100109106-001',
        parent: '0100109106',
        isBranch: true,
      });
    }
    expect(parentTaxCode('0300588569-999')).toBe('0300588569');
  });

  it('rejects branch suffix 000 and a branch of an invalid parent', () => {
    expect(parseTaxCode('0100109106-000')).toMatchObject({
      ok: false,
      code: 'TAX_CODE_BRANCH_SUFFIX',
    });
    expect(parseTaxCode('0100109107-001')).toMatchObject({
      ok: false,
      code: 'TAX_CODE_CHECK_DIGIT',
    });
  });

  it.each([
    ['', 'TAX_CODE_REQUIRED'],
    [null, 'TAX_CODE_REQUIRED'],
    ['010010910', 'TAX_CODE_FORMAT'],
    ['01001091061', 'TAX_CODE_FORMAT'],
    ['0100109106-01', 'TAX_CODE_FORMAT'],
    ['0100109106_001', 'TAX_CODE_FORMAT'],
    ['01OO109106', 'TAX_CODE_FORMAT'],
    ['012345678901', 'TAX_CODE_FORMAT'],
  ])('rejects %p with %s', (input, code) => {
    expect(parseTaxCode(input)).toMatchObject({ ok: false, code });
  });

  it('tells the user what is wrong, in Vietnamese and English', () => {
    const messages = (input: unknown) => {
      const r = parseTaxCode(input);
      return r.ok ? undefined : [r.code, r.message.vi, r.message.en];
    };
    expect(messages(undefined)).toEqual([
      'TAX_CODE_REQUIRED',
      'Thiếu mã số thuế',
      'Tax code is missing',
    ]);
    expect(messages('  ')).toEqual([
      'TAX_CODE_REQUIRED',
      'Thiếu mã số thuế',
      'Tax code is missing',
    ]);
    expect(messages('01001 0910')).toEqual([
      'TAX_CODE_FORMAT',
      'Mã số thuế "010010910" không đúng định dạng: cần 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN',
      'Tax code "010010910" is malformed: expected 10 digits, or 13 digits as NNNNNNNNNN-NNN',
    ]);
    expect(messages('0100109107-001')).toEqual([
      'TAX_CODE_CHECK_DIGIT',
      'Mã số thuế "0100109107" sai chữ số kiểm tra (chữ số thứ 10)',
      'Tax code "0100109107" has a wrong check digit (10th digit)',
    ]);
    expect(messages('0100109106-000')).toEqual([
      'TAX_CODE_BRANCH_SUFFIX',
      'Mã số thuế đơn vị phụ thuộc "0100109106-000" có phần đuôi 000 không hợp lệ (từ 001 đến 999)',
      'Dependent-unit tax code "0100109106-000" has suffix 000; valid suffixes are 001 to 999',
    ]);
  });

  it('parentTaxCode throws on an invalid code, naming why', () => {
    expect(() => parentTaxCode('0100109107')).toThrow(
      new RangeError('Tax code "0100109107" has a wrong check digit (10th digit)'),
    );
  });

  it('computes a check digit only from exactly nine digits', () => {
    expect(taxCodeCheckDigit('010010910')).toBe(6);
    for (const bad of ['01001091', '0100109100', 'x010010910', '010010910x']) {
      expect(() => taxCodeCheckDigit(bad)).toThrow(`nine digits expected: ${bad}`);
    }
  });

  it('rejects every code whose prefix has remainder 0 (the formula would give 10)', () => {
    // 000000000 → s = 0 → 10 − 0 = 10: no digit exists, so no code on that prefix is valid.
    expect(taxCodeCheckDigit('000000000')).toBeNull();
    for (let d = 0; d <= 9; d++) expect(isValidTaxCode(`000000000${d}`)).toBe(false);
  });
});

describe('tax code properties', () => {
  const firstNine = fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
    .map((ds) => ds.join(''))
    .filter((p) => taxCodeCheckDigit(p) !== null);
  const validCode = firstNine.map((p) => `${p}${taxCodeCheckDigit(p)}`);

  it('every generated valid code passes, with and without a branch suffix', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 1, max: 999 }), (code, suffix) => {
        expect(parseTaxCode(code)).toMatchObject({ ok: true, taxCode: code, isBranch: false });
        const branch = `${code}-${String(suffix).padStart(3, '0')}`;
        expect(parseTaxCode(branch)).toMatchObject({ ok: true, taxCode: branch, parent: code });
      }),
    );
  });

  it('a single-digit change of d1..d9 is rejected whenever it changes the check digit', () => {
    fc.assert(
      fc.property(
        validCode,
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (code, pos, delta) => {
          const digit = (Number(code[pos]) + delta) % 10;
          const mutated = code.slice(0, pos) + digit + code.slice(pos + 1);
          const expected = taxCodeCheckDigit(mutated.slice(0, 9));
          if (expected === Number(code[9])) return; // the mutation kept the check digit
          expect(parseTaxCode(mutated)).toMatchObject({ ok: false, code: 'TAX_CODE_CHECK_DIGIT' });
        },
      ),
    );
  });

  it('a single-digit change of the check digit itself is always rejected', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 1, max: 9 }), (code, delta) => {
        const mutated = code.slice(0, 9) + ((Number(code[9]) + delta) % 10);
        expect(isValidTaxCode(mutated)).toBe(false);
      }),
    );
  });
});
