import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { createValidationPipe } from './common/errors/validation';
import { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';

/** Everything main.ts does to the app besides listening, shared with the e2e tests. */
export function configureApp(app: NestExpressApplication): AppConfig {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  const errors = new ApiExceptionFilter();
  // Body parsing errors are answered here, where their kind is still known (Nest would
  // flatten a JSON syntax error into a generic 400).
  app.use(
    json({ limit: config.bodyLimit }),
    urlencoded({ extended: true, limit: config.bodyLimit }),
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      const type = (error as { type?: unknown })?.type;
      if (
        typeof type !== 'string' ||
        (!type.startsWith('entity.') && !type.endsWith('.unsupported'))
      )
        return next(error);
      const body = errors.toBody(error);
      res.status(body.statusCode).json(body);
    },
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(errors);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('inspection-scheduler')
      .setDescription(
        'Kế hoạch thanh tra, kiểm tra doanh nghiệp: đăng ký, phát hiện chồng chéo (Chỉ thị 20/CT-TTg, Nghị quyết 198/2025/QH15), họp phối hợp và lịch iCalendar.\n\n' +
          'Every error has the shape `{statusCode, code, message, details?: [{field, code, message}]}`. ' +
          'Writes name their actor in the `X-Actor` header (URL-encoded).',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return config;
}
