import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { FakeClock } from '../../src/common/testing/fake-clock';
import { Clock } from '../../src/common/time/clock';
import { configureApp } from '../../src/configure-app';
import type { Role } from '../../src/identity/accounts/account';
import { dropDatabase, testMongoUri, uniqueDatabaseName } from './database';
import { TEST_ADMIN } from './factories';

export { TEST_ADMIN };

/** The password of every account signIn() makes. */
const ACCOUNT_PASSWORD = 'a long enough test password 2026';

export interface SignedInAgent {
  /** Sends `Authorization: Bearer <token>` on every request. */
  http: TestAgent;
  username: string;
  accountId: string;
  token: string;
}

export interface TestApp {
  app: NestExpressApplication;
  /** Signed in as TEST_ADMIN with a bearer token; anonymous when the suite set ADMIN_USERNAME. */
  http: TestAgent;
  /** No credentials at all. */
  anonymous: TestAgent;
  /** A new account of `role` (scoped to `agencyCodes`), signed in with a bearer token. */
  signIn(
    role: Role,
    options?: { agencyCodes?: string[]; username?: string },
  ): Promise<SignedInAgent>;
  clock: FakeClock;
  databaseName: string;
  close(): Promise<void>;
}

/** An agent that sends the token on every request (a request's own .set() still wins). */
function bearerAgent(server: Parameters<typeof request>[0], token: string): TestAgent {
  return request.agent(server).set('authorization', `Bearer ${token}`);
}

/** Sign in with a password, replace it if it was issued, and make a personal access token. */
async function tokenFor(http: TestAgent, username: string, password: string) {
  const login = await http.post('/auth/login').send({ username, password }).expect(200);
  const cookie = ([] as string[])
    .concat(login.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('isc_session='))!
    .split(';')[0];
  const session = { cookie, 'x-csrf-token': login.body.csrfToken as string };
  let current = password;
  if (login.body.mustChangePassword) {
    current = `${password} (changed)`;
    await http
      .post('/auth/password')
      .set(session)
      .send({ currentPassword: password, newPassword: current })
      .expect(200);
  }
  const created = await http
    .post('/auth/tokens')
    .set(session)
    .send({ name: 'test harness', scopes: ['read', 'write'] })
    .expect(201);
  return { token: created.body.token as string, accountId: login.body.account.id as string };
}

/**
 * The real application over real HTTP (supertest), on the run's database server with a
 * database of its own. Only the clock is pinned; env overrides go through configuration.
 * `http` is signed in as an administrator (bearer, so no CSRF token needed), so suites about
 * features need not care about sign-in; suites about identity pass their own ADMIN_USERNAME
 * and get an anonymous `http`.
 */
export async function createTestApp(
  label: string,
  env: Record<string, string> = {},
  /** A second replica: on the database of `databaseName`, which its close() leaves to its owner. */
  options: { databaseName?: string } = {},
): Promise<TestApp> {
  const databaseName = options.databaseName ?? uniqueDatabaseName(label);
  const ownAdmin = env.ADMIN_USERNAME !== undefined;
  const saved = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SCHEDULER_ENABLED: 'false',
    PUBLIC_BASE_URL: 'https://lich.example.gov.vn',
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    // The clock is pinned: a freshness bound would hide every change from the province feed.
    FEED_FRESHNESS_SECONDS: '0',
    ...env,
    MONGODB_URI: testMongoUri(),
    MONGODB_DB_NAME: databaseName,
  });
  const clock = new FakeClock();
  let app: NestExpressApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app);
    await app.init();
  } finally {
    process.env = saved;
  }
  const server = app.getHttpServer();
  const anonymous = request(server);
  let admin: TestAgent | undefined;
  const adminAgent = async () =>
    (admin ??= bearerAgent(
      server,
      (await tokenFor(anonymous, TEST_ADMIN.username, TEST_ADMIN.password)).token,
    ));
  const http = ownAdmin ? anonymous : await adminAgent();
  let accounts = 0;
  const nestApp = app;
  return {
    app: nestApp,
    http,
    anonymous,
    clock,
    databaseName,
    signIn: async (role, options = {}) => {
      if (ownAdmin) throw new Error('signIn() needs the harness administrator (no ADMIN_USERNAME)');
      const username = options.username ?? `${role}-${++accounts}`;
      await (
        await adminAgent()
      )
        .post('/users')
        .send({
          username,
          displayName: `${role} ${accounts}`,
          roles: [role],
          agencyCodes: options.agencyCodes ?? [],
          password: ACCOUNT_PASSWORD,
        })
        .expect(201);
      const { token, accountId } = await tokenFor(anonymous, username, ACCOUNT_PASSWORD);
      return { http: bearerAgent(server, token), username, accountId, token };
    },
    close: async () => {
      if (!options.databaseName) await dropDatabase(databaseName).catch(() => undefined);
      await nestApp.close();
    },
  };
}

export interface AppRoute {
  method: string;
  /** As Nest declares it, e.g. /plans/:id/approve. */
  path: string;
  /** The policy the route declares (@Policy / @PublicRoute), undefined if none. */
  policy: unknown;
  handler: string;
}

/**
 * Every route of the application, read from Nest's controller metadata (the same metadata
 * the router is built from), with the policy the global guard will read for it.
 */
export function applicationRoutes(app: NestExpressApplication): AppRoute[] {
  const { ModulesContainer, Reflector } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { PATH_METADATA, METHOD_METADATA } =
    require('@nestjs/common/constants') as typeof import('@nestjs/common/constants');
  const { RequestMethod } = require('@nestjs/common') as typeof import('@nestjs/common');
  const { ROUTE_POLICY } =
    require('../../src/identity/authorization/policy') as typeof import('../../src/identity/authorization/policy');
  const reflector = new Reflector();
  const join = (...parts: string[]) =>
    '/' +
    parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/');
  const routes: AppRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const prefixes = ([] as string[]).concat(
        Reflect.getMetadata(PATH_METADATA, controller) ?? '',
      );
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const policy = reflector.getAllAndOverride(ROUTE_POLICY, [handler, controller]);
        for (const prefix of prefixes)
          for (const path of ([] as string[]).concat(paths))
            routes.push({
              method,
              path: join(prefix, path),
              policy,
              handler: `${controller.name}.${name}`,
            });
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
