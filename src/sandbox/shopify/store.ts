import type { CollectionRecord, CustomerRecord, LocationRecord, OrderRecord, ProductRecord, VariantRecord } from './records';

export interface ShopInfo { name: string; domain: string; currencyCode: string; email: string; planDisplayName: string; shopifyPlus: boolean }

/** One shop's data in memory. Ids come from one counter per resource, like Shopify's ever-growing numbers. */
export class ShopStore {
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly collections = new Map<number, CollectionRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly locations = new Map<number, LocationRecord>();
  private nextId = 1_000_001;
  private orderNumber = 1000;
  /** Shifts the simulated clock (entity timestamps only), so tests can separate "before" and "after". */
  private clockOffsetMs = 0;

  constructor(readonly shop: ShopInfo) {
    const location = { id: this.newId(), name: 'Shop location' };
    this.locations.set(location.id, location);
  }

  newId(): number {
    return this.nextId++;
  }

  nextOrderName(): string {
    this.orderNumber += 1;
    return `#${this.orderNumber}`;
  }

  /** Shopify's DateTime values have whole seconds. */
  now(): string {
    return new Date(Date.now() + this.clockOffsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  primaryLocation(): LocationRecord {
    const first = [...this.locations.values()][0];
    if (!first) throw new Error('the shop has no location');
    return first;
  }
}
