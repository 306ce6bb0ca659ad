import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createMigrationActivities, type PageRequest } from '../../src/activities/migration/migration-activities';
import { createPlatformProvider } from '../../src/activities/migration/platform-provider';
import { createReplatformActivities } from '../../src/activities/replatform/replatform-activities';
import type { SmartUpdateRequest } from '../../src/activities/replatform/smart-update';
import { ConnectionRegistry } from '../../src/config/secrets';
import { type Connection, DEFAULT_SHOPIFY_API_VERSION } from '../../src/domain/connections';
import type { Platform } from '../../src/domain/catalog/platforms';
import { resolveOrderStatusMap } from '../../src/connectors/platforms/registry';
import type { PageOutcome } from '../../src/domain/migration/progress';
import type { SmartUpdateSummary } from '../../src/domain/replatform/sync-fields';
import { type ShopifySimulator, startShopifySimulator } from '../../src/sandbox/shopify';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { openStore, type Store } from '../../src/store/database';
import { IdMapRepository } from '../../src/store/id-map-repository';
import { MigrationReportRepository } from '../../src/store/migration-report-repository';
import { SmartUpdateRepository } from '../../src/store/replatform-smart-update-repository';

/**
 * Smart update's activity against the real simulators, both ways: every chosen field reaches the target
 * through the calls the target needs (Shopify: orderMarkAsPaid, orderCancel, fulfillmentCreate,
 * fulfillmentTrackingInfoUpdate, orderClose), customers follow (consent by its newest dated change), and a
 * field the target cannot hold is reported per field, never counted as written.
 */

const ID = 'smart-update-targets';
const fields: SmartUpdateRequest['fields'] = {
  products: ['quantity', 'stockStatus', 'price'], orders: ['status', 'statusHistory', 'tracking'],
  customers: ['name', 'phone', 'addresses', 'tags', 'emailConsent', 'smsConsent'],
};

function wooConnection(sim: WooCommerceSimulator): Connection {
  return { kind: 'woocommerce', url: sim.url, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret };
}
function shopifyConnection(sim: ShopifySimulator): Connection {
  return { kind: 'shopify', shopDomain: sim.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: sim.accessToken, endpoint: sim.url };
}

interface Harness {
  migrate(): Promise<void>;
  smartUpdate(since: string): Promise<SmartUpdateSummary>;
  targetIdOf(type: 'products' | 'customers' | 'orders', sourceId: string): Promise<string>;
}

async function harness(store: Store, source: Connection, target: Connection): Promise<Harness> {
  // As the full migration resolves it at its preflight.
  const statusMap = resolveOrderStatusMap(platformOf(source), platformOf(target)).map;
  const platforms = createPlatformProvider(new ConnectionRegistry({ source, target }));
  const idMap = new IdMapRepository(store);
  const migration = createMigrationActivities({ platforms, idMap, reports: new MigrationReportRepository(store) });
  const replatform = createReplatformActivities({ platforms, idMap, runs: new SmartUpdateRepository(store), channels: { email: async () => ({ providerId: null }) } });
  const activity = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  return {
    async migrate() {
      for (const type of ['categories', 'products', 'customers', 'orders'] as const) {
        let cursor: string | null = null;
        do {
          const request: PageRequest = { migrationId: ID, source: 'source', target: 'target', type, cursor, pageSize: 20, concurrency: 2, statusMap, matchExisting: false };
          let outcome: PageOutcome | null = null;
          // As the workflow's retry policy would: a child category written before its parent is retried.
          for (let attempt = 1; !outcome; attempt += 1) {
            outcome = await (activity.run(migration.migratePage, request) as Promise<PageOutcome>).catch((err: unknown): null => {
              if (attempt >= 4) throw err;
              return null;
            });
          }
          cursor = outcome.nextCursor;
        } while (cursor);
      }
    },
    smartUpdate(since) {
      const request: SmartUpdateRequest = {
        replatformId: ID, migrationId: ID, source: 'source', target: 'target', since, fields, conflictPolicy: 'target-wins', statusMapOverrides: {}, pageSize: 20,
      };
      return activity.run(replatform.smartUpdate, request) as Promise<SmartUpdateSummary>;
    },
    async targetIdOf(type, sourceId) {
      const entry = (await idMap.findMany(ID, type, [sourceId])).get(sourceId);
      if (!entry?.targetId) throw new Error(`${type} ${sourceId} was not migrated: ${entry?.error ?? 'no id map entry'}`);
      return entry.targetId;
    },
  };
}

