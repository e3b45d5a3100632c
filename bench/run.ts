// `npm run bench [-- name ...]`: runs every bench/*.bench.ts (or those whose name contains
// one of the arguments), each in a fresh Node process so memory figures are its own.
// Figures are printed, never asserted: speed goals live here, not in the tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filters = process.argv.slice(2);
const benches = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=4096',
      '--expose-gc',
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, file),
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json'),
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
      },
    },
  );
  process.stdout.write(
    `--- ${file}: exit ${run.status}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
