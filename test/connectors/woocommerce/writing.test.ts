import { sampleStore } from '../../support/canonical-fixtures';
import { type Harness, context, emptyReferences, startHarness, writeAll } from './harness';

describe('WooCommerce adapter writing: idempotency, natural keys, delete', () => {
  let h: Harness;
  const store = sampleStore({ categories: 2, products: 3, customers: 3, orders: 3 });
  const references = emptyReferences();

  beforeAll(async () => {
    h = await startHarness();
    await writeAll(h.adapter, 'categories', store.categories, references);
  });
  afterAll(() => h.sim.close());

  it('updates instead of duplicating when written again, with or without the target id', async () => {
    const first = await writeAll(h.adapter, 'products', store.products, references);
    expect(first.every((r) => r.ok && r.created)).toBe(true);
    const again = await h.adapter.upsertBatch('products', store.products.map((entity, i) => ({ entity, targetId: (first[i] as { targetId: string }).targetId })), context(references));
    expect(again.map((r) => r.ok && !r.created && r.targetId)).toEqual(first.map((r) => r.ok && r.targetId));
    // Without the id map's target id, the duplicate SKU is caught and the existing product updated.
    const blind = await h.adapter.upsertBatch('products', store.products.map((entity) => ({ entity, targetId: null })), context(references));
    expect(blind.map((r) => r.ok && r.targetId)).toEqual(first.map((r) => r.ok && r.targetId));
    expect(h.sim.state.count('products')).toBe(store.products.length);
    expect(h.sim.state.count('variations')).toBe(store.products.length * 2);
    expect(h.sim.state.requestCount({ method: 'POST', path: '/products/batch' })).toBe(3);

    const customers = await writeAll(h.adapter, 'customers', store.customers, references);
    const blindCustomers = await h.adapter.upsertBatch('customers', store.customers.map((entity) => ({ entity, targetId: null })), context(references));
    expect(blindCustomers.map((r) => r.ok && !r.created && r.targetId)).toEqual(customers.map((r) => r.ok && r.targetId));
    expect(h.sim.state.count('customers')).toBe(store.customers.length);
  });

  it('finds what is already on the target by natural key', async () => {
    const category = await h.adapter.findExisting('categories', store.categories[1]!);
    expect(category?.targetId).toBe(references.categories[store.categories[1]!.sourceId]);
    const product = await h.adapter.findExisting('products', store.products[0]!);
    expect(product?.targetId).toBe(references.products[store.products[0]!.sourceId]);
    expect(product?.childIds).toEqual(Object.fromEntries(store.products[0]!.variants.map((v) => [v.sourceId, references.variants[v.sourceId]])));
    // A simple product is found by SKU too (variations are not searchable by SKU on the products route).
    const simple = { ...store.products[1]!, sourceId: 'simple', handle: 'simple-one', options: [], variants: [{ ...store.products[1]!.variants[0]!, sku: 'SIMPLE-1', optionValues: [] }] };
    const [created] = await h.adapter.upsertBatch('products', [{ entity: simple, targetId: null }], context(references));
    const bySku = await h.adapter.findExisting('products', { ...simple, handle: 'renamed-on-target' });
    expect(bySku).toEqual({ targetId: created?.ok && created.targetId, childIds: { [simple.variants[0]!.sourceId]: created?.ok && created.targetId } });
    expect((await h.adapter.findExisting('customers', store.customers[2]!))?.targetId).toBe(references.customers[store.customers[2]!.sourceId]);

    const [written] = await writeAll(h.adapter, 'orders', [store.orders[1]!], references);
    expect(written?.ok).toBe(true);
    expect((await h.adapter.findExisting('orders', store.orders[1]!))?.targetId).toBe(written?.ok && written.targetId);
    expect(await h.adapter.findExisting('orders', { ...store.orders[1]!, number: '999999' })).toBeNull();
    expect(await h.adapter.findExisting('customers', { ...store.customers[0]!, email: 'nobody@example.com' })).toBeNull();
  });

  it('a variable product created whose variations then fail is reported with its id, and the retry with it creates nothing', async () => {
    const base = store.products[0]!;
    const product = { ...base, sourceId: 'created-then-failed', handle: 'created-then-failed', variants: base.variants.map((v, i) => ({ ...v, sourceId: `ctf-${i}`, sku: `CTF-${i}` })) };
    const before = h.sim.state.count('products');
    h.sim.faults.failNext('503', 1, /^\/products\/\d+\/variations\/batch$/);
    const [failed] = await h.adapter.upsertBatch('products', [{ entity: product, targetId: null }], context(references));
    expect(failed).toMatchObject({ ok: false, retryable: true, created: true, targetId: expect.stringMatching(/^\d+$/) });
    const [retried] = await h.adapter.upsertBatch('products', [{ entity: product, targetId: failed!.ok ? null : failed!.targetId ?? null }], context(references));
    expect(retried).toMatchObject({ ok: true, created: false, targetId: failed!.ok ? '' : failed!.targetId });
    expect(h.sim.state.count('products')).toBe(before + 1);
    // The tests below count the store's products: this one goes again.
    expect((await h.adapter.delete('products', [retried!.ok ? retried!.targetId : ''])).failed).toEqual([]);
  });

  it('reports a bad item alone as a permanent failure', async () => {
    const [good, bad] = await h.adapter.upsertBatch('customers', [
      { entity: { ...store.customers[0]!, sourceId: 'new', email: 'new-shopper@example.com' }, targetId: null },
      { entity: { ...store.customers[1]!, sourceId: 'no-email', email: null }, targetId: null },
    ], context(references));
    expect(good).toMatchObject({ ok: true, created: true });
    expect(bad).toMatchObject({ sourceId: 'no-email', ok: false, retryable: false });
    const [order] = await h.adapter.upsertBatch('orders', [{ entity: { ...store.orders[0]!, sourceStatus: 'teleported' }, targetId: null }], context(references));
    expect(order).toMatchObject({ ok: false, retryable: false });
  });

  it('deletes by target id, and an id already gone counts as deleted', async () => {
    const ids = Object.values(references.customers);
    const result = await h.adapter.delete('customers', [...ids, '987654']);
    expect(result.failed).toEqual([]);
    expect(result.deleted).toEqual([...ids, '987654']);
    expect(h.sim.state.list('customers').map((c) => c.email)).toEqual(['new-shopper@example.com']);
    const products = await h.adapter.delete('products', Object.values(references.products));
    expect(products.deleted).toHaveLength(store.products.length);
    expect(h.sim.state.count('products')).toBe(1);
    expect(h.sim.state.count('variations')).toBe(0);
  });
});
