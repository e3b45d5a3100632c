// Sign-in through a real OpenID provider (oidc-provider, in a process of its own) and the real
// service in another: the authorization code flow driven over HTTP the way a browser does
// (redirects followed by hand, a cookie jar per origin). Linking an existing account, creating
// one from the role claims, refusing one without; a wrong state, a callback from another
// browser and a replayed code are refused; the code and state never reach the logs.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { dropDatabase, testMongoUri, uniqueDatabaseName } from '../support/database';
import {
  freePort,
  ServiceProcess,
  startServiceProcess,
  waitFor,
  waitForHealth,
} from '../support/service-process';

const CLIENT = { id: 'lich-thanh-tra', secret: 'test-client-secret-0f3a9c' };

/** A browser, as far as the flow needs one: cookies per origin, redirects followed by hand. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string): Promise<Response> {
    const { origin } = new URL(url);
    const cookies = [...(this.jar.get(origin) ?? new Map<string, string>())]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const res = await fetch(url, {
      redirect: 'manual',
      headers: cookies ? { cookie: cookies } : {},
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      const cleared = value === '' || attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a));
      const forOrigin = this.jar.get(origin) ?? new Map<string, string>();
      if (cleared) forOrigin.delete(name);
      else forOrigin.set(name, value);
      this.jar.set(origin, forOrigin);
    }
    return res;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(origin)?.get(name);
  }

  /**
   * From the service's /auth/oidc/login to the provider's redirect back: signs in at the
   * provider as `user`, answers the callback URL (not yet visited).
   */
  async toCallback(service: string, user: string): Promise<URL> {
    let res = await this.get(`${service}/auth/oidc/login`);
    expect(res.status).toBe(302);
    for (let hop = 0; hop < 10; hop++) {
      const location = new URL(res.headers.get('location')!, res.url);
      if (location.origin === service) return location;
      if (/^\/interaction\//.test(location.pathname)) location.searchParams.set('user', user);
      res = await this.get(location.href);
      expect([302, 303]).toContain(res.status);
    }
    throw new Error('the provider never redirected back');
  }
}

function startProvider(port: number, redirectUri: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'support', 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_PORT: String(port),
      OIDC_TEST_REDIRECT_URI: redirectUri,
      OIDC_TEST_CLIENT_ID: CLIENT.id,
      OIDC_TEST_CLIENT_SECRET: CLIENT.secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('ready ')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`provider exited ${code}: ${output}`)));
  });
}

