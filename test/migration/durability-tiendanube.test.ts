import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../src/domain/connections';
import { startShopifySimulator } from '../../src/sandbox/shopify';
import { startTiendanubeSimulator } from '../../src/sandbox/tiendanube';
import { duplicates, migrateKillingTheWorker } from '../support/durability';
import { createDevEnv } from '../support/temporal';

const size = { categories: 3, products: 10, customers: 8, orders: 10 };

/**
 * Tiendanube → Shopify survives its worker being SIGKILLed mid-migration while Tiendanube answers one
 * request in ten with a 429 (full bucket), a 5xx or a dropped connection: the target ends with exactly the
 * source's entities, each once, and the verification is clean.
 */
describe('a Tiendanube migration survives its worker being killed, and Tiendanube\'s faults', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createDevEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('SIGKILL mid-migration with 10% faults on Tiendanube: the target ends with exactly the source\'s entities', async () => {
    const tn = await startTiendanubeSimulator({ leakPerSecond: 50, seed: { seed: 13, ...size } });
    const shopify = await startShopifySimulator({ plan: 'plus' });
    tn.configureFaults({ rate: 0.1, kinds: ['429', '500', '503', 'reset'], seed: 5 });
    try {
      const result = await migrateKillingTheWorker(env, {
        name: 'durability-tn', pageSize: 4, pagesPerRun: 4,
        source: { kind: 'tiendanube', storeId: tn.storeId, accessToken: tn.accessToken, appSecret: 'test-app-secret', endpoint: tn.url, userAgent: 'Cutover tests (tests@cutover.invalid)' },
        target: { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
      });

      const counts = shopify.state.counts() as Record<string, number>;
      expect({ categories: counts.collections, products: counts.products, customers: counts.customers, orders: counts.orders }).toEqual(tn.counts());
      expect(duplicates(shopify.state.list('products').map((p) => (p as { handle?: string }).handle))).toEqual([]);
      expect(duplicates(shopify.state.list('customers').map((c) => (c as { email?: string | null }).email))).toEqual([]);
      expect(duplicates(shopify.state.list('orders').map((o) => (o as { name?: string }).name))).toEqual([]);
      expect(result.progress.runs).toBeGreaterThan(0);
      if (!result.verification.ok) console.log(`verification: ${JSON.stringify(result.verification.summary)}`);
      expect(result.verification).toMatchObject({ ok: true });
      const faults = tn.requests.filter((r) => r.status >= 429).length;
      console.log(`Tiendanube → Shopify: ${JSON.stringify(tn.counts())} over ${result.progress.runs + 1} runs; ${tn.requests.length} Tiendanube requests, ${faults} answered 429/5xx`);
    } finally {
      await tn.close();
      await shopify.close();
    }
  }, 180_000);
});
