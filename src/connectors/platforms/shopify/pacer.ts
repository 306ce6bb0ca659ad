/** Shopify's report of one app's bucket on one shop, from `extensions.cost.throttleStatus`. */
export interface ThrottleStatus { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Paces calls to one shop by its calculated-query-cost bucket: before a call it waits until the bucket, as
 * last reported and refilled since at the restore rate, holds the call's expected cost, so calls neither idle
 * nor come back THROTTLED. Concurrent callers queue through one chain and reserve their cost while in flight.
 */
export class CostPacer {
  private known: ThrottleStatus | null = null;
  private knownAt = 0;
  private reserved = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly now: () => number = () => performance.now(), private readonly wait: (ms: number) => Promise<void> = sleep) {}

  /** Points we expect are in the bucket now, less what callers in flight have reserved. */
  estimate(): number {
    if (!this.known) return Number.POSITIVE_INFINITY;
    const refilled = this.known.currentlyAvailable + ((this.now() - this.knownAt) / 1000) * this.known.restoreRate;
    return Math.min(this.known.maximumAvailable, refilled) - this.reserved;
  }

  /** How long until `cost` points are there, in ms (0 when they are). */
  delayFor(cost: number): number {
    if (!this.known) return 0;
    const needed = Math.min(cost, this.known.maximumAvailable) - this.estimate();
    return needed <= 0 ? 0 : Math.ceil((needed / this.known.restoreRate) * 1000);
  }

  /** Waits for room for `cost` points and reserves them; call the returned function when the answer is in. */
  async acquire(cost: number): Promise<() => void> {
    const turn = this.chain.then(async () => {
      for (let delay = this.delayFor(cost); delay > 0; delay = this.delayFor(cost)) await this.wait(delay);
      this.reserved += cost;
    });
    this.chain = turn.catch(() => undefined);
    await turn;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= cost;
    };
  }

  lastStatus(): ThrottleStatus | null {
    return this.known;
  }

  observe(status: ThrottleStatus): void {
    this.known = status;
    this.knownAt = this.now();
  }
}

const pacers = new Map<string, CostPacer>();

/** One pacer per shop (and endpoint) in this process, whichever adapter instance calls it. */
export function pacerFor(key: string): CostPacer {
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = new CostPacer();
    pacers.set(key, pacer);
  }
  return pacer;
}
