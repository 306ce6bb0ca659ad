import { startTiendanubeSimulator } from '../../../src/sandbox/tiendanube';
import { readCanonical } from './read-store';
import { type PlatformFixture, SMALL_STORE } from './types';

/**
 * Tiendanube: its simulator with the documented 40-request bucket, leaking fast enough (50 a second) that a
 * test's few hundred calls are paced by the headers without waiting out the real 2 a second.
 */
export const tiendanubeFixture: PlatformFixture = {
  platform: 'tiendanube',
  async start(options = {}) {
    const size = options.size ?? SMALL_STORE;
    const sim = await startTiendanubeSimulator({
      leakPerSecond: 50, ...(options.seed !== undefined ? { seed: { seed: options.seed, ...size } } : {}),
    });
    const connection = {
      kind: 'tiendanube' as const, storeId: sim.storeId, accessToken: sim.accessToken, appSecret: 'test-app-secret',
      endpoint: sim.url, userAgent: 'Cutover tests (tests@cutover.invalid)',
    };
    return {
      platform: 'tiendanube', connection, counts: () => sim.counts(), readCanonical: () => readCanonical(connection), close: () => sim.close(), simulator: sim,
    };
  },
};
