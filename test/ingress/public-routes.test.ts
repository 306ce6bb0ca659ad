import { get as httpGet } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import webpush from 'web-push';
import { createPurchaseActivities } from '../../src/activities/purchase/purchase-activities';
import type { ChannelSenders } from '../../src/activities/purchase/channel-senders';
import { ConnectionRegistry } from '../../src/config/secrets';
import { configSchema } from '../../src/domain/config';
import { orderSnapshotSchema } from '../../src/domain/purchase/events';
import { PUSH_TOKEN_MAX_SECONDS, signPushToken } from '../../src/ingress/push-token';
import { RateLimiter } from '../../src/ingress/rate-limit';
import { ingressRoutes } from '../../src/ingress/routes';
import { type IngressServer, startIngress } from '../../src/ingress/server';
import { openStore, type Store } from '../../src/store/database';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';
import { TrackingLinkRepository } from '../../src/store/tracking-links';
import { testCodecKeys } from '../support/temporal';

const OPERATOR_TOKEN = 'operator-token-of-this-test-0123456789';
const SECRET = 'storefront-push-subscribe-secret-0123456789';
const now = () => Math.floor(Date.now() / 1000);
const keys = { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') };

/** GET from a given loopback source address (127.0.0.0/8 is all this machine's): another client to the ingress. */
function getFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, { localAddress, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('public routes: unguessable tracking links, signed push subscriptions to browsers\' push services only, rate limits', () => {
  let store: Store;
  /** Rate limit far above what the tests send: refusals here are the routes' own. */
  let open: IngressServer;
  /** Three requests at once per client, one more every ten seconds. */
  let tight: IngressServer;

  beforeAll(async () => {
    store = await openStore({});
    const vapid = webpush.generateVAPIDKeys();
    const push = { kind: 'webpush' as const, vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, subject: 'mailto:ops@shop.example' };
    const connections = new ConnectionRegistry({
      push: { ...push, subscribeSecret: SECRET },
      'push-unsigned': push,
      'push-short-secret': { ...push, subscribeSecret: 'too-short' },
      'push-lab': { ...push, subscribeSecret: SECRET, extraPushServiceHosts: ['127.0.0.1:8443'] },
    });
    const settings = new MerchantSettingsRepository(store);
    for (const [shop, connection] of [['shop-a', 'push'], ['shop-b', 'push'], ['shop-unsigned', 'push-unsigned'], ['shop-short', 'push-short-secret'], ['shop-lab', 'push-lab']] as const) {
      await settings.put(shop, { connections: { push: connection } });
    }
    // The routes as the service serves them; the client never connects (no route here signals a workflow).
    const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const codec = { keys: testCodecKeys, serverToken: 'codec-token-of-this-test-0123456789', source: 'config' as const };
    const start = async (rateLimit: { burst: number; perMinute: number }) => {
      const config = configSchema.parse({ ingress: { port: 0, rateLimit } });
      return startIngress(ingressRoutes(config, codec, store, { client, connections, operatorToken: OPERATOR_TOKEN }), config.ingress);
    };
    open = await start({ burst: 100_000, perMinute: 1_000_000 });
    tight = await start({ burst: 3, perMinute: 6 });
  });
  afterAll(async () => {
    await open?.close();
    await tight?.close();
    await store?.destroy();
  });

  it('tracking: walking /t/<store>/1…1000 finds nothing; each order\'s link is its own random token', async () => {
    const links = new TrackingLinkRepository(store);
    const tokens: string[] = [];
    for (let order = 1; order <= 50; order += 1) tokens.push(await links.save('shop-a', String(order), { carrier: 'Correo Argentino', trackingCode: `CA${order}AR` }));
    expect(new Set(tokens).size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // A retried or replayed alert carries the same link.
    expect(await links.save('shop-a', '7', { carrier: 'Correo Argentino', trackingCode: 'CA7AR' })).toBe(tokens[6]);

    const statuses = new Map<number, number>();
    for (let order = 1; order <= 1000; order += 1) {
      const { status } = await fetch(`${open.url}/t/shop-a/${order}`, { redirect: 'manual' });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect([...statuses]).toEqual([[404, 1000]]);
    for (const path of ['/t/7', `/t/shop-a`, `/t/${tokens[0]}/x`, `/t/${'A'.repeat(22)}`, '/t/']) {
      expect((await fetch(`${open.url}${path}`, { redirect: 'manual' })).status).toBe(404);
    }
    const redirect = await fetch(`${open.url}/t/${tokens[0]}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://www.correoargentino.com.ar/formularios/e-commerce?id=CA1AR');
  });

  it('tracking: the hourly purge removes each store\'s links once its orders\' workflows have ended (maxAgeDays)', async () => {
    const links = new TrackingLinkRepository(store);
    await new MerchantSettingsRepository(store).put('shop-short-life', { maxAgeDays: 5 });
    const young = await links.save('shop-short-life', '1', { carrier: 'Andreani', trackingCode: 'AN1' });
    const old = await links.save('shop-short-life', '2', { carrier: 'Andreani', trackingCode: 'AN2' });
    const oldDefault = await links.save('shop-b', '1', { carrier: 'Andreani', trackingCode: 'AN3' });
    const keptDefault = await links.save('shop-b', '2', { carrier: 'Andreani', trackingCode: 'AN4' });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    await store.updateTable('tracking_links').set({ created_at: daysAgo(6) }).where('token', '=', old).execute();
    await store.updateTable('tracking_links').set({ created_at: daysAgo(61) }).where('token', '=', oldDefault).execute();
    await store.updateTable('tracking_links').set({ created_at: daysAgo(30) }).where('token', '=', keptDefault).execute();

    const refuse = () => Promise.reject(new Error('no alert is sent here'));
    const channels: ChannelSenders = { email: refuse, sms: refuse, push: refuse };
    await createPurchaseActivities({ store, channels, publicUrl: open.url }).purgeCommunicationLog(5);
    const left = await store.selectFrom('tracking_links').select('token').where('store', 'in', ['shop-short-life', 'shop-b']).execute();
    expect(left.map((r) => r.token).sort()).toEqual([young, keptDefault].sort());
    expect((await fetch(`${open.url}/t/${old}`, { redirect: 'manual' })).status).toBe(404);
  });

  describe('push subscriptions', () => {
    const post = (shop: string, body: unknown, base = () => open.url) => fetch(`${base()}/push/${shop}/subscriptions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const fcm = (id: string) => ({ endpoint: `https://fcm.googleapis.com/fcm/send/${id}`, expirationTime: null, keys });
    const token = (shop = 'shop-a', over: Partial<{ orderId: string; email: string; expires: number }> = {}, secret = SECRET) =>
      signPushToken(secret, shop, { email: 'ana@example.com', expires: now() + 300, ...over });
    const refusal = async (res: Response) => ({ status: res.status, error: ((await res.json()) as { error: string }).error });

    it('without a valid token signed by the store: 401, and nothing saved', async () => {
      expect(await refusal(await post('shop-a', { subscription: fcm('x1'), shopperKey: 'ana@example.com' }))).toEqual({ status: 401, error: expect.stringMatching(/needs a token signed by the store/) });
      expect(await refusal(await post('shop-a', { subscription: fcm('x2'), token: token('shop-a', {}, 'another-secret-of-the-same-length-0123') })))
        .toEqual({ status: 401, error: 'the token\'s signature is not the store\'s' });
      // Signed for another store, or for another shopper than it claims: the signature does not match.
      expect((await post('shop-a', { subscription: fcm('x3'), token: token('shop-b') })).status).toBe(401);
      expect((await post('shop-a', { subscription: fcm('x4'), token: { ...token(), email: 'eve@example.com' } })).status).toBe(401);
      expect(await refusal(await post('shop-a', { subscription: fcm('x5'), token: token('shop-a', { expires: now() - 1 }) }))).toEqual({ status: 401, error: expect.stringMatching(/expired/) });
      expect(await refusal(await post('shop-a', { subscription: fcm('x6'), token: token('shop-a', { expires: now() + PUSH_TOKEN_MAX_SECONDS + 60 }) }))).toEqual({ status: 401, error: expect.stringMatching(/lives too long/) });
      expect(await refusal(await post('shop-a', { subscription: fcm('x7'), token: { expires: now() + 60, signature: 'a'.repeat(64) } }))).toEqual({ status: 401, error: expect.stringMatching(/an orderId or an email/) });
      // A store whose connection has no signing key (or one too short to be a key) takes no subscriptions at all.
      expect(await refusal(await post('shop-unsigned', { subscription: fcm('x8'), token: token('shop-unsigned') }))).toEqual({ status: 401, error: expect.stringMatching(/no subscribeSecret/) });
      expect((await post('shop-short', { subscription: fcm('x9'), token: token('shop-short', {}, 'too-short') })).status).toBe(401);
      expect(await store.selectFrom('push_subscriptions').select('endpoint').where('endpoint', 'like', '%/x_').execute()).toEqual([]);
    });

    it('only the browsers\' push services: any other endpoint gets 400, the loopback simulator only where a connection names it', async () => {
      const refused = [
        'https://127.0.0.1:8443/push/1', 'https://169.254.169.254/latest/meta-data', 'https://internal.example/hook', 'https://fcm.googleapis.com.evil.example/x',
        'https://evilfcm.googleapis.com/x', 'https://fcm.googleapis.com:8443/fcm/send/x', 'https://notify.windows.com.evil.example/x', 'https://user:pw@fcm.googleapis.com/x',
      ];
      for (const endpoint of refused) {
        const res = await post('shop-a', { subscription: { endpoint, keys }, token: token() });
        expect({ endpoint, status: res.status }).toEqual({ endpoint, status: 400 });
        expect(((await res.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^subscription\.endpoint: /)]);
      }
      const accepted = [
        'https://fcm.googleapis.com/fcm/send/ok-1', 'https://updates.push.services.mozilla.com/wpush/v2/ok-2', 'https://web.push.apple.com/ok-3',
        'https://wns2-by3p.notify.windows.com/w/?token=ok-4',
      ];
      for (const endpoint of accepted) expect((await post('shop-a', { subscription: { endpoint, keys }, token: token() })).status).toBe(201);
      expect((await post('shop-lab', { subscription: { endpoint: 'https://127.0.0.1:8443/push/lab-1', keys }, token: token('shop-lab') })).status).toBe(201);
      expect((await post('shop-lab', { subscription: { endpoint: 'https://127.0.0.1:9443/push/lab-2', keys }, token: token('shop-lab') })).status).toBe(400);
    });

    it('the subscription belongs to whom the token names: the email, else the order', async () => {
      expect((await post('shop-b', { subscription: fcm('by-email'), token: token('shop-b', { email: 'bea@example.com', orderId: '42' }) })).status).toBe(201);
      expect((await post('shop-b', { subscription: fcm('by-order'), token: signPushToken(SECRET, 'shop-b', { orderId: '43', expires: now() + 60 }) })).status).toBe(201);
      const rows = await store.selectFrom('push_subscriptions').select(['endpoint', 'shopper_key']).where('store', '=', 'shop-b').orderBy('endpoint').execute();
      expect(rows).toEqual([{ endpoint: fcm('by-email').endpoint, shopper_key: 'bea@example.com' }, { endpoint: fcm('by-order').endpoint, shopper_key: '43' }]);
    });
  });

  it('rate limit: a client past its bucket gets 429 with Retry-After on /t/ and /push/; other clients and routes go on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await fetch(`${tight.url}/t/shop-a/${i}`, { redirect: 'manual' })).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const limited = await fetch(`${tight.url}/push/shop-a/vapid-public-key`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: string }).error).toMatch(/too many requests/);
    // An X-Forwarded-For is not believed without a proxy of the operator's in front: still the same client.
    const port = new URL(tight.url).port;
    expect(await getFrom('127.0.0.1', `http://127.0.0.1:${port}/t/x`, { 'x-forwarded-for': '203.0.113.9' })).toBe(429);
    // Another address has its own bucket; routes that are not the shoppers' are not limited.
    expect(await getFrom('127.0.0.2', `http://127.0.0.1:${port}/t/x`)).toBe(404);
    expect((await fetch(`${tight.url}/healthz`)).status).toBe(200);
  });

  it('rate limit: the bucket refills at its rate and says how long to wait', () => {
    let clock = 0;
    const limiter = new RateLimiter({ burst: 2, perMinute: 6, now: () => clock });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 10]);
    clock += 5_000;
    expect(limiter.take('a')).toBe(5);
    clock += 5_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('b')).toBe(0);
  });

  it('shopper email and phone are checked before a channel: an invalid one is a failed channel with its reason, never sent', async () => {
    const sent: { channel: string; to: string }[] = [];
    const channels: ChannelSenders = {
      email: async (_c, m) => (sent.push({ channel: 'email', to: m.to }), { providerId: 'mail-1' }),
      sms: async (_c, m) => (sent.push({ channel: 'sms', to: m.to }), { providerId: 'SM1' }),
      push: () => Promise.reject(new Error('no push here')),
    };
    await new SmsCreditLedger(store).topUp('shop-v', 10);
    const activities = createPurchaseActivities({ store, channels, publicUrl: open.url });
    const send = (orderId: string, channel: 'email' | 'sms', order: { email?: string; phone?: string }) => activities.sendMilestoneAlert({
      store: 'shop-v', orderId, milestone: 'payment', channel, connection: channel === 'email' ? 'mail' : 'sms', storeName: 'Tienda',
      order: orderSnapshotSchema.parse({ number: orderId, ...order }),
    });
    // nodemailer would read "a@b@c" and "<x>, y@example.com" as other addresses: it never sees them.
    for (const email of ['not-an-email', 'a@b@c', 'Ana <ana@example.com>, eve@example.com', 'ana@example.com\r\nBcc: eve@example.com']) {
      expect(await send('1', 'email', { email })).toEqual({ channel: 'email', status: 'failed', detail: 'invalid-recipient: the order\'s email is not a valid address' });
    }
    for (const phone of ['011 4555 0123', '+0123456', '+54 9 11 5555 0123 4567 89', 'call me']) {
      expect(await send('2', 'sms', { phone })).toEqual({ channel: 'sms', status: 'failed', detail: expect.stringMatching(/^invalid-recipient: the order's phone is not an E\.164 number/) });
    }
    expect(sent).toEqual([]);
    const log = await store.selectFrom('communication_log').select(['status', 'error']).where('store', '=', 'shop-v').execute();
    expect(log).toHaveLength(8);
    expect(new Set(log.map((r) => r.status))).toEqual(new Set(['invalid-recipient']));
    // The detail reaches the workflow's history: it names no address.
    expect(JSON.stringify(log)).not.toMatch(/example\.com|4555/);

    expect(await send('3', 'email', { email: 'ana@example.com' })).toMatchObject({ status: 'sent' });
    expect(await send('4', 'sms', { phone: '+54 9 (351) 555-0101' })).toMatchObject({ status: 'sent' });
    expect(sent).toEqual([{ channel: 'email', to: 'ana@example.com' }, { channel: 'sms', to: '+5493515550101' }]);
  });
});
