import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { auditRequestContext } from './audit/audit';
import { FORM_DEPTH_LIMIT, FORM_PARAMETER_LIMIT, refuseDeepJson } from './common/http/body-limits';
import { DatabaseHealth, databaseOutageGate } from './database/database-health';
import { createValidationPipe } from './common/errors/validation';
import { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';
import { RetryAfterFilter } from './identity/retry-after.filter';

/** Everything main.ts does to the app besides listening, shared with the e2e tests. */
export function configureApp(app: NestExpressApplication): AppConfig {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      // Pages (and /docs) load only their own scripts; no site may frame them.
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] },
      },
      frameguard: { action: 'deny' },
      strictTransportSecurity: false, // below, only over https
    }),
    (req: Request, res: Response, next: NextFunction) => {
      if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
      next();
    },
  );
  // While the database is down, 503 at once (before sign-in, which needs it too).
  app.use(databaseOutageGate(app.get(DatabaseHealth)));
  // Closed unless origins are configured: no Access-Control-* headers at all.
  if (config.corsOrigins)
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-CSRF-Token'],
      maxAge: 600,
    });
  // The house error body; Retry-After too on 423/429 (sign-in, token use: raised in the guard).
  const errors = new RetryAfterFilter();
  // Body parsing errors are answered here, where their kind is still known (Nest would
  // flatten a JSON syntax error into a generic 400).
  app.use(
    json({ limit: config.bodyLimit, verify: refuseDeepJson }),
    urlencoded({
      extended: true,
      limit: config.bodyLimit,
      parameterLimit: FORM_PARAMETER_LIMIT,
      // body-parser 2 reads `depth`; its typings predate it.
      ...({ depth: FORM_DEPTH_LIMIT } as object),
    }),
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      const type = (error as { type?: unknown })?.type;
      if (
        typeof type !== 'string' ||
        (!type.startsWith('entity.') &&
          !type.endsWith('.unsupported') &&
          type !== 'parameters.too.many' &&
          type !== 'querystring.parse.rangeError')
      )
        return next(error);
      const body = errors.toBody(error);
      res.status(body.statusCode).json(body);
    },
    // After the body parsers (their stream callbacks would lose the context): every audit
    // event of this request gets its IP and user agent; the route guard adds the credential.
    (req: Request, _res: Response, next: NextFunction) => {
      const userAgent = req.headers['user-agent']?.slice(0, 300);
      auditRequestContext.run(
        { ...(req.ip !== undefined && { ip: req.ip }), ...(userAgent && { userAgent }) },
        next,
      );
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
          'Sign in with `POST /auth/login` (session cookie; send its CSRF token as `X-CSRF-Token` on writes) ' +
          'or send a personal access token (`POST /auth/tokens`) as `Authorization: Bearer`. ' +
          'The audit trail names the signed-in account.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return config;
}
