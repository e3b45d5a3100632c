// The columns of a Vietnamese plan table, shared by import (header recognition) and export
// (the same layout, so an export re-imports). Headers are matched after foldForMatch, so
// the aliases below are written folded: no diacritics, lower case, single spaces.
import { foldForMatch } from '../../../domain/vietnamese-text';

export type PlanColumnKey =
  | 'sequence'
  | 'enterpriseName'
  | 'taxCode'
  | 'address'
  | 'content'
  | 'field'
  | 'window'
  | 'windowFrom'
  | 'windowTo'
  | 'type'
  | 'form'
  | 'leadAgency'
  | 'participantAgencies'
  | 'agencies'
  | 'periodUnderReview'
  | 'durationWorkingDays'
  | 'note';

export interface PlanColumn {
  key: PlanColumnKey;
  /** Header written by export and the template. */
  header: string;
  /** The API field name an error names. */
  apiField: string;
  /** Folded header texts that name this column; matched whole, then as a prefix. */
  aliases: readonly string[];
  required: boolean;
  width: number;
}

export const PLAN_COLUMNS: readonly PlanColumn[] = [
  {
    key: 'sequence',
    header: 'STT',
    apiField: 'sequence',
    aliases: ['stt', 'so tt', 'so thu tu', 'tt', 'no'],
    required: false,
    width: 6,
  },
  {
    key: 'enterpriseName',
    header: 'Tên doanh nghiệp',
    apiField: 'enterpriseName',
    aliases: [
      'ten',
      'ten doanh nghiep',
      'ten dn',
      'doanh nghiep',
      'ten don vi',
      'ten to chuc',
      'ten co so',
      'ten doanh nghiep to chuc',
      'ten doanh nghiep ho kinh doanh',
      'don vi duoc thanh tra',
      'don vi duoc kiem tra',
      'doi tuong thanh tra',
      'doi tuong kiem tra',
      'ten nguoi nop thue',
      'enterprise name',
      'enterprise',
    ],
    required: true,
    width: 36,
  },
  {
    key: 'taxCode',
    header: 'Mã số thuế',
    apiField: 'taxCode',
    aliases: [
      'ma so thue',
      'mst',
      'ma so doanh nghiep',
      'ma so dn',
      'msdn',
      'ma so thue ma so doanh nghiep',
      'tax code',
    ],
    // Some lists give the tax code inside the name cell ("Công ty A (MST 1300591002)").
    required: false,
    width: 16,
  },
  {
    key: 'address',
    header: 'Địa chỉ',
    apiField: 'address',
    aliases: ['dia chi', 'dia chi tru so', 'tru so', 'dia chi tru so chinh', 'address'],
    required: false,
    width: 36,
  },
  {
    key: 'content',
    header: 'Nội dung',
    apiField: 'content',
    aliases: [
      'noi dung',
      'noi dung thanh tra',
      'noi dung kiem tra',
      'noi dung thanh tra kiem tra',
      'noi dung chu yeu',
      'content',
    ],
    required: true,
    width: 48,
  },
  {
    key: 'field',
    header: 'Lĩnh vực',
    apiField: 'field',
    aliases: ['linh vuc', 'linh vuc quan ly', 'linh vuc thanh tra', 'linh vuc kiem tra', 'field'],
    // Inspectorates' lists give the field by section rows ("I. Lĩnh vực thuế") instead.
    required: false,
    width: 20,
  },
  {
    key: 'window',
    header: 'Thời gian thực hiện',
    apiField: 'window',
    aliases: [
      'thoi gian thuc hien',
      'thoi gian',
      'thoi gian tien hanh',
      'thoi gian thanh tra',
      'thoi gian kiem tra',
      'thoi gian du kien',
      'thoi diem',
      'thoi gian trien khai',
      'window',
    ],
    required: true,
    width: 22,
  },
  {
    key: 'windowFrom',
    header: 'Từ ngày',
    apiField: 'window.from',
    aliases: ['tu ngay', 'ngay bat dau', 'bat dau', 'tu'],
    required: false,
    width: 12,
  },
  {
    key: 'windowTo',
    header: 'Đến ngày',
    apiField: 'window.to',
    aliases: ['den ngay', 'ngay ket thuc', 'ket thuc', 'den'],
    required: false,
    width: 12,
  },
  {
    key: 'type',
    header: 'Loại',
    apiField: 'type',
    aliases: [
      'loai',
      'loai hinh',
      'thanh tra kiem tra',
      'loai thanh tra kiem tra',
      'hinh thuc thanh tra kiem tra',
      'type',
    ],
    required: false,
    width: 12,
  },
  {
    key: 'form',
    header: 'Hình thức',
    apiField: 'form',
    aliases: [
      'hinh thuc',
      'hinh thuc thuc hien',
      'hinh thuc kiem tra',
      'hinh thuc thanh tra',
      'form',
    ],
    required: false,
    width: 12,
  },
  {
    key: 'leadAgency',
    header: 'Đơn vị chủ trì',
    apiField: 'leadAgencyCode',
    aliases: ['don vi chu tri', 'co quan chu tri', 'chu tri', 'lead agency'],
    required: false,
    width: 24,
  },
  {
    key: 'participantAgencies',
    header: 'Đơn vị phối hợp',
    apiField: 'participantAgencyCodes',
    aliases: ['don vi phoi hop', 'co quan phoi hop', 'phoi hop', 'participant agencies'],
    required: false,
    width: 28,
  },
  {
    key: 'agencies',
    header: 'Đơn vị chủ trì / phối hợp',
    apiField: 'leadAgencyCode',
    aliases: [
      'don vi chu tri phoi hop',
      'co quan chu tri phoi hop',
      'don vi chu tri don vi phoi hop',
      'chu tri phoi hop',
      'don vi thuc hien',
      'co quan thuc hien',
    ],
    required: false,
    width: 30,
  },
  {
    key: 'periodUnderReview',
    header: 'Thời kỳ thanh tra/kiểm tra',
    apiField: 'periodUnderReview',
    aliases: [
      'thoi ky thanh tra kiem tra',
      'thoi ky thanh tra',
      'thoi ky kiem tra',
      'thoi ky',
      'nien do',
      'thoi ky xem xet',
      'period under review',
    ],
    required: false,
    width: 18,
  },
  {
    key: 'durationWorkingDays',
    header: 'Số ngày làm việc',
    apiField: 'durationWorkingDays',
    aliases: [
      'so ngay lam viec',
      'so ngay',
      'thoi han',
      'thoi han thanh tra',
      'thoi han kiem tra',
      'so ngay thanh tra',
      'so ngay kiem tra',
      'duration',
    ],
    required: false,
    width: 10,
  },
  {
    key: 'note',
    header: 'Ghi chú',
    apiField: 'note',
    aliases: ['ghi chu', 'note', 'notes'],
    required: false,
    width: 24,
  },
];

