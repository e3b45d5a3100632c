import { parseVisitWindow } from './visit-window';

const Y = 2026;
const ok = (value: string | number | Date, year = Y) => {
  const r = parseVisitWindow(value, year);
  if (!r.ok) throw new Error(`${String(value)}: ${r.code} ${r.message.en}`);
  return [r.window.from, r.window.to, r.precision];
};
const code = (value: string | number | Date | null, year = Y) => {
  const r = parseVisitWindow(value, year);
  return r.ok ? 'ok' : r.code;
};

describe('parseVisitWindow', () => {
  it.each([
    ['15/03/2026', '2026-03-15', '2026-03-15', 'day'],
    ['5/3/2026', '2026-03-05', '2026-03-05', 'day'],
    ['15-03-2026', '2026-03-15', '2026-03-15', 'day'],
    ['15.03.2026', '2026-03-15', '2026-03-15', 'day'],
    ['15/03/26', '2026-03-15', '2026-03-15', 'day'],
    ['15/03', '2026-03-15', '2026-03-15', 'day'],
    ['Ngày 15/03/2026', '2026-03-15', '2026-03-15', 'day'],
    ['01/03/2026 - 15/03/2026', '2026-03-01', '2026-03-15', 'days'],
    ['01/03/2026-15/03/2026', '2026-03-01', '2026-03-15', 'days'],
    ['01/03/2026 – 15/03/2026', '2026-03-01', '2026-03-15', 'days'],
    ['01/03 - 15/03/2026', '2026-03-01', '2026-03-15', 'days'],
    ['01-03-2026 - 15-03-2026', '2026-03-01', '2026-03-15', 'days'],
    ['Từ 01/03/2026 đến 15/03/2026', '2026-03-01', '2026-03-15', 'days'],
    ['Từ ngày 01/03/2026 đến ngày 15/03/2026', '2026-03-01', '2026-03-15', 'days'],
    ['từ 20/12/2026 đến hết 10/01/2027', '2026-12-20', '2027-01-10', 'days'],
    ['01/03/2026 ~ 15/03/2026', '2026-03-01', '2026-03-15', 'days'],
    ['Tháng 3/2026', '2026-03-01', '2026-03-31', 'month'],
    ['Tháng 02/2026', '2026-02-01', '2026-02-28', 'month'],
    ['tháng 3', '2026-03-01', '2026-03-31', 'month'],
    ['THÁNG 3 NĂM 2026', '2026-03-01', '2026-03-31', 'month'],
    ['Thang 11/2026', '2026-11-01', '2026-11-30', 'month'],
    ['T3/2026', '2026-03-01', '2026-03-31', 'month'],
    ['T3', '2026-03-01', '2026-03-31', 'month'],
    ['03/2026', '2026-03-01', '2026-03-31', 'month'],
    ['3/2026', '2026-03-01', '2026-03-31', 'month'],
    ['Quý II/2026', '2026-04-01', '2026-06-30', 'quarter'],
    ['Quý IV/2026', '2026-10-01', '2026-12-31', 'quarter'],
    ['Quý 2', '2026-04-01', '2026-06-30', 'quarter'],
    ['quý I năm 2026', '2026-01-01', '2026-03-31', 'quarter'],
    ['Quy III', '2026-07-01', '2026-09-30', 'quarter'],
    ['Q2/2026', '2026-04-01', '2026-06-30', 'quarter'],
    ['Quý I - Quý II/2026', '2026-01-01', '2026-06-30', 'quarters'],
    ['03-05/2026', '2026-03-01', '2026-05-31', 'months'],
    ['3-5/2026', '2026-03-01', '2026-05-31', 'months'],
    ['Tháng 3-5/2026', '2026-03-01', '2026-05-31', 'months'],
    ['Tháng 3 - tháng 5/2026', '2026-03-01', '2026-05-31', 'months'],
    ['Từ tháng 3 đến tháng 5 năm 2026', '2026-03-01', '2026-05-31', 'months'],
    ['6 tháng đầu năm', '2026-01-01', '2026-06-30', 'months'],
    ['6 tháng cuối năm 2026', '2026-07-01', '2026-12-31', 'months'],
    ['Năm 2026', '2026-01-01', '2026-12-31', 'year'],
    ['Cả năm', '2026-01-01', '2026-12-31', 'year'],
  ])('%s → %s..%s (%s)', (text, from, to, precision) => {
    expect(ok(text)).toEqual([from, to, precision]);
  });

  it('reads NFD text like NFC', () => {
    expect(ok('Quý II/2026'.normalize('NFD'))).toEqual(['2026-04-01', '2026-06-30', 'quarter']);
    expect(ok('Tháng 3/2026'.normalize('NFD'))).toEqual(['2026-03-01', '2026-03-31', 'month']);
  });

  it('reads Excel date cells and serial numbers as one day', () => {
    expect(ok(new Date(Date.UTC(2026, 2, 15)))).toEqual(['2026-03-15', '2026-03-15', 'day']);
    // Float noise from a serial conversion lands just before midnight.
    expect(ok(new Date(Date.UTC(2026, 2, 15) - 1))).toEqual(['2026-03-15', '2026-03-15', 'day']);
    expect(ok(46096)).toEqual(['2026-03-15', '2026-03-15', 'day']);
  });

  it.each([
    [null, 'WINDOW_REQUIRED'],
    ['  ', 'WINDOW_REQUIRED'],
    ['sớm nhất có thể', 'WINDOW_FORMAT'],
    ['Tháng 13/2026', 'WINDOW_INVALID_DATE'],
    ['30/02/2026', 'WINDOW_INVALID_DATE'],
    ['Quý V/2026', 'WINDOW_FORMAT'],
    ['15/03/2026 - 01/03/2026', 'WINDOW_REVERSED'],
    ['Tháng 3/2025', 'WINDOW_OUTSIDE_YEAR'],
    ['01/01/2027', 'WINDOW_OUTSIDE_YEAR'],
  ])('%p → %s', (value, expected) => {
    expect(code(value)).toBe(expected);
  });

  it('accepts a window running over the year boundary because it meets the plan year', () => {
    expect(code('15/12/2025 - 15/01/2026')).toBe('ok');
  });

  it('explains a bad window in both languages', () => {
    const r = parseVisitWindow('Tháng 3/2025', 2026);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) {
      expect(r.message.vi).toBe('Thời gian "Tháng 3/2025" nằm ngoài năm kế hoạch 2026');
      expect(r.message.en).toBe('Window "Tháng 3/2025" lies outside plan year 2026');
    }
  });
});

describe('leap years', () => {
  it('gives February 2028 its 29th day', () => {
    const r = parseVisitWindow('Tháng 2/2028', 2028);
    expect(r).toMatchObject({ ok: true, window: { from: '2028-02-01', to: '2028-02-29' } });
  });
});
