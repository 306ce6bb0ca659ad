import { ChannelError } from '../errors';
import type { PushSubscriptionKeys } from '../types';

const PROVIDER = 'webpush';

function decodedLength(base64url: string): number {
  return /^[A-Za-z0-9_-]+=*$/.test(base64url) ? Buffer.from(base64url, 'base64url').length : -1;
}

/**
 * A subscription the browser could not have produced is permanently unusable: an https endpoint, a 65-byte
 * uncompressed P-256 key and a 16-byte auth secret (RFC 8291 §3).
 */
export function checkSubscription(subscription: PushSubscriptionKeys): void {
  let endpoint: URL | null = null;
  try {
    endpoint = new URL(subscription.endpoint);
  } catch {
    endpoint = null;
  }
  const problem = endpoint?.protocol !== 'https:' ? 'endpoint is not an https URL'
    : decodedLength(subscription.keys.p256dh) !== 65 ? 'p256dh is not a 65-byte P-256 public key'
      : decodedLength(subscription.keys.auth) !== 16 ? 'auth is not a 16-byte secret'
        : null;
  if (problem) throw new ChannelError('invalid-recipient', `unusable push subscription: ${problem}`, { provider: PROVIDER });
}

/** VAPID keys as web-push wants them: a 65-byte public key and a 32-byte private key, base64url. */
export function checkVapidKeys(publicKey: string, privateKey: string): void {
  if (decodedLength(publicKey) !== 65) throw new ChannelError('misconfigured', 'the VAPID public key is not a 65-byte P-256 key in base64url', { provider: PROVIDER });
  if (decodedLength(privateKey) !== 32) throw new ChannelError('misconfigured', 'the VAPID private key is not 32 bytes in base64url', { provider: PROVIDER });
}
