import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Connection } from '../../src/domain/connections';
import { startWooCommerceSimulator } from '../../src/sandbox/woocommerce';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { progressQuery } from '../../src/workflows/migration/messages';
import { startBigCommerceStore } from '../support/platforms/bigcommerce';
import { freshPostgresDatabase } from '../support/postgres';
import { createDevEnv, uniqueTaskQueue } from '../support/temporal';
import { startWorkerProcess } from '../support/worker-process';

const size = { categories: 4, products: 12, customers: 10, orders: 16 };

function duplicates(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  return values.filter((v): v is string => !!v).filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

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
    const connections: Record<string, Connection> = {
      'old-store': bigcommerce.connection,
      'new-store': { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
    };
    const taskQueue = uniqueTaskQueue('bigcommerce-durability');
    const workerOptions = { temporalAddress: env.address, taskQueue, databaseUrl: await freshPostgresDatabase(), connections };
    const first = startWorkerProcess(workerOptions);
    let second: ReturnType<typeof startWorkerProcess> | undefined;
    try {
      await first.ready;
      const handle = await env.client.workflow.start('fullMigration', {
        taskQueue, workflowId: `durability-${taskQueue}`,
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

      const source = bigcommerce.counts();
      expect({ products: woo.state.count('products'), customers: woo.state.count('customers'), orders: woo.state.count('orders') })
        .toEqual({ products: source.products, customers: source.customers, orders: source.orders });
      expect(duplicates(woo.state.list('products').map((p) => (p as { slug?: string }).slug))).toEqual([]);
      expect(duplicates(woo.state.list('customers').map((c) => (c as { email?: string }).email))).toEqual([]);
      if (!result.verification.ok) console.log(`verification: ${JSON.stringify(result.verification.summary)}`);
      expect(result.verification).toMatchObject({ ok: true });
    } finally {
      await first.kill();
      await second?.kill();
      await bigcommerce.close();
      await woo.close();
    }
  }, 240_000);
});
