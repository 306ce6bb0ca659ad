import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

/**
 * Schema migrations, in code so they ship inside the bundle and run at worker start. Each is applied once
 * (Kysely records them in kysely_migration), so running them again is a no-op. Kysely applies them in name
 * order and refuses a database whose applied list is not a prefix of that order: a new migration takes the
 * next number of the one global sequence (a per-domain prefix would sort a later migration before an earlier one).
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
  '0002_migration_reports': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('migration_reports')
        .addColumn('migration_id', 'text', (c) => c.primaryKey())
        .addColumn('report', 'jsonb', (c) => c.notNull())
        .addColumn('ok', 'boolean', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '0003_purchase_experience': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('merchant_settings')
        .addColumn('store', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createTable('communication_log')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('store', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('milestone', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient_masked', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('provider_id', 'text')
        .addColumn('error', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('communication_log_by_order').on('communication_log').columns(['store', 'order_id', 'milestone', 'channel']).execute();
      await db.schema.createIndex('communication_log_by_time').on('communication_log').columns(['created_at']).execute();
      await db.schema.createTable('sms_credits')
        .addColumn('store', 'text', (c) => c.primaryKey())
        .addColumn('monthly_allowance', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('used_this_period', 'integer', (c) => c.notNull().defaultTo(0).check(sql`used_this_period >= 0`))
        .addColumn('topup_balance', 'integer', (c) => c.notNull().defaultTo(0).check(sql`topup_balance >= 0`))
        .addColumn('exhausted_notified_period', 'text')
        .execute();
      await db.schema.createTable('push_subscriptions')
        .addColumn('endpoint', 'text', (c) => c.primaryKey())
        .addColumn('store', 'text', (c) => c.notNull())
        .addColumn('shopper_key', 'text', (c) => c.notNull())
        .addColumn('p256dh', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('push_subscriptions_by_shopper').on('push_subscriptions').columns(['store', 'shopper_key']).execute();
    },
  },
  '0004_purchase_tracking_links': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('tracking_links')
        .addColumn('store', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('carrier', 'text')
        .addColumn('tracking_code', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('tracking_links_pk', ['store', 'order_id'])
        .execute();
    },
  },
  '0005_replatform_smart_update': {
    async up(db: Kysely<unknown>) {
      // Smart update's three-way base per entity: the chosen fields' values at the last sync, on each side.
      await db.schema.createTable('replatform_sync_base')
        .addColumn('migration_id', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('base', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('replatform_sync_base_pk', ['migration_id', 'entity_type', 'source_id'])
        .execute();
      await db.schema.createTable('replatform_smart_updates')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('replatform_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('summary', 'jsonb', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('replatform_smart_updates_by_replatform').on('replatform_smart_updates').columns(['replatform_id', 'id']).execute();
    },
  },
  '0006_purchase_delivery_reports': {
    async up(db: Kysely<unknown>) {
      // Provider delivery reports (Twilio status callbacks) by provider id; read beside communication_log.
      await db.schema.createTable('delivery_reports')
        .addColumn('provider_id', 'text', (c) => c.primaryKey())
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_rank', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('delivery_reports_by_time').on('delivery_reports').columns(['updated_at']).execute();
    },
  },
  '0007_replatform_pending_updates': {
    async up(db: Kysely<unknown>) {
      // Smart updates of migrated entities that failed: retried by the next run even if the source does not change again.
      await db.schema.createTable('replatform_pending_updates')
        .addColumn('migration_id', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('error', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('replatform_pending_updates_pk', ['migration_id', 'entity_type', 'source_id'])
        .execute();
    },
  },
  '0008_console_tokens': {
    async up(db: Kysely<unknown>) {
      // Merchant console tokens, one store each: only a SHA-256 of the secret is kept, never the token.
      await db.schema.createTable('console_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('store', 'text', (c) => c.notNull())
        .addColumn('secret_sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('console_tokens_by_store').on('console_tokens').columns(['store']).execute();
    },
  },
  '0014_purchase_alert_sends': {
    async up(db: Kysely<unknown>) {
      // One row per alert and recipient, written before the provider is called: the unique key makes a second
      // send of the same alert impossible for as long as the order's workflow lives (not the log's 5 days).
      await db.schema.createTable('alert_sends')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('store', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('milestone', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient_key', 'text', (c) => c.notNull())
        .addColumn('recipient_masked', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed', 'unknown')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('replay', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('provider_id', 'text')
        .addColumn('error', 'text')
        .addColumn('debit_reference', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('alert_sends_once', ['store', 'order_id', 'milestone', 'channel', 'recipient_key'])
        .execute();
      await db.schema.createIndex('alert_sends_by_status').on('alert_sends').columns(['store', 'status', 'updated_at']).execute();
      await db.schema.createIndex('alert_sends_by_time').on('alert_sends').columns(['updated_at']).execute();
    },
  },
  '0015_sms_credit_entries': {
    async up(db: Kysely<unknown>) {
      // Every movement of SMS credits, written in the transaction that moves the balance; a reference is used once.
      await db.schema.createTable('sms_credit_entries')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('store', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('debit', 'refund', 'topup')`))
        .addColumn('allowance_credits', 'integer', (c) => c.notNull().defaultTo(0).check(sql`allowance_credits >= 0`))
        .addColumn('topup_credits', 'integer', (c) => c.notNull().defaultTo(0).check(sql`topup_credits >= 0`))
        .addColumn('lapsed_credits', 'integer', (c) => c.notNull().defaultTo(0).check(sql`lapsed_credits >= 0`))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('refund_of', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('sms_credit_entries_reference', ['store', 'reference'])
        .execute();
      await db.schema.createIndex('sms_credit_entries_by_store').on('sms_credit_entries').columns(['store', 'id']).execute();
    },
  },
  '0016_tracking_link_tokens': {
    async up(db: Kysely<unknown>) {
      // Links are /t/<random token> now: the old /t/<store>/<order> rows are unreachable, so they go.
      await sql`delete from tracking_links`.execute(db);
      await db.schema.alterTable('tracking_links').addColumn('token', 'text', (c) => c.notNull()).execute();
      await db.schema.createIndex('tracking_links_by_token').unique().on('tracking_links').column('token').execute();
      await db.schema.createIndex('tracking_links_by_time').on('tracking_links').columns(['store', 'created_at']).execute();
    },
  },
  '0017_id_map_writing_mark': {
    async up(db: Kysely<unknown>) {
      await sql`alter table id_map drop constraint if exists id_map_status_check`.execute(db);
      await sql`alter table id_map add constraint id_map_status_check check (status in ('migrated', 'failed', 'skipped', 'writing'))`.execute(db);
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
