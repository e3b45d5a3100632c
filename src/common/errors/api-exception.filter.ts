import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { mongo } from 'mongoose';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-errors';
import { DomainError, ErrorDetail } from './domain-errors';

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** The one place where anything thrown becomes `{statusCode, code, message, details?}`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception }, 'unhandled error');
    }
    if (response.headersSent) return;
    if (body.code === 'DATABASE_UNAVAILABLE')
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof DomainError) {
      return clean({
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        details: exception.details,
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null && 'code' in payload) {
        const p = payload as Partial<ApiErrorBody>;
        return clean({
          statusCode: status,
          code: String(p.code),
          message: String(p.message ?? exception.message),
          details: p.details,
        });
      }
      const message =
        typeof payload === 'string'
          ? payload
          : String((payload as { message?: unknown }).message ?? exception.message);
      return {
        statusCode: status,
        code: HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR'),
        message: Array.isArray(message) ? message.join('; ') : message,
      };
    }
    const bodyParserError = exception as { type?: string; status?: number; limit?: number };
    if (bodyParserError?.type === 'entity.parse.failed') {
      return {
        statusCode: 400,
        code: 'MALFORMED_JSON',
        message: 'The request body is not valid JSON',
      };
    }
    if (bodyParserError?.type === 'entity.too.large') {
      return {
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than the limit of ${bodyParserError.limit} bytes`,
      };
    }
    if (
      bodyParserError?.type === 'entity.too.deep' ||
      bodyParserError?.type === 'querystring.parse.rangeError'
    ) {
      return {
        statusCode: 400,
        code: 'TOO_DEEP',
        message: 'The request body is nested too deeply',
      };
    }
    if (bodyParserError?.type === 'parameters.too.many') {
      return {
        statusCode: 413,
        code: 'TOO_MANY_PARAMETERS',
        message: 'The form has too many parameters',
      };
    }
    if (
      bodyParserError?.type === 'charset.unsupported' ||
      bodyParserError?.type === 'encoding.unsupported'
    ) {
      return {
        statusCode: 415,
        code: 'UNSUPPORTED_ENCODING',
        message: 'The request body encoding is not supported; send UTF-8',
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database does not answer; try again shortly',
      };
    }
    if (exception instanceof mongo.MongoServerError && exception.code === 11000) {
      const fields = Object.keys(exception.keyValue ?? {});
      return {
        statusCode: 409,
        code: 'DUPLICATE',
        message: `A record with the same ${fields.join(', ') || 'key'} already exists`,
        details: fields.map((field) => ({
          field,
          code: 'DUPLICATE',
          message: `${field} must be unique`,
        })),
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred',
    };
  }
}

function clean(body: ApiErrorBody): ApiErrorBody {
  if (!body.details || body.details.length === 0) delete body.details;
  return body;
}
