import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { PLAN_FILE_FIELD } from '../../registry/plan-files/plan-upload';

/**
 * The upload form is multipart: its `_csrf` field must be read before the route guard checks
 * it, so the page parses the body here, in a middleware (the API's import parses it in an
 * interceptor, after the guard; its Bearer clients need no CSRF token). Same limits as the API.
 * A limit or malformed body is left to the page: it shows the error beside the file field.
 */
@Injectable()
export class PlanUploadMiddleware implements NestMiddleware {
  private readonly upload: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: {
        fileSize: config.uploadLimitBytes,
        files: 1,
        fields: 20,
        fieldSize: 10_000,
        parts: 21,
      },
    }).single(PLAN_FILE_FIELD);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    this.upload(req, res, (error: unknown) => {
      if (error) (req as Request & { uploadError?: unknown }).uploadError = error;
      next();
    });
  }
}
