import { fromLunar, tetDay, toLunar } from './lunar-calendar';

describe('Vietnamese lunar calendar (UTC+7)', () => {
  // Mùng 1 Tết as published by the Government each year (and in every Vietnamese almanac).
  const TET: Record<number, string> = {
    2020: '2020-01-25',
    2021: '2021-02-12',
    2022: '2022-02-01',
    2023: '2023-01-22',
    2024: '2024-02-10',
    2025: '2025-01-29',
    2026: '2026-02-17',
    2027: '2027-02-06',
    2028: '2028-01-26',
    2029: '2029-02-13',
    2030: '2030-02-02',
  };

  it.each(Object.entries(TET))('Tết %s falls on %s', (year, day) => {
    expect(tetDay(Number(year))).toBe(day);
    expect(toLunar(day)).toEqual({ day: 1, month: 1, year: Number(year), leap: false });
  });

  it('reckons on Vietnam’s meridian, not China’s: Tết 1985 and 2030 differ', () => {
    expect(tetDay(1985)).toBe('1985-01-21');
    expect(fromLunar({ day: 1, month: 1, year: 1985, leap: false }, 8)).toBe('1985-02-20');
    expect(fromLunar({ day: 1, month: 1, year: 2030, leap: false }, 8)).toBe('2030-02-03');
  });

  it('places Giỗ Tổ Hùng Vương (10/3 lunar)', () => {
    expect(fromLunar({ day: 10, month: 3, year: 2024, leap: false })).toBe('2024-04-18');
    expect(fromLunar({ day: 10, month: 3, year: 2025, leap: false })).toBe('2025-04-07');
    expect(fromLunar({ day: 10, month: 3, year: 2026, leap: false })).toBe('2026-04-26');
  });

  it('knows the leap months (tháng nhuận) and refuses one that does not exist', () => {
    expect(toLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(toLunar('2025-07-25')).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(fromLunar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
    expect(fromLunar({ day: 1, month: 5, year: 2025, leap: true })).toBeUndefined();
    expect(fromLunar({ day: 1, month: 2, year: 2026, leap: true })).toBeUndefined();
  });

  it('round-trips every day of 2019–2031', () => {
    for (let t = Date.UTC(2019, 0, 1); t <= Date.UTC(2031, 11, 31); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      expect(fromLunar(toLunar(day))).toBe(day);
    }
  });
});
