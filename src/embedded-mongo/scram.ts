// SCRAM-SHA-256 (RFC 5802 / RFC 7677) as mongod speaks it through saslStart/saslContinue, for
// the one account a server is started with. It lets a service start its embedded server with a
// secret of its own, so another local user who finds the loopback port cannot read the data.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Binary, type Document } from 'bson';
import { CommandError } from './errors';

export interface EmbeddedCredentials {
  username: string;
  password: string;
}

export const SCRAM_MECHANISM = 'SCRAM-SHA-256';
const ITERATIONS = 15_000; // mongod's default scramSHA256IterationCount
const NONCE_BYTES = 24;

/** Commands mongod answers before authentication (handshake, the SASL exchange itself). */
export const ALLOWED_BEFORE_AUTH = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'buildInfo',
  'buildinfo',
  'saslStart',
  'saslContinue',
  'ping',
  'endSessions',
]);

interface ServerKeys {
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** The keys a server keeps for its account; the password itself is not kept. */
export function scramKeys(password: string, salt = randomBytes(28)): ServerKeys {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, ITERATIONS, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  return {
    salt,
    storedKey: createHash('sha256').update(clientKey).digest(),
    serverKey: hmac(salted, 'Server Key'),
  };
}

function attributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) map.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return map;
}

function payloadText(value: unknown): string {
  if (value instanceof Binary) return Buffer.from(value.buffer).toString('utf8');
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string') return value;
  throw new CommandError('BadValue', 'SASL payload must be binary data');
}

const authFailed = () => new CommandError('AuthenticationFailed', 'Authentication failed.');

/** One connection's authentication state: not yet, in the middle of an exchange, or done. */
export class ScramConversation {
  authenticated = false;
  private pending?: { clientFirstBare: string; serverFirst: string; nonce: string };

  constructor(
    private readonly username: string,
    private readonly keys: ServerKeys,
  ) {}

  start(command: Document): Document {
    if (command.mechanism !== SCRAM_MECHANISM)
      throw new CommandError(
        'MechanismUnavailable',
        `Received authentication for mechanism ${String(command.mechanism)} which is not enabled`,
      );
    const clientFirst = payloadText(command.payload);
    if (!clientFirst.startsWith('n,')) throw authFailed(); // no channel binding
    const clientFirstBare = clientFirst.slice(clientFirst.indexOf(',', 2) + 1);
    const attrs = attributes(clientFirstBare);
    const clientNonce = attrs.get('r');
    if (attrs.get('n') !== this.username || !clientNonce) throw authFailed();
    const nonce = clientNonce + randomBytes(NONCE_BYTES).toString('base64');
    const serverFirst = `r=${nonce},s=${this.keys.salt.toString('base64')},i=${ITERATIONS}`;
    this.pending = { clientFirstBare, serverFirst, nonce };
    return { conversationId: 1, done: false, payload: new Binary(Buffer.from(serverFirst)), ok: 1 };
  }

  continue(command: Document): Document {
    if (this.authenticated)
      return { conversationId: 1, done: true, payload: new Binary(Buffer.alloc(0)), ok: 1 };
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) throw new CommandError('ProtocolError', 'No SASL session state found');
    const clientFinal = payloadText(command.payload);
    const proofAt = clientFinal.lastIndexOf(',p=');
    if (proofAt < 0) throw authFailed();
    const withoutProof = clientFinal.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    if (attrs.get('r') !== pending.nonce || attrs.get('c') !== 'biws') throw authFailed();
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
    const authMessage = `${pending.clientFirstBare},${pending.serverFirst},${withoutProof}`;
    const signature = hmac(this.keys.storedKey, authMessage);
    if (proof.length !== signature.length) throw authFailed();
    const clientKey = Buffer.from(signature.map((b, i) => b ^ proof[i]));
    const storedKey = createHash('sha256').update(clientKey).digest();
    if (!timingSafeEqual(storedKey, this.keys.storedKey)) throw authFailed();
    this.authenticated = true;
    const verifier = hmac(this.keys.serverKey, authMessage).toString('base64');
    return {
      conversationId: 1,
      done: true,
      payload: new Binary(Buffer.from(`v=${verifier}`)),
      ok: 1,
    };
  }
}
