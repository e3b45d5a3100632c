// Whole events, field by field, for the cases a subscriber sees: a joint thanh tra, a remote
// ad-hoc check, a merged inspection still shown as cancelled, a meeting and a cancelled one.
// Events are lean: who inspects whom, what, where; the page behind the link has the rest.
import { inspectionToEvent } from './inspection-events';
import { meetingToEvent } from './meeting-events';
import { INSPECTIONS, MEETINGS, inspection, mappingContext } from './testing/fixtures';

const ctx = mappingContext();
const updated = new Date('2025-02-20T08:15:30Z');
const web = 'https://lich.example.vn/api/web';
const ANH_DUONG = 'Công ty TNHH Thương mại và Dịch vụ Ánh Dương Việt Nam';
const ORGANIZER_FALLBACK = 'lich@lich.example.vn';

describe('inspection events, whole', () => {
  it('a joint thanh tra: lead and participants, content, one link, at the enterprise', () => {
    expect(inspectionToEvent(INSPECTIONS[1], ctx)).toEqual({
      uid: 'inspection-65f0a1b2c3d4e5f601234568.province@lich.example.vn',
      sequence: 1,
      dtstamp: updated,
      lastModified: updated,
      timing: { kind: 'all-day', startDay: '2025-04-01', endDayInclusive: '2025-04-30' },
      summary: 'Thanh tra liên ngành thuế — Công ty Cổ phần Đầu tư Xây dựng Hồ Chí Minh',
      description: [
        'Phối hợp: Thuế tỉnh; Sở Y tế',
        `${web}/inspections/65f0a1b2c3d4e5f601234568`,
      ].join('\n'),
      location: 'Công ty Cổ phần Đầu tư Xây dựng Hồ Chí Minh',
      url: `${web}/inspections/65f0a1b2c3d4e5f601234568`,
      status: 'TENTATIVE',
      transparent: true,
      organizer: { name: 'Thanh tra tỉnh', email: ORGANIZER_FALLBACK },
    });
  });

  it('a remote ad-hoc check: remote location whatever the address', () => {
    const e = inspectionToEvent({ ...INSPECTIONS[3], enterpriseAddress: '1 Lê Lợi' }, ctx)!;
    expect(e.summary).toBe(`Kiểm tra chuyên ngành đột xuất đo lường (từ xa) — ${ANH_DUONG}`);
    expect(e.description!.split('\n')).toEqual([`${web}/inspections/65f0a1b2c3d4e5f60123456a`]);
    expect([e.location, e.status]).toEqual(['Từ xa (dữ liệu điện tử)', 'CONFIRMED']);
  });

  it('a merged inspection: cancelled, with the joint one it went into and when it drops', () => {
    const v = inspection({
      id: 'm1',
      state: 'merged',
      mergedIntoId: 'k1',
      enterpriseAddress: '5 Hùng Vương',
    });
    const e = inspectionToEvent(v, ctx)!;
    expect(e.summary).toBe(`[ĐÃ GỘP] Kiểm tra chuyên ngành đo lường — ${ANH_DUONG}`);
    expect(e.description!.split('\n').slice(-3)).toEqual([
      `Gộp vào: ${web}/inspections/k1`,
      'Tự gỡ sau ngày 22/03/2025.',
      `${web}/inspections/m1`,
    ]);
    expect([e.location, e.status]).toEqual(['5 Hùng Vương', 'CANCELLED']);
    // Past the retention period a merged inspection leaves the feed, as a cancelled one does.
    expect(inspectionToEvent(v, mappingContext({ asOf: '2025-03-23' }))).toBeNull();
    expect(
      inspectionToEvent({ ...v, state: 'done' }, mappingContext({ asOf: '2025-03-23' })),
    ).toEqual(expect.objectContaining({ status: 'CONFIRMED' }));
  });
});

describe('meeting events, whole', () => {
  it('a meeting: chair, agencies, agenda size, place, confirmed and busy', () => {
    expect(meetingToEvent(MEETINGS[0], ctx)).toEqual({
      uid: 'meeting-mtg-2025-01.province@lich.example.vn',
      sequence: 2,
      dtstamp: new Date('2025-02-27T09:00:00Z'),
      lastModified: new Date('2025-02-27T09:00:00Z'),
      timing: {
        kind: 'timed',
        start: new Date('2025-03-05T01:30:00Z'),
        end: new Date('2025-03-05T04:00:00Z'),
      },
      summary: 'Họp phối hợp — Rà soát chồng chéo kế hoạch thanh tra, kiểm tra năm 2025',
      description: [
        'Chủ trì: Phó Chánh Thanh tra tỉnh Trần Văn Bình',
        'Thành phần: TTT, SKHCN, SYT, CT',
        '12 vụ chồng chéo cần xử lý',
        `${web}/meetings/mtg-2025-01`,
      ].join('\n'),
      location: 'Phòng họp số 2, Trụ sở Thanh tra tỉnh, 12 Lê Lợi',
      url: `${web}/meetings/mtg-2025-01`,
      status: 'CONFIRMED',
      transparent: false,
      organizer: { name: 'Thanh tra tỉnh', email: ORGANIZER_FALLBACK },
    });
  });

  it('a cancelled meeting with no agencies: no Thành phần line, free time, when it drops', () => {
    const e = meetingToEvent(MEETINGS[1], ctx)!;
    expect(e.summary).toBe('[ĐÃ HỦY] Họp bổ sung — evening slot crossing UTC midnight');
    expect(e.description!.split('\n')).toEqual([
      'Chủ trì: Chánh Thanh tra tỉnh',
      '0 vụ chồng chéo cần xử lý',
      'Đã hủy; tự gỡ sau ngày 30/03/2025.',
      `${web}/meetings/mtg-2025-02`,
    ]);
    expect([e.status, e.transparent]).toEqual(['CANCELLED', true]);
    // "Họp" only at the start, as a word, keeps a title as written.
    expect(meetingToEvent({ ...MEETINGS[0], title: 'Cuộc họp quý I' }, ctx)!.summary).toBe(
      'Họp phối hợp — Cuộc họp quý I',
    );
  });
});
