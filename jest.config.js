// Three suites, one database choice: test/support/global-setup.ts starts the backend the
// service itself would choose (MONGODB_URI, else a mongod binary, else the in-process server)
// once per run; every test file then works in a database of its own.
// Transpile only (types are checked by `npm run build` and the lint); tests stay fast.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];
const common = {
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/main.ts', '!src/**/cli.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...common, displayName: 'integration', rootDir: '.', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', rootDir: '.', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
    // The pages in a real Chromium (Debian's chromium; .ci/run installs it when missing).
    { ...common, displayName: 'browser', rootDir: '.', testMatch: ['<rootDir>/test/browser/**/*.spec.ts'] },
  ],
};
