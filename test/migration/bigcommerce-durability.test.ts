import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startWooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { duplicates, migrateKillingTheWorker } from '../support/durability';
import { startBigCommerceStore } from '../support/platforms/bigcommerce';
import { createDevEnv } from '../support/temporal';

const size = { categories: 4, products: 12, customers: 10, orders: 16 };

/**
 * BigCommerce → WooCommerce with the worker SIGKILLed mid-migration and 10% of BigCommerce's answers
 * faulted (429 with its quota headers, 5xx, resets, slow answers): the target ends with exactly the
 * source's entities, none twice. (WooCommerce's own faults are the WooCommerce ⇄ Shopify durability test's.)
 */
describe('a migration from BigCommerce survives its worker being killed, and injected faults', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createDevEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('SIGKILL mid-migration with 10% injected faults: WooCommerce ends with exactly BigCommerce\'s entities', async () => {
    // A short quota window: an injected 429 says the quota resets within 3 s (not 30), and the adapter waits that out.
    const bigcommerce = await startBigCommerceStore({ seed: { seed: 12, ...size }, rateLimit: { quota: 1000, windowMs: 3000 } });
    const woo = await startWooCommerceSimulator({});
    bigcommerce.sim.faults.configure({ rate: 0.1, kinds: ['429', '500', '502', '503', 'reset', 'slow'], slowMs: 200, seed: 7 });
    try {
      const result = await migrateKillingTheWorker(env, {
        name: 'bigcommerce-durability', pageSize: 5, pagesPerRun: 6,
        source: bigcommerce.connection,
        target: { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
      });

      const source = bigcommerce.counts();
      expect({ products: woo.state.count('products'), customers: woo.state.count('customers'), orders: woo.state.count('orders') })
        .toEqual({ products: source.products, customers: source.customers, orders: source.orders });
      expect(duplicates(woo.state.list('products').map((p) => (p as { slug?: string }).slug))).toEqual([]);
      expect(duplicates(woo.state.list('customers').map((c) => (c as { email?: string }).email))).toEqual([]);
      if (!result.verification.ok) console.log(`verification: ${JSON.stringify(result.verification.summary)}`);
      expect(result.verification).toMatchObject({ ok: true });
    } finally {
      await bigcommerce.close();
      await woo.close();
    }
  }, 240_000);
});
