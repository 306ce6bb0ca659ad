import { Context } from '@temporalio/activity';
import { type Customer, type EntityOf, type EntityType, entitySchemas, type Order, type Product } from '../../domain/catalog/entities';
import { stableJson } from '../../domain/migration/comparable';
import { ownOrderStatusWords, resolveOrderStatusMap } from '../../connectors/platforms/registry';
import {
  type ConflictPolicy, type CustomerSyncField, defaultCustomerSyncFields, type FieldOutcome, type FieldProblem, type SmartUpdateSummary, type SyncFields,
} from '../../domain/replatform/sync-fields';
import {
  baseFromMigration, customerValues, decideConsent, decideField, type FieldDecision, type FieldValues, fieldsToWrite, mergeCustomer, mergeOrder, mergeProduct, orderValues,
  productValues, type SyncBase, type SyncedType,
} from '../../domain/replatform/three-way';
import type { FieldWrite, Page, PlatformAdapter, References } from '../../connectors/platforms/types';
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
/** Fields that could not be written, kept per run (they go into the workflow's status with the last run). */
const KEEP_FIELD_PROBLEMS = 20;

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
  const writeStatusMap = { ...ownOrderStatusWords(target.platform), ...statusMap };
  const counters: Counters = { changed: 0, updated: 0, created: 0, conflicted: 0, failed: 0, unchanged: 0, fields: {}, fieldProblems: [], conflicts: [], failures: [] };
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

  /** The chosen fields of a type (customers: every customer field when the request predates them). */
  const chosenFields = (type: SyncedType): string[] => (type === 'customers' ? request.fields.customers ?? defaultCustomerSyncFields : request.fields[type]);

  async function neutral(type: SyncedType, entity: EntityOf[SyncedType], side: 'source' | 'target'): Promise<FieldValues> {
    if (type === 'orders') {
      const word = (o: Order): string => (side === 'source' ? statusMap[o.sourceStatus] ?? o.sourceStatus : o.sourceStatus);
      return orderValues(entity as Order, request.fields.orders, word);
    }
    if (type === 'customers') return customerValues(entity as Customer, chosenFields('customers') as CustomerSyncField[]);
    const product = entity as Product;
    let categoryKey = (id: string): string => id;
    if (side === 'target' && request.fields.products.includes('categories')) {
      const bySource = await deps.idMap.findByTargetIds(request.migrationId, 'categories', product.categorySourceIds);
      categoryKey = (id) => bySource.get(id)?.sourceId ?? `target:${id}`;
    }
    return productValues(product, request.fields.products, categoryKey);
  }

  const countField = (type: string, field: string, outcome: FieldOutcome): void => {
    const byField = (counters.fields[type] ??= {});
    (byField[field] ??= { written: 0, 'skipped-unchanged': 0, conflict: 0, 'unsupported-on-target': 0, failed: 0 })[outcome] += 1;
  };
  const fieldProblem = (problem: FieldProblem): void => {
    if (counters.fieldProblems.length < KEEP_FIELD_PROBLEMS) counters.fieldProblems.push(problem);
  };

  /** A failed update of a migrated entity is kept pending: the next run tries it again even if the source does not move. */
  const failUpdate = async (type: SyncedType, sourceId: string, error: string): Promise<void> => {
    fail(type, sourceId, error);
    await deps.runs.markPending(request.migrationId, type, sourceId, error);
  };

  /**
   * Writes `fields` of the merged entity: field by field where the target has its own calls for them
   * (updateFields), else the whole entity, then read back, so that a field the target did not take (an
   * order status an update cannot change) is reported as such rather than counted as written.
   */
  async function writeFields(type: SyncedType, targetId: string, merged: EntityOf[SyncedType], fields: string[], sourceValues: FieldValues, references: References): Promise<{ writes: FieldWrite[]; after: FieldValues | null }> {
    const context = { references, orderStatusMap: writeStatusMap };
    const byField = await target.updateFields?.(type, targetId, merged, fields, context) ?? null;
    if (byField) {
      const reread = await target.get(type, targetId);
      return { writes: byField, after: reread ? await neutral(type, reread, 'target') : null };
    }
    const [result] = await target.upsertBatch(type, [{ entity: merged, targetId }], context);
    if (!result?.ok) {
      const reason = result ? result.error : 'no write result';
      return { writes: fields.map((field) => ({ field, outcome: 'failed', reason, retryable: result?.ok === false && result.retryable })), after: null };
    }
    const reread = await target.get(type, targetId);
    const after = reread ? await neutral(type, reread, 'target') : null;
    const writes: FieldWrite[] = fields.map((field) => {
      if (after && stableJson(after[field]) === stableJson(sourceValues[field])) return { field, outcome: 'written' };
      // Personal data stays out of the summary (it goes into workflow history): customers' values are not quoted.
      const shows = type === 'customers' ? 'another value' : JSON.stringify(after?.[field] ?? null);
      return { field, outcome: 'unsupported-on-target', reason: after ? `the ${target.platform} target accepted the write but shows ${shows} for it` : 'the entity could not be read back' };
    });
    return { writes, after };
  }

  async function updateKnown(type: SyncedType, entity: EntityOf[SyncedType], entry: IdMapEntry, base: SyncBase | undefined): Promise<void> {
    const targetId = entry.targetId as string;
    const onTarget = await target.get(type, targetId);
    if (!onTarget) return failUpdate(type, entity.sourceId, `target ${type} ${targetId} no longer exists (deleted on the target?)`);
    const chosen = chosenFields(type);
    const sourceValues = await neutral(type, entity, 'source');
    const targetValues = await neutral(type, onTarget, 'target');
    const derived = baseFromMigration(type, entry.syncedFields, chosen);
    const effectiveBase: SyncBase = base ?? { source: derived, target: derived };
    const decisions: Record<string, FieldDecision> = Object.fromEntries(chosen.map((f) => [f, decideField(f, effectiveBase, sourceValues, targetValues)]));
    if (type === 'customers') {
      // Consent follows the newest dated change on either store, not the three-way merge alone.
      const [from, on] = [entity as Customer, onTarget as Customer];
      if ('emailConsent' in decisions) decisions.emailConsent = decideConsent(from.emailMarketing, on.emailMarketing, decisions.emailConsent as FieldDecision);
      if ('smsConsent' in decisions) decisions.smsConsent = decideConsent(from.smsMarketing, on.smsMarketing, decisions.smsConsent as FieldDecision);
    }
    const conflicts = chosen.filter((f) => decisions[f] === 'conflict');
    for (const field of conflicts) {
      if (counters.conflicts.length < KEEP_DETAILS) {
        // A customer's values are personal data: the conflict names the field, not what it holds.
        const quote = (v: unknown): unknown => (type === 'customers' ? null : v);
        counters.conflicts.push({
          entityType: type, sourceId: entity.sourceId, targetId, field, base: quote(effectiveBase.source[field] ?? null),
          source: quote(sourceValues[field]), target: quote(targetValues[field]), kept: request.conflictPolicy === 'source-wins' ? 'source' : 'target',
        });
      }
    }
    if (conflicts.length) counters.conflicted += 1;
    const fields = fieldsToWrite(decisions, request.conflictPolicy);
    for (const field of chosen.filter((f) => !fields.includes(f))) countField(type, field, decisions[field] === 'conflict' ? 'conflict' : 'skipped-unchanged');
    let targetAfter = targetValues;
    let failedFields: string[] = [];
    if (fields.length > 0) {
      let merged: EntityOf[SyncedType];
      let references: References = { categories: {}, products: {}, variants: {}, customers: {} };
      if (type === 'products') {
        const sourceProduct = entity as Product;
        const categories = await deps.idMap.findMany(request.migrationId, 'categories', sourceProduct.categorySourceIds);
        const categoryTargetIds = sourceProduct.categorySourceIds.flatMap((id) => { const t = categories.get(id)?.targetId; return t ? [t] : []; });
        merged = mergeProduct(onTarget as Product, sourceProduct, fields, categoryTargetIds);
        // The merged product names target categories: each maps to itself.
        references = { ...references, categories: Object.fromEntries((merged as Product).categorySourceIds.map((id) => [id, id])) };
      } else if (type === 'customers') {
        merged = mergeCustomer(onTarget as Customer, entity as Customer, fields);
      } else {
        merged = mergeOrder(onTarget as Order, entity as Order, fields);
      }
      const { writes, after } = await writeFields(type, targetId, merged, fields, sourceValues, references);
      for (const w of writes) {
        countField(type, w.field, w.outcome);
        if (w.outcome !== 'written') fieldProblem({ entityType: type, sourceId: entity.sourceId, field: w.field, outcome: w.outcome, reason: w.reason });
      }
      failedFields = writes.filter((w) => w.outcome === 'failed').map((w) => w.field);
      if (writes.some((w) => w.outcome === 'written')) counters.updated += 1;
      if (after) targetAfter = after;
      if (failedFields.length > 0) {
        const reasons = [...new Set(writes.flatMap((w) => (w.outcome === 'failed' ? [w.reason] : [])))];
        await failUpdate(type, entity.sourceId, `${failedFields.join(', ')}: ${reasons.join('; ')}`);
      }
    } else if (conflicts.length === 0) {
      counters.unchanged += 1;
    }
    // The new base: what each side shows now. A conflict kept on the target is not raised again until a side moves;
    // a field that failed keeps its old base, so the next run sees the source's change again and retries it.
    const nextBase: SyncBase = { source: { ...sourceValues }, target: { ...targetAfter } };
    for (const field of failedFields) {
      if (field in effectiveBase.source) nextBase.source[field] = effectiveBase.source[field]; else delete nextBase.source[field];
      if (field in effectiveBase.target) nextBase.target[field] = effectiveBase.target[field]; else delete nextBase.target[field];
    }
    await deps.runs.saveBase(request.migrationId, type, entity.sourceId, nextBase);
    if (failedFields.length === 0) await deps.runs.clearPending(request.migrationId, type, entity.sourceId);
  }

  // Categories first (new ones only: a category has no synchronised field), then customers before the orders that name them.
  const types: (SyncedType | 'categories')[] = ['categories', ...(['customers', 'products', 'orders'] as const).filter((t) => chosenFields(t).length > 0)];
  for (const type of types) {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      Context.current().heartbeat({ type, cursor });
      const page: Page<EntityOf[SyncedType | 'categories']> = await source.listChangedSince(type, request.since, cursor, request.pageSize);
      const checked = validated(type, page.items);
      const valid = checked.valid;
      for (const r of [...page.rejected, ...checked.rejected]) fail(type, r.sourceId, `rejected from source: ${r.reason}`);
      const known = await deps.idMap.findMany(request.migrationId, type, valid.map((e) => e.sourceId));
      const bases = await deps.runs.bases(request.migrationId, type, valid.map((e) => e.sourceId));
      const fresh: EntityOf[SyncedType | 'categories'][] = [];
      for (const entity of valid) {
        seen.add(entity.sourceId);
        const entry = known.get(entity.sourceId);
        if (entry?.status === 'migrated' && entry.targetId) {
          if (type !== 'categories') await updateKnown(type, entity as EntityOf[SyncedType], entry, bases.get(entity.sourceId));
        } else {
          fresh.push(entity);
        }
      }
      // The source lists every category whatever its date (terms carry none): only new ones count as changes.
      counters.changed += type === 'categories' ? fresh.length + page.rejected.length : page.items.length + page.rejected.length;
      counters.created += await migrateNew(type, fresh);
      cursor = page.nextCursor;
    } while (cursor);

    // Updates that failed in an earlier run, of entities that did not change since: tried again.
    // (A category has no field to update: none is ever pending.)
    const pendingType: SyncedType | null = type === 'categories' ? null : type;
    const pendingIds = pendingType ? (await deps.runs.pending(request.migrationId, pendingType)).filter((id) => !seen.has(id)) : [];
    for (const sourceId of pendingType ? pendingIds : []) {
      if (!pendingType) break; // narrows the type for the compiler; never taken
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
      await updateKnown(pendingType, parsed.data as EntityOf[SyncedType], entry, bases.get(sourceId));
    }

    // Entities that failed before and did not change since: migrated again.
    const failedBefore = (await deps.idMap.list(request.migrationId, { entityType: type, status: 'failed' })).filter((e) => !seen.has(e.sourceId));
    const retry: EntityOf[SyncedType | 'categories'][] = [];
    for (const entry of failedBefore) {
      const entity = await source.get(type, entry.sourceId);
      if (!entity) continue;
      const parsed = entitySchemas[type].safeParse(entity);
      if (parsed.success) retry.push(parsed.data as EntityOf[SyncedType | 'categories']);
    }
    counters.created += await migrateNew(type, retry);
  }

  const summary: SmartUpdateSummary = { startedAt, finishedAt: new Date().toISOString(), ...counters };
  await deps.runs.saveRun(request.replatformId, summary);
  return summary;
}
