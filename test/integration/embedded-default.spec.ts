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

const ADMIN = { username: 'newcomer', password: 'a long first-run password' };

/** Every route but health and sign-in needs an account: a session's cookie and CSRF token. */
async function signedIn(app: NestExpressApplication) {
  const login = await request(app.getHttpServer()).post('/auth/login').send(ADMIN).expect(200);
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  return { cookie, 'x-csrf-token': login.body.csrfToken as string };
}

async function start(dataDir: string): Promise<NestExpressApplication> {
  const saved = { ...process.env };
  delete process.env.MONGODB_URI;
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    MONGO_EMBEDDED_DOWNLOAD: 'false',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SCHEDULER_ENABLED: 'false',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
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
      .set(await signedIn(first))
      .send({ code: 'TTT', name: 'Thanh tra tỉnh Thừa Thiên Huế', kind: 'inspectorate' })
      .expect(201);
    await first.close();

    const second = await start(dataDir);
    const res = await request(second.getHttpServer())
      .get('/agencies/TTT')
      .set(await signedIn(second))
      .expect(200);
    expect(res.body.name).toBe('Thanh tra tỉnh Thừa Thiên Huế');
    await second.close();
  });
});
