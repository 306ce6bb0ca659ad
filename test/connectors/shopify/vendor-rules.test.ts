import { ApplicationFailure } from '@temporalio/common';
import { createMigrationActivities } from '../../../src/activities/migration/migration-activities';
import type { ShopifyAdapter } from '../../../src/connectors/platforms/shopify/adapter';
import { neededScopes } from '../../../src/connectors/platforms/shopify/scopes';
import type { Page, RejectedRecord, WriteResult } from '../../../src/connectors/platforms/types';
import type { Order } from '../../../src/domain/catalog/entities';
import { createShopifyAdapter } from '../../../src/connectors/platforms/shopify';
import { DEFAULT_SHOPIFY_API_VERSION, shopifyConnectionSchema } from '../../../src/domain/connections';
import { startShopifySimulator, SUPPORTED_API_VERSIONS, type ShopifySimulator } from '../../../src/sandbox/shopify';
import { startHarness } from '../woocommerce/harness';
import { category, context, customer, order, product, simulatorWithAdapter } from './support';

/**
 * The adapter against rules Shopify publishes and the simulator enforces from Shopify's own schema and
 * documentation (issue 11): each of these failed on a real store while the old, lenient simulator let it pass.
 */

function okResult(result: WriteResult | undefined): Extract<WriteResult, { ok: true }> {
  if (!result?.ok) throw new Error(`write failed: ${JSON.stringify(result)}`);
  return result;
}

describe('Shopify consent: only SUBSCRIBED, UNSUBSCRIBED and PENDING may be sent', () => {
  let sim: ShopifySimulator;
  let adapter: ShopifyAdapter;
  beforeAll(async () => { ({ sim, adapter } = await simulatorWithAdapter()); });
  afterAll(async () => { await sim?.close(); });

  it('creates, re-runs and updates a customer who never subscribed, by email or SMS', async () => {
    // "Never subscribed" with a date (a platform that records when it asked), on both channels.
    const never = customer({
      sourceId: 'never', email: 'never@example.com', phone: '+5491155550111',
      emailMarketing: { state: 'not_subscribed', changedAt: '2024-02-01T10:00:00Z' }, smsMarketing: { state: 'not_subscribed', changedAt: '2024-02-01T10:00:00Z' },
    });
    const created = okResult((await adapter.upsertBatch('customers', [{ entity: never, targetId: null }], context()))[0]);
    expect(await adapter.get('customers', created.targetId)).toMatchObject({ emailMarketing: { state: 'not_subscribed' }, smsMarketing: { state: 'not_subscribed' } });

    // A re-run finds the customer by email; an update by id (smart update) writes the new name.
    expect(okResult((await adapter.upsertBatch('customers', [{ entity: never, targetId: null }], context()))[0])).toMatchObject({ targetId: created.targetId, created: false });
    const renamed = { ...never, firstName: 'Renamed' };
    expect(okResult((await adapter.upsertBatch('customers', [{ entity: renamed, targetId: created.targetId }], context()))[0]).created).toBe(false);
    expect(await adapter.get('customers', created.targetId)).toMatchObject({ firstName: 'Renamed', emailMarketing: { state: 'not_subscribed' }, smsMarketing: { state: 'not_subscribed' } });

    // Subscribing later is carried over; nothing ever sent NOT_SUBSCRIBED.
    const subscribed = { ...renamed, emailMarketing: { state: 'subscribed' as const, changedAt: '2024-06-01T10:00:00Z' } };
    okResult((await adapter.upsertBatch('customers', [{ entity: subscribed, targetId: created.targetId }], context()))[0]);
    expect(await adapter.get('customers', created.targetId)).toMatchObject({ emailMarketing: { state: 'subscribed', changedAt: '2024-06-01T10:00:00Z' } });
    expect(sim.state.documents().length).toBeGreaterThan(0);
  });
});

