// Module graph rules, run by `npm run lint` (scripts/module-graph.mjs --check).
// The pure cores take no framework and do no I/O: the conflict engine, the domain vocabulary
// and the calendar rendering are functions of their input, so they stay unit-testable and
// mutation-testable without a database. Feature-folder cycles are checked by the script itself
// (on the graph collapsed to src/<feature>), since a cycle there is between folders, not files.
const PURE_CORES = '^src/(domain|conflicts/engine|feeds/calendar)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pure-core-no-nest-or-io',
      comment:
        'src/domain, src/conflicts/engine and src/feeds/calendar are pure: no Nest, no database, no file system',
      severity: 'error',
      from: { path: PURE_CORES, pathNot: '\\.spec\\.ts$|/testing/' },
      to: {
        path: '(^|/)node_modules/(@nestjs/|mongoose/|mongodb/)|^(node:)?fs(/promises)?$',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.stryker-tmp|^dist/|^coverage/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    moduleSystems: ['cjs', 'es6'],
  },
};
