import type { EntityOf, EntityType } from '../../src/domain/catalog/entities';
import type { Platform } from '../../src/domain/catalog/platforms';
import { PlatformError } from '../../src/connectors/platforms/errors';
import type { Page, PlatformAdapter, PlatformWebhook, WriteContext, WriteItem, WriteResult } from '../../src/connectors/platforms/types';
import { sampleStore } from './canonical-fixtures';

type Stored = { [T in EntityType]: Map<string, EntityOf[T]> };

/**
 * An in-memory store behind the platform adapter contract, for testing workflow logic quickly (the
 * adapters themselves are tested against the protocol-level simulators). Ids are the entities' own.
 */
export class MemoryPlatform implements PlatformAdapter {
  readonly data: Stored = { categories: new Map(), products: new Map(), customers: new Map(), orders: new Map() };
  writes = 0;
  /** Source ids that fail permanently on write (a record the target refuses). */
  readonly refuse = new Set<string>();
  /** Fails this many of the next write batches transiently. */
  transientFailures = 0;
  /** The store's webhook subscriptions, by id. */
  readonly webhooks = new Map<string, PlatformWebhook>();
  private nextId = 1;

  constructor(readonly platform: Platform) {}

  async probe(): Promise<string> { return `${this.platform} (memory)`; }
  async count(type: EntityType): Promise<number> { return this.data[type].size; }

  async listPage<T extends EntityType>(type: T, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    const all = [...(this.data[type] as Map<string, EntityOf[T]>).values()];
    const start = cursor ? Number(cursor) : 0;
    const items = all.slice(start, start + pageSize);
    return { items, rejected: [], nextCursor: start + pageSize < all.length ? String(start + pageSize) : null };
  }

  async listChangedSince<T extends EntityType>(type: T, since: string, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    const all = [...(this.data[type] as Map<string, EntityOf[T]>).values()].filter((e) => ((e as { updatedAt?: string | null }).updatedAt ?? '') >= since);
    const start = cursor ? Number(cursor) : 0;
    return { items: all.slice(start, start + pageSize), rejected: [], nextCursor: start + pageSize < all.length ? String(start + pageSize) : null };
  }

  async get<T extends EntityType>(type: T, id: string): Promise<EntityOf[T] | null> {
    return (this.data[type] as Map<string, EntityOf[T]>).get(id) ?? null;
  }

  async upsertBatch<T extends EntityType>(type: T, items: WriteItem<T>[], context?: WriteContext): Promise<WriteResult[]> {
    if (this.transientFailures > 0) {
      this.transientFailures -= 1;
      throw new PlatformError('injected 503', true, 503);
    }
    return items.map(({ entity, targetId }) => {
      if (this.refuse.has(entity.sourceId)) return { sourceId: entity.sourceId, ok: false, error: 'refused by target: invalid data', retryable: false };
      this.writes += 1;
      const id = targetId ?? `m${this.nextId++}`;
      // Like a real platform, the target keeps an order's status in its own words.
      const status = type === 'orders' ? { sourceStatus: context?.orderStatusMap[(entity as EntityOf['orders']).sourceStatus] ?? (entity as EntityOf['orders']).sourceStatus } : {};
      (this.data[type] as Map<string, EntityOf[T]>).set(id, { ...entity, ...status, sourceId: id });
      return { sourceId: entity.sourceId, ok: true, targetId: id, created: targetId === null };
    });
  }

  async findExisting<T extends EntityType>(type: T, entity: EntityOf[T]): Promise<{ targetId: string } | null> {
    const key = (e: EntityOf[EntityType]): string => ('number' in e ? `#${e.number}` : 'handle' in e ? e.handle : `@${String(e.email)}`);
    for (const [id, existing] of this.data[type] as Map<string, EntityOf[T]>) if (key(existing) === key(entity)) return { targetId: id };
    return null;
  }

  async listWebhooks(): Promise<PlatformWebhook[]> { return [...this.webhooks.values()]; }

  async deleteWebhook(id: string): Promise<'deleted' | 'not-found'> {
    return this.webhooks.delete(id) ? 'deleted' : 'not-found';
  }

  async delete(type: EntityType, targetIds: string[]) {
    for (const id of targetIds) this.data[type].delete(id);
    return { deleted: targetIds, failed: [] };
  }
}

/** A WooCommerce store in memory holding the canonical sample store: the usual source of migration tests. */
export function seededWooCommerce(): MemoryPlatform {
  const source = new MemoryPlatform('woocommerce');
  const store = sampleStore();
  for (const c of store.categories) source.data.categories.set(c.sourceId, c);
  for (const p of store.products) source.data.products.set(p.sourceId, p);
  for (const c of store.customers) source.data.customers.set(c.sourceId, c);
  for (const o of store.orders) source.data.orders.set(o.sourceId, o);
  return source;
}
