import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { SHOPIFY_RETRIES, type WebhookDelivery } from '../../src/sandbox/webhooks';
import { eventually, orderHandle, PurchaseHarness, type ShopperOrder, shopifyFulfillment, shopifyOrder } from '../purchase/harness';
import { startKillableDevServer, type KillableDevServer } from '../support/dev-server';
import { testCodecKeys } from '../support/temporal';

const ORDERS = 20;
const emailOnly = { enabled: true, channels: ['email' as const] };

/** The milestone an alert email announces, from its subject (the templates' wording). */
function milestoneOf(subject: string | undefined): string {
  if (subject?.includes('payment approved')) return 'payment';
  if (subject?.includes('we are preparing')) return 'processing';
  if (subject?.includes('is on its way')) return 'dispatch';
  return `unexpected: ${subject}`;
}

/**
 * The other half of a Temporal server's crash: orders' alerts. The dev server, persisted to SQLite, is killed
 * with SIGKILL while payment alerts are in flight (the SMTP server holds messages before its 250), webhooks
 * arrive while it is down, and it is started again on the same file and port. The order workflows go on from
 * their history; an alert sent before the crash is found in the store's send records and not sent again; a
 * webhook the ingress could not hand to Temporal was answered with an error and comes again as Shopify retries
 * it. Every alert reaches the SMTP server exactly once.
 */
describe('a Temporal server killed with kill -9 while orders\' alerts are in flight, and started again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-restart-alerts-'));
  let server: KillableDevServer | undefined;
  let env: TestWorkflowEnvironment | undefined;
  let h: PurchaseHarness | undefined;
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each order\'s payment, processing and dispatch alert once, including the webhooks that came while it was down', async () => {
    server = await startKillableDevServer(dir);
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address, client: { dataConverter: cutoverDataConverter(testCodecKeys) } });
    const harness = await new PurchaseHarness(env).start();
    h = harness;
    const store = await harness.merchant('restart-alerts', 'shopify', { milestones: { payment: emailOnly, processing: emailOnly, dispatch: emailOnly } }, 0);
    const shopify = harness.shopify(store);
    const url = harness.webhookUrl('shopify', store);
    const orders: ShopperOrder[] = Array.from({ length: ORDERS }, (_, i) => ({
      id: 9101 + i, email: `shopper${i + 1}@example.com`, phone: `+54911555591${String(i).padStart(2, '0')}`, name: `Shopper${i + 1} Restart`,
    }));

    // Payments: every webhook taken (202), the alerts going out through an SMTP server that holds each message
    // a second before its 250. The channel's pool has 10 connections, so the server dies with up to 10 sends in
    // flight (the provider has them, the worker has not heard) and the others not begun.
    harness.mail.acceptDelayMs = 1000;
    const paid = await Promise.all(orders.map((o) => shopify.send(url, 'orders/paid', shopifyOrder(o))));
    expect(paid.map((d) => d.status)).toEqual(orders.map(() => 202));
    await eventually(() => harness.mail.received.length >= 3, 'the first payment emails at the SMTP server');
    await server.kill();
    const emailsWhenKilled = harness.mail.received.length;
    expect(emailsWhenKilled).toBeLessThan(ORDERS);

    // While it is down: each order's processing webhook. The ingress cannot hand the event to Temporal and
    // says so with an error (never a 2xx, which would tell Shopify the event was delivered), within
    // Shopify's five seconds.
    const whileDown = await Promise.all(orders.map((o) => shopify.send(url, 'fulfillments/create', shopifyFulfillment(o, 'pending', null))));
    expect(whileDown.map((d) => [d.status, d.delivered])).toEqual(orders.map(() => [503, false]));
    expect(JSON.parse(whileDown[0]?.responseText ?? '{}')).toEqual({ error: expect.stringContaining('deliver it again later') });

    await server.restart();
    harness.mail.acceptDelayMs = 0;
    // Shopify retries a delivery that got no 2xx: the same body and headers, up to 8 times (hours apart;
    // here a second apart, until the ingress's client has reconnected).
    const retried = await Promise.all(whileDown.map(async (first) => {
      let delivery: WebhookDelivery = first;
      while (!delivery.delivered && delivery.attempt <= SHOPIFY_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        delivery = await shopify.retry(delivery);
      }
      return delivery;
    }));
    expect(retried.map((d) => d.status)).toEqual(orders.map(() => 202));
    await eventually(() => orders.every((o) => harness.mail.to(o.email).length === 2), 'each order\'s payment and processing emails', 50_000);

    const dispatched = await Promise.all(orders.map((o) => shopify.send(url, 'fulfillments/update', shopifyFulfillment(o, 'success', { company: 'Andreani', number: `3600000${o.id}` }))));
    expect(dispatched.map((d) => d.status)).toEqual(orders.map(() => 202));
    const statuses = await Promise.all(orders.map((o) => orderHandle(env as TestWorkflowEnvironment, store, o.id).result()));
    for (const [i, status] of statuses.entries()) {
      expect({ order: orders[i]?.id, ended: status.ended, states: Object.values(status.milestones).map((m) => m.state) }).toEqual({ order: orders[i]?.id, ended: true, states: ['sent', 'sent', 'sent'] });
    }

    // Counted at the SMTP server: one message per order and milestone, nothing twice.
    for (const o of orders) {
      expect({ order: o.id, milestones: harness.mail.to(o.email).map((m) => milestoneOf(m.subject)).sort() }).toEqual({ order: o.id, milestones: ['dispatch', 'payment', 'processing'] });
    }
    expect(harness.mail.received).toHaveLength(ORDERS * 3);
    // And in the send records: one row per order and milestone, sent, the provider called once for it.
    const sends = await harness.store.selectFrom('alert_sends').select(['order_id', 'milestone', 'channel', 'status', 'attempts']).where('store', '=', store).execute();
    expect(sends).toHaveLength(ORDERS * 3);
    expect(new Set(sends.map((r) => `${r.order_id}/${r.milestone}`)).size).toBe(ORDERS * 3);
    expect(sends.filter((r) => r.channel !== 'email' || r.status !== 'sent' || r.attempts !== 1)).toEqual([]);
  });
});
