import { describe, expect, it } from '@jest/globals';
import { defaultOrderStatusMap } from '../../../src/connectors/platforms/registry';
import type { PlatformAdapter, References, WriteContext } from '../../../src/connectors/platforms/types';
import { type EntityOf, type EntityType, entityTypes } from '../../../src/domain/catalog/entities';
import { comparableFields } from '../../../src/domain/migration/comparable';
import { startBigCommerceStore } from '../../support/platforms/bigcommerce';

function context(references: References): WriteContext {
  return { references, orderStatusMap: defaultOrderStatusMap('bigcommerce', 'bigcommerce') };
}

/** Writes entities as new and keeps their target ids, as the id map would. */
async function copy<T extends EntityType>(target: PlatformAdapter, type: T, entities: EntityOf[T][], references: References): Promise<void> {
  for (let i = 0; i < entities.length; i += 5) {
    const results = await target.upsertBatch(type, entities.slice(i, i + 5).map((entity) => ({ entity, targetId: null })), context(references));
    for (const r of results) {
      if (!r.ok) throw new Error(`${type} ${r.sourceId}: ${r.error}`);
      if (type !== 'orders') references[type as 'categories' | 'products' | 'customers'][r.sourceId] = r.targetId;
      Object.assign(references.variants, r.childIds ?? {});
    }
  }
}

