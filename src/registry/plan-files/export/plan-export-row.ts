// One inspection of the consolidated plan, as export writes it: the import layout, so an
// exported file re-imports. Values are API values; labels are looked up here.
import { daysInMonth, type DayWindow, formatDayVi } from '../../../domain/calendar-day';
import type { FieldOfManagement } from '../../../domain/fields-of-management';
import {
  INSPECTION_FORM_LABEL_VI,
  INSPECTION_TYPE_LABEL_VI,
  type InspectionForm,
  type InspectionType,
} from '../../../domain/vocabulary';
import { EXPORT_COLUMNS, type PlanColumnKey } from '../import/plan-columns';
import { neutraliseFormula } from './formula-guard';

export interface PlanExportRow {
  /** STT; the row's position (1-based) when omitted. */
  sequence?: number;
  enterpriseName: string;
  taxCode: string;
  address?: string;
  content: string;
  /** Field-of-management code; written as its Vietnamese label. */
  field: string;
  type: InspectionType;
  form: InspectionForm;
  window: DayWindow;
  /** Lead agency as readers know it (code or name). */
  leadAgency?: string;
  participantAgencies?: readonly string[];
  periodUnderReview?: string;
  durationWorkingDays?: number;
  note?: string;
}

export interface PlanExportOptions {
  year: number;
  fields?: readonly FieldOfManagement[];
  /** Title above the table (xlsx only); a default naming the year when omitted. */
  title?: string;
  /** Stamped into the workbook's properties, so the same input gives the same file. */
  generatedAt?: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ROMAN = ['I', 'II', 'III', 'IV'];

/** The shortest text the importer reads back as the same window: "Tháng 3/2026", "Quý II/2026"... */
export function formatVisitWindow(w: DayWindow): string {
  if (w.from === w.to) return formatDayVi(w.from);
  const [fy, fm, fd] = w.from.split('-').map(Number);
  const [ty, tm, td] = w.to.split('-').map(Number);
  const wholeMonths = fd === 1 && td === daysInMonth(ty, tm) && fy === ty;
  if (wholeMonths) {
    if (fm === 1 && tm === 12) return `Năm ${fy}`;
    if (fm === tm) return `Tháng ${fm}/${fy}`;
    if (fm % 3 === 1 && tm === fm + 2) return `Quý ${ROMAN[(fm - 1) / 3]}/${fy}`;
    return `${pad(fm)}-${pad(tm)}/${fy}`;
  }
  return `${formatDayVi(w.from)} - ${formatDayVi(w.to)}`;
}

export type ExportCell = string | number | null;

/** Cells in EXPORT_COLUMNS order; text is neutralised against formula injection. */
export function toExportCells(
  row: PlanExportRow,
  index: number,
  fields: readonly FieldOfManagement[],
): ExportCell[] {
  const fieldLabel = fields.find((f) => f.code === row.field)?.vi ?? row.field;
  const values: Record<PlanColumnKey, string | number | undefined> = {
    sequence: row.sequence ?? index + 1,
    enterpriseName: row.enterpriseName,
    taxCode: row.taxCode,
    address: row.address,
    content: row.content,
    field: fieldLabel,
    window: formatVisitWindow(row.window),
    type: INSPECTION_TYPE_LABEL_VI[row.type],
    form: INSPECTION_FORM_LABEL_VI[row.form],
    leadAgency: row.leadAgency,
    participantAgencies: row.participantAgencies?.join('; '),
    agencies: undefined,
    windowFrom: undefined, // import-only columns
    windowTo: undefined,
    periodUnderReview: row.periodUnderReview,
    durationWorkingDays: row.durationWorkingDays,
    note: row.note,
  };
  return EXPORT_COLUMNS.map((c) => {
    const v = values[c.key];
    if (v === undefined || v === '') return null;
    return typeof v === 'number' ? v : neutraliseFormula(v.normalize('NFC'));
  });
}

export function defaultExportTitle(year: number): string {
  return `KẾ HOẠCH THANH TRA, KIỂM TRA DOANH NGHIỆP NĂM ${year} (TỔNG HỢP)`;
}
