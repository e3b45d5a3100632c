export {
  exportPlanXlsx,
  buildImportTemplateXlsx,
  XLSX_MIME_TYPE,
  type TemplateOptions,
} from './export-xlsx';
export { exportPlanCsv, planExportFilename, CSV_MIME_TYPE } from './export-csv';
export {
  formatVisitWindow,
  toExportCells,
  type PlanExportRow,
  type PlanExportOptions,
  type ExportCell,
} from './plan-export-row';
export { neutraliseFormula } from './formula-guard';
export { TEMPLATE_EXAMPLE_NOTE } from '../import/plan-columns';
