import { startWooCommerceSimulator } from '../../../src/sandbox/woocommerce';
import { readCanonical } from './read-store';
import { type PlatformFixture, SMALL_STORE } from './types';

export const woocommerceFixture: PlatformFixture = {
  platform: 'woocommerce',
  async start(options = {}) {
    const size = options.size ?? SMALL_STORE;
    const sim = await startWooCommerceSimulator(options.seed !== undefined ? { seed: { seed: options.seed, ...size } } : {});
    const connection = { kind: 'woocommerce' as const, url: sim.url, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret };
    return {
      platform: 'woocommerce', connection, readCanonical: () => readCanonical(connection), close: () => sim.close(),
      counts: () => ({ categories: sim.state.count('categories'), products: sim.state.count('products'), customers: sim.state.count('customers'), orders: sim.state.count('orders') }),
    };
  },
};
