import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConnectionRegistry } from '../../src/config/secrets';
import { entityTypes } from '../../src/domain/catalog/entities';
import { DEFAULT_SHOPIFY_API_VERSION, type Connection } from '../../src/domain/connections';
import { startShopifySimulator } from '../../src/sandbox/shopify';
import { startWooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { openStore, type Store } from '../../src/store/database';
import { MigrationReportRepository } from '../../src/store/migration-report-repository';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { startBigCommerceStore } from '../support/platforms/bigcommerce';
import { createDevEnv, createTestWorker, uniqueTaskQueue } from '../support/temporal';

const size = { categories: 4, products: 12, customers: 8, orders: 15 };

describe('fullMigration to and from BigCommerce, between the real adapters and the protocol simulators', () => {
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
    const taskQueue = uniqueTaskQueue('bigcommerce-round-trip');
    const worker = await createTestWorker(env, { connections: new ConnectionRegistry(connections), store }, { taskQueue });
    return worker.runUntil(env.client.workflow.execute('fullMigration', {
      taskQueue, workflowId: migrationId,
      args: [{ source: { connection: 'source' }, target: { connection: 'target' }, pageSize: 5, holdForRetry: '0s' }],
    }));
  }

  async function expectClean(migrationId: string, result: FullMigrationResult): Promise<void> {
    const report = await new MigrationReportRepository(store).find(migrationId);
    for (const type of entityTypes) {
      const v = report!.entities[type]!;
      expect({ type, failed: v.failures, mismatched: v.mismatched, missing: v.missingOnTarget }).toEqual({ type, failed: [], mismatched: [], missing: [] });
      expect(v.migrated).toBe(v.sourceCount);
    }
    expect(result.verification.ok).toBe(true);
  }

  it('WooCommerce → BigCommerce: every entity arrives once and verifies', async () => {
    const woo = await startWooCommerceSimulator({ seed: { seed: 7, ...size } });
    const bigcommerce = await startBigCommerceStore();
    try {
      const connections: Record<string, Connection> = {
        source: { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
        target: bigcommerce.connection,
      };
      const result = await migrate(connections, 'woo-to-bigcommerce');
      await expectClean('woo-to-bigcommerce', result);
      expect(bigcommerce.counts()).toEqual({ categories: woo.state.count('categories'), products: woo.state.count('products'), customers: woo.state.count('customers'), orders: woo.state.count('orders') });
      // The source's order numbers are kept where BigCommerce keeps another system's order id.
      const orders = await bigcommerce.readAll('orders');
      expect(orders.every((o) => /^\d+$/.test(o.number) && o.number !== o.sourceId)).toBe(true);
    } finally {
      await woo.close();
      await bigcommerce.close();
    }
  });

  it('Shopify → BigCommerce: every entity arrives once and verifies', async () => {
    const shopify = await startShopifySimulator({ plan: 'plus', seed: { seed: 3, collections: size.categories, products: size.products, customers: size.customers, orders: size.orders } });
    const bigcommerce = await startBigCommerceStore({ storeHash: 'fromshopify' });
    try {
      const connections: Record<string, Connection> = {
        source: { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
        target: bigcommerce.connection,
      };
      const result = await migrate(connections, 'shopify-to-bigcommerce');
      await expectClean('shopify-to-bigcommerce', result);
      expect(bigcommerce.counts().orders).toBe((shopify.state.counts() as Record<string, number>).orders);
    } finally {
      await shopify.close();
      await bigcommerce.close();
    }
  });

  it('BigCommerce → WooCommerce: every entity arrives once and verifies', async () => {
    const bigcommerce = await startBigCommerceStore({ seed: { seed: 8, ...size } });
    const woo = await startWooCommerceSimulator({});
    try {
      const connections: Record<string, Connection> = {
        source: bigcommerce.connection,
        target: { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
      };
      const result = await migrate(connections, 'bigcommerce-to-woo');
      await expectClean('bigcommerce-to-woo', result);
      expect(woo.state.count('orders')).toBe(size.orders);
    } finally {
      await bigcommerce.close();
      await woo.close();
    }
  });

  it('BigCommerce → Shopify: every entity arrives once and verifies', async () => {
    const bigcommerce = await startBigCommerceStore({ seed: { seed: 3, ...size } });
    const shopify = await startShopifySimulator({ plan: 'plus' });
    try {
      const connections: Record<string, Connection> = {
        source: bigcommerce.connection,
        target: { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
      };
      const result = await migrate(connections, 'bigcommerce-to-shopify');
      await expectClean('bigcommerce-to-shopify', result);
      const counts = shopify.state.counts() as Record<string, number>;
      expect(counts.products).toBe(size.products);
      expect(counts.customers).toBe(size.customers);
      expect(counts.orders).toBe(size.orders);
    } finally {
      await bigcommerce.close();
      await shopify.close();
    }
  });
});
