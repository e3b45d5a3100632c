// Vietnamese public holidays and the working days they leave, as data plus one pure counter.
// Statutory days: Labour Code 45/2019/QH14, Art. 112 (11 days: 1/1; Tết 5 days; Giỗ Tổ 10/3
// lunar; 30/4; 1/5; 2/9 and one day next to it). A holiday on a weekend is made up on the
// next working day (Art. 112(3)). The Prime Minister fixes, year by year, which 5 days Tết takes
// and swaps working days for bridges (e.g. a Saturday worked for a Friday off): those notices are
// `HolidayAdjustments` below, configurable data, never code paths.
import {
  addDays,
  CalendarDay,
  fromEpochDay,
  toEpochDay,
  weekdayOfEpochDay,
} from '../../domain/calendar-day';
import { fromLunar, tetDay } from './lunar-calendar';

export const LABOUR_CODE_2019_HOLIDAYS = {
  vi: 'Bộ luật Lao động số 45/2019/QH14, Điều 112 (nghỉ lễ, tết)',
  en: 'Labour Code 45/2019/QH14, Article 112 (public holidays)',
} as const;

export type HolidayKind =
  | 'new-year'
  | 'tet'
  | 'hung-kings'
  | 'reunification'
  | 'labour-day'
  | 'national-day'
  | 'make-up'
  | 'government-notice';

export interface Holiday {
  day: CalendarDay;
  kind: HolidayKind;
  nameVi: string;
}

/** One year's notice from the Government: days off it adds, weekend days it makes working. */
export interface YearAdjustment {
  /** Replaces the default Tết days (the last day of the lunar year + mùng 1–4) when given. */
  tetDays?: CalendarDay[];
  /** The day next to 2/9 (default: 3/9). */
  nationalDayExtra?: CalendarDay;
  /** Extra days off (bridges). */
  daysOff?: CalendarDay[];
  /** Weekend days worked instead (làm bù). */
  workingDays?: CalendarDay[];
  /** The notice, e.g. "Thông báo 6150/TB-BNV". */
  source?: string;
}

export type HolidayAdjustments = Readonly<Record<number, YearAdjustment>>;

/**
 * Notices entered so far. Empty on purpose: a deployment adds the year's notice here (or passes
 * its own table) once the Ministry of Home Affairs publishes it; until then the statutory
 * default applies.
 */
