// One data row of a plan table → an ImportedInspectionRow, or every problem it has. The
// row level checks what the file alone can tell; that agencies exist, plan status and the
// conflict rules are the service's business.
import type { FieldMatcher } from '../../../domain/fields-of-management';
import { parseTaxCode } from '../../../domain/tax-code';
import { foldForMatch, normalizeLine, normalizeText } from '../../../domain/vietnamese-text';
import type { InspectionForm, InspectionType } from '../../../domain/vocabulary';
import {
  matchInspectionForm,
  matchInspectionType,
  splitAgencies,
  splitLeadAndParticipants,
} from './cell-vocabulary';
import { inspectionIdempotencyKey } from './idempotency-key';
import type {
  ImportedInspectionRow,
  ImportErrorCode,
  ImportRowError,
  PartialImportRow,
  ReadingGuess,
} from './import-types';
import { columnByKey, type PlanColumnKey } from './plan-columns';
import type { CellValue } from './raw-sheet';
import type { TableLayout } from './header-row';
import { parseWrittenTaxCode, readFieldCell, taxCodeInName, typeFromContent } from './row-readings';
import type { TableRecord } from './table-records';
import { dateCellToDay, parseVisitWindow, type WindowResult } from './visit-window';

export interface RowContext {
  layout: TableLayout;
  agencyCode: string;
  year: number;
  matchField: FieldMatcher;
  /** Type from the title ("KẾ HOẠCH KIỂM TRA..."). */
  titleType?: InspectionType;
  /** Type given with the upload. */
  defaultType?: InspectionType;
  agencyKind?: 'inspectorate' | 'specialised' | 'state-audit' | 'other';
  defaultForm: InspectionForm;
  knownField: (code: string) => boolean;
  /** Field texts the officer mapped once (folded text → code): certain. */
  rememberedFields?: ReadonlyMap<string, string>;
  /** parseVisitWindow for the plan year; memoised by the caller (texts repeat). */
  parseWindow: (value: CellValue, dateFormat?: string) => WindowResult;
}

