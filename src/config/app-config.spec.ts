import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadAppConfig } from './app-config';

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

  it('is documented variable by variable in the README', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const variable of CONFIG_VARIABLES) {
      expect(readme).toContain(`| \`${variable.env}\``);
    }
  });
});
