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

/** A reading that is not certain: what it was taken to mean and why (en + vi). */
export interface WindowGuess {
  why: string;
  whyVi: string;
}

export type WindowResult =
  | { ok: true; window: DayWindow; precision: WindowPrecision; guess?: WindowGuess }
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
  if ((m = /^0?6 thang (dau|cuoi) nam(?: (\d{4}))?$/.exec(s))) {
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
  /^(?:tháng|thang|t)?\s*(\d{1,2})\s*-\s*(?:tháng|thang|t)?\s*(\d{1,2})\s*(?:(?:\/|năm|nam)\s*(\d{4}))?$/;
/** "Tháng 10-11" needs the word: "10-11" alone could be a day and a month. */
const MONTH_RANGE_NEEDS_WORD = /^(?:tháng|thang|t)\s*\d/;
/** "10-20/3/2026": days 10 to 20 of March, the month and year written once at the end. */
const DAY_RANGE = /^(?:ngày\s*)?(\d{1,2})\s*-\s*(\d{1,2})\s*\/\s*(\d{1,2})(?:\s*\/\s*(\d{4}))?$/;
/** "Tháng 3, 4/2026", "Quý II, III", "3, 4/2026": a list of months or quarters. */
const LIST =
  /^(tháng|thang|quý|quy)?\s*((?:\d{1,2}|iv|i{1,3})(?:\s*(?:,|;|và|va|&)\s*(?:tháng|thang|quý|quy)?\s*(?:\d{1,2}|iv|i{1,3}))+)\s*(?:(?:\/|năm|nam)\s*(\d{4}))?$/;
/** "Đầu quý II", "Cuối quý III/2026": a part of a quarter. */
const PART_OF_QUARTER =
  /^(đầu|dau|cuối|cuoi|giữa|giua)\s+(?:quý|quy)\s*(iv|i{1,3}|[1-4])(?:\s*(?:\/|năm|nam)\s*(\d{4}))?$/;
/** "15-03-2026" after folding: one day, not a range. */
const DASHED_DAY = /^\d{1,2} - \d{1,2} - (?:\d{4}|\d{2})$/;

/**
 * Parses a "Thời gian thực hiện" cell for a plan year. Numbers are Excel serial days (a
 * date cell read as a plain number); Dates are Excel date cells.
 */
export function parseVisitWindow(
  value: CellValue,
  year: number,
  dateFormat?: string,
): WindowResult {
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
    const shownDay = d.split('-').reverse().join('/');
    if (value instanceof Date && d.endsWith('-01')) {
      const [y, m] = d.split('-').map(Number);
      const month = { from: d, to: day(y, m, daysInMonth(y, m)) };
      // "3/2026" typed into Excel becomes the date 1/3/2026 shown as "Mar-26": a month. The
      // format says so when it shows no day; without a format the first of a month is a guess.
      if (dateFormat !== undefined && !/d/i.test(dateFormat.replace(/\[[^\]]*\]|"[^"]*"/g, ''))) {
        return checked(month, 'month', year, `${m}/${y}`);
      }
      if (dateFormat === undefined) {
        const r = checked(month, 'month', year, `${m}/${y}`);
        return r.ok
          ? {
              ...r,
              guess: {
                why: `an Excel date cell on the 1st (${shownDay}) without a format: "${m}/${y}" typed into Excel becomes this date, so taken as the month`,
                whyVi: `Ô ngày của Excel rơi vào ngày 01 (${shownDay}), không có định dạng: gõ "${m}/${y}" thì Excel lưu thành ngày này, nên hiểu là cả tháng`,
              },
            }
          : r;
      }
    }
    return checked({ from: d, to: d }, 'day', year, shownDay);
  }
  const shown = value.trim();
  // "(dự kiến)", "(tạm dự kiến)": planned, which every window in a plan is.
  const lower = shown
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2012-\u2015\u2212]/g, '-')
    .replace(/\((?:tạm\s+)?dự\s+kiến\)|\btạm\s+dự\s+kiến\b|\bdự\s+kiến\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

  const days = DAY_RANGE.exec(lower);
  if (days) {
    const y = days[4] ? +days[4] : undefined;
    return fromSpecs(
      { kind: 'day', day: +days[1], month: +days[3], year: y },
      { kind: 'day', day: +days[2], month: +days[3], year: y },
      year,
      shown,
    );
  }

  const list = LIST.exec(lower);
  if (list) return fromList(list, year, shown);

  const part = PART_OF_QUARTER.exec(lower);
  if (part) {
    const q = ROMAN[part[2]] ?? +part[2];
    const y = part[3] ? +part[3] : year;
    const which = foldForMatch(part[1]);
    const month = which === 'dau' ? q * 3 - 2 : which === 'cuoi' ? q * 3 : q * 3 - 1;
    const r = fromSpecs({ kind: 'month', month, year: y }, null, year, shown);
    return r.ok
      ? {
          ...r,
          guess: {
            why: `"${shown}" names part of a quarter: taken as its ${which === 'dau' ? 'first' : which === 'cuoi' ? 'last' : 'middle'} month`,
            whyVi: `"${shown}" chỉ một phần của quý: hiểu là tháng ${month}`,
          },
        }
      : r;
  }

  // "Từ 01/3/2026", "Từ tháng 3": a start and no end; taken to run to the end of the year.
  const open = /^(?:thời gian\s+)?(?:từ|kể từ|bắt đầu từ|bắt đầu)\s+(.+)$/.exec(lower);
  if (open && !/(?:\s-\s|\s~\s|đến|tới|-)/.test(open[1].replace(/^\d{1,2}-\d{1,2}-\d{2,4}$/, ''))) {
    const start = parseVisitWindow(open[1], year);
    if (start.ok) {
      const end = `${year}-12-31` >= start.window.from ? `${year}-12-31` : start.window.to;
      const r = checked(
        { from: start.window.from, to: end },
        start.precision === 'day' ? 'days' : 'months',
        year,
        shown,
      );
      return r.ok
        ? {
            ...r,
            guess: {
              why: `"${shown}" gives a start and no end: taken to run to the end of ${year}`,
              whyVi: `"${shown}" chỉ ghi ngày bắt đầu: hiểu là kéo dài đến hết năm ${year}`,
            },
          }
        : r;
    }
  }

  // "03-05/2026", "Tháng 3-5/2026": months 3 to 5. Only the "/" (or "năm") before the year
  // tells it from "03-05-2026", a day, so this is read before folding drops the "/".
  const months = MONTH_RANGE.exec(lower);
  if (months && (months[3] || MONTH_RANGE_NEEDS_WORD.test(lower))) {
    const y = months[3] ? +months[3] : undefined;
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

function fromList(list: RegExpExecArray, year: number, shown: string): WindowResult {
  const word = list[1] ? foldForMatch(list[1]) : '';
  const items = list[2]
    .split(/\s*(?:,|;|và|va|&)\s*/)
    .map((t) => t.replace(/^(?:tháng|thang|quý|quy)\s*/, '').trim());
  const roman = items.every((t) => /^(?:iv|i{1,3})$/.test(t));
  const quarter = word === 'quy' || roman;
  const numbers = items.map((t) => ROMAN[t] ?? +t);
  const y = list[3] ? +list[3] : undefined;
  const kind = quarter ? 'quarter' : 'month';
  const specs: Spec[] = numbers.map((n) =>
    quarter ? { kind, quarter: n, year: y } : { kind, month: n, year: y },
  );
  if (numbers.some((n) => n < 1 || n > (quarter ? 4 : 12))) {
    return fail(
      'WINDOW_INVALID_DATE',
      `Thời gian "${shown}" có ngày/tháng không tồn tại`,
      `Window "${shown}" names a day or month that does not exist`,
    );
  }
  const r = fromSpecs(specs[0], specs[specs.length - 1], year, shown);
  if (!r.ok) return r;
  const consecutive = numbers.every((n, i) => i === 0 || n === numbers[i - 1] + 1);
  if (consecutive) return r;
  const unit = quarter ? 'quarters' : 'months';
  return {
    ...r,
    guess: {
      why: `"${shown}" lists ${unit} ${numbers.join(', ')} that do not follow each other; one window holds one span, taken from the first to the last`,
      whyVi: `"${shown}" liệt kê các ${quarter ? 'quý' : 'tháng'} ${numbers.join(', ')} không liền nhau; một cuộc có một khoảng thời gian, hiểu là từ ${quarter ? 'quý' : 'tháng'} đầu đến ${quarter ? 'quý' : 'tháng'} cuối`,
    },
  };
}
