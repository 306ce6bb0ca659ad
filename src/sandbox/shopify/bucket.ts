/** Shopify's plans and their GraphQL Admin API limits (points per second restored, bucket size). */
export const plans = {
  standard: { restoreRate: 100, maximumAvailable: 1000 },
  advanced: { restoreRate: 200, maximumAvailable: 2000 },
  plus: { restoreRate: 1000, maximumAvailable: 10000 },
  enterprise: { restoreRate: 2000, maximumAvailable: 20000 },
} as const;
export type PlanName = keyof typeof plans;

export interface ThrottleStatus { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }

/** The leaky bucket of one app on one shop: it refills continuously at the restore rate up to its size. */
export class LeakyBucket {
  private available: number;
  private lastRefill: number;

  constructor(readonly maximumAvailable: number, readonly restoreRate: number, private readonly clock: () => number = () => performance.now()) {
    this.available = maximumAvailable;
    this.lastRefill = clock();
  }

  private refill(): void {
    const now = this.clock();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.lastRefill) / 1000) * this.restoreRate);
    this.lastRefill = now;
  }

  tryTake(cost: number): boolean {
    this.refill();
    if (this.available < cost) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}
