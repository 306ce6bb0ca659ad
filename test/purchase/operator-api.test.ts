import webpush from 'web-push';
import { formatCredits, showCredits, topUpCredits } from '../../src/cli/credits';
import { setSettings, showSettings } from '../../src/cli/settings';
import { ConnectionRegistry } from '../../src/config/secrets';
import { purchaseApiRoute } from '../../src/ingress/purchase-api';
import { pushRoute } from '../../src/ingress/push';
import { signPushToken } from '../../src/ingress/push-token';
import { type IngressServer, startIngress } from '../../src/ingress/server';
import { trackingRoute } from '../../src/ingress/tracking';
import { AlertSendRepository } from '../../src/store/alert-sends';
import { openStore, type Store } from '../../src/store/database';
import { CommunicationLog } from '../../src/store/communication-log';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { TrackingLinkRepository } from '../../src/store/tracking-links';

const TOKEN = 'operator-token-for-tests-0123456789';
const PUSH_SECRET = 'storefront-push-subscribe-secret-0123456789';

describe('the purchase operator API, the CLI functions over it, push subscriptions and the tracking redirect', () => {
  let store: Store;
  let ingress: IngressServer;
  const vapid = webpush.generateVAPIDKeys();
  const api = () => ({ url: ingress.url, token: TOKEN });

  beforeAll(async () => {
    store = await openStore({});
    const connections = new ConnectionRegistry({ push: { kind: 'webpush', vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, subject: 'mailto:ops@shop.example', subscribeSecret: PUSH_SECRET } });
    ingress = await startIngress([purchaseApiRoute(store, TOKEN), pushRoute(store, connections), trackingRoute(store)], { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await ingress?.close();
    await store?.destroy();
  });

  it('settings: show gives the defaults, set validates with field paths and saves nothing on a problem', async () => {
    expect(await showSettings(api(), 'shop-1')).toMatchObject({ milestones: { dispatch: { enabled: true, channels: ['push', 'sms', 'email'] } }, quietHours: { start: '21:00', end: '08:00' } });
    await expect(setSettings(api(), 'shop-1', { quietHours: { start: '25:00', end: '08:00' }, milestones: { payment: { enabled: 'yes', channels: ['fax'] } } }))
      .rejects.toThrow(/milestones\.payment\.enabled: [\s\S]*milestones\.payment\.channels\.0: [\s\S]*quietHours\.start: a time of day as HH:MM/);
    // The service validates too, whatever the client did.
    const raw = await fetch(`${ingress.url}/api/stores/shop-1/settings`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ carriers: [{ name: 'Evil', urlTemplate: 'https://{code}/x' }], colour: 'red' }) });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^carriers\.0\.urlTemplate: /), expect.stringMatching(/^\(root\): Unrecognized key: "colour"/)]);
    const saved = await setSettings(api(), 'shop-1', { milestones: { processing: { enabled: false, channels: [] } }, carriers: [{ name: 'OCA', urlTemplate: 'https://www.oca.com.ar/seguimiento?numero={code}' }] });
    expect(saved.milestones.processing.enabled).toBe(false);
    expect((await showSettings(api(), 'shop-1')).carriers).toEqual([{ name: 'OCA', urlTemplate: 'https://www.oca.com.ar/seguimiento?numero={code}' }]);
    expect((await fetch(`${ingress.url}/api/stores/shop-1/settings`)).status).toBe(401);
  });

  it('settings: a time zone that is not an IANA zone is refused with its field path, and nothing is saved', async () => {
    const put = (body: unknown) => fetch(`${ingress.url}/api/stores/shop-tz/settings`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
    const refused = await put({ timeZone: 'America/Buenos Aires' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^timeZone: an IANA time zone .*"America\/Buenos Aires" is not one/)]);
    await expect(setSettings(api(), 'shop-tz', { timeZone: 'GMT-3:00' })).rejects.toThrow(/timeZone: an IANA time zone/);
    expect((await showSettings(api(), 'shop-tz')).timeZone).toBe('America/Argentina/Buenos_Aires');
    expect((await setSettings(api(), 'shop-tz', { timeZone: 'Europe/Madrid' })).timeZone).toBe('Europe/Madrid');
  });

  it('credits: show and top up, and the log of the last five days', async () => {
    expect(await showCredits(api(), 'shop-2')).toMatchObject({ total: 0, topupBalance: 0 });
    const after = await topUpCredits(api(), 'shop-2', 250);
    expect(after).toMatchObject({ total: 250, topupBalance: 250 });
    expect(formatCredits(after)).toContain('SMS credits of shop-2: 250');
    await expect(topUpCredits(api(), 'shop-2', -5)).rejects.toThrow(/credits: a positive whole number/);
    const raw = await fetch(`${ingress.url}/api/stores/shop-2/credits/topup`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ credits: 1.5 }) });
    expect(((await raw.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^credits: /)]);
    await new CommunicationLog(store).record({ store: 'shop-2', orderId: '9', milestone: 'payment', channel: 'email', recipientMasked: 'an***@example.com', status: 'sent', providerId: '<m@x>', error: null });
    const log = (await (await fetch(`${ingress.url}/api/stores/shop-2/log`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { orderId: string; at: string }[];
    expect(log).toEqual([expect.objectContaining({ orderId: '9', milestone: 'payment', status: 'sent', recipientMasked: 'an***@example.com' })]);
  });

  it('alerts in doubt and credit movements: listed for a person, beyond the log\'s 5 days', async () => {
    const sends = new AlertSendRepository(store);
    const claim = await sends.claim({ store: 'shop-5', orderId: '77', milestone: 'dispatch', channel: 'sms', recipient: '+5491155550077' }, { recipientMasked: '***0077' });
    if (claim.kind !== 'go') throw new Error('expected to own the send');
    await sends.markUnknown(claim.id, 'no answer from Twilio after the request was sent (timeout of 30000ms exceeded): the SMS may have been sent');
    await store.updateTable('alert_sends').set({ updated_at: new Date(Date.now() - 9 * 86400_000) }).where('store', '=', 'shop-5').execute();
    const get = (path: string) => fetch(`${ingress.url}/api/stores/shop-5/${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await (await get('alerts/unknown')).json()).toEqual([expect.objectContaining({ orderId: '77', milestone: 'dispatch', channel: 'sms', recipientMasked: '***0077', error: expect.stringMatching(/may have been sent/) })]);
    // This ingress has no Temporal client: the replay is refused with the way that works.
    const replay = await fetch(`${ingress.url}/api/stores/shop-5/orders/77/replay`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ milestone: 'dispatch' }) });
    expect(replay.status).toBe(503);
    const badReplay = await fetch(`${ingress.url}/api/stores/shop-5/orders/77/replay`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ milestone: 'shipped' }) });
    expect(((await badReplay.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^milestone: /)]);
    await topUpCredits(api(), 'shop-5', 40);
    expect(await (await get('credits/entries')).json()).toEqual([expect.objectContaining({ kind: 'topup', topupCredits: 40, allowanceCredits: 0 })]);
  });

  it('push subscriptions: the VAPID key for a store that pushes, validated subscriptions with field paths', async () => {
    await new MerchantSettingsRepository(store).put('shop-3', { connections: { push: 'push' } });
    expect(await (await fetch(`${ingress.url}/push/shop-3/vapid-public-key`)).json()).toEqual({ publicKey: vapid.publicKey });
    expect((await fetch(`${ingress.url}/push/no-push-shop/vapid-public-key`)).status).toBe(404);
    const post = (body: unknown) => fetch(`${ingress.url}/push/shop-3/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const token = signPushToken(PUSH_SECRET, 'shop-3', { email: 'ana@example.com', expires: Math.floor(Date.now() / 1000) + 300 });
    const bad = await post({ subscription: { endpoint: 'http://push.example/x', keys: { p256dh: 'abc', auth: Buffer.alloc(16).toString('base64url') } }, token });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { problems: string[] }).problems;
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^subscription\.endpoint: /), expect.stringMatching(/^subscription\.keys\.p256dh: /)]));
    const good = { endpoint: 'https://fcm.googleapis.com/fcm/send/sub-1', expirationTime: null, keys: { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') } };
    expect((await post({ subscription: good, token })).status).toBe(201);
    expect((await post({ subscription: good, token })).status).toBe(201);
    expect(await store.selectFrom('push_subscriptions').select(['endpoint', 'shopper_key']).where('store', '=', 'shop-3').execute()).toEqual([{ endpoint: good.endpoint, shopper_key: 'ana@example.com' }]);
  });

  it('tracking redirect: only to known carriers and the merchant\'s own, never where the request says; else a 404 page', async () => {
    const links = new TrackingLinkRepository(store);
    await new MerchantSettingsRepository(store).put('shop-4', { carriers: [{ name: 'OCA', urlTemplate: 'https://www.oca.com.ar/seguimiento?numero={code}' }] });
    const andreani = await links.save('shop-4', '1', { carrier: 'ANDREANI', trackingCode: '3600/../../evil?x=1' });
    const oca = await links.save('shop-4', '2', { carrier: 'OCA', trackingCode: 'OCA-77' });
    const unknownCourier = await links.save('shop-4', '3', { carrier: 'Some Unknown Courier', trackingCode: 'X1' });
    const get = (token: string) => fetch(`${ingress.url}/t/${token}`, { redirect: 'manual' });
    expect((await get(andreani)).headers.get('location')).toBe('https://www.andreani.com/envio/3600%2F..%2F..%2Fevil%3Fx%3D1');
    expect((await get(oca)).headers.get('location')).toBe('https://www.oca.com.ar/seguimiento?numero=OCA-77');
    const unknown = await get(unknownCourier);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Tracking not available');
    expect((await get('A'.repeat(22))).status).toBe(404);
    expect((await fetch(`${ingress.url}/t/${oca}?to=https://evil.example`, { redirect: 'manual' })).headers.get('location')).toBe('https://www.oca.com.ar/seguimiento?numero=OCA-77');
  });
});
