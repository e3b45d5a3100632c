// A real SMTP server for tests (smtp-server), keeping what it accepted, parsed (mailparser).
// stop() drops it abruptly (connections cut) and start() brings it back on the same port, as
// a mail server that goes down and comes back. `hold` keeps the answer to a message's DATA
// back until released, to catch a sender in the middle of a send.
import type { Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './service-process';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  /** X-Notification-Key: which outbox message it was. */
  key: string;
  messageId: string;
  rcptTo: string[];
  auth?: string;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMail[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** While set, messages it matches wait for release() before the server answers 250. */
  /** `arrival`: 0-based order in which messages' data ended since this hold was set. */
  hold(predicate: ((raw: string, arrival: number) => boolean) | undefined): void;
  /** Messages waiting on the hold. */
  held(): number;
  release(): void;
  /** Forgets the held messages unanswered (their sender died waiting): never accepted. */
  discardHeld(): void;
  /** Resolves once `count` mails were received (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<void>;
  /** Answer the next `n` messages with this SMTP reply code (e.g. 451, 550). */
  failNext(n: number, code: number): void;
}

export async function startSmtpSink(
  credentials = { user: 'mailer', pass: 's3cret' },
): Promise<SmtpSink> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let holdIf: ((raw: string, arrival: number) => boolean) | undefined;
  let arrivals = 0;
  let waiting: (() => void)[] = [];
  let failures: { left: number; code: number } = { left: 0, code: 0 };
  let server: SMTPServer | undefined;

  const sink: SmtpSink = {
    port,
    url: `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`,
    received,
    async start() {
      server = new SMTPServer({
        logger: false,
        disabledCommands: ['STARTTLS'],
        allowInsecureAuth: true,
        authMethods: ['PLAIN', 'LOGIN'],
        onAuth(auth, _session, cb) {
          if (auth.username === credentials.user && auth.password === credentials.pass)
            cb(null, { user: auth.username });
          else cb(new Error('Invalid username or password'));
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            if (failures.left > 0) {
              failures.left--;
              const err = new Error(`${failures.code} test refusal`) as Error & {
                responseCode: number;
              };
              err.responseCode = failures.code;
              return cb(err);
            }
            const accept = async () => {
              const parsed = await simpleParser(raw);
              received.push({
                raw,
                parsed,
                key: String(parsed.headers.get('x-notification-key') ?? ''),
                messageId: parsed.messageId ?? '',
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
                auth: session.user as string | undefined,
              });
              cb(null, `Ok: queued as ${received.length}`);
            };
            if (holdIf?.(raw, arrivals++)) waiting.push(() => void accept());
            else void accept();
          });
        },
      });
      server.server.on('connection', (s: Socket) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async stop() {
      if (!server) return;
      const s = server;
      server = undefined;
      waiting = []; // messages held are dropped unanswered, as a dying server would
      const closed = new Promise<void>((resolve) => s.server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    hold(predicate) {
      holdIf = predicate;
      arrivals = 0;
    },
    held: () => waiting.length,
    release() {
      const w = waiting;
      waiting = [];
      holdIf = undefined;
      for (const go of w) go();
    },
    discardHeld() {
      waiting = [];
    },
    async waitFor(count, ms = 30_000) {
      const until = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > until)
          throw new Error(`timed out: ${received.length} of ${count} mails received`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    failNext(n, code) {
      failures = { left: n, code };
    },
  };
  await sink.start();
  return sink;
}
