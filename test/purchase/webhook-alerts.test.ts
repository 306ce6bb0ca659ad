import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { orderStatusQuery } from '../../src/workflows/purchase/messages';
import { startTiendanubeSimulator } from '../../src/sandbox/tiendanube';
import { createDevEnv } from '../support/temporal';
import { eventually, orderHandle, PurchaseHarness, shopifyFulfillment, shopifyOrder, wooOrder } from './harness';

describe('purchase alerts end to end: signed webhook → ingress → orderLifecycle → SMTP, Twilio and push simulators', () => {
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

  const handle = (store: string, orderId: number) => orderHandle(env, store, orderId);

  it('Shopify: payment, processing and dispatch reach the shopper by email and push, dispatch also by SMS with a tracking link to the carrier', async () => {
    const store = await h.merchant('sh-full', 'shopify');
    const ana = { id: 1001, email: 'ana.perez@example.com', phone: '+5493515550101', name: 'Ana Pérez' };
    const browser = await h.subscribe(store, ana.email);

    expect((await h.webhook('shopify', store, 'orders/paid', shopifyOrder(ana))).status).toBe(202);
    await eventually(() => h.mail.to(ana.email).length === 1 && h.pushesTo(browser).length === 1, 'the payment alert');
    expect(h.mail.to(ana.email)[0]?.subject).toBe('Tienda Sur: payment approved for order #1001');
    expect(h.pushesTo(browser)[0]).toMatchObject({ title: 'Tienda Sur: payment approved for order #1001', body: expect.stringContaining('Ana, we received the payment') });

    expect((await h.webhook('shopify', store, 'fulfillments/create', shopifyFulfillment(ana, 'pending', null))).status).toBe(202);
    await eventually(() => h.mail.to(ana.email).length === 2 && h.pushesTo(browser).length === 2, 'the processing alert');
    expect(h.mail.to(ana.email)[1]?.subject).toBe('Tienda Sur: we are preparing order #1001');

    const dispatched = shopifyFulfillment(ana, 'success', { company: 'Correo Argentino', number: 'CA123456789AR' });
    expect((await h.webhook('shopify', store, 'fulfillments/update', dispatched)).status).toBe(202);
    const status = await handle(store, ana.id).result();
    expect(status.ended).toBe(true);
    expect(Object.values(status.milestones).map((m) => m.state)).toEqual(['sent', 'sent', 'sent']);

    const link = await h.trackingLink(store, ana.id);
    expect(link).toMatch(/\/t\/[A-Za-z0-9_-]{22}$/);
    const email = h.mail.to(ana.email)[2];
    expect(email?.subject).toBe('Tienda Sur: order #1001 is on its way');
    expect(email?.text).toContain('Tracking code: CA123456789AR (Correo Argentino)');
    expect(email?.html).toContain(`href="${link}"`);
    expect(h.smsTo(ana.phone)).toEqual([`Ana, your order #1001 has been dispatched. Tracking code: CA123456789AR (Correo Argentino). ${link}`]);
    expect(h.pushesTo(browser)[2]).toMatchObject({ url: link });

    const redirect = await fetch(link, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://www.correoargentino.com.ar/formularios/e-commerce?id=CA123456789AR');
    // The store and order id no longer open it.
    expect((await fetch(`${h.ingress.url}/t/${store}/${ana.id}`, { redirect: 'manual' })).status).toBe(404);

    const log = await h.log(store);
    expect(log.map((r) => `${r.milestone}/${r.channel}/${r.status}`).sort()).toEqual([
      'dispatch/email/sent', 'dispatch/push/sent', 'dispatch/sms/sent', 'payment/email/sent', 'payment/push/sent', 'processing/email/sent', 'processing/push/sent',
    ]);
    expect(JSON.stringify(log)).not.toContain(ana.email);
    expect(log.find((r) => r.channel === 'sms')?.recipient_masked).toBe('***0101');
  });

  it('WooCommerce: a repeated delivery is ignored, a late or out-of-order payment is never announced after dispatch', async () => {
    const store = await h.merchant('woo-dup', 'woocommerce');
    const bruno = { id: 2001, email: 'bruno@example.com', phone: '+5491155550202', name: 'Bruno Díaz' };
    const woo = h.woo(store);
    const url = h.webhookUrl('woocommerce', store);
    const paid = await woo.deliver(url, wooOrder(bruno, 'processing'));
    expect(paid.status).toBe(202);
    expect((await woo.redeliver(paid)).status).toBe(202);
    await eventually(() => h.mail.to(bruno.email).length === 1, 'the payment email');
    const tracked = wooOrder(bruno, 'completed', { tracking: { provider: 'Andreani', number: '360000012345678' } });
    expect((await woo.deliver(url, tracked)).status).toBe(202);
    const status = await handle(store, bruno.id).result();
    expect(status).toMatchObject({ eventsSeen: 2, duplicatesIgnored: 1 });
    // The payment webhook comes again after the order was dispatched: nothing starts again.
    const late = await woo.deliver(url, wooOrder(bruno, 'processing'));
    expect(late.status).toBe(200);
    expect(JSON.parse(late.responseText)).toMatchObject({ accepted: false });
    expect(h.mail.to(bruno.email).map((m) => m.subject)).toEqual(['Tienda Sur: payment approved for order #2001', 'Tienda Sur: order #2001 is on its way']);
    expect(h.smsTo(bruno.phone)).toHaveLength(1);
    expect((await fetch(await h.trackingLink(store, bruno.id), { redirect: 'manual' })).headers.get('location')).toBe('https://www.andreani.com/envio/360000012345678');

    // Dispatch first, payment right after: the payment alert would be stale, so it is not sent.
    const carla = { id: 2002, email: 'carla@example.com', phone: '+5491155550303', name: 'Carla Gómez' };
    await h.webhook('woocommerce', store, 'order.updated', wooOrder(carla, 'completed', { tracking: { provider: 'Andreani', number: '360000099999999' } }));
    await h.webhook('woocommerce', store, 'order.updated', wooOrder(carla, 'processing'));
    const second = await handle(store, carla.id).result();
    expect(second.milestones.dispatch.state).toBe('sent');
    expect(second.milestones.payment.state).not.toBe('sent');
    expect(h.mail.to(carla.email).map((m) => m.subject)).toEqual(['Tienda Sur: order #2002 is on its way']);
  });

  it('a store-pickup order gets its payment alert and no dispatch alert', async () => {
    const store = await h.merchant('woo-pickup', 'woocommerce');
    const dani = { id: 3001, email: 'dani@example.com', phone: '+5491155550404', name: 'Dani Ruiz' };
    await h.webhook('woocommerce', store, 'order.updated', wooOrder(dani, 'processing', { pickup: true }));
    await eventually(() => h.mail.to(dani.email).length === 1, 'the payment email');
    await h.webhook('woocommerce', store, 'order.updated', wooOrder(dani, 'completed', { pickup: true }));
    const status = await handle(store, dani.id).result();
    expect(status.milestones).toMatchObject({ payment: { state: 'sent' }, dispatch: { state: 'not-applicable', channels: [] } });
    expect(h.mail.to(dani.email)).toHaveLength(1);
    expect(h.smsTo(dani.phone)).toHaveLength(0);
  });

  it('answers 401 to a bad signature and 400 to a malformed body, and starts nothing', async () => {
    const store = await h.merchant('sh-bad', 'shopify');
    const eva = { id: 4001, email: 'eva@example.com', phone: '+5491155550505', name: 'Eva Luna' };
    const forged = await h.webhook('shopify', store, 'orders/paid', shopifyOrder(eva), { badSignature: true });
    expect(forged.status).toBe(401);
    expect((await h.webhook('shopify', store, 'orders/paid', null, { raw: '{"id": 4001,' })).status).toBe(400);
    const noStatus = await h.webhook('woocommerce', await h.merchant('woo-bad', 'woocommerce'), 'order.updated', { id: 4002, billing: {} });
    expect(noStatus.status).toBe(400);
    expect(await noStatus.json()).toEqual({ error: 'WooCommerce order: "status" is missing' });
    await expect(handle(store, eva.id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await expect(handle('woo-bad', 4002).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(h.mail.to(eva.email)).toHaveLength(0);
  });

  it('Tiendanube: an id-only event is accepted, the order is fetched through the adapter; one the store lacks fails clearly instead of retrying', async () => {
    const tn = await startTiendanubeSimulator({ storeId: '1234' });
    try {
      const store = await h.merchant('tn-shop', 'tiendanube');
      h.connections.register(store, { ...h.connections.get(store, 'tiendanube'), accessToken: tn.accessToken, endpoint: tn.url });
      tn.seedOrder({ id: 5001, number: 101, payment_status: 'paid', contact_name: 'Gala Paz', contact_email: 'gala@example.com', contact_phone: '+5491155550707' });
      expect((await h.webhook('tiendanube', store, 'order/paid', { store_id: 1234, event: 'order/paid', id: 5001 })).status).toBe(200);
      await eventually(() => h.mail.to('gala@example.com').length === 1, 'the payment email');
      expect(h.mail.to('gala@example.com')[0]?.subject).toBe('Tienda Sur: payment approved for order #101');
      await handle(store, 5001).terminate('test done');

      expect((await h.webhook('tiendanube', store, 'order/paid', { store_id: 1234, event: 'order/paid', id: 5002 })).status).toBe(200);
      await eventually(async () => (await handle(store, 5002).query(orderStatusQuery)).milestones.payment.state === 'failed', 'the payment milestone to fail');
      expect((await handle(store, 5002).query(orderStatusQuery)).fetchError).toMatch(/HTTP 404 .*Order with such id does not exist/);
      await handle(store, 5002).terminate('test done');
    } finally {
      await tn.close();
    }
  });

  it('a 404 or 410 from the push service deletes that subscription; the live browser still gets the alert', async () => {
    const store = await h.merchant('sh-push', 'shopify', { milestones: { payment: { enabled: true, channels: ['push'] } } });
    const fede = { id: 6001, email: 'fede@example.com', phone: '+5491155550606', name: 'Fede Sosa' };
    const live = await h.subscribe(store, fede.email);
    const expired = await h.subscribe(store, fede.email);
    const forgotten = await h.subscribe(store, String(fede.id));
    h.push.expire(expired);
    h.push.forget(forgotten);
    await h.webhook('shopify', store, 'orders/paid', shopifyOrder(fede));
    await eventually(async () => (await handle(store, fede.id).query(orderStatusQuery)).milestones.payment.state === 'sent', 'the push alert');
    expect(h.pushesTo(live)).toHaveLength(1);
    const left = await h.store.selectFrom('push_subscriptions').select('endpoint').where('store', '=', store).execute();
    expect(left.map((r) => r.endpoint)).toEqual([live]);
    await handle(store, fede.id).terminate('test done');
  });
});
