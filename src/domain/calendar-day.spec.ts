import {
  addDays,
  addYears,
  daysInMonth,
  formatDayVi,
  fromEpochDay,
  isCalendarDay,
  toEpochDay,
  weekdayOfEpochDay,
  windowContains,
  windowIntersection,
  windowWithWorkingDays,
  workingDaysIn,
  yearOf,
} from './calendar-day';

describe('isCalendarDay', () => {
  it.each(['2026-01-01', '2026-12-31', '2024-02-29', '2026-02-28', '2026-04-30'])(
    'accepts the real day %s',
    (day) => expect(isCalendarDay(day)).toBe(true),
  );

  it.each([
    '2026-02-29', // not a leap year
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-01',
    '26-01-01',
    ' 2026-01-01',
    '2026-01-01T00:00:00Z',
  ])('rejects %p', (day) => expect(isCalendarDay(day)).toBe(false));

  it('rejects what is not a string', () => {
    expect(isCalendarDay(20260101)).toBe(false);
    expect(isCalendarDay(new Date('2026-01-01'))).toBe(false);
    expect(isCalendarDay(undefined)).toBe(false);
  });
});

describe('day arithmetic', () => {
  it('counts days of a month, leap years included', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2026, 2), daysInMonth(2026, 12)]).toEqual([
      29, 28, 31,
    ]);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('maps days to epoch days and back', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('2026-03-02')).toBe(20514);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    expect(fromEpochDay(20514)).toBe('2026-03-02');
    expect(() => toEpochDay('2026-3-2')).toThrow(new RangeError('not a calendar day: 2026-3-2'));
  });

  it('adds days across months and years, and backwards', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('writes a day as Vietnamese documents do, and reads its year', () => {
    expect(formatDayVi('2026-03-09')).toBe('09/03/2026');
    expect(yearOf('2026-03-09')).toBe(2026);
  });

  it('moves a day by years; 29 February becomes 28 February in a common year', () => {
    expect(addYears('2026-03-15', 1)).toBe('2027-03-15');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2026-01-05', -1)).toBe('2025-01-05');
  });
});

describe('working days', () => {
  it('names the weekday of an epoch day, before 1970 too', () => {
    // Thu 1970-01-01, Sat 1970-01-03, Sun 1969-12-28, Sat 1969-12-27.
    expect([0, 2, -4, -5].map(weekdayOfEpochDay)).toEqual([4, 6, 0, 6]);
  });

  it('counts Monday to Friday in an inclusive window', () => {
    expect(workingDaysIn({ from: '2026-03-02', to: '2026-03-08' })).toBe(5); // Mon–Sun
    expect(workingDaysIn({ from: '2026-03-07', to: '2026-03-08' })).toBe(0); // the weekend
    expect(workingDaysIn({ from: '2026-03-06', to: '2026-03-09' })).toBe(2); // Fri–Mon
  });

  it('finds the shortest window from a day that holds n working days', () => {
    expect(windowWithWorkingDays('2026-03-02', 5)).toEqual({
      from: '2026-03-02',
      to: '2026-03-06',
    });
    expect(windowWithWorkingDays('2026-03-06', 2)).toEqual({
      from: '2026-03-06',
      to: '2026-03-09',
    });
    // Fewer than one working day still means a visit of one day.
    expect(windowWithWorkingDays('2026-03-08', 0)).toEqual({
      from: '2026-03-08',
      to: '2026-03-09',
    });
  });
});

describe('windows', () => {
  const w = (from: string, to = from) => ({ from, to });

  it('intersects two windows, or answers undefined when they share no day', () => {
    expect(
      windowIntersection(w('2026-03-01', '2026-03-20'), w('2026-03-10', '2026-04-05')),
    ).toEqual(w('2026-03-10', '2026-03-20'));
    expect(
      windowIntersection(w('2026-03-10', '2026-04-05'), w('2026-03-01', '2026-03-20')),
    ).toEqual(w('2026-03-10', '2026-03-20'));
    expect(windowIntersection(w('2026-03-01', '2026-03-10'), w('2026-03-10'))).toEqual(
      w('2026-03-10'),
    );
    expect(windowIntersection(w('2026-03-11'), w('2026-03-01', '2026-03-10'))).toBeUndefined();
  });

  it('contains a window lying entirely within, edges included', () => {
    const march = w('2026-03-01', '2026-03-31');
    expect(windowContains(march, march)).toBe(true);
    expect(windowContains(march, w('2026-03-01'))).toBe(true);
    expect(windowContains(march, w('2026-02-28', '2026-03-05'))).toBe(false);
    expect(windowContains(march, w('2026-03-30', '2026-04-01'))).toBe(false);
  });
});
