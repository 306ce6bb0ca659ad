/**
 * A failed call to an ESP, classified once by the connector: retry with backoff (429, 5xx, network) or
 * fail without retrying (bad key, validation). `retryAfterMs` carries the provider's Retry-After.
 */
export class EspError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly status: number | null = null, readonly retryAfterMs: number | null = null) {
    super(message);
    this.name = retryable ? 'TransientEspError' : 'PermanentEspError';
  }
}
