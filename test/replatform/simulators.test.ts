import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { answerQuestionnaire, formatReplatformStatus, launch, markDate, Refused, replatformStatus, sendControl, startReplatform } from '../../src/cli/replatform';
import { DEFAULT_SHOPIFY_API_VERSION, type Connection } from '../../src/domain/connections';
import type { ReplatformInput } from '../../src/domain/replatform/input';
import type { ReplatformReport } from '../../src/domain/replatform/status';
import { type ShopifySimulator, startShopifySimulator } from '../../src/sandbox/shopify';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { freshPostgresDatabase } from '../support/postgres';
import { createDevEnv, uniqueTaskQueue } from '../support/temporal';
import { startWorkerProcess } from '../support/worker-process';
import { day, eventually, questionnaire } from './support';

function connections(woo: WooCommerceSimulator, shopify: ShopifySimulator): Record<string, Connection> {
  return {
    'old-store': { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
    'new-store': { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
  };
}

/** What a product looks like on the Shopify simulator: its variants (SKU, price in units, quantity) and its images (media id and URL). */
function shopifyProduct(shopify: ShopifySimulator, handle: string) {
  const product = shopify.state.list('products').find((p) => p.handle === handle);
  if (!product) throw new Error(`no product ${handle} on Shopify`);
  const variants = product.variantIds.map((id) => shopify.state.get('variants', id)).map((v) => ({ sku: v?.sku, price: (v?.price ?? 0) / 10_000, quantity: v?.inventoryQuantity }));
  // Each image with its media id: a write that keeps the images must keep the same media, not upload copies.
  return { id: product.id, title: product.title, variants, images: product.media.map((m) => `${m.id} ${m.url}`) };
}

describe('replatform against the WooCommerce and Shopify simulators, on the dev server with the production worker', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => { env = await createDevEnv(); });
  afterAll(async () => { await env?.teardown(); });

  it('migrates, carries a source change by smart update without duplicates, survives a worker SIGKILL, launches and deactivates', async () => {
    const woo = await startWooCommerceSimulator({ seed: { seed: 21, categories: 3, products: 10, customers: 6, orders: 10, variableRate: 0.5 } });
    const shopify = await startShopifySimulator({ plan: 'plus' });
    const taskQueue = uniqueTaskQueue('replatform-sim');
    const workerOptions = { temporalAddress: env.address, taskQueue, databaseUrl: await freshPostgresDatabase(), connections: connections(woo, shopify) };
    const first = startWorkerProcess(workerOptions);
    let second: ReturnType<typeof startWorkerProcess> | undefined;
    try {
      await first.ready;
      const storeDomain = `sim-${process.pid}.example`;
      const input: ReplatformInput = {
        storeDomain, source: { connection: 'old-store' }, target: { connection: 'new-store' },
        questionnaire: questionnaire({ launchDate: day(14), deactivationDate: day(28) }),
        sync: { products: ['quantity', 'stockStatus', 'price'], orders: ['status', 'tracking'] },
        // Steps a person confirms are reminded for confirmFor after the deactivation: seconds here, so the run ends.
        smartUpdateEvery: '3 seconds', remindEvery: '1 hour', confirmFor: '2 seconds', migration: { pageSize: 10 },
      };
      await startReplatform(env.client, taskQueue, input);
      // The client refuses a second start for the store with a clear message.
      await expect(startReplatform(env.client, taskQueue, input)).rejects.toThrow(`a re-platform of ${storeDomain} is already running (workflow replatform-${storeDomain})`);
      const status = () => replatformStatus(env.client, storeDomain);
      const migrated = await eventually(status, (st) => st.phase === 'smart-update', 'the full migration', 900);
      expect(migrated.migration.verified).toBe(true);
      expect(shopify.state.counts().products).toBe(woo.state.count('products'));
      // A bad answer is refused with each field's problem, one per line.
      const refused = await answerQuestionnaire(env.client, storeDomain, { ...questionnaire(), targetPlatform: 'magento', techContact: { name: 'Ana', email: 'nope', phone: '+54 11 5555 0000' } }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Refused);
      expect((refused as Refused).problems).toEqual(expect.arrayContaining([
        expect.stringMatching(/^targetPlatform: "magento" is not a platform Cutover supports/), expect.stringMatching(/^techContact\.email: /),
      ]));
      expect((refused as Refused).message).toMatch(/^answer rejected:\n {2}\S/);
      expect((await status()).questionnaire?.targetPlatform).toBe('shopify');


      // A simple product with images and a variable one, as the full migration left them on Shopify.
      const simples = woo.state.list('products').filter((p) => p.type === 'simple' && p.manage_stock && !p.sale_price);
      const simple = simples.find((p) => p.images.length > 0) ?? simples[0];
      const variable = woo.state.list('products').find((p) => p.type === 'variable');
      if (!simple || !variable) throw new Error('the seed has no simple or no variable product');
      const variation = woo.state.list('variations').find((v) => v.parent_id === variable.id && !v.sale_price);
      if (!variation) throw new Error('no variation without a sale price');
      const simpleBefore = shopifyProduct(shopify, simple.slug);
      const variableBefore = shopifyProduct(shopify, variable.slug);
      const countsBefore = shopify.state.counts();

      // The worker dies; meanwhile the merchant changes prices and stock on the old store.
      await first.kill();
      const now = woo.state.now();
      woo.state.patch('products', simple.id, { regular_price: '123.45', stock_quantity: 7, stock_status: 'instock', date_modified_gmt: now });
      woo.state.patch('variations', variation.id, { regular_price: '66.60', date_modified_gmt: now });
      woo.state.patch('products', variable.id, { date_modified_gmt: now });
      second = startWorkerProcess(workerOptions);
      await second.ready;
      await sendControl(env.client, storeDomain, 'sync-now');

      const simpleAfter = await eventually(async () => shopifyProduct(shopify, simple.slug), (p) => p.variants[0]?.price === 123.45, 'the price change on Shopify', 600);
      expect(simpleAfter.variants).toEqual([{ ...simpleBefore.variants[0], price: 123.45, quantity: 7 }]);
      expect(simpleAfter.images).toEqual(simpleBefore.images);
      const variableAfter = await eventually(async () => shopifyProduct(shopify, variable.slug), (p) => p.variants.some((v) => v.price === 66.6), 'the variation price on Shopify', 300);
      expect(variableAfter.id).toBe(variableBefore.id);
      expect(variableAfter.variants).toHaveLength(variableBefore.variants.length);
      expect(variableAfter.variants.map((v) => v.sku)).toEqual(variableBefore.variants.map((v) => v.sku));
      expect(variableAfter.images).toEqual(variableBefore.images);
      expect(shopify.state.counts()).toEqual(countsBefore); // merged upserts created nothing: no duplicate product, variant or collection

      const synced = await eventually(status, (st) => st.smartUpdate.runs >= 1 && st.timeline.some((t) => /smart update .*[1-9]\d* updated/.test(t.event)), 'a smart-update summary');
      expect(synced.smartUpdate.last).toMatchObject({ failed: 0 });
      expect(synced.timeline.some((t) => /smart update \(on (demand|schedule)\): \d+ changed, [1-9]/.test(t.event))).toBe(true);

      // Launch a few seconds ahead (dates are instants), deactivate a few seconds after.
      const launchAt = new Date(Date.now() + 3000).toISOString();
      await launch(env.client, storeDomain, { date: launchAt });
      await expect(markDate(env.client, storeDomain, 'deactivation', new Date(Date.now() - 60_000).toISOString())).rejects.toThrow(/deactivationDate: .* is before the launch date/);
      await markDate(env.client, storeDomain, 'deactivation', new Date(Date.parse(launchAt) + 3000).toISOString());
      const report = (await env.client.workflow.getHandle(`replatform-${storeDomain}`).result()) as ReplatformReport;
      expect(report.timeline.map((t) => t.event)).toEqual(expect.arrayContaining(['phase: launching', 'phase: awaiting-deactivation', 'phase: deactivating', 'phase: completed']));
      expect(report.timeline.some((t) => t.event.startsWith('smart update (at launch)'))).toBe(true);
      // Smart update goes on after the launch until the deactivation's final run; the old store's Cutover webhooks go by API.
      expect(report.timeline.some((t) => t.event.startsWith('smart update (final, at deactivation)'))).toBe(true);
      expect(report.doneAutomatically.map((a) => `${a.action}:${a.outcome}`)).toEqual(['final-smart-update:done', 'smart-update-stopped:done', 'old-webhooks-removed:done']);
      expect(report.migrationVerified).toBe(true);
      expect(report.totals.failed).toBe(0);

      const final = await status();
      expect(final.phase).toBe('completed');
      expect(final.smartUpdate.last).not.toBeNull();
      const text = formatReplatformStatus(final);
      expect(text).toMatch(/^re-platform of .*: completed, woocommerce → shopify/);
      expect(text).toMatch(/last run .*: \d+ changed, \d+ updated/);
      expect(text).toContain('phase: completed');
    } finally {
      await first.kill();
      await second?.kill();
      await woo.close();
      await shopify.close();
    }
  }, 150_000);
});
