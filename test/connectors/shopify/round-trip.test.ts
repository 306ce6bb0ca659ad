import type { ShopifySimulator } from '../../../src/sandbox/shopify';
import type { ShopifyAdapter } from '../../../src/connectors/platforms/shopify/adapter';
import type { WriteResult } from '../../../src/connectors/platforms/types';
import { category, context, customer, order, product, simulatorWithAdapter } from './support';

function okResult(result: WriteResult | undefined): Extract<WriteResult, { ok: true }> {
  if (!result?.ok) throw new Error(`write failed: ${JSON.stringify(result)}`);
  return result;
}

describe('Shopify adapter round trip through the simulator', () => {
  let sim: ShopifySimulator;
  let adapter: ShopifyAdapter;
  beforeAll(async () => { ({ sim, adapter } = await simulatorWithAdapter()); });
  afterAll(async () => { await sim?.close(); });

  it('probes the shop', async () => {
    expect(await adapter.probe()).toContain(sim.shopDomain);
  });

  it('carries categories, products, customers and orders over and reads them back', async () => {
    const [parent] = await adapter.upsertBatch('categories', [{ entity: category(), targetId: null }], context());
    const parentId = okResult(parent).targetId;
    const [child] = await adapter.upsertBatch('categories', [{ entity: category({ sourceId: 'c2', name: 'Bombillas', handle: 'bombillas', parentSourceId: 'c1', position: 2 }), targetId: null }], context({ categories: { c1: parentId } }));
    const childId = okResult(child).targetId;
    expect(await adapter.get('categories', childId)).toMatchObject({ name: 'Bombillas', handle: 'bombillas', parentSourceId: parentId, position: 2 });

    const [written] = await adapter.upsertBatch('products', [{ entity: product({ categorySourceIds: ['c1', 'c2'] }), targetId: null }], context({ categories: { c1: parentId, c2: childId } }));
    const p = okResult(written);
    expect(p.created).toBe(true);
    expect(Object.keys(p.childIds ?? {})).toEqual(['v1', 'v2']);
    const readProduct = await adapter.get('products', p.targetId);
    const source = product();
    expect(readProduct).toMatchObject({
      title: source.title, handle: source.handle, descriptionHtml: source.descriptionHtml, vendor: 'Tienda Sur', productType: 'Mate',
      tags: ['mate', 'regalo'], status: 'active', seoTitle: 'Calabaza', seoDescription: 'La mejor', options: source.options,
      images: source.images, categorySourceIds: [parentId, childId],
    });
    expect(readProduct?.variants.map(({ sourceId: _id, ...v }) => v)).toEqual(source.variants.map(({ sourceId: _id, ...v }) => v));

    // A product with nothing optional: no options, no vendor, no images, untracked stock, free.
    const [bare] = await adapter.upsertBatch('products', [{ entity: product({ sourceId: 'p2', title: 'Sticker', handle: 'sticker', descriptionHtml: '', vendor: null, productType: null, tags: [], seoTitle: null, seoDescription: null, images: [], options: [], variants: [{ sourceId: 'v3', sku: null, optionValues: [], price: '0', compareAtPrice: null, weight: null, inventoryQuantity: null, stockStatus: 'in_stock' }] }), targetId: null }], context());
    const readBare = await adapter.get('products', okResult(bare).targetId);
    expect(readBare).toMatchObject({ vendor: null, productType: null, options: [], images: [], seoTitle: null });
    expect(readBare?.variants).toEqual([expect.objectContaining({ sku: null, optionValues: [], price: '0.00', inventoryQuantity: null, stockStatus: 'in_stock', weight: null })]);

    const [c] = await adapter.upsertBatch('customers', [{ entity: customer(), targetId: null }], context());
    const customerId = okResult(c).targetId;
    const readCustomer = await adapter.get('customers', customerId);
    const { sourceId: _s, createdAt: _c, updatedAt: _u, ...expected } = customer();
    expect(readCustomer).toMatchObject(expected);
    const [quiet] = await adapter.upsertBatch('customers', [{ entity: customer({ sourceId: 'u2', email: null, phone: null, firstName: 'Solo', lastName: null, addresses: [], tags: [], note: null, emailMarketing: { state: 'not_subscribed', changedAt: null }, smsMarketing: { state: 'not_subscribed', changedAt: null } }), targetId: null }], context());
    expect(await adapter.get('customers', okResult(quiet).targetId)).toMatchObject({ email: null, firstName: 'Solo', emailMarketing: { state: 'not_subscribed' } });

    // A customer's order pointing at a migrated variant, with a line for a product deleted on the source,
    // shipping, tax, a discount code, tracking and the source's status history.
    const full = order({
      sourceId: 'o2', number: '5002', customerSourceId: 'u1', email: 'zoe@example.com', sourceStatus: 'completed',
      lineItems: [
        { productSourceId: 'p1', variantSourceId: 'v1', sku: 'CAL-NEG', name: 'Calabaza «Imperial» 🧉 - Negro', quantity: 1, price: '19.90', totalDiscount: '0' },
        { productSourceId: null, variantSourceId: null, sku: 'OLD-2', name: 'Yerba (ya no existe)', quantity: 3, price: '0.00', totalDiscount: '0' },
      ],
      billingAddress: customer().addresses[0], shippingAddress: customer().addresses[0],
      subtotal: '19.90', discountTotal: '2.00', discountCodes: ['OTOÑO'], shippingLines: [{ title: 'Correo Argentino', price: '5.00' }],
      taxLines: [{ title: 'IVA', rate: 0.21, price: '3.76' }], totalTax: '3.76', total: '26.66', financialStatus: 'paid', fulfillmentStatus: 'fulfilled',
      statusHistory: [{ status: 'processing', at: '2024-05-01T12:00:00Z', note: null }, { status: 'completed', at: '2024-05-03T09:00:00Z', note: 'Entregado' }],
      shipments: [{ carrier: 'Correo Argentino', trackingNumber: 'CA123456789AR', trackingUrl: 'https://track.example/CA123456789AR', shippedAt: null }],
      note: 'Regalo 🎁',
    });
    const [o] = await adapter.upsertBatch('orders', [{ entity: full, targetId: null }], context({ customers: { u1: customerId }, variants: p.childIds ?? {}, products: { p1: p.targetId } }));
    const readOrder = await adapter.get('orders', okResult(o).targetId);
    expect(readOrder).toMatchObject({
      number: '5002', customerSourceId: customerId, email: 'zoe@example.com', currency: 'ARS', subtotal: '19.90', discountTotal: '2.00',
      discountCodes: ['OTOÑO'], shippingLines: [{ title: 'Correo Argentino', price: '5.00' }], taxLines: [{ title: 'IVA', rate: 0.21, price: '3.76' }],
      totalTax: '3.76', total: '26.66', financialStatus: 'paid', fulfillmentStatus: 'fulfilled', sourceStatus: 'fulfilled',
      statusHistory: full.statusHistory, note: 'Regalo 🎁', createdAt: '2024-05-01T12:00:00Z', billingAddress: full.billingAddress,
      shipments: [expect.objectContaining({ carrier: 'Correo Argentino', trackingNumber: 'CA123456789AR', trackingUrl: 'https://track.example/CA123456789AR' })],
    });
    expect(readOrder?.lineItems).toEqual([
      { productSourceId: p.targetId, variantSourceId: p.childIds?.v1, sku: 'CAL-NEG', name: 'Calabaza «Imperial» 🧉 - Negro', quantity: 1, price: '19.90', totalDiscount: '0.00' },
      { productSourceId: null, variantSourceId: null, sku: 'OLD-2', name: 'Yerba (ya no existe)', quantity: 3, price: '0.00', totalDiscount: '0.00' },
    ]);

    // A guest order, pending and cancelled on the source.
    const [guest] = await adapter.upsertBatch('orders', [
      { entity: order({ sourceId: 'o3', number: '5003', financialStatus: 'pending', sourceStatus: 'pending' }), targetId: null },
      { entity: order({ sourceId: 'o4', number: '5004', financialStatus: 'pending', sourceStatus: 'cancelled' }), targetId: null },
    ], context());
    expect(await adapter.get('orders', okResult(guest).targetId)).toMatchObject({ customerSourceId: null, email: 'guest@example.com', financialStatus: 'pending', sourceStatus: 'pending', total: '11.00' });
    const cancelled = sim.state.list('orders').find((x) => x.name === '#5004');
    expect(cancelled?.cancelledAt).not.toBeNull();
  });

  it('reports a record Shopify refuses as a failed item, not an exception', async () => {
    const results = await adapter.upsertBatch('customers', [
      { entity: customer({ sourceId: 'bad', email: 'bad@example.com', phone: null, emailMarketing: { state: 'subscribed', changedAt: '2999-01-01T00:00:00Z' } }), targetId: null },
      { entity: customer({ sourceId: 'good', email: 'good@example.com', phone: null }), targetId: null },
    ], context());
    expect(results[0]).toMatchObject({ sourceId: 'bad', ok: false, retryable: false, error: expect.stringContaining('cannot be in the future') });
    expect(results[1]).toMatchObject({ sourceId: 'good', ok: true, created: true });
  });

  it('writes free-form phones as E.164, and keeps one that cannot be in the note instead of refusing the customer', async () => {
    const results = await adapter.upsertBatch('customers', [
      { entity: customer({ sourceId: 'spaced', email: 'spaced@example.com', phone: '+54 9 11 5555-0123' }), targetId: null },
      { entity: customer({ sourceId: 'local', email: 'local@example.com', phone: '(011) 4555 0123', note: null }), targetId: null },
    ], context());
    const spaced = await adapter.get('customers', okResult(results[0]!).targetId);
    const local = await adapter.get('customers', okResult(results[1]!).targetId);
    expect(spaced?.phone).toBe('+5491155550123');
    expect(local).toMatchObject({ phone: null, note: 'Phone on the previous store: (011) 4555 0123' });
  });
});