/** parseVisitWindow for one year with a memo of text cells ("Tháng 3/2026" recurs a lot). */
export function windowParserFor(
  year: number,
): (value: CellValue, dateFormat?: string) => WindowResult {
  const memo = new Map<string, WindowResult>();
  return (value, dateFormat) => {
    if (typeof value !== 'string') return parseVisitWindow(value, year, dateFormat);
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
  record: TableRecord,
  ctx: RowContext,
): { row?: ImportedInspectionRow; partial?: PartialImportRow; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const guesses: ReadingGuess[] = [];
  const cols = ctx.layout.columns;
  const rowNumber = record.rowNumber;
  const raw = (key: PlanColumnKey): CellValue | undefined => {
    const c = cols[key];
    return c ? record.cells[c.index] : undefined;
  };
  const dateFormat = (key: PlanColumnKey): string | undefined => {
    const c = cols[key];
    return c ? record.dateFormats?.[c.index] : undefined;
  };
  const text = (key: PlanColumnKey) => unquoteFormulaGuard(cellText(raw(key)));
  const header = (key: PlanColumnKey) => cols[key]?.header ?? columnByKey(key).header;
  const report = (key: PlanColumnKey, code: ImportErrorCode, vi: string, en: string) => {
    errors.push({
      row: rowNumber,
      column: header(key),
      field: columnByKey(key).apiField,
      code,
      message: { vi, en },
    });
  };
  const guess = (
    key: PlanColumnKey,
    field: string,
    read: string,
    takenAs: string,
    why: string,
    whyVi: string,
  ) => guesses.push({ column: header(key), field, read, takenAs, why, whyVi });

  let enterpriseName = normalizeLine(text('enterpriseName'));
  let taxText = text('taxCode');
  const inName = taxCodeInName(enterpriseName);
  if (inName) {
    enterpriseName = inName.name;
    if (!taxText) taxText = inName.taxCode;
  }
  if (!enterpriseName)
    report(
      'enterpriseName',
      'NAME_REQUIRED',
      'Thiếu tên doanh nghiệp',
      'The enterprise name is missing',
    );

  const tax = parseWrittenTaxCode(restoreTaxCodeZero(taxText));
  if (!tax.ok && !cols.taxCode && tax.code === 'TAX_CODE_REQUIRED')
    report(
      'taxCode',
      tax.code,
      'Bảng không có cột "Mã số thuế" và tên không kèm mã; thêm cột "Mã số thuế" hoặc ghi "(MST 0100109106)" sau tên',
      'The table has no "Mã số thuế" column and the name carries no code; add the column or write "(MST 0100109106)" after the name',
    );
  else if (!tax.ok) report('taxCode', tax.code, tax.message.vi, tax.message.en);

  const content = text('content');
  if (!content) report('content', 'CONTENT_REQUIRED', 'Thiếu nội dung', 'The content is missing');
  if (record.guessedContinuation && content) {
    guess(
      'content',
      'content',
      content,
      content,
      `rows ${record.continuationRows.join(', ')} have no STT, name or tax code: taken as the rest of row ${rowNumber}`,
      `Dòng ${record.continuationRows.join(', ')} không có STT, tên, mã số thuế: hiểu là phần tiếp theo của dòng ${rowNumber}`,
    );
  }

  // The field: its column; else the section row above; else the content's words (a guess).
  let field: string | undefined;
  const fieldText = text('field');
  const rememberedField = fieldText
    ? ctx.rememberedFields?.get(foldForMatch(fieldText))
    : undefined;
  if (rememberedField) {
    field = rememberedField;
  } else if (cols.field && fieldText) {
    const r = readFieldCell(fieldText, ctx.matchField, ctx.knownField);
    if (r.ok) {
      field = r.code;
      if (r.guess) guess('field', 'field', fieldText, r.code, r.guess.why, r.guess.whyVi);
    } else if (r.reason === 'ambiguous') {
      const names = (r.candidates ?? []).join(', ');
      report(
        'field',
        'FIELD_AMBIGUOUS',
        `Lĩnh vực "${fieldText}" khớp với nhiều lĩnh vực (${names}); mỗi cuộc chỉ thuộc một lĩnh vực`,
        `Field "${fieldText}" matches several fields (${names}); an inspection has one field`,
      );
    } else {
      report(
        'field',
        'FIELD_UNKNOWN',
        `Lĩnh vực "${fieldText}" không có trong danh mục`,
        `Field "${fieldText}" is not in the list of fields`,
      );
    }
  } else {
    const section = record.section
      ?.replace(/^\s*(?:[IVXivx]{1,4}|[A-Ha-h])\s*[.)\-:]?\s+/, '')
      .trim();
    const fromSection = section ? readFieldCell(section, ctx.matchField, ctx.knownField) : null;
    if (fromSection?.ok && !fromSection.guess) field = fromSection.code;
    else {
      const fromContent = content ? readFieldCell(content, ctx.matchField, ctx.knownField) : null;
      if (fromContent?.ok) {
        field = fromContent.code;
        guess(
          'field',
          'field',
          content,
          fromContent.code,
          `no "Lĩnh vực" column${record.section ? ` and the section "${record.section}" names no field` : ''}: taken from the content's words`,
          `Không có cột "Lĩnh vực"${record.section ? ` và mục "${record.section}" không ghi lĩnh vực` : ''}: suy ra từ nội dung`,
        );
      } else if (cols.field) {
        report('field', 'FIELD_REQUIRED', 'Thiếu lĩnh vực', 'The field of management is missing');
      } else {
        report(
          'field',
          'FIELD_REQUIRED',
          'Không có cột "Lĩnh vực", không có dòng mục ghi lĩnh vực, và nội dung không cho biết lĩnh vực',
          'No "Lĩnh vực" column, no section row naming the field, and the content does not tell it',
        );
      }
    }
  }

  let window: WindowResult;
  let windowRead: string;
  if (cols.windowFrom) {
    const a = raw('windowFrom') ?? null;
    const b = raw('windowTo') ?? a;
    const from = ctx.parseWindow(
      typeof a === 'string' ? unquoteFormulaGuard(a) : a,
      dateFormat('windowFrom'),
    );
    const to = ctx.parseWindow(
      typeof b === 'string' ? unquoteFormulaGuard(b) : b,
      dateFormat('windowTo'),
    );
    windowRead = `${cellText(a)} | ${cellText(b)}`;
    if (!from.ok) window = from;
    else if (!to.ok) window = to;
    else if (from.window.from > to.window.to)
      window = {
        ok: false,
        code: 'WINDOW_REVERSED',
        message: {
          vi: `Thời gian "${windowRead}": ngày bắt đầu sau ngày kết thúc`,
          en: `Window "${windowRead}": the start is after the end`,
        },
      };
    else
      window = {
        ok: true,
        window: { from: from.window.from, to: to.window.to },
        precision: from.precision === 'day' && to.precision === 'day' ? 'days' : 'months',
        ...((from.guess ?? to.guess) && { guess: from.guess ?? to.guess }),
      };
  } else {
    const windowCell = raw('window');
    windowRead = cellText(windowCell);
    window = ctx.parseWindow(
      typeof windowCell === 'string' ? unquoteFormulaGuard(windowCell) : (windowCell ?? null),
      dateFormat('window'),
    );
  }
  const windowKey: PlanColumnKey = cols.windowFrom ? 'windowFrom' : 'window';
  if (!window.ok) report(windowKey, window.code, window.message.vi, window.message.en);
  else if (window.guess)
    guess(
      windowKey,
      'window',
      windowRead,
      `${window.window.from}..${window.window.to}`,
      window.guess.why,
      window.guess.whyVi,
    );

  // The type: the "Loại" column; the row's own first words; the title; the upload; the
  // agency's kind (a guess).
  let type: InspectionType | undefined;
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
  } else {
    type = typeFromContent(content) ?? ctx.titleType ?? ctx.defaultType;
    if (!type && ctx.agencyKind) {
      type = ctx.agencyKind === 'inspectorate' ? 'thanh-tra' : 'kiem-tra';
      guess(
        'type',
        'type',
        '',
        type,
        ctx.agencyKind === 'inspectorate'
          ? 'neither the row, the title nor the upload tells the type: the agency is an inspectorate, taken as thanh tra'
          : 'neither the row, the title nor the upload tells the type: the agency is not an inspectorate (since 1 July 2025 only inspectorates run a thanh tra), taken as kiểm tra',
        ctx.agencyKind === 'inspectorate'
          ? 'Dòng, tiêu đề và lệnh tải lên đều không ghi loại: cơ quan là cơ quan thanh tra, hiểu là thanh tra'
          : 'Dòng, tiêu đề và lệnh tải lên đều không ghi loại: cơ quan không phải cơ quan thanh tra (từ 01/7/2025 chỉ cơ quan thanh tra tiến hành thanh tra), hiểu là kiểm tra',
      );
    }
    if (!type)
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

  if (errors.length > 0 || !tax.ok || !window.ok || !field || !type)
    return {
      errors,
      partial: {
        row: rowNumber,
        ...(record.continuationRows.length > 0 && { continuationRows: record.continuationRows }),
        ...(enterpriseName && { enterpriseName }),
        ...(tax.ok ? { taxCode: tax.taxCode } : taxText ? { taxCode: taxText } : {}),
        ...(content && { content }),
        ...(field && { field }),
        ...((fieldText || record.section) && { fieldText: fieldText || record.section }),
        ...(type && { type }),
        form,
        ...(window.ok && { window: { ...window.window } }),
        ...(leadAgency && { leadAgency }),
        participantAgencies,
        guesses,
      },
    };

  const seq = raw('sequence');
  const sequence =
    typeof seq === 'number'
      ? seq
      : /^\d+\.?$/.test(text('sequence'))
        ? parseInt(text('sequence'), 10)
        : undefined;
  const optional = (key: PlanColumnKey) => text(key) || undefined;
  return {
    errors,
    row: {
      row: rowNumber,
      ...(record.continuationRows.length > 0 && { continuationRows: record.continuationRows }),
      guesses,
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
