/** Faults the simulator can inject in place of an answer, as real networks and Shopify's edge produce them. */
export const faultKinds = ['http429', 'http500', 'http502', 'http503', 'slow', 'timeout', 'reset'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultConfig {
  /** Share of requests that get a fault, 0..1. */
  rate: number;
  /** Which faults to draw from (default: all). */
  kinds?: FaultKind[];
  /** Delay of a `slow` answer (default 1500 ms). */
  slowMs?: number;
  /** Seed of the draw, so a run is repeatable. */
  seed?: number;
}

/** A small seeded PRNG (mulberry32): repeatable draws without a dependency. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private config: FaultConfig | null = null;
  private random: () => number = seededRandom(1);
  /** Upcoming requests by position: the fault each gets, or null for the normal draw. */
  private readonly schedule: (FaultKind | null)[] = [];
  injected = 0;

  configure(config: FaultConfig | null): void {
    this.config = config;
    this.random = seededRandom(config?.seed ?? 1);
  }

  /** Forces `times` requests, after the next `after` ones, to get this fault, whatever the rate. */
  injectNext(kind: FaultKind, times = 1, after = 0): void {
    while (this.schedule.length < after) this.schedule.push(null);
    for (let i = 0; i < times; i += 1) this.schedule[after + i] = kind;
    for (let i = 0; i < this.schedule.length; i += 1) this.schedule[i] ??= null;
  }

  get slowMs(): number {
    return this.config?.slowMs ?? 1500;
  }

  draw(): FaultKind | null {
    const forced = this.schedule.shift();
    if (forced) {
      this.injected += 1;
      return forced;
    }
    if (!this.config || this.random() >= this.config.rate) return null;
    const kinds = this.config.kinds?.length ? this.config.kinds : faultKinds;
    this.injected += 1;
    return kinds[Math.floor(this.random() * kinds.length)] ?? null;
  }
}
