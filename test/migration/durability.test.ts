import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../src/domain/connections';
import { startShopifySimulator } from '../../src/sandbox/shopify';
import { startWooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { duplicates, migrateKillingTheWorker } from '../support/durability';
import { createDevEnv } from '../support/temporal';

const size = { categories: 5, products: 40, customers: 30, orders: 60 };

describe('a migration survives its worker being killed, and injected faults', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createDevEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it.each([
    ['no faults', 0],
    ...(process.env.ONLY_NO_FAULTS ? [] : [['10% injected faults', 0.1] as [string, number]]),
  ])('SIGKILL mid-migration with %s: the target ends with exactly the source\'s entities', async (_label, faultRate) => {
    const woo = await startWooCommerceSimulator({ seed: { seed: 11, ...size } });
    const shopify = await startShopifySimulator({ plan: 'plus' });
    // Faults a client can meet and recover from; a hung request ("timeout") only slows the test down.
    woo.faults.configure({ rate: faultRate, kinds: ['429', '500', '502', '503', 'reset', 'slow'], slowMs: 200, seed: 5 });
    shopify.state.setFaults(faultRate ? { rate: faultRate, kinds: ['http429', 'http500', 'http503', 'reset', 'slow'], slowMs: 200, seed: 6 } : null);
    try {
      const result = await migrateKillingTheWorker(env, {
        name: 'durability', pageSize: 5, pagesPerRun: 6,
        source: { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
        target: { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
      });

      const targetCounts = shopify.state.counts() as Record<string, number>;
      expect(targetCounts.products).toBe(woo.state.count('products'));
      expect(targetCounts.customers).toBe(woo.state.count('customers'));
      expect(targetCounts.orders).toBe(woo.state.count('orders'));
      expect(duplicates(shopify.state.list('products').map((p) => (p as { handle?: string }).handle))).toEqual([]);
      expect(duplicates(shopify.state.list('customers').map((c) => (c as { email?: string | null }).email))).toEqual([]);
      expect(duplicates(shopify.state.list('orders').map((o) => (o as { name?: string }).name))).toEqual([]);
      expect(result.progress.runs).toBeGreaterThan(0);
      // The summary says which entity type and check failed, which a bare `ok: false` does not.
      if (!result.verification.ok) console.log(`verification: ${JSON.stringify(result.verification.summary)}`);
      expect(result.verification).toMatchObject({ ok: true });
      console.log(`fault rate ${faultRate}: ${woo.state.count('products')} products, ${woo.state.count('customers')} customers, ${woo.state.count('orders')} orders migrated over ${result.progress.runs + 1} runs; faults injected (shopify): ${JSON.stringify(shopify.state.metrics.faultsInjected)}`);
    } finally {
      await woo.close();
      await shopify.close();
    }
  }, 240_000);
});
