// Typed configuration, read once from the environment and validated at boot. Every variable
// is declared once in CONFIG_VARIABLES (name, default, meaning, parser); the README table is
// checked against this list by a unit test, so documentation cannot drift from the code.

import { isIP } from 'node:net';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogFormat = 'json' | 'pretty';
export type EmbeddedEngine = 'auto' | 'mongod' | 'wire';

export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  publicBaseUrl: string;
  mongodbUri?: string;
  mongodbDbName: string;
  dataDir: string;
  embeddedEngine: EmbeddedEngine;
  embeddedPort: number;
  embeddedDownload: boolean;
  logLevel: string;
  logFormat: LogFormat;
  bodyLimit: string;
  uploadLimitBytes: number;
  shutdownTimeoutMs: number;
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  httpKeepAliveTimeoutMs: number;
  httpMaxConnections: number;
  importConcurrency: number;
  databaseSelectionTimeoutMs: number;
  schedulerEnabled: boolean;
  rescanCron: string;
  rulebookByYear: string;
  ruleSeverityOverrides: string;
  feedPastDays: number;
  feedFutureDays: number;
  feedRefreshMinutes: number;
  feedFreshnessSeconds: number;
  fieldsOfManagementFile?: string;
  // Identity (src/identity/README.md explains the choices).
  adminUsername?: string;
  adminPassword?: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  sessionCookieSecure: 'auto' | 'always' | 'never';
  loginMaxFailures: number;
  loginLockoutMinutes: number;
  loginRateLimit: number;
  loginRateWindowSeconds: number;
  tokenRateLimit: number;
  /** OpenID Connect sign-in: on only when the issuer, client id and secret are all given. */
  oidcIssuerUrl?: string;
  oidcClientId?: string;
  oidcClientSecret?: string;
  oidcRedirectUrl?: string;
  oidcScopes: string;
  oidcUsernameClaim: string;
  oidcEmailClaim: string;
  oidcRolesClaim?: string;
  oidcRoleMap?: Record<string, string>;
  oidcAgencyClaim?: string;
  /** Origins whose browser scripts may call the API; absent: none (CORS closed). */
  corsOrigins?: string[];
  /** Express's `trust proxy`: false, a number of hops, or the addresses/subnets of the proxies. */
  trustProxy: TrustProxy;
  // Notifications (src/notifications/README.md).
  /** smtp(s)://user:pass@host:port; absent: mail off (the outbox still records). */
  smtpUrl?: string;
  mailFrom: string;
  notificationsWorker: boolean;
  notificationsPollMs: number;
  notificationsLeaseMs: number;
  notificationsRetryBaseMs: number;
  notificationsRetryMaxMs: number;
  digestPeriodMinutes: number;
  unsubscribeSecret?: string;
  deadlineReminders: boolean;
  deadlineReminderDays: number;
}

