import { createTestApp, TestApp } from '../support/app';

describe('service foundation over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('foundation', { BODY_LIMIT: '2kb' });
  });
  afterAll(() => t.close());

  it('answers liveness', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
  });

  it('answers readiness after pinging the database', async () => {
    await t.http.get('/health/ready').expect(200, { status: 'ok', database: 'up' });
  });

  it('serves the OpenAPI document generated from the code', async () => {
    const res = await t.http.get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/health/ready']),
    );
    await t.http.get('/docs').expect(200).expect('content-type', /html/);
  });

  it('answers an unknown route with the error format', async () => {
    const res = await t.http.get('/nope').expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /nope' });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.http
      .post('/health')
      .set('content-type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'MALFORMED_JSON',
      message: 'The request body is not valid JSON',
    });
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http
      .post('/health')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(4096) }))
      .expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('echoes a sane request id and makes one otherwise', async () => {
    const given = await t.http.get('/health').set('x-request-id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.http.get('/health').set('x-request-id', 'bad id\twith tab').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never compresses or advertises the framework', async () => {
    const res = await t.http.get('/health').set('accept-encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
