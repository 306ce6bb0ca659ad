import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

/**
 * Schema migrations, in code so they ship inside the bundle and run at worker start. Each is applied once
 * (Kysely records them in kysely_migration), so running them again is a no-op.
 */
const migrations: Record<string, Migration> = {
  '0001_id_map': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('id_map')
        .addColumn('migration_id', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('content_hash', 'text')
        .addColumn('synced_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('migrated', 'failed', 'skipped')`))
        .addColumn('error', 'text')
        .addColumn('created_by_cutover', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('id_map_pk', ['migration_id', 'entity_type', 'source_id'])
        .execute();
      await db.schema.createIndex('id_map_by_target').on('id_map').columns(['migration_id', 'entity_type', 'target_id']).execute();
      await db.schema.createIndex('id_map_by_status').on('id_map').columns(['migration_id', 'status']).execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