describe('BigCommerce adapter against the simulator', () => {
  it('reads a seeded store whole: counts, every record, nothing rejected', async () => {
    const store = await startBigCommerceStore({ seed: { seed: 11, categories: 4, products: 10, customers: 6, orders: 12 } });
    try {
      for (const type of entityTypes) {
        expect(await store.adapter.count(type)).toBe(store.counts()[type]);
        // Small pages so v3's meta.pagination and v2's 204 past the last page both decide the next cursor.
        const items: EntityOf[EntityType][] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<PlatformAdapter['listPage']>> = await store.adapter.listPage(type, cursor, 4);
          expect(page.rejected).toEqual([]);
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        expect(items).toHaveLength(store.counts()[type]);
      }
      const orders = await store.readAll('orders');
      expect(orders.some((o) => o.shipments.length > 0 && o.fulfillmentStatus === 'fulfilled')).toBe(true);
      expect(orders.every((o) => o.lineItems.length > 0 && o.billingAddress?.countryCode === 'AR')).toBe(true);
      const products = await store.readAll('products');
      expect(products.some((p) => p.options.length > 0 && p.variants.length > 1)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('copies a store to an empty one: every entity reads back the same, as BigCommerce holds it', async () => {
    const source = await startBigCommerceStore({ seed: { seed: 4, categories: 4, products: 10, customers: 6, orders: 12 } });
    const target = await startBigCommerceStore({ storeHash: 'target1' });
    try {
      const references: References = { categories: {}, products: {}, variants: {}, customers: {} };
      for (const type of entityTypes) {
        const items = await source.readAll(type);
        await copy(target.adapter, type, items, references);
        const back = await target.readAll(type);
        expect(back).toHaveLength(items.length);
        const held = (e: EntityOf[EntityType]) => comparableFields(type, target.adapter.heldAs ? target.adapter.heldAs(type, e) : e);
        expect(back.map((e) => comparableFields(type, e))).toEqual(items.map(held));
      }
      expect(target.counts()).toEqual(source.counts());
      // Written again without target ids (an id map that missed the first write): found by natural key, no duplicate.
      const products = await source.readAll('products');
      for (const product of products.slice(0, 3)) expect(await target.adapter.findExisting('products', product)).not.toBeNull();
      const orders = await source.readAll('orders');
      const again = await target.adapter.upsertBatch('orders', orders.slice(0, 2).map((entity) => ({ entity, targetId: null })), context(references));
      expect(again.map((r) => r.ok && r.created)).toEqual([false, false]);
      expect(target.counts().orders).toBe(source.counts().orders);
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('updates what is already there (smart update): prices and stock of variants, a customer\'s addresses, an order\'s status and a new tracking number', async () => {
    const store = await startBigCommerceStore({ seed: { seed: 6, categories: 2, products: 6, customers: 3, orders: 6 } });
    try {
      const none: References = { categories: {}, products: {}, variants: {}, customers: {} };
      const products = await store.readAll('products');
      const multi = products.find((p) => p.variants.length > 1)!;
      const changed = { ...multi, variants: multi.variants.map((v, i) => (i === 0 ? { ...v, price: '12.34', compareAtPrice: '20', inventoryQuantity: v.inventoryQuantity === null ? null : 7 } : v)) };
      const references: References = { ...none, categories: Object.fromEntries(multi.categorySourceIds.map((c) => [c, c])) };
      const [written] = await store.adapter.upsertBatch('products', [{ entity: changed, targetId: multi.sourceId }], context(references));
      expect(written).toMatchObject({ ok: true, created: false, childIds: Object.fromEntries(multi.variants.map((v) => [v.sourceId, v.sourceId])) });
      const back = await store.adapter.get('products', multi.sourceId);
      expect(back?.variants[0]).toMatchObject({ price: '12.34', compareAtPrice: '20' });

      const [customer] = await store.readAll('customers');
      const moved = { ...customer!, addresses: [{ firstName: 'Ana', lastName: 'Paz', company: null, address1: 'Rivadavia 1', address2: null, city: 'Rosario', province: 'Santa Fe', countryCode: 'AR', zip: 'S2000', phone: null }] };
      expect((await store.adapter.upsertBatch('customers', [{ entity: moved, targetId: customer!.sourceId }], context(none)))[0]?.ok).toBe(true);
      expect((await store.adapter.get('customers', customer!.sourceId))?.addresses.map((a) => a.city)).toEqual(['Rosario']);

      const orders = await store.readAll('orders');
      const open = orders.find((o) => o.shipments.length === 0 && o.lineItems.length > 0)!;
      const shipped = { ...open, sourceStatus: 'completed', shipments: [{ carrier: 'ups', trackingNumber: '1ZNEW0001', trackingUrl: null, shippedAt: null }] };
      const [order] = await store.adapter.upsertBatch('orders', [{ entity: shipped, targetId: open.sourceId }], context(none));
      expect(order).toMatchObject({ ok: true, created: false });
      const after = await store.adapter.get('orders', open.sourceId);
      // Shipping every item moves a BigCommerce order to Shipped: the mapped status is written again after it.
      expect(after).toMatchObject({ sourceStatus: 'completed', fulfillmentStatus: 'fulfilled' });
      expect(after?.shipments.map((s) => s.trackingNumber)).toEqual(['1ZNEW0001']);
    } finally {
      await store.close();
    }
  });

  it('an order created whose shipments then fail is reported with the id it was created under (the retry updates it)', async () => {
    const store = await startBigCommerceStore({ seed: { seed: 6, categories: 2, products: 6, customers: 3, orders: 6 } });
    try {
      const orders = await store.readAll('orders');
      const tracked = orders.find((o) => o.shipments.some((s) => s.trackingNumber) && o.lineItems.length > 0)!;
      // Written as new into the same store (its ids are their own references); reading its shipments fails past the in-call retries.
      const same: References = {
        categories: {}, customers: Object.fromEntries(tracked.customerSourceId ? [[tracked.customerSourceId, tracked.customerSourceId]] : []),
        products: Object.fromEntries(tracked.lineItems.flatMap((l) => (l.productSourceId ? [[l.productSourceId, l.productSourceId]] : []))),
        variants: Object.fromEntries(tracked.lineItems.flatMap((l) => (l.variantSourceId ? [[l.variantSourceId, l.variantSourceId]] : []))),
      };
      store.sim.faults.failNext('503', 4, /^\/v2\/orders\/\d+\/shipments$/);
      const [result] = await store.adapter.upsertBatch('orders', [{ entity: { ...tracked, sourceId: 'copy' }, targetId: null, knownAbsent: true }], context(same));
      expect(result).toMatchObject({ ok: false, retryable: true, created: true, targetId: expect.stringMatching(/^\d+$/) });
      expect(store.counts().orders).toBe(orders.length + 1);
      // The retry with that id updates the order and ships it; nothing is created.
      const [retried] = await store.adapter.upsertBatch('orders', [{ entity: { ...tracked, sourceId: 'copy' }, targetId: result!.ok ? null : result!.targetId ?? null }], context(same));
      expect(retried).toMatchObject({ ok: true, created: false, targetId: result!.ok ? '' : result!.targetId });
      expect(store.counts().orders).toBe(orders.length + 1);
    } finally {
      await store.close();
    }
  });

  it('plans the calls a write would make without making one (the migration preview)', async () => {
    const source = await startBigCommerceStore({ seed: { seed: 4, categories: 2, products: 4, customers: 2, orders: 3 } });
    const target = await startBigCommerceStore({ storeHash: 'planned' });
    try {
      const none: References = { categories: {}, products: {}, variants: {}, customers: {} };
      const [product] = await source.readAll('products');
      const [order] = await source.readAll('orders');
      const [customer] = await source.readAll('customers');
      const planned = await target.adapter.planWrite!('products', { entity: product!, targetId: null }, context(none));
      expect(planned).toMatchObject({ ok: true, calls: [{ call: 'POST /v3/catalog/products', body: { name: product!.title, custom_url: { url: `/${product!.handle}/` } } }] });
      expect(await target.adapter.planWrite!('orders', { entity: order!, targetId: null }, context(none))).toMatchObject({ ok: true, calls: [{ call: 'POST /v2/orders', body: { external_order_id: order!.number } }] });
      expect(await target.adapter.planWrite!('customers', { entity: { ...customer!, lastName: null }, targetId: null }, context(none))).toEqual({ ok: false, reason: expect.stringContaining('first and last name') });
      expect(target.sim.state.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(target.counts()).toEqual({ categories: 0, products: 0, customers: 0, orders: 0 });
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('reads changes by date_modified:min and min_date_modified', async () => {
    let now = new Date('2026-01-01T10:00:00Z');
    const store = await startBigCommerceStore({ seed: { seed: 2, categories: 2, products: 4, customers: 3, orders: 3 }, now: () => now });
    try {
      now = new Date('2026-01-02T10:00:00Z');
      const [customer] = await store.readAll('customers');
      const written = await store.adapter.upsertBatch('customers', [{ entity: { ...customer!, note: 'changed' }, targetId: customer!.sourceId }], context({ categories: {}, products: {}, variants: {}, customers: {} }));
      expect(written[0]?.ok).toBe(true);
      const changed = await store.adapter.listChangedSince('customers', '2026-01-02T09:00:00Z', null, 50);
      expect(changed.items.map((c) => c.sourceId)).toEqual([customer!.sourceId]);
      expect((await store.adapter.listChangedSince('orders', '2026-01-02T09:00:00Z', null, 50)).items).toEqual([]);
      expect((await store.adapter.listChangedSince('products', '2025-12-31T00:00:00Z', null, 50)).items).toHaveLength(4);
    } finally {
      await store.close();
    }
  });

  it('waits out a spent quota (X-Rate-Limit-Time-Reset-Ms) and retries an injected 429 and 503', async () => {
    const store = await startBigCommerceStore({ seed: { seed: 1, categories: 1, products: 6, customers: 0, orders: 0 }, rateLimit: { quota: 3, windowMs: 400 } });
    try {
      store.sim.faults.failNext('429', 1);
      store.sim.faults.failNext('503', 1);
      const items: EntityOf['products'][] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<PlatformAdapter['listPage']>> = await store.adapter.listPage('products', cursor, 1);
        items.push(...(page.items as EntityOf['products'][]));
        cursor = page.nextCursor;
      } while (cursor);
      expect(items).toHaveLength(6);
    } finally {
      await store.close();
    }
  });

  it('lists the store\'s webhooks and deletes one (a delete repeated is not-found, not an error)', async () => {
    const store = await startBigCommerceStore();
    try {
      const created = await fetch(`${store.sim.url}/stores/${store.sim.storeHash}/v3/hooks`, {
        method: 'POST', headers: { 'X-Auth-Token': store.sim.accessToken, Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ scope: 'store/order/statusUpdated', destination: 'https://cutover.example/webhooks/bigcommerce/shop', is_active: true }),
      });
      expect(created.status).toBe(200);
      const hooks = await store.adapter.listWebhooks();
      expect(hooks).toEqual([{ id: expect.any(String), topic: 'store/order/statusUpdated', address: 'https://cutover.example/webhooks/bigcommerce/shop', status: 'active' }]);
      expect(await store.adapter.deleteWebhook(hooks[0]!.id)).toBe('deleted');
      expect(await store.adapter.deleteWebhook(hooks[0]!.id)).toBe('not-found');
      expect(await store.adapter.listWebhooks()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses bad credentials permanently', async () => {
    const store = await startBigCommerceStore({ accessToken: 'right-token' });
    try {
      const { createBigCommerceAdapter } = await import('../../../src/connectors/platforms/bigcommerce');
      const wrong = createBigCommerceAdapter({ storeHash: store.sim.storeHash, endpoint: store.sim.url }, { accessToken: 'wrong' });
      await expect(wrong.probe()).rejects.toMatchObject({ retryable: false, status: 401 });
      expect(await store.adapter.probe()).toMatch(/quota/);
    } finally {
      await store.close();
    }
  });
});
