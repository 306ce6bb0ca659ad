import type { ServerResponse } from 'node:http';
import { trackingUrl } from '../domain/purchase/carriers';
import type { Store } from '../store/database';
import { MerchantSettingsRepository } from '../store/merchant-settings';
import { TrackingLinkRepository } from '../store/tracking-links';
import type { Route } from './http';

function notFound(res: ServerResponse): void {
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tracking not available</title></head>'
    + '<body><h1>Tracking not available</h1><p>We have no tracking page for this order yet. Please check the message from the store.</p></body></html>';
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * GET /t/<store>/<order>: the link in dispatch alerts. It redirects (302) to the carrier's tracking page
 * for the carrier and code saved when the alert was sent, and only for a known carrier (Correo Argentino,
 * Andreani, or one in the merchant's settings): nothing in the request chooses where it goes.
 */
export function trackingRoute(store: Store): Route {
  const links = new TrackingLinkRepository(store);
  const settings = new MerchantSettingsRepository(store);
  return async (req, res, url) => {
    const match = /^\/t\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const shop = decodeURIComponent(match[1] as string);
    const orderId = decodeURIComponent(match[2] as string);
    const link = await links.find(shop, orderId);
    const target = link ? trackingUrl(link.carrier, link.trackingCode, (await settings.get(shop)).carriers) : null;
    if (!target) return notFound(res), true;
    res.writeHead(302, { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end();
    return true;
  };
}
