import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import type { WorkflowHandle } from '@temporalio/client';
import { formatReplatformStatus } from '../../src/cli/replatform';
import { ConnectionRegistry } from '../../src/config/secrets';
import { type Connection, DEFAULT_SHOPIFY_API_VERSION } from '../../src/domain/connections';
import { espHandoffWorkflowId, MODEL_TRAINED_SIGNAL } from '../../src/domain/esp/handoff';
import type { ReplatformReport, ReplatformStatus } from '../../src/domain/replatform/status';
import { type CortexSftpSimulator, startCortexSftpSimulator } from '../../src/sandbox/cortex-sftp';
import { type KlaviyoSimulator, startKlaviyoSimulator } from '../../src/sandbox/klaviyo';
import { type OmnisendSimulator, startOmnisendSimulator } from '../../src/sandbox/omnisend';
import { type ShopifySimulator, startShopifySimulator } from '../../src/sandbox/shopify';
import { SmtpSink } from '../../src/sandbox/smtp';
import { startWooCommerceSimulator, storedWebhooks, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { checklistDoneUpdate, statusQuery } from '../../src/workflows/replatform/messages';
import { KLAVIYO_KEY, seedKlaviyo } from '../esp/klaviyo-fixture';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue, useTestBed } from '../support/temporal';
import { CUTOVER_URL, day, eventually, questionnaire } from './support';

/**
 * The whole re-platform on the time-skipping server with nothing standing in: the production worker, the real
 * WooCommerce and Shopify simulators as the old and new stores, the real espHandoff child against the
 * Klaviyo, Omnisend and Cortex (SFTP) simulators, and the tech contact's emails at an SMTP sink. Questionnaire,
 * full migration, three smart updates with changes on the old store and edits on the new one (checked field
 * by field after each), launch by signal, deactivation.
 */

const meta = (key: string, value: string) => ({ id: Math.floor(Math.random() * 1e9), key, value });

interface Outside {
  woo: WooCommerceSimulator;
  shopify: ShopifySimulator;
  klaviyo: KlaviyoSimulator;
  omnisendOld: OmnisendSimulator;
  omnisendNew: OmnisendSimulator;
  cortexNew: CortexSftpSimulator;
  smtp: SmtpSink;
  close(): Promise<void>;
}

async function startOutside(wooSeed: Parameters<typeof startWooCommerceSimulator>[0], shopifySeed: Parameters<typeof startShopifySimulator>[0]): Promise<Outside> {
  const woo = await startWooCommerceSimulator(wooSeed);
  const shopify = await startShopifySimulator(shopifySeed);
  const klaviyo = await startKlaviyoSimulator({ apiKey: KLAVIYO_KEY, limits: { burstPerSecond: 1000, steadyPerMinute: 10000 } });
  seedKlaviyo(klaviyo);
  const omnisendOld = await startOmnisendSimulator({ apiKey: 'old-key', requestsPerMinute: 100000 });
  const omnisendNew = await startOmnisendSimulator({ apiKey: 'new-key', requestsPerMinute: 100000 });
  omnisendOld.seed({ firstName: 'Sub', identifiers: [{ type: 'email', id: 'sub@example.com', channels: { email: { status: 'subscribed', statusDate: '2024-03-01T10:00:00Z' } } }] });
  const cortexNew = await startCortexSftpSimulator();
  const smtp = await new SmtpSink().start();
  return {
    woo, shopify, klaviyo, omnisendOld, omnisendNew, cortexNew, smtp,
    async close() {
      await Promise.allSettled([woo.close(), shopify.close(), klaviyo.close(), omnisendOld.close(), omnisendNew.close(), cortexNew.close(), smtp.stop()]);
    },
  };
}

