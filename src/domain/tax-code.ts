// Vietnamese tax codes (mã số thuế). An enterprise has a 10-digit code whose 10th digit is a
// check digit; a dependent unit (branch, representative office) has the parent's 10 digits
// plus a 3-digit suffix, written NNNNNNNNNN-NNN. Rules count per parent, so the parent is
// always derived here.
import type { LocalizedMessage } from './localized-message';

export type TaxCode = string;

export type TaxCodeErrorCode =
  'TAX_CODE_REQUIRED' | 'TAX_CODE_FORMAT' | 'TAX_CODE_CHECK_DIGIT' | 'TAX_CODE_BRANCH_SUFFIX';

export type TaxCodeResult =
  | { ok: true; taxCode: TaxCode; parent: TaxCode; isBranch: boolean }
  | { ok: false; code: TaxCodeErrorCode; message: LocalizedMessage };

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/**
 * The check digit for the first nine digits, or null when none exists.
 *
 * d10 = 10 − (s mod 11). When s mod 11 == 0 the formula gives 10, which is not a digit.
 * Published implementations disagree there (some write 0, some take the formula mod 10,
 * which also gives 0). Decision: such a nine-digit prefix has NO valid check digit — the
 * tax authority does not issue those sequences — so every code built on it is rejected.
 * Accepting "0" would wrongly accept codes whose real check digit is 0 (s mod 11 == 10)
 * twice over and let typos through.
 */
export function taxCodeCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError(`nine digits expected: ${firstNine}`);
  let s = 0;
  for (let i = 0; i < 9; i++) s += WEIGHTS[i] * (firstNine.charCodeAt(i) - 48);
  const d10 = 10 - (s % 11);
  return d10 === 10 ? null : d10;
}

const err = (code: TaxCodeErrorCode, vi: string, en: string): TaxCodeResult => ({
  ok: false,
  code,
  message: { vi, en },
});

/**
 * Parses and validates a tax code. Whitespace anywhere is ignored ("0100109106 - 001").
 * Accepts 10 digits, or 13 digits with or without the dash; returns the 13-digit form
 * dashed. Branch suffix 000 is rejected: suffixes are allocated from 001 (000 would be
 * the parent itself and is never issued).
 */
export function parseTaxCode(input: unknown): TaxCodeResult {
  if (input === null || input === undefined) {
    return err('TAX_CODE_REQUIRED', 'Thiếu mã số thuế', 'Tax code is missing');
  }
  const raw = String(input).replace(/\s+/g, '');
  if (raw === '') return err('TAX_CODE_REQUIRED', 'Thiếu mã số thuế', 'Tax code is missing');
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(raw);
  if (!m) {
    return err(
      'TAX_CODE_FORMAT',
      `Mã số thuế "${raw}" không đúng định dạng: cần 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN`,
      `Tax code "${raw}" is malformed: expected 10 digits, or 13 digits as NNNNNNNNNN-NNN`,
    );
  }
  const parent = m[1];
  const expected = taxCodeCheckDigit(parent.slice(0, 9));
  if (expected === null || expected !== Number(parent[9])) {
    return err(
      'TAX_CODE_CHECK_DIGIT',
      `Mã số thuế "${parent}" sai chữ số kiểm tra (chữ số thứ 10)`,
      `Tax code "${parent}" has a wrong check digit (10th digit)`,
    );
  }
  const suffix = m[2];
  if (suffix === undefined) return { ok: true, taxCode: parent, parent, isBranch: false };
  if (suffix === '000') {
    return err(
      'TAX_CODE_BRANCH_SUFFIX',
      `Mã số thuế đơn vị phụ thuộc "${parent}-${suffix}" có phần đuôi 000 không hợp lệ (từ 001 đến 999)`,
      `Dependent-unit tax code "${parent}-${suffix}" has suffix 000; valid suffixes are 001 to 999`,
    );
  }
  return { ok: true, taxCode: `${parent}-${suffix}`, parent, isBranch: true };
}

export function isValidTaxCode(input: unknown): boolean {
  return parseTaxCode(input).ok;
}

/** The code counted by the rules: the parent's 10 digits. Throws on an invalid code. */
export function parentTaxCode(input: string): TaxCode {
  const r = parseTaxCode(input);
  if (!r.ok) throw new RangeError(r.message.en);
  return r.parent;
}
