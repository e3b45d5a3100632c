// Whole events, field by field, for the cases a subscriber sees: a joint thanh tra, a remote
// ad-hoc check, a merged inspection still shown as cancelled, a meeting and a cancelled one.
// Every line of the description is what a person reads in their calendar client.
import { inspectionToEvent } from './inspection-events';
import { meetingToEvent } from './meeting-events';
import { INSPECTIONS, MEETINGS, inspection, mappingContext } from './testing/fixtures';

const ctx = mappingContext();
const created = new Date('2025-01-15T02:00:00Z');
const updated = new Date('2025-02-20T08:15:30Z');
const api = 'https://lich.example.vn/api';
const ANH_DUONG = 'Công ty TNHH Thương mại và Dịch vụ Ánh Dương Việt Nam';
const CONTENT =
  'Nội dung: Kiểm tra việc chấp hành pháp luật về đo lường, chất lượng sản phẩm, hàng hóa; nhãn hàng hóa; mã số, mã vạch.';

describe('inspection events, whole', () => {
  it('a joint thanh tra: participants, decision, Liên ngành category, at the enterprise', () => {
    expect(inspectionToEvent(INSPECTIONS[1], ctx)).toEqual({
      uid: 'inspection-65f0a1b2c3d4e5f601234568.province@lich.example.vn',
      sequence: 1,
      dtstamp: updated,
      lastModified: updated,
      created,
      timing: { kind: 'all-day', startDay: '2025-04-01', endDayInclusive: '2025-04-30' },
      summary: 'Thanh tra liên ngành thuế — Công ty Cổ phần Đầu tư Xây dựng Hồ Chí Minh',
      description: [
        'Doanh nghiệp: Công ty Cổ phần Đầu tư Xây dựng Hồ Chí Minh — MST 0300588569',
        'Hình thức: Thanh tra theo kế hoạch, trực tiếp',
        'Lĩnh vực: thuế (THUE)',
        CONTENT,
        'Thời gian dự kiến: 01/04/2025 – 30/04/2025',
        'Cơ quan chủ trì: Thanh tra tỉnh (TTT)',
        'Cơ quan phối hợp: Thuế tỉnh (CT); Sở Y tế (SYT)',
        'Quyết định phê duyệt kế hoạch: số 07/QĐ-TTr ngày 15/01/2025',
        'Trạng thái: Dự kiến',
        `Chi tiết: ${api}/inspections/65f0a1b2c3d4e5f601234568`,
      ].join('\n'),
      location: 'Công ty Cổ phần Đầu tư Xây dựng Hồ Chí Minh',
      url: `${api}/inspections/65f0a1b2c3d4e5f601234568`,
      status: 'TENTATIVE',
      categories: ['Thanh tra', 'thuế', 'Liên ngành'],
      transparent: true,
    });
  });

  it('a remote ad-hoc check: remote location whatever the address, no decision line', () => {
    const e = inspectionToEvent({ ...INSPECTIONS[3], enterpriseAddress: '1 Lê Lợi' }, ctx)!;
    expect(e.summary).toBe(`Kiểm tra chuyên ngành đột xuất đo lường (từ xa) — ${ANH_DUONG}`);
    expect(e.description!.split('\n')).toEqual([
      `Doanh nghiệp: ${ANH_DUONG} — MST 0100109106`,
      'Hình thức: Kiểm tra đột xuất, từ xa',
      'Lĩnh vực: đo lường (DLCL)',
      CONTENT,
      'Thời gian dự kiến: 29/12/2025 – 02/01/2026',
      'Cơ quan chủ trì: Sở Khoa học và Công nghệ (SKHCN)',
      'Trạng thái: Đang tiến hành',
      `Chi tiết: ${api}/inspections/65f0a1b2c3d4e5f60123456a`,
    ]);
    expect([e.location, e.status, e.categories]).toEqual([
      'Từ xa (dữ liệu điện tử)',
      'CONFIRMED',
      ['Kiểm tra', 'đo lường'],
    ]);
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
    expect(e.description!.split('\n').slice(-4)).toEqual([
      'Trạng thái: Đã gộp vào cuộc liên ngành',
      `Gộp vào: ${api}/inspections/k1`,
      'Sự kiện này được giữ lại để lịch của bạn cập nhật việc hủy và sẽ tự gỡ sau ngày 22/03/2025.',
      `Chi tiết: ${api}/inspections/m1`,
    ]);
    expect([e.location, e.status]).toEqual([`${ANH_DUONG}, 5 Hùng Vương`, 'CANCELLED']);
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
      created: new Date('2025-02-10T02:00:00Z'),
      timing: {
        kind: 'timed',
        start: new Date('2025-03-05T01:30:00Z'),
        end: new Date('2025-03-05T04:00:00Z'),
      },
      summary: 'Họp phối hợp — Rà soát chồng chéo kế hoạch thanh tra, kiểm tra năm 2025',
      description: [
        'Cuộc họp phối hợp xử lý chồng chéo thanh tra, kiểm tra doanh nghiệp',
        'Chủ trì: Phó Chánh Thanh tra tỉnh Trần Văn Bình',
        'Thành phần: Thanh tra tỉnh (TTT); Sở Khoa học và Công nghệ (SKHCN); Sở Y tế (SYT); Thuế tỉnh (CT)',
        'Chương trình: 12 xung đột cần xử lý',
        'Địa điểm: Phòng họp số 2, Trụ sở Thanh tra tỉnh, 12 Lê Lợi',
        `Chi tiết: ${api}/meetings/mtg-2025-01`,
      ].join('\n'),
      location: 'Phòng họp số 2, Trụ sở Thanh tra tỉnh, 12 Lê Lợi',
      url: `${api}/meetings/mtg-2025-01`,
      status: 'CONFIRMED',
      categories: ['Họp phối hợp'],
      transparent: false,
    });
  });

  it('a cancelled meeting with no agencies: no Thành phần line, free time, when it drops', () => {
    const e = meetingToEvent(MEETINGS[1], ctx)!;
    expect(e.summary).toBe('[ĐÃ HỦY] Họp bổ sung — evening slot crossing UTC midnight');
    expect(e.description!.split('\n')).toEqual([
      'Cuộc họp phối hợp xử lý chồng chéo thanh tra, kiểm tra doanh nghiệp',
      'Chủ trì: Chánh Thanh tra tỉnh',
      'Chương trình: 0 xung đột cần xử lý',
      'Địa điểm: Trực tuyến',
      'Cuộc họp đã bị hủy; sự kiện sẽ tự gỡ sau ngày 30/03/2025.',
      `Chi tiết: ${api}/meetings/mtg-2025-02`,
    ]);
    expect([e.status, e.transparent]).toEqual(['CANCELLED', true]);
    // "Họp" only at the start, as a word, keeps a title as written.
    expect(meetingToEvent({ ...MEETINGS[0], title: 'Cuộc họp quý I' }, ctx)!.summary).toBe(
      'Họp phối hợp — Cuộc họp quý I',
    );
  });
});
