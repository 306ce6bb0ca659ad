import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConnectionRegistry } from '../../src/config/secrets';
import { entityTypes } from '../../src/domain/catalog/entities';
import { DEFAULT_SHOPIFY_API_VERSION, type Connection } from '../../src/domain/connections';
import { startShopifySimulator, type ShopifySimulator } from '../../src/sandbox/shopify';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { openStore, type Store } from '../../src/store/database';
import { MigrationReportRepository } from '../../src/store/migration-report-repository';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { createDevEnv, createTestWorker, uniqueTaskQueue } from '../support/temporal';

const size = { categories: 4, products: 12, customers: 8, orders: 15 };

function shopifyConnection(sim: ShopifySimulator): Connection {
  return { kind: 'shopify', shopDomain: sim.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: sim.accessToken, endpoint: sim.url };
}
function wooConnection(sim: WooCommerceSimulator): Connection {
  return { kind: 'woocommerce', url: sim.url, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret };
}

describe('fullMigration between the real adapters and the protocol simulators', () => {
  let env: TestWorkflowEnvironment;
  let store: Store;
  beforeAll(async () => {
    env = await createDevEnv();
    store = await openStore({});
  });
  afterAll(async () => {
    await store?.destroy();
    await env?.teardown();
  });

  async function migrate(connections: Record<string, Connection>, migrationId: string): Promise<FullMigrationResult> {
    const taskQueue = uniqueTaskQueue('round-trip');
    const worker = await createTestWorker(env, { connections: new ConnectionRegistry(connections), store }, { taskQueue });
    return worker.runUntil(env.client.workflow.execute('fullMigration', {
      taskQueue, workflowId: migrationId,
      args: [{ source: { connection: 'source' }, target: { connection: 'target' }, pageSize: 5, holdForRetry: '0s' }],
    }));
  }

  it('WooCommerce → Shopify: every entity arrives once and verifies', async () => {
    const woo = await startWooCommerceSimulator({ seed: { seed: 7, ...size } });
    const shopify = await startShopifySimulator({ plan: 'plus' });
    try {
      const result = await migrate({ source: wooConnection(woo), target: shopifyConnection(shopify) }, 'woo-to-shopify');
      const report = await new MigrationReportRepository(store).find('woo-to-shopify');
      expect(report?.entities).toBeDefined();
      const counts = shopify.state.counts() as Record<string, number>;
      for (const type of entityTypes) {
        const v = report!.entities[type]!;
        expect({ type, failed: v.failures, mismatched: v.mismatched, missing: v.missingOnTarget }).toEqual({ type, failed: [], mismatched: [], missing: [] });
        expect(v.migrated).toBe(v.sourceCount);
      }
      expect(counts.products).toBe(woo.state.count('products'));
      expect(counts.customers).toBe(woo.state.count('customers'));
      expect(counts.orders).toBe(woo.state.count('orders'));
      expect(result.verification.ok).toBe(true);
    } finally {
      await woo.close();
      await shopify.close();
    }
  });

  it('Shopify → WooCommerce: every entity arrives once and verifies', async () => {
    const shopify = await startShopifySimulator({ plan: 'plus', seed: { seed: 3, collections: size.categories, products: size.products, customers: size.customers, orders: size.orders } });
    const woo = await startWooCommerceSimulator({});
    try {
      const result = await migrate({ source: shopifyConnection(shopify), target: wooConnection(woo) }, 'shopify-to-woo');
      const report = await new MigrationReportRepository(store).find('shopify-to-woo');
      for (const type of entityTypes) {
        const v = report!.entities[type]!;
        expect({ type, failed: v.failures, mismatched: v.mismatched, missing: v.missingOnTarget }).toEqual({ type, failed: [], mismatched: [], missing: [] });
        expect(v.migrated).toBe(v.sourceCount);
      }
      expect(woo.state.count('orders')).toBe((shopify.state.counts() as Record<string, number>).orders);
      expect(result.verification.ok).toBe(true);
    } finally {
      await woo.close();
      await shopify.close();
    }
  });
});
