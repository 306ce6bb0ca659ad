import { comparableFields } from '../../../src/domain/migration/comparable';
import { entitySchemas } from '../../../src/domain/catalog/entities';
import { sampleStore } from '../../support/canonical-fixtures';
import { type Harness, emptyReferences, readAll, startHarness, writeAll } from './harness';

describe('WooCommerce adapter round trip through the simulator', () => {
  let h: Harness;
  const store = sampleStore();
  const references = emptyReferences();

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.sim.close());

  it('writes and reads back categories as a tree, with unicode names', async () => {
    const results = await writeAll(h.adapter, 'categories', store.categories, references);
    expect(results.every((r) => r.ok)).toBe(true);
    const { items } = await readAll(h.adapter, 'categories');
    for (const source of store.categories) {
      const read = items.find((c) => c.sourceId === references.categories[source.sourceId]);
      expect(read && comparableFields('categories', read)).toEqual(comparableFields('categories', source));
      expect(read?.parentSourceId).toBe(source.parentSourceId ? references.categories[source.parentSourceId] : null);
    }
  });

  it('writes and reads back products with variations, zero prices and stock', async () => {
    const results = await writeAll(h.adapter, 'products', store.products, references);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const { items } = await readAll(h.adapter, 'products', 3);
    expect(items).toHaveLength(store.products.length);
    for (const source of store.products) {
      const read = items.find((p) => p.sourceId === references.products[source.sourceId]);
      expect(read && comparableFields('products', read)).toEqual(comparableFields('products', source));
      expect(read?.options).toEqual(source.options);
      expect(read?.categorySourceIds).toEqual(source.categorySourceIds.map((id) => references.categories[id]));
      expect(entitySchemas.products.safeParse(read).success).toBe(true);
    }
    expect(items.find((p) => p.title.includes('🧉'))?.title).toBe('Mate de calabaza «artesanal» 🧉');
    expect(items.some((p) => p.variants.some((v) => v.price === '0.00'))).toBe(true);
  });

  it('writes and reads back customers with consent in meta and missing optional fields', async () => {
    const results = await writeAll(h.adapter, 'customers', store.customers, references);
    expect(results.every((r) => r.ok)).toBe(true);
    const { items } = await readAll(h.adapter, 'customers');
    for (const source of store.customers) {
      const read = items.find((c) => c.sourceId === references.customers[source.sourceId]);
      expect(read && comparableFields('customers', read)).toEqual(comparableFields('customers', source));
      expect(read?.emailMarketing).toEqual(source.emailMarketing);
    }
    expect(items.find((c) => c.email === 'shopper3@example.com')?.lastName).toBeNull();
  });

  it('reads a customer\'s one address back as one address, though WooCommerce keeps it as billing and shipping', async () => {
    const single = entitySchemas.customers.parse({
      sourceId: 'one-address', email: 'one.address@example.com', phone: '+54 11 4000 0000', firstName: 'Una', lastName: 'Dirección',
      addresses: [{ firstName: 'Una', lastName: 'Dirección', address1: 'Av. Corrientes 1234', city: 'Buenos Aires', countryCode: 'AR', zip: 'C1043' }],
    });
    const [result] = await h.adapter.upsertBatch('customers', [{ entity: single, targetId: null }], { references, orderStatusMap: {} });
    if (!result?.ok) throw new Error(`not written: ${JSON.stringify(result)}`);
    const read = await h.adapter.get('customers', result.targetId);
    expect(read?.addresses).toHaveLength(1);
    expect(read?.addresses[0]).toMatchObject({ address1: 'Av. Corrientes 1234', city: 'Buenos Aires', zip: 'C1043', countryCode: 'AR' });
  });

  it('writes and reads back orders: guests, tracking, totals, and lines of deleted products', async () => {
    const results = await writeAll(h.adapter, 'orders', store.orders, references);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const { items, rejected } = await readAll(h.adapter, 'orders');
    expect(rejected).toBe(0);
    for (const [index, source] of store.orders.entries()) {
      const read = items.find((o) => o.sourceId === (results[index] as { targetId: string }).targetId);
      expect(read && comparableFields('orders', read)).toEqual(comparableFields('orders', source));
      expect(read?.customerSourceId).toBe(source.customerSourceId ? references.customers[source.customerSourceId] : null);
      expect(read?.sourceStatus).toBe(source.sourceStatus);
      expect(entitySchemas.orders.safeParse(read).success).toBe(true);
    }
    const sourceLine = store.orders.at(-1)?.lineItems[0];
    const deletedLine = items.find((o) => o.number === store.orders.at(-1)?.number)?.lineItems[0];
    expect(deletedLine).toMatchObject({ productSourceId: null, sku: sourceLine?.sku, name: sourceLine?.name, price: sourceLine?.price, quantity: sourceLine?.quantity });
    // Lines of products on the target are real line items; only the deleted product's line is a fee line.
    const stored = h.sim.state.list('orders');
    expect(stored.filter((o) => o.fee_lines.some((f) => f.meta_data.some((m) => m.key === '_cutover_line_item')))).toHaveLength(1);
  });
});
