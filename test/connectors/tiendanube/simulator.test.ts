import { request } from 'node:http';
import type { Page } from '../../../src/connectors/platforms/types';
import type { Product } from '../../../src/domain/catalog/entities';
import { entitySchemas } from '../../../src/domain/catalog/entities';
import { estimateDuration } from '../../../src/domain/migration/preview';
import { createTiendanubeAdapter } from '../../../src/connectors/platforms/tiendanube';
import { type PlatformError } from '../../../src/connectors/platforms/errors';
import { startTiendanubeSimulator, type TiendanubeSimulator } from '../../../src/sandbox/tiendanube';

/**
 * The Tiendanube simulator answers as Tiendanube's documentation says (TiendaNube/api-docs resources/*.md):
 * its 422 bodies, 400 without a User-Agent, 401, pagination limits; and the adapter copes with what the
 * real API does to a client (throttling, outages, dropped connections) without losing or doubling a record.
 */
const UA = 'Cutover tests (tests@cutover.invalid)';

describe('the Tiendanube simulator, as strict as the documentation', () => {
  let tn: TiendanubeSimulator;
  beforeAll(async () => { tn = await startTiendanubeSimulator({ leakPerSecond: 50, seed: { seed: 2, categories: 2, products: 3, customers: 2, orders: 2 } }); });
  afterAll(async () => { await tn?.close(); });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => fetch(`${tn.url}/v1/${tn.storeId}${path}`, {
    method, headers: { Authentication: `bearer ${tn.accessToken}`, 'User-Agent': UA, 'Content-Type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

  it('answers the documentation\'s own refused product with 422 and the attributes\' messages, and refuses attributes it does not know', async () => {
    // resources/product.md: POST {"invalid_name": "foobar"} → 422 {"name": ["can't be blank"]}
    const res = await call('POST', '/products', { invalid_name: 'foobar' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ name: ["can't be blank"], invalid_name: ['is not a valid attribute'] });
  });

  it('refuses wrong types, unknown languages, over-long SEO texts and variant values that do not match the attributes', async () => {
    const res = await call('POST', '/products', {
      name: { es: 'Remera', xx: 'Shirt' }, published: 'yes', seo_title: 'x'.repeat(71),
      variants: [{ price: 'cheap', stock: -1 }],
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      'name.xx': ['is not a language of the store (es)'], published: ['must be true or false'], seo_title: ['is too long (maximum is 70 characters)'],
      'variants[0].price': ['is not a number'], 'variants[0].stock': ['must be greater than or equal to 0'],
    });
    const mismatched = await call('POST', '/products', { name: { es: 'Remera' }, attributes: [{ es: 'Color' }], variants: [{ price: '10.00', values: [] }] });
    expect(mismatched.status).toBe(422);
    expect(await mismatched.json()).toEqual({ 'variants[0].values': ['must have as many values as the product has attributes (1)'] });
  });

  it('creates an order only from the store\'s variants, with the documented required objects', async () => {
    const missing = await call('POST', '/orders', { gateway: 'offline', products: [{ variant_id: 1, quantity: 1 }] });
    expect(missing.status).toBe(422);
    expect(Object.keys(await missing.json() as object).sort()).toEqual(['billing_address', 'customer', 'shipping', 'shipping_address', 'shipping_cost_customer', 'shipping_option', 'shipping_pickup_type']);
  });

  it('400 without a User-Agent, 401 with a wrong token or another store, 422 for per_page over 200, 404 naming the last page', async () => {
    // fetch always sends one ("node"): a bare HTTP request sends none.
    const noAgent = await new Promise<number>((resolve, reject) => {
      request(`${tn.url}/v1/${tn.storeId}/products`, { headers: { Authentication: `bearer ${tn.accessToken}` } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject).end();
    });
    expect(noAgent).toBe(400);
    expect((await call('GET', '/products', undefined, { Authentication: 'bearer wrong' })).status).toBe(401);
    expect((await fetch(`${tn.url}/v1/999/products`, { headers: { Authentication: `bearer ${tn.accessToken}`, 'User-Agent': UA } })).status).toBe(401);
    expect((await call('GET', '/products?per_page=201')).status).toBe(422);
    const past = await call('GET', '/products?page=9');
    expect(past.status).toBe(404);
    expect(await past.json()).toEqual({ code: 404, message: 'Not Found', description: 'Last page is 1' });
    const page = await call('GET', '/products?per_page=1');
    expect(page.headers.get('x-total-count')).toBe('3');
    expect(page.headers.get('link')).toContain('rel="next"');
    expect(page.headers.get('x-rate-limit-limit')).toBe('40');
  });
});

describe('the Tiendanube adapter under the faults of the real API', () => {
  it('reads every record once through 429s, 5xx and dropped connections, and a write throttled with 429 is written once', async () => {
    const tn = await startTiendanubeSimulator({ leakPerSecond: 50, seed: { seed: 4, categories: 3, products: 6, customers: 4, orders: 5 } });
    try {
      const adapter = createTiendanubeAdapter({ kind: 'tiendanube', storeId: tn.storeId, accessToken: { env: 'UNUSED' }, appSecret: { env: 'UNUSED' }, endpoint: tn.url, userAgent: UA }, { accessToken: tn.accessToken });
      tn.configureFaults({ rate: 0.25, kinds: ['429', '500', '503', 'reset'], seed: 9, path: /^\/(products|store)/ });
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Product> = await adapter.listPage('products', cursor, 2);
        ids.push(...page.items.map((p) => p.sourceId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(ids).toEqual([...tn.store.products.keys()].map(String));
      tn.configureFaults({ rate: 0 });

      const customer = { sourceId: 'x1', email: 'once@example.com', phone: null, firstName: 'Una', lastName: 'Vez', addresses: [], tags: [], emailMarketing: { state: 'subscribed' as const, changedAt: null }, smsMarketing: { state: 'not_subscribed' as const, changedAt: null }, note: null, createdAt: null, updatedAt: null };
      tn.failNext('429', 2, /^\/customers$/);
      const [result] = await adapter.upsertBatch('customers', [{ entity: customer, targetId: null, knownAbsent: true }], { references: { categories: {}, products: {}, variants: {}, customers: {} }, orderStatusMap: {} });
      expect(result).toMatchObject({ ok: true, created: true });
      expect([...tn.store.customers.values()].filter((c) => c.email === 'once@example.com')).toHaveLength(1);

      // A 5xx on a write is ambiguous (it may have been applied): it goes up as retryable, not repeated in the call.
      tn.failNext('503', 1, /^\/customers$/);
      const [ambiguous] = await adapter.upsertBatch('customers', [{ entity: { ...customer, sourceId: 'x2', email: 'twice@example.com' }, targetId: null, knownAbsent: true }], { references: { categories: {}, products: {}, variants: {}, customers: {} }, orderStatusMap: {} });
      expect(ambiguous).toMatchObject({ ok: false, retryable: true });
      await expect(adapter.get('orders', '1')).resolves.toBeNull();
      await expect(createTiendanubeAdapter({ kind: 'tiendanube', storeId: tn.storeId, accessToken: { env: 'UNUSED' }, appSecret: { env: 'UNUSED' }, endpoint: tn.url, userAgent: UA }, { accessToken: 'wrong' }).probe())
        .rejects.toMatchObject({ retryable: false, status: 401 } satisfies Partial<PlatformError>);
    } finally {
      await tn.close();
    }
  });

  it('says its published rate for the migration preview, and deletes what remigration removes except orders, which the API cannot delete', async () => {
    const tn = await startTiendanubeSimulator({ leakPerSecond: 50, seed: { seed: 6, categories: 1, products: 2, customers: 1, orders: 1 } });
    try {
      const adapter = createTiendanubeAdapter({ kind: 'tiendanube', storeId: tn.storeId, accessToken: { env: 'UNUSED' }, appSecret: { env: 'UNUSED' }, endpoint: tn.url, userAgent: UA }, { accessToken: tn.accessToken });
      const rate = await adapter.writeRate();
      expect(rate).toMatchObject({ unit: 'requests', perSecond: 2, bucketSize: 40 });
      // 100 products at 3.7 requests: 370 requests, the first 40 free of waiting, the rest at 2 a second.
      expect(estimateDuration('tiendanube', { products: 100 }, rate)).toMatchObject({ basis: 'published', unit: 'requests', copySeconds: 165 });

      const [product] = tn.store.products.keys();
      const [order] = tn.orders();
      const products = await adapter.delete('products', [String(product), '999999']);
      expect(products).toEqual({ deleted: [String(product), '999999'], failed: [] });
      expect(tn.store.products.has(product as number)).toBe(false);
      const orders = await adapter.delete('orders', [String(order?.id)]);
      expect(orders.deleted).toEqual([]);
      expect(orders.failed[0]?.error).toContain('cannot delete orders');
    } finally {
      await tn.close();
    }
  });

  it('plans a write with reads only, and the planned body is what the write sends', async () => {
    const tn = await startTiendanubeSimulator({ leakPerSecond: 50 });
    try {
      const adapter = createTiendanubeAdapter({ kind: 'tiendanube', storeId: tn.storeId, accessToken: { env: 'UNUSED' }, appSecret: { env: 'UNUSED' }, endpoint: tn.url, userAgent: UA }, { accessToken: tn.accessToken });
      const product = entitySchemas.products.parse({
        sourceId: 'p1', title: 'Mate', handle: 'mate', options: [{ name: 'Color', values: ['Rojo'] }],
        variants: [{ sourceId: 'v1', sku: 'MATE-R', optionValues: ['Rojo'], price: '10.00', compareAtPrice: '12.00', inventoryQuantity: 4 }],
      });
      const context = { references: { categories: {}, products: {}, variants: {}, customers: {} }, orderStatusMap: {} };
      const before = tn.requests.length;
      const plan = await adapter.planWrite('products', { entity: product, targetId: null }, context);
      expect(tn.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
      expect(plan).toMatchObject({ ok: true, calls: [{ call: 'POST /products', body: { name: { es: 'Mate' }, variants: [{ price: '12.00', promotional_price: '10.00', stock_management: true, stock: 4, sku: 'MATE-R', values: [{ es: 'Rojo' }] }] } }] });
      const [written] = await adapter.upsertBatch('products', [{ entity: product, targetId: null, knownAbsent: true }], context);
      expect(written).toMatchObject({ ok: true, created: true });
      expect(await adapter.get('products', (written as { targetId: string }).targetId)).toMatchObject({ title: 'Mate', handle: 'mate', variants: [{ sku: 'MATE-R', price: '10.00', compareAtPrice: '12.00', inventoryQuantity: 4 }] });
    } finally {
      await tn.close();
    }
  });
});