export type TrustProxy = false | number | string[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Parser<T> = (raw: string) => T;

interface ConfigVariable<K extends keyof AppConfig = keyof AppConfig> {
  env: string;
  key: K;
  /** Raw default; undefined means "unset is allowed and means absent". */
  default?: string | ((env: Record<string, string | undefined>) => string | undefined);
  description: string;
  parse: Parser<AppConfig[K]>;
}

function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw) => {
    if (!(values as string[]).includes(raw)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
}

function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    if (!/^\d+$/.test(raw)) throw new Error('must be a whole number');
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}`);
    return n;
  };
}

const boolean: Parser<boolean> = (raw) => {
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error('must be true or false');
};

const text: Parser<string> = (raw) => {
  if (raw.trim() === '') throw new Error('must not be empty');
  return raw;
};

/**
 * "frequency:warn, nq198.state-audit=block" → "frequency:warn,nq198.state-audit:block". A name
 * is a rule family (every rule of it) or a full rule id; the engine rejects unknown names at
 * start-up, this checks the shape and the severities.
 */
export const severityOverrides: Parser<string> = (raw) => {
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return parts
    .map((part) => {
      const m = /^([a-z0-9][a-z0-9.-]*)\s*[:=]\s*([a-z]+)$/.exec(part);
      if (!m) throw new Error(`"${part}" must look like frequency:warn or nq198.state-audit:block`);
      if (m[2] !== 'block' && m[2] !== 'warn') {
        throw new Error(`severity of "${m[1]}" must be block or warn`);
      }
      return `${m[1]}:${m[2]}`;
    })
    .join(',');
};

const url: Parser<string> = (raw) => {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error('must be an absolute URL');
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('must be http(s)');
  return raw.replace(/\/+$/, '');
};

const mongoUri: Parser<string> = (raw) => {
  if (!/^mongodb(\+srv)?:\/\/.+/.test(raw))
    throw new Error('must start with mongodb:// or mongodb+srv://');
  return raw;
};

const cron: Parser<string> = (raw) => {
  const parts = raw.trim().split(/\s+/);
  if (parts.length < 5 || parts.length > 6)
    throw new Error('must be a cron expression of 5 or 6 fields');
  return raw.trim();
};

const byteSize: Parser<string> = (raw) => {
  if (!/^\d+(b|kb|mb)$/i.test(raw)) throw new Error('must look like 512kb or 1mb');
  return raw.toLowerCase();
};

const origins: Parser<string[]> = (raw) =>
  raw.split(',').map((part) => {
    const value = part.trim();
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new Error(
        `${JSON.stringify(value)} is not an origin like https://portal.example.gov.vn`,
      );
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== value)
      throw new Error(
        `${JSON.stringify(value)} is not an origin like https://portal.example.gov.vn`,
      );
    return value;
  });

/** "can-bo-thanh-tra=coordinator, chuyen-vien=officer": an identity provider's role → ours. */
const roleMap: Parser<Record<string, string>> = (raw) => {
  const roles = ['admin', 'coordinator', 'officer', 'approver', 'viewer'];
  const map: Record<string, string> = {};
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*([a-z]+)$/.exec(part);
    if (!m) throw new Error(`"${part}" must look like provider-role=officer`);
    if (!roles.includes(m[2])) throw new Error(`"${m[2]}" is not one of ${roles.join(', ')}`);
    map[m[1]] = m[2];
  }
  return map;
};

/** The names proxy-addr (express's `trust proxy`) knows for the private ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function proxyAddress(value: string): string {
  if (PROXY_RANGE_NAMES.has(value)) return value;
  const [address, prefix, ...rest] = value.split('/');
  const version = isIP(address);
  const bits = version === 4 ? 32 : 128;
  const prefixOk =
    prefix === undefined ||
    (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits) ||
    (version === 4 && isIP(prefix) === 4); // a netmask, e.g. 10.0.0.0/255.0.0.0
  if (!version || !prefixOk || rest.length > 0)
    throw new Error(
      `${JSON.stringify(value)} is not loopback, linklocal, uniquelocal, an IP address or a subnet like 10.0.0.0/8`,
    );
  return value;
}

/**
 * "false", a hop count, or a comma list of proxy addresses and subnets. "true" (trust every
 * hop) is refused: any client could then choose its own IP by sending X-Forwarded-For.
 */
export const trustProxy: Parser<TrustProxy> = (raw) => {
  const value = raw.trim().toLowerCase();
  if (value === 'false') return false;
  if (value === 'true')
    throw new Error('must not be true (any client could pick its IP); give the hops or subnets');
  if (/^\d+$/.test(value)) return integer(0, 100)(value);
  return value.split(',').map((part) => proxyAddress(part.trim()));
};

