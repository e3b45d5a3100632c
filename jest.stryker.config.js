// The unit project alone, for Stryker: the pure cores' specs need no database, so no
// globalSetup (which would start one per mutant run) and no coverage or summary reporters.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
