import { CALL_ATTEMPTS, PlatformError } from '../../../src/connectors/platforms/errors';
import { createShopifyAdapter } from '../../../src/connectors/platforms/shopify';
import { shopifyConnectionSchema } from '../../../src/domain/connections';
import type { FaultKind } from '../../../src/sandbox/shopify';
import { context, customer, order, simulatorWithAdapter } from './support';

async function caught(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('expected a PlatformError');
}

describe('Shopify adapter error classification against injected faults', () => {
  it.each<[FaultKind, number | null]>([['http429', 429], ['http500', 500], ['http502', 502], ['http503', 503], ['reset', null], ['timeout', null]])(
    '%s on a read is retried within the call; when it persists it surfaces as a retryable PlatformError',
    async (kind, status) => {
      const { sim, adapter } = await simulatorWithAdapter({}, { timeoutMs: 300 });
      try {
        sim.state.injectNext(kind);
        expect(await adapter.count('products')).toBe(0);
        expect(sim.state.metrics.faultsInjected).toBe(1);
        sim.state.injectNext(kind, CALL_ATTEMPTS);
        const error = await caught(adapter.count('products'));
        expect(error).toMatchObject({ retryable: true, status });
        if (kind === 'http429') expect(error.retryAfterMs).toBe(2000);
        expect(await adapter.count('products')).toBe(0);
        expect(sim.state.metrics.faultsInjected).toBe(1 + CALL_ATTEMPTS);
      } finally {
        await sim.close();
      }
    },
    30_000,
  );

  it('a write is repeated within the call only after 429, never after an ambiguous 5xx', async () => {
    const { sim, adapter } = await simulatorWithAdapter();
    try {
      const item = (id: string) => [{ entity: customer({ sourceId: id, email: `${id}@example.com`, phone: null }), targetId: null }];
      // The lookup by email (a read) comes first, then customerCreate (the write).
      sim.state.injectNext('http429', 1, 1);
      const [throttled] = await adapter.upsertBatch('customers', item('t'), context());
      expect(throttled).toMatchObject({ ok: true, created: true });
      sim.state.injectNext('http503', 1, 1);
      await expect(adapter.upsertBatch('customers', item('u'), context())).rejects.toMatchObject({ retryable: true, status: 503 });
      expect(sim.state.metrics.faultsInjected).toBe(2);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('an order created whose cancellation then fails is reported with its id, so the retry does not create it again', async () => {
    const { sim, adapter } = await simulatorWithAdapter();
    try {
      const cancelled = order({ sourceId: 'c1', number: '5101', sourceStatus: 'cancelled', financialStatus: 'voided' });
      // orderCreate (no lookup: known absent), then orderCancel, which meets a 503 (a write: not repeated in the call).
      sim.state.injectNext('http503', 1, 1);
      const [failed] = await adapter.upsertBatch('orders', [{ entity: cancelled, targetId: null, knownAbsent: true }], context());
      expect(failed).toMatchObject({ ok: false, retryable: true, created: true, targetId: expect.stringMatching(/^gid:\/\/shopify\/Order\//) });
      expect(sim.state.counts().orders).toBe(1);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('a slow answer within the timeout is just slow', async () => {
    const { sim, adapter } = await simulatorWithAdapter({ faults: { rate: 1, kinds: ['slow'], slowMs: 50 } }, { timeoutMs: 2000 });
    try {
      expect(await adapter.count('customers')).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('in a batch, written items keep their results and the rest come back retryable', async () => {
    const { sim, adapter } = await simulatorWithAdapter();
    try {
      const items = ['a', 'b', 'c'].map((id) => ({ entity: customer({ sourceId: id, email: `${id}@example.com`, phone: null }), targetId: null }));
      // A failure before anything was written is the caller's to retry, with backoff.
      sim.state.injectNext('http503', CALL_ATTEMPTS);
      await expect(adapter.upsertBatch('customers', items, context())).rejects.toMatchObject({ retryable: true, status: 503 });
      // "a" is looked up and created, then the lookup of "b" fails however often it is tried.
      sim.state.injectNext('http503', CALL_ATTEMPTS, 2);
      const results = await adapter.upsertBatch('customers', items, context());
      expect(results.map((r) => [r.sourceId, r.ok, r.ok ? r.created : r.retryable])).toEqual([['a', true, true], ['b', false, true], ['c', false, true]]);
      // The retry finds "a" by email instead of creating it twice.
      const retried = await adapter.upsertBatch('customers', items, context());
      expect(retried.map((r) => r.ok && r.created)).toEqual([false, true, true]);
      expect(sim.state.counts().customers).toBe(3);
    } finally {
      await sim.close();
    }
  });

  it('a wrong token is a permanent error; so is an invalid document', async () => {
    const { sim, adapter } = await simulatorWithAdapter();
    try {
      const connection = shopifyConnectionSchema.parse({ kind: 'shopify', shopDomain: sim.shopDomain, accessToken: 'x', endpoint: sim.url });
      const wrong = createShopifyAdapter(connection, { accessToken: 'shpat_wrong' });
      await expect(wrong.probe()).rejects.toMatchObject({ retryable: false, status: 401 });
      await expect(wrong.upsertBatch('customers', [{ entity: customer(), targetId: null }], context())).rejects.toMatchObject({ retryable: false, status: 401 });
      expect(() => createShopifyAdapter(connection, {})).toThrow(PlatformError);
      // A Shopify-side validation failure of a value: an unknown country code is not in CountryCode.
      const [result] = await adapter.upsertBatch('customers', [{ entity: customer({ addresses: [{ ...customer().addresses[0]!, countryCode: 'QQ' }] }), targetId: null }], context());
      expect(result).toMatchObject({ ok: false, retryable: false });
    } finally {
      await sim.close();
    }
  });
});
