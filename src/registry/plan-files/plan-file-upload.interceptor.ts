// Reads the multipart upload of POST /plans/import into memory, within UPLOAD_LIMIT_BYTES,
// and turns every multer/busboy failure into the API's error format (413 for too large,
// 400 naming the part otherwise) instead of a generic 500 or an unnamed 400. Before any of
// that it takes one of the import slots (429 when none is free), and before the file is
// parsed its bounds are checked (plan-file-bounds.ts: decompressed sizes, rows, cells).
import {
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { Observable } from 'rxjs';
import { InvalidInputError, RuleViolationError } from '../../common/errors/domain-errors';
import { RateLimitedError } from '../../identity/identity-errors';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { PayloadTooLargeError } from './plan-import.service';
import { PLAN_FILE_FIELD, PlanUpload } from './plan-upload';
import { checkPlanFileBounds, PlanFileBoundProblem } from './plan-file-bounds';
import { IMPORT_RETRY_AFTER_SECONDS, PlanImportSlots } from './plan-import-slots';

/** Bounds about size are 413 like an oversized upload; the others 422 like a bad file. */
const SIZE_BOUNDS = new Set([
  'FILE_ENTRY_TOO_LARGE',
  'FILE_EXPANDS_TOO_MUCH',
  'FILE_TEXT_TOO_LONG',
]);

export { PLAN_FILE_FIELD, requirePlanFile } from './plan-upload';

@Injectable()
export class PlanFileUploadInterceptor implements NestInterceptor {
  private readonly limit: number;
  private readonly upload: RequestHandler;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly slots: PlanImportSlots,
  ) {
    this.limit = config.uploadLimitBytes;
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: this.limit, files: 1, fields: 20, fieldSize: 10_000, parts: 21 },
    }).single(PLAN_FILE_FIELD);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const release = this.slots.tryAcquire();
    if (!release)
      throw new RateLimitedError(
        'IMPORTS_BUSY',
        'Other plan files are being read; try again shortly',
        IMPORT_RETRY_AFTER_SECONDS,
      );
    // Held until the answer is sent (or the client goes away), parsing and writing included.
    res.once('close', release);
    await new Promise<void>((resolve, reject) =>
      this.upload(req, res, (error: unknown) =>
        error ? reject(this.toDomainError(error)) : resolve(),
      ),
    );
    if (req.file) {
      const problem = await checkPlanFileBounds(req.file.buffer);
      if (problem) throw boundError(problem);
    }
    return next.handle();
  }

  private toDomainError(error: unknown): unknown {
    if (error instanceof multer.MulterError) {
      if (error.code === 'LIMIT_FILE_SIZE') {
        return new PayloadTooLargeError(
          'PAYLOAD_TOO_LARGE',
          `The file is larger than the limit of ${this.limit} bytes`,
          [
            {
              field: PLAN_FILE_FIELD,
              code: 'FILE_TOO_LARGE',
              message: `the file must be at most ${this.limit} bytes`,
              messageVi: `Tệp vượt quá giới hạn ${this.limit} byte`,
            },
          ],
        );
      }
      const field = error.field ?? PLAN_FILE_FIELD;
      const message =
        error.code === 'LIMIT_UNEXPECTED_FILE' || error.code === 'LIMIT_FILE_COUNT'
          ? `send exactly one file, in the part named "${PLAN_FILE_FIELD}"`
          : error.message;
      return new InvalidInputError('VALIDATION_FAILED', `Invalid upload: ${message}`, [
        { field, code: error.code, message },
      ]);
    }
    if (error instanceof Error) {
      // busboy: truncated or malformed multipart body.
      return new InvalidInputError('MALFORMED_MULTIPART', `Invalid upload: ${error.message}`, [
        { field: PLAN_FILE_FIELD, code: 'MALFORMED_MULTIPART', message: error.message },
      ]);
    }
    return error;
  }
}

function boundError(problem: PlanFileBoundProblem): Error {
  const details = [{ field: PLAN_FILE_FIELD, ...problem }];
  return SIZE_BOUNDS.has(problem.code)
    ? new PayloadTooLargeError('PAYLOAD_TOO_LARGE', problem.message, details)
    : new RuleViolationError('IMPORT_INVALID', `${problem.message}; nothing was imported`, details);
}

/** The part `file` of the upload (undefined when none was sent); the import requires it. */
export const UploadedPlanFile = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): PlanUpload | undefined => {
    const file = ctx.switchToHttp().getRequest<Request>().file;
    return (
      file && { buffer: file.buffer, filename: uploadedFilename(file), mimeType: file.mimetype }
    );
  },
);

/** multer reads a part's filename as latin1; browsers send UTF-8. */
export function uploadedFilename(file: Express.Multer.File): string {
  return Buffer.from(file.originalname, 'latin1').toString('utf8');
}
