import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../src/domain/connections';
import { startShopifySimulator } from '../../src/sandbox/shopify';
import { startTiendanubeSimulator } from '../../src/sandbox/tiendanube';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { progressQuery } from '../../src/workflows/migration/messages';
import { freshPostgresDatabase } from '../support/postgres';
import { createDevEnv, uniqueTaskQueue } from '../support/temporal';
import { startWorkerProcess } from '../support/worker-process';

const size = { categories: 3, products: 10, customers: 8, orders: 10 };

function duplicates(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  return values.filter((v): v is string => !!v).filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

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
    const taskQueue = uniqueTaskQueue('durability-tn');
    const workerOptions = {
      temporalAddress: env.address, taskQueue, databaseUrl: await freshPostgresDatabase(),
      connections: {
        'old-store': { kind: 'tiendanube' as const, storeId: tn.storeId, accessToken: tn.accessToken, appSecret: 'test-app-secret', endpoint: tn.url, userAgent: 'Cutover tests (tests@cutover.invalid)' },
        'new-store': { kind: 'shopify' as const, shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
      },
    };
    const first = startWorkerProcess(workerOptions);
    let second: ReturnType<typeof startWorkerProcess> | undefined;
    try {
      await first.ready;
      const handle = await env.client.workflow.start('fullMigration', {
        taskQueue, workflowId: `durability-${taskQueue}`,
        args: [{ source: { connection: 'old-store' }, target: { connection: 'new-store' }, pageSize: 4, concurrency: 4, pagesPerRun: 4, holdForRetry: '0s' }],
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
      await first.kill();
      await second?.kill();
      await tn.close();
      await shopify.close();
    }
  }, 180_000);
});
