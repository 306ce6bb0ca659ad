import { SeededRandom } from '../shared/random';

/** What can go wrong between a client and Tiendanube's API, injected request by request. */
export type TiendanubeFault = '429' | '500' | '502' | '503' | '504' | 'reset';

export interface TiendanubeFaultOptions {
  /** Probability (0..1) that an API request meets a random fault; 0 (the default) turns them off. */
  rate?: number;
  /** Which faults random draws pick from; default all. */
  kinds?: TiendanubeFault[];
  /** Only requests whose path (below /v1/<store>) matches are eligible. */
  path?: RegExp;
  seed?: number;
}

const allFaults: TiendanubeFault[] = ['429', '500', '502', '503', '504', 'reset'];

/**
 * Faults for the next API requests: queued ones first (in order, optionally only for matching paths), then
 * random ones at the configured rate. The inspection routes (/__sandbox) never meet them.
 */
export class TiendanubeFaults {
  private readonly queued: { fault: TiendanubeFault; path: RegExp | null }[] = [];
  private options: { rate: number; kinds: TiendanubeFault[]; path: RegExp | null } = { rate: 0, kinds: allFaults, path: null };
  private random = new SeededRandom(1);

  configure(options: TiendanubeFaultOptions): void {
    this.options = { rate: options.rate ?? 0, kinds: options.kinds ?? allFaults, path: options.path ?? null };
    this.random = new SeededRandom(options.seed ?? 1);
  }

  failNext(fault: TiendanubeFault, count = 1, path?: RegExp): void {
    for (let i = 0; i < count; i += 1) this.queued.push({ fault, path: path ?? null });
  }

  clear(): void {
    this.queued.length = 0;
    this.options.rate = 0;
  }

  draw(path = ''): TiendanubeFault | null {
    const index = this.queued.findIndex((q) => !q.path || q.path.test(path));
    if (index >= 0) return this.queued.splice(index, 1)[0]?.fault ?? null;
    if (this.options.rate <= 0 || (this.options.path && !this.options.path.test(path))) return null;
    return this.random.next() < this.options.rate ? this.random.pick(this.options.kinds) : null;
  }
}
