import type { EntityOf, EntityType } from '../../../src/domain/catalog/entities';
import type { Platform } from '../../../src/domain/catalog/platforms';
import type { Connection } from '../../../src/domain/connections';

/** How big a seeded store is: small, so that a direction of the migration matrix runs in seconds. */
export interface StoreSize {
  categories: number;
  products: number;
  customers: number;
  orders: number;
}

export const SMALL_STORE: StoreSize = { categories: 4, products: 8, customers: 6, orders: 8 };

/** Every entity of a store, read back through its platform's adapter as canonical entities. */
export type CanonicalStore = { [T in EntityType]: EntityOf[T][] };

/** A platform's simulator, started for one test. */
export interface RunningPlatform {
  platform: Platform;
  /** The connection Cutover's configuration would hold for it (secrets inline: test values). */
  connection: Connection;
  /** Counts from the simulator's own state (not through the adapter under test). */
  counts(): Record<EntityType, number>;
  /** The whole store read through the registry's adapter for this connection. */
  readCanonical(): Promise<CanonicalStore>;
  close(): Promise<void>;
}

/**
 * One platform as the migration tests use it: start its simulator empty (a target) or seeded with a small
 * store (a source). The migration matrix runs every ordered pair of the fixtures in test/support/platforms.
 */
export interface PlatformFixture {
  platform: Platform;
  start(options?: { seed?: number; size?: StoreSize }): Promise<RunningPlatform>;
}
