import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiExceptionFilter } from '../common/errors/api-exception.filter';
import { RetryLaterError } from '../identity/identity-errors';
import { messageViFor } from './forms/form-errors';
import { LayoutContextFactory } from './rendering/layout-context';
import { PageRenderer } from './rendering/page-renderer';

const TITLES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  403: 'Không có quyền truy cập',
  404: 'Không tìm thấy trang',
  409: 'Dữ liệu vừa thay đổi',
  413: 'Tệp quá lớn',
  415: 'Loại tệp không được hỗ trợ',
  422: 'Không thực hiện được',
  423: 'Tài khoản tạm khóa',
  429: 'Quá nhiều yêu cầu',
};

const EXPLAIN: Record<string, string> = {
  FORBIDDEN: 'Vai trò của tài khoản này không được mở trang hoặc thực hiện thao tác này.',
  FORBIDDEN_SCOPE: 'Dữ liệu này thuộc cơ quan khác; tài khoản của bạn không được thao tác trên đó.',
  CSRF_TOKEN_INVALID:
    'Phiên làm việc đã thay đổi (có thể bạn đã đăng nhập ở thẻ khác). Hãy tải lại trang rồi thử lại.',
  RATE_LIMITED: 'Bạn đã gửi quá nhiều yêu cầu. Hãy chờ một lát rồi thử lại.',
};

/**
 * Pages answer people, not programs: no sign-in → the sign-in page (back here after), an
 * issued password → the password page, anything else → an error page in Vietnamese with
 * the same status the API would answer.
 */
@Catch()
@Injectable()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebExceptionFilter');
  private readonly api = new ApiExceptionFilter();

  constructor(
    private readonly renderer: PageRenderer,
    private readonly layouts: LayoutContextFactory,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const body = this.api.toBody(exception);
    if (body.statusCode === 401) {
      const next = req.method === 'GET' ? req.originalUrl : '/web';
      res.redirect(302, `/web/login?next=${encodeURIComponent(next)}`);
      return;
    }
    if (body.code === 'PASSWORD_CHANGE_REQUIRED') {
      res.redirect(302, '/web/password');
      return;
    }
    if (body.statusCode >= 500) this.logger.error({ err: exception }, 'page failed');
    if (exception instanceof RetryLaterError)
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    const explanation =
      body.statusCode >= 500
        ? 'Đã có lỗi phía máy chủ. Hãy thử lại sau; nếu lỗi lặp lại, báo cho quản trị hệ thống.'
        : body.statusCode === 404
          ? 'Trang hoặc bản ghi này không tồn tại, hoặc bạn không được xem.'
          : (EXPLAIN[body.code] ?? messageViFor(body.code, body.message));
    try {
      this.renderer.send(
        res,
        {
          template: 'error.njk',
          title: TITLES[body.statusCode] ?? 'Đã có lỗi',
          status: body.statusCode,
          data: { explanation, code: body.code },
        },
        await this.layouts.of(req),
      );
    } catch (renderError) {
      this.logger.error({ err: renderError }, 'error page failed');
      if (!res.headersSent) res.status(body.statusCode).type('text/plain').send(explanation);
    }
  }
}
