// Readings of single cells that plan tables write in many ways: tax codes ("MST:
// 1300055192", "0100.109.106", "0101-248-141", inside the name cell), fields (several in one
// cell, or none but a section row or the content), and the type from the row's own words.
import type { FieldMatcher } from '../../../domain/fields-of-management';
import { parseTaxCode, type TaxCodeResult } from '../../../domain/tax-code';
import { foldForMatch } from '../../../domain/vietnamese-text';
import type { InspectionType } from '../../../domain/vocabulary';

const LABEL =
  /^\s*(?:mst|m\.s\.t|mã số thuế|ma so thue|msdn|mã số doanh nghiệp|mã số dn)\s*[:.]?\s*/i;

/**
 * The tax code in a cell as people write it: a label, dots, dashes or spaces between digit
 * groups. Grouping marks are dropped when what remains is 10 digits, or 10 + 3 (a branch).
 */
export function readTaxCodeText(text: string): string {
  let t = text.replace(LABEL, '').trim();
  const digits = t.replace(/[.\-\s]/g, '');
  if (/^\d+$/.test(digits) && /[.\s]/.test(t) && (digits.length === 10 || digits.length === 13))
    t = digits.length === 13 ? `${digits.slice(0, 10)}-${digits.slice(10)}` : digits;
  else if (/^\d{4}-\d{3}-\d{3}$/.test(t)) t = digits; // "0101-248-141": grouped, not a branch
  return t;
}

const IN_NAME =
  /\s*[([,;-]?\s*(?:mst|mã số thuế|ma so thue|msdn|mã số dn)\s*[:.]?\s*(\d[\d.\-\s]{8,16}\d)\s*[)\]]?\s*/i;

/** "Công ty TNHH A (MST 1300591002)" → the name without it, and the code. */
export function taxCodeInName(name: string): { name: string; taxCode: string } | null {
  const m = IN_NAME.exec(name);
  if (!m) return null;
  return {
    name: (name.slice(0, m.index) + ' ' + name.slice(m.index + m[0].length))
      .replace(/\s+/g, ' ')
      .trim(),
    taxCode: readTaxCodeText(m[1]),
  };
}

export function parseWrittenTaxCode(text: string): TaxCodeResult {
  return parseTaxCode(readTaxCodeText(text));
}

export type FieldReading =
  | { ok: true; code: string; guess?: { takenAs: string; why: string; whyVi: string } }
  | { ok: false; reason: 'empty' | 'unknown' | 'ambiguous'; candidates?: string[] };

/**
 * Words that decide the field whatever follows: "Chất lượng xăng dầu" is the quality of
 * petrol (measurement and quality), not trade in it. Used only when the code exists.
 */
const LEADING_FIELD_WORDS: readonly { pattern: RegExp; code: string }[] = [
  {
    pattern: /^(?:kiem tra )?(?:ve )?(?:chat luong|do luong|tieu chuan do luong)\b/,
    code: 'measurement',
  },
];

/**
 * A "Lĩnh vực" cell → one field code. Several fields in one cell ("Lao động, BHXH"): the
 * first written is kept as the main one and marked a guess naming the others.
 */
export function readFieldCell(
  text: string,
  match: FieldMatcher,
  known: (code: string) => boolean,
): FieldReading {
  const folded = foldForMatch(text);
  if (folded === '') return { ok: false, reason: 'empty' };
  for (const rule of LEADING_FIELD_WORDS)
    if (rule.pattern.test(folded) && known(rule.code)) return { ok: true, code: rule.code };
  // Several fields listed in one cell ("Lao động, BHXH"): each part is matched on its own,
  // before the whole text (whose best term might name only one of them).
  const parts = text.split(/\s*(?:,|;|\/|\+|&|\n)\s*|\s+và\s+/).filter((p) => p.trim() !== '');
  const codes: string[] = [];
  if (parts.length > 1) {
    for (const part of parts) {
      const m = match(part);
      if (m.ok && !codes.includes(m.field.code)) codes.push(m.field.code);
    }
  }
  if (codes.length > 1) {
    return {
      ok: true,
      code: codes[0],
      guess: {
        takenAs: codes[0],
        why: `the cell names several fields (${codes.join(', ')}); an inspection has one: the first written is kept as the main one`,
        whyVi: `Ô ghi nhiều lĩnh vực (${codes.join(', ')}); mỗi cuộc chỉ một lĩnh vực: giữ lĩnh vực ghi đầu tiên là lĩnh vực chính`,
      },
    };
  }
  const whole = match(text);
  if (whole.ok) return { ok: true, code: whole.field.code };
  if (codes.length === 1) return { ok: true, code: codes[0] };
  if (!whole.ok && whole.reason === 'ambiguous')
    return { ok: false, reason: 'ambiguous', candidates: whole.candidates.map((f) => f.code) };
  return { ok: false, reason: whole.ok ? 'unknown' : whole.reason };
}

/** "Kiểm tra việc thực hiện kết luận thanh tra…" is a kiểm tra: the row's first words say. */
export function typeFromContent(content: string): InspectionType | undefined {
  const f = foldForMatch(content);
  if (/^(?:thanh tra|kiem tra) (?:va|hoac) (?:thanh tra|kiem tra)\b/.test(f)) return undefined;
  if (/^thanh tra\b/.test(f) && !/^thanh tra (?:kiem tra)\b/.test(f)) return 'thanh-tra';
  if (/^kiem tra\b/.test(f) && !/^kiem tra (?:thanh tra)\b/.test(f)) return 'kiem-tra';
  return undefined;
}
