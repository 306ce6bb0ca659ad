import { ConsoleTokenRepository } from '../../store/console-tokens';
import type { Store } from '../../store/database';
import { HttpError, type Route, sendJson } from '../http';
import { requireBearer } from '../operator-auth';

/**
 * The operator's management of merchant console tokens (operator token only: a console token never makes another):
 *   POST /api/stores/<store>/console-tokens          → 201 {id, store, createdAt, token}: the token, shown once
 *   GET /api/stores/<store>/console-tokens           → [{id, store, createdAt}]
 *   DELETE /api/stores/<store>/console-tokens[/<id>] → {revoked: [ids]}: one token, or all of the store's
 */
export function consoleTokensRoute(store: Store, operatorToken: string): Route {
  const tokens = new ConsoleTokenRepository(store);
  return async (req, res, url) => {
    const match = /^\/api\/stores\/([^/]+)\/console-tokens(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return false;
    requireBearer(req, operatorToken);
    let shop: string;
    let id: string | undefined;
    try {
      shop = decodeURIComponent(match[1] as string);
      id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    } catch {
      throw new HttpError(400, 'the path is not valid URL encoding');
    }
    if (req.method === 'POST' && id === undefined) return sendJson(res, 201, await tokens.create(shop)), true;
    if (req.method === 'GET' && id === undefined) return sendJson(res, 200, await tokens.list(shop)), true;
    if (req.method === 'DELETE') {
      const revoked = await tokens.revoke(shop, id);
      if (id !== undefined && revoked.length === 0) throw new HttpError(404, `store "${shop}" has no console token "${id}"`);
      return sendJson(res, 200, { revoked }), true;
    }
    throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`);
  };
}
