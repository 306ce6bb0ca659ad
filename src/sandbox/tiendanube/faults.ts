/** What can go wrong between a client and Tiendanube's API, injected request by request. */
export type TiendanubeFault = '429' | '500' | '502' | '503' | '504' | 'reset';

/** Faults queued for the next API requests, in order; the inspection routes never meet them. */
export class TiendanubeFaults {
  private readonly queued: TiendanubeFault[] = [];

  failNext(fault: TiendanubeFault, count = 1): void {
    for (let i = 0; i < count; i += 1) this.queued.push(fault);
  }

  clear(): void {
    this.queued.length = 0;
  }

  draw(): TiendanubeFault | null {
    return this.queued.shift() ?? null;
  }
}