describe('Shopify records are read whole: every nested connection to its end', () => {
  let sim: ShopifySimulator;
  let adapter: ShopifyAdapter;
  beforeAll(async () => { ({ sim, adapter } = await simulatorWithAdapter()); });
  afterAll(async () => { await sim?.close(); });

  const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL', '3XL', '4XL', '5XL', '6XL', '7XL'];
  const colours = Array.from({ length: 12 }, (_, i) => `Colour ${i + 1}`);
  /** 132 variants (11 sizes × 12 colours), 12 images, 12 collections. */
  const big = (categories: Record<string, string>) => product({
    sourceId: 'big', title: 'Remera', handle: 'remera', categorySourceIds: Object.keys(categories),
    images: Array.from({ length: 12 }, (_, i) => ({ url: `https://cdn.example.com/r${i}.jpg`, alt: `Vista ${i}`, position: i })),
    options: [{ name: 'Talle', values: sizes }, { name: 'Color', values: colours }],
    variants: sizes.flatMap((size, i) => colours.map((colour, j) => ({
      sourceId: `v-${i}-${j}`, sku: `REM-${i}-${j}`, optionValues: [size, colour], price: `${10 + i}.00`, compareAtPrice: null, weight: null, inventoryQuantity: j, stockStatus: j > 0 ? 'in_stock' as const : 'out_of_stock' as const,
    }))),
  });

  it('reads a product with more than 100 variants, 12 images and 12 collections whole, and updates it keeping every variant', async () => {
    const categories: Record<string, string> = {};
    for (let i = 0; i < 12; i += 1) {
      const [c] = await adapter.upsertBatch('categories', [{ entity: category({ sourceId: `c${i}`, name: `Colección ${i}`, handle: `coleccion-${i}` }), targetId: null }], context());
      categories[`c${i}`] = okResult(c).targetId;
    }
    const entity = big(categories);
    const written = okResult((await adapter.upsertBatch('products', [{ entity, targetId: null }], context({ categories })))[0]);
    expect(Object.keys(written.childIds ?? {})).toHaveLength(132);

    const read = await adapter.get('products', written.targetId);
    expect(read?.variants).toHaveLength(132);
    expect(read?.images).toHaveLength(12);
    expect(read?.categorySourceIds).toHaveLength(12);
    const page = await adapter.listPage('products', null, 5);
    expect(page.rejected).toEqual([]);
    expect(page.items.find((p) => p.sourceId === written.targetId)?.variants).toHaveLength(132);

    // An update (smart update, by id) and a re-run (by handle) keep all 132 variants: none recreated, none lost.
    const before = sim.state.get('products', written.targetId)?.variantIds;
    const renamed = { ...entity, title: 'Remera lisa' };
    const updated = okResult((await adapter.upsertBatch('products', [{ entity: renamed, targetId: written.targetId }], context({ categories })))[0]);
    expect(updated.childIds).toEqual(written.childIds);
    okResult((await adapter.upsertBatch('products', [{ entity: renamed, targetId: null }], context({ categories })))[0]);
    expect(sim.state.get('products', written.targetId)?.variantIds).toEqual(before);
    expect(sim.state.get('products', written.targetId)?.media).toHaveLength(12);
    expect(sim.state.counts().variants).toBe(132);
  });

  it('reads an order with 45 lines, 7 shipping lines, 7 fulfilments of 6 tracking numbers each, and a customer with 12 addresses', async () => {
    const address = (i: number) => ({ firstName: 'Ana', lastName: 'Pérez', company: null, address1: `Calle ${i}`, address2: null, city: 'Rosario', province: 'S', countryCode: 'AR', zip: `${2000 + i}`, phone: null });
    const shopper = okResult((await adapter.upsertBatch('customers', [{ entity: customer({ sourceId: 'many', email: 'many@example.com', phone: null, addresses: Array.from({ length: 12 }, (_, i) => address(i)) }), targetId: null }], context()))[0]);
    expect((await adapter.get('customers', shopper.targetId))?.addresses).toHaveLength(12);
    expect((await adapter.listPage('customers', null, 10)).items.find((c) => c.sourceId === shopper.targetId)?.addresses).toHaveLength(12);

    const lines = Array.from({ length: 45 }, (_, i) => ({ productSourceId: null, variantSourceId: null, sku: `L-${i}`, name: `Línea ${i}`, quantity: 1, price: '1.00', totalDiscount: '0' }));
    const shipping = Array.from({ length: 7 }, (_, i) => ({ title: `Envío ${i}`, price: '1.00' }));
    const long = order({ sourceId: 'long', number: '7001', lineItems: lines, shippingLines: shipping, subtotal: '45.00', total: '52.00', sourceStatus: 'processing' });
    const written = okResult((await adapter.upsertBatch('orders', [{ entity: long, targetId: null }], context()))[0]);
    // Fulfilments with more tracking numbers than come with a listing, made on the shop itself.
    const record = sim.state.get('orders', written.targetId);
    if (!record) throw new Error('order not on the simulator');
    for (let f = 0; f < 7; f += 1) {
      record.fulfillments.push({
        id: sim.state.store.newId(), status: 'SUCCESS', createdAt: record.createdAt, lineItemIds: [record.lineItems[f]?.id ?? 0],
        tracking: Array.from({ length: 6 }, (_, t) => ({ company: 'Andreani', number: `AN-${f}-${t}`, url: null })),
      });
    }

    const read = await adapter.get('orders', written.targetId);
    expect(read?.lineItems.map((l) => l.sku)).toEqual(lines.map((l) => l.sku));
    expect(read?.shippingLines).toHaveLength(7);
    expect(read?.shipments).toHaveLength(42);
    const listed = await adapter.listPage('orders', null, 4);
    expect(listed.rejected).toEqual([]);
    expect(listed.items.find((o) => o.sourceId === written.targetId)?.lineItems).toHaveLength(45);
  });

  it('reports an order it cannot read whole as rejected with the reason, never shortened', async () => {
    const written = okResult((await adapter.upsertBatch('orders', [{ entity: order({ sourceId: 'huge', number: '7002' }), targetId: null }], context()))[0]);
    const record = sim.state.get('orders', written.targetId);
    if (!record) throw new Error('order not on the simulator');
    for (let f = 0; f < 200; f += 1) record.fulfillments.push({ id: sim.state.store.newId(), status: 'SUCCESS', createdAt: record.createdAt, lineItemIds: [], tracking: [] });
    let rejected: RejectedRecord[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Order> = await adapter.listPage('orders', cursor, 4);
      expect(page.items.map((o) => o.sourceId)).not.toContain(written.targetId);
      rejected = [...rejected, ...page.rejected];
      cursor = page.nextCursor;
    } while (cursor);
    expect(rejected).toEqual([{ entityType: 'orders', sourceId: written.targetId, reason: expect.stringContaining('200 fulfilments') }]);
  });
});

