import { createHash } from 'node:crypto';
import type { EntityOf, EntityType } from '../../domain/catalog/entities';
import { comparableFields, stableJson, SYNC_BASE_KEY } from '../../domain/migration/comparable';
import { migrationSyncBase } from '../../domain/replatform/three-way';
import type { PageOutcome } from '../../domain/migration/progress';
import type { PlatformWriter, References, WriteItem } from '../../connectors/platforms/types';
import type { IdMapRepository } from '../../store/id-map-repository';
import { chunk, mapWithLimit } from './limit';

export interface WriteSettings {
  migrationId: string;
  statusMap: Record<string, string>;
  concurrency: number;
  /** Look for the entity on the target by natural key when the id map does not know it. */
  matchExisting: boolean;
  /**
   * The target held none of this type when the migration began (preflight counted it): an entity with no
   * id-map row at all was then never written by this migration nor by anyone before it, so its natural-key
   * lookup is skipped. A second migration into a store the first one filled still looks every entity up.
   */
  targetEmptyAtStart?: boolean;
}

/** A transient failure of some items after the successes were recorded: the activity retries the rest. */
export class TransientWriteFailure extends Error {
  constructor(readonly failures: { sourceId: string; error: string }[]) {
    super(`${failures.length} item(s) failed transiently, first: ${failures[0]?.error ?? ''}`);
    this.name = 'TransientWriteFailure';
  }
}

/**
 * What the id map keeps of a written entity: its comparable fields as the target holds them (verification
 * reads those back), and the base of the first smart update.
 */
function syncedFieldsOf(type: EntityType, entity: EntityOf[EntityType], statusMap: Record<string, string>, writer: PlatformWriter): Record<string, unknown> {
  const syncBase = migrationSyncBase(type, entity, statusMap);
  return { ...comparableFields(type, writer.heldAs?.(type, entity) ?? entity), ...(syncBase ? { [SYNC_BASE_KEY]: syncBase } : {}) };
}

export function contentHash(entity: unknown, statusMap: Record<string, string>): string {
  return createHash('sha256').update(stableJson({ entity, statusMap })).digest('hex');
}

function referencedIds(type: EntityType, entities: readonly EntityOf[EntityType][]): Partial<Record<keyof References, string[]>> {
  if (type === 'products') return { categories: (entities as EntityOf['products'][]).flatMap((p) => p.categorySourceIds) };
  if (type === 'categories') return { categories: (entities as EntityOf['categories'][]).flatMap((c) => (c.parentSourceId ? [c.parentSourceId] : [])) };
  if (type === 'orders') {
    const orders = entities as EntityOf['orders'][];
    return {
      customers: orders.flatMap((o) => (o.customerSourceId ? [o.customerSourceId] : [])),
      products: orders.flatMap((o) => o.lineItems.flatMap((l) => (l.productSourceId ? [l.productSourceId] : []))),
      variants: orders.flatMap((o) => o.lineItems.flatMap((l) => (l.variantSourceId ? [l.variantSourceId] : []))),
    };
  }
  return {};
}

async function loadReferences(ids: IdMapRepository, migrationId: string, wanted: Partial<Record<keyof References, string[]>>): Promise<References> {
  const references: References = { categories: {}, products: {}, variants: {}, customers: {} };
  for (const [kind, sourceIds] of Object.entries(wanted) as [keyof References, string[]][]) {
    const entries = await ids.findMany(migrationId, kind, [...new Set(sourceIds)]);
    for (const [sourceId, entry] of entries) if (entry.targetId) references[kind][sourceId] = entry.targetId;
  }
  return references;
}

/**
 * Writes entities to the target idempotently: the id map first (unchanged content is skipped, a known
 * target id is updated), then the target's natural key, then create. Every outcome is recorded; transient
 * failures are thrown after recording the rest, so a retry of the activity redoes only what is missing.
 */
