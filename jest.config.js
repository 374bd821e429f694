/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only; test/typecheck.test.ts type-checks the whole project once.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 60000,
  // Many tests wait on subprocesses (the CLI, kubectl, Chromium): two workers keep both cores busy.
  maxWorkers: 2,
};
