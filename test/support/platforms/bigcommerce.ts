import { createBigCommerceAdapter } from '../../../src/connectors/platforms/bigcommerce';
import type { PlatformAdapter } from '../../../src/connectors/platforms/types';
import type { EntityOf, EntityType } from '../../../src/domain/catalog/entities';
import type { Connection } from '../../../src/domain/connections';
import { type BigCommerceSimulator, type BigCommerceSimulatorOptions, type SeedOptions, startBigCommerceSimulator } from '../../../src/sandbox/bigcommerce';
import { type PlatformFixture, SMALL_STORE as MATRIX_STORE } from './types';

/**
 * A BigCommerce store for migration tests: the simulator (seeded or empty), the connection a worker's
 * configuration holds for it, an adapter on it, and what it holds. The matrix and round-trip tests start
 * one per store.
 */
export interface BigCommerceStore {
  platform: 'bigcommerce';
  sim: BigCommerceSimulator;
  connection: Connection;
  adapter: PlatformAdapter;
  counts(): Record<EntityType, number>;
  /** Every entity of a type, read back through the adapter (all pages). */
  readAll<T extends EntityType>(type: T): Promise<EntityOf[T][]>;
  close(): Promise<void>;
}

/** A quota large enough that migration tests are not paced by it (BigCommerce Enterprise: by contract). */
export const TEST_QUOTA = { quota: 10_000, windowMs: 30_000 };


export async function startBigCommerceStore(options: { seed?: SeedOptions | false } & Omit<BigCommerceSimulatorOptions, 'seed'> = {}): Promise<BigCommerceStore> {
  const { seed, ...rest } = options;
  const sim = await startBigCommerceSimulator({ rateLimit: TEST_QUOTA, ...rest, ...(seed ? { seed } : {}) });
  const connection: Connection = { kind: 'bigcommerce', storeHash: sim.storeHash, accessToken: sim.accessToken, endpoint: sim.url };
  const adapter = createBigCommerceAdapter({ storeHash: sim.storeHash, endpoint: sim.url }, { accessToken: sim.accessToken }, { timeoutMs: 5000 });
  return {
    platform: 'bigcommerce',
    sim,
    connection,
    adapter,
    counts: () => sim.state.counts(),
    readAll: async <T extends EntityType>(type: T) => {
      const items: EntityOf[T][] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<PlatformAdapter['listPage']>> = await adapter.listPage(type, cursor, 250);
        if (page.rejected.length) throw new Error(`BigCommerce ${type} rejected on read: ${JSON.stringify(page.rejected)}`);
        items.push(...(page.items as EntityOf[T][]));
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
    close: () => sim.close(),
  };
}

/**
 * The migration matrix's fixture (test/support/platforms' PlatformFixture): an empty BigCommerce store, or
 * one seeded with a small store, read back through the adapter.
 */
export const bigcommerceFixture: PlatformFixture = {
  platform: 'bigcommerce',
  async start(options = {}) {
    const size = options.size ?? MATRIX_STORE;
    const store = await startBigCommerceStore(options.seed !== undefined ? { seed: { seed: options.seed, ...size } } : {});
    return {
      platform: 'bigcommerce',
      connection: store.connection,
      counts: store.counts,
      readCanonical: async () => ({
        categories: await store.readAll('categories'), products: await store.readAll('products'),
        customers: await store.readAll('customers'), orders: await store.readAll('orders'),
      }),
      close: store.close,
    };
  },
};
