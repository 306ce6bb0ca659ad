/** What a push service may answer instead of accepting: throttling, server errors, a dropped connection. */
export type PushFaultKind = '429' | '500' | '502' | '503' | 'reset';

export interface PushFaultOptions {
  /** Probability (0..1) that a push meets a fault; 0 turns random faults off. */
  rate?: number;
  kinds?: PushFaultKind[];
  retryAfterSeconds?: number;
}

/** Queued faults first, then random ones at the configured rate. */
export class PushFaultPlan {
  private rate = 0;
  private kinds: PushFaultKind[] = ['429', '500', '502', '503', 'reset'];
  private readonly queued: PushFaultKind[] = [];
  retryAfterSeconds = 1;

  configure(options: PushFaultOptions): void {
    this.rate = options.rate ?? 0;
    if (options.kinds) this.kinds = options.kinds;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }

  private readonly queuedFor = new Map<string, PushFaultKind[]>();

  failNext(kind: PushFaultKind, count = 1): void {
    for (let i = 0; i < count; i += 1) this.queued.push(kind);
  }

  /**
   * The next `count` pushes to one subscription (its endpoint URL or id) meet this fault; pushes to other
   * subscriptions go through. A push service spreads browsers over many nodes: one may be down while others answer.
   */
  failNextFor(endpoint: string, kind: PushFaultKind, count = 1): void {
    const id = endpoint.slice(endpoint.lastIndexOf('/') + 1);
    const queue = this.queuedFor.get(id) ?? [];
    for (let i = 0; i < count; i += 1) queue.push(kind);
    this.queuedFor.set(id, queue);
  }

  clear(): void {
    this.queued.length = 0;
    this.queuedFor.clear();
    this.rate = 0;
  }

  draw(subscriptionId?: string): PushFaultKind | null {
    const forThis = subscriptionId ? this.queuedFor.get(subscriptionId)?.shift() : undefined;
    if (forThis) return forThis;
    const next = this.queued.shift();
    if (next) return next;
    if (this.rate <= 0 || Math.random() >= this.rate) return null;
    return this.kinds[Math.floor(Math.random() * this.kinds.length)] ?? null;
  }
}
