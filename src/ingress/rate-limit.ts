import type { IncomingMessage } from 'node:http';
import type { Route } from './http';
import { sendJson } from './http';

export interface RateLimitOptions {
  /** Requests a client may make at once before being slowed down. */
  burst: number;
  /** Requests per minute a client gets back, one at a time. */
  perMinute: number;
  /**
   * The ingress is behind a reverse proxy of the operator's: the client is the last address the proxy added
   * to X-Forwarded-For. Off, the header is ignored (anyone could send one).
   */
  trustProxy?: boolean;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

/** Buckets kept at most; full ones are forgotten first (a full bucket is the same as no bucket). */
const MAX_CLIENTS = 50_000;

/** The client's address: the socket's, or with a trusted proxy the last hop it recorded. */
export function clientAddress(req: IncomingMessage, trustProxy = false): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** A token bucket per client address: `burst` tokens, refilled at `perMinute`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  private readonly perMs: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.perMs = options.perMinute / 60_000;
  }

  /** Takes a token for the client: 0 when there was one, else the seconds until there is (Retry-After). */
  take(client: string): number {
    const now = this.now();
    const bucket = this.buckets.get(client);
    const tokens = bucket ? Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * this.perMs) : this.options.burst;
    if (tokens >= 1) {
      // Moved to the end: the map's order is least recently used first.
      this.buckets.delete(client);
      this.buckets.set(client, { tokens: tokens - 1, at: now });
      if (this.buckets.size > MAX_CLIENTS) this.forget(now);
      return 0;
    }
    this.buckets.set(client, { tokens, at: now });
    return Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  private forget(now: number): void {
    for (const [client, b] of this.buckets) {
      if (this.buckets.size <= MAX_CLIENTS * 0.9) break;
      if (b.tokens + (now - b.at) * this.perMs >= this.options.burst) this.buckets.delete(client);
    }
    // Still too many clients, all of them busy: the least recently seen go.
    for (const client of this.buckets.keys()) {
      if (this.buckets.size <= MAX_CLIENTS) break;
      this.buckets.delete(client);
    }
  }
}

/**
 * The public routes (tracking links, push subscriptions) behind a per-client token bucket: a request to one
 * of `prefixes` past the client's limit gets 429 with Retry-After; other paths pass through untouched.
 */
export function rateLimited(options: RateLimitOptions, prefixes: string[], routes: Route[]): Route[] {
  const limiter = new RateLimiter(options);
  const gate: Route = async (req, res, url) => {
    if (!prefixes.some((p) => url.pathname.startsWith(p))) return false;
    const wait = limiter.take(clientAddress(req, options.trustProxy));
    if (wait === 0) return false;
    sendJson(res, 429, { error: `too many requests: try again in ${wait} s` }, { 'retry-after': String(wait), 'cache-control': 'no-store' });
    return true;
  };
  return [gate, ...routes];
}
