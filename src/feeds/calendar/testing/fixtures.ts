// Sample records for the specs and the bench: realistic Vietnamese content, long enough to fold.
import { addDays, type CalendarDay } from '../../../domain/calendar-day';
import type { ConflictCalendarView } from '../conflict-events';
import type { InspectionCalendarView } from '../inspection-events';
import type { CalendarMappingContext } from '../mapping-context';
import type { MeetingCalendarView } from '../meeting-events';
import { feedUidScope } from '../uid';

export const SO_KHCN = { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' };
export const SO_YT = { code: 'SYT', name: 'Sở Y tế' };
export const CUC_THUE = { code: 'CT', name: 'Thuế tỉnh' };
export const THANH_TRA_TINH = { code: 'TTT', name: 'Thanh tra tỉnh' };

export const AS_OF: CalendarDay = '2025-03-01';

export function mappingContext(over: Partial<CalendarMappingContext> = {}): CalendarMappingContext {
  return {
    feedScope: feedUidScope({ scope: 'province' }),
    uidDomain: 'lich.example.vn',
    baseUrl: 'https://lich.example.vn/api/',
    asOf: AS_OF,
    ...over,
  };
}

export function inspection(over: Partial<InspectionCalendarView> = {}): InspectionCalendarView {
  return {
    id: '65f0a1b2c3d4e5f601234567',
    taxCode: '0100109106',
    enterpriseName: 'Công ty TNHH Thương mại và Dịch vụ Ánh Dương Việt Nam',
    type: 'kiem-tra',
    form: 'on-site',
    field: 'DLCL',
    fieldLabel: 'đo lường',
    content:
      'Kiểm tra việc chấp hành pháp luật về đo lường, chất lượng sản phẩm, hàng hóa; nhãn hàng hóa; mã số, mã vạch.',
    window: { from: '2025-03-10', to: '2025-03-14' },
    leadAgency: SO_KHCN,
    participantAgencies: [],
    planDecisionNumber: '15/QĐ-SKHCN',
    planDecisionDate: '2025-01-15',
    state: 'scheduled',
    revision: 3,
    createdAt: new Date('2025-01-15T02:00:00Z'),
    updatedAt: new Date('2025-02-20T08:15:30Z'),
    ...over,
  };
}

export const INSPECTIONS: InspectionCalendarView[] = [
  inspection(),
  inspection({
    id: '65f0a1b2c3d4e5f601234568',
    type: 'thanh-tra',
    field: 'THUE',
    fieldLabel: 'thuế',
    taxCode: '0300588569',
    enterpriseName: 'Công ty Cổ phần Đầu tư Xây dựng Hồ Chí Minh',
    window: { from: '2025-04-01', to: '2025-04-30' },
    leadAgency: THANH_TRA_TINH,
    participantAgencies: [CUC_THUE, SO_YT],
    state: 'planned',
    revision: 1,
    planDecisionNumber: '07/QĐ-TTr',
  }),
  inspection({
    id: '65f0a1b2c3d4e5f601234569',
    taxCode: '0101248141',
    enterpriseName: 'Hộ kinh doanh Nguyễn Thị Hương',
    field: 'ATTP',
    fieldLabel: 'an toàn thực phẩm',
    leadAgency: SO_YT,
    window: { from: '2025-03-31', to: '2025-03-31' },
    state: 'cancelled',
    revision: 5,
    updatedAt: new Date('2025-02-25T03:00:00Z'),
  }),
  inspection({
    id: '65f0a1b2c3d4e5f60123456a',
    form: 'remote',
    adHoc: true,
    window: { from: '2025-12-29', to: '2026-01-02' },
    state: 'in-progress',
    revision: 7,
    planDecisionNumber: undefined,
  }),
];

export const MEETINGS: MeetingCalendarView[] = [
  {
    id: 'mtg-2025-01',
    title: 'Rà soát chồng chéo kế hoạch thanh tra, kiểm tra năm 2025',
    start: new Date('2025-03-05T01:30:00Z'), // 08:30 in Ho Chi Minh
    end: new Date('2025-03-05T04:00:00Z'),
    place: 'Phòng họp số 2, Trụ sở Thanh tra tỉnh, 12 Lê Lợi',
    chair: 'Phó Chánh Thanh tra tỉnh Trần Văn Bình',
    agencies: [THANH_TRA_TINH, SO_KHCN, SO_YT, CUC_THUE],
    agendaCount: 12,
    revision: 2,
    createdAt: new Date('2025-02-10T02:00:00Z'),
    updatedAt: new Date('2025-02-27T09:00:00Z'),
  },
  {
    id: 'mtg-2025-02',
    title: 'Họp bổ sung — evening slot crossing UTC midnight',
    start: new Date('2025-03-20T16:30:00Z'), // 23:30 on 20/03 in Ho Chi Minh
    end: new Date('2025-03-20T18:00:00Z'), // 01:00 on 21/03
    place: 'Trực tuyến',
    chair: 'Chánh Thanh tra tỉnh',
    agencies: [],
    agendaCount: 0,
    revision: 4,
    createdAt: new Date('2025-02-10T02:00:00Z'),
    updatedAt: new Date('2025-02-28T09:00:00Z'),
    cancelled: true,
  },
];

export const CONFLICTS: ConflictCalendarView[] = [
  {
    id: 'cf-overlap-1',
    ruleId: 'window-overlap',
    ruleLabel: 'Trùng thời gian kiểm tra',
    rulebook: 'NQ198',
    severity: 'warn',
    status: 'open',
    taxCode: '0100109106',
    enterpriseName: 'Công ty TNHH Thương mại và Dịch vụ Ánh Dương Việt Nam',
    year: 2025,
    inspections: [
      {
        id: 'i-a',
        type: 'kiem-tra',
        leadAgency: SO_KHCN,
        window: { from: '2025-03-10', to: '2025-03-14' },
      },
      {
        id: 'i-b',
        type: 'kiem-tra',
        leadAgency: SO_YT,
        window: { from: '2025-03-13', to: '2025-03-20' },
      },
    ],
    concerns: [{ from: '2025-03-13', to: '2025-03-14' }],
    revision: 1,
    createdAt: new Date('2025-02-01T00:00:00Z'),
    updatedAt: new Date('2025-02-01T00:00:00Z'),
  },
  {
    id: 'cf-frequency-1',
    ruleId: 'frequency',
    rulebook: 'CT20',
    severity: 'block',
    status: 'open',
    taxCode: '0300588569',
    enterpriseName: 'Công ty Cổ phần Đầu tư Xây dựng Hồ Chí Minh',
    year: 2025,
    inspections: [
      {
        id: 'i-c',
        type: 'thanh-tra',
        leadAgency: THANH_TRA_TINH,
        window: { from: '2025-04-01', to: '2025-04-30' },
      },
      {
        id: 'i-d',
        type: 'kiem-tra',
        leadAgency: CUC_THUE,
        window: { from: '2025-10-01', to: '2025-10-31' },
        planDecisionNumber: '99/QĐ-CT',
      },
    ],
    revision: 2,
    createdAt: new Date('2025-02-01T00:00:00Z'),
    updatedAt: new Date('2025-02-02T00:00:00Z'),
  },
];

const FIELDS = [
  ['DLCL', 'đo lường'],
  ['ATTP', 'an toàn thực phẩm'],
  ['THUE', 'thuế'],
  ['PCCC', 'phòng cháy, chữa cháy'],
  ['MT', 'bảo vệ môi trường'],
  ['LD', 'lao động, bảo hiểm xã hội'],
] as const;
const AGENCIES = [SO_KHCN, SO_YT, CUC_THUE, THANH_TRA_TINH];

/** n deterministic inspections spread over 2025 (for the bench and large-feed tests). */
export function syntheticInspections(n: number): InspectionCalendarView[] {
  const out: InspectionCalendarView[] = [];
  for (let i = 0; i < n; i++) {
    const [field, fieldLabel] = FIELDS[i % FIELDS.length];
    const from = addDays('2025-01-02', (i * 7) % 360);
    out.push(
      inspection({
        id: `insp-${String(i).padStart(7, '0')}`,
        taxCode: String(100000000 + i).padStart(10, '0'),
        enterpriseName: `Công ty TNHH Sản xuất Thương mại Dịch vụ Số ${i} Việt Nam`,
        type: i % 5 === 0 ? 'thanh-tra' : 'kiem-tra',
        field,
        fieldLabel,
        window: { from, to: addDays(from, i % 10) },
        leadAgency: AGENCIES[i % AGENCIES.length],
        participantAgencies: i % 4 === 0 ? [AGENCIES[(i + 1) % AGENCIES.length]] : [],
        state: i % 50 === 0 ? 'cancelled' : i % 3 === 0 ? 'planned' : 'scheduled',
        revision: i % 9,
        updatedAt: new Date(Date.UTC(2025, 1, 20, 0, 0, i % 3600)),
      }),
    );
  }
  return out;
}

/** n deterministic meetings (timed events). */
export function syntheticMeetings(n: number): MeetingCalendarView[] {
  return Array.from({ length: n }, (_, i) => ({
    ...MEETINGS[0],
    id: `mtg-${String(i).padStart(7, '0')}`,
    start: new Date(Date.UTC(2025, 0, 2 + (i % 360), 1 + (i % 8), 0)),
    end: new Date(Date.UTC(2025, 0, 2 + (i % 360), 3 + (i % 8), 30)),
    cancelled: false,
  }));
}
