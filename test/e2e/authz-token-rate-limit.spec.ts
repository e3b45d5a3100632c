// Bearer-token use is limited per token per minute (TOKEN_RATE_LIMIT), counted in MongoDB so
// replicas share it: past the limit 429 RATE_LIMITED with Retry-After, other tokens unaffected.
import { createTestApp, TestApp } from '../support/app';

describe('rate limit on token use', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('authz-token-rate-limit', { TOKEN_RATE_LIMIT: '4' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit of a minute, until the next minute', async () => {
    const script = await t.signIn('viewer');
    const other = await t.signIn('viewer');
    t.clock.set('2026-03-01T03:00:15Z');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await script.http.get('/fields')).status);
    const refused = await script.http.get('/fields');
    expect([statuses, refused.status, refused.headers['retry-after'], refused.body]).toEqual([
      [200, 200, 200, 200],
      429,
      '45',
      {
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: 'More than 4 requests a minute with this token; try again later',
      },
    ]);
    // Each token counts on its own.
    await other.http.get('/fields').expect(200);
    t.clock.set('2026-03-01T03:01:00Z');
    await script.http.get('/fields').expect(200);
  });

  it('refuses a write past the limit before it changes anything', async () => {
    const admin = await t.signIn('admin');
    t.clock.set('2026-03-01T04:00:00Z');
    for (let i = 0; i < 4; i++) await admin.http.get('/agencies').expect(200);
    await admin.http
      .post('/agencies')
      .send({ code: 'SNV', name: 'Sở Nội vụ', kind: 'specialised' })
      .expect(429);
    t.clock.set('2026-03-01T04:01:00Z');
    expect((await admin.http.get('/agencies').expect(200)).body).toEqual([]);
  });
});
