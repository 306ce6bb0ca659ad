import type { ShopifyAdapter } from '../../../src/connectors/platforms/shopify/adapter';
import type { ShopifySimulator } from '../../../src/sandbox/shopify';
import { category, context, customer, order, product, simulatorWithAdapter } from './support';

describe('Shopify adapter writes are idempotent', () => {
  let sim: ShopifySimulator;
  let adapter: ShopifyAdapter;
  beforeAll(async () => { ({ sim, adapter } = await simulatorWithAdapter()); });
  afterAll(async () => { await sim?.close(); });

  it('writing the same entity twice without an id map leaves one entity, found by its natural key', async () => {
    for (const [type, entity] of [['categories', category()], ['products', product()], ['customers', customer()], ['orders', order()]] as const) {
      const first = await adapter.upsertBatch(type, [{ entity, targetId: null }], context());
      const second = await adapter.upsertBatch(type, [{ entity, targetId: null }], context());
      expect(first[0]).toMatchObject({ ok: true, created: true });
      expect(second[0]).toMatchObject({ ok: true, created: false });
      const firstId = first[0]?.ok ? first[0].targetId : null;
      expect(second[0]?.ok && second[0].targetId).toBe(firstId);
      expect(await adapter.findExisting(type, entity)).toMatchObject({ targetId: firstId });
    }
    expect(sim.state.counts()).toMatchObject({ collections: 1, products: 1, customers: 1, orders: 1, variants: 2 });
  });

  it('updates in place by target id and keeps variant ids', async () => {
    const found = await adapter.findExisting('products', product());
    if (!found) throw new Error('product not found');
    const [updated] = await adapter.upsertBatch('products', [{ entity: product({ title: 'Calabaza renovada', tags: ['nuevo'] }), targetId: found.targetId }], context());
    expect(updated).toMatchObject({ ok: true, created: false, targetId: found.targetId, childIds: found.childIds });
    expect(await adapter.get('products', found.targetId)).toMatchObject({ title: 'Calabaza renovada', tags: ['nuevo'] });
    expect(sim.state.counts().variants).toBe(2);
  });

  it('finds a product by SKU when its handle changed, and a customer by email', async () => {
    expect(await adapter.findExisting('products', product({ handle: 'otro-handle' }))).not.toBeNull();
    expect(await adapter.findExisting('customers', customer({ email: 'ZOE@example.com' }))).not.toBeNull();
    expect(await adapter.findExisting('customers', customer({ email: 'nadie@example.com', phone: null }))).toBeNull();
  });

  it('deletes, and reports what could not be deleted', async () => {
    const ids = {
      order: (await adapter.findExisting('orders', order()))?.targetId ?? '',
      product: (await adapter.findExisting('products', product()))?.targetId ?? '',
      category: (await adapter.findExisting('categories', category()))?.targetId ?? '',
    };
    expect(await adapter.delete('orders', [ids.order])).toEqual({ deleted: [ids.order], failed: [] });
    expect(await adapter.delete('products', [ids.product, 'gid://shopify/Product/1'])).toEqual({
      deleted: [ids.product], failed: [{ targetId: 'gid://shopify/Product/1', error: expect.stringContaining('does not exist') }],
    });
    expect(await adapter.delete('categories', [ids.category])).toMatchObject({ deleted: [ids.category] });
    expect(await adapter.get('products', ids.product)).toBeNull();
    expect(sim.state.counts()).toMatchObject({ products: 0, collections: 0, orders: 0, variants: 0 });
  });

  it('refuses to delete a customer who has orders, as Shopify does', async () => {
    const customerId = (await adapter.findExisting('customers', customer()))?.targetId ?? '';
    await adapter.upsertBatch('orders', [{ entity: order({ sourceId: 'o9', number: '9009', customerSourceId: 'u1' }), targetId: null }], context({ customers: { u1: customerId } }));
    const result = await adapter.delete('customers', [customerId]);
    expect(result.failed).toEqual([{ targetId: customerId, error: expect.stringContaining('orders') }]);
  });
});
