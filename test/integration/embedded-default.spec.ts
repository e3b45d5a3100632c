// The embedded default as a newcomer meets it: no MONGODB_URI, data in DATA_DIR. What the
// service wrote before a restart is there after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { MONGO_BACKEND } from '../../src/database/database.module';
import type { MongoBackend } from '../../src/database/mongo-backend';

async function start(dataDir: string): Promise<NestExpressApplication> {
  const saved = { ...process.env };
  delete process.env.MONGODB_URI;
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    MONGO_EMBEDDED_DOWNLOAD: 'false',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SCHEDULER_ENABLED: 'false',
  });
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app);
    await app.init();
    return app;
  } finally {
    process.env = saved;
  }
}

describe('the embedded default database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-default-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the data across a restart and is ready', async () => {
    const first = await start(dataDir);
    const backend = first.get<MongoBackend>(MONGO_BACKEND);
    expect(['mongod', 'wire']).toContain(backend.kind);
    expect(backend.dataDir?.startsWith(dataDir)).toBe(true);
    await request(first.getHttpServer()).get('/health/ready').expect(200);
    await request(first.getHttpServer())
      .post('/agencies')
      .send({ code: 'TTT', name: 'Thanh tra tỉnh Thừa Thiên Huế', kind: 'inspectorate' })
      .expect(201);
    await first.close();

    const second = await start(dataDir);
    const res = await request(second.getHttpServer()).get('/agencies/TTT').expect(200);
    expect(res.body.name).toBe('Thanh tra tỉnh Thừa Thiên Huế');
    await second.close();
  });
});
