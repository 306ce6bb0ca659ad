/**
 * Why a send failed, in words every provider maps to. The first group is permanent: sending the same
 * message again cannot succeed. The second is transient: the same message may go through later.
 */
export type ChannelErrorCode =
  | 'invalid-recipient'
  | 'unsubscribed'
  | 'subscription-gone'
  | 'auth'
  | 'rejected'
  | 'payload-too-large'
  | 'misconfigured'
  | 'rate-limited'
  | 'provider-down'
  | 'deferred'
  | 'network'
  /**
   * The request left and no answer came (timed out, connection reset while waiting): the provider may have
   * taken the message. Neither permanent nor safe to retry: sending again could send it twice.
   */
  | 'outcome-unknown';

const permanentCodes: ReadonlySet<ChannelErrorCode> = new Set<ChannelErrorCode>([
  'invalid-recipient', 'unsubscribed', 'subscription-gone', 'auth', 'rejected', 'payload-too-large', 'misconfigured',
]);

export interface ChannelErrorDetails {
  provider: string;
  /** The provider's own code (Twilio error code, SMTP reply code, HTTP status), for the log. */
  providerCode?: number | string | null;
  /** How long the provider asked us to wait, when it said (Retry-After). */
  retryAfterMs?: number | null;
  cause?: unknown;
}

/**
 * A failed send, classified once by the connector. `permanent` failures must not be retried (the activity
 * records them); transient ones are thrown on for Temporal to retry with backoff.
 */
export class ChannelError extends Error {
  readonly permanent: boolean;
  readonly provider: string;
  readonly providerCode: number | string | null;
  readonly retryAfterMs: number | null;

  constructor(readonly code: ChannelErrorCode, message: string, details: ChannelErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.permanent = permanentCodes.has(code);
    this.provider = details.provider;
    this.providerCode = details.providerCode ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.name = this.permanent ? 'PermanentChannelError' : 'TransientChannelError';
  }
}

export function isPermanentCode(code: ChannelErrorCode): boolean {
  return permanentCodes.has(code);
}

export function isChannelError(err: unknown): err is ChannelError {
  return err instanceof ChannelError;
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const socketErrorCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * Failures that prove the request never reached the provider: nothing listened, no route, no name. Any other
 * failure on the wire (a reset, a timeout, a hang-up) may come after the provider read the request.
 */
const neverSentCodes = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ERR_SOCKET_CONNECTION_TIMEOUT',
  // A TLS handshake that failed: the request is written only after it succeeds.
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** True when a network failure proves nothing left for the provider (so sending again cannot send twice). */
export function neverReachedProvider(err: unknown): boolean {
  // Not `instanceof Error`: errors from Node's core may come from another realm (a test runner's sandbox).
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && neverSentCodes.has(code);
}

/** Socket-level failures: the provider may be back in a moment, so trying again is right. */
export function isNetworkError(err: unknown): err is Error & { code: string } {
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && socketErrorCodes.has(code);
}
