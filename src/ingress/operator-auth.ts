import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ConsoleTokenRepository } from '../store/console-tokens';
import { HttpError } from './http';

/** The bearer token of the Authorization header, if there is one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** Compares two secrets in constant time (for equal lengths; a length says nothing useful about a random token). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One token for one job: the codec server's or the operator API's, each checked where it belongs. */
export function requireBearer(req: IncomingMessage, token: string): void {
  if (!sameSecret(bearerToken(req), token)) throw new HttpError(401, 'a valid bearer token is required');
}

export interface StoreAccess {
  operatorToken: string;
  consoleTokens: ConsoleTokenRepository;
}

/**
 * A store's part of the operator API: the operator token opens every store; a console token opens only
 * the store it was made for (401 for a token nobody issued, 403 for another store's).
 */
export async function requireStoreAccess(req: IncomingMessage, store: string, access: StoreAccess): Promise<'operator' | 'console'> {
  const given = bearerToken(req);
  if (sameSecret(given, access.operatorToken)) return 'operator';
  const consoleToken = given === undefined ? undefined : await access.consoleTokens.verify(given);
  if (!consoleToken) throw new HttpError(401, 'a valid bearer token is required (the store\'s console token or the operator token)');
  if (consoleToken.store !== store) throw new HttpError(403, 'this console token is for another store');
  return 'console';
}