export async function writeEntities<T extends EntityType>(
  type: T,
  entities: readonly EntityOf[T][],
  writer: PlatformWriter,
  ids: IdMapRepository,
  settings: WriteSettings,
  options: { recordTransientAsFailed: boolean },
): Promise<Omit<PageOutcome, 'nextCursor' | 'totals'>> {
  const outcome = { done: 0, skipped: 0, failed: 0 };
  const known = await ids.findMany(settings.migrationId, type, entities.map((e) => e.sourceId));
  const pending: { item: WriteItem<T>; hash: string; createdBefore: boolean }[] = [];
  for (const entity of entities) {
    const hash = contentHash(entity, type === 'orders' ? settings.statusMap : {});
    const entry = known.get(entity.sourceId);
    if (entry?.status === 'migrated' && entry.contentHash === hash && entry.targetId) {
      outcome.skipped += 1;
      continue;
    }
    let targetId = entry?.targetId ?? null;
    let knownAbsent = false;
    if (!entry && settings.targetEmptyAtStart) {
      knownAbsent = true;
    } else if (!targetId && settings.matchExisting) {
      const existing = await writer.findExisting(type, entity);
      if (existing) targetId = existing.targetId;
      else knownAbsent = true;
    }
    pending.push({ item: { entity, targetId, knownAbsent }, hash, createdBefore: entry?.createdByCutover ?? false });
  }
  if (pending.length === 0) return outcome;
  // Before anything is sent: a crash between the target's answer and the record below leaves `writing`, and the
  // next attempt looks those up instead of creating them twice.
  // Those the target was seen (or proven) not to hold are marked as being created: if the create lands and the
  // record below does not, the retry finds the entity by natural key and still counts it as this migration's.
  const firstWrites = pending.filter((p) => !known.has(p.item.entity.sourceId));
  await ids.markWriting(settings.migrationId, type, firstWrites.filter((p) => !p.item.knownAbsent).map((p) => p.item.entity.sourceId));
  await ids.markWriting(settings.migrationId, type, firstWrites.filter((p) => p.item.knownAbsent).map((p) => p.item.entity.sourceId), { creating: true });

  const references = await loadReferences(ids, settings.migrationId, referencedIds(type, pending.map((p) => p.item.entity)));
  const batches = chunk(pending, settings.concurrency);
  const results = (await mapWithLimit(batches, settings.concurrency, (batch) =>
    writer.upsertBatch(type, batch.map((p) => p.item), { references, orderStatusMap: settings.statusMap }))).flat();

  const transient: { sourceId: string; error: string }[] = [];
  for (const [index, result] of results.entries()) {
    const { item, hash, createdBefore } = pending[index] as (typeof pending)[number];
    const base = { migrationId: settings.migrationId, entityType: type, sourceId: item.entity.sourceId };
    if (result.ok) {
      await ids.record({
        ...base, targetId: result.targetId, contentHash: hash, syncedFields: syncedFieldsOf(type, item.entity, settings.statusMap, writer),
        status: 'migrated', error: null, createdByCutover: createdBefore || result.created,
      });
      for (const [childSourceId, childTargetId] of Object.entries(result.childIds ?? {})) {
        await ids.record({
          migrationId: settings.migrationId, entityType: 'variants', sourceId: childSourceId, targetId: childTargetId,
          contentHash: null, syncedFields: {}, status: 'migrated', error: null, createdByCutover: result.created,
        });
      }
      outcome.done += 1;
    } else if (result.retryable && !options.recordTransientAsFailed) {
      // The write got as far as creating the entity: the retry must update that one, not look for it by a key
      // the failed call was to write (Tiendanube's order metafield) and create it again.
      if (result.targetId) {
        await ids.record({ ...base, targetId: result.targetId, contentHash: null, syncedFields: {}, status: 'writing', error: result.error, createdByCutover: createdBefore || !!result.created });
      }
      transient.push({ sourceId: result.sourceId, error: result.error });
    } else {
      await ids.record({
        ...base, targetId: result.targetId ?? item.targetId, contentHash: null, syncedFields: {}, status: 'failed', error: result.error,
        createdByCutover: createdBefore || !!result.created,
      });
      outcome.failed += 1;
    }
  }
  if (transient.length) throw new TransientWriteFailure(transient);
  return outcome;
}
