// Vietnam's provinces before and after the 2025 reorganisation, and the merged provincial
// departments (Sở), as data. Province codes are short ASCII slugs of our own (no official
// code list is implied); names are as the resolutions write them.
import type { CalendarDay } from '../domain/calendar-day';
import type { LocalizedMessage } from '../domain/localized-message';

export const PROVINCE_MERGER_DAY: CalendarDay = '2025-07-01';

export const PROVINCE_MERGER_CITATION: LocalizedMessage = {
  vi: 'Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh (hiệu lực từ ngày 01/7/2025)',
  en: 'National Assembly Resolution 202/2025/QH15 of 12 June 2025 on reorganising provinces (in force from 1 July 2025)',
};

export interface Province {
  code: string;
  name: string;
  /** The provinces it was formed from on 1 July 2025 (itself included); absent: unchanged. */
  formedFrom?: string[];
}

/** The 34 provinces and centrally-run cities from 1 July 2025. */
export const PROVINCES_2025: readonly Province[] = [
  { code: 'HANOI', name: 'Thành phố Hà Nội' },
  { code: 'HUE', name: 'Thành phố Huế' },
  { code: 'LAICHAU', name: 'Tỉnh Lai Châu' },
  { code: 'DIENBIEN', name: 'Tỉnh Điện Biên' },
  { code: 'SONLA', name: 'Tỉnh Sơn La' },
  { code: 'LANGSON', name: 'Tỉnh Lạng Sơn' },
  { code: 'QUANGNINH', name: 'Tỉnh Quảng Ninh' },
  { code: 'THANHHOA', name: 'Tỉnh Thanh Hóa' },
  { code: 'NGHEAN', name: 'Tỉnh Nghệ An' },
  { code: 'HATINH', name: 'Tỉnh Hà Tĩnh' },
  { code: 'CAOBANG', name: 'Tỉnh Cao Bằng' },
  { code: 'TUYENQUANG', name: 'Tỉnh Tuyên Quang', formedFrom: ['HAGIANG', 'TUYENQUANG'] },
  { code: 'LAOCAI', name: 'Tỉnh Lào Cai', formedFrom: ['YENBAI', 'LAOCAI'] },
  { code: 'THAINGUYEN', name: 'Tỉnh Thái Nguyên', formedFrom: ['BACKAN', 'THAINGUYEN'] },
  { code: 'PHUTHO', name: 'Tỉnh Phú Thọ', formedFrom: ['VINHPHUC', 'HOABINH', 'PHUTHO'] },
  { code: 'BACNINH', name: 'Tỉnh Bắc Ninh', formedFrom: ['BACGIANG', 'BACNINH'] },
  { code: 'HUNGYEN', name: 'Tỉnh Hưng Yên', formedFrom: ['THAIBINH', 'HUNGYEN'] },
  { code: 'HAIPHONG', name: 'Thành phố Hải Phòng', formedFrom: ['HAIDUONG', 'HAIPHONG'] },
  { code: 'NINHBINH', name: 'Tỉnh Ninh Bình', formedFrom: ['HANAM', 'NAMDINH', 'NINHBINH'] },
  { code: 'QUANGTRI', name: 'Tỉnh Quảng Trị', formedFrom: ['QUANGBINH', 'QUANGTRI'] },
  { code: 'DANANG', name: 'Thành phố Đà Nẵng', formedFrom: ['QUANGNAM', 'DANANG'] },
  { code: 'QUANGNGAI', name: 'Tỉnh Quảng Ngãi', formedFrom: ['KONTUM', 'QUANGNGAI'] },
  { code: 'GIALAI', name: 'Tỉnh Gia Lai', formedFrom: ['GIALAI', 'BINHDINH'] },
  { code: 'KHANHHOA', name: 'Tỉnh Khánh Hòa', formedFrom: ['NINHTHUAN', 'KHANHHOA'] },
  { code: 'LAMDONG', name: 'Tỉnh Lâm Đồng', formedFrom: ['LAMDONG', 'DAKNONG', 'BINHTHUAN'] },
  { code: 'DAKLAK', name: 'Tỉnh Đắk Lắk', formedFrom: ['DAKLAK', 'PHUYEN'] },
  { code: 'HCM', name: 'Thành phố Hồ Chí Minh', formedFrom: ['HCM', 'BINHDUONG', 'BRVT'] },
  { code: 'DONGNAI', name: 'Tỉnh Đồng Nai', formedFrom: ['DONGNAI', 'BINHPHUOC'] },
  { code: 'TAYNINH', name: 'Tỉnh Tây Ninh', formedFrom: ['TAYNINH', 'LONGAN'] },
  { code: 'CANTHO', name: 'Thành phố Cần Thơ', formedFrom: ['CANTHO', 'SOCTRANG', 'HAUGIANG'] },
  { code: 'VINHLONG', name: 'Tỉnh Vĩnh Long', formedFrom: ['BENTRE', 'VINHLONG', 'TRAVINH'] },
  { code: 'DONGTHAP', name: 'Tỉnh Đồng Tháp', formedFrom: ['TIENGIANG', 'DONGTHAP'] },
  { code: 'CAMAU', name: 'Tỉnh Cà Mau', formedFrom: ['BACLIEU', 'CAMAU'] },
  { code: 'ANGIANG', name: 'Tỉnh An Giang', formedFrom: ['ANGIANG', 'KIENGIANG'] },
];

