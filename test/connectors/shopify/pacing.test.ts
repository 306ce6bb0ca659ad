import { CostPacer } from '../../../src/connectors/platforms/shopify';
import { context, customer, simulatorWithAdapter } from './support';

describe('Shopify cost accounting and pacing', () => {
  it('charges documented costs and shows them in extensions.cost', async () => {
    const { sim } = await simulatorWithAdapter({ plan: 'standard' });
    try {
      const post = async (query: string): Promise<{ extensions: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; restoreRate: number } } } }> => {
        const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': sim.accessToken }, body: JSON.stringify({ query }) });
        return (await response.json()) as never;
      };
      // A connection costs 2 plus its page size times the node's cost; scalars are free; objects cost 1.
      const list = await post('{ products(first: 10) { nodes { id title seo { title } } } }');
      expect(list.extensions.cost).toMatchObject({ requestedQueryCost: 2 + 10 * 2, actualQueryCost: 2, throttleStatus: { maximumAvailable: 1000, restoreRate: 100 } });
      const mutation = await post('mutation { customerCreate(input: { firstName: "Ana" }) { customer { id } userErrors { message } } }');
      expect(mutation.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
      expect(sim.state.costPointsSpent).toBe(12);
    } finally {
      await sim.close();
    }
  });

  it('keeps many writes under a tiny restore rate from looping on THROTTLED', async () => {
    // 40 points of bucket refilled at 400 points/s: a customer write (lookup + create) needs ~20 points.
    const { sim, adapter } = await simulatorWithAdapter({ rateLimit: { maximumAvailable: 40, restoreRate: 400 } });
    try {
      const items = Array.from({ length: 30 }, (_, i) => ({ entity: customer({ sourceId: `u${i}`, email: `c${i}@example.com`, phone: null }), targetId: null }));
      const results = await adapter.upsertBatch('customers', items, context());
      expect(results.every((r) => r.ok)).toBe(true);
      expect(sim.state.counts().customers).toBe(30);
      expect(sim.state.costPointsSpent).toBeGreaterThan(30 * 10);
      // The pacer learns each document's cost from the first answer; a throttle or two while it learns is fine.
      expect(sim.state.throttledCount).toBeLessThanOrEqual(3);
    } finally {
      await sim.close();
    }
  });

  it('shares one bucket estimate between concurrent callers', async () => {
    const { sim, adapter } = await simulatorWithAdapter({ rateLimit: { maximumAvailable: 30, restoreRate: 300 } });
    try {
      await Promise.all(Array.from({ length: 4 }, (_, worker) => adapter.upsertBatch('customers',
        Array.from({ length: 5 }, (__, i) => ({ entity: customer({ sourceId: `w${worker}-${i}`, email: `w${worker}-${i}@example.com`, phone: null }), targetId: null })), context())));
      expect(sim.state.counts().customers).toBe(20);
      expect(sim.state.throttledCount).toBeLessThanOrEqual(6);
    } finally {
      await sim.close();
    }
  });

  it('waits exactly until the bucket holds the cost', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new CostPacer(() => now, async (ms) => { waits.push(ms); now += ms; });
    pacer.observe({ maximumAvailable: 100, currentlyAvailable: 5, restoreRate: 50 });
    const release = await pacer.acquire(30);
    expect(waits).toEqual([500]);
    release();
    pacer.observe({ maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 50 });
    expect(pacer.delayFor(100)).toBe(2000);
    // A caller in flight holds its points until it answers: the next caller waits for those too.
    const inFlight = await (async () => { now += 1000; return pacer.acquire(10); })();
    expect(pacer.delayFor(100)).toBe(1200);
    inFlight();
    expect(pacer.delayFor(100)).toBe(1000);
  });
});
