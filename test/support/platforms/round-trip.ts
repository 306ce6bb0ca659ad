import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConnectionRegistry } from '../../../src/config/secrets';
import { platformDescriptor, resolveOrderStatusMap } from '../../../src/connectors/platforms/registry';
import type { PlatformAdapter } from '../../../src/connectors/platforms/types';
import { createPlatformAdapter } from '../../../src/connectors/platforms/registry';
import { entityTypes, type EntityOf, type EntityType } from '../../../src/domain/catalog/entities';
import { platformNames } from '../../../src/domain/catalog/platforms';
import { normaliseMoney } from '../../../src/domain/migration/comparable';
import type { Store } from '../../../src/store/database';
import { IdMapRepository } from '../../../src/store/id-map-repository';
import { MigrationReportRepository } from '../../../src/store/migration-report-repository';
import type { FullMigrationResult } from '../../../src/workflows/migration/full-migration';
import { createTestWorker, uniqueTaskQueue } from '../temporal';
import type { CanonicalStore, RunningPlatform } from './types';

export interface MigrationCheck {
  result: FullMigrationResult;
  /** Every field that did not arrive as the source had it (and the target can carry), "type sourceId field: ...". */
  differences: string[];
  /** The verification report's failures, mismatches, missing entities and extras on the target, per type. */
  reportProblems: string[];
  source: CanonicalStore;
  target: CanonicalStore;
}

/** Runs fullMigration from one running platform to another on a fresh worker. */
export async function runFullMigration(env: TestWorkflowEnvironment, store: Store, source: RunningPlatform, target: RunningPlatform, migrationId: string): Promise<FullMigrationResult> {
  const taskQueue = uniqueTaskQueue(`migrate-${source.platform}-${target.platform}`);
  const worker = await createTestWorker(env, { connections: new ConnectionRegistry({ source: source.connection, target: target.connection }), store }, { taskQueue });
  return worker.runUntil(env.client.workflow.execute('fullMigration', {
    taskQueue, workflowId: migrationId,
    args: [{ source: { connection: 'source' }, target: { connection: 'target' }, pageSize: 5, holdForRetry: '0s' }],
  }));
}

function adapterFor(running: RunningPlatform): PlatformAdapter {
  const { connection, secrets } = new ConnectionRegistry({ store: running.connection }, {}).resolve('store', ...platformNames);
  return createPlatformAdapter(connection, secrets);
}

/** A field the target's descriptor says it cannot carry ("customers.firstName/lastName", "products.variants.stockStatus"). */
function uncarried(target: RunningPlatform): (type: EntityType, field: string) => boolean {
  const fields = platformDescriptor(target.platform).capabilities.cannotCarry.flatMap((u) => u.field.split('/').map((f) => `${u.entityType}.${f.trim()}`));
  return (type, field) => fields.some((f) => `${type}.${field}` === f || `${type}.${field}`.startsWith(`${f}.`) || f.startsWith(`${type}.${field}.`));
}

const money = (m: string | null | undefined): string | null => (m === null || m === undefined ? null : normaliseMoney(m));
const sorted = (values: string[]): string[] => [...values].sort();

/**
 * The fields compared per entity: the canonical model's carried content (ids through the id map). What the
 * target's descriptor lists in cannotCarry is left out, and the expected value is what the target holds of
 * the source's (its adapter's heldAs), so a difference is a field lost or changed on the way.
 */
