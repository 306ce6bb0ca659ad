import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_SHOPIFY_API_VERSION, type Connection } from '../../src/domain/connections';
import { startShopifySimulator, type ShopifySimulator } from '../../src/sandbox/shopify';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { progressQuery } from '../../src/workflows/migration/messages';
import { freshPostgresDatabase } from '../support/postgres';
import { createDevEnv, uniqueTaskQueue } from '../support/temporal';
import { startWorkerProcess } from '../support/worker-process';

const size = { categories: 5, products: 40, customers: 30, orders: 60 };

function connections(woo: WooCommerceSimulator, shopify: ShopifySimulator): Record<string, Connection> {
  return {
    'old-store': { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
    'new-store': { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
  };
}

/** Each natural key appears once on the target: no duplicates. */
function duplicates(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  return values.filter((v): v is string => !!v).filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

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
    const taskQueue = uniqueTaskQueue('durability');
    const workerOptions = { temporalAddress: env.address, taskQueue, databaseUrl: await freshPostgresDatabase(), connections: connections(woo, shopify) };
    const first = startWorkerProcess(workerOptions);
    let second: ReturnType<typeof startWorkerProcess> | undefined;
    try {
      await first.ready;
      const workflowId = `durability-${taskQueue}`;
      const handle = await env.client.workflow.start('fullMigration', {
        taskQueue, workflowId,
        args: [{ source: { connection: 'old-store' }, target: { connection: 'new-store' }, pageSize: 5, concurrency: 4, pagesPerRun: 6, holdForRetry: '0s' }],
      });
      // Kill the worker once customers are on their way: categories and products are done, the rest not.
      for (let i = 0; i < 600; i++) {
        const progress = await handle.query(progressQuery).catch(() => null);
        if (progress && progress.entities.customers.done > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await first.kill();
      second = startWorkerProcess(workerOptions);
      await second.ready;
      const result = (await handle.result()) as FullMigrationResult;

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
      await first.kill();
      await second?.kill();
      await woo.close();
      await shopify.close();
    }
  }, 240_000);
});
