import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { conflictEngineProvider } from '../conflicts/conflict-engine.provider';
import type { ConflictEngine } from '../conflicts/engine';
import {
  AppConfig,
  CONFIG_VARIABLES,
  ConfigError,
  loadAppConfig,
  severityOverrides,
  TrustProxy,
  trustProxy,
} from './app-config';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
/** The engine exactly as the service builds it at start-up. */
const startEngine = (config: AppConfig) =>
  (conflictEngineProvider as { useFactory: (c: AppConfig) => ConflictEngine }).useFactory(config);

describe('loadAppConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      mongodbDbName: 'inspection-scheduler',
      dataDir: '.data',
      embeddedEngine: 'auto',
      logFormat: 'pretty',
      schedulerEnabled: true,
    });
    expect(config.mongodbUri).toBeUndefined();
  });

  it('defaults to JSON logs in production', () => {
    expect(loadAppConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
  });

  it('names every bad variable at once, with the reason', () => {
    let error: unknown;
    try {
      loadAppConfig({ PORT: 'abc', MONGODB_URI: 'postgres://x', SCHEDULER_ENABLED: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT="abc" must be a whole number');
    expect(problems).toContain('MONGODB_URI="postgres://x" must start with mongodb://');
    expect(problems).toContain('SCHEDULER_ENABLED="maybe" must be true or false');
  });

  it('rejects a port out of range and a relative public URL', () => {
    expect(() => loadAppConfig({ PORT: '70000' })).toThrow(
      /PORT="70000" must be between 0 and 65535/,
    );
    expect(() => loadAppConfig({ PUBLIC_BASE_URL: 'lich.example.vn' })).toThrow(/PUBLIC_BASE_URL/);
  });

  it('strips the trailing slash of the public base URL', () => {
    expect(loadAppConfig({ PUBLIC_BASE_URL: 'https://lich.example.gov.vn/' }).publicBaseUrl).toBe(
      'https://lich.example.gov.vn',
    );
  });

  it('turns OpenID Connect on only with issuer, client id and secret together', () => {
    expect(loadAppConfig({}).oidcIssuerUrl).toBeUndefined();
    expect(loadAppConfig({}).oidcRedirectUrl).toBeUndefined();
    expect(() => loadAppConfig({ OIDC_ISSUER_URL: 'https://sso.example.gov.vn' })).toThrow(
      /OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set too/,
    );
    const on = loadAppConfig({
      OIDC_ISSUER_URL: 'https://sso.example.gov.vn/realms/tinh',
      OIDC_CLIENT_ID: 'lich-thanh-tra',
      OIDC_CLIENT_SECRET: 's3cret',
      PUBLIC_BASE_URL: 'https://lich.example.gov.vn/',
      OIDC_ROLE_MAP: 'thanh-tra-tinh=coordinator, chuyen-vien=officer',
    });
    expect(on.oidcRedirectUrl).toBe('https://lich.example.gov.vn/auth/oidc/callback');
    expect(on.oidcRoleMap).toEqual({ 'thanh-tra-tinh': 'coordinator', 'chuyen-vien': 'officer' });
    expect(() => loadAppConfig({ OIDC_ROLE_MAP: 'x=root' })).toThrow(/"root" is not one of/);
  });

  it('is documented variable by variable in the README', () => {
    for (const variable of CONFIG_VARIABLES) {
      expect(README).toContain(`| \`${variable.env}\``);
    }
  });
});

describe('RULE_SEVERITY_OVERRIDES', () => {
  it("starts the engine with the README's example", () => {
    const example = /^\| `RULE_SEVERITY_OVERRIDES` \|.*e\.g\. (\S+) \|$/m.exec(README)![1];
    expect(example).toBe('window-overlap:warn,nq198.state-audit:block');
    const engine = startEngine(loadAppConfig({ RULE_SEVERITY_OVERRIDES: example }));
    const rules = (year: number) => {
      const rb = engine.selector.forYear(year)!;
      return [rb.windowOverlap!.severity, rb.stateAudit!.severity];
    };
    expect(rules(2024)).toEqual(['warn', 'warn']); // ct20.state-audit is untouched: a warning
    expect(rules(2026)).toEqual(['warn', 'block']);
  });

  it('accepts a family name for every rule of that family, with : or =', () => {
    const config = loadAppConfig({ RULE_SEVERITY_OVERRIDES: ' frequency=warn , same-field:warn' });
    expect(config.ruleSeverityOverrides).toBe('frequency:warn,same-field:warn');
    const rb = startEngine(config).selector.forYear(2026)!;
    expect(rb.frequency.map((r) => r.severity)).toEqual(['warn', 'warn']);
    expect(rb.sameField!.severity).toBe('warn');
  });

  it('is empty by default and rejects a bad shape or severity naming the variable', () => {
    expect(loadAppConfig({}).ruleSeverityOverrides).toBe('');
    expect(severityOverrides('')).toBe('');
    expect(() => loadAppConfig({ RULE_SEVERITY_OVERRIDES: 'frequency' })).toThrow(
      'RULE_SEVERITY_OVERRIDES="frequency" "frequency" must look like frequency:warn or nq198.state-audit:block',
    );
    expect(() => loadAppConfig({ RULE_SEVERITY_OVERRIDES: 'frequency:info' })).toThrow(
      'RULE_SEVERITY_OVERRIDES="frequency:info" severity of "frequency" must be block or warn',
    );
  });

  it('stops the start on a name no rulebook knows, naming the variable', () => {
    expect(() => startEngine(loadAppConfig({ RULE_SEVERITY_OVERRIDES: 'frequence:warn' }))).toThrow(
      'RULE_SEVERITY_OVERRIDES="frequence:warn" severity override for unknown rule or rule family "frequence"',
    );
  });
});

describe('TRUST_PROXY', () => {
  /** Whether express, given the parsed value, trusts a proxy at `address` as the first hop. */
  const trusts = (value: TrustProxy, address: string) => {
    const app = express();
    app.set('trust proxy', value);
    return (app.get('trust proxy fn') as (addr: string, hop: number) => boolean)(address, 0);
  };

  it('trusts loopback and private networks by default, not a public address', () => {
    const { trustProxy: value } = loadAppConfig({});
    expect(value).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(
      ['127.0.0.1', '10.1.2.3', '192.168.0.9', '8.8.8.8'].map((a) => trusts(value, a)),
    ).toEqual([true, true, true, false]);
  });

  it('takes false, a number of hops, or a list of addresses and subnets', () => {
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy(' 2 ')).toBe(2);
    const list = trustProxy('10.0.0.0/8, 192.168.1.5 ,172.16.0.0/255.240.0.0, ::1, fd00::/8');
    expect(list).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      '172.16.0.0/255.240.0.0',
      '::1',
      'fd00::/8',
    ]);
    expect(
      ['10.9.9.9', '192.168.1.5', '192.168.1.6', '172.20.0.1'].map((a) => trusts(list, a)),
    ).toEqual([true, true, false, true]);
    expect(trusts(false, '127.0.0.1')).toBe(false);
  });

  it('refuses true and anything express would not understand, naming the variable', () => {
    expect(() => loadAppConfig({ TRUST_PROXY: 'true' })).toThrow(
      'TRUST_PROXY="true" must not be true (any client could pick its IP); give the hops or subnets',
    );
    for (const bad of ['10.0.0.0/33', 'proxy.example.vn', '10.0.0.0/8/1', '1.2.3.4, ']) {
      expect(() => trustProxy(bad)).toThrow(/is not loopback, linklocal, uniquelocal/);
    }
    expect(() => trustProxy('101')).toThrow('must be between 0 and 100');
  });
});
