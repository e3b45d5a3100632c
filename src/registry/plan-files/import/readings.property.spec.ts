// Zero silent misreadings, as a property: for cell texts written the ways plan files write
// them, generated from a known truth, a reading is either refused, marked as a guess, or
// equal to the truth. Never a certain reading that differs.
import fc from 'fast-check';
import {
  createFieldMatcher,
  DEFAULT_FIELDS_OF_MANAGEMENT,
} from '../../../domain/fields-of-management';
import { daysInMonth } from '../../../domain/calendar-day';
import { taxCodeCheckDigit } from '../../../domain/tax-code';
import { parseWrittenTaxCode, readFieldCell, taxCodeInName } from './row-readings';
import { parseVisitWindow } from './visit-window';

const YEAR = 2026;
const pad = (n: number) => String(n).padStart(2, '0');
const ROMAN = ['I', 'II', 'III', 'IV'];
const monthEnd = (m: number) => `${YEAR}-${pad(m)}-${pad(daysInMonth(YEAR, m))}`;

interface WindowCase {
  text: string;
  truth: { from: string; to: string };
}

const space = fc.constantFrom(' ', '', '  ');
const dash = fc.constantFrom('-', ' - ', '–', ' – ');
const yearSuffix = fc.constantFrom(`/${YEAR}`, ` năm ${YEAR}`, '');

const month: fc.Arbitrary<WindowCase> = fc
  .tuple(
    fc.integer({ min: 1, max: 12 }),
    fc.constantFrom('Tháng ', 'tháng ', 'T', 'Tháng  '),
    yearSuffix,
    fc.boolean(),
  )
  .map(([m, word, y, planned]) => ({
    text: `${word}${planned ? pad(m) : m}${y}${planned ? ' (dự kiến)' : ''}`,
    truth: { from: `${YEAR}-${pad(m)}-01`, to: monthEnd(m) },
  }));

const monthRange: fc.Arbitrary<WindowCase> = fc
  .tuple(
    fc.integer({ min: 1, max: 11 }),
    fc.integer({ min: 1, max: 11 }),
    dash,
    fc.constantFrom(`/${YEAR}`, ''),
  )
  .map(([a, len, d, y]) => {
    const b = Math.min(12, a + len);
    return {
      text: `Tháng ${a}${d}${b}${y}`,
      truth: { from: `${YEAR}-${pad(a)}-01`, to: monthEnd(b) },
    };
  });

const monthList: fc.Arbitrary<WindowCase> = fc
  .tuple(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), space)
  .map(([a, n, word, s]) => {
    const months = Array.from({ length: n + 1 }, (_, i) => a + i).filter((m) => m <= 12);
    return {
      text: `${word ? 'Tháng ' : ''}${months.join(`,${s}`)}/${YEAR}`,
      truth: { from: `${YEAR}-${pad(months[0])}-01`, to: monthEnd(months[months.length - 1]) },
    };
  });

const quarter: fc.Arbitrary<WindowCase> = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.boolean(), yearSuffix, fc.boolean())
  .map(([q, roman, y, planned]) => ({
    text: `Quý ${roman ? ROMAN[q - 1] : q}${y}${planned ? ' (dự kiến)' : ''}`,
    truth: { from: `${YEAR}-${pad(q * 3 - 2)}-01`, to: monthEnd(q * 3) },
  }));

const quarterList: fc.Arbitrary<WindowCase> = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
  .map(([a, n]) => {
    const qs = Array.from({ length: n + 1 }, (_, i) => a + i).filter((q) => q <= 4);
    return {
      text: `Quý ${qs.map((q) => ROMAN[q - 1]).join(', ')}`,
      truth: { from: `${YEAR}-${pad(qs[0] * 3 - 2)}-01`, to: monthEnd(qs[qs.length - 1] * 3) },
    };
  });

const dayRange: fc.Arbitrary<WindowCase> = fc
  .tuple(
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 20 }),
    fc.integer({ min: 0, max: 8 }),
    fc.constantFrom('short', 'full', 'yearAtEnd'),
  )
  .map(([m, a, len, style]) => {
    const b = Math.min(daysInMonth(YEAR, m), a + len);
    const text =
      style === 'yearAtEnd'
        ? `${a}-${b}/${m}/${YEAR}`
        : style === 'short'
          ? `${pad(a)}/${pad(m)} - ${pad(b)}/${pad(m)}/${YEAR}`
          : `Từ ngày ${pad(a)}/${pad(m)}/${YEAR} đến ngày ${pad(b)}/${pad(m)}/${YEAR}`;
    return {
      text,
      truth: { from: `${YEAR}-${pad(m)}-${pad(a)}`, to: `${YEAR}-${pad(m)}-${pad(b)}` },
    };
  });

const oneDay: fc.Arbitrary<WindowCase> = fc
  .tuple(
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.constantFrom('/', '-', '.'),
  )
  .map(([m, d, sep]) => ({
    text: `${pad(d)}${sep}${pad(m)}${sep}${YEAR}`,
    truth: { from: `${YEAR}-${pad(m)}-${pad(d)}`, to: `${YEAR}-${pad(m)}-${pad(d)}` },
  }));

