import { sql } from 'kysely';
import type { SmartUpdateSummary } from '../domain/replatform/sync-fields';
import type { SyncBase } from '../domain/replatform/three-way';
import type { Store } from './database';

/** Smart update's memory: the three-way base of each synced entity, and every run's summary. */
export class SmartUpdateRepository {
  constructor(private readonly db: Store) {}

  async bases(migrationId: string, entityType: string, sourceIds: readonly string[]): Promise<Map<string, SyncBase>> {
    if (sourceIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('replatform_sync_base').select(['source_id', 'base'])
      .where('migration_id', '=', migrationId).where('entity_type', '=', entityType).where('source_id', 'in', [...sourceIds])
      .execute();
    return new Map(rows.map((r) => [r.source_id, r.base]));
  }

  async saveBase(migrationId: string, entityType: string, sourceId: string, base: SyncBase): Promise<void> {
    await this.db.insertInto('replatform_sync_base')
      .values({ migration_id: migrationId, entity_type: entityType, source_id: sourceId, base: JSON.stringify(base) })
      .onConflict((oc) => oc.columns(['migration_id', 'entity_type', 'source_id']).doUpdateSet((eb) => ({ base: eb.ref('excluded.base'), updated_at: sql<Date>`now()` })))
      .execute();
  }

  /** Remigration starts the bases over: the full migration writes everything again. */
  async forgetBases(migrationId: string): Promise<void> {
    await this.db.deleteFrom('replatform_sync_base').where('migration_id', '=', migrationId).execute();
    await this.db.deleteFrom('replatform_pending_updates').where('migration_id', '=', migrationId).execute();
  }

  /** Notes a migrated entity whose update failed, so the next run tries it again. */
  async markPending(migrationId: string, entityType: string, sourceId: string, error: string): Promise<void> {
    await this.db.insertInto('replatform_pending_updates')
      .values({ migration_id: migrationId, entity_type: entityType, source_id: sourceId, error })
      .onConflict((oc) => oc.columns(['migration_id', 'entity_type', 'source_id']).doUpdateSet((eb) => ({ error: eb.ref('excluded.error'), updated_at: sql<Date>`now()` })))
      .execute();
  }

  async clearPending(migrationId: string, entityType: string, sourceId: string): Promise<void> {
    await this.db.deleteFrom('replatform_pending_updates')
      .where('migration_id', '=', migrationId).where('entity_type', '=', entityType).where('source_id', '=', sourceId).execute();
  }

  async pending(migrationId: string, entityType: string): Promise<string[]> {
    const rows = await this.db.selectFrom('replatform_pending_updates').select('source_id')
      .where('migration_id', '=', migrationId).where('entity_type', '=', entityType).orderBy('source_id').execute();
    return rows.map((r) => r.source_id);
  }

  async saveRun(replatformId: string, summary: SmartUpdateSummary): Promise<void> {
    await this.db.insertInto('replatform_smart_updates').values({ replatform_id: replatformId, started_at: summary.startedAt, summary: JSON.stringify(summary) }).execute();
  }

  async runs(replatformId: string, limit = 20): Promise<SmartUpdateSummary[]> {
    const rows = await this.db.selectFrom('replatform_smart_updates').select('summary')
      .where('replatform_id', '=', replatformId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => r.summary as SmartUpdateSummary);
  }
}
