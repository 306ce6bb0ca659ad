import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createMigrationActivities, type PageRequest } from '../../src/activities/migration/migration-activities';
import { createPlatformProvider } from '../../src/activities/migration/platform-provider';
import { createReplatformActivities } from '../../src/activities/replatform/replatform-activities';
import type { SmartUpdateRequest } from '../../src/activities/replatform/smart-update';
import { ConnectionRegistry } from '../../src/config/secrets';
import type { Platform } from '../../src/domain/catalog/platforms';
import type { Connection } from '../../src/domain/connections';
import { resolveOrderStatusMap } from '../../src/connectors/platforms/registry';
import type { PageOutcome } from '../../src/domain/migration/progress';
import type { SmartUpdateSummary } from '../../src/domain/replatform/sync-fields';
import { startTiendanubeSimulator } from '../../src/sandbox/tiendanube';
import { openStore, type Store } from '../../src/store/database';
import { IdMapRepository } from '../../src/store/id-map-repository';
import { MigrationReportRepository } from '../../src/store/migration-report-repository';
import { SmartUpdateRepository } from '../../src/store/replatform-smart-update-repository';
import { startWooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { fixtureOf } from '../support/platforms';

const ID = 'tiendanube-smart-update';

/** Migrates source → target page by page through the migration's own activity, and runs smart updates after. */
async function harness(store: Store, source: Connection, target: Connection) {
  const platforms = createPlatformProvider(new ConnectionRegistry({ source, target }));
  const idMap = new IdMapRepository(store);
  const migration = createMigrationActivities({ platforms, idMap, reports: new MigrationReportRepository(store) });
  const replatform = createReplatformActivities({ platforms, idMap, runs: new SmartUpdateRepository(store), channels: { email: async () => ({ providerId: null }) } });
  const activity = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  const statusMap = resolveOrderStatusMap(source.kind as Platform, target.kind as Platform).map;
  return {
    idMap,
    async migrate(): Promise<void> {
      for (const type of ['categories', 'products', 'customers', 'orders'] as const) {
        let cursor: string | null = null;
        do {
          const request: PageRequest = { migrationId: ID, source: 'source', target: 'target', type, cursor, pageSize: 20, concurrency: 2, statusMap, matchExisting: false };
          let outcome: PageOutcome | null = null;
          // As the workflow's retry policy would: a child category written before its parent is retried.
          for (let attempt = 1; !outcome; attempt += 1) {
            outcome = await (activity.run(migration.migratePage, request) as Promise<PageOutcome>).catch((err: unknown): null => { if (attempt >= 4) throw err; return null; });
          }
          cursor = outcome.nextCursor;
        } while (cursor);
      }
    },
    smartUpdate(since: string, fields: SmartUpdateRequest['fields']): Promise<SmartUpdateSummary> {
      const request: SmartUpdateRequest = { replatformId: ID, migrationId: ID, source: 'source', target: 'target', since, conflictPolicy: 'source-wins', statusMapOverrides: {}, pageSize: 20, fields };
      return activity.run(replatform.smartUpdate, request) as Promise<SmartUpdateSummary>;
    },
    async targetIdOf(type: string, sourceId: string): Promise<string | undefined> {
      return (await idMap.findMany(ID, type, [sourceId])).get(sourceId)?.targetId ?? undefined;
    },
  };
}

/**
 * Smart update reading its delta from Tiendanube: after a migration to WooCommerce, the old store keeps
 * trading (a price and stock change, an order shipped with tracking, a new shopper); one run asks Tiendanube
 * only for what changed (updated_at_min on every list) and carries exactly that across.
 */
describe('smart update from Tiendanube', () => {
  let store: Store;
  beforeEach(async () => { store = await openStore({}); });
  afterEach(async () => { await store?.destroy(); });

  it('reads only the changes (updated_at_min) and writes them on the target', async () => {
    const tn = await startTiendanubeSimulator({ leakPerSecond: 50, seed: { seed: 3, categories: 2, products: 4, customers: 3, orders: 4 } });
    const woo = await fixtureOf('woocommerce').start();
    try {
      const source = { kind: 'tiendanube' as const, storeId: tn.storeId, accessToken: tn.accessToken, appSecret: 's', endpoint: tn.url, userAgent: 'Cutover tests (tests@cutover.invalid)' };
      const platforms = createPlatformProvider(new ConnectionRegistry({ source, target: woo.connection }));
      const idMap = new IdMapRepository(store);
      const migration = createMigrationActivities({ platforms, idMap, reports: new MigrationReportRepository(store) });
      const replatform = createReplatformActivities({ platforms, idMap, runs: new SmartUpdateRepository(store), channels: { email: async () => ({ providerId: null }) } });
      const activity = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
      const statusMap = resolveOrderStatusMap('tiendanube', 'woocommerce').map;
      for (const type of ['categories', 'products', 'customers', 'orders'] as const) {
        let cursor: string | null = null;
        do {
          const request: PageRequest = { migrationId: ID, source: 'source', target: 'target', type, cursor, pageSize: 20, concurrency: 2, statusMap, matchExisting: false };
          let outcome: PageOutcome | null = null;
          // As the workflow's retry policy would: a child category written before its parent is retried.
          for (let attempt = 1; !outcome; attempt += 1) {
            outcome = await (activity.run(migration.migratePage, request) as Promise<PageOutcome>).catch((err: unknown): null => { if (attempt >= 4) throw err; return null; });
          }
          cursor = outcome.nextCursor;
        } while (cursor);
      }
      expect(woo.counts()).toEqual(tn.counts());

      // Tiendanube keeps whole seconds and smart update reads from one second before `since`: with the seed
      // written in the same or the previous second, every seeded record would count as changed. The run starts
      // two seconds after the seed, as a real one (a day later) would.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      // The old store keeps trading.
      const since = new Date().toISOString();
      const product = [...tn.store.products.values()][0];
      const variant = product?.variants[0];
      if (!product || !variant) throw new Error('the seed has no product');
      tn.store.updateVariant(product, variant, { price: '99.00', promotional_price: null, stock_management: true, stock: 3 });
      const toShip = tn.orders().find((o) => o.status === 'open' && o.payment_status === 'paid' && o.shipping_status === 'unpacked');
      if (!toShip) throw new Error('the seed has no paid order waiting to ship');
      tn.updateOrder(toShip.id, { shipping_status: 'fulfilled', shipping_tracking_number: 'CA555000111AR', shipping_tracking_url: 'https://www.correoargentino.com.ar/seguimiento/CA555000111AR', shipped_at: tn.store.stamp() });
      const newcomer = tn.store.createCustomer({ name: 'Nueva Clienta', email: 'nueva.clienta@example.com', accepts_marketing: true });

      const before = tn.requests.length;
      const request: SmartUpdateRequest = {
        replatformId: ID, migrationId: ID, source: 'source', target: 'target', since, conflictPolicy: 'source-wins', statusMapOverrides: {}, pageSize: 20,
        fields: { products: ['price', 'quantity', 'stockStatus'], orders: ['status', 'tracking'], customers: ['name', 'emailConsent'] },
      };
      const summary = await (activity.run(replatform.smartUpdate, request) as Promise<SmartUpdateSummary>);
      const calls = tn.requests.slice(before).filter((r) => r.method === 'GET' && /\/(products|customers|orders|categories)\?/.test(r.path));
      expect(calls.length).toBeGreaterThan(0);
      for (const call of calls) expect(call.path).toContain('updated_at_min=');
      expect(summary.failures).toEqual([]);
      expect(summary).toMatchObject({ changed: 3, updated: 2, created: 1, failed: 0 });

      const target = await woo.readCanonical();
      const ids = async (type: string, sourceId: string) => (await idMap.findMany(ID, type, [sourceId])).get(sourceId)?.targetId;
      const productId = await ids('products', String(product.id));
      const written = target.products.find((p) => p.sourceId === productId);
      expect(written?.variants.map((v) => ({ sku: v.sku, price: v.price, stock: v.inventoryQuantity }))).toContainEqual({ sku: variant.sku, price: '99.00', stock: 3 });
      const orderId = await ids('orders', String(toShip.id));
      const shipped = target.orders.find((o) => o.sourceId === orderId);
      expect(shipped?.sourceStatus).toBe('completed');
      expect(shipped?.shipments.map((s) => s.trackingNumber)).toContain('CA555000111AR');
      expect(target.customers.find((c) => c.email === newcomer.email)).toMatchObject({ firstName: 'Nueva', lastName: 'Clienta', emailMarketing: { state: 'subscribed' } });
    } finally {
      await tn.close();
      await woo.close();
    }
  });

  it('writes the changes of another store on Tiendanube: a price and stock, an order completed with tracking, a cancellation', async () => {
    const woo = await startWooCommerceSimulator({ seed: { seed: 5, categories: 2, products: 4, customers: 3, orders: 5, variableRate: 0, deletedProductRate: 0, guestOrderRate: 0 } });
    const tn = await fixtureOf('tiendanube').start();
    try {
      const [toShip, toCancel] = woo.state.list('orders');
      if (!toShip || !toCancel) throw new Error('the seed is too small');
      for (const o of [toShip, toCancel]) woo.state.patch('orders', o.id, { status: 'processing', meta_data: [] });
      const h = await harness(store, { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret }, tn.connection);
      await h.migrate();
      expect(tn.counts()).toEqual({ categories: woo.state.count('categories'), products: woo.state.count('products'), customers: woo.state.count('customers'), orders: woo.state.count('orders') });

      const since = new Date(Date.parse(`${woo.state.now()}Z`) - 1000).toISOString();
      const now = woo.state.now();
      const product = woo.state.list('products')[0];
      if (!product) throw new Error('no product');
      woo.state.patch('products', product.id, { regular_price: '77.70', sale_price: '', manage_stock: true, stock_quantity: 9, date_modified_gmt: now });
      const tracking = JSON.stringify([{ tracking_provider: 'Correo Argentino', custom_tracking_provider: '', tracking_number: 'CA000111222AR', custom_tracking_link: '', date_shipped: String(Math.floor(Date.now() / 1000)) }]);
      woo.state.patch('orders', toShip.id, { status: 'completed', meta_data: [{ id: 1, key: '_wc_shipment_tracking_items', value: tracking }], date_completed_gmt: now, date_modified_gmt: now });
      woo.state.patch('orders', toCancel.id, { status: 'cancelled', date_modified_gmt: now });

      const summary = await h.smartUpdate(since, { products: ['price', 'quantity', 'stockStatus'], orders: ['status', 'tracking'], customers: ['name'] });
      expect(summary.failures).toEqual([]);
      expect(summary.failed).toBe(0);
      const target = await tn.readCanonical();
      const productId = await h.targetIdOf('products', String(product.id));
      expect(target.products.find((p) => p.sourceId === productId)?.variants[0]).toMatchObject({ price: '77.70', inventoryQuantity: 9 });
      const shippedId = await h.targetIdOf('orders', String(toShip.id));
      const cancelledId = await h.targetIdOf('orders', String(toCancel.id));
      expect(target.orders.find((o) => o.sourceId === shippedId)).toMatchObject({ sourceStatus: 'fulfilled' });
      expect(target.orders.find((o) => o.sourceId === shippedId)?.shipments.map((s) => s.trackingNumber)).toContain('CA000111222AR');
      expect(target.orders.find((o) => o.sourceId === cancelledId)).toMatchObject({ sourceStatus: 'cancelled' });
    } finally {
      await woo.close();
      await tn.close();
    }
  });
});
