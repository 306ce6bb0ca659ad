import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { migrateToLatest } from './migrations';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export type Store = Kysely<Database>;

export interface StoreOptions {
  /** A PostgreSQL server; unset: PGlite. */
  url?: string | undefined;
  /** PGlite's data directory; unset with no url: in memory (tests). */
  pgliteDir?: string | undefined;
}

/** Opens the store and brings its schema to the latest migration (idempotent). */
export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Store;
  if (options.url) {
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: options.url, max: 10 }) }) });
  } else {
    if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
    const pglite = options.pgliteDir ? new PGlite(options.pgliteDir) : new PGlite();
    db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  }
  await migrateToLatest(db as Kysely<unknown>);
  return db;
}

export function storeOptionsFor(config: { dataDir: string; database: { url?: string | undefined } }): StoreOptions {
  return config.database.url ? { url: config.database.url } : { pgliteDir: join(config.dataDir, 'pglite') };
}
