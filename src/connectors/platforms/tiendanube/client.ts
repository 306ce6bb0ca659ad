import { isRetryableStatus, PlatformError, withCallRetries } from '../errors';

export const TIENDANUBE_API = 'https://api.tiendanube.com';
/** Tiendanube wants the app named with a contact; a deployment sets its own in the connection's userAgent. */
export const DEFAULT_USER_AGENT = 'Cutover (https://cutover.invalid/contact)';

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

/**
 * Error bodies are `{code, message, description}`, `{error}` for bad JSON, or for a refused write (422) the
 * attributes with their messages, `{"name": ["can't be blank"]}`; anything else is shown cut short.
 */
export function errorText(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const text = [json.message, json.description, json.error].filter((v) => typeof v === 'string' && v).join(': ');
    if (text) return text;
    const fields = Object.entries(json).filter(([, v]) => Array.isArray(v)).map(([k, v]) => `${k} ${(v as unknown[]).join(', ')}`);
    if (fields.length) return fields.join('; ');
  } catch {
    // not JSON: the raw text below
  }
  return body.slice(0, 200);
}

/** One answer: the parsed JSON and the headers (Link, X-Total-Count). */
export interface TiendanubeResponse<T> {
  data: T;
  headers: Headers;
}

/** The `rel="next"` URL of a Link header, or null on the last page. */
export function nextLink(headers: Headers): string | null {
  const link = headers.get('link');
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1] as string;
  }
  return null;
}

/**
 * Tiendanube / Nuvemshop REST API v1 over fetch (there is no official Node SDK): every path is under
 * /v1/{store_id}, authenticated with `Authentication: bearer <token>` (their header name, not
 * Authorization) and a User-Agent naming the app. Failures become PlatformErrors: 429 and 5xx (and dropped
 * connections) retryable, the rest (401 bad token, 402 store suspended, 404, 400/422) permanent.
 *
 * The API's leaky bucket (40 requests, leaking 2 a second, per app and store) is shared by every call of
 * this client: when the last answer left the bucket nearly full, the next call waits for one request to
 * leak out instead of earning a 429.
 */
export class TiendanubeClient {
  private readonly base: string;
  /** The bucket as the last answer reported it. */
  lastRateLimit: RateLimit | null = null;
  /** When the last answer was read, to know how much has leaked out since. */
  private lastRateLimitAt = 0;
  /** Calls wait their turn here when the bucket is nearly full, so concurrent calls do not all rush it. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: TiendanubeClientOptions) {
    const origin = (options.endpoint ?? TIENDANUBE_API).replace(/\/+$/, '');
    this.base = `${origin}/v1/${encodeURIComponent(options.storeId)}`;
  }

  /** GET a resource; transient failures are tried again a few times inside the call (reads are safe to repeat). */
  async get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    return (await this.getWithHeaders<T>(path, query)).data;
  }

  getWithHeaders<T>(path: string, query: Record<string, string> = {}): Promise<TiendanubeResponse<T>> {
    return withCallRetries(() => this.once<T>('GET', path, query, undefined), true);
  }

  /** A write; only a 429 is tried again here (a throttled write was never applied). */
  async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return (await withCallRetries(() => this.once<T>(method, path, {}, body), false)).data;
  }

  /** Waits while the bucket, as last reported and leaked since, has no more than one request of room. */
  private async pace(): Promise<void> {
    const turn = this.queue.then(async () => {
      const rate = this.lastRateLimit;
      if (!rate || rate.remaining > 1) {
        if (rate) this.lastRateLimit = { ...rate, remaining: rate.remaining - 1 };
        return;
      }
      const wait = (waitForOneSlotMs(rate) ?? 0) - (Date.now() - this.lastRateLimitAt);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastRateLimit = null;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async once<T>(method: string, path: string, query: Record<string, string>, body: unknown): Promise<TiendanubeResponse<T>> {
    await this.pace();
    const url = new URL(`${this.base}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const what = `${method} ${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Authentication: `bearer ${this.options.accessToken}`,
          'User-Agent': this.options.userAgent ?? DEFAULT_USER_AGENT,
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new PlatformError(`Tiendanube ${what}: network failure (${err instanceof Error ? err.message : String(err)})`, true);
    }
    const rate = rateLimitOf(response.headers);
    if (rate) {
      this.lastRateLimit = rate;
      this.lastRateLimitAt = Date.now();
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const retryAfter = response.status === 429 ? waitForOneSlotMs(rate) : null;
      throw new PlatformError(`Tiendanube ${what}: HTTP ${response.status} ${errorText(text)}`.trim(), isRetryableStatus(response.status), response.status, retryAfter);
    }
    try {
      return { data: (text.trim() === '' ? {} : JSON.parse(text)) as T, headers: response.headers };
    } catch {
      throw new PlatformError(`Tiendanube ${what}: the answer is not JSON`, true, response.status);
    }
  }
}