const platformOf = (c: Connection): Platform => (c.kind === 'shopify' ? 'shopify' : 'woocommerce');
const meta = (key: string, value: string) => ({ id: Math.floor(Math.random() * 1e9), key, value });
const counts = (s: SmartUpdateSummary, type: string, field: string) => s.fields[type]?.[field];

describe('smart update writes every chosen field on the target, or says it cannot', () => {
  let store: Store;
  beforeEach(async () => { store = await openStore({}); });
  afterEach(async () => { await store?.destroy(); });

  it('WooCommerce → Shopify: payment, cancellation, a new shipment with tracking, prices, stock, a new customer and an unsubscribe reach Shopify; target edits stay', async () => {
    const woo = await startWooCommerceSimulator({ seed: { seed: 5, categories: 2, products: 4, customers: 3, orders: 5, variableRate: 0, deletedProductRate: 0, guestOrderRate: 0 } });
    const shopify = await startShopifySimulator({ plan: 'plus' });
    try {
      const orders = woo.state.list('orders');
      const [toPay, toCancel, toShip, toClose] = orders;
      const customers = woo.state.list('customers');
      const [unsubscriber, editedOnTarget] = customers;
      if (!toPay || !toCancel || !toShip || !toClose || !unsubscriber || !editedOnTarget) throw new Error('the seed is too small');
      const old = '2025-01-01T00:00:00';
      // As the shop stood at the migration: one order unpaid, three paid and not shipped yet; two shoppers subscribed.
      woo.state.patch('orders', toPay.id, { status: 'pending', meta_data: [] });
      for (const o of [toCancel, toShip, toClose]) woo.state.patch('orders', o.id, { status: 'processing', meta_data: [] });
      for (const c of [unsubscriber, editedOnTarget]) {
        woo.state.patch('customers', c.id, { meta_data: [meta('_cutover_email_marketing_consent', 'subscribed'), meta('_cutover_email_marketing_consent_at', old)] });
      }
      const h = await harness(store, wooConnection(woo), shopifyConnection(shopify));
      await h.migrate();
      expect(shopify.state.counts()).toMatchObject({ orders: orders.length, customers: customers.length });

      // Changes on the old store during the smart-update phase.
      const since = new Date(Date.parse(`${woo.state.now()}Z`) - 1000).toISOString();
      const now = woo.state.now();
      const product = woo.state.list('products')[0];
      if (!product) throw new Error('no product');
      woo.state.patch('products', product.id, { regular_price: '77.70', sale_price: '', manage_stock: true, stock_quantity: 9, date_modified_gmt: now });
      woo.state.patch('orders', toPay.id, { status: 'processing', date_paid_gmt: now, date_modified_gmt: now });
      woo.state.patch('orders', toCancel.id, { status: 'cancelled', date_modified_gmt: now });
      const tracking = JSON.stringify([{ tracking_provider: 'DHL', custom_tracking_provider: '', tracking_number: 'JD014600006281', custom_tracking_link: '', date_shipped: String(Math.floor(Date.now() / 1000)) }]);
      woo.state.patch('orders', toShip.id, { meta_data: [meta('_wc_shipment_tracking_items', tracking)], date_modified_gmt: now });
      woo.state.patch('orders', toClose.id, { status: 'completed', date_completed_gmt: now, date_modified_gmt: now });
      woo.state.patch('customers', unsubscriber.id, {
        meta_data: [meta('_cutover_email_marketing_consent', 'unsubscribed'), meta('_cutover_email_marketing_consent_at', now)], date_modified_gmt: now,
      });
      // The source renames a shopper whose consent it still shows as the old subscribe...
      woo.state.patch('customers', editedOnTarget.id, { first_name: 'Renamed', date_modified_gmt: now });
      const newcomer = woo.state.put('customers', {
        ...editedOnTarget, id: woo.state.nextUserId(), email: 'new.shopper@example.com', username: 'new.shopper', first_name: 'Nueva', last_name: 'Clienta',
        billing: { ...editedOnTarget.billing, email: 'new.shopper@example.com', phone: '+5491155550199' }, shipping: { ...editedOnTarget.shipping },
        meta_data: [], date_created_gmt: now, date_modified_gmt: now,
      });
      // ...while on the new store that shopper unsubscribed (dated now) and the merchant tagged them.
      const targetCustomer = shopify.state.get('customers', await h.targetIdOf('customers', String(editedOnTarget.id)));
      if (!targetCustomer) throw new Error('the customer is not on Shopify');
      targetCustomer.emailMarketingConsent = { marketingState: 'UNSUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: new Date().toISOString() };
      targetCustomer.tags = ['vip'];

      const summary = await h.smartUpdate(since);
      expect(summary.failures).toEqual([]);

      const order = async (o: { id: number }) => shopify.state.get('orders', await h.targetIdOf('orders', String(o.id)));
      expect((await order(toPay))?.financialStatus).toBe('PAID');
      expect((await order(toCancel))?.cancelledAt).not.toBeNull();
      const shipped = await order(toShip);
      expect(shipped?.fulfillments.flatMap((f) => f.tracking)).toEqual([{ company: 'DHL', number: 'JD014600006281', url: null }]);
      const closed = await order(toClose);
      expect(closed?.fulfillments.length).toBeGreaterThan(0);
      expect(closed?.closedAt).not.toBeNull();

      const targetProduct = shopify.state.get('products', await h.targetIdOf('products', String(product.id)));
      const variant = shopify.state.list('variants').find((v) => v.productId === targetProduct?.id);
      expect(variant).toMatchObject({ price: 777_000, inventoryQuantity: 9 });

      const unsubscribed = shopify.state.get('customers', await h.targetIdOf('customers', String(unsubscriber.id)));
      expect(unsubscribed?.emailMarketingConsent?.marketingState).toBe('UNSUBSCRIBED');
      // The newer unsubscribe on the new store stays; the source's rename arrives; the merchant's tag stays.
      const edited = shopify.state.get('customers', targetCustomer.id);
      expect(edited).toMatchObject({ firstName: 'Renamed', tags: ['vip'] });
      expect(edited?.emailMarketingConsent?.marketingState).toBe('UNSUBSCRIBED');
      expect(shopify.state.list('customers').some((c) => c.email === newcomer.email)).toBe(true);

      expect(counts(summary, 'orders', 'status')).toMatchObject({ written: 3, failed: 0, 'unsupported-on-target': 0 });
      expect(counts(summary, 'orders', 'tracking')).toMatchObject({ written: 1 });
      expect(counts(summary, 'customers', 'emailConsent')).toMatchObject({ written: 1, 'skipped-unchanged': 1 });
      expect(counts(summary, 'customers', 'tags')).toMatchObject({ 'skipped-unchanged': 2 });
      expect(summary.created).toBeGreaterThanOrEqual(1);

      // A second run with nothing new on the source writes nothing and counts nothing as updated.
      const again = await h.smartUpdate(summary.startedAt);
      expect(again).toMatchObject({ updated: 0, failed: 0 });
    } finally {
      await woo.close();
      await shopify.close();
    }
  }, 120_000);

  it('a status Shopify cannot take (a cancelled order paid again on the source) is reported unsupported-on-target, not updated', async () => {
    const woo = await startWooCommerceSimulator({ seed: { seed: 6, categories: 1, products: 2, customers: 1, orders: 1, variableRate: 0, deletedProductRate: 0, guestOrderRate: 0 } });
    const shopify = await startShopifySimulator({ plan: 'plus' });
    try {
      const [o] = woo.state.list('orders');
      if (!o) throw new Error('no order');
      woo.state.patch('orders', o.id, { status: 'cancelled', meta_data: [] });
      const h = await harness(store, wooConnection(woo), shopifyConnection(shopify));
      await h.migrate();
      const since = new Date(Date.parse(`${woo.state.now()}Z`) - 1000).toISOString();
      woo.state.patch('orders', o.id, { status: 'processing', date_modified_gmt: woo.state.now() });
      const summary = await h.smartUpdate(since);
      expect(summary).toMatchObject({ changed: 1, failed: 0 });
      expect(summary.updated).toBe(0);
      expect(counts(summary, 'orders', 'status')).toMatchObject({ written: 0, 'unsupported-on-target': 1 });
      expect(summary.fieldProblems).toEqual([expect.objectContaining({ entityType: 'orders', sourceId: String(o.id), field: 'status', outcome: 'unsupported-on-target', reason: expect.stringMatching(/cannot restore a cancelled order/) })]);
    } finally {
      await woo.close();
      await shopify.close();
    }
  }, 120_000);
});