describe('OpenID Connect sign-in against a real provider', () => {
  const databaseName = uniqueDatabaseName('identity_oidc');
  let provider: ChildProcess;
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    const [providerPort, servicePort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${servicePort}`;
    provider = await startProvider(providerPort, `${base}/auth/oidc/callback`);
    service = await startServiceProcess({
      PORT: String(servicePort),
      PUBLIC_BASE_URL: base,
      MONGODB_URI: testMongoUri(),
      MONGODB_DB_NAME: databaseName,
      LOG_LEVEL: 'trace',
      ADMIN_USERNAME: 'quan.tri',
      ADMIN_PASSWORD: 'mật khẩu quản trị 2026',
      OIDC_ISSUER_URL: `http://127.0.0.1:${providerPort}`,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      OIDC_ROLES_CLAIM: 'roles',
      OIDC_ROLE_MAP: 'chuyen-vien=officer',
      OIDC_AGENCY_CLAIM: 'agency',
    });
    await waitForHealth(service);
  });
  afterAll(async () => {
    service?.child.kill('SIGTERM');
    provider?.kill('SIGTERM');
    await service?.exited;
    await dropDatabase(databaseName);
  });

  const me = async (browser: Browser) => {
    const cookie = browser.cookie(base, 'isc_session');
    return fetch(`${base}/auth/me`, { headers: cookie ? { cookie: `isc_session=${cookie}` } : {} });
  };

  it('sends the browser to the provider with code, PKCE S256, state and nonce', async () => {
    const res = await new Browser().get(`${base}/auth/oidc/login`);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT.id,
      redirect_uri: `${base}/auth/oidc/callback`,
      scope: 'openid profile email',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(res.headers.get('set-cookie')).toMatch(/isc_oidc=[^;]+;.*HttpOnly/i);
  });

  it('links the existing account with that username, then signs it in by the link', async () => {
    const browser = new Browser();
    const callback = await browser.toCallback(base, 'idp-admin');
    const back = await browser.get(callback.href);
    expect([back.status, back.headers.get('location')]).toEqual([302, '/web']);
    const answer = await me(browser);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { account: Record<string, unknown>; via: string };
    expect([body.account.username, body.account.roles, body.via]).toEqual([
      'quan.tri',
      ['admin'],
      'session',
    ]);
    expect(body.account.oidc).toEqual({ issuer: expect.any(String), subject: 'idp-admin' });

    const again = new Browser();
    await again.get((await again.toCallback(base, 'idp-admin')).href);
    expect(((await (await me(again)).json()) as { account: { id: string } }).account.id).toBe(
      body.account.id,
    );
  });

  it('creates an officer from the role and agency claims at first sign-in', async () => {
    const browser = new Browser();
    const back = await browser.get((await browser.toCallback(base, 'idp-officer')).href);
    expect(back.status).toBe(302);
    const body = (await (await me(browser)).json()) as { account: Record<string, unknown> };
    expect(body.account).toMatchObject({
      username: 'le.thi.binh',
      displayName: 'Lê Thị Bình',
      roles: ['officer'],
      agencyCodes: ['SKHCN'],
      mustChangePassword: false,
      createdBy: 'oidc',
    });
    // It has no password: a password sign-in with anything fails.
    const password = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'le.thi.binh', password: '!oidc' }),
    });
    expect(password.status).toBe(401);
  });

  it('refuses, clearly, a person with no account and no role of the service', async () => {
    const browser = new Browser();
    const back = await browser.get((await browser.toCallback(base, 'idp-guest')).href);
    const body = (await back.json()) as { code: string; message: string };
    expect([back.status, body.code]).toEqual([403, 'OIDC_NO_ACCOUNT']);
    expect(body.message).toContain('khach');
    expect(browser.cookie(base, 'isc_session')).toBeUndefined();
  });

  it('refuses a wrong state, a callback in another browser, and a replayed callback or code', async () => {
    const browser = new Browser();
    const callback = await browser.toCallback(base, 'idp-admin');
    const refused = async (res: Response, status: number, code: string) => {
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([status, code]);
      expect(
        res.headers
          .getSetCookie()
          .some((c) => c.startsWith('isc_session=') && !/isc_session=;/.test(c)),
      ).toBe(false);
    };

    const wrongState = new URL(callback);
    wrongState.searchParams.set('state', 'x'.repeat(43));
    await refused(await browser.get(wrongState.href), 400, 'OIDC_STATE_INVALID');
    expect(browser.cookie(base, 'isc_session')).toBeUndefined();

    // The real one still works, once.
    expect((await browser.get(callback.href)).status).toBe(302);
    await refused(await browser.get(callback.href), 400, 'OIDC_STATE_INVALID');

    // A callback URL is worth nothing in another browser (no flow cookie).
    const stolenFlow = await browser.toCallback(base, 'idp-admin');
    await refused(await new Browser().get(stolenFlow.href), 400, 'OIDC_STATE_INVALID');

    // The used code under a fresh flow's state: the provider refuses it (code used, PKCE).
    const fresh = await new Browser().toCallback(base, 'idp-admin');
    const replay = new Browser();
    const started = await replay.get(`${base}/auth/oidc/login`);
    const state = new URL(started.headers.get('location')!).searchParams.get('state')!;
    const replayed = new URL(callback);
    replayed.searchParams.set('state', state);
    await refused(await replay.get(replayed.href), 401, 'OIDC_SIGN_IN_FAILED');
    // The reason is logged (asynchronously): the provider's invalid_grant.
    await waitFor('the refusal in the log', service, async () =>
      /code redemption refused: invalid_grant/.test(service.log()) ? true : undefined,
    );
    expect(fresh.searchParams.get('code')).not.toBe(callback.searchParams.get('code'));
  });

  it('writes no code or state of the callback to the logs', async () => {
    const browser = new Browser();
    const callback = await browser.toCallback(base, 'idp-admin');
    await browser.get(callback.href);
    const log = service.log();
    expect(log).toContain('/auth/oidc/callback?***');
    expect(log).not.toContain(callback.searchParams.get('code')!);
    expect(log).not.toContain(callback.searchParams.get('state')!);
    expect(log).not.toContain(CLIENT.secret);
  });
});
