/**
 * A failed call to a platform's API, classified once by the adapter so activities can decide: retry with
 * backoff (429, 5xx, timeouts, resets) or fail without retrying (bad credentials, validation, not found).
 */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    /** How long the platform asked us to wait (Retry-After, or Shopify's bucket refill time). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = retryable ? 'TransientPlatformError' : 'PermanentPlatformError';
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** How many times one call is tried before its failure goes up to the activity (and Temporal's retry). */
export const CALL_ATTEMPTS = 4;
/** A platform asking for a longer pause than this is better waited out by Temporal's retry than in a call. */
const LONGEST_IN_CALL_WAIT_MS = 10_000;

/**
 * Retries one call a few times with a short backoff before giving up, so a single dropped connection or 503
 * does not throw away a whole page of work. Only calls that are safe to repeat are retried: a read on any
 * transient failure, a write only on 429 (a throttled write was never applied, so repeating it cannot
 * create a duplicate; an ambiguous 5xx or reset on a write goes up to the id map and natural-key check).
 */
export async function withCallRetries<T>(call: () => Promise<T>, isRead: boolean): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      const repeatable = err instanceof PlatformError && err.retryable && (isRead || err.status === 429);
      const wait = err instanceof PlatformError ? err.retryAfterMs ?? 200 * 2 ** (attempt - 1) : 0;
      if (!repeatable || attempt >= CALL_ATTEMPTS || wait > LONGEST_IN_CALL_WAIT_MS) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
