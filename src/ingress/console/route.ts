import { HttpError, type Route } from '../http';
import { consoleContentSecurityPolicy } from './assets';
import { renderConsolePage } from './page';

/**
 * GET /console/<store>: the merchant console. The page carries no data and needs no token to load; its
 * script reads and writes through the operator API (/api/stores/<store>/...) with the bearer token the
 * operator gives it, so a token never travels in a URL or lands in a server log.
 */
export function consoleRoute(): Route {
  return async (req, res, url) => {
    const match = /^\/console\/([^/]+)\/?$/.exec(url.pathname);
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    let store: string;
    try {
      store = decodeURIComponent(match[1] as string);
    } catch {
      throw new HttpError(400, 'the store in the path is not valid URL encoding');
    }
    const html = renderConsolePage(store);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'content-security-policy': consoleContentSecurityPolicy,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
    return true;
  };
}
