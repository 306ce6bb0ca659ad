import { WebPushError } from 'web-push';
import { ChannelError, type ChannelErrorCode, neverReachedProvider, parseRetryAfter } from '../errors';

const PROVIDER = 'webpush';

/**
 * The push service's answer (RFC 8030 §5, RFC 8292 §4): 404 and 410 mean the subscription is gone for
 * good and the caller deletes it; 429 and 5xx are worth another try; the rest are the sender's mistakes.
 */
function byStatus(status: number): ChannelErrorCode {
  if (status === 404 || status === 410) return 'subscription-gone';
  if (status === 401 || status === 403) return 'auth';
  if (status === 413) return 'payload-too-large';
  if (status === 429) return 'rate-limited';
  if (status >= 500 || status === 408) return 'provider-down';
  return 'rejected';
}

export function classifyWebPushError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof WebPushError) {
    const code = byStatus(err.statusCode);
    return new ChannelError(code, `push service answered ${err.statusCode}${err.body ? `: ${err.body}` : ''}`, {
      provider: PROVIDER, providerCode: err.statusCode, retryAfterMs: parseRetryAfter(err.headers['retry-after']), cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  // Refused or unresolvable: nothing reached the push service, try again.
  if (neverReachedProvider(err)) return new ChannelError('network', message, { provider: PROVIDER, cause: err });
  // A timeout or a reset once the request was on its way: the push service may have queued the message.
  return new ChannelError('outcome-unknown', `no answer from the push service after the request was sent (${message}): the notification may have been sent`, { provider: PROVIDER, cause: err });
}
