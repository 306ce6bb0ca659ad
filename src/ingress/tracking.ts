import type { ServerResponse } from 'node:http';
import { trackingUrl } from '../domain/purchase/carriers';
import type { Store } from '../store/database';
import { MerchantSettingsRepository } from '../store/merchant-settings';
import { TrackingLinkRepository } from '../store/tracking-links';
import type { Route } from './http';

function notFound(res: ServerResponse, method: string): void {
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tracking not available</title></head>'
    + '<body><h1>Tracking not available</h1><p>We have no tracking page for this order yet. Please check the message from the store.</p></body></html>';
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
  res.end(method === 'HEAD' ? undefined : html);
}

/**
 * GET /t/<token>: the link in dispatch alerts. The token is 128 random bits saved with the order's carrier
 * and code when the alert was sent; it redirects (302) to the carrier's tracking page, and only for a known
 * carrier (Correo Argentino, Andreani, or one in the merchant's settings): nothing in the request chooses
 * where it goes. Any other path under /t/ (the old /t/<store>/<order> among them) is the same 404 page as
 * an unknown or purged token, so nothing tells a guess that came close.
 */
export function trackingRoute(store: Store): Route {
  const links = new TrackingLinkRepository(store);
  const settings = new MerchantSettingsRepository(store);
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/t/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const match = /^\/t\/([^/]+)$/.exec(url.pathname);
    const link = match ? await links.find(match[1] as string) : undefined;
    const target = link ? trackingUrl(link.carrier, link.trackingCode, (await settings.get(link.store)).carriers) : null;
    if (!target) return notFound(res, req.method), true;
    res.writeHead(302, { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end();
    return true;
  };
}