describe('Tax rates are fractions: WooCommerce 21 % arrives on Shopify as 0.21', () => {
  it('reads WooCommerce rate_percent as a fraction, which Shopify accepts and reads back', async () => {
    const woo = await startHarness({ seed: { seed: 5, categories: 1, products: 4, customers: 2, orders: 12 } });
    const { sim, adapter } = await simulatorWithAdapter();
    try {
      const page = await woo.adapter.listPage('orders', null, 50);
      const taxed = page.items.filter((o) => o.taxLines.length > 0);
      expect(taxed.length).toBeGreaterThan(0);
      for (const o of taxed) expect(o.taxLines.map((t) => t.rate)).toEqual(o.taxLines.map(() => 0.21));

      const results = await adapter.upsertBatch('orders', taxed.map((entity) => ({ entity, targetId: null })), context());
      for (const result of results) {
        const written = okResult(result);
        expect((await adapter.get('orders', written.targetId))?.taxLines.map((t) => t.rate)).toEqual([0.21]);
      }
      // Shopify's own record holds the decimal and shows the percentage beside it.
      expect(sim.state.list('orders').flatMap((o) => o.taxLines.map((t) => t.rate))).toEqual(taxed.map(() => 0.21));
    } finally {
      await woo.sim.close();
      await sim.close();
    }
  });

  it('the simulator refuses a tax rate given in percent, as a user error on the line', async () => {
    const { sim } = await simulatorWithAdapter();
    try {
      const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': sim.accessToken },
        body: JSON.stringify({
          query: 'mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) { order { id } userErrors { field message code } } }',
          variables: { order: { lineItems: [{ title: 'x', quantity: 1, priceSet: { shopMoney: { amount: '10.00', currencyCode: 'USD' } } }], taxLines: [{ title: 'IVA', rate: '21', priceSet: { shopMoney: { amount: '2.10', currencyCode: 'USD' } } }] } },
        }),
      });
      const body = (await response.json()) as { data: { orderCreate: { order: unknown; userErrors: { field: string[]; code: string }[] } } };
      expect(body.data.orderCreate).toEqual({ order: null, userErrors: [expect.objectContaining({ field: ['order', 'taxLines', '0', 'rate'], code: 'INVALID' })] });
      expect(sim.state.counts().orders).toBe(0);
    } finally {
      await sim.close();
    }
  });
});

