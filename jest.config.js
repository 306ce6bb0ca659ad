/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // End-to-end tests start real Temporal servers and bundle workflows with webpack: give them room.
  testTimeout: 120000,
  // Two cores: one jest worker per core leaves the Temporal servers room to breathe.
  maxWorkers: 2,
  // A fresh worker process for every test file: a Temporal client call that a file's teardown caught mid-retry
  // fires its retry timer after the connection closed ("Channel has been shut down"), and in a reused worker
  // jest blamed whichever file ran next there (esp-handoff-workflow, cli-signal, temporal-cli in earlier runs).
  // Any heap is over 1 KB, so jest restarts the worker after each file; the cost is a process start per file.
  workerIdleMemoryLimit: '1KB',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
};
