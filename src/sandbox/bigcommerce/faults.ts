import { SeededRandom } from '../shared/random';

/** What can go wrong between a client and BigCommerce's API gateway. */
export type FaultKind = '429' | '500' | '502' | '503' | 'slow' | 'timeout' | 'reset';

export interface FaultOptions {
  /** Probability (0..1) that a request meets a fault; 0 turns random faults off. */
  rate?: number;
  kinds?: FaultKind[];
  /** Only requests whose path (below /stores/{hash}) matches are eligible. */
  path?: RegExp;
  slowMs?: number;
  seed?: number;
}

const allKinds: FaultKind[] = ['429', '500', '502', '503', 'slow', 'timeout', 'reset'];

/** Decides, request by request, which fault (if any) to inject: queued ones first, then random ones. */
export class FaultPlan {
  private options: { rate: number; kinds: FaultKind[]; path: RegExp | null; slowMs: number } = { rate: 0, kinds: allKinds, path: null, slowMs: 1500 };
  private random = new SeededRandom(1);
  private readonly queued: { kind: FaultKind; path: RegExp | null }[] = [];

  configure(options: FaultOptions): void {
    this.options = { rate: options.rate ?? 0, kinds: options.kinds ?? allKinds, path: options.path ?? null, slowMs: options.slowMs ?? 1500 };
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

  draw(path: string): FaultKind | null {
    const index = this.queued.findIndex((q) => !q.path || q.path.test(path));
    if (index >= 0) return this.queued.splice(index, 1)[0]?.kind ?? null;
    if (this.options.rate <= 0 || (this.options.path && !this.options.path.test(path))) return null;
    return this.random.chance(this.options.rate) ? this.random.pick(this.options.kinds) : null;
  }
}

export interface RateLimitOptions {
  /** Requests per window; BigCommerce's Standard and Plus plans: 150 every 30 s, Pro: 450. */
  quota: number;
  windowMs: number;
}

/**
 * BigCommerce's quota: each request uses one unit of the store's quota, refilled when the window resets.
 * Every answer says where the caller stands (X-Rate-Limit-*); past the quota, 429 until the reset.
 */
export class RateLimitWindow {
  private used = 0;
  private windowStart: number;
  /** Requests answered 429 because the quota was used up (a benchmark's THROTTLED count). */
  rejected = 0;

  constructor(private readonly options: RateLimitOptions, private readonly clock: () => number = Date.now) {
    this.windowStart = clock();
  }

  /** Takes one unit; returns the headers for the answer and whether the request is admitted. */
  take(): { admitted: boolean; headers: Record<string, string> } {
    const now = this.clock();
    if (now - this.windowStart >= this.options.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const admitted = this.used < this.options.quota;
    if (admitted) this.used += 1;
    else this.rejected += 1;
    return { admitted, headers: this.headers(now) };
  }

  /** Headers of an answer that used no unit (an injected 429 still reports the window). */
  headers(now = this.clock()): Record<string, string> {
    return {
      'X-Rate-Limit-Time-Window-Ms': String(this.options.windowMs),
      'X-Rate-Limit-Time-Reset-Ms': String(Math.max(0, this.options.windowMs - (now - this.windowStart))),
      'X-Rate-Limit-Requests-Quota': String(this.options.quota),
      'X-Rate-Limit-Requests-Left': String(Math.max(0, this.options.quota - this.used)),
    };
  }
}
