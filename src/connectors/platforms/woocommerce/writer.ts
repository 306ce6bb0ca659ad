import type { EntityOf, EntityType } from '../../../domain/catalog/entities';
import type { PlannedWrite, WriteContext, WriteItem, WriteResult } from '../types';
import { runBatch } from './batch';
import type { WooClient } from './client';
import { toWooCustomer } from './customers';
import { findExisting } from './find-existing';
import { orderCreateBody, orderUpdateBody } from './orders-write';
import { planWooWrite } from './plan-write';
import { routes } from './routes';
import type { StoreSettings } from './store-settings';
import { writeCategories } from './write-categories';
import { writeProducts } from './write-products';
import { prepare, upsertThroughBatch } from './write-support';

/** Writes through WooCommerce's batch endpoints, at most 100 objects a call; a bad item fails alone. */
export class WooWriter {
  constructor(private readonly client: WooClient, private readonly settings: StoreSettings) {}

  async upsertBatch<T extends EntityType>(type: T, items: WriteItem<T>[], context: WriteContext): Promise<WriteResult[]> {
    if (items.length === 0) return [];
    switch (type) {
      case 'categories': return writeCategories(this.client, items as WriteItem<'categories'>[], context);
      case 'products': return writeProducts(this.client, this.settings, items as WriteItem<'products'>[], context);
      case 'customers': {
        const prepared = prepare(items as WriteItem<'customers'>[], (c) => toWooCustomer(c));
        return upsertThroughBatch(this.client, 'customers', prepared, ['registration-error-email-exists'], (c) => findExisting(this.client, 'customers', c));
      }
      case 'orders': {
        // Items and totals are written when the order is created; an update changes status, addresses, note and meta.
        const prepared = prepare(items as WriteItem<'orders'>[], (o, item) => (item.targetId ? orderUpdateBody(o, context) : orderCreateBody(o, context)));
        return upsertThroughBatch(this.client, 'orders', prepared, [], async () => null);
      }
    }
    return [];
  }

  planWrite<T extends EntityType>(type: T, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite> {
    return planWooWrite(this.client, this.settings, type, item, context);
  }

  findExisting<T extends EntityType>(type: T, entity: EntityOf[T]) {
    return findExisting(this.client, type, entity);
  }

  /** Deletes for good (batch deletes are forced); an id already gone counts as deleted. */
  async delete(type: EntityType, targetIds: string[]): Promise<{ deleted: string[]; failed: { targetId: string; error: string }[] }> {
    const numeric = targetIds.filter((id) => /^\d+$/.test(id));
    const failed = targetIds.filter((id) => !/^\d+$/.test(id)).map((targetId) => ({ targetId, error: 'not a WooCommerce id' }));
    const outcomes = await runBatch<{ id: number }>(this.client, routes[type], { delete: numeric.map(Number) });
    const deleted: string[] = [];
    for (const [n, targetId] of numeric.entries()) {
      const outcome = outcomes.delete[n];
      if (outcome?.ok || outcome?.status === 404 || outcome?.status === 410) deleted.push(targetId);
      else failed.push({ targetId, error: outcome?.error ?? 'no answer' });
    }
    return { deleted, failed };
  }
}
