import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { orderStatusQuery } from '../../src/workflows/purchase/messages';
import { createDevEnv } from '../support/temporal';
import { eventually, orderHandle, PurchaseHarness, shopifyOrder, wooOrder } from './harness';

/**
 * What each platform's webhook deliveries really look like (src/sandbox/webhooks, written from the vendors'
 * documentation and source) against the production ingress: ids past 2^53, WooCommerce's unsigned ping and
 * its one-second delivery ids, Shopify's event ids and shop domain.
 */
describe('webhook ingress against the platforms\' deliveries', () => {
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  beforeAll(async () => {
    env = await createDevEnv();
    h = await new PurchaseHarness(env).start();
  });
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  const handle = (store: string, orderId: number | string) => orderHandle(env, store, orderId);
  const status = (store: string, orderId: number | string) => handle(store, orderId).query(orderStatusQuery);

  it('Shopify: ids past 2^53 keep every digit, so the documented test order 820982911946154508 and 820982911946154509 are two orders', async () => {
    const store = await h.merchant('sh-big-ids', 'shopify');
    const url = h.webhookUrl('shopify', store);
    // Shopify's sample order payload (shopify.dev webhooks reference, orders/* topics; what "Send test
    // notification" posts), trimmed, as the JSON text Shopify sends: the ids are bare 64-bit integers.
    const sample = readFileSync(join(__dirname, 'fixtures', 'shopify-order-sample.json'), 'utf8');
    const neighbour = sample.replaceAll('820982911946154508', '820982911946154509');
    expect(Number('820982911946154508')).toBe(Number('820982911946154509')); // what JSON.parse would make of both

    const first = await h.shopify(store).send(url, 'orders/paid', sample);
    const second = await h.shopify(store).send(url, 'orders/paid', neighbour);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(JSON.parse(first.responseText)).toMatchObject({ workflowId: `order-${store}-820982911946154508` });
    expect(JSON.parse(second.responseText)).toMatchObject({ workflowId: `order-${store}-820982911946154509` });
    await eventually(() => h.mail.to('jon@example.com').length === 2, 'one payment email per order');
    expect((await status(store, '820982911946154508')).orderId).toBe('820982911946154508');
    expect((await status(store, '820982911946154509')).orderId).toBe('820982911946154509');

    // A fulfillment names its order in `order_id`, also a bare 64-bit integer.
    const fulfillment = `{"id":4903194656856,"order_id":820982911946154509,"status":"pending","name":"#9999.1","email":"jon@example.com","tracking_number":null,"tracking_numbers":[]}`;
    const preparing = await h.shopify(store).send(url, 'fulfillments/create', fulfillment);
    expect(JSON.parse(preparing.responseText)).toMatchObject({ workflowId: `order-${store}-820982911946154509`, milestone: 'processing' });
    await eventually(async () => (await status(store, '820982911946154509')).milestones.processing.state === 'sent', 'the processing alert of the second order');
    expect((await status(store, '820982911946154508')).milestones.processing.state).toBe('waiting');
    await handle(store, '820982911946154508').terminate('test done');
    await handle(store, '820982911946154509').terminate('test done');
  });

  it('Shopify: one merchant action delivered to two subscriptions shares X-Shopify-Event-Id and counts once; another topic of the same action still counts', async () => {
    const store = await h.merchant('sh-event-ids', 'shopify');
    const url = h.webhookUrl('shopify', store);
    const iris = { id: 7101, email: 'iris@example.com', phone: '+5491155557101', name: 'Iris Vega' };
    const shop = h.shopify(store);
    const first = await shop.send(url, 'orders/paid', shopifyOrder(iris));
    const again = await shop.send(url, 'orders/paid', shopifyOrder(iris), { eventId: first.headers['X-Shopify-Event-Id'] });
    expect(again.headers['X-Shopify-Webhook-Id']).not.toBe(first.headers['X-Shopify-Webhook-Id']);
    // The same payment also changed the order: orders/updated, same event id, another topic.
    await shop.send(url, 'orders/updated', shopifyOrder(iris, { financial_status: 'paid' }), { eventId: first.headers['X-Shopify-Event-Id'] });
    await eventually(async () => { const s = await status(store, iris.id); return s.eventsSeen + s.duplicatesIgnored === 3; }, 'the three deliveries');
    expect(await status(store, iris.id)).toMatchObject({ eventsSeen: 2, duplicatesIgnored: 1 });
    await eventually(() => h.mail.to(iris.email).length === 1, 'the payment email');
    await handle(store, iris.id).terminate('test done');
  });

  it('Shopify: a delivery signed with the app\'s secret but from another shop is refused with 403 and starts nothing', async () => {
    const store = await h.merchant('sh-own-shop', 'shopify');
    const jana = { id: 7201, email: 'jana@example.com', phone: '+5491155557201', name: 'Jana Ríos' };
    // All shops that installed the app share its secret: the signature can't tell them apart, the header can.
    const elsewhere = await h.shopify('another-shop').send(h.webhookUrl('shopify', store), 'orders/paid', shopifyOrder(jana));
    expect(elsewhere.headers['X-Shopify-Shop-Domain']).toBe('another-shop.myshopify.com');
    expect(elsewhere.status).toBe(403);
    expect(JSON.parse(elsewhere.responseText).error).toMatch(/another-shop\.myshopify\.com.*sh-own-shop\.myshopify\.com/);
    await expect(handle(store, jana.id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect((await h.shopify(store).send(h.webhookUrl('shopify', store), 'orders/paid', shopifyOrder(jana))).status).toBe(202);
    await handle(store, jana.id).terminate('test done');
  });

  it('WooCommerce: the unsigned ping sent when a webhook is activated gets exactly 200 and starts nothing; other unsigned requests are refused', async () => {
    const store = await h.merchant('woo-ping', 'woocommerce');
    const url = h.webhookUrl('woocommerce', store);
    const woo = h.woo(store);
    const ping = await woo.ping(url);
    expect(ping.body).toMatch(/^webhook_id=\d+$/);
    expect(ping.headers).not.toHaveProperty('X-WC-Webhook-Signature');
    expect(ping.status).toBe(200);
    expect(woo.pingError).toBeNull();
    expect(JSON.parse(ping.responseText)).toMatchObject({ accepted: false });

    const kyra = { id: 7301, email: 'kyra@example.com', phone: '+5491155557301', name: 'Kyra Sol' };
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.updated' }, body: JSON.stringify(wooOrder(kyra, 'processing')) });
    expect(unsigned.status).toBe(401);
    const smuggled = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'webhook_id=11&status=processing' });
    expect(smuggled.status).toBe(401);
    await expect(handle(store, kyra.id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect((await fetch(h.webhookUrl('woocommerce', 'no-such-store'), { method: 'POST', body: 'webhook_id=11' })).status).toBe(404);
  });

  it('WooCommerce: two status changes in one second share a delivery id and both take effect; the same delivery repeated is ignored', async () => {
    const store = await h.merchant('woo-one-second', 'woocommerce');
    const url = h.webhookUrl('woocommerce', store);
    const oneSecond = new Date('2026-03-02T15:04:05.250Z');
    const woo = h.woo(store, 'order.updated', undefined, () => oneSecond);
    const lara = { id: 7401, email: 'lara@example.com', phone: '+5491155557401', name: 'Lara Paz' };
    const paid = await woo.deliver(url, wooOrder(lara, 'processing'));
    expect((await woo.redeliver(paid)).status).toBe(202);
    const shipped = await woo.deliver(url, wooOrder(lara, 'completed', { tracking: { provider: 'Andreani', number: '360000074010000' } }));
    expect(shipped.headers['X-WC-Webhook-Delivery-ID']).toBe(paid.headers['X-WC-Webhook-Delivery-ID']);
    expect(shipped.status).toBe(202);
    await eventually(async () => (await status(store, lara.id)).milestones.dispatch.state === 'sent', 'the dispatch alert');
    expect(await handle(store, lara.id).result()).toMatchObject({ eventsSeen: 2, duplicatesIgnored: 1 });
    expect(h.mail.to(lara.email).map((m) => m.subject)).toContain('Tienda Sur: order #7401 is on its way');
  });
});
