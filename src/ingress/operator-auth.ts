import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http';

/** The operator's bearer token (the codec server's): compared in constant time. */
export function requireBearer(req: IncomingMessage, token: string): void {
  const given = Buffer.from(req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'a valid bearer token is required');
}
