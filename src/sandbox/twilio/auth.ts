import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** HTTP Basic auth with AccountSid:AuthToken, the scheme the spec declares (accountSid_authToken). */
export function authenticated(req: IncomingMessage, accountSid: string, authToken: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64');
  const expected = Buffer.from(`${accountSid}:${authToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
