import { createWorkingCalendar } from './public-holidays';

describe('Vietnamese working calendar', () => {
  const cal = createWorkingCalendar();

  it('lists the statutory days of 2026 with Tết and Giỗ Tổ from the lunar calendar', () => {
    const days = cal.holidaysOf(2026).map((h) => `${h.day} ${h.kind}`);
    expect(days).toEqual(
      expect.arrayContaining([
        '2026-01-01 new-year',
        '2026-02-16 tet', // 29 tháng Chạp, the last day of the lunar year
        '2026-02-17 tet',
        '2026-02-20 tet',
        '2026-04-26 hung-kings',
        '2026-04-30 reunification',
        '2026-05-01 labour-day',
        '2026-09-02 national-day',
        '2026-09-03 national-day',
      ]),
    );
  });

  it('makes up a holiday that falls on a weekend on the next working day', () => {
    // Giỗ Tổ 2026 is a Sunday: Monday 27/4 is off instead.
    expect(cal.isWorkingDay('2026-04-26')).toBe(false);
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(cal.holidaysOf(2026).find((h) => h.day === '2026-04-27')?.kind).toBe('make-up');
    expect(cal.isWorkingDay('2026-04-28')).toBe(true);
  });

  it('counts working days across Tết', () => {
    // 2026-02-13 (Fri) + 1 working day: Mon 16/2 to Fri 20/2 is Tết, so Monday 23/2.
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(cal.workingDaysIn('2026-02-09', '2026-02-27')).toBe(10);
  });

  it('takes the Government’s yearly notice as data: Tết days, bridges, Saturdays worked', () => {
    const noticed = createWorkingCalendar({
      2026: {
        tetDays: [
          '2026-02-14',
          '2026-02-15',
          '2026-02-16',
          '2026-02-17',
          '2026-02-18',
          '2026-02-19',
          '2026-02-20',
          '2026-02-21',
          '2026-02-22',
        ],
        daysOff: ['2026-01-02'],
        workingDays: ['2026-01-10'],
        source: 'example notice',
      },
    });
    expect(noticed.isWorkingDay('2026-01-02')).toBe(false);
    expect(noticed.isWorkingDay('2026-01-10')).toBe(true); // a Saturday worked
    expect(cal.isWorkingDay('2026-01-10')).toBe(false);
    // With the notice's Tết days, no extra make-up days are added after them.
    expect(noticed.isWorkingDay('2026-02-23')).toBe(true);
  });
});
