import webpush from 'web-push';
import { createWebPushChannel } from '../../../src/connectors/channels/webpush';
import type { ConnectionOf } from '../../../src/domain/connections';
import { type PushService, startPushService } from '../../../src/sandbox/push-service';
import { channelFailure } from './support';

describe('web push channel against the push service simulator', () => {
  let service: PushService;
  const vapid = webpush.generateVAPIDKeys();
  const browsersOnly: ConnectionOf<'webpush'> = { kind: 'webpush', vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, subject: 'mailto:ops@shop.example' };
  // The simulator is on loopback with a self-signed certificate: its host and CA are trusted here, and only here.
  let connection: ConnectionOf<'webpush'>;
  const channel = () => createWebPushChannel(connection, { vapidPrivateKey: vapid.privateKey }, { ca: service.ca });
  const payload = { title: 'Pedido #1001 enviado', body: 'Rastreio BR123456789 — chega em 3 dias 📦', url: 'https://shop.example/t/1001' };

  beforeAll(async () => {
    service = await startPushService();
    connection = { ...browsersOnly, extraPushServiceHosts: [new URL(service.origin).host] };
  });

  afterAll(async () => {
    await service.close();
  });

  afterEach(() => service.faults.clear());

  it('delivers a VAPID-signed aes128gcm push that the subscription decrypts to what was sent', async () => {
    const subscription = service.subscribe({ applicationServerKey: vapid.publicKey });
    const push = channel();
    const receipt = await push.send({ subscription, payload, ttlSeconds: 3600, urgency: 'high', topic: 'order-1001' });
    await push.close();

    expect(receipt.status).toBe('accepted');
    expect(receipt.providerId).toMatch(new RegExp(`^${service.origin}/message/`));
    const received = service.received.find((r) => r.endpoint === subscription.endpoint);
    expect(received).toBeDefined();
    expect(JSON.parse(String(received?.plaintext))).toEqual(payload);
    expect(received).toMatchObject({ ttl: 3600, urgency: 'high', topic: 'order-1001' });
    expect(received?.vapid).toMatchObject({ audience: service.origin, subject: 'mailto:ops@shop.example', publicKey: vapid.publicKey });
  });

  it('reports 410 for an expired subscription as a permanent subscription-gone', async () => {
    const subscription = service.subscribe();
    service.expire(subscription.endpoint);
    const error = await channelFailure(channel().send({ subscription, payload }));
    expect(error).toMatchObject({ permanent: true, code: 'subscription-gone', providerCode: 410, provider: 'webpush' });
  });

  it('reports 404 for a subscription the service does not know as subscription-gone too', async () => {
    const subscription = service.subscribe();
    service.forget(subscription.endpoint);
    expect(await channelFailure(channel().send({ subscription, payload }))).toMatchObject({ permanent: true, code: 'subscription-gone', providerCode: 404 });
  });

  it('is refused (403, permanent auth) when signed with another key than the subscription was made for', async () => {
    const subscription = service.subscribe({ applicationServerKey: webpush.generateVAPIDKeys().publicKey });
    expect(await channelFailure(channel().send({ subscription, payload }))).toMatchObject({ permanent: true, code: 'auth', providerCode: 403 });
  });

  it('reports injected 5xx and 429 as transient, with Retry-After', async () => {
    const subscription = service.subscribe();
    service.faults.failNext('503');
    expect(await channelFailure(channel().send({ subscription, payload }))).toMatchObject({ permanent: false, code: 'provider-down', providerCode: 503 });
    service.faults.failNext('429');
    expect(await channelFailure(channel().send({ subscription, payload }))).toMatchObject({ permanent: false, code: 'rate-limited', retryAfterMs: 1000 });
    // A reset once the request was written: the service may have queued the message.
    service.faults.failNext('reset');
    expect(await channelFailure(channel().send({ subscription, payload }))).toMatchObject({ permanent: false, code: 'outcome-unknown' });
  });

  it('refuses a payload over 4096 bytes as permanent', async () => {
    const subscription = service.subscribe();
    const error = await channelFailure(channel().send({ subscription, payload: { ...payload, body: 'x'.repeat(5000) } }));
    expect(error).toMatchObject({ permanent: true, code: 'payload-too-large' });
  });

  it('rejects a malformed subscription without calling the service', async () => {
    const before = service.received.length;
    const error = await channelFailure(channel().send({ subscription: { endpoint: `${service.origin}/push/x`, keys: { p256dh: 'abc', auth: 'def' } }, payload }));
    expect(error).toMatchObject({ permanent: true, code: 'invalid-recipient' });
    expect(service.received.length).toBe(before);
  });

  it('pushes to the browsers\' push services only: the simulator\'s host without its connection naming it is refused, nothing sent', async () => {
    const subscription = service.subscribe({ applicationServerKey: vapid.publicKey });
    const before = service.received.length;
    const push = createWebPushChannel(browsersOnly, { vapidPrivateKey: vapid.privateKey }, { ca: service.ca });
    expect(await channelFailure(push.send({ subscription, payload }))).toMatchObject({ permanent: true, code: 'invalid-recipient', message: expect.stringMatching(/push services listen on 443/) });
    const internal = { ...subscription, endpoint: 'https://metadata.internal/computeMetadata/v1/' };
    expect(await channelFailure(push.send({ subscription: internal, payload }))).toMatchObject({ permanent: true, message: expect.stringMatching(/metadata\.internal is not a browser's push service/) });
    await push.close();
    expect(service.received.length).toBe(before);
  });

  it('does not trust the simulator without its CA', async () => {
    const subscription = service.subscribe();
    const untrusting = createWebPushChannel(connection, { vapidPrivateKey: vapid.privateKey });
    expect(await channelFailure(untrusting.send({ subscription, payload }))).toMatchObject({ permanent: false, code: 'network' });
  });
});
