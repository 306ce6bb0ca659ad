import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the exact raw body, compared in constant time against the header's encoding of it. */
export function verifyHmac(rawBody: Buffer, secret: string, header: string | undefined, encoding: 'base64' | 'hex'): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(header.trim(), encoding);
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}
