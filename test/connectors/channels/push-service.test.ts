import { request } from 'node:https';
import webpush from 'web-push';
import { type PushService, startPushService } from '../../../src/sandbox/push-service';

/** The push service's protocol checks, exercised with raw requests the channel would never send. */
describe('push service simulator', () => {
  let service: PushService;
  const vapid = webpush.generateVAPIDKeys();
  const vapidDetails = { subject: 'mailto:ops@shop.example', publicKey: vapid.publicKey, privateKey: vapid.privateKey };

  beforeAll(async () => {
    service = await startPushService();
  });

  afterAll(async () => {
    await service.close();
  });

  function post(endpoint: string, headers: Record<string, string>, body: Buffer | null): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(endpoint, { method: 'POST', headers, ca: service.ca }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  }

  function details(subscription: webpush.PushSubscription, payload: string) {
    return webpush.generateRequestDetails(subscription, payload, { vapidDetails, contentEncoding: 'aes128gcm', TTL: 60 });
  }

  it('accepts what web-push sends and decrypts it', async () => {
    const subscription = service.subscribe();
    const d = details(subscription, 'olá');
    expect((await post(d.endpoint, d.headers, d.body)).status).toBe(201);
    expect(service.received.at(-1)?.plaintext).toBe('olá');
  });

  it('refuses a body encrypted for another subscription (400): decryption really checks the keys', async () => {
    const target = service.subscribe();
    const other = service.subscribe();
    const d = details(other, 'not for you');
    const answer = await post(target.endpoint, d.headers, d.body);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('cannot decrypt');
  });

  it('refuses a tampered body (400)', async () => {
    const subscription = service.subscribe();
    const d = details(subscription, 'intact');
    const tampered = Buffer.from(d.body);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0xff;
    expect((await post(d.endpoint, d.headers, tampered)).status).toBe(400);
  });

  it('refuses a VAPID token for another audience, with no token, or with a forged signature (401)', async () => {
    const subscription = service.subscribe();
    const d = details(subscription, 'x');
    const elsewhere = webpush.getVapidHeaders('https://push.example.net', vapidDetails.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm');
    expect((await post(d.endpoint, { ...d.headers, Authorization: elsewhere.Authorization }, d.body)).status).toBe(401);
    const { Authorization: _omitted, ...unsigned } = d.headers;
    expect((await post(d.endpoint, unsigned, d.body)).status).toBe(401);
    const otherKey = webpush.generateVAPIDKeys().publicKey;
    const forged = String(d.headers.Authorization).replace(/k=[^,\s]+/, `k=${otherKey}`);
    expect((await post(d.endpoint, { ...d.headers, Authorization: forged }, d.body)).status).toBe(401);
  });

  it('requires a TTL header (400) and aes128gcm content encoding (415)', async () => {
    const subscription = service.subscribe();
    const d = details(subscription, 'x');
    const { TTL: _ttl, ...noTtl } = d.headers;
    expect((await post(d.endpoint, noTtl, d.body)).status).toBe(400);
    expect((await post(d.endpoint, { ...d.headers, 'Content-Encoding': 'aesgcm' }, d.body)).status).toBe(415);
  });
});
