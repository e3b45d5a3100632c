// A year's report as .xlsx, for the people who keep their own tables: one sheet per table of
// the report page (the headline figures, by agency, by rule), Vietnamese headings, numbers as
// numbers. Pure: report in, bytes out.
import ExcelJS from 'exceljs';
import { CONFLICT_STATUSES, CONFLICT_STATUS_LABELS } from '../domain/vocabulary';
import type { YearReport } from './reports.service';

export const REPORT_XLSX_MIME_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  header: string[],
  rows: (string | number | null)[][],
): void {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.getCell('A1').value = title;
  ws.getCell('A1').font = { bold: true, size: 13 };
  const head = ws.getRow(3);
  head.values = header;
  head.font = { bold: true };
  for (const row of rows) ws.addRow(row);
  ws.columns.forEach((column, i) => {
    column.width = i === 0 ? 48 : 16;
  });
}

export async function renderReportWorkbook(report: YearReport, at: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'inspection-scheduler';
  workbook.created = at;
  workbook.modified = at;
  const { enterprises, inspections, conflicts } = report;
  const share =
    conflicts.shareResolved === null ? null : Math.round(conflicts.shareResolved * 1000) / 10;
  sheet(
    workbook,
    'Tổng hợp',
    `Báo cáo thanh tra, kiểm tra doanh nghiệp năm ${report.year}`,
    ['Chỉ tiêu', 'Trước phối hợp', 'Sau phối hợp'],
    [
      [
        report.labels['enterprises.inspected'].vi,
        enterprises.inspected.beforeCoordination,
        enterprises.inspected.afterCoordination,
      ],
      [
        report.labels['enterprises.inspectedMoreThanOnce'].vi,
        enterprises.inspectedMoreThanOnce.beforeCoordination,
        enterprises.inspectedMoreThanOnce.afterCoordination,
      ],
      [report.labels['inspections.registered'].vi, inspections.registered, null],
      [report.labels['inspections.active'].vi, null, inspections.active],
      [report.labels['inspections.cancelled'].vi, null, inspections.cancelled],
      [report.labels['inspections.merged'].vi, null, inspections.merged],
      [report.labels['conflicts.total'].vi, conflicts.total, null],
      ['Tỷ lệ chồng chéo đã xử lý hoặc miễn trừ (%)', null, share],
    ],
  );
  const statusHeads = CONFLICT_STATUSES.map((s) => `Chồng chéo: ${CONFLICT_STATUS_LABELS[s].vi}`);
  sheet(
    workbook,
    'Theo cơ quan',
    `Theo cơ quan (chủ trì hoặc tham gia), năm ${report.year}`,
    [
      'Cơ quan',
      'Mã',
      'Số cuộc đã đăng ký',
      'Số cuộc còn thực hiện',
      'Tổng số chồng chéo',
      ...statusHeads,
    ],
    report.byAgency.map((a) => [
      a.agencyName,
      a.agencyCode,
      a.registered,
      a.active,
      a.conflicts.total,
      ...CONFLICT_STATUSES.map((s) => a.conflicts[s]),
    ]),
  );
  sheet(
    workbook,
    'Theo quy định',
    `Chồng chéo theo quy định, năm ${report.year}`,
    ['Quy định', 'Tổng số', ...statusHeads],
    conflicts.byRule.map((r) => [r.label.vi, r.total, ...CONFLICT_STATUSES.map((s) => r[s])]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
