import { entitySchemas } from '../../../src/domain/catalog/entities';
import { type Harness, readAll, startHarness } from './harness';

describe('WooCommerce adapter reading a seeded store', () => {
  let h: Harness;
  let clock = new Date('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    h = await startHarness({ seed: { seed: 7, categories: 6, products: 25, customers: 12, orders: 40 }, now: () => clock });
  });
  afterAll(() => h.sim.close());

  it('pages with the page number as cursor and counts from X-WP-Total', async () => {
    const count = await h.adapter.count('products');
    expect(count).toBe(h.sim.state.list('products').length);
    const first = await h.adapter.listPage('products', null, 10);
    expect(first.nextCursor).toBe('2');
    const { items, rejected } = await readAll(h.adapter, 'products', 10);
    expect(items.length + rejected).toBe(count);
    expect(new Set(items.map((p) => p.sourceId)).size).toBe(items.length);
    expect(h.sim.state.requestCount({ method: 'GET', path: '/products' })).toBeGreaterThanOrEqual(4);
    expect(await h.adapter.count('orders')).toBe(40);
    expect(await h.adapter.count('customers')).toBe(12);
    expect(await h.adapter.count('categories')).toBe(6);
  });

  it('reads seeded variable products, guest orders, tracking and lines of deleted products as valid canonical records', async () => {
    const products = await readAll(h.adapter, 'products');
    expect(products.items.some((p) => p.variants.length >= 2 && p.options.length === 1)).toBe(true);
    const { items: orders, rejected } = await readAll(h.adapter, 'orders', 15);
    expect(rejected).toBe(0);
    for (const order of orders) expect(entitySchemas.orders.safeParse(order).error).toBeUndefined();
    expect(orders.some((o) => o.customerSourceId === null)).toBe(true);
    expect(orders.some((o) => o.shipments[0]?.trackingNumber?.startsWith('TRK'))).toBe(true);
    expect(orders.some((o) => o.lineItems.some((l) => l.productSourceId === null && l.sku === null))).toBe(true);
    const customers = await readAll(h.adapter, 'customers');
    for (const customer of customers.items) expect(entitySchemas.customers.safeParse(customer).error).toBeUndefined();
  });

  it('rejects a malformed order with its reason instead of throwing or dropping it', async () => {
    const id = h.sim.plantMalformedOrder('N/A');
    const { items, rejected } = await readAll(h.adapter, 'orders', 100);
    expect(items.some((o) => o.sourceId === String(id))).toBe(false);
    const page = await h.adapter.listPage('orders', null, 100);
    expect(page.rejected).toEqual([{ entityType: 'orders', sourceId: String(id), reason: 'total "N/A" is not a decimal amount' }]);
    expect(rejected).toBe(1);
    h.sim.state.collections.orders.delete(id);
  });

  it('lists what changed since a time with modified_after, and gets one entity by id', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const [product] = h.sim.state.list('products');
    const [order] = h.sim.state.list('orders');
    const written = await h.adapter.upsertBatch('orders', [{ entity: (await h.adapter.get('orders', String(order?.id)))!, targetId: String(order?.id) }], {
      references: { categories: {}, products: {}, variants: {}, customers: {} }, orderStatusMap: { [order?.status ?? 'pending']: 'completed' },
    });
    expect(written[0]?.ok).toBe(true);
    h.sim.state.patch('products', product!.id, { date_modified_gmt: '2026-03-02T12:00:00' });
    const changedProducts = await h.adapter.listChangedSince('products', '2026-03-02T12:00:00Z', null, 50);
    expect(changedProducts.items.map((p) => p.sourceId)).toEqual([String(product?.id)]);
    const changedOrders = await h.adapter.listChangedSince('orders', '2026-03-02T00:00:00Z', null, 50);
    expect(changedOrders.items.map((o) => [o.sourceId, o.sourceStatus])).toEqual([[String(order?.id), 'completed']]);
    expect(h.sim.state.requestCount({ path: '/orders' })).toBeGreaterThan(0);
    expect(await h.adapter.get('products', '999999')).toBeNull();
    expect((await h.adapter.get('products', String(product?.id)))?.sourceId).toBe(String(product?.id));
  });
});
