import { temporalCliPath, timeSkippingServerPath } from '../../src/runtime/dev-server';

/**
 * Resolves the real Temporal servers once for the whole run (the project's scripts build or fetch them
 * into the cache on first use), and checks that CI has given the store tests a PostgreSQL server.
 */
export default function globalSetup(): void {
  process.env.CUTOVER_TEST_TEMPORAL_CLI ??= temporalCliPath();
  process.env.CUTOVER_TEST_TIME_SKIPPING_SERVER ??= timeSkippingServerPath();
  if (process.env.CI === 'true' && !process.env.CUTOVER_TEST_DATABASE_URL) {
    throw new Error('CI=true but CUTOVER_TEST_DATABASE_URL is not set: .ci/run starts a PostgreSQL server for the store tests');
  }
}