function carried<T extends EntityType>(type: T, e: EntityOf[T], ids: (type: 'categories' | 'customers', id: string | null) => string | null): Record<string, unknown> {
  switch (type) {
    case 'categories': {
      const c = e as EntityOf['categories'];
      return { name: c.name, handle: c.handle, parentSourceId: ids('categories', c.parentSourceId) };
    }
    case 'products': {
      const p = e as EntityOf['products'];
      return {
        title: p.title, handle: p.handle, status: p.status, vendor: p.vendor, seoTitle: p.seoTitle, seoDescription: p.seoDescription, tags: sorted(p.tags),
        categorySourceIds: sorted(p.categorySourceIds.map((c) => ids('categories', c) ?? `unmapped:${c}`)), 'images.count': p.images.length,
        options: p.options.map((o) => `${o.name}: ${o.values.join(', ')}`),
        'variants.sku': p.variants.map((v) => v.sku), 'variants.price': p.variants.map((v) => money(v.price)), 'variants.compareAtPrice': p.variants.map((v) => money(v.compareAtPrice)),
        'variants.optionValues': p.variants.map((v) => v.optionValues.join('/')), 'variants.inventoryQuantity': p.variants.map((v) => v.inventoryQuantity),
        'variants.stockStatus': p.variants.map((v) => v.stockStatus),
      };
    }
    case 'customers': {
      const c = e as EntityOf['customers'];
      const first = c.addresses[0];
      return {
        email: c.email?.toLowerCase() ?? null, firstName: c.firstName, lastName: c.lastName, phone: c.phone?.replace(/[\s().-]/g, '') ?? null, emailMarketing: c.emailMarketing.state, smsMarketing: c.smsMarketing.state,
        'addresses.count': c.addresses.length, 'addresses.first': first ? [first.address1, first.city, first.zip, first.countryCode].join('|') : null,
      };
    }
    case 'orders': {
      const o = e as EntityOf['orders'];
      return {
        number: o.number.replace(/^#/, ''), currency: o.currency, total: money(o.total), customerSourceId: ids('customers', o.customerSourceId), email: o.email?.toLowerCase() ?? null,
        lineItems: sorted(o.lineItems.map((l) => `${l.sku ?? ''}|${l.name}|${l.quantity}|${money(l.price)}`)),
        tracking: sorted(o.shipments.map((s) => s.trackingNumber).filter((t): t is string => !!t)),
      };
    }
  }
  throw new Error(`unknown entity type ${String(type)}`);
}

/**
 * Migrates `source` into `target` and checks the result entity by entity and field by field: every source
 * entity is on the target once (through the id map), every carried field equal, the order's status the
 * canonical status the pair's map gives, and the verification report clean.
 */
export async function migrateAndCheck(env: TestWorkflowEnvironment, store: Store, source: RunningPlatform, target: RunningPlatform, migrationId: string): Promise<MigrationCheck> {
  const result = await runFullMigration(env, store, source, target, migrationId);
  const report = await new MigrationReportRepository(store).find(migrationId);
  const reportProblems: string[] = [];
  for (const type of entityTypes) {
    const v = report?.entities[type];
    if (!v) { reportProblems.push(`${type}: no verification`); continue; }
    for (const f of v.failures) reportProblems.push(`${type} ${f.sourceId} failed: ${f.error}`);
    for (const m of v.mismatched) reportProblems.push(`${type} ${m.sourceId} mismatched: ${m.fields.join(', ')}`);
    for (const m of v.missingOnTarget) reportProblems.push(`${type} ${m.sourceId} missing on the target`);
    if (v.migrated !== v.sourceCount) reportProblems.push(`${type}: ${v.migrated} of ${v.sourceCount} migrated`);
    if (v.unexpectedOnTarget) reportProblems.push(`${type}: ${v.unexpectedOnTargetReason ?? `${v.unexpectedOnTarget} unexpected on the target`}`);
  }

  const [sourceStore, targetStore] = [await source.readCanonical(), await target.readCanonical()];
  const idMap = new IdMapRepository(store);
  const targetAdapter = adapterFor(target);
  const skip = uncarried(target);
  const statusMap = resolveOrderStatusMap(source.platform, target.platform).map;
  const targetStatuses = platformDescriptor(target.platform).orderStatuses;
  const differences: string[] = [];
  const toTarget: Record<string, Map<string, string>> = {};
  for (const type of entityTypes) {
    const entries = await idMap.list(migrationId, { entityType: type });
    toTarget[type] = new Map(entries.filter((e) => e.targetId).map((e) => [e.sourceId, e.targetId as string]));
  }
  const sourceIds = (type: 'categories' | 'customers', id: string | null) => (id ? toTarget[type]?.get(id) ?? `unmapped:${id}` : null);
  const targetIds = (_type: 'categories' | 'customers', id: string | null) => id;

  for (const type of entityTypes) {
    const onTarget = new Map((targetStore[type] as EntityOf[EntityType][]).map((e) => [e.sourceId, e]));
    const seen = new Set<string>();
    for (const entity of sourceStore[type] as EntityOf[EntityType][]) {
      const targetId = toTarget[type]?.get(entity.sourceId);
      const found = targetId ? onTarget.get(targetId) : undefined;
      if (!targetId || !found) { differences.push(`${type} ${entity.sourceId}: not on the target (id map: ${targetId ?? 'none'})`); continue; }
      if (seen.has(targetId)) differences.push(`${type} ${entity.sourceId}: shares target ${targetId} with another source entity`);
      seen.add(targetId);
      const expected = carried(type, targetAdapter.heldAs?.(type, entity) ?? entity, sourceIds);
      const actual = carried(type, found, targetIds);
      for (const field of Object.keys(expected)) {
        if (skip(type, field)) continue;
        if (JSON.stringify(expected[field]) !== JSON.stringify(actual[field])) {
          differences.push(`${type} ${entity.sourceId} ${field}: expected ${JSON.stringify(expected[field])}, got ${JSON.stringify(actual[field])}`);
        }
      }
      if (type === 'orders') {
        const order = entity as EntityOf['orders'];
        const written = statusMap[order.sourceStatus] ?? order.sourceStatus;
        const want = targetStatuses.toCanonical[written];
        const got = targetStatuses.toCanonical[(found as EntityOf['orders']).sourceStatus];
        if (want !== got) differences.push(`orders ${entity.sourceId} status: "${order.sourceStatus}" maps to "${written}" (${String(want)}), the target reads "${(found as EntityOf['orders']).sourceStatus}" (${String(got)})`);
      }
    }
  }
  return { result, differences, reportProblems, source: sourceStore, target: targetStore };
}
