// The module graph of src/, collapsed to feature folders (src/<feature>), for the lint and for
// notes. `node scripts/module-graph.mjs` prints "from -> to (imports)" per edge and the cycles;
// `--check` also applies .dependency-cruiser.cjs (pure cores: no Nest, no I/O) and exits 1 on a
// rule violation or on any cycle between feature folders; `--quiet` prints only those.
// Specs and testing helpers are left out: they may reach across folders to build fixtures.
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
const check = process.argv.includes('--check');
const quiet = process.argv.includes('--quiet'); // the lint: problems only

const result = await cruise(['src'], {
  ...config.options,
  exclude: { path: `${config.options.exclude.path}|\\.spec\\.ts$|/testing/` },
  validate: true,
  ruleSet: { forbidden: config.forbidden },
});
const { modules, summary } = result.output;

const feature = (path) => /^src\/([^/]+)\//.exec(path)?.[1];
const edges = new Map(); // "from -> to" -> number of (file, imported file) pairs
for (const m of modules) {
  const from = feature(m.source);
  if (!from) continue;
  for (const resolved of new Set(m.dependencies.map((d) => d.resolved))) {
    const to = feature(resolved);
    if (!to || to === from) continue;
    const key = `${from} -> ${to}`;
    edges.set(key, (edges.get(key) ?? 0) + 1);
  }
}

// Strongly connected components of the folder graph (Tarjan): each with 2+ folders is a cycle.
const next = new Map();
for (const key of edges.keys()) {
  const [from, to] = key.split(' -> ');
  if (!next.has(from)) next.set(from, []);
  if (!next.has(to)) next.set(to, []);
  next.get(from).push(to);
}
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let counter = 0;
const visit = (v) => {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of next.get(v)) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
};
for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);

if (!quiet) {
  console.log(`module graph of src/ by feature folder (${modules.length} modules, specs left out)`);
  for (const key of [...edges.keys()].sort()) console.log(`  ${key} (${edges.get(key)})`);
  if (cycles.length === 0) console.log('cycles between feature folders: none');
}
for (const c of cycles) {
  const inside = [...edges.keys()].filter((k) => {
    const [from, to] = k.split(' -> ');
    return c.includes(from) && c.includes(to);
  });
  console.log(`cycle between feature folders: ${c.join(', ')} — edges: ${inside.join('; ')}`);
}
for (const v of summary.violations) {
  console.log(`rule ${v.rule.name}: ${v.from} -> ${v.to}`);
}
if (check && (cycles.length > 0 || summary.error > 0)) process.exit(1);
