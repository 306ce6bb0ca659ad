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
