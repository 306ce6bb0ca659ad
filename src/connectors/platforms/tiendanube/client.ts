import { isRetryableStatus, PlatformError, withCallRetries } from '../errors';

export const TIENDANUBE_API = 'https://api.tiendanube.com';
/** Tiendanube wants the app named with a contact; a deployment sets its own in the connection's userAgent. */
export const DEFAULT_USER_AGENT = 'Cutover order alerts (https://cutover.invalid/contact)';

export interface TiendanubeClientOptions {
  /** Another origin than https://api.tiendanube.com: api.nuvemshop.com.br, a simulator, a proxy. */
  endpoint?: string;
  storeId: string;
  accessToken: string;
  userAgent?: string;
  /** Per-request timeout; a request that takes longer fails retryably. Default 30 s. */
  timeoutMs?: number;
}

/** The leaky bucket's state as the X-Rate-Limit-* headers report it. */
export interface RateLimit {
  /** The bucket's size. */
  limit: number;
  /** Requests left before the bucket is full. */
  remaining: number;
  /** Milliseconds until the bucket is completely empty. */
  resetMs: number;
}

function headerNumber(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  const n = value === null || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function rateLimitOf(headers: Headers): RateLimit | null {
  const limit = headerNumber(headers, 'x-rate-limit-limit');
  const remaining = headerNumber(headers, 'x-rate-limit-remaining');
  const resetMs = headerNumber(headers, 'x-rate-limit-reset');
  return limit === null || remaining === null || resetMs === null ? null : { limit, remaining, resetMs };
}

/**
 * How long until the bucket has room for one more request. The headers give the time to empty the whole
 * bucket (`reset`) and how full it is (`limit - remaining`): one request leaks out every reset / used ms.
 */
export function waitForOneSlotMs(rate: RateLimit | null): number | null {
  if (!rate) return null;
  const used = Math.max(1, rate.limit - rate.remaining);
  return Math.ceil(rate.resetMs / used);
}

/** Error bodies are `{code, message, description}` or, for bad JSON, `{error}`; anything else is shown cut short. */
function errorText(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const text = [json.message, json.description, json.error].filter((v) => typeof v === 'string' && v).join(': ');
    if (text) return text;
  } catch {
    // not JSON: the raw text below
  }
  return body.slice(0, 200);
}

/**
 * Tiendanube / Nuvemshop REST API v1 over fetch (there is no official Node SDK): every path is under
 * /v1/{store_id}, authenticated with `Authentication: bearer <token>` (their header name, not
 * Authorization) and a User-Agent naming the app. Failures become PlatformErrors: 429 and 5xx (and dropped
 * connections) retryable, the rest (401 bad token, 402 store suspended, 404, 400/422) permanent.
 */
export class TiendanubeClient {
  private readonly base: string;
  /** The bucket as the last answer reported it. */
  lastRateLimit: RateLimit | null = null;

  constructor(private readonly options: TiendanubeClientOptions) {
    const origin = (options.endpoint ?? TIENDANUBE_API).replace(/\/+$/, '');
    this.base = `${origin}/v1/${encodeURIComponent(options.storeId)}`;
  }

  /** GET a resource; transient failures are tried again a few times inside the call (reads are safe to repeat). */
  get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    return withCallRetries(() => this.once<T>(path, query), true);
  }

  private async once<T>(path: string, query: Record<string, string>): Promise<T> {
    const url = new URL(`${this.base}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const what = `GET ${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          Authentication: `bearer ${this.options.accessToken}`,
          'User-Agent': this.options.userAgent ?? DEFAULT_USER_AGENT,
          Accept: 'application/json',
        },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new PlatformError(`Tiendanube ${what}: network failure (${err instanceof Error ? err.message : String(err)})`, true);
    }
    this.lastRateLimit = rateLimitOf(response.headers) ?? this.lastRateLimit;
    const body = await response.text().catch(() => '');
    if (!response.ok) {
      const retryAfter = response.status === 429 ? waitForOneSlotMs(rateLimitOf(response.headers)) : null;
      throw new PlatformError(`Tiendanube ${what}: HTTP ${response.status} ${errorText(body)}`.trim(), isRetryableStatus(response.status), response.status, retryAfter);
    }
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new PlatformError(`Tiendanube ${what}: the answer is not JSON`, true, response.status);
    }
  }
}