export const CONFIG_VARIABLES: ConfigVariable[] = [
  {
    env: 'NODE_ENV',
    key: 'nodeEnv',
    default: 'development',
    description: 'development, production or test',
    parse: oneOf('development', 'production', 'test'),
  },
  {
    env: 'HOST',
    key: 'host',
    default: '0.0.0.0',
    description: 'Interface the HTTP server listens on',
    parse: text,
  },
  { env: 'PORT', key: 'port', default: '3000', description: 'HTTP port', parse: integer(0, 65535) },
  {
    env: 'PUBLIC_BASE_URL',
    key: 'publicBaseUrl',
    default: (env) => `http://localhost:${env.PORT ?? '3000'}`,
    description: 'Absolute URL clients reach the service at; used in feed and subscribe links',
    parse: url,
  },
  {
    env: 'MONGODB_URI',
    key: 'mongodbUri',
    description:
      'MongoDB to use. Unset: the embedded default (a local mongod if a binary can be had, else the in-process server), persisted in DATA_DIR',
    parse: mongoUri,
  },
  {
    env: 'MONGODB_DB_NAME',
    key: 'mongodbDbName',
    default: 'inspection-scheduler',
    description: 'Database name (used when MONGODB_URI names none)',
    parse: text,
  },
  {
    env: 'DATA_DIR',
    key: 'dataDir',
    default: '.data',
    description: 'Folder the embedded default keeps its data in (mongod/ or embedded/ below it)',
    parse: text,
  },
  {
    env: 'MONGO_EMBEDDED_ENGINE',
    key: 'embeddedEngine',
    default: 'auto',
    description:
      'Embedded default engine: auto (mongod if a binary can be had, else wire), mongod, or wire (the in-process server)',
    parse: oneOf('auto', 'mongod', 'wire'),
  },
  {
    env: 'MONGO_EMBEDDED_PORT',
    key: 'embeddedPort',
    default: '0',
    description: 'Loopback port of the embedded database (0 = any free port)',
    parse: integer(0, 65535),
  },
  {
    env: 'MONGO_EMBEDDED_DOWNLOAD',
    key: 'embeddedDownload',
    default: 'true',
    description:
      'Whether the embedded default may try to download a mongod binary (MONGOMS_SYSTEM_BINARY and the binary cache are always tried)',
    parse: boolean,
  },
  {
    env: 'LOG_LEVEL',
    key: 'logLevel',
    default: 'info',
    description: 'fatal, error, warn, info, debug or trace',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  },
  {
    env: 'LOG_FORMAT',
    key: 'logFormat',
    default: (env) => (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
    description: 'json (default in production) or pretty (default elsewhere)',
    parse: oneOf('json', 'pretty'),
  },
  {
    env: 'BODY_LIMIT',
    key: 'bodyLimit',
    default: '1mb',
    description: 'Largest JSON body accepted',
    parse: byteSize,
  },
  {
    env: 'UPLOAD_LIMIT_BYTES',
    key: 'uploadLimitBytes',
    default: String(20 * 1024 * 1024),
    description: 'Largest plan file accepted by the import',
    parse: integer(1024, 512 * 1024 * 1024),
  },
  {
    env: 'SHUTDOWN_TIMEOUT_MS',
    key: 'shutdownTimeoutMs',
    default: '10000',
    description: 'How long SIGTERM waits for in-flight requests before exiting anyway',
    parse: integer(0, 600_000),
  },
  {
    env: 'HTTP_HEADERS_TIMEOUT_MS',
    key: 'httpHeadersTimeoutMs',
    default: '10000',
    description:
      "Time a client has to send a request's headers (a silent connection is closed after it)",
    parse: integer(100, 600_000),
  },
  {
    env: 'HTTP_REQUEST_TIMEOUT_MS',
    key: 'httpRequestTimeoutMs',
    default: '120000',
    description: 'Time a client has to send a whole request, body included (answered 408 after it)',
    parse: integer(100, 3_600_000),
  },
  {
    env: 'HTTP_KEEP_ALIVE_TIMEOUT_MS',
    key: 'httpKeepAliveTimeoutMs',
    default: '65000',
    description:
      'An idle kept-alive connection is closed after this (above a load balancer idle timeout of 60 s)',
    parse: integer(0, 600_000),
  },
  {
    env: 'HTTP_MAX_CONNECTIONS',
    key: 'httpMaxConnections',
    default: '2000',
    description: 'Connections held at once; more are closed as they arrive',
    parse: integer(1, 1_000_000),
  },
  {
    env: 'IMPORT_CONCURRENCY',
    key: 'importConcurrency',
    default: '2',
    description:
      'Plan files read at once (import and file check); more are answered 429 with Retry-After',
    parse: integer(1, 64),
  },
  {
    env: 'DATABASE_SELECTION_TIMEOUT_MS',
    key: 'databaseSelectionTimeoutMs',
    default: '300',
    description: 'How long an operation waits for the database before the request is answered 503',
    parse: integer(100, 120_000),
  },
  {
    env: 'SCHEDULER_ENABLED',
    key: 'schedulerEnabled',
    default: 'true',
    description:
      'Run scheduled jobs (nightly re-scan); a lease in MongoDB makes one replica run each job',
    parse: boolean,
  },
  {
    env: 'RESCAN_CRON',
    key: 'rescanCron',
    default: '0 2 * * *',
    description:
      'When the nightly re-scan of the current and next plan year runs (Asia/Ho_Chi_Minh)',
    parse: cron,
  },
  {
    env: 'RULEBOOK_BY_YEAR',
    key: 'rulebookByYear',
    default: '-2024:CT20,2025-:NQ198',
    description: 'Which rulebook applies to which plan years',
    parse: text,
  },
  {
    env: 'RULE_SEVERITY_OVERRIDES',
    key: 'ruleSeverityOverrides',
    default: '',
    description:
      'Severity overrides by rule family or rule id, e.g. window-overlap:warn,nq198.state-audit:block',
    parse: severityOverrides,
  },
  {
    env: 'FEED_PAST_DAYS',
    key: 'feedPastDays',
    default: '60',
    description: 'Calendar feeds include events that ended at most this many days ago',
    parse: integer(0, 3650),
  },
  {
    env: 'FEED_FUTURE_DAYS',
    key: 'feedFutureDays',
    default: '366',
    description: 'Calendar feeds include events that start at most this many days ahead',
    parse: integer(1, 3650),
  },
  {
    env: 'FEED_REFRESH_MINUTES',
    key: 'feedRefreshMinutes',
    default: '60',
    description: 'REFRESH-INTERVAL / X-PUBLISHED-TTL suggested to calendar clients',
    parse: integer(5, 10080),
  },
  {
    env: 'FEED_FRESHNESS_SECONDS',
    key: 'feedFreshnessSeconds',
    default: '30',
    description:
      'A calendar feed is rendered again at most this often while writes stream (0: on every change)',
    parse: integer(0, 3600),
  },
  {
    env: 'FIELDS_OF_MANAGEMENT_FILE',
    key: 'fieldsOfManagementFile',
    description: 'JSON file replacing the built-in list of fields of state management',
    parse: text,
  },
  {
    env: 'ADMIN_USERNAME',
    key: 'adminUsername',
    description:
      'First administrator created when no account exists (with ADMIN_PASSWORD); unset: `admin` with a one-time password printed in the start-up log',
    parse: text,
  },
  {
    env: 'ADMIN_PASSWORD',
    key: 'adminPassword',
    description: 'Password of that first administrator (the password policy applies)',
    parse: text,
  },
  {
    env: 'SESSION_IDLE_MINUTES',
    key: 'sessionIdleMinutes',
    default: '30',
    description: 'A sign-in session ends after this many minutes without a request',
    parse: integer(1, 24 * 60),
  },
  {
    env: 'SESSION_ABSOLUTE_HOURS',
    key: 'sessionAbsoluteHours',
    default: '12',
    description: 'A sign-in session ends this many hours after sign-in, however active',
    parse: integer(1, 24 * 30),
  },
  {
    env: 'SESSION_COOKIE_SECURE',
    key: 'sessionCookieSecure',
    default: 'auto',
    description:
      'Secure flag of the session cookie: auto (when the request came over https, directly or through a trusted proxy), always or never',
    parse: oneOf('auto', 'always', 'never'),
  },
  {
    env: 'LOGIN_MAX_FAILURES',
    key: 'loginMaxFailures',
    default: '5',
    description: 'Consecutive wrong passwords that lock an account',
    parse: integer(1, 100),
  },
  {
    env: 'LOGIN_LOCKOUT_MINUTES',
    key: 'loginLockoutMinutes',
    default: '15',
    description: 'How long a locked account refuses sign-in',
    parse: integer(1, 24 * 60),
  },
  {
    env: 'LOGIN_RATE_LIMIT',
    key: 'loginRateLimit',
    default: '10',
    description:
      'Sign-in attempts allowed per client IP and username in one window (shared by all replicas through MongoDB)',
    parse: integer(1, 10_000),
  },
  {
    env: 'LOGIN_RATE_WINDOW_SECONDS',
    key: 'loginRateWindowSeconds',
    default: '900',
    description: 'Length of the sign-in rate-limit window',
    parse: integer(1, 86_400),
  },
  {
    env: 'TOKEN_RATE_LIMIT',
    key: 'tokenRateLimit',
    default: '600',
    description:
      'Requests allowed per personal access token per minute (shared by all replicas through MongoDB); past it 429 with Retry-After',
    parse: integer(1, 1_000_000),
  },
  {
    env: 'OIDC_ISSUER_URL',
    key: 'oidcIssuerUrl',
    description:
      "OpenID Connect sign-in through the province's identity provider (GET /auth/oidc/login): its issuer URL; unset: off. Needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
    parse: url,
  },
  {
    env: 'OIDC_CLIENT_ID',
    key: 'oidcClientId',
    description: 'Client id this service is registered with at the identity provider',
    parse: text,
  },
  {
    env: 'OIDC_CLIENT_SECRET',
    key: 'oidcClientSecret',
    description: 'Client secret of that registration (sent with HTTP Basic to the token endpoint)',
    parse: text,
  },
  {
    env: 'OIDC_REDIRECT_URL',
    key: 'oidcRedirectUrl',
    default: (env) =>
      env.OIDC_ISSUER_URL
        ? `${(env.PUBLIC_BASE_URL || `http://localhost:${env.PORT ?? '3000'}`).replace(/\/+$/, '')}/auth/oidc/callback`
        : undefined,
    description:
      'Redirect URL registered at the identity provider; default: PUBLIC_BASE_URL + /auth/oidc/callback',
    parse: url,
  },
  {
    env: 'OIDC_SCOPES',
    key: 'oidcScopes',
    default: 'openid profile email',
    description: 'Scopes asked of the identity provider (openid is always included)',
    parse: text,
  },
  {
    env: 'OIDC_USERNAME_CLAIM',
    key: 'oidcUsernameClaim',
    default: 'preferred_username',
    description:
      'Claim holding the username, matched (lower-case) against local accounts and used for accounts created at first sign-in',
    parse: text,
  },
  {
    env: 'OIDC_EMAIL_CLAIM',
    key: 'oidcEmailClaim',
    default: 'email',
    description:
      'Claim holding the e-mail address; an unlinked account with that address is linked only when email_verified is true',
    parse: text,
  },
  {
    env: 'OIDC_ROLES_CLAIM',
    key: 'oidcRolesClaim',
    description:
      'Claim holding roles (a list or a space/comma-separated string); unset: nobody is created at first sign-in, only existing accounts sign in',
    parse: text,
  },
  {
    env: 'OIDC_ROLE_MAP',
    key: 'oidcRoleMap',
    description:
      'Provider role → local role, e.g. thanh-tra-tinh=coordinator,chuyen-vien=officer; a value that already is a local role name maps to itself',
    parse: roleMap,
  },
  {
    env: 'OIDC_AGENCY_CLAIM',
    key: 'oidcAgencyClaim',
    description:
      'Claim holding the agency code(s) of an officer or approver created at first sign-in',
    parse: text,
  },
  {
    env: 'CORS_ORIGINS',
    key: 'corsOrigins',
    description:
      'Comma-separated origins (e.g. `https://portal.example.gov.vn`) whose pages may call the API from a browser; unset: CORS closed (no Access-Control-* headers)',
    parse: origins,
  },
  {
    env: 'TRUST_PROXY',
    key: 'trustProxy',
    default: 'loopback, linklocal, uniquelocal',
    description:
      'Which proxies are trusted for `X-Forwarded-For`/`-Proto` (client IP in rate limits and audit, https for the session cookie and HSTS): `false`, a number of hops, or comma-separated addresses and subnets (e.g. `10.0.0.0/8, 192.168.1.5`; the names loopback, linklocal, uniquelocal); `true` is refused',
    parse: trustProxy,
  },
];

const smtpUrl: Parser<string> = (raw) => {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error('must be a URL like smtp://user:pass@host:587');
  }
  if (!['smtp:', 'smtps:'].includes(parsed.protocol))
    throw new Error('must be smtp:// or smtps://');
  return raw;
};

