import { Context } from '@temporalio/activity';
import { type EntityOf, type EntityType, entitySchemas, type Order, type Product } from '../../domain/catalog/entities';
import { orderStatusVocabulary, resolveOrderStatusMap } from '../../domain/catalog/platforms';
import type { ConflictPolicy, SmartUpdateSummary, SyncFields } from '../../domain/replatform/sync-fields';
import {
  baseFromMigration, decideField, type FieldDecision, type FieldValues, fieldsToWrite, mergeOrder, mergeProduct, orderValues,
  productValues, type SyncBase, type SyncedType,
} from '../../domain/replatform/three-way';
import type { Page, PlatformAdapter } from '../../connectors/platforms/types';
import type { IdMapEntry, IdMapRepository } from '../../store/id-map-repository';
import type { SmartUpdateRepository } from '../../store/replatform-smart-update-repository';
import { validated } from '../migration/validated';
import { writeEntities } from '../migration/write-entities';
import { describeIssues } from '../../domain/validation';

export interface SmartUpdateRequest {
  replatformId: string;
  /** The id map's migration id (the full migration child writes under it). */
  migrationId: string;
  source: string;
  target: string;
  /** Changes at or after this instant (the previous run's start, on the activity clock). */
  since: string;
  fields: SyncFields;
  conflictPolicy: ConflictPolicy;
  statusMapOverrides: Record<string, string>;
  pageSize: number;
}

export interface SmartUpdateDeps {
  adapter(name: string): PlatformAdapter;
  idMap: IdMapRepository;
  runs: SmartUpdateRepository;
}

/** Summaries keep this many conflicts and failures; the store keeps the run, the counts stay exact. */
const KEEP_DETAILS = 50;

type Counters = Omit<SmartUpdateSummary, 'startedAt' | 'finishedAt'>;

/**
 * One smart-update run (Cart2Cart's Smart Update): asks the source for what changed since the last run with
 * its own change filter, so its API calls grow with the changes, not the catalogue. For each changed entity
 * already on the target it compares, per chosen field, the last synced value, the source's and the target's,
 * and writes only what changed on the source alone (or on both sides when the source wins). New entities
 * and earlier failures are migrated. Platform writes replace whole entities, so the write is the target's
 * current entity with just those fields taken from the source: every other field keeps the target's edits.
 */
