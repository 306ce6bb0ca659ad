import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ConnectionRegistry } from '../config/secrets';
import type { Store } from '../store/database';
import { MerchantSettingsRepository } from '../store/merchant-settings';
import { PushSubscriptionRepository } from '../store/push-subscriptions';
import { HttpError, type Route, sendJson } from './http';
import { InvalidBody, readJson } from './purchase-api';

function base64urlOfLength(bytes: number, what: string) {
  return z.string().regex(/^[A-Za-z0-9_-]+=*$/, `${what} in base64url`)
    .refine((v) => Buffer.from(v, 'base64url').length === bytes, `${what}: ${bytes} bytes in base64url`);
}

/** What the store's page posts: PushSubscription.toJSON() from the shopper's browser, and whom it belongs to. */
export const pushSubscriptionRequestSchema = z.object({
  subscription: z.object({
    endpoint: z.url({ protocol: /^https$/, error: 'an https URL from the browser\'s push service' }),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64urlOfLength(65, 'a P-256 public key'), auth: base64urlOfLength(16, 'an auth secret') }),
  }),
  /** The shopper's email, or the order id when subscribing from the order's receipt page. */
  shopperKey: z.string().trim().min(1).max(320),
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
 * connection in their settings take subscriptions.
 */
export function pushRoute(store: Store, connections: ConnectionRegistry): Route {
  const settings = new MerchantSettingsRepository(store);
  const subscriptions = new PushSubscriptionRepository(store);

  async function vapidPublicKey(shop: string): Promise<string> {
    const name = (await settings.get(shop)).connections.push;
    if (!name) throw new HttpError(404, `store "${shop}" does not send push alerts`);
    try {
      return connections.get(name, 'webpush').vapidPublicKey;
    } catch {
      throw new HttpError(404, `store "${shop}" does not send push alerts`);
    }
  }

  return async (req, res, url) => {
    const match = /^\/push\/([^/]+)\/(subscriptions|vapid-public-key)$/.exec(url.pathname);
    if (!match) return false;
    cors(res);
    if (req.method === 'OPTIONS') return res.writeHead(204).end(), true;
    const shop = decodeURIComponent(match[1] as string);
    if (match[2] === 'vapid-public-key') {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      return sendJson(res, 200, { publicKey: await vapidPublicKey(shop) }), true;
    }
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    await vapidPublicKey(shop);
    try {
      const body = await readJson(req, pushSubscriptionRequestSchema);
      await subscriptions.save({ store: shop, shopperKey: body.shopperKey, endpoint: body.subscription.endpoint, keys: body.subscription.keys });
      sendJson(res, 201, { subscribed: true });
    } catch (err) {
      if (err instanceof InvalidBody) return sendJson(res, 400, { error: err.message, problems: err.problems }), true;
      throw err;
    }
    return true;
  };
}
