// The consolidated plan as CSV: UTF-8 with a BOM (without it Excel reads the bytes as the
// local ANSI code page and Vietnamese diacritics break), comma-separated, CRLF, header first.
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_FIELDS_OF_MANAGEMENT } from '../../../domain/fields-of-management';
import { EXPORT_COLUMNS } from '../import/plan-columns';
import { toExportCells, type PlanExportOptions, type PlanExportRow } from './plan-export-row';

export const CSV_MIME_TYPE = 'text/csv; charset=utf-8';
const BOM = '\ufeff';

export function exportPlanCsv(
  rows: readonly PlanExportRow[],
  options: Pick<PlanExportOptions, 'fields'> = {},
): Buffer {
  const fields = options.fields ?? DEFAULT_FIELDS_OF_MANAGEMENT;
  const records = [
    EXPORT_COLUMNS.map((c) => c.header),
    ...rows.map((r, i) => toExportCells(r, i, fields)),
  ];
  const text = stringify(records, {
    record_delimiter: 'windows',
    cast: { number: (n) => String(n) },
  });
  return Buffer.from(BOM + text, 'utf8');
}

export function planExportFilename(year: number, format: 'xlsx' | 'csv'): string {
  return `ke-hoach-thanh-tra-kiem-tra-${year}.${format}`;
}
