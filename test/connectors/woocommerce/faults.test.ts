import { CALL_ATTEMPTS, PlatformError } from '../../../src/connectors/platforms/errors';
import { createWooCommerceAdapter } from '../../../src/connectors/platforms/woocommerce';
import { sampleStore } from '../../support/canonical-fixtures';
import { type Harness, context, startHarness } from './harness';

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const err: unknown = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('WooCommerce adapter: authentication and faults', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ seed: { products: 3, customers: 2, orders: 2, categories: 2 } }, 400);
  });
  afterEach(() => h.sim.faults.clear());
  afterAll(() => h.sim.close());

  it('signs with OAuth 1.0a over http; a wrong secret is a permanent failure', async () => {
    expect(await h.adapter.probe()).toBe(`WooCommerce 9.4.0 at ${h.sim.url}`);
    const wrong = createWooCommerceAdapter({ kind: 'woocommerce', url: h.sim.url, consumerKey: 'x', consumerSecret: 'y' }, { consumerKey: h.sim.consumerKey, consumerSecret: 'cs_wrong' });
    const err = await failure(wrong.probe());
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect(err.message).toContain('woocommerce_rest_authentication_error');
    const unknownKey = createWooCommerceAdapter({ kind: 'woocommerce', url: h.sim.url, consumerKey: 'x', consumerSecret: 'y' }, { consumerKey: 'ck_unknown', consumerSecret: h.sim.consumerSecret });
    expect(await failure(unknownKey.count('products'))).toMatchObject({ retryable: false, status: 401 });
  });

  it('retries a read within the call; persistent 429 (with Retry-After), 5xx, resets and timeouts surface as retryable', async () => {
    h.sim.faults.failNext('503');
    expect(await h.adapter.count('products')).toBe(3);
    h.sim.faults.configure({ retryAfterSeconds: 0.2 });
    h.sim.faults.failNext('429', CALL_ATTEMPTS);
    expect(await failure(h.adapter.count('products'))).toMatchObject({ retryable: true, status: 429, retryAfterMs: 200 });
    h.sim.faults.failNext('503', CALL_ATTEMPTS);
    expect(await failure(h.adapter.listPage('orders', null, 10))).toMatchObject({ retryable: true, status: 503 });
    h.sim.faults.failNext('reset', CALL_ATTEMPTS);
    expect(await failure(h.adapter.get('customers', '2'))).toMatchObject({ retryable: true, status: null });
    h.sim.faults.failNext('timeout', CALL_ATTEMPTS);
    expect(await failure(h.adapter.count('orders'))).toMatchObject({ retryable: true, status: null });
    // A write is not repeated after an ambiguous 502: it is thrown, for the activity to retry through the id map.
    h.sim.faults.failNext('502', 1, /\/batch$/);
    const [customer] = sampleStore().customers;
    expect(await failure(h.adapter.upsertBatch('customers', [{ entity: customer!, targetId: null }], context()))).toMatchObject({ retryable: true, status: 502 });
    expect(await h.adapter.count('products')).toBe(3);
  }, 30_000);

  it('keeps working through random faults at a given rate when the caller retries', async () => {
    h.sim.faults.configure({ rate: 0.3, kinds: ['429', '500', 'reset'], seed: 3 });
    let retries = 0;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      try {
        await h.adapter.listPage('products', null, 2);
        break;
      } catch (err) {
        expect(err).toMatchObject({ retryable: true });
        retries += 1;
      }
    }
    expect(retries).toBeLessThan(50);
  });

  it('refuses requests beyond the configured rate limit with 429', async () => {
    const limited = await startHarness({ rateLimit: { requestsPerSecond: 2 } });
    try {
      // Calls beyond the limit are refused with 429 and Retry-After; the adapter waits it out within the call.
      const counts = await Promise.all([1, 2, 3, 4].map(() => limited.adapter.count('products')));
      expect(counts).toEqual([0, 0, 0, 0]);
      // More requests arrived than calls were made: some were refused and tried again.
      expect(limited.sim.state.requestCount({ method: 'GET' })).toBeGreaterThan(4);
    } finally {
      await limited.sim.close();
    }
  });
});
