// esbuild's synchronous API otherwise runs in a worker thread of its own, with a service process
// under it, in every jest worker that builds something. Jest ends its workers by waiting for them
// to exit by themselves within half a second; the one-shot process per build (as the CLI runs
// esbuild) leaves nothing behind to wait for. Jest's workers inherit this environment.
process.env.ESBUILD_WORKER_THREADS = '0';

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
