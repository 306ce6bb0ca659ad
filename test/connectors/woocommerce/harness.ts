import type { EntityOf, EntityType } from '../../../src/domain/catalog/entities';
import { defaultOrderStatusMap } from '../../../src/connectors/platforms/registry';
import { createWooCommerceAdapter } from '../../../src/connectors/platforms/woocommerce';
import type { PlatformAdapter, References, WriteContext, WriteResult } from '../../../src/connectors/platforms/types';
import { type WooCommerceSimulator, type WooCommerceSimulatorOptions, startWooCommerceSimulator } from '../../../src/sandbox/woocommerce';

export interface Harness {
  sim: WooCommerceSimulator;
  adapter: PlatformAdapter;
}

export async function startHarness(options: WooCommerceSimulatorOptions = {}, timeoutMs = 5000): Promise<Harness> {
  const sim = await startWooCommerceSimulator(options);
  const adapter = createWooCommerceAdapter(
    { kind: 'woocommerce', url: sim.url, consumerKey: 'env-ck', consumerSecret: 'env-cs' },
    { consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret },
    { timeoutMs },
  );
  return { sim, adapter };
}

export function emptyReferences(): References {
  return { categories: {}, products: {}, variants: {}, customers: {} };
}

export function context(references: References = emptyReferences()): WriteContext {
  return { references, orderStatusMap: defaultOrderStatusMap('woocommerce', 'woocommerce') };
}

/** Writes entities as new and records their target ids in `references` (as the id map would). */
export async function writeAll<T extends EntityType>(adapter: PlatformAdapter, type: T, entities: EntityOf[T][], references: References): Promise<WriteResult[]> {
  const results = await adapter.upsertBatch(type, entities.map((entity) => ({ entity, targetId: null })), context(references));
  const kind = type === 'categories' ? 'categories' : type === 'products' ? 'products' : type === 'customers' ? 'customers' : null;
  for (const result of results) {
    if (!result.ok) continue;
    if (kind) references[kind][result.sourceId] = result.targetId;
    Object.assign(references.variants, result.childIds ?? {});
  }
  return results;
}

export async function readAll<T extends EntityType>(adapter: PlatformAdapter, type: T, pageSize = 100): Promise<{ items: EntityOf[T][]; rejected: number }> {
  const items: EntityOf[T][] = [];
  let rejected = 0;
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<PlatformAdapter['listPage']>> = await adapter.listPage(type, cursor, pageSize);
    items.push(...(page.items as EntityOf[T][]));
    rejected += page.rejected.length;
    cursor = page.nextCursor;
  } while (cursor);
  return { items, rejected };
}
