/**
 * What can go wrong between a client and Twilio's API: throttling (429, code 20429), server errors, slow
 * answers and dropped connections. The `accept-then-*` faults happen after Twilio has created the message
 * (it is queued and will be delivered): the answer never comes (`hang`: the client's timeout ends it) or the
 * connection drops (`reset`). The client cannot tell these from the same faults before creation.
 */
export type TwilioFaultKind = '429' | '500' | '503' | 'slow' | 'reset' | 'accept-then-hang' | 'accept-then-reset';

export interface TwilioFaultOptions {
  /** Probability (0..1) that a request meets a fault; 0 turns random faults off. */
  rate?: number;
  kinds?: TwilioFaultKind[];
  /** Delay of a 'slow' answer. */
  slowMs?: number;
  /** Retry-After sent with an injected 429. */
  retryAfterSeconds?: number;
  seed?: number;
}

// Random faults by default are the ones a client may retry blindly; the accept-then-* ones are asked for by name.
const allKinds: TwilioFaultKind[] = ['429', '500', '503', 'slow', 'reset'];

/** mulberry32: a few lines of deterministic randomness, so a seeded fault run repeats exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides request by request which fault, if any, to inject: queued ones first, then random ones. */
export class TwilioFaultPlan {
  private rate = 0;
  private kinds = allKinds;
  private random = seeded(1);
  private readonly queued: TwilioFaultKind[] = [];
  slowMs = 1500;
  retryAfterSeconds = 1;

  configure(options: TwilioFaultOptions): void {
    this.rate = options.rate ?? 0;
    this.kinds = options.kinds ?? allKinds;
    this.slowMs = options.slowMs ?? 1500;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.random = seeded(options.seed ?? 1);
  }

  /** The next `count` API requests meet this fault, whatever the rate. */
  failNext(kind: TwilioFaultKind, count = 1): void {
    for (let i = 0; i < count; i += 1) this.queued.push(kind);
  }

  clear(): void {
    this.queued.length = 0;
    this.rate = 0;
  }

  draw(): TwilioFaultKind | null {
    const next = this.queued.shift();
    if (next) return next;
    if (this.rate <= 0 || this.random() >= this.rate) return null;
    return this.kinds[Math.floor(this.random() * this.kinds.length)] ?? null;
  }
}
