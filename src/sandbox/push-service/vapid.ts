import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { fromBase64Url } from './base64url';

export interface VapidClaims {
  audience: string;
  subject: string;
  expiresAt: number;
  /** The application server's public key from k=, base64url. */
  publicKey: string;
}

/** A refused VAPID header, with the status RFC 8292 §4 gives it (401, or 403 for a key mismatch). */
export class VapidError extends Error {
  constructor(readonly status: 401 | 403, message: string) {
    super(message);
  }
}

const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

/** Splits `vapid t=<jwt>, k=<key>` (RFC 8292 §3) into its parameters. */
function parseHeader(header: string | undefined): { token: string; key: string } {
  const match = /^vapid\s+(.*)$/i.exec(header ?? '');
  if (!match?.[1]) throw new VapidError(401, 'missing "Authorization: vapid t=..., k=..."');
  const params = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const token = params.get('t');
  const key = params.get('k');
  if (!token || !key) throw new VapidError(401, 'the vapid scheme needs both t= and k=');
  return { token, key };
}

/** The k= parameter is an uncompressed P-256 point (RFC 8292 §3.2); as a JWK it is verifiable with Node. */
function publicKeyFrom(key: string): KeyObject {
  const point = fromBase64Url(key);
  if (point.length !== 65 || point[0] !== 0x04) throw new VapidError(401, 'k= is not an uncompressed P-256 public key');
  try {
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
  } catch {
    throw new VapidError(401, 'k= is not a point on P-256');
  }
}

function parseJson(segment: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(fromBase64Url(segment).toString('utf8'));
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new VapidError(401, 'the VAPID token is not a JWT');
}

/**
 * Verifies a VAPID Authorization header (RFC 8292): an ES256 JWT signed by the key in k=, addressed to this
 * push service's origin, expiring within 24 hours, with a contact in sub.
 */
export function verifyVapid(header: string | undefined, expectedAudience: string, nowSeconds: number): VapidClaims {
  const { token, key } = parseHeader(header);
  const [head, body, signature, ...rest] = token.split('.');
  if (!head || !body || !signature || rest.length) throw new VapidError(401, 'the VAPID token is not a JWS compact serialisation');
  const jose = parseJson(head);
  if (jose.alg !== 'ES256') throw new VapidError(401, `VAPID tokens are signed with ES256, not ${String(jose.alg)}`);
  const valid = verify('sha256', Buffer.from(`${head}.${body}`), { key: publicKeyFrom(key), dsaEncoding: 'ieee-p1363' }, fromBase64Url(signature));
  if (!valid) throw new VapidError(401, 'the VAPID signature does not verify with k=');
  const claims = parseJson(body);
  if (claims.aud !== expectedAudience) throw new VapidError(401, `aud is ${String(claims.aud)}, expected ${expectedAudience}`);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) throw new VapidError(401, 'the VAPID token has expired or has no exp');
  if (claims.exp > nowSeconds + MAX_LIFETIME_SECONDS) throw new VapidError(401, 'exp is more than 24 hours ahead');
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) throw new VapidError(401, 'sub must be a mailto: or https: contact');
  return { audience: claims.aud, subject: claims.sub, expiresAt: claims.exp, publicKey: key };
}
