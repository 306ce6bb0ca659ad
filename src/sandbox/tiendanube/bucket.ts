/**
 * Tiendanube's rate limit as its API documentation describes it: a leaky bucket per app and store, 40
 * requests deep, leaking 2 per second. A request that finds the bucket full gets 429.
 */
export class RequestBucket {
  private level = 0;
  private last: number;

  constructor(readonly size: number, readonly leakPerSecond: number, private readonly clock: () => number = () => performance.now()) {
    this.last = clock();
  }

  private leak(): void {
    const now = this.clock();
    this.level = Math.max(0, this.level - ((now - this.last) / 1000) * this.leakPerSecond);
    this.last = now;
  }

  /** Adds one request; false (and nothing added) when the bucket is full. */
  tryAdd(): boolean {
    this.leak();
    if (this.level + 1 > this.size) return false;
    this.level += 1;
    return true;
  }

  /** X-Rate-Limit-*: the bucket's size, requests left before it is full, milliseconds until it is empty. */
  headers(): Record<string, string> {
    this.leak();
    return {
      'X-Rate-Limit-Limit': String(this.size),
      'X-Rate-Limit-Remaining': String(Math.max(0, Math.floor(this.size - this.level))),
      'X-Rate-Limit-Reset': String(Math.ceil((this.level / this.leakPerSecond) * 1000)),
    };
  }

  /** The headers of a full bucket: what an injected 429 carries, without throttling the requests after it. */
  fullHeaders(): Record<string, string> {
    return {
      'X-Rate-Limit-Limit': String(this.size),
      'X-Rate-Limit-Remaining': '0',
      'X-Rate-Limit-Reset': String(Math.ceil((this.size / this.leakPerSecond) * 1000)),
    };
  }
}
