import {
  addYears,
  weekdayOfEpochDay,
  windowContains,
  windowIntersection,
  windowWithWorkingDays,
  workingDaysIn,
  toEpochDay,
} from '../../domain/calendar-day';
import { w } from './testing/fixtures';

// The calendar helpers the merge suggestion relies on (weekends only; holidays not modelled).
describe('working days and window helpers', () => {
  it('knows the weekday without the host time zone', () => {
    expect(weekdayOfEpochDay(toEpochDay('2026-03-02'))).toBe(1); // Monday
    expect(weekdayOfEpochDay(toEpochDay('1969-12-28'))).toBe(0); // Sunday, before 1970
    expect(workingDaysIn(w('2026-03-07'))).toBe(0); // Saturday
    expect(workingDaysIn(w('2026-03-06'))).toBe(1); // Friday
    expect(workingDaysIn(w('1969-12-27', '1969-12-29'))).toBe(1); // Sat–Mon, before 1970
  });

  it('builds the shortest window holding n working days, skipping the weekend', () => {
    expect(windowWithWorkingDays('2026-03-05', 3)).toEqual(w('2026-03-05', '2026-03-09'));
    expect(windowWithWorkingDays('2026-03-07', 1)).toEqual(w('2026-03-07', '2026-03-09'));
    expect(workingDaysIn(windowWithWorkingDays('2026-12-30', 5))).toBe(5);
  });

  it('moves a day by whole years, 29 February to 28 February', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-12-31', 1)).toBe('2027-12-31');
    expect(addYears('2027-02-28', 1)).toBe('2028-02-28');
  });

  it('intersects windows and tells when one contains another', () => {
    expect(
      windowIntersection(w('2026-03-01', '2026-03-10'), w('2026-03-10', '2026-03-20')),
    ).toEqual(w('2026-03-10'));
    expect(
      windowIntersection(w('2026-03-01', '2026-03-09'), w('2026-03-10', '2026-03-20')),
    ).toBeUndefined();
    expect(windowContains(w('2026-03-01', '2026-03-31'), w('2026-03-31'))).toBe(true);
    expect(windowContains(w('2026-03-01', '2026-03-31'), w('2026-03-31', '2026-04-01'))).toBe(
      false,
    );
  });
});