function connections(o: Outside, direction: 'woo-to-shopify' | 'shopify-to-woo'): ConnectionRegistry {
  const woo: Connection = { kind: 'woocommerce', url: o.woo.url, consumerKey: o.woo.consumerKey, consumerSecret: o.woo.consumerSecret };
  const shopify: Connection = { kind: 'shopify', shopDomain: o.shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: o.shopify.accessToken, endpoint: o.shopify.url };
  return new ConnectionRegistry({
    'old-shop': direction === 'woo-to-shopify' ? woo : shopify,
    'new-shop': direction === 'woo-to-shopify' ? shopify : woo,
    'klaviyo-main': { kind: 'klaviyo', privateApiKey: KLAVIYO_KEY, endpoint: o.klaviyo.url },
    'omnisend-old': { kind: 'omnisend', apiKey: 'old-key', endpoint: o.omnisendOld.url },
    'omnisend-new': { kind: 'omnisend', apiKey: 'new-key', endpoint: o.omnisendNew.url },
    // The old Cortex instance's feed host is gone by now; the new one is a real SFTP server.
    'cortex-old': { kind: 'cortex', sftpHost: '127.0.0.1', sftpPort: 1, username: 'old', password: 'x', csmEmail: 'csm@retentionscience.com' },
    'cortex-new': { kind: 'cortex', sftpHost: o.cortexNew.host, sftpPort: o.cortexNew.port, username: o.cortexNew.username, password: o.cortexNew.password, csmEmail: 'csm@retentionscience.com' },
    mail: { kind: 'smtp', host: '127.0.0.1', port: o.smtp.port, secure: false, from: 'cutover@cutover.test' },
  });
}

function input(storeDomain: string, now: number, targetPlatform: 'shopify' | 'woocommerce') {
  return {
    storeDomain, source: { connection: 'old-shop' }, target: { connection: 'new-shop' }, emailConnection: 'mail',
    smartUpdateEvery: '1 day', remindEvery: '3 days', migration: { pageSize: 10 },
    sync: { products: ['quantity', 'stockStatus', 'price'], orders: ['status', 'statusHistory', 'tracking'], customers: ['name', 'phone', 'addresses', 'tags', 'emailConsent', 'smsConsent'] },
    questionnaire: questionnaire({
      targetPlatform, data: 'move', launchDate: day(14, now), activationDate: day(14, now), deactivationDate: day(28, now),
      esps: [
        { provider: 'klaviyo', connection: 'klaviyo-main', options: { welcomeSeriesFlows: ['Welcome Series'], syncDeadline: '6 hours' } },
        { provider: 'omnisend', connection: 'omnisend-old', newConnection: 'omnisend-new', options: {} },
        { provider: 'cortex', connection: 'cortex-old', newConnection: 'cortex-new' },
      ],
    }, now),
  };
}

/** Runs one smart update now (syncNow) and waits for it to be counted. */
async function smartUpdate(handle: WorkflowHandle, status: () => Promise<ReplatformStatus>): Promise<ReplatformStatus> {
  const before = (await status()).smartUpdate.runs;
  await handle.signal('syncNow');
  return eventually(status, (st) => st.smartUpdate.runs > before, 'a smart update run', 1200);
}

/** Where a long test is, on stderr (a hang shows its last step). */
const progress = (step: string): void => { process.stderr.write(`[whole-lifecycle] ${step}\n`); };

const fieldCounts = (st: ReplatformStatus, type: string, field: string) => st.smartUpdate.last?.fields[type]?.[field];