describe('A Shopify source without read_all_orders is refused at preflight, not migrated 60 days deep', () => {
  const everything = ['categories', 'products', 'customers', 'orders'] as const;
  const preflight = (adapter: ShopifyAdapter) => createMigrationActivities({ platforms: () => adapter, idMap: undefined as never, reports: undefined as never })
    .preflightMigration({ source: 'old-shop', target: 'old-shop', entityTypes: [...everything] });

  it('names the missing scope in a non-retryable failure', async () => {
    // A year of orders; the app holds everything a source needs but read_all_orders.
    const { sim, adapter } = await simulatorWithAdapter({ seed: { seed: 9, products: 3, customers: 3, orders: 30 }, scopes: neededScopes('source', everything).filter((s) => s !== 'read_all_orders') });
    try {
      // What Shopify does without the scope: the older orders simply are not there.
      expect(await adapter.count('orders')).toBeLessThan(sim.state.counts().orders);
      const refused = await preflight(adapter).then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(ApplicationFailure);
      expect(refused).toMatchObject({ nonRetryable: true, message: expect.stringContaining('read_all_orders (orders older than 60 days') });
    } finally {
      await sim.close();
    }
  });

  it('passes with the scopes the adapter declares for both roles', async () => {
    const { sim, adapter } = await simulatorWithAdapter({
      seed: { seed: 9, products: 3, customers: 3, orders: 30 }, scopes: [...new Set([...neededScopes('source', everything), ...neededScopes('target', everything)])],
    });
    try {
      expect((await preflight(adapter)).counts.orders).toBe(sim.state.counts().orders);
    } finally {
      await sim.close();
    }
  });
});

describe('Shopify API versions: a supported default, and never an answer in another version', () => {
  const connectionFor = (sim: ShopifySimulator, apiVersion?: string) => createShopifyAdapter(
    shopifyConnectionSchema.parse({ kind: 'shopify', shopDomain: sim.shopDomain, accessToken: { env: 'UNUSED' }, endpoint: sim.url, ...(apiVersion ? { apiVersion } : {}) }),
    { accessToken: sim.accessToken },
  );

  it('defaults to a version in Shopify\'s support window, which the simulator serves', async () => {
    expect(SUPPORTED_API_VERSIONS).toContain(DEFAULT_SHOPIFY_API_VERSION);
    const sim = await startShopifySimulator();
    try {
      expect(await connectionFor(sim).probe()).toContain(sim.shopDomain);
    } finally {
      await sim.close();
    }
  });

  it('a retired version is refused, and Shopify\'s fall-forward to another version is not taken for an answer', async () => {
    const strict = await startShopifySimulator();
    const fallsForward = await startShopifySimulator({ retiredVersions: 'serve-oldest-supported' });
    try {
      await expect(connectionFor(strict, '2025-10').count('products')).rejects.toMatchObject({ retryable: false, status: 404, message: expect.stringContaining('2025-10 is retired') });
      await expect(connectionFor(fallsForward, '2025-10').count('products')).rejects.toMatchObject({
        retryable: false, message: expect.stringContaining(`answered with API version ${SUPPORTED_API_VERSIONS[0]} instead of 2025-10`),
      });
      await expect(connectionFor(strict, '2026-13').count('products')).rejects.toMatchObject({ retryable: false, status: 404 });
    } finally {
      await strict.close();
      await fallsForward.close();
    }
  });
});
