import type { LeakyBucket, ThrottleStatus } from './bucket';
import type { FaultConfig, FaultInjector, FaultKind } from './faults';
import type { EndpointMetrics } from './graphql-endpoint';
import { parseGid } from './ids';
import type { CollectionRecord, CustomerRecord, OrderRecord, ProductRecord, VariantRecord } from './records';
import type { ShopStore } from './store';

export interface RecordsByType { products: ProductRecord; collections: CollectionRecord; customers: CustomerRecord; orders: OrderRecord; variants: VariantRecord }
export type RecordType = keyof RecordsByType;

const gidTypes: Record<RecordType, string> = { products: 'Product', collections: 'Collection', customers: 'Customer', orders: 'Order', variants: 'ProductVariant' };

/** What tests see of a running simulator: its data, its cost accounting and its fault switch. */
export class SimulatorState {
  constructor(
    readonly store: ShopStore,
    private readonly bucket: LeakyBucket,
    private readonly metricsSource: EndpointMetrics,
    private readonly faults: FaultInjector,
    private readonly documentsSource: ReadonlySet<string> = new Set(),
  ) {}

  /** Every distinct GraphQL document the simulator received (up to 2,000), for checking them against the official schema. */
  documents(): string[] {
    return [...this.documentsSource];
  }

  /** The access scopes the app holds from now on (e.g. a merchant who never granted read_all_orders). */
  setScopes(scopes: readonly string[]): void {
    this.store.access.replace(scopes);
  }

  list<T extends RecordType>(type: T): RecordsByType[T][] {
    return [...(this.store[type] as Map<number, RecordsByType[T]>).values()];
  }

  /** By Shopify global id (gid://shopify/Product/1) or by number. */
  get<T extends RecordType>(type: T, id: string | number): RecordsByType[T] | undefined {
    const number = typeof id === 'number' ? id : parseGid(id, gidTypes[type]);
    return number === null ? undefined : (this.store[type] as Map<number, RecordsByType[T]>).get(number);
  }

  counts(): Record<RecordType, number> {
    return {
      products: this.store.products.size, collections: this.store.collections.size, customers: this.store.customers.size,
      orders: this.store.orders.size, variants: this.store.variants.size,
    };
  }

  get metrics(): EndpointMetrics & { faultsInjected: number } {
    return { ...this.metricsSource, operations: { ...this.metricsSource.operations }, faultsInjected: this.faults.injected };
  }

  get costPointsSpent(): number {
    return this.metricsSource.costPointsSpent;
  }

  get throttledCount(): number {
    return this.metricsSource.throttled;
  }

  throttleStatus(): ThrottleStatus {
    return this.bucket.status();
  }

  setFaults(config: FaultConfig | null): void {
    this.faults.configure(config);
  }

  /** Gives `times` requests, after the next `after` ones, this fault. */
  injectNext(kind: FaultKind, times = 1, after = 0): void {
    this.faults.injectNext(kind, times, after);
  }

  /** Moves the shop's clock forward (timestamps of what is written next), e.g. to test updated_at filters. */
  advanceClock(ms: number): void {
    this.store.advanceClock(ms);
  }
}