const mailbox: Parser<string> = (raw) => {
  const address = /<([^<>]+)>\s*$/.exec(raw)?.[1] ?? raw.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(address))
    throw new Error('must be an address, e.g. "Thanh tra tỉnh <lich@example.gov.vn>"');
  return raw.trim();
};

CONFIG_VARIABLES.push(
  {
    env: 'SMTP_URL',
    key: 'smtpUrl',
    description:
      'Mail server, e.g. smtp://user:pass@host:587 (smtps:// for implicit TLS); unset: no mail is sent, the outbox still records every notification',
    parse: smtpUrl,
  },
  {
    env: 'MAIL_FROM',
    key: 'mailFrom',
    default: 'Lich thanh tra kiem tra <no-reply@localhost>',
    description: 'From: of every notification, also the ORGANIZER of meeting invitations',
    parse: mailbox,
  },
  {
    env: 'NOTIFICATIONS_WORKER',
    key: 'notificationsWorker',
    default: 'true',
    description:
      'Run the outbox sender and the digest job (also needs SCHEDULER_ENABLED); a lease in MongoDB makes one replica send',
    parse: boolean,
  },
  {
    env: 'NOTIFICATIONS_POLL_MS',
    key: 'notificationsPollMs',
    default: '2000',
    description: 'How often the outbox sender looks for mail to send',
    parse: integer(50, 3_600_000),
  },
  {
    env: 'NOTIFICATIONS_LEASE_MS',
    key: 'notificationsLeaseMs',
    default: '60000',
    description:
      'Lease of the outbox sender and of a claimed message: past it, another replica takes over and a message whose sender died is sent again',
    parse: integer(500, 3_600_000),
  },
  {
    env: 'NOTIFICATIONS_RETRY_BASE_MS',
    key: 'notificationsRetryBaseMs',
    default: '30000',
    description: 'First retry delay after a failed send; doubles each attempt',
    parse: integer(10, 86_400_000),
  },
  {
    env: 'NOTIFICATIONS_RETRY_MAX_MS',
    key: 'notificationsRetryMaxMs',
    default: '3600000',
    description: 'Longest retry delay (transient failures are retried without limit)',
    parse: integer(10, 86_400_000),
  },
  {
    env: 'DIGEST_PERIOD_MINUTES',
    key: 'digestPeriodMinutes',
    default: '1440',
    description:
      'Shortest period between two digests to one agency (and the default of each account preference)',
    parse: integer(5, 7 * 24 * 60),
  },
  {
    env: 'UNSUBSCRIBE_SECRET',
    key: 'unsubscribeSecret',
    description:
      'Key signing the unsubscribe links of digests (at least 32 characters); unset: one kept in MongoDB, shared by the replicas',
    parse: (raw) => {
      if (raw.length < 32) throw new Error('must be at least 32 characters');
      return raw;
    },
  },
  {
    env: 'DEADLINE_REMINDERS',
    key: 'deadlineReminders',
    default: 'true',
    description:
      'Run the deadline reminder job (also needs SCHEDULER_ENABLED and NOTIFICATIONS_WORKER): "due in N days" and "overdue" mails to the agency',
    parse: boolean,
  },
  {
    env: 'DEADLINE_REMINDER_DAYS',
    key: 'deadlineReminderDays',
    default: '3',
    description: 'How many days before a statutory deadline its "due soon" reminder is sent',
    parse: integer(1, 60),
  },
);

/** Reads and validates the whole configuration; throws one ConfigError naming every bad variable. */
export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const problems: string[] = [];
  const config: Partial<Record<keyof AppConfig, unknown>> = {};
  for (const variable of CONFIG_VARIABLES) {
    const given = env[variable.env];
    const fallback =
      typeof variable.default === 'function' ? variable.default(env) : variable.default;
    const raw = given !== undefined && given !== '' ? given : fallback;
    if (raw === undefined) continue;
    try {
      config[variable.key] = variable.parse(raw);
    } catch (error) {
      problems.push(`${variable.env}=${JSON.stringify(raw)} ${(error as Error).message}`);
    }
  }
  const oidc = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'];
  const givenOidc = oidc.filter((name) => env[name]);
  if (givenOidc.length > 0 && givenOidc.length < oidc.length)
    problems.push(
      `${oidc.filter((name) => !env[name]).join(' and ')} must be set too: OpenID Connect needs ${oidc.join(', ')}`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config as AppConfig;
}
