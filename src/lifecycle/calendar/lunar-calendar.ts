// The Vietnamese lunisolar calendar (âm lịch), computed for Vietnam's time zone, UTC+7.
// The zone matters: a new moon shortly after 16:00 UTC falls on one day in Hà Nội and on the
// next in Beijing (UTC+8), which is why Vietnam's Tết was 21 January 1985 and China's was
// 20 February 1985. Astronomical method of Hồ Ngọc Đức's public-domain "Âm lịch Việt Nam"
// (new moons and solar terms after Jean Meeus, Astronomical Algorithms), rewritten here:
// pure integer/floating arithmetic on Julian day numbers, no host time zone, no I/O.
import { CalendarDay, fromEpochDay, toEpochDay } from '../../domain/calendar-day';

/** Vietnam's offset from UTC in hours, the meridian the calendar is reckoned on. */
export const VIETNAM_UTC_OFFSET_HOURS = 7;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** True for the intercalary (nhuận) month that repeats `month`. */
  leap: boolean;
}

const JULIAN_DAY_OF_EPOCH = 2440588; // Julian day number of 1970-01-01
const SYNODIC_MONTH = 29.530588853;
const NEW_MOON_EPOCH = 2415021.076998695; // first new moon of 1900 (k = 0)
const INT = Math.floor;
const DEG = Math.PI / 180;

const julianDayOf = (day: CalendarDay) => toEpochDay(day) + JULIAN_DAY_OF_EPOCH;
const dayOfJulianDay = (jd: number) => fromEpochDay(jd - JULIAN_DAY_OF_EPOCH);

/** The day (Julian day number, local to `tz`) of the k-th new moon after January 1900. */
function newMoonDay(k: number, tz: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * DEG) + 0.0021 * Math.sin(2 * DEG * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(DEG * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(DEG * 2 * F) - 0.0051 * Math.sin(DEG * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(DEG * (M - Mpr)) + 0.0004 * Math.sin(DEG * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(DEG * (2 * F - M)) - 0.0006 * Math.sin(DEG * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(DEG * (2 * F - Mpr)) + 0.0005 * Math.sin(DEG * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return INT(jd1 + C1 - deltaT + 0.5 + tz / 24);
}

/** Which of the 12 major solar terms (30° of the sun's longitude each) a local day starts in. */
function solarTermSector(jdn: number, tz: number): number {
  const T = (jdn - 2451545.5 - tz / 24) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DEG * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(DEG * 2 * M) + 0.00029 * Math.sin(DEG * 3 * M);
  let L = (L0 + DL) * DEG;
  L -= Math.PI * 2 * INT(L / (Math.PI * 2));
  return INT((L / Math.PI) * 6);
}

/** Start of the 11th lunar month (the one holding the winter solstice) of solar year `yy`. */
function month11Start(yy: number, tz: number): number {
  const off = julianDayOf(`${String(yy).padStart(4, '0')}-12-31`) - 2415021;
  const k = INT(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, tz);
  return solarTermSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/** In a 13-month year starting at `a11`, the offset of the first month without a major term. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = solarTermSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = arc;
    i++;
    arc = solarTermSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a solar calendar day, as reckoned in Vietnam. */
export function toLunar(day: CalendarDay, tz = VIETNAM_UTC_OFFSET_HOURS): LunarDate {
  const jd = julianDayOf(day);
  const yy = Number(day.slice(0, 4));
  const k = INT((jd - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > jd) monthStart = newMoonDay(k, tz);
  let a11 = month11Start(yy, tz);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = yy;
    a11 = month11Start(yy - 1, tz);
  } else {
    year = yy + 1;
    b11 = month11Start(yy + 1, tz);
  }
  const lunarDay = jd - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day: lunarDay, month, year, leap };
}

/** The solar day of a lunar date; undefined when that month is not leap in that year. */
export function fromLunar(
  lunar: LunarDate,
  tz = VIETNAM_UTC_OFFSET_HOURS,
): CalendarDay | undefined {
  const { day, month, year, leap } = lunar;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = month11Start(year - 1, tz);
    b11 = month11Start(year, tz);
  } else {
    a11 = month11Start(year, tz);
    b11 = month11Start(year + 1, tz);
  }
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return undefined;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return undefined;
  }
  const k = INT(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  return dayOfJulianDay(newMoonDay(k + off, tz) + day - 1);
}

/** Mùng 1 Tết: the first day of lunar year `year`, as a solar day. */
export function tetDay(year: number): CalendarDay {
  return fromLunar({ day: 1, month: 1, year, leap: false })!;
}
