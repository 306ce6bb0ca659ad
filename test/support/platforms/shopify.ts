import { DEFAULT_SHOPIFY_API_VERSION } from '../../../src/domain/connections';
import { startShopifySimulator } from '../../../src/sandbox/shopify';
import { readCanonical } from './read-store';
import { type PlatformFixture, SMALL_STORE } from './types';

export const shopifyFixture: PlatformFixture = {
  platform: 'shopify',
  async start(options = {}) {
    const size = options.size ?? SMALL_STORE;
    const sim = await startShopifySimulator({
      plan: 'plus',
      ...(options.seed !== undefined ? { seed: { seed: options.seed, collections: size.categories, products: size.products, customers: size.customers, orders: size.orders } } : {}),
    });
    const connection = { kind: 'shopify' as const, shopDomain: sim.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: sim.accessToken, endpoint: sim.url };
    return {
      platform: 'shopify', connection, readCanonical: () => readCanonical(connection), close: () => sim.close(),
      counts: () => {
        const counts = sim.state.counts() as Record<string, number>;
        return { categories: counts.collections ?? counts.categories ?? 0, products: counts.products ?? 0, customers: counts.customers ?? 0, orders: counts.orders ?? 0 };
      },
    };
  },
};
