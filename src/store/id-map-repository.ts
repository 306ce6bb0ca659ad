import { type Selectable, sql } from 'kysely';
import type { Store } from './database';
import type { IdMapTable } from './schema';

export interface IdMapEntry {
  migrationId: string;
  entityType: string;
  sourceId: string;
  targetId: string | null;
  contentHash: string | null;
  syncedFields: Record<string, unknown>;
  status: IdMapTable['status'];
  error: string | null;
  createdByCutover: boolean;
  attempts: number;
}

function toEntry(row: Selectable<IdMapTable>): IdMapEntry {
  return {
    migrationId: row.migration_id,
    entityType: row.entity_type,
    sourceId: row.source_id,
    targetId: row.target_id,
    contentHash: row.content_hash,
    syncedFields: row.synced_fields,
    status: row.status,
    error: row.error,
    createdByCutover: row.created_by_cutover,
    attempts: row.attempts,
  };
}

/** The id map: source id → target id, with what was last written, so every re-run is idempotent. */
export class IdMapRepository {
  constructor(private readonly db: Store) {}

  async record(entry: Omit<IdMapEntry, 'attempts'>): Promise<void> {
    await this.db
      .insertInto('id_map')
      .values({
        migration_id: entry.migrationId,
        entity_type: entry.entityType,
        source_id: entry.sourceId,
        target_id: entry.targetId,
        content_hash: entry.contentHash,
        synced_fields: JSON.stringify(entry.syncedFields),
        status: entry.status,
        error: entry.error,
        created_by_cutover: entry.createdByCutover,
      })
      .onConflict((oc) => oc.columns(['migration_id', 'entity_type', 'source_id']).doUpdateSet((eb) => ({
        // A target id, once known, is never forgotten by a later failure of the same entity.
        target_id: sql<string | null>`coalesce(${eb.ref('excluded.target_id')}, ${eb.ref('id_map.target_id')})`,
        content_hash: eb.ref('excluded.content_hash'),
        synced_fields: eb.ref('excluded.synced_fields'),
        status: eb.ref('excluded.status'),
        error: eb.ref('excluded.error'),
        created_by_cutover: sql<boolean>`${eb.ref('id_map.created_by_cutover')} or ${eb.ref('excluded.created_by_cutover')}`,
        attempts: sql<number>`${eb.ref('id_map.attempts')} + 1`,
        updated_at: sql<Date>`now()`,
      })))
      .execute();
  }

  async find(migrationId: string, entityType: string, sourceId: string): Promise<IdMapEntry | undefined> {
    const row = await this.db.selectFrom('id_map').selectAll()
      .where('migration_id', '=', migrationId).where('entity_type', '=', entityType).where('source_id', '=', sourceId)
      .executeTakeFirst();
    return row ? toEntry(row) : undefined;
  }

  /** Entries for many source ids at once, keyed by source id. */
  async findMany(migrationId: string, entityType: string, sourceIds: readonly string[]): Promise<Map<string, IdMapEntry>> {
    if (sourceIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('id_map').selectAll()
      .where('migration_id', '=', migrationId).where('entity_type', '=', entityType).where('source_id', 'in', [...sourceIds])
      .execute();
    return new Map(rows.map((r) => [r.source_id, toEntry(r)]));
  }

  /** Entries by their target ids (verification walks the target store). */
  async findByTargetIds(migrationId: string, entityType: string, targetIds: readonly string[]): Promise<Map<string, IdMapEntry>> {
    if (targetIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('id_map').selectAll()
      .where('migration_id', '=', migrationId).where('entity_type', '=', entityType).where('target_id', 'in', [...targetIds])
      .execute();
    return new Map(rows.map((r) => [r.target_id as string, toEntry(r)]));
  }

  /**
   * Marks entities this migration is about to write for the first time (`writing`), in one statement; an
   * entity that already has a row keeps it. `creating`: the target was looked at and holds none of them, so
   * whatever a retry finds there by natural key was created by this write (a crash between the target's answer
   * and the record would otherwise lose that, and verification's expected count with it).
   */
  async markWriting(migrationId: string, entityType: string, sourceIds: readonly string[], options: { creating?: boolean } = {}): Promise<void> {
    if (sourceIds.length === 0) return;
    await this.db.insertInto('id_map')
      .values(sourceIds.map((sourceId) => ({
        migration_id: migrationId, entity_type: entityType, source_id: sourceId, target_id: null, content_hash: null,
        synced_fields: JSON.stringify({}), status: 'writing' as const, error: null, created_by_cutover: options.creating ?? false,
      })))
      .onConflict((oc) => oc.columns(['migration_id', 'entity_type', 'source_id']).doNothing())
      .execute();
  }

  /** Forgets entries (remigration, after deleting what Cutover created). */
  async remove(migrationId: string, entityType: string, sourceIds: readonly string[]): Promise<void> {
    if (sourceIds.length === 0) return;
    await this.db.deleteFrom('id_map').where('migration_id', '=', migrationId).where('entity_type', '=', entityType).where('source_id', 'in', [...sourceIds]).execute();
  }

  async list(migrationId: string, filter: { entityType?: string; status?: IdMapTable['status'] } = {}): Promise<IdMapEntry[]> {
    let query = this.db.selectFrom('id_map').selectAll().where('migration_id', '=', migrationId);
    if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
    if (filter.status) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('entity_type').orderBy('source_id').execute();
    return rows.map(toEntry);
  }

  async countByStatus(migrationId: string, entityType?: string): Promise<Record<string, Record<IdMapTable['status'], number>>> {
    let query = this.db.selectFrom('id_map')
      .select(['entity_type', 'status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('migration_id', '=', migrationId);
    if (entityType) query = query.where('entity_type', '=', entityType);
    const rows = await query.groupBy(['entity_type', 'status']).execute();
    const counts: Record<string, Record<IdMapTable['status'], number>> = {};
    for (const row of rows) {
      const byStatus = (counts[row.entity_type] ??= { migrated: 0, failed: 0, skipped: 0, writing: 0 });
      byStatus[row.status] = Number(row.n);
    }
    return counts;
  }
}
