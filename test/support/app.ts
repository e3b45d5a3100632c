import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { FakeClock } from '../../src/common/testing/fake-clock';
import { Clock } from '../../src/common/time/clock';
import { configureApp } from '../../src/configure-app';
import { dropDatabase, testMongoUri, uniqueDatabaseName } from './database';

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  clock: FakeClock;
  databaseName: string;
  close(): Promise<void>;
}

/**
 * The real application over real HTTP (supertest), on the run's database server with a
 * database of its own. Only the clock is pinned; env overrides go through configuration.
 */
export async function createTestApp(
  label: string,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const databaseName = uniqueDatabaseName(label);
  const saved = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SCHEDULER_ENABLED: 'false',
    PUBLIC_BASE_URL: 'https://lich.example.gov.vn',
    ...env,
    MONGODB_URI: testMongoUri(),
    MONGODB_DB_NAME: databaseName,
  });
  const clock = new FakeClock();
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app);
    await app.init();
    return {
      app,
      http: request(app.getHttpServer()),
      clock,
      databaseName,
      close: async () => {
        await dropDatabase(databaseName).catch(() => undefined);
        await app.close();
      },
    };
  } finally {
    process.env = saved;
  }
}
