import { AccessScopes, defaultScopes } from './access-scopes';
import type { CollectionRecord, CustomerRecord, LocationRecord, OrderRecord, ProductRecord, VariantRecord, WebhookSubscriptionRecord } from './records';

export interface ShopInfo { name: string; domain: string; currencyCode: string; email: string; planDisplayName: string; shopifyPlus: boolean }

/** Without read_all_orders an app sees only the last 60 days' worth of orders (shopify.dev, Order object). */
export const ORDER_WINDOW_MS = 60 * 24 * 3600 * 1000;

/**
 * One shop's data in memory, and what the app installed on it was granted. Ids come from one counter per
 * resource, like Shopify's ever-growing numbers.
 */
export class ShopStore {
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly collections = new Map<number, CollectionRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly locations = new Map<number, LocationRecord>();
  readonly webhookSubscriptions = new Map<number, WebhookSubscriptionRecord>();
  private nextId = 1_000_001;
  private orderNumber = 1000;
  /** Shifts the simulated clock (entity timestamps only), so tests can separate "before" and "after". */
  private clockOffsetMs = 0;

  constructor(readonly shop: ShopInfo, readonly access: AccessScopes = new AccessScopes(defaultScopes)) {
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

  /**
   * Whether the app may see this order. Shopify's "last 60 days' worth of orders" does not say by which date;
   * the simulator is strict and wants both the creation and the processing date within the window.
   */
  orderVisible(order: OrderRecord): boolean {
    if (this.access.has('read_all_orders')) return true;
    const cutoff = Date.parse(this.now()) - ORDER_WINDOW_MS;
    return Date.parse(order.createdAt) >= cutoff && Date.parse(order.processedAt) >= cutoff;
  }

  /** An order by number, if the app may see it. */
  order(id: number | null): OrderRecord | undefined {
    const order = id === null ? undefined : this.orders.get(id);
    return order && this.orderVisible(order) ? order : undefined;
  }

  visibleOrders(): OrderRecord[] {
    return [...this.orders.values()].filter((o) => this.orderVisible(o));
  }

  primaryLocation(): LocationRecord {
    const first = [...this.locations.values()][0];
    if (!first) throw new Error('the shop has no location');
    return first;
  }
}
