import { request } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PlatformError } from '../../src/connectors/platforms/errors';
import { createTiendanubeOrderReader, toOrderSnapshot } from '../../src/connectors/platforms/tiendanube';
import { startTiendanubeSimulator, type TiendanubeSimulator } from '../../src/sandbox/tiendanube';
import { TiendanubeWebhookSender, type WebhookDelivery } from '../../src/sandbox/webhooks';
import { orderStatusQuery } from '../../src/workflows/purchase/messages';
import { createDevEnv } from '../support/temporal';
import { answerOf, eventually, orderHandle, PurchaseHarness } from './harness';

const APP_SECRET = 'tiendanube-app-secret-for-this-test';
const USER_AGENT = 'Cutover tests (qa@cutover.example)';

describe('Tiendanube/Nuvemshop: id-only webhooks → the order fetched through the adapter → alerts', () => {
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  let tn: TiendanubeSimulator;
  beforeAll(async () => {
    env = await createDevEnv();
    h = await new PurchaseHarness(env).start();
    tn = await startTiendanubeSimulator({ storeId: '4455667' });
  });
  afterAll(async () => {
    await h?.close();
    await tn?.close();
    await env?.teardown();
  });

  /** A merchant on Tiendanube whose API is the simulator. */
  async function tiendanubeStore(name: string, settings: Parameters<PurchaseHarness['merchant']>[2] = {}): Promise<string> {
    await h.merchant(name, 'tiendanube', settings);
    h.connections.register(name, { kind: 'tiendanube', storeId: tn.storeId, accessToken: tn.accessToken, appSecret: APP_SECRET, endpoint: tn.url, userAgent: USER_AGENT });
    return name;
  }

  /** What Tiendanube POSTs: only {store_id, event, id}, signed with x-linkedstore-hmac-sha256 (hex HMAC-SHA256 with the app's secret). */
  function notify(store: string, event: string, id: number, options: { secret?: string; storeId?: string } = {}): Promise<WebhookDelivery> {
    return new TiendanubeWebhookSender({ storeId: options.storeId ?? tn.storeId, appSecret: options.secret ?? APP_SECRET }).send(h.webhookUrl('tiendanube', store), event, id);
  }
  async function webhook(store: string, event: string, id: number, secret = APP_SECRET): Promise<Response> {
    return answerOf(await notify(store, event, id, { secret }));
  }

  const shopper = (id: number, name: string, email: string, phone: string, extra: Record<string, unknown> = {}) => tn.seedOrder({
    id, number: id - 5000, payment_status: 'paid', contact_name: name, contact_email: email, contact_phone: phone,
    customer: { id: id * 10, name, email, phone }, shipping: 'correo-argentino', shipping_option: 'Correo Argentino - Envío a domicilio', ...extra,
  });

  it('payment, processing and dispatch with tracking, each fetched from the store, through a Tiendanube outage', async () => {
    const store = await tiendanubeStore('tn-full');
    const order = shopper(7001, 'Lucía Fernández', 'lucia@example.com', '+5493515550707');
    // The store's API is down for the first fetch: more failures than one activity attempt tries in-call.
    tn.failNext('503', 5);
    expect((await webhook(store, 'order/paid', order.id)).status).toBe(200);
    await eventually(() => h.mail.to('lucia@example.com').length === 1, 'the payment email');
    expect(h.mail.to('lucia@example.com')[0]?.subject).toBe('Tienda Sur: payment approved for order #2001');
    expect(h.mail.to('lucia@example.com')[0]?.text).toContain('Lucía, we received the payment');

    tn.updateOrder(order.id, { next_action: 'waiting_shipment' });
    expect((await webhook(store, 'order/packed', order.id)).status).toBe(200);
    await eventually(() => h.mail.to('lucia@example.com').length === 2, 'the processing email');

    tn.updateOrder(order.id, { shipping_status: 'fulfilled', shipping_tracking_number: 'CA987654321AR', shipping_tracking_url: 'https://www.correoargentino.com.ar/seguimiento' });
    expect((await webhook(store, 'order/fulfilled', order.id)).status).toBe(200);
    const status = await orderHandle(env, store, order.id).result();
    expect(status.fetchError).toBeNull();
    expect(Object.values(status.milestones).map((m) => m.state)).toEqual(['sent', 'sent', 'sent']);
    const link = await h.trackingLink(store, order.id);
    expect(h.mail.to('lucia@example.com')[2]?.text).toContain('Tracking code: CA987654321AR (Correo Argentino)');
    expect(h.smsTo('+5493515550707')).toEqual([`Lucía, your order #2001 has been dispatched. Tracking code: CA987654321AR (Correo Argentino). ${link}`]);
    expect((await fetch(link, { redirect: 'manual' })).headers.get('location')).toBe('https://www.correoargentino.com.ar/formularios/e-commerce?id=CA987654321AR');

    // Every fetch went to the order's path with the app's User-Agent and only the fields the alerts read.
    const fetches = tn.requests.filter((r) => r.path.startsWith(`/v1/${tn.storeId}/orders/${order.id}?`));
    expect(fetches.filter((r) => r.status === 503)).toHaveLength(5);
    expect(fetches.filter((r) => r.status === 200)).toHaveLength(3);
    expect(new Set(fetches.map((r) => r.userAgent))).toEqual(new Set([USER_AGENT]));
    expect(decodeURIComponent(fetches[0]?.path ?? '')).toContain('fields=id,number,status');
  });

  it('a store-pickup order gets its payment alert and no dispatch alert', async () => {
    const store = await tiendanubeStore('tn-pickup');
    const order = shopper(7002, 'Mateo Ríos', 'mateo@example.com', '+5493515550808', { shipping_pickup_type: 'pickup', shipping: 'branch', shipping_store_branch_name: 'Local Centro' });
    await webhook(store, 'order/paid', order.id);
    await eventually(() => h.mail.to('mateo@example.com').length === 1, 'the payment email');
    tn.updateOrder(order.id, { shipping_status: 'fulfilled' });
    await webhook(store, 'order/fulfilled', order.id);
    const status = await orderHandle(env, store, order.id).result();
    expect(status.milestones).toMatchObject({ payment: { state: 'sent' }, dispatch: { state: 'not-applicable', channels: [] } });
    expect(status.order).toMatchObject({ delivery: 'pickup', carrier: null });
    expect(h.mail.to('mateo@example.com')).toHaveLength(1);
    expect(h.smsTo('+5493515550808')).toHaveLength(0);
  });

  it('an order the store does not have, or a revoked token, fails the alert with the reason instead of retrying; a forged webhook starts nothing', async () => {
    const store = await tiendanubeStore('tn-missing');
    expect((await webhook(store, 'order/paid', 9_999_999)).status).toBe(200);
    await eventually(async () => (await orderHandle(env, store, 9_999_999).query(orderStatusQuery)).milestones.payment.state === 'failed', 'the payment milestone to fail');
    expect((await orderHandle(env, store, 9_999_999).query(orderStatusQuery)).fetchError).toMatch(/HTTP 404 Not Found: Order with such id does not exist/);
    await orderHandle(env, store, 9_999_999).terminate('test done');

    const revoked = await tiendanubeStore('tn-revoked');
    h.connections.register(revoked, { kind: 'tiendanube', storeId: tn.storeId, accessToken: 'revoked-token', appSecret: APP_SECRET, endpoint: tn.url, userAgent: USER_AGENT });
    const order = shopper(7003, 'Sofía Paz', 'sofia@example.com', '+5493515550909');
    await webhook(revoked, 'order/paid', order.id);
    await eventually(async () => (await orderHandle(env, revoked, order.id).query(orderStatusQuery)).fetchError !== null, 'the fetch to fail');
    expect((await orderHandle(env, revoked, order.id).query(orderStatusQuery)).fetchError).toMatch(/HTTP 401 Unauthorized/);
    await orderHandle(env, revoked, order.id).terminate('test done');

    expect((await webhook(store, 'order/paid', order.id, 'not-the-secret')).status).toBe(401);
    await expect(orderHandle(env, store, order.id).describe()).rejects.toThrow();
  });

  it('answers exactly 200, as Tiendanube expects (anything else is retried 14 times over three days); a store id not the connection\'s is refused with 403', async () => {
    const store = await tiendanubeStore('tn-status');
    const order = shopper(7004, 'Tomás Gil', 'tomas@example.com', '+5493515550404');
    const first = await notify(store, 'order/paid', order.id);
    expect(first.status).toBe(200);
    expect(first.delivered).toBe(true);
    // "some messages may be sent multiple times with the same content": the repeat alerts nobody twice.
    expect((await notify(store, 'order/paid', order.id)).status).toBe(200);
    await eventually(() => h.mail.to('tomas@example.com').length === 1, 'the payment email');
    await eventually(async () => (await orderHandle(env, store, order.id).query(orderStatusQuery)).milestones.payment.state === 'sent', 'the payment alert');

    // Every store that installed the app signs with the same app secret: a valid signature from store 999
    // proves Tiendanube sent it, not that it concerns this connection's store.
    const otherStore = await notify(store, 'order/cancelled', order.id, { storeId: '999' });
    expect(otherStore.status).toBe(403);
    expect(JSON.parse(otherStore.responseText).error).toMatch(/store_id 999.*4455667/);
    expect((await orderHandle(env, store, order.id).query(orderStatusQuery)).order?.cancelled).toBe(false);
    await orderHandle(env, store, order.id).terminate('test done');
  });

  it('every order/updated refetches the order (no delivery id exists and the body never changes): a tracking code added after fulfilment reaches the shopper', async () => {
    const store = await tiendanubeStore('tn-updates');
    const order = shopper(7005, 'Uma Sosa', 'uma@example.com', '+5493515550505');
    const fetches = () => tn.requests.filter((r) => r.status === 200 && r.path.startsWith(`/v1/${tn.storeId}/orders/${order.id}?`)).length;
    tn.updateOrder(order.id, { owner_note: 'gift wrap' });
    const edited = await notify(store, 'order/updated', order.id);
    // Each step waits for the workflow to have read the order, so no event lands while a read is in flight.
    await eventually(async () => (await orderHandle(env, store, order.id).query(orderStatusQuery)).order !== null, 'the edited order fetched');
    await notify(store, 'order/paid', order.id);
    await eventually(() => h.mail.to('uma@example.com').length === 1, 'the payment email');

    // Fulfilled without a tracking code: the dispatch alert waits for one (a day by default).
    tn.updateOrder(order.id, { shipping_status: 'fulfilled' });
    await notify(store, 'order/fulfilled', order.id);
    await eventually(() => fetches() === 3, 'the fulfilled order fetched');
    tn.updateOrder(order.id, { shipping_tracking_number: 'CA700500000AR' });
    const tracked = await notify(store, 'order/updated', order.id);
    expect(tracked.body).toBe(edited.body);
    await eventually(async () => (await orderHandle(env, store, order.id).query(orderStatusQuery)).milestones.dispatch.state === 'sent', 'the dispatch alert');
    expect(tracked.status).toBe(200);
    expect(h.mail.to('uma@example.com').map((m) => m.subject)).toEqual(['Tienda Sur: payment approved for order #2005', 'Tienda Sur: order #2005 is on its way']);
    expect(h.mail.to('uma@example.com')[1]?.text).toContain('Tracking code: CA700500000AR (Correo Argentino)');
    await orderHandle(env, store, order.id).result();
  });

  describe('the adapter against the simulator', () => {
    const connection = () => ({ kind: 'tiendanube' as const, storeId: tn.storeId, accessToken: 'x', appSecret: 'y', endpoint: tn.url, userAgent: USER_AGENT });

    it('waits out a 429 by the X-Rate-Limit headers, then reads the order', async () => {
      const order = shopper(7101, 'Ana Sol', 'ana.sol@example.com', '+5491100001111');
      const reader = createTiendanubeOrderReader(connection(), { accessToken: tn.accessToken });
      const before = tn.requests.length;
      tn.failNext('429');
      await expect(reader.getOrder(String(order.id))).resolves.toMatchObject({ number: '2101', email: 'ana.sol@example.com', shopperName: 'Ana Sol', delivery: 'carrier' });
      expect(tn.requests.slice(before).map((r) => r.status)).toEqual([429, 200]);
    });

    it('stays under a small leaky bucket: paced by the X-Rate-Limit headers, no request lost and none refused', async () => {
      const small = await startTiendanubeSimulator({ bucketSize: 3, leakPerSecond: 10 });
      try {
        const ids = [1, 2, 3, 4, 5, 6].map((n) => small.seedOrder({ id: 100 + n, number: n, contact_email: `s${n}@example.com` }).id);
        const reader = createTiendanubeOrderReader({ ...connection(), storeId: small.storeId, endpoint: small.url }, { accessToken: small.accessToken });
        const read = [];
        for (const id of ids) read.push((await reader.getOrder(String(id))).email);
        expect(read).toEqual(ids.map((_, i) => `s${i + 1}@example.com`));
        expect(small.requests.filter((r) => r.status === 200)).toHaveLength(6);
        // The client waits when the last answer left the bucket nearly full, instead of earning a 429.
        expect(small.requests.filter((r) => r.status === 429)).toEqual([]);
      } finally {
        await small.close();
      }
    });

    it('404 and 401 are permanent, 5xx transient; a request without User-Agent gets 400 as documented', async () => {
      const reader = createTiendanubeOrderReader(connection(), { accessToken: tn.accessToken });
      const missing = await reader.getOrder('123').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(PlatformError);
      expect(missing).toMatchObject({ retryable: false, status: 404 });
      const unauthorized = await createTiendanubeOrderReader(connection(), { accessToken: 'wrong' }).getOrder('123').catch((e: unknown) => e);
      expect(unauthorized).toMatchObject({ retryable: false, status: 401 });
      tn.failNext('502', 4);
      expect(await reader.getOrder('123').catch((e: unknown) => e)).toMatchObject({ retryable: true, status: 502 });

      const noUserAgent = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${tn.url}/v1/${tn.storeId}/orders`, { headers: { Authentication: `bearer ${tn.accessToken}` } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => { body += c.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(noUserAgent.status).toBe(400);
      expect(JSON.parse(noUserAgent.body)).toMatchObject({ code: 400, message: 'Bad Request' });
    });

    it('lists orders with pagination headers, and reads the documented order shape', async () => {
      const res = await fetch(`${tn.url}/v1/${tn.storeId}/orders?per_page=2&fields=id,number`, { headers: { Authentication: `bearer ${tn.accessToken}`, 'User-Agent': USER_AGENT } });
      expect(res.status).toBe(200);
      expect(Number(res.headers.get('x-total-count'))).toBe(tn.orders().length);
      expect(res.headers.get('link')).toMatch(/rel="next"/);
      expect(res.headers.get('x-rate-limit-limit')).toBe('40');
      expect(Object.keys(((await res.json()) as Record<string, unknown>[])[0] ?? {}).sort()).toEqual(['id', 'number']);
      const past = await fetch(`${tn.url}/v1/${tn.storeId}/orders?page=999`, { headers: { Authentication: `bearer ${tn.accessToken}`, 'User-Agent': USER_AGENT } });
      expect(past.status).toBe(404);
      expect(await past.json()).toMatchObject({ description: expect.stringMatching(/^Last page is \d+$/) });

      // The documentation's example order (api-docs, resources/order.md), trimmed to what the alerts read.
      expect(toOrderSnapshot({
        id: 450789469, number: 101, status: 'open', payment_status: 'pending', shipping: 'ups', shipping_option: 'Synthetics', shipping_pickup_type: 'ship',
        shipping_tracking_number: null, shipping_address: { phone: '555-123-0413' }, customer: { name: 'John Doe', email: 'john.doe@example.com' },
      })).toEqual({
        number: '101', shopperName: 'John Doe', email: 'john.doe@example.com', phone: '555-123-0413', timeZone: null,
        delivery: 'carrier', carrier: 'Ups', trackingCode: null, trackingUrl: null, cancelled: false,
      });
      expect(toOrderSnapshot({ id: 1, number: 2, shipping: 'table', shipping_option: 'Envío a convenir', status: 'cancelled' })).toMatchObject({ delivery: 'to_be_agreed', carrier: null, cancelled: true });
    });
  });
});