describe('the whole re-platform lifecycle without stand-ins (time-skipping server)', () => {
  const bed = useTestBed(createTimeSkippingEnv, 'each-test');

  it('WooCommerce → Shopify: questionnaire, migration, three smart updates checked field by field, launch by signal, deactivation; emails at the SMTP sink', async () => {
    const o = await startOutside({ seed: { seed: 11, categories: 2, products: 4, customers: 3, orders: 5, variableRate: 0, deletedProductRate: 0, guestOrderRate: 0 } }, { plan: 'plus' });
    try {
      const woo = o.woo;
      const orders = woo.state.list('orders');
      const [toPay, toCancel, toShip, toRetrack] = orders;
      const [unsubscriber, editedOnTarget] = woo.state.list('customers');
      const product = woo.state.list('products')[0];
      if (!toPay || !toCancel || !toShip || !toRetrack || !unsubscriber || !editedOnTarget || !product) throw new Error('the seed is too small');
      // The old store as it stands at the migration: one order unpaid, two paid and waiting, one shipped; two subscribers.
      woo.state.patch('orders', toPay.id, { status: 'pending', meta_data: [] });
      for (const ord of [toCancel, toShip]) woo.state.patch('orders', ord.id, { status: 'processing', meta_data: [] });
      woo.state.patch('orders', toRetrack.id, { status: 'completed', meta_data: [meta('_tracking_provider', 'UPS'), meta('_tracking_number', '1Z999AA10123456784')] });
      for (const c of [unsubscriber, editedOnTarget]) {
        woo.state.patch('customers', c.id, { meta_data: [meta('_cutover_email_marketing_consent', 'subscribed'), meta('_cutover_email_marketing_consent_at', '2025-01-01T00:00:00')] });
      }
      // The old store's webhooks: two point at Cutover, one elsewhere.
      const api = new WooCommerceRestApi({ url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, version: 'wc/v3' });
      await api.post('webhooks', { name: 'Cutover orders', topic: 'order.updated', delivery_url: `${CUTOVER_URL}/webhooks/woocommerce/old-shop` });
      await api.post('webhooks', { name: 'Klaviyo customers', topic: 'customer.created', delivery_url: 'https://a.klaviyo.com/api/webhooks/woocommerce' });

      const taskQueue = uniqueTaskQueue('whole-lifecycle');
      const worker = await createTestWorker(bed.env, { connections: connections(o, 'woo-to-shopify'), store: bed.store, publicUrl: CUTOVER_URL }, { taskQueue });
      const now = await bed.env.currentTimeMs();
      const report = await worker.runUntil(async () => {
        const handle = await bed.env.client.workflow.start('replatform', { taskQueue, workflowId: `replatform-whole-w2s-${taskQueue}`, args: [input('whole-w2s.example', now, 'shopify')] });
        const status = () => handle.query(statusQuery);
        const migrated = await eventually(status, (st) => st.phase === 'smart-update', 'the full migration', 1800);
        expect(migrated.migration.verified).toBe(true);
        progress('w2s migrated');
        const shopify = o.shopify.state;
        expect(shopify.counts()).toMatchObject({ products: 4, customers: 3, orders: 5 });
        const shopOrder = (sourceId: number) => shopify.list('orders').find((r) => r.name === `#${sourceId}`);
        const shopCustomer = (email: string) => shopify.list('customers').find((c) => c.email === email);
        const shopVariant = () => {
          const p = shopify.list('products').find((r) => r.handle === product.slug);
          return shopify.list('variants').find((v) => v.productId === p?.id);
        };
        const touch = () => woo.state.now();

        // Smart update 1: a new price and stock, a payment; on the new store the merchant tags a customer.
        woo.state.patch('products', product.id, { regular_price: '77.70', sale_price: '', manage_stock: true, stock_quantity: 9, date_modified_gmt: touch() });
        woo.state.patch('orders', toPay.id, { status: 'processing', date_paid_gmt: touch(), date_modified_gmt: touch() });
        const tagged = shopCustomer(editedOnTarget.email);
        if (!tagged) throw new Error('customer not migrated');
        tagged.tags = ['vip'];
        const first = await smartUpdate(handle, status);
        expect(shopVariant()).toMatchObject({ price: 777_000, inventoryQuantity: 9 });
        expect(shopOrder(toPay.id)?.financialStatus).toBe('PAID');
        expect(shopCustomer(editedOnTarget.email)?.tags).toEqual(['vip']);
        expect(fieldCounts(first, 'orders', 'status')).toMatchObject({ written: 1, failed: 0, 'unsupported-on-target': 0 });
        expect(fieldCounts(first, 'products', 'price')).toMatchObject({ written: 1 });

        // Smart update 2: a cancellation, a new shipment with tracking, a changed tracking number, a new customer.
        woo.state.patch('orders', toCancel.id, { status: 'cancelled', date_modified_gmt: touch() });
        const dhl = JSON.stringify([{ tracking_provider: 'DHL', custom_tracking_provider: '', tracking_number: 'JD014600006281', custom_tracking_link: '', date_shipped: String(Math.floor(Date.now() / 1000)) }]);
        woo.state.patch('orders', toShip.id, { status: 'completed', meta_data: [meta('_wc_shipment_tracking_items', dhl)], date_modified_gmt: touch() });
        woo.state.patch('orders', toRetrack.id, { meta_data: [meta('_tracking_provider', 'UPS'), meta('_tracking_number', '1Z999AA10123456799')], date_modified_gmt: touch() });
        woo.state.put('customers', {
          ...editedOnTarget, id: woo.state.nextUserId(), email: 'nueva@example.com', username: 'nueva', first_name: 'Nueva', last_name: 'Clienta',
          billing: { ...editedOnTarget.billing, email: 'nueva@example.com', phone: '+5491155550199' }, meta_data: [], date_created_gmt: touch(), date_modified_gmt: touch(),
        });
        const second = await smartUpdate(handle, status);
        expect(shopOrder(toCancel.id)?.cancelledAt).not.toBeNull();
        const shipped = shopOrder(toShip.id);
        expect(shipped?.fulfillments.flatMap((f) => f.tracking)).toEqual([{ company: 'DHL', number: 'JD014600006281', url: null }]);
        expect(shipped?.closedAt).not.toBeNull();
        expect(shopOrder(toRetrack.id)?.fulfillments.flatMap((f) => f.tracking.map((t) => t.number))).toEqual(['1Z999AA10123456799']);
        expect(shopCustomer('nueva@example.com')).toMatchObject({ firstName: 'Nueva', lastName: 'Clienta' });
        expect(fieldCounts(second, 'orders', 'tracking')).toMatchObject({ written: 2, failed: 0 });
        expect(second.smartUpdate.last?.created).toBeGreaterThanOrEqual(1);

        // Smart update 3: an unsubscribe on the old store; a newer unsubscribe on the new store against an older subscribe.
        woo.state.patch('customers', unsubscriber.id, { meta_data: [meta('_cutover_email_marketing_consent', 'unsubscribed'), meta('_cutover_email_marketing_consent_at', touch())], date_modified_gmt: touch() });
        const editedNow = shopCustomer(editedOnTarget.email);
        if (!editedNow) throw new Error('customer gone');
        editedNow.emailMarketingConsent = { marketingState: 'UNSUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: new Date().toISOString() };
        woo.state.patch('customers', editedOnTarget.id, { first_name: 'Renombrada', date_modified_gmt: touch() });
        const third = await smartUpdate(handle, status);
        expect(shopCustomer(unsubscriber.email)?.emailMarketingConsent?.marketingState).toBe('UNSUBSCRIBED');
        expect(shopCustomer(editedOnTarget.email)).toMatchObject({ firstName: 'Renombrada', tags: ['vip'] });
        expect(shopCustomer(editedOnTarget.email)?.emailMarketingConsent?.marketingState).toBe('UNSUBSCRIBED');
        // Written for the unsubscriber; the newer unsubscribe on the new store kept (skipped), never overwritten.
        expect(fieldCounts(third, 'customers', 'emailConsent')).toMatchObject({ written: 1, failed: 0, 'unsupported-on-target': 0 });
        expect(fieldCounts(third, 'customers', 'emailConsent')?.['skipped-unchanged']).toBeGreaterThanOrEqual(1);
        // `cutover replatform status` shows the last run per field: written, skipped, could not write.
        expect(formatReplatformStatus(third)).toMatch(/\n {6}customers\.emailConsent +1 written, \d+ skipped \(unchanged\), 0 conflict, 0 unsupported on the target, 0 failed\n/);

        progress('w2s three smart updates checked');
        // Cortex's new instance trains its models (ReSci says so; the ingress would signal it).
        await bed.env.client.workflow.getHandle(espHandoffWorkflowId(handle.workflowId, 'prepare')).signal(MODEL_TRAINED_SIGNAL, { provider: 'cortex' }).catch(() => undefined);

        // Launch by signal: the launch moves to tomorrow and happens when the day comes; the deactivation follows a day later.
        const today = await bed.env.currentTimeMs();
        await handle.signal('markLaunchDate', { date: day(1, today) });
        await handle.signal('markDeactivationDate', { date: day(3, today) });
        await bed.env.sleep('2 days');
        const launched = await eventually(status, (st) => st.phase === 'awaiting-deactivation', 'launched', 1200);
        expect(launched.timeline.map((t) => t.event).join('\n')).toMatch(/launchDate set to .* \(signal\)/);
        progress('w2s launched');

        // Deactivation at its date: the old store's Cutover webhooks go; a person confirms the rest.
        await bed.env.sleep('2 days');
        const deactivated = await eventually(status, (st) => st.phase === 'awaiting-confirmation' || st.phase === 'completed', 'deactivated', 1200);
        progress(`w2s deactivated: ${deactivated.phase}`);
        expect(storedWebhooks(woo.state).map((w) => w.delivery_url)).toEqual(['https://a.klaviyo.com/api/webhooks/woocommerce']);
        expect(deactivated.smartUpdate.stoppedAt).not.toBeNull();
        for (const item of deactivated.checklist.filter((i) => !i.doneAt)) await handle.executeUpdate(checklistDoneUpdate, { args: [{ item: item.id }] });
        return (await handle.result()) as ReplatformReport;
      });
      expect(report.doneAutomatically.map((a) => a.action)).toEqual(expect.arrayContaining(['old-webhooks-removed']));
      expect(report.checklistOpen).toEqual([]);
      // The tech contact's emails went through SMTP: reminders before the dates, and the deactivation's steps.
      const subjects = o.smtp.received.map((m) => m.subject ?? '');
      expect(o.smtp.received.every((m) => m.to && JSON.stringify(m.to).includes('ana@shop.example') || JSON.stringify(m.to).includes('retentionscience'))).toBe(true);
      expect(subjects.some((s) => /remind/i.test(s))).toBe(true);
      expect(subjects.some((s) => /deactivat/i.test(s))).toBe(true);
    } finally {
      await o.close();
    }
  }, 600_000);

  it('Shopify → WooCommerce: the same lifecycle the other way; each smart update checked field by field on the WooCommerce store', async () => {
    const o = await startOutside({}, { plan: 'plus', seed: { seed: 3, collections: 2, products: 3, customers: 3, orders: 4 } });
    try {
      const shop = o.shopify.state;
      const store = shop.store;
      const touch = () => store.now();
      const [toPay, toCancel, toShip] = shop.list('orders');
      const [unsubscriber, editedOnTarget] = shop.list('customers');
      const variant = shop.list('variants').find((v) => v.sku);
      if (!toPay || !toCancel || !toShip || !unsubscriber || !editedOnTarget || !variant) throw new Error('the seed is too small');
      // The old store at the migration: one order unpaid, two paid and not shipped; two subscribers.
      Object.assign(toPay, { financialStatus: 'PENDING', fulfillments: [], transactions: [], cancelledAt: null });
      for (const ord of [toCancel, toShip]) Object.assign(ord, { financialStatus: 'PAID', fulfillments: [], cancelledAt: null });
      for (const c of [unsubscriber, editedOnTarget]) c.emailMarketingConsent = { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: '2025-01-01T00:00:00Z' };

      const taskQueue = uniqueTaskQueue('whole-lifecycle');
      const worker = await createTestWorker(bed.env, { connections: connections(o, 'shopify-to-woo'), store: bed.store, publicUrl: CUTOVER_URL }, { taskQueue });
      const now = await bed.env.currentTimeMs();
      const report = await worker.runUntil(async () => {
        const handle = await bed.env.client.workflow.start('replatform', { taskQueue, workflowId: `replatform-whole-s2w-${taskQueue}`, args: [input('whole-s2w.example', now, 'woocommerce')] });
        const status = () => handle.query(statusQuery);
        const migrated = await eventually(status, (st) => st.phase === 'smart-update', 'the full migration', 1800);
        expect(migrated.migration.verified).toBe(true);
        progress('s2w migrated');
        const woo = o.woo.state;
        expect(woo.count('orders')).toBe(4);
        // Each order on WooCommerce keeps the Shopify order's number (its natural key) in Cutover's meta.
        const wooOrder = (id: number) => {
          const number = shop.get('orders', id)?.name.replace(/^#/, '');
          return woo.list('orders').find((r) => r.meta_data.some((m) => m.key === '_cutover_source_number' && String(m.value) === number));
        };
        const wooCustomer = (email: string | null) => woo.list('customers').find((c) => c.email === email);
        const metaOf = (record: { meta_data: { key: string; value: unknown }[] } | undefined, key: string) => record?.meta_data.find((m) => m.key === key)?.value;
        const wooSellable = () => [...woo.list('variations'), ...woo.list('products')].find((r) => r.sku === variant.sku);

        // Smart update 1: a new price and stock, a payment; on the new store the merchant tags a customer.
        Object.assign(variant, { price: 777_000, inventoryQuantity: 9, updatedAt: touch() });
        const product = shop.get('products', variant.productId);
        if (product) product.updatedAt = touch();
        Object.assign(toPay, { financialStatus: 'PAID', updatedAt: touch() });
        const tagged = wooCustomer(editedOnTarget.email);
        if (!tagged) throw new Error('customer not migrated');
        woo.patch('customers', tagged.id, { meta_data: [...tagged.meta_data.filter((m) => m.key !== '_cutover_tags'), meta('_cutover_tags', '["vip"]')] });
        const first = await smartUpdate(handle, status);
        expect(wooSellable()).toMatchObject({ regular_price: '77.70', stock_quantity: 9 });
        expect(wooOrder(toPay.id)?.status).toBe('processing');
        expect(fieldCounts(first, 'orders', 'status')).toMatchObject({ written: 1, failed: 0, 'unsupported-on-target': 0 });
        progress('s2w first smart update checked');

        // Smart update 2: a cancellation, a shipment with tracking, a new customer.
        Object.assign(toCancel, { cancelledAt: touch(), financialStatus: 'VOIDED', updatedAt: touch() });
        toShip.fulfillments.push({ id: store.newId(), status: 'SUCCESS', createdAt: touch(), lineItemIds: toShip.lineItems.map((l) => l.id), tracking: [{ company: 'DHL', number: 'JD014600006281', url: null }] });
        toShip.updatedAt = touch();
        const newcomerId = store.newId();
        store.customers.set(newcomerId, { ...editedOnTarget, id: newcomerId, email: 'nueva@example.com', phone: null, firstName: 'Nueva', lastName: 'Clienta', tags: [], emailMarketingConsent: null, createdAt: touch(), updatedAt: touch() });
        const second = await smartUpdate(handle, status);
        expect(wooOrder(toCancel.id)?.status).toBe('cancelled');
        expect(wooOrder(toShip.id)?.status).toBe('completed');
        expect(String(metaOf(wooOrder(toShip.id), '_wc_shipment_tracking_items'))).toContain('JD014600006281');
        expect(wooCustomer('nueva@example.com')).toMatchObject({ first_name: 'Nueva', last_name: 'Clienta' });
        expect(fieldCounts(second, 'orders', 'tracking')).toMatchObject({ written: 1, failed: 0 });

        // Smart update 3: an unsubscribe on the old store; a newer unsubscribe on the new store against an older subscribe.
        unsubscriber.emailMarketingConsent = { marketingState: 'UNSUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: touch() };
        unsubscriber.updatedAt = touch();
        const onWoo = wooCustomer(editedOnTarget.email);
        if (!onWoo) throw new Error('customer gone');
        woo.patch('customers', onWoo.id, {
          meta_data: [...onWoo.meta_data.filter((m) => !m.key.startsWith('_cutover_email_marketing_consent')), meta('_cutover_email_marketing_consent', 'unsubscribed'), meta('_cutover_email_marketing_consent_at', woo.now())],
        });
        Object.assign(editedOnTarget, { firstName: 'Renombrada', updatedAt: touch() });
        const third = await smartUpdate(handle, status);
        expect(metaOf(wooCustomer(unsubscriber.email), '_cutover_email_marketing_consent')).toBe('unsubscribed');
        const edited = wooCustomer(editedOnTarget.email);
        expect(edited?.first_name).toBe('Renombrada');
        expect(metaOf(edited, '_cutover_email_marketing_consent')).toBe('unsubscribed');
        expect(metaOf(edited, '_cutover_tags')).toBe('["vip"]');
        expect(fieldCounts(third, 'customers', 'emailConsent')).toMatchObject({ written: 1, failed: 0 });

        await bed.env.client.workflow.getHandle(espHandoffWorkflowId(handle.workflowId, 'prepare')).signal(MODEL_TRAINED_SIGNAL, { provider: 'cortex' }).catch(() => undefined);
        const today = await bed.env.currentTimeMs();
        await handle.signal('markLaunchDate', { date: day(1, today) });
        await handle.signal('markDeactivationDate', { date: day(3, today) });
        await bed.env.sleep('2 days');
        await eventually(status, (st) => st.phase === 'awaiting-deactivation', 'launched', 1200);
        await bed.env.sleep('2 days');
        const deactivated = await eventually(status, (st) => st.phase === 'awaiting-confirmation' || st.phase === 'completed', 'deactivated', 1200);
        expect(deactivated.smartUpdate.stoppedAt).not.toBeNull();
        for (const item of deactivated.checklist.filter((i) => !i.doneAt)) await handle.executeUpdate(checklistDoneUpdate, { args: [{ item: item.id }] });
        return (await handle.result()) as ReplatformReport;
      });
      expect(report.checklistOpen).toEqual([]);
      expect(o.smtp.received.map((m) => m.subject ?? '').some((s) => /deactivat/i.test(s))).toBe(true);
    } finally {
      await o.close();
    }
  }, 600_000);
});
