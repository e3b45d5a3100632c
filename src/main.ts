import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from '@nestjs/common';
import { AppModule } from './app.module';
import { ConfigError, loadAppConfig } from './config/app-config';
import { configureApp } from './configure-app';
import { ConnectionLimits, LimitedExpressAdapter } from './common/http/connection-limits';

async function bootstrap(): Promise<void> {
  const startedAt = process.hrtime.bigint();
  let limits: ConnectionLimits;
  try {
    // Fail before anything starts, naming every bad variable.
    const config = loadAppConfig(process.env);
    limits = {
      headersTimeoutMs: config.httpHeadersTimeoutMs,
      requestTimeoutMs: config.httpRequestTimeoutMs,
      keepAliveTimeoutMs: config.httpKeepAliveTimeoutMs,
      maxConnections: config.httpMaxConnections,
    };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule,
    new LimitedExpressAdapter(limits),
    { bufferLogs: true, bodyParser: false },
  );
  const config = configureApp(app);
  await app.listen(config.port, config.host);

  const logger = new Logger('Bootstrap');
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  logger.log(
    `listening on ${config.host}:${config.port} (${config.publicBaseUrl}), started in ${ms.toFixed(0)} ms, rss ${rssMb} MB`,
  );

  // Stop accepting, let in-flight requests finish, close the database; give up after a while.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: shutting down`);
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void bootstrap();
