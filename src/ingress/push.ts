import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ConnectionRegistry } from '../config/secrets';
import type { ConnectionOf } from '../domain/connections';
import { pushEndpointProblem } from '../domain/purchase/push-services';
import type { Store } from '../store/database';
import { MerchantSettingsRepository } from '../store/merchant-settings';
import { PushSubscriptionRepository } from '../store/push-subscriptions';
import { HttpError, type Route, sendJson } from './http';
import { PUSH_SECRET_MIN_LENGTH, verifyPushToken } from './push-token';
import { InvalidBody, readJson } from './purchase-api';
import { describeIssues } from '../domain/validation';

function base64urlOfLength(bytes: number, what: string) {
  return z.string().regex(/^[A-Za-z0-9_-]+=*$/, `${what} in base64url`)
    .refine((v) => Buffer.from(v, 'base64url').length === bytes, `${what}: ${bytes} bytes in base64url`);
}

/**
 * What the store's page posts: PushSubscription.toJSON() from the shopper's browser, and the token the
 * storefront signed for the shopper (push-token.ts), which says whom the subscription belongs to.
 */
export const pushSubscriptionRequestSchema = z.object({
  subscription: z.object({
    endpoint: z.url({ protocol: /^https$/, error: 'an https URL from the browser\'s push service' }),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64urlOfLength(65, 'a P-256 public key'), auth: base64urlOfLength(16, 'an auth secret') }),
  }),
  token: z.unknown(),
});

/** The storefront is another origin: these two endpoints answer any page, without credentials. */
function cors(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', 'content-type');
}

/**
 * GET /push/<store>/vapid-public-key: the key the page passes to PushManager.subscribe();
 * POST /push/<store>/subscriptions: saves the browser's subscription. Only stores with a web push
 * connection in their settings take subscriptions, only with a token the storefront signed with the
 * connection's subscribeSecret (401 without), and only for an endpoint on a browser's push service (400).
 */
export function pushRoute(store: Store, connections: ConnectionRegistry): Route {
  const settings = new MerchantSettingsRepository(store);
  const subscriptions = new PushSubscriptionRepository(store);

  async function pushConnection(shop: string): Promise<{ name: string; connection: ConnectionOf<'webpush'> }> {
    const name = (await settings.get(shop)).connections.push;
    if (!name) throw new HttpError(404, `store "${shop}" does not send push alerts`);
    try {
      return { name, connection: connections.get(name, 'webpush') };
    } catch {
      throw new HttpError(404, `store "${shop}" does not send push alerts`);
    }
  }

  /** The key the store's page signs tokens with; without one, the store takes no subscriptions. */
  function subscribeSecret(name: string, connection: ConnectionOf<'webpush'>): string {
    const refused = new HttpError(401, 'this store takes no push subscriptions yet: its web push connection has no subscribeSecret');
    if (connection.subscribeSecret === undefined) throw refused;
    let secret: string;
    try {
      secret = connections.secret(name, 'subscribeSecret', connection.subscribeSecret);
    } catch {
      throw refused;
    }
    if (secret.length < PUSH_SECRET_MIN_LENGTH) throw refused;
    return secret;
  }

  return async (req, res, url) => {
    const match = /^\/push\/([^/]+)\/(subscriptions|vapid-public-key)$/.exec(url.pathname);
    if (!match) return false;
    cors(res);
    if (req.method === 'OPTIONS') return res.writeHead(204).end(), true;
    const shop = decodeURIComponent(match[1] as string);
    if (match[2] === 'vapid-public-key') {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      return sendJson(res, 200, { publicKey: (await pushConnection(shop)).connection.vapidPublicKey }), true;
    }
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    const { name, connection } = await pushConnection(shop);
    const secret = subscribeSecret(name, connection);
    try {
      const body = await readJson(req, z.looseObject({ token: z.unknown() }));
      // Whom it is for comes from the store's signature, never from the caller: 401 before anything else is read.
      const verified = verifyPushToken(secret, shop, body.token);
      if (!verified.ok) return sendJson(res, 401, { error: verified.reason }), true;
      const parsed = pushSubscriptionRequestSchema.safeParse(body);
      if (!parsed.success) throw new InvalidBody(describeIssues(parsed.error));
      const { subscription } = parsed.data;
      const problem = pushEndpointProblem(subscription.endpoint, connection.extraPushServiceHosts ?? []);
      if (problem) return sendJson(res, 400, { error: problem, problems: [`subscription.endpoint: ${problem}`] }), true;
      // The email reaches every order of the shopper's; a token for an order alone, that order's alerts.
      const shopperKey = verified.token.email ?? (verified.token.orderId as string);
      await subscriptions.save({ store: shop, shopperKey, endpoint: subscription.endpoint, keys: subscription.keys });
      sendJson(res, 201, { subscribed: true });
    } catch (err) {
      if (err instanceof InvalidBody) return sendJson(res, 400, { error: err.message, problems: err.problems }), true;
      throw err;
    }
    return true;
  };
}
