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
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
};
