export * from './import-types';
export {
  parsePlanFile,
  openPlanTable,
  detectPlanFileFormat,
  DEFAULT_MAX_TEXT_CHARS,
  type PlanTable,
  type PlanTableRead,
  type RowReading,
  typeFromTitle,
  DEFAULT_MAX_ROWS,
  type PlanFileFormat,
} from './parse-plan-file';
export {
  parseVisitWindow,
  excelSerialToDay,
  type WindowResult,
  type WindowPrecision,
  type WindowErrorCode,
} from './visit-window';
export { inspectionIdempotencyKey, type IdempotencyKeyInput } from './idempotency-key';
export {
  PLAN_COLUMNS,
  EXPORT_COLUMNS,
  recogniseHeader,
  type PlanColumn,
  type PlanColumnKey,
} from './plan-columns';
export { matchInspectionForm, matchInspectionType } from './cell-vocabulary';
