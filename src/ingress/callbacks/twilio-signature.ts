import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * X-Twilio-Signature as Twilio documents it (twilio.com/docs/usage/security): the full URL Twilio was given,
 * then every POST parameter's name and value with no separator, sorted by name (a repeated name's values
 * sorted too), HMAC-SHA1 keyed with the account's auth token, base64.
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) byName.set(name, [...(byName.get(name) ?? []), value]);
  const data = [...byName.keys()].sort().reduce((acc, name) => acc + (byName.get(name) ?? []).sort().map((v) => name + v).join(''), url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * The same URL with and without its scheme's default port: Twilio signs the URL exactly as it was configured,
 * and a proxy in front of the ingress may add or drop ":443" (Twilio's own helpers accept both).
 */
function withAndWithoutDefaultPort(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const defaultPort = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : null;
  if (!defaultPort) return [url];
  const hostWithPort = `${parsed.hostname.includes(':') ? `[${parsed.hostname}]` : parsed.hostname}:${defaultPort}`;
  const explicit = url.replace(`//${parsed.host}`, `//${hostWithPort}`);
  const bare = url.replace(`//${hostWithPort}`, `//${parsed.host}`);
  return [...new Set([url, explicit, bare])];
}

/** True when `signature` is Twilio's for one of the URLs the request may have been signed for; compared in constant time. */
export function verifyTwilioSignature(authToken: string, candidateUrls: readonly string[], params: URLSearchParams, signature: string | undefined): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature.trim(), 'base64');
  let ok = false;
  for (const url of new Set(candidateUrls.flatMap(withAndWithoutDefaultPort))) {
    const expected = Buffer.from(twilioSignature(authToken, url, params), 'base64');
    // Every candidate is compared (no early exit), so the time taken says nothing about which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
