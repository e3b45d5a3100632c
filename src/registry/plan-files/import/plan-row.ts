// One data row of a plan table → an ImportedInspectionRow, or every problem it has. The
// row level checks what the file alone can tell; that agencies exist, plan status and the
// conflict rules are the service's business.
import type { FieldMatcher } from '../../../domain/fields-of-management';
import { parseTaxCode } from '../../../domain/tax-code';
import { normalizeLine, normalizeText } from '../../../domain/vietnamese-text';
import type { InspectionForm, InspectionType } from '../../../domain/vocabulary';
import {
  matchInspectionForm,
  matchInspectionType,
  splitAgencies,
  splitLeadAndParticipants,
} from './cell-vocabulary';
import { inspectionIdempotencyKey } from './idempotency-key';
import type { ImportedInspectionRow, ImportErrorCode, ImportRowError } from './import-types';
import { columnByKey, type PlanColumnKey } from './plan-columns';
import type { CellValue, RawRow } from './raw-sheet';
import type { TableLayout } from './header-row';
import { dateCellToDay, parseVisitWindow, type WindowResult } from './visit-window';

export interface RowContext {
  layout: TableLayout;
  agencyCode: string;
  year: number;
  matchField: FieldMatcher;
  defaultType?: InspectionType;
  defaultForm: InspectionForm;
  /** parseVisitWindow for the plan year; memoised by the caller (texts repeat). */
  parseWindow: (value: CellValue) => WindowResult;
}

/** parseVisitWindow for one year with a memo of text cells ("Tháng 3/2026" recurs a lot). */
export function windowParserFor(year: number): (value: CellValue) => WindowResult {
  const memo = new Map<string, WindowResult>();
  return (value) => {
    if (typeof value !== 'string') return parseVisitWindow(value, year);
    let hit = memo.get(value);
    if (!hit) {
      hit = parseVisitWindow(value, year);
      if (memo.size < 10_000) memo.set(value, hit);
    }
    return hit;
  };
}

/** A cell as text: numbers without exponent or grouping, dates as dd/mm/yyyy. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateCellToDay(value).split('-').reverse().join('/');
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(Math.round(value)).toString() : String(value);
  }
  return normalizeText(value);
}

/** An apostrophe that export put before =, +, -, @, ;, |, tab or CR is dropped on the way back. */
export function unquoteFormulaGuard(text: string): string {
  return /^'[=+\-@;|\t\r＝＋－＠；｜]/.test(text) ? text.slice(1) : text;
}

/**
 * Tax codes typed into Excel as numbers lose their leading zero (0100109106 → 100109106);
 * the same happens in a CSV saved by Excel. Nine digits get their zero back, and so do 12
 * digits that become a valid 13-digit branch code.
 */
export function restoreTaxCodeZero(text: string): string {
  const compact = text.replace(/\s+/g, '');
  if (/^\d{9}$/.test(compact)) return `0${compact}`;
  if (/^\d{12}$/.test(compact) && parseTaxCode(`0${compact}`).ok) return `0${compact}`;
  return compact;
}