/** Texts whose meaning people read with a convention: the reader must mark them a guess. */
const conventional: fc.Arbitrary<WindowCase> = fc.oneof(
  fc.integer({ min: 1, max: 12 }).map((m) => ({
    text: `Từ ${pad(1)}/${m}/${YEAR}`,
    truth: { from: `${YEAR}-${pad(m)}-01`, to: `${YEAR}-12-31` },
  })),
  fc.integer({ min: 1, max: 4 }).map((q) => ({
    text: `Đầu quý ${ROMAN[q - 1]}`,
    truth: { from: `${YEAR}-${pad(q * 3 - 2)}-01`, to: monthEnd(q * 3 - 2) },
  })),
);

describe('readings never differ from the truth unless marked', () => {
  it('visit windows as written', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          month,
          monthRange,
          monthList,
          quarter,
          quarterList,
          dayRange,
          oneDay,
          conventional,
        ),
        (c) => {
          const r = parseVisitWindow(c.text, YEAR);
          if (!r.ok || r.guess) return; // refused or shown as a guess: not silent
          expect({ text: c.text, window: r.window }).toEqual({ text: c.text, window: c.truth });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('conventional forms are always marked as guesses', () => {
    fc.assert(
      fc.property(conventional, (c) => {
        const r = parseVisitWindow(c.text, YEAR);
        expect(r.ok && r.guess !== undefined).toBe(true);
      }),
    );
  });

  it('every plain form is read (not refused)', () => {
    fc.assert(
      fc.property(
        fc.oneof(month, monthRange, monthList, quarter, quarterList, dayRange, oneDay),
        (c) => {
          expect({ text: c.text, ok: parseVisitWindow(c.text, YEAR).ok }).toEqual({
            text: c.text,
            ok: true,
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('Excel date cells: a format without a day is the month, else the day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom(
          'mmm-yy',
          'mm/yyyy',
          'm/yyyy',
          '[$-42A]mmmm yyyy',
          'dd/mm/yyyy',
          'd/m/yyyy',
          'mm-dd-yy',
        ),
        (m, d, fmt) => {
          const r = parseVisitWindow(new Date(Date.UTC(YEAR, m - 1, d)), YEAR, fmt);
          expect(r.ok).toBe(true);
          if (!r.ok || r.guess) return;
          const showsDay = /d/.test(fmt.replace(/\[[^\]]*\]/g, ''));
          const truth =
            !showsDay && d === 1
              ? { from: `${YEAR}-${pad(m)}-01`, to: monthEnd(m) }
              : { from: `${YEAR}-${pad(m)}-${pad(d)}`, to: `${YEAR}-${pad(m)}-${pad(d)}` };
          expect(r.window).toEqual(truth);
        },
      ),
    );
  });

  it('tax codes in every form, valid or not', () => {
    const nine = fc.stringMatching(/^[0-9]{9}$/);
    const code = fc.tuple(nine, fc.integer({ min: 0, max: 9 })).map(([n, d]) => `${n}${d}`);
    const render = fc.constantFrom(
      (c: string) => c,
      (c: string) => `MST: ${c}`,
      (c: string) => `MST ${c}`,
      (c: string) => `${c.slice(0, 4)}.${c.slice(4, 7)}.${c.slice(7)}`,
      (c: string) => `${c.slice(0, 4)}-${c.slice(4, 7)}-${c.slice(7)}`,
      (c: string) => `${c.slice(0, 4)} ${c.slice(4, 7)} ${c.slice(7)}`,
      (c: string) => `Mã số thuế: ${c}`,
    );
    fc.assert(
      fc.property(code, render, (c, write) => {
        const r = parseWrittenTaxCode(write(c));
        const valid = taxCodeCheckDigit(c.slice(0, 9)) === Number(c[9]);
        expect(r.ok).toBe(valid);
        if (r.ok) expect(r.taxCode).toBe(c);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(code, fc.constantFrom('(MST %)', '- MST: %', '(Mã số thuế: %)'), (c, pattern) => {
        const found = taxCodeInName(`Công ty TNHH Hòa Bình ${pattern.replace('%', c)}`);
        expect(found).toEqual({ name: 'Công ty TNHH Hòa Bình', taxCode: c });
      }),
    );
  });

  it('fields: one written is certain and right; several are a guess on the first', () => {
    const match = createFieldMatcher();
    const known = (code: string) => DEFAULT_FIELDS_OF_MANAGEMENT.some((f) => f.code === code);
    // Labels without a comma of their own, so a list of them splits cleanly.
    const simple = DEFAULT_FIELDS_OF_MANAGEMENT.filter((f) => !/[,&]| và /.test(f.vi));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...simple), {
          minLength: 1,
          maxLength: 3,
          selector: (f) => f.code,
        }),
        fc.constantFrom(', ', '; ', ' và ', ' / '),
        (fields, sep) => {
          const r = readFieldCell(fields.map((f) => f.vi).join(sep), match, known);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.code).toBe(fields[0].code);
          expect(r.guess !== undefined).toBe(fields.length > 1);
        },
      ),
    );
  });
});