/** Names of the provinces that ceased on 1 July 2025 (those not kept as a name above). */
export const FORMER_PROVINCE_NAMES: Readonly<Record<string, string>> = {
  HAGIANG: 'Tỉnh Hà Giang',
  YENBAI: 'Tỉnh Yên Bái',
  BACKAN: 'Tỉnh Bắc Kạn',
  VINHPHUC: 'Tỉnh Vĩnh Phúc',
  HOABINH: 'Tỉnh Hòa Bình',
  BACGIANG: 'Tỉnh Bắc Giang',
  THAIBINH: 'Tỉnh Thái Bình',
  HAIDUONG: 'Tỉnh Hải Dương',
  HANAM: 'Tỉnh Hà Nam',
  NAMDINH: 'Tỉnh Nam Định',
  QUANGBINH: 'Tỉnh Quảng Bình',
  QUANGNAM: 'Tỉnh Quảng Nam',
  KONTUM: 'Tỉnh Kon Tum',
  BINHDINH: 'Tỉnh Bình Định',
  NINHTHUAN: 'Tỉnh Ninh Thuận',
  DAKNONG: 'Tỉnh Đắk Nông',
  BINHTHUAN: 'Tỉnh Bình Thuận',
  PHUYEN: 'Tỉnh Phú Yên',
  BINHDUONG: 'Tỉnh Bình Dương',
  BRVT: 'Tỉnh Bà Rịa - Vũng Tàu',
  BINHPHUOC: 'Tỉnh Bình Phước',
  LONGAN: 'Tỉnh Long An',
  SOCTRANG: 'Tỉnh Sóc Trăng',
  HAUGIANG: 'Tỉnh Hậu Giang',
  BENTRE: 'Tỉnh Bến Tre',
  TRAVINH: 'Tỉnh Trà Vinh',
  TIENGIANG: 'Tỉnh Tiền Giang',
  BACLIEU: 'Tỉnh Bạc Liêu',
  KIENGIANG: 'Tỉnh Kiên Giang',
};

/** The province a pre-2025 province code belongs to from 1 July 2025. */
export function provinceAfterMerger(code: string): string | undefined {
  return PROVINCES_2025.find((p) => p.code === code || p.formedFrom?.includes(code))?.code;
}

export interface DepartmentMerger {
  /** The new department's short name and full name. */
  to: { short: string; name: string };
  from: { short: string; name: string }[];
  /** The provinces reorganised their departments from 1 March 2025. */
  effectiveFrom: CalendarDay;
  citation: LocalizedMessage;
}

const DEPARTMENTS_CITATION: LocalizedMessage = {
  vi: 'Nghị định số 45/2025/NĐ-CP quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh (hợp nhất các sở theo Nghị quyết 18-NQ/TW)',
  en: 'Decree 45/2025/ND-CP on the specialised departments of provincial People’s Committees (department mergers)',
};

/** The 2025 department mergers common to every province (ministries merged the same way). */
export const DEPARTMENT_MERGERS_2025: readonly DepartmentMerger[] = [
  {
    to: { short: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường' },
    from: [
      { short: 'STNMT', name: 'Sở Tài nguyên và Môi trường' },
      { short: 'SNNPTNT', name: 'Sở Nông nghiệp và Phát triển nông thôn' },
    ],
    effectiveFrom: '2025-03-01',
    citation: DEPARTMENTS_CITATION,
  },
  {
    to: { short: 'STC', name: 'Sở Tài chính' },
    from: [
      { short: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' },
      { short: 'STC', name: 'Sở Tài chính' },
    ],
    effectiveFrom: '2025-03-01',
    citation: DEPARTMENTS_CITATION,
  },
  {
    to: { short: 'SXD', name: 'Sở Xây dựng' },
    from: [
      { short: 'SGTVT', name: 'Sở Giao thông vận tải' },
      { short: 'SXD', name: 'Sở Xây dựng' },
    ],
    effectiveFrom: '2025-03-01',
    citation: DEPARTMENTS_CITATION,
  },
  {
    to: { short: 'SKHCN', name: 'Sở Khoa học và Công nghệ' },
    from: [
      { short: 'STTTT', name: 'Sở Thông tin và Truyền thông' },
      { short: 'SKHCN', name: 'Sở Khoa học và Công nghệ' },
    ],
    effectiveFrom: '2025-03-01',
    citation: DEPARTMENTS_CITATION,
  },
  {
    to: { short: 'SNV', name: 'Sở Nội vụ' },
    from: [
      { short: 'SLDTBXH', name: 'Sở Lao động - Thương binh và Xã hội' },
      { short: 'SNV', name: 'Sở Nội vụ' },
    ],
    effectiveFrom: '2025-03-01',
    citation: DEPARTMENTS_CITATION,
  },
];
