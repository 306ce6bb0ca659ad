import { WorkflowFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { parse, type OperationDefinitionNode } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { printPreview } from '../../src/cli/preview';
import { ConnectionRegistry } from '../../src/config/secrets';
import { createShopifyAdapter } from '../../src/connectors/platforms/shopify';
import { DEFAULT_SHOPIFY_API_VERSION, type Connection } from '../../src/domain/connections';
import { bigcommerceWriteRate } from '../../src/connectors/platforms/bigcommerce/rate';
import { estimateDuration, type MigrationPreview } from '../../src/domain/migration/preview';
import { PLAN_QUOTAS, startBigCommerceSimulator, type BigCommerceSimulator } from '../../src/sandbox/bigcommerce';
import { startShopifySimulator, type ShopifySimulator } from '../../src/sandbox/shopify';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { recordHistory } from '../replay/record';
import { createDevEnv, createTestWorker, uniqueTaskQueue, useTestBed } from '../support/temporal';

/**
 * A loopback proxy in front of a Shopify simulator that reads each GraphQL request the way Shopify does
 * (the document's operation type) and keeps every mutation: the preview's "no writes" is counted on the
 * wire, independently of the simulator and of the adapter.
 */
class GraphqlTap {
  readonly mutations: { name: string; variables: Record<string, unknown> }[] = [];
  queries = 0;
  url = '';
  private server: Server | null = null;

  async start(upstream: string): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = JSON.parse(raw.toString('utf8')) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        const operation = parse(body.query).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
        if (operation?.operation === 'mutation') this.mutations.push({ name: operation.name?.value ?? '?', variables: body.variables ?? {} });
        else this.queries += 1;
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
        fetch(`${upstream}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body: raw }).then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        }, (err: unknown) => {
          res.writeHead(502);
          res.end(String(err));
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const wooWrites = (woo: WooCommerceSimulator): number =>
  ['POST', 'PUT', 'PATCH', 'DELETE'].reduce((n, method) => n + woo.state.requestCount({ method }), 0);

function shopifyConnection(sim: ShopifySimulator, endpoint: string): Connection {
  return { kind: 'shopify', shopDomain: sim.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: sim.accessToken, endpoint };
}

function wooConnection(woo: WooCommerceSimulator): Connection {
  return { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret };
}

describe('previewMigration (real simulators, real Temporal dev server): what a migration would do, with no writes', () => {
  const bed = useTestBed(() => createDevEnv());

  async function preview(connections: Record<string, Connection>, input: Record<string, unknown>): Promise<MigrationPreview> {
    const taskQueue = uniqueTaskQueue('preview');
    const worker: Worker = await createTestWorker(bed.env, { connections: new ConnectionRegistry(connections), store: bed.store }, { taskQueue });
    const preview = await worker.runUntil(() => bed.env.client.workflow.execute('previewMigration', { taskQueue, workflowId: `preview-${taskQueue}`, args: [input] })) as MigrationPreview;
    await recordHistory(bed.env.client.workflow.getHandle(`preview-${taskQueue}`), 'simulators');
    return preview;
  }

  describe('WooCommerce → Shopify (the README\'s old-shop → new-shop)', () => {
    let woo: WooCommerceSimulator;
    let shopify: ShopifySimulator;
    const tap = new GraphqlTap();
    let malformedOrder: number;
    let badCategory: number;
    let result: MigrationPreview;

    beforeAll(async () => {
      woo = await startWooCommerceSimulator({ seed: { seed: 11, categories: 4, products: 12, customers: 9, orders: 14, variableRate: 0.5 } });
      shopify = await startShopifySimulator({ plan: 'standard' });
      await tap.start(shopify.url);
      malformedOrder = woo.plantMalformedOrder('N/A');
      // A category whose slug is empty: WooCommerce stores it, the canonical model refuses it (a handle is required).
      badCategory = woo.state.list('categories')[1]?.id as number;
      woo.state.patch('categories', badCategory, { slug: '' });
      woo.state.resetRequestCounts();
      result = await preview({ 'old-shop': wooConnection(woo), 'new-shop': shopifyConnection(shopify, tap.url) }, {
        source: { connection: 'old-shop' }, target: { connection: 'new-shop' }, samples: 3, pageSize: 5, statusMap: { 'on-hold': 'authorized' },
      });
    });
    afterAll(async () => {
      await tap.close();
      await shopify?.close();
      await woo?.close();
    });

    it('writes nothing: no mutation reaches Shopify, no write reaches WooCommerce, the shop stays empty', () => {
      expect(tap.mutations).toEqual([]);
      expect(tap.queries).toBeGreaterThan(0);
      expect(wooWrites(woo)).toBe(0);
      expect(shopify.state.counts()).toEqual({ products: 0, collections: 0, customers: 0, orders: 0, variants: 0 });
    });

    it('checks both connections and counts every entity type as the source counts them', () => {
      expect(result.source).toMatchObject({ connection: 'old-shop', platform: 'woocommerce' });
      expect(result.target).toMatchObject({ connection: 'new-shop', platform: 'shopify' });
      expect(result.target.detail).toContain(shopify.shopDomain);
      expect(result.counts).toEqual({
        categories: woo.state.count('categories'), products: woo.state.count('products'),
        customers: woo.state.count('customers'), orders: woo.state.count('orders'),
      });
      for (const type of ['categories', 'products', 'customers', 'orders'] as const) expect(result.entities[type]?.scanned).toBe(result.counts[type]);
    });

    it('estimates the duration from the rate the shop reports and the measured cost per entity', () => {
      const { estimate } = result;
      expect(estimate.basis).toBe('published');
      expect(estimate.rate).toContain('100 cost points a second, bucket of 1000');
      expect(estimate.perEntity).toEqual({ categories: 12, products: 14, customers: 12, orders: 16 });
      const counts = result.counts as Record<string, number>;
      const points = counts.categories! * 12 + counts.products! * 14 + counts.customers! * 12 + counts.orders! * 16;
      expect(estimate.copySeconds).toBe(Math.round(Math.max(0, points - 1000) / 100));
      expect(estimate.verifySeconds).toBe(Math.round((counts.categories! * 3 + counts.products! * 23 + counts.customers! * 6 + counts.orders! * 30) / 100));
    });

    it('shows the order-status map that would apply, with the override', () => {
      expect(result.orderStatusMap.map).toMatchObject({ processing: 'paid', completed: 'fulfilled', 'on-hold': 'authorized' });
      expect(result.orderStatusMap.problems).toEqual([]);
    });

    it('shows records side by side: the source record and the mutation that would write it', () => {
      const products = result.entities.products;
      expect(products?.samples).toHaveLength(3);
      const sample = products?.samples[0];
      const source = sample?.source as { title: string; handle: string; variants: unknown[]; categorySourceIds: string[] };
      const call = sample?.target?.calls[0] as { call: string; body: { input: { title: string; handle: string; variants: unknown[]; collections: string[] } } };
      expect(call.call).toBe('productSet');
      expect(call.body.input).toMatchObject({ title: source.title, handle: source.handle });
      expect(call.body.input.variants).toHaveLength(source.variants.length);
      // A collection does not exist before the migration: its id shows as what it will be.
      expect(call.body.input.collections).toEqual(source.categorySourceIds.map((id) => `<target id of category ${id}>`));

      const order = result.entities.orders?.samples.find((s) => (s.source as { customerSourceId: string | null }).customerSourceId);
      const create = order?.target?.calls.find((c) => c.call === 'orderCreate')?.body as { order: { customer?: { toAssociate: { id: string } }; financialStatus: string } };
      expect(create.order.customer?.toAssociate.id).toBe(`<target id of customer ${(order?.source as { customerSourceId: string }).customerSourceId}>`);
      expect(result.entities.customers?.samples[0]?.target?.calls[0]?.call).toBe('customerCreate');
      expect(result.entities.categories?.samples[0]?.target?.calls[0]?.call).toBe('collectionCreate');
    });

    it('reports every record that would be refused, and why', () => {
      expect(result.entities.orders?.refused).toEqual([expect.objectContaining({ sourceId: String(malformedOrder), stage: 'read', reason: expect.stringContaining('N/A') })]);
      expect(result.entities.categories?.refused).toEqual([expect.objectContaining({ sourceId: String(badCategory), reason: expect.stringContaining('handle') })]);
      expect(['read', 'validation']).toContain(result.entities.categories?.refused[0]?.stage);
      expect(result.refusedTotal).toBe(2);
    });

    it('prints it for a terminal: counts, estimate, status map and the two columns', () => {
      const lines: string[] = [];
      printPreview(result, 160, (line) => lines.push(line));
      const text = lines.join('\n');
      expect(text).toContain('nothing was written');
      expect(text).toMatch(/on-hold\s+→ authorized\s+\(override\)/);
      expect(text).toMatch(/│ → productSet/);
      expect(text).toContain(`${malformedOrder} (read)`);
    });

    it('plans exactly what the write then sends', async () => {
      // The same product planned with known ids, then written: the mutation's variables are the plan's body.
      const adapter = createShopifyAdapter(shopifyConnection(shopify, tap.url) as never, { accessToken: shopify.accessToken });
      const entity = result.entities.products?.samples[1]?.source as never;
      const context = { references: { categories: {}, products: {}, variants: {}, customers: {} }, orderStatusMap: result.orderStatusMap.map };
      const planned = await adapter.planWrite('products', { entity, targetId: null, knownAbsent: true }, context);
      expect(tap.mutations).toEqual([]);
      const [written] = await adapter.upsertBatch('products', [{ entity, targetId: null, knownAbsent: true }], context);
      expect(written?.ok).toBe(true);
      expect(planned).toEqual({ ok: true, calls: [{ call: 'productSet', body: tap.mutations[0]?.variables }] });
    });
  });

  describe('Shopify → WooCommerce', () => {
    let shopify: ShopifySimulator;
    let woo: WooCommerceSimulator;
    let result: MigrationPreview;

    beforeAll(async () => {
      shopify = await startShopifySimulator({ seed: { seed: 5, collections: 3, products: 6, customers: 5, orders: 6 } });
      // A customer with a phone and no email: Shopify allows it, a WooCommerce account needs an email.
      const created = await fetch(`${shopify.url}/admin/api/${DEFAULT_SHOPIFY_API_VERSION}/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': shopify.accessToken },
        body: JSON.stringify({ query: 'mutation { customerCreate(input: {phone: "+15557654321", firstName: "Solo", lastName: "Phone"}) { customer { id } userErrors { message } } }' }),
      }).then((r) => r.json() as Promise<{ data: { customerCreate: { customer: { id: string } } } }>);
      woo = await startWooCommerceSimulator();
      result = await preview({ shop: shopifyConnection(shopify, shopify.url), woo: wooConnection(woo) }, { source: { connection: 'shop' }, target: { connection: 'woo' } });
      expect(created.data.customerCreate.customer.id).toBeTruthy();
    });
    afterAll(async () => {
      await woo?.close();
      await shopify?.close();
    });

    it('writes nothing to WooCommerce, not even the product tags a write would create first', () => {
      expect(wooWrites(woo)).toBe(0);
      expect(woo.state.count('tags')).toBe(0);
      expect(woo.state.count('products')).toBe(0);
    });

    it('assumes a rate for WooCommerce, which publishes none, and says so', () => {
      expect(result.estimate.basis).toBe('assumed');
      expect(result.estimate.rate).toContain('WooCommerce publishes no rate limit');
      expect(result.estimate.unit).toBe('seconds');
    });

    it('shows the batch calls and the tags that would be created first, and refuses the customer without an email', () => {
      const product = result.entities.products?.samples.find((s) => (s.source as { tags: string[] }).tags.length > 0);
      const calls = product?.target?.calls ?? [];
      expect(calls[0]).toEqual({ call: 'POST products/tags/batch', body: { create: expect.any(Array) } });
      expect(calls[1]?.call).toBe('POST products/batch');
      const body = (calls[1]?.body as { create: { tags: { id: unknown }[] }[] }).create[0];
      expect(body?.tags[0]?.id).toMatch(/^<new tag ".+">$/);
      expect(result.entities.customers?.refused).toEqual([{ sourceId: expect.stringContaining('Customer/'), stage: 'mapping', reason: 'WooCommerce requires an email for a customer account' }]);
      expect(result.orderStatusMap.map).toMatchObject({ paid: 'processing', fulfilled: 'completed' });
    });
  });

  describe('WooCommerce → BigCommerce (Pro plan: 450 requests every 30 s)', () => {
    let woo: WooCommerceSimulator;
    let bc: BigCommerceSimulator;
    let result: MigrationPreview;

    beforeAll(async () => {
      woo = await startWooCommerceSimulator({ seed: { seed: 11, categories: 3, products: 6, customers: 5, orders: 6 } });
      bc = await startBigCommerceSimulator({ rateLimit: PLAN_QUOTAS.pro });
      result = await preview({ 'old-shop': wooConnection(woo), 'bc-shop': { kind: 'bigcommerce', storeHash: bc.storeHash, accessToken: bc.accessToken, endpoint: bc.url } }, {
        source: { connection: 'old-shop' }, target: { connection: 'bc-shop' }, samples: 2,
      });
    });
    afterAll(async () => {
      await bc?.close();
      await woo?.close();
    });

    it('writes nothing to BigCommerce', () => {
      expect(bc.state.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(bc.state.counts()).toEqual({ categories: 0, products: 0, customers: 0, orders: 0 });
    });

    it('estimates from the quota the store reports (X-Rate-Limit-*) and the measured requests per entity', () => {
      const { estimate } = result;
      expect(estimate).toMatchObject({ basis: 'published', unit: 'requests', perEntity: { categories: 2, products: 1, customers: 0.16, orders: 3.9 } });
      expect(estimate.rate).toContain('15 requests a second, bucket of 450');
      expect(estimate.rate).toContain('450 requests every 30 s reported by the store');
      const counts = result.counts as Record<string, number>;
      const copy = counts.categories! * 2 + counts.products! * 1 + counts.customers! * 0.16 + counts.orders! * 3.9;
      const verify = (counts.categories! + counts.products! + counts.customers!) * 0.01 + counts.orders! * 2.6;
      expect(estimate.copySeconds).toBe(Math.round(Math.max(0, copy - 450) / 15));
      expect(estimate.verifySeconds).toBe(Math.round(verify / 15));
      // On Standard (150 every 30 s): 5 a second, the first window's 150 without waiting.
      expect(estimateDuration('bigcommerce', { orders: 1000 }, bigcommerceWriteRate({ quota: 150, windowMs: 30_000, left: 150, resetMs: 30_000 })))
        .toMatchObject({ copySeconds: Math.round((3900 - 150) / 5), verifySeconds: Math.round(2600 / 5) });
    });
  });

  it('refuses a bad input at once, with each field named', async () => {
    const taskQueue = uniqueTaskQueue('preview-bad');
    const worker = await createTestWorker(bed.env, { connections: new ConnectionRegistry({}), store: bed.store }, { taskQueue });
    const failure = await worker.runUntil(() => bed.env.client.workflow.execute('previewMigration', {
      taskQueue, workflowId: `preview-${taskQueue}`, args: [{ source: { connection: 'a' }, target: { connection: 'a' }, samples: 99 }],
    }).then(() => null, (err: unknown) => err));
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const message = ((failure as WorkflowFailedError).cause as Error).message;
    expect(message).toContain('samples');
    expect(message).toContain('target.connection: source and target must be different connections');
  });
});
