// Security headers on every response (helmet), HSTS only over https, CORS closed unless
// CORS_ORIGINS names the origin.
import { createTestApp, TestApp } from '../support/app';

describe('security headers and CORS', () => {
  let t: TestApp;
  let withCors: TestApp;

  beforeAll(async () => {
    t = await createTestApp('authz_headers');
    withCors = await createTestApp('authz_headers_cors', {
      CORS_ORIGINS: 'https://portal.example.gov.vn,https://cong.example.gov.vn',
    });
  });
  afterAll(async () => {
    await t.close();
    await withCors.close();
  });

  it.each([
    ['a public route', '/health', 200],
    ['an API answer', '/plans', 200],
    ['a refusal', '/plans', 401],
    ['an unknown path', '/no-such-page', 404],
  ])('sets them on %s', async (_what, path, status) => {
    const agent = status === 401 ? t.anonymous : t.http;
    const res = await agent.get(path).expect(status);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain http
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sends HSTS when the request came over https through the trusted proxy', async () => {
    const res = await t.anonymous.get('/health').set('x-forwarded-proto', 'https').expect(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('answers no CORS headers unless configured', async () => {
    const res = await t.anonymous
      .get('/health')
      .set('origin', 'https://portal.example.gov.vn')
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.anonymous
      .options('/plans')
      .set('origin', 'https://portal.example.gov.vn')
      .set('access-control-request-method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the configured origins', async () => {
    const allowed = await withCors.anonymous
      .options('/plans')
      .set('origin', 'https://portal.example.gov.vn')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization,content-type');
    expect([allowed.status, allowed.headers['access-control-allow-origin']]).toEqual([
      204,
      'https://portal.example.gov.vn',
    ]);
    expect(allowed.headers['access-control-allow-headers']).toBe(
      'Authorization,Content-Type,X-CSRF-Token',
    );
    const other = await withCors.anonymous
      .get('/health')
      .set('origin', 'https://evil.example.com')
      .expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
