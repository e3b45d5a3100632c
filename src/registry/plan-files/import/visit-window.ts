// "Thời gian thực hiện" → a DayWindow. Annual plans name a day, a range, a month, a span of
// months or a quarter; a month or quarter means the whole month or quarter. A missing year is
// the plan year; in a range the start borrows the end's year ("01/03 - 15/03/2026").
import { daysInMonth, isCalendarDay, type DayWindow } from '../../../domain/calendar-day';
import type { LocalizedMessage } from '../../../domain/localized-message';
import { foldForMatch } from '../../../domain/vietnamese-text';
import type { CellValue } from './raw-sheet';

export type WindowPrecision = 'day' | 'days' | 'month' | 'months' | 'quarter' | 'quarters' | 'year';

export type WindowErrorCode =
  | 'WINDOW_REQUIRED'
  | 'WINDOW_FORMAT'
  | 'WINDOW_INVALID_DATE'
  | 'WINDOW_REVERSED'
  | 'WINDOW_OUTSIDE_YEAR';

export type WindowResult =
  | { ok: true; window: DayWindow; precision: WindowPrecision }
  | { ok: false; code: WindowErrorCode; message: LocalizedMessage };

/** One side of a range: a window whose year may still be unknown. */
interface Spec {
  kind: 'day' | 'month' | 'quarter' | 'year' | 'half';
  year?: number;
  month?: number; // day, month
  day?: number; // day
  quarter?: number; // quarter
  half?: 1 | 2;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function fullYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return text.length === 2 ? 2000 + n : n;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** Parses one side, on folded text ("quy ii 2026", "thang 3 nam 2026", "15 03 2026"...). */
function parseSpec(s: string): Spec | null {
  let m: RegExpExecArray | null;
  // Folding turned "/", "." and "-" into spaces; dates are three numbers.
  if ((m = /^(?:ngay )?(\d{1,2}) (\d{1,2}) (\d{4}|\d{2})$/.exec(s))) {
    return { kind: 'day', day: +m[1], month: +m[2], year: fullYear(m[3]) };
  }
  if ((m = /^(?:thang|t) ?(\d{1,2})(?: (?:nam )?(\d{4}|\d{2}))?$/.exec(s))) {
    return { kind: 'month', month: +m[1], year: fullYear(m[2]) };
  }
  if ((m = /^(\d{1,2}) (\d{4})$/.exec(s))) return { kind: 'month', month: +m[1], year: +m[2] };
  if ((m = /^(?:ngay )?(\d{1,2}) (\d{1,2})$/.exec(s))) {
    return { kind: 'day', day: +m[1], month: +m[2] };
  }
  if ((m = /^(?:quy|q) ?(iv|i{1,3}|[1-4])(?: (?:nam )?(\d{4}|\d{2}))?$/.exec(s))) {
    return { kind: 'quarter', quarter: ROMAN[m[1]] ?? +m[1], year: fullYear(m[2]) };
  }
  if ((m = /^(?:ca )?nam(?: (\d{4}))?$/.exec(s))) return { kind: 'year', year: fullYear(m[1]) };
  if ((m = /^(\d{4})$/.exec(s))) return { kind: 'year', year: +m[1] };
  if ((m = /^6 thang (dau|cuoi) nam(?: (\d{4}))?$/.exec(s))) {
    return { kind: 'half', half: m[1] === 'dau' ? 1 : 2, year: fullYear(m[2]) };
  }
  return null;
}

type Bounds = { from: string; to: string } | 'invalid';

function bounds(spec: Spec, year: number): Bounds {
  const y = spec.year ?? year;
  switch (spec.kind) {
    case 'day': {
      const d = day(y, spec.month!, spec.day!);
      return isCalendarDay(d) ? { from: d, to: d } : 'invalid';
    }
    case 'month':
      if (spec.month! < 1 || spec.month! > 12) return 'invalid';
      return { from: day(y, spec.month!, 1), to: day(y, spec.month!, daysInMonth(y, spec.month!)) };
    case 'quarter': {
      const last = spec.quarter! * 3;
      return { from: day(y, last - 2, 1), to: day(y, last, daysInMonth(y, last)) };
    }
    case 'half':
      return spec.half === 1
        ? { from: day(y, 1, 1), to: day(y, 6, 30) }
        : { from: day(y, 7, 1), to: day(y, 12, 31) };
    case 'year':
      return { from: day(y, 1, 1), to: day(y, 12, 31) };
  }
}

const PRECISION: Record<Spec['kind'], [WindowPrecision, WindowPrecision]> = {
  day: ['day', 'days'],
  month: ['month', 'months'],
  quarter: ['quarter', 'quarters'],
  half: ['months', 'months'],
  year: ['year', 'year'],
};

/** Excel serial day number (1900 system) → CalendarDay; 25569 is 1970-01-01. */
export function excelSerialToDay(serial: number): string {
  return new Date(Math.round((Math.floor(serial) - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

/**
 * A Date from an Excel date cell → its calendar day. exceljs builds them at UTC midnight
 * of the day shown; rounding to the nearest second absorbs float noise (23:59:59.999).
 */
export function dateCellToDay(value: Date): string {
  return new Date(Math.round(value.getTime() / 1000) * 1000).toISOString().slice(0, 10);
}

const fail = (code: WindowErrorCode, vi: string, en: string): WindowResult => ({
  ok: false,
  code,
  message: { vi, en },
});

const FORMATS_VI =
  '"dd/mm/yyyy", "dd/mm/yyyy - dd/mm/yyyy", "Tháng 3/2026", "Quý II/2026" hoặc "03-05/2026"';
const FORMATS_EN =
  '"dd/mm/yyyy", "dd/mm/yyyy - dd/mm/yyyy", "Tháng 3/2026", "Quý II/2026" or "03-05/2026"';

function checked(
  window: DayWindow,
  precision: WindowPrecision,
  year: number,
  shown: string,
): WindowResult {
  if (window.from > window.to) {
    return fail(
      'WINDOW_REVERSED',
      `Thời gian "${shown}": ngày bắt đầu sau ngày kết thúc`,
      `Window "${shown}": the start is after the end`,
    );
  }
  // The window must meet the plan year; it may run over a year boundary.
  if (window.to < `${year}-01-01` || window.from > `${year}-12-31`) {
    return fail(
      'WINDOW_OUTSIDE_YEAR',
      `Thời gian "${shown}" nằm ngoài năm kế hoạch ${year}`,
      `Window "${shown}" lies outside plan year ${year}`,
    );
  }
  return { ok: true, window, precision };
}

function fromSpecs(a: Spec, b: Spec | null, year: number, shown: string): WindowResult {
  if (b && a.year === undefined && b.year !== undefined) a = { ...a, year: b.year };
  const first = bounds(a, year);
  const last = b ? bounds(b, year) : first;
  if (first === 'invalid' || last === 'invalid') {
    return fail(
      'WINDOW_INVALID_DATE',
      `Thời gian "${shown}" có ngày/tháng không tồn tại`,
      `Window "${shown}" names a day or month that does not exist`,
    );
  }
  const precision = b ? PRECISION[a.kind === b.kind ? a.kind : 'day'][1] : PRECISION[a.kind][0];
  return checked({ from: first.from, to: last.to }, precision, year, shown);
}

/** Range separators, most specific first; " - " is tried at every position. */
const SEPARATORS = [/ (?:den|toi) (?:het )?/g, / ~ /g, / - /g];
const MONTH_RANGE =
  /^(?:tháng|thang|t)?\s*(\d{1,2})\s*-\s*(?:tháng|thang|t)?\s*(\d{1,2})\s*(?:\/|năm|nam)\s*(\d{4})$/;
/** "15-03-2026" after folding: one day, not a range. */
const DASHED_DAY = /^\d{1,2} - \d{1,2} - (?:\d{4}|\d{2})$/;

/**
 * Parses a "Thời gian thực hiện" cell for a plan year. Numbers are Excel serial days (a
 * date cell read as a plain number); Dates are Excel date cells.
 */
export function parseVisitWindow(value: CellValue, year: number): WindowResult {
  if (value === null || (typeof value === 'string' && value.trim() === '')) {
    return fail('WINDOW_REQUIRED', 'Thiếu thời gian thực hiện', 'The visit window is missing');
  }
  if (value instanceof Date || typeof value === 'number') {
    if (typeof value === 'number' && (value < 1 || value > 2_958_465)) {
      return fail(
        'WINDOW_FORMAT',
        `Thời gian "${value}" không đúng định dạng; dùng ${FORMATS_VI}`,
        `Window "${value}" is not understood; use ${FORMATS_EN}`,
      );
    }
    const d = value instanceof Date ? dateCellToDay(value) : excelSerialToDay(value);
    return checked({ from: d, to: d }, 'day', year, d.split('-').reverse().join('/'));
  }
  const shown = value.trim();
  const lower = shown
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2012-\u2015\u2212]/g, '-');

  // "03-05/2026", "Tháng 3-5/2026": months 3 to 5. Only the "/" (or "năm") before the year
  // tells it from "03-05-2026", a day, so this is read before folding drops the "/".
  const months = MONTH_RANGE.exec(lower);
  if (months) {
    const y = +months[3];
    return fromSpecs(
      { kind: 'month', month: +months[1], year: y },
      { kind: 'month', month: +months[2], year: y },
      year,
      shown,
    );
  }

  // Keep "-" and "~" as range marks; fold the rest. "Từ", "trong", "thời gian" add nothing.
  const s = lower
    .split(/(-|~)/)
    .map((part) => (part === '-' || part === '~' ? ` ${part} ` : foldForMatch(part)))
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/^(?:thoi gian )?(?:trong )?(?:tu )?/, '')
    .trim();

  const whole = parseSpec(s.replace(/ - /g, ' '));
  if (whole && (!/ - | ~ /.test(s) || DASHED_DAY.test(s)))
    return fromSpecs(whole, null, year, shown);

  for (const sep of SEPARATORS) {
    for (const hit of s.matchAll(sep)) {
      const a = parseSpec(s.slice(0, hit.index).replace(/ - /g, ' ').trim());
      const b = parseSpec(
        s
          .slice(hit.index + hit[0].length)
          .replace(/ - /g, ' ')
          .trim(),
      );
      if (a && b) return fromSpecs(a, b, year, shown);
    }
  }
  return fail(
    'WINDOW_FORMAT',
    `Thời gian "${shown}" không đúng định dạng; dùng ${FORMATS_VI}`,
    `Window "${shown}" is not understood; use ${FORMATS_EN}`,
  );
}