export async function runSmartUpdate(deps: SmartUpdateDeps, request: SmartUpdateRequest): Promise<SmartUpdateSummary> {
  const startedAt = new Date().toISOString();
  const source = deps.adapter(request.source);
  const target = deps.adapter(request.target);
  const resolved = resolveOrderStatusMap(source.platform, target.platform, request.statusMapOverrides);
  const statusMap = resolved.map;
  // A merged order carries the target's own word for a status that is not synchronised: it maps to itself.
  const writeStatusMap = { ...Object.fromEntries(orderStatusVocabulary[target.platform].map((w) => [w, w])), ...statusMap };
  const counters: Counters = { changed: 0, updated: 0, created: 0, conflicted: 0, failed: 0, unchanged: 0, conflicts: [], failures: [] };
  const fail = (entityType: string, sourceId: string, error: string): void => {
    counters.failed += 1;
    if (counters.failures.length < KEEP_DETAILS) counters.failures.push({ entityType, sourceId, error });
  };
  const write = { migrationId: request.migrationId, statusMap, concurrency: 4, matchExisting: true };

  /** Writes entities the target does not have yet (or that failed before), their categories and customers first. */
  async function migrateNew<T extends EntityType>(type: T, entities: EntityOf[T][]): Promise<number> {
    if (entities.length === 0) return 0;
    if (type === 'products') await ensureReferences('categories', (entities as Product[]).flatMap((p) => p.categorySourceIds));
    if (type === 'orders') {
      const orders = entities as Order[];
      await ensureReferences('customers', orders.flatMap((o) => (o.customerSourceId ? [o.customerSourceId] : [])));
      await ensureReferences('products', orders.flatMap((o) => o.lineItems.flatMap((l) => (l.productSourceId ? [l.productSourceId] : []))));
    }
    const outcome = await writeEntities(type, entities, target, deps.idMap, write, { recordTransientAsFailed: true });
    if (outcome.failed > 0) {
      const failed = await deps.idMap.findMany(request.migrationId, type, entities.map((e) => e.sourceId));
      for (const entry of failed.values()) if (entry.status === 'failed') fail(type, entry.sourceId, entry.error ?? 'failed');
    }
    return outcome.done;
  }

  async function ensureReferences(type: 'categories' | 'customers' | 'products', ids: string[]): Promise<void> {
    const wanted = [...new Set(ids)];
    const known = await deps.idMap.findMany(request.migrationId, type, wanted);
    const missing: EntityOf[typeof type][] = [];
    for (const id of wanted.filter((i) => known.get(i)?.status !== 'migrated')) {
      const entity = await source.get(type, id);
      if (entity) missing.push(entity);
    }
    counters.created += await migrateNew(type, missing);
  }

  async function neutral(type: SyncedType, entity: EntityOf[SyncedType], side: 'source' | 'target'): Promise<FieldValues> {
    if (type === 'orders') {
      const word = (o: Order): string => (side === 'source' ? statusMap[o.sourceStatus] ?? o.sourceStatus : o.sourceStatus);
      return orderValues(entity as Order, request.fields.orders, word);
    }
    const product = entity as Product;
    let categoryKey = (id: string): string => id;
    if (side === 'target' && request.fields.products.includes('categories')) {
      const bySource = await deps.idMap.findByTargetIds(request.migrationId, 'categories', product.categorySourceIds);
      categoryKey = (id) => bySource.get(id)?.sourceId ?? `target:${id}`;
    }
    return productValues(product, request.fields.products, categoryKey);
  }

  /** A failed update of a migrated entity is kept pending: the next run tries it again even if the source does not move. */
  const failUpdate = async (type: SyncedType, sourceId: string, error: string): Promise<void> => {
    fail(type, sourceId, error);
    await deps.runs.markPending(request.migrationId, type, sourceId, error);
  };

  async function updateKnown(type: SyncedType, entity: EntityOf[SyncedType], entry: IdMapEntry, base: SyncBase | undefined): Promise<void> {
    const targetId = entry.targetId as string;
    const onTarget = await target.get(type, targetId);
    if (!onTarget) return failUpdate(type, entity.sourceId, `target ${type} ${targetId} no longer exists (deleted on the target?)`);
    const chosen: string[] = request.fields[type];
    const sourceValues = await neutral(type, entity, 'source');
    const targetValues = await neutral(type, onTarget, 'target');
    const derived = baseFromMigration(type, entry.syncedFields, chosen);
    const effectiveBase: SyncBase = base ?? { source: derived, target: derived };
    const decisions: Record<string, FieldDecision> = Object.fromEntries(chosen.map((f) => [f, decideField(f, effectiveBase, sourceValues, targetValues)]));
    const conflicts = chosen.filter((f) => decisions[f] === 'conflict');
    for (const field of conflicts) {
      if (counters.conflicts.length < KEEP_DETAILS) {
        counters.conflicts.push({
          entityType: type, sourceId: entity.sourceId, targetId, field, base: effectiveBase.source[field] ?? null,
          source: sourceValues[field], target: targetValues[field], kept: request.conflictPolicy === 'source-wins' ? 'source' : 'target',
        });
      }
    }
    if (conflicts.length) counters.conflicted += 1;
    const fields = fieldsToWrite(decisions, request.conflictPolicy);
    let targetAfter = targetValues;
    if (fields.length > 0) {
      let merged: EntityOf[SyncedType];
      let references = { categories: {} as Record<string, string>, products: {}, variants: {}, customers: {} };
      if (type === 'products') {
        const sourceProduct = entity as Product;
        const categories = await deps.idMap.findMany(request.migrationId, 'categories', sourceProduct.categorySourceIds);
        const categoryTargetIds = sourceProduct.categorySourceIds.flatMap((id) => { const t = categories.get(id)?.targetId; return t ? [t] : []; });
        merged = mergeProduct(onTarget as Product, sourceProduct, fields, categoryTargetIds);
        // The merged product names target categories: each maps to itself.
        references = { ...references, categories: Object.fromEntries((merged as Product).categorySourceIds.map((id) => [id, id])) };
      } else {
        merged = mergeOrder(onTarget as Order, entity as Order, fields);
      }
      const [result] = await target.upsertBatch(type, [{ entity: merged, targetId }], { references, orderStatusMap: writeStatusMap });
      if (!result?.ok) return failUpdate(type, entity.sourceId, result ? result.error : 'no write result');
      counters.updated += 1;
      const reread = await target.get(type, targetId);
      if (reread) targetAfter = await neutral(type, reread, 'target');
    } else if (conflicts.length === 0) {
      counters.unchanged += 1;
    }
    // The new base: what each side shows now. A conflict kept on the target is not raised again until a side moves.
    await deps.runs.saveBase(request.migrationId, type, entity.sourceId, { source: sourceValues, target: targetAfter });
    await deps.runs.clearPending(request.migrationId, type, entity.sourceId);
  }

  const types: SyncedType[] = (['products', 'orders'] as const).filter((t) => request.fields[t].length > 0);
  for (const type of types) {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      Context.current().heartbeat({ type, cursor });
      const page: Page<EntityOf[SyncedType]> = await source.listChangedSince(type, request.since, cursor, request.pageSize);
      const checked = validated(type, page.items);
      const valid = checked.valid;
      for (const r of [...page.rejected, ...checked.rejected]) fail(type, r.sourceId, `rejected from source: ${r.reason}`);
      counters.changed += page.items.length + page.rejected.length;
      const known = await deps.idMap.findMany(request.migrationId, type, valid.map((e) => e.sourceId));
      const bases = await deps.runs.bases(request.migrationId, type, valid.map((e) => e.sourceId));
      const fresh: EntityOf[SyncedType][] = [];
      for (const entity of valid) {
        seen.add(entity.sourceId);
        const entry = known.get(entity.sourceId);
        if (entry?.status === 'migrated' && entry.targetId) await updateKnown(type, entity, entry, bases.get(entity.sourceId));
        else fresh.push(entity);
      }
      counters.created += await migrateNew(type, fresh);
      cursor = page.nextCursor;
    } while (cursor);

    // Updates that failed in an earlier run, of entities that did not change since: tried again.
    for (const sourceId of (await deps.runs.pending(request.migrationId, type)).filter((id) => !seen.has(id))) {
      const entry = (await deps.idMap.findMany(request.migrationId, type, [sourceId])).get(sourceId);
      const entity = entry?.status === 'migrated' && entry.targetId ? await source.get(type, sourceId) : null;
      const parsed = entity ? entitySchemas[type].safeParse(entity) : null;
      if (parsed && !parsed.success) {
        fail(type, sourceId, `rejected from source: ${describeIssues(parsed.error).join('; ')}`);
        continue;
      }
      if (!entry || !parsed) {
        // Gone from the source, or no longer a migrated entity: nothing left to update.
        await deps.runs.clearPending(request.migrationId, type, sourceId);
        continue;
      }
      const bases = await deps.runs.bases(request.migrationId, type, [sourceId]);
      await updateKnown(type, parsed.data as EntityOf[SyncedType], entry, bases.get(sourceId));
    }

    // Entities that failed before and did not change since: migrated again.
    const failedBefore = (await deps.idMap.list(request.migrationId, { entityType: type, status: 'failed' })).filter((e) => !seen.has(e.sourceId));
    const retry: EntityOf[SyncedType][] = [];
    for (const entry of failedBefore) {
      const entity = await source.get(type, entry.sourceId);
      if (!entity) continue;
      const parsed = entitySchemas[type].safeParse(entity);
      if (parsed.success) retry.push(parsed.data as EntityOf[SyncedType]);
    }
    counters.created += await migrateNew(type, retry);
  }

  const summary: SmartUpdateSummary = { startedAt, finishedAt: new Date().toISOString(), ...counters };
  await deps.runs.saveRun(request.replatformId, summary);
  return summary;
}