/** The template's example row carries this note; the importer skips rows that do. */
export const TEMPLATE_EXAMPLE_NOTE = 'Dòng ví dụ - xóa trước khi nhập';

/** The layout export and the template write: the combined agencies column is import-only. */
export const EXPORT_COLUMNS: readonly PlanColumn[] = PLAN_COLUMNS.filter(
  (c) => c.key !== 'agencies' && c.key !== 'windowFrom' && c.key !== 'windowTo',
);

export function columnByKey(key: PlanColumnKey): PlanColumn {
  const c = PLAN_COLUMNS.find((col) => col.key === key);
  if (!c) throw new RangeError(key);
  return c;
}

/**
 * Which column a header cell names, or null. Parenthesised parts ("Mã số thuế (MST)",
 * "Thời gian (dự kiến)") are tried with and without. A whole-alias match beats a prefix
 * match; among prefixes the longest alias wins ("thoi ky thanh tra" over "thoi gian").
 */
export function recogniseHeader(text: string): PlanColumnKey | null {
  const candidates = new Set([foldForMatch(text), foldForMatch(text.replace(/\([^)]*\)/g, ' '))]);
  for (const folded of candidates) {
    if (folded === '') continue;
    for (const c of PLAN_COLUMNS) if (c.aliases.includes(folded)) return c.key;
  }
  let best: { key: PlanColumnKey; length: number } | null = null;
  for (const folded of candidates) {
    for (const c of PLAN_COLUMNS) {
      for (const a of c.aliases) {
        if (a.length < 4 || !folded.startsWith(`${a} `)) continue;
        if (!best || a.length > best.length) best = { key: c.key, length: a.length };
      }
    }
  }
  return best?.key ?? null;
}
