// No container engine runs on our build machines, so the container files are checked here
// for what can be checked without one: they parse, and they agree with the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
const compose = load(readFileSync(join(root, 'docker', 'compose.yaml'), 'utf8')) as {
  services: Record<
    string,
    {
      build?: { context: string; dockerfile: string };
      environment?: Record<string, string>;
      volumes?: string[];
      depends_on?: Record<string, { condition: string }>;
      healthcheck?: unknown;
    }
  >;
  volumes: Record<string, unknown>;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('docker files', () => {
  it('builds in stages on a current Node LTS image and runs as a non-root user with a health check', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:(22|24|26)-/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/health\/ready/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('starts what `npm start` starts', () => {
    expect(pkg.scripts.start).toBe('node dist/main.js');
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main\.js"\]/);
  });

  it('composes MongoDB on a named volume and the service pointed at it', () => {
    const { mongo, app } = compose.services;
    expect(mongo.volumes).toEqual(['mongo-data:/data/db']);
    expect(compose.volumes).toHaveProperty('mongo-data');
    expect(mongo.healthcheck).toBeDefined();
    expect(app.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    expect(app.environment?.MONGODB_URI).toMatch(/^mongodb:\/\/mongo:27017\//);
    expect(app.depends_on?.mongo.condition).toBe('service_healthy');
  });
});
