import { createHmac, timingSafeEqual } from 'node:crypto';
import { WooError } from './errors';

/** RFC 3986 percent-encoding, as PHP's rawurlencode: everything but A-Z a-z 0-9 - _ . ~ */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const WINDOW_SECONDS = 15 * 60;

function authError(message: string): WooError {
  return new WooError(401, 'woocommerce_rest_authentication_error', message);
}

/**
 * Checks a one-legged OAuth 1.0a request the way WC_REST_Authentication does: every query parameter but the
 * signature, key and value percent-encoded and sorted, joined to the method and the store's own URL for the
 * path, signed with HMAC-SHA1 or HMAC-SHA256 under "consumer_secret&". Timestamps older than 15 minutes and
 * reused nonces are refused.
 */
export class OAuthVerifier {
  private readonly nonces = new Map<string, number>();

  constructor(private readonly consumerSecret: string) {}

  verify(method: string, baseUrl: string, path: string, rawParams: [string, string][], nowSeconds: number): void {
    // PHP's $_GET keeps the last of repeated keys; the official JS client does repeat them (it appends the
    // query it signed to the URL that already carries it).
    const values = new Map(rawParams);
    const params = [...values];
    for (const required of ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method']) {
      if (!values.get(required)) throw authError(`Missing OAuth parameter ${required}`);
    }
    const signatureMethod = values.get('oauth_signature_method');
    if (signatureMethod !== 'HMAC-SHA1' && signatureMethod !== 'HMAC-SHA256') throw authError('Invalid signature - signature method is invalid.');
    const normalized = params
      .filter(([key]) => key !== 'oauth_signature')
      .map(([key, value]) => [rfc3986(key), rfc3986(value)] as const)
      .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const base = `${method.toUpperCase()}&${rfc3986(`${baseUrl}${path}`)}&${rfc3986(normalized)}`;
    const algorithm = signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
    const expected = createHmac(algorithm, `${this.consumerSecret}&`).update(base).digest();
    const given = Buffer.from((values.get('oauth_signature') ?? '').replace(/ /g, '+'), 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw authError('Invalid signature - provided signature does not match.');
    const timestamp = Number(values.get('oauth_timestamp'));
    if (!Number.isFinite(timestamp) || timestamp < nowSeconds - WINDOW_SECONDS) throw authError('Invalid timestamp.');
    const nonce = values.get('oauth_nonce') ?? '';
    if (this.nonces.has(nonce)) throw authError('Invalid nonce - nonce has already been used.');
    this.nonces.set(nonce, timestamp);
    for (const [old, at] of this.nonces) if (at < nowSeconds - WINDOW_SECONDS) this.nonces.delete(old);
  }
}