export const BUILT_IN_HOLIDAY_ADJUSTMENTS: HolidayAdjustments = {};

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (y: number, m: number, d: number): CalendarDay =>
  `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
const isWeekend = (day: CalendarDay) => {
  const w = weekdayOfEpochDay(toEpochDay(day));
  return w === 0 || w === 6;
};

/** The statutory holidays of solar year `year` (before make-up days). */
function statutoryHolidays(year: number, adjustment: YearAdjustment): Holiday[] {
  const tet1 = tetDay(year);
  const tet = adjustment.tetDays ?? [-1, 0, 1, 2, 3].map((d) => addDays(tet1, d));
  const hungKings = fromLunar({ day: 10, month: 3, year, leap: false })!;
  return [
    { day: dayOf(year, 1, 1), kind: 'new-year', nameVi: 'Tết Dương lịch' },
    ...tet.map((day) => ({ day, kind: 'tet' as const, nameVi: 'Tết Nguyên đán' })),
    { day: hungKings, kind: 'hung-kings', nameVi: 'Giỗ Tổ Hùng Vương' },
    { day: dayOf(year, 4, 30), kind: 'reunification', nameVi: 'Ngày Chiến thắng (30/4)' },
    { day: dayOf(year, 5, 1), kind: 'labour-day', nameVi: 'Ngày Quốc tế lao động' },
    { day: dayOf(year, 9, 2), kind: 'national-day', nameVi: 'Quốc khánh' },
    {
      day: adjustment.nationalDayExtra ?? dayOf(year, 9, 3),
      kind: 'national-day',
      nameVi: 'Quốc khánh (ngày liền kề)',
    },
  ];
}

export interface WorkingCalendar {
  isWorkingDay(day: CalendarDay): boolean;
  /** The same, for a day counted since 1970-01-01 (loops over days stay in integers). */
  isWorkingEpochDay(epochDay: number): boolean;
  /** The holidays (with make-up and notice days) of a solar year, sorted. */
  holidaysOf(year: number): readonly Holiday[];
  /** The day `n` working days after `from` (n ≥ 1; `from` itself is not counted). */
  addWorkingDays(from: CalendarDay, n: number): CalendarDay;
  /** The last day of a stay of `n` working days starting on `from` (counted when working). */
  lastDayOfWorkingDays(from: CalendarDay, n: number): CalendarDay;
  /** Working days in [from, to], both counted. */
  workingDaysIn(from: CalendarDay, to: CalendarDay): number;
}

/** Vietnam's working calendar: Monday–Friday minus holidays, plus notices. Memoised per year. */
export function createWorkingCalendar(
  adjustments: HolidayAdjustments = BUILT_IN_HOLIDAY_ADJUSTMENTS,
): WorkingCalendar {
  const years = new Map<number, { holidays: Holiday[]; off: Set<string>; on: Set<string> }>();
  const yearData = (year: number) => {
    let data = years.get(year);
    if (data) return data;
    const adjustment = adjustments[year] ?? {};
    const statutory = statutoryHolidays(year, adjustment);
    const off = new Set(statutory.map((h) => h.day));
    const holidays = [...statutory];
    for (const h of statutory) {
      if (!isWeekend(h.day) || adjustment.tetDays?.includes(h.day)) continue;
      // Art. 112(3): the next working day that is not itself a holiday. A notice that fixes the
      // Tết days has already placed Tết's make-up days, so those are not added twice.
      let d = addDays(h.day, 1);
      while (isWeekend(d) || off.has(d)) d = addDays(d, 1);
      off.add(d);
      holidays.push({ day: d, kind: 'make-up', nameVi: `Nghỉ bù ${h.nameVi}` });
    }
    for (const d of adjustment.daysOff ?? []) {
      off.add(d);
      holidays.push({ day: d, kind: 'government-notice', nameVi: 'Nghỉ theo thông báo' });
    }
    holidays.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    data = { holidays, off, on: new Set(adjustment.workingDays ?? []) };
    years.set(year, data);
    return data;
  };
  // Memoised per epoch day: deadline sweeps ask about the same few hundred days millions of times.
  const working = new Map<number, boolean>();
  const isWorkingEpochDay = (e: number) => {
    let answer = working.get(e);
    if (answer === undefined) {
      const day = fromEpochDay(e);
      const { off, on } = yearData(Number(day.slice(0, 4)));
      const w = weekdayOfEpochDay(e);
      answer = on.has(day) || (w !== 0 && w !== 6 && !off.has(day));
      working.set(e, answer);
    }
    return answer;
  };
  const isWorkingDay = (day: CalendarDay) => isWorkingEpochDay(toEpochDay(day));
  return {
    isWorkingDay,
    isWorkingEpochDay,
    holidaysOf: (year) => yearData(year).holidays,
    addWorkingDays(from, n) {
      let d = toEpochDay(from);
      for (let left = n; left > 0;) if (isWorkingEpochDay(++d)) left--;
      return fromEpochDay(d);
    },
    lastDayOfWorkingDays(from, n) {
      let d = toEpochDay(from);
      let left = n - (isWorkingEpochDay(d) ? 1 : 0);
      while (left > 0) if (isWorkingEpochDay(++d)) left--;
      return fromEpochDay(d);
    },
    workingDaysIn(from, to) {
      let count = 0;
      for (let d = toEpochDay(from), end = toEpochDay(to); d <= end; d++)
        if (isWorkingEpochDay(d)) count++;
      return count;
    },
  };
}
