import { SeededRandom } from '../shared/random';

/**
 * What can go wrong between a client and a WooCommerce host: throttling by a proxy or host (429 with
 * Retry-After), server errors, slow answers, no answer at all, and dropped connections.
 */
export type FaultKind = '429' | '500' | '502' | '503' | 'slow' | 'timeout' | 'reset';

export interface FaultOptions {
  /** Probability (0..1) that a request meets a fault; 0 turns random faults off. */
  rate?: number;
  /** Which faults to draw from; default all. */
  kinds?: FaultKind[];
  /** Only requests whose path (below /wp-json/wc/v3) matches are eligible. */
  path?: RegExp;
  /** Delay of a 'slow' answer. */
  slowMs?: number;
  /** Retry-After sent with an injected 429. */
  retryAfterSeconds?: number;
  seed?: number;
}

export interface RateLimitOptions {
  /** Requests admitted per second; beyond that, 429 with Retry-After. */
  requestsPerSecond: number;
}

const allKinds: FaultKind[] = ['429', '500', '502', '503', 'slow', 'timeout', 'reset'];

/** Decides, request by request, which fault (if any) to inject: queued ones first, then random ones. */
export class FaultPlan {
  private options: Required<Omit<FaultOptions, 'path' | 'seed'>> & { path: RegExp | null } = { rate: 0, kinds: allKinds, path: null, slowMs: 1500, retryAfterSeconds: 1 };
  private random = new SeededRandom(1);
  private readonly queued: { kind: FaultKind; path: RegExp | null }[] = [];

  configure(options: FaultOptions): void {
    this.options = {
      rate: options.rate ?? 0, kinds: options.kinds ?? allKinds, path: options.path ?? null,
      slowMs: options.slowMs ?? 1500, retryAfterSeconds: options.retryAfterSeconds ?? 1,
    };
    this.random = new SeededRandom(options.seed ?? 1);
  }

  /** The next `count` requests (matching `path`, if given) meet this fault, whatever the rate. */
  failNext(kind: FaultKind, count = 1, path?: RegExp): void {
    for (let i = 0; i < count; i += 1) this.queued.push({ kind, path: path ?? null });
  }

  clear(): void {
    this.queued.length = 0;
    this.options.rate = 0;
  }

  get slowMs(): number { return this.options.slowMs; }
  get retryAfterSeconds(): number { return this.options.retryAfterSeconds; }

  draw(path: string): FaultKind | null {
    const index = this.queued.findIndex((q) => !q.path || q.path.test(path));
    if (index >= 0) return this.queued.splice(index, 1)[0]?.kind ?? null;
    if (this.options.rate <= 0 || (this.options.path && !this.options.path.test(path))) return null;
    return this.random.chance(this.options.rate) ? this.random.pick(this.options.kinds) : null;
  }
}

/** A token bucket refilled every second: WooCommerce has none built in, hosts and proxies often do. */
export class RateLimiter {
  private tokens: number;
  private refilledAt = Date.now();

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  /** Null when admitted, else the seconds to wait. */
  take(): number | null {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}
