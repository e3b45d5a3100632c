import { InvalidInputError } from '../../common/errors/domain-errors';

export const PLAN_FILE_FIELD = 'file';

/** The uploaded plan file as the import reads it. */
export interface PlanUpload {
  buffer: Buffer;
  filename: string;
  mimeType: string;
}

/** The uploaded plan file, or a 400 naming the part when there is none (or it is empty). */
export function requirePlanFile<T extends { buffer: Buffer }>(file: T | undefined): T {
  if (file && file.buffer.length > 0) return file;
  throw new InvalidInputError(
    'VALIDATION_FAILED',
    `Invalid request: ${PLAN_FILE_FIELD} (attach the plan file)`,
    [
      {
        field: PLAN_FILE_FIELD,
        code: file ? 'FILE_EMPTY' : 'FILE_REQUIRED',
        message: `attach the plan file (.xlsx or .csv) as the multipart part "${PLAN_FILE_FIELD}"`,
        messageVi: 'Hãy đính kèm tệp kế hoạch (.xlsx hoặc .csv)',
      },
    ],
  );
}
