import { ArgumentsHost, Catch } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExceptionFilter } from '../common/errors/api-exception.filter';
import { RetryLaterError } from './identity-errors';

/** The house error body, plus Retry-After on 423 / 429 answers. */
@Catch()
export class RetryAfterFilter extends ApiExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof RetryLaterError)
      host
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('Retry-After', String(exception.retryAfterSeconds));
    super.catch(exception, host);
  }
}