export function parsePlanRow(
  row: RawRow,
  ctx: RowContext,
): { row?: ImportedInspectionRow; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const cols = ctx.layout.columns;
  const raw = (key: PlanColumnKey): CellValue | undefined => {
    const c = cols[key];
    return c ? row.cells[c.index] : undefined;
  };
  const text = (key: PlanColumnKey) => unquoteFormulaGuard(cellText(raw(key)));
  const report = (key: PlanColumnKey, code: ImportErrorCode, vi: string, en: string) => {
    const col = columnByKey(key);
    errors.push({
      row: row.rowNumber,
      column: cols[key]?.header ?? col.header,
      field: col.apiField,
      code,
      message: { vi, en },
    });
  };

  const enterpriseName = normalizeLine(text('enterpriseName'));
  if (!enterpriseName)
    report(
      'enterpriseName',
      'NAME_REQUIRED',
      'Thiếu tên doanh nghiệp',
      'The enterprise name is missing',
    );

  const tax = parseTaxCode(restoreTaxCodeZero(text('taxCode')));
  if (!tax.ok) report('taxCode', tax.code, tax.message.vi, tax.message.en);

  const content = text('content');
  if (!content) report('content', 'CONTENT_REQUIRED', 'Thiếu nội dung', 'The content is missing');

  const fieldText = text('field');
  const fieldMatch = ctx.matchField(fieldText);
  if (!fieldMatch.ok) {
    if (fieldMatch.reason === 'empty') {
      report('field', 'FIELD_REQUIRED', 'Thiếu lĩnh vực', 'The field of management is missing');
    } else if (fieldMatch.reason === 'ambiguous') {
      const names = fieldMatch.candidates.map((f) => f.vi).join(', ');
      report(
        'field',
        'FIELD_AMBIGUOUS',
        `Lĩnh vực "${fieldText}" khớp với nhiều lĩnh vực (${names}); mỗi cuộc chỉ thuộc một lĩnh vực`,
        `Field "${fieldText}" matches several fields (${fieldMatch.candidates.map((f) => f.en).join(', ')}); an inspection has one field`,
      );
    } else {
      report(
        'field',
        'FIELD_UNKNOWN',
        `Lĩnh vực "${fieldText}" không có trong danh mục`,
        `Field "${fieldText}" is not in the list of fields`,
      );
    }
  }

  const windowCell = raw('window');
  const window = ctx.parseWindow(
    typeof windowCell === 'string' ? unquoteFormulaGuard(windowCell) : (windowCell ?? null),
  );
  if (!window.ok) report('window', window.code, window.message.vi, window.message.en);

  let type: InspectionType | undefined = ctx.defaultType;
  const typeText = text('type');
  if (typeText) {
    const t = matchInspectionType(typeText);
    if (t) type = t;
    else
      report(
        'type',
        'TYPE_UNKNOWN',
        `Loại "${typeText}" không hợp lệ; dùng "Thanh tra" hoặc "Kiểm tra"`,
        `Type "${typeText}" is not known; use "Thanh tra" or "Kiểm tra"`,
      );
  } else if (!type) {
    report(
      'type',
      'TYPE_REQUIRED',
      'Thiếu loại (Thanh tra hoặc Kiểm tra)',
      'The type is missing (Thanh tra or Kiểm tra)',
    );
  }

  let form: InspectionForm = ctx.defaultForm;
  const formText = text('form');
  if (formText) {
    const f = matchInspectionForm(formText);
    if (f) form = f;
    else
      report(
        'form',
        'FORM_UNKNOWN',
        `Hình thức "${formText}" không hợp lệ; dùng "Trực tiếp" hoặc "Từ xa"`,
        `Form "${formText}" is not known; use "Trực tiếp" (on-site) or "Từ xa" (remote)`,
      );
  }

  let leadAgency: string | undefined = normalizeLine(text('leadAgency')) || undefined;
  let participantAgencies = splitAgencies(text('participantAgencies')).map(normalizeLine);
  const combined = text('agencies');
  if (combined) {
    const split = splitLeadAndParticipants(combined);
    leadAgency ??= split.lead;
    participantAgencies = [...participantAgencies, ...split.participants.map(normalizeLine)];
  }
  participantAgencies = [...new Set(participantAgencies)];
  if (leadAgency && participantAgencies.includes(leadAgency)) {
    report(
      cols.participantAgencies ? 'participantAgencies' : 'agencies',
      'AGENCY_DUPLICATE',
      `"${leadAgency}" vừa chủ trì vừa phối hợp`,
      `"${leadAgency}" is both the lead and a participating agency`,
    );
  }

  let durationWorkingDays: number | undefined;
  const durationText = text('durationWorkingDays');
  if (durationText) {
    const n = Number(
      durationText.replace(/\s*(ngày|ngay|ngày làm việc)\s*$/i, '').replace(',', '.'),
    );
    if (Number.isInteger(n) && n >= 1 && n <= 365) durationWorkingDays = n;
    else
      report(
        'durationWorkingDays',
        'DURATION_INVALID',
        `Số ngày làm việc "${durationText}" phải là số nguyên từ 1 đến 365`,
        `Duration "${durationText}" must be a whole number of working days from 1 to 365`,
      );
  }

  if (errors.length > 0 || !tax.ok || !window.ok || !fieldMatch.ok || !type) return { errors };

  const seq = raw('sequence');
  const sequence =
    typeof seq === 'number'
      ? seq
      : /^\d+$/.test(text('sequence'))
        ? Number(text('sequence'))
        : undefined;
  const optional = (key: PlanColumnKey) => text(key) || undefined;
  const field = fieldMatch.field.code;
  return {
    errors,
    row: {
      row: row.rowNumber,
      ...(sequence !== undefined ? { sequence } : {}),
      enterpriseName,
      taxCode: tax.taxCode,
      parentTaxCode: tax.parent,
      isBranch: tax.isBranch,
      ...(optional('address') ? { address: optional('address') } : {}),
      content,
      field,
      type,
      form,
      window: { ...window.window }, // a copy: the memoised result is shared
      windowPrecision: window.precision,
      ...(leadAgency ? { leadAgency } : {}),
      participantAgencies,
      ...(optional('periodUnderReview')
        ? { periodUnderReview: optional('periodUnderReview') }
        : {}),
      ...(durationWorkingDays !== undefined ? { durationWorkingDays } : {}),
      ...(optional('note') ? { note: optional('note') } : {}),
      idempotencyKey: inspectionIdempotencyKey({
        agencyCode: ctx.agencyCode,
        year: ctx.year,
        taxCode: tax.taxCode,
        type,
        field,
        window: window.window,
        content,
      }),
    },
  };
}
