import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A new, empty database on the real PostgreSQL server named by CUTOVER_TEST_DATABASE_URL (scripts/test.sh
 * starts one on loopback). Without that server the test fails loudly instead of being skipped.
 */
export async function freshPostgresDatabase(): Promise<string> {
  const url = process.env.CUTOVER_TEST_DATABASE_URL;
  if (!url) throw new Error('CUTOVER_TEST_DATABASE_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL');
  const name = `cutover_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return fresh.toString();
}
