// Connection hygiene of the real service (its own process), with raw sockets: a body trickled
// at 1 byte/s is cut off with 408, connections that never send anything are released, and
// connections beyond the cap are closed as they arrive. Durations are measured and logged,
// never asserted: the assertions are about what the server did to the connection.
import { connect, Socket } from 'node:net';
import { dropDatabase, testMongoUri, uniqueDatabaseName } from '../support/database';
import { ServiceProcess, startServiceProcess, waitForHealth } from '../support/service-process';

interface Watched {
  socket: Socket;
  received: string;
  closed: Promise<number>;
}

/** A raw connection; `closed` resolves with the ms from connect to the server's close. */
function open(port: number): Promise<Watched> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const watched: Watched = {
      socket,
      received: '',
      closed: new Promise((done) => socket.on('close', () => done(Date.now() - started))),
    };
    socket.on('data', (d: Buffer) => (watched.received += d.toString()));
    socket.on('error', () => undefined); // a reset is a close too
    socket.once('connect', () => resolve(watched));
    socket.once('error', reject);
  });
}

const HEAD = (length: number) =>
  'POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${length}\r\n\r\n`;

describe('connection hygiene (raw sockets)', () => {
  const databaseName = uniqueDatabaseName('connection_hygiene');
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await startServiceProcess({
      MONGODB_URI: testMongoUri(),
      MONGODB_DB_NAME: databaseName,
      LOG_LEVEL: 'warn',
      HTTP_HEADERS_TIMEOUT_MS: '1500',
      HTTP_REQUEST_TIMEOUT_MS: '3000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
      HTTP_MAX_CONNECTIONS: '40',
    });
    await waitForHealth(service);
  });
  afterAll(async () => {
    service?.child.kill('SIGTERM');
    await service?.exited;
    await dropDatabase(databaseName);
  });

  it('cuts off a body trickled at 1 byte/s with 408, long before it is complete', async () => {
    const c = await open(service.port);
    const length = 600; // 10 minutes at 1 byte/s
    c.socket.write(HEAD(length));
    let sent = 0;
    const timer = setInterval(() => {
      if (!c.socket.destroyed && sent < length) {
        c.socket.write('{');
        sent++;
      }
    }, 1000);
    const ms = await c.closed;
    clearInterval(timer);
    console.log(`trickled body cut off after ${ms} ms, ${sent} of ${length} bytes sent`);
    expect(sent).toBeLessThan(length);
    expect(c.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('releases connections that never send a byte, and ones stuck in their headers', async () => {
    const silent = await Promise.all(Array.from({ length: 20 }, () => open(service.port)));
    const stuck = await Promise.all(Array.from({ length: 10 }, () => open(service.port)));
    for (const c of stuck) c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'); // never ends
    const times = await Promise.all([...silent, ...stuck].map((c) => c.closed));
    console.log(`30 half-open connections released after at most ${Math.max(...times)} ms`);
    expect(times).toHaveLength(30);
    // And the service still answers.
    expect((await fetch(`${service.base}/health`)).status).toBe(200);
  });

  it('closes an idle kept-alive connection after its response', async () => {
    const c = await open(service.port);
    c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const ms = await c.closed;
    console.log(`idle kept-alive connection closed ${ms} ms after connect`);
    expect(c.received).toMatch(/^HTTP\/1\.1 200/);
  });

  it('closes connections beyond the cap as they arrive, serving the others', async () => {
    const held = await Promise.all(Array.from({ length: 40 }, () => open(service.port)));
    const extra = await open(service.port);
    extra.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await extra.closed;
    expect(extra.received).toBe(''); // refused: no answer at all
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${service.base}/health`)).status).toBe(200);
  });
});
