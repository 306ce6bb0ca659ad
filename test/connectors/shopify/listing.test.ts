import type { EntityOf, EntityType } from '../../../src/domain/catalog/entities';
import type { Page } from '../../../src/connectors/platforms/types';
import type { ShopifyAdapter } from '../../../src/connectors/platforms/shopify/adapter';
import type { ShopifySimulator } from '../../../src/sandbox/shopify';
import { context, customer, simulatorWithAdapter } from './support';

async function readAll(adapter: ShopifyAdapter, type: EntityType, pageSize: number): Promise<{ ids: string[]; rejected: number; pages: number }> {
  const ids: string[] = [];
  let rejected = 0;
  let pages = 0;
  let cursor: string | null = null;
  do {
    const page: Page<EntityOf[EntityType]> = await adapter.listPage(type, cursor, pageSize);
    ids.push(...page.items.map((i) => i.sourceId));
    rejected += page.rejected.length;
    pages += 1;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { ids, rejected, pages };
}

describe('Shopify adapter reading a seeded synthetic store', () => {
  let sim: ShopifySimulator;
  let adapter: ShopifyAdapter;
  beforeAll(async () => {
    ({ sim, adapter } = await simulatorWithAdapter({ seed: { seed: 7, collections: 4, products: 14, customers: 25, orders: 12 } }));
  });
  afterAll(async () => { await sim?.close(); });

  it.each([['categories', 3], ['products', 5], ['customers', 10], ['orders', 5]] as const)('pages through every %s', async (type, pageSize) => {
    const total = await adapter.count(type);
    expect(total).toBe(sim.state.counts()[type === 'categories' ? 'collections' : type]);
    const { ids, rejected, pages } = await readAll(adapter, type, pageSize);
    expect(ids.length + rejected).toBe(total);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBeGreaterThan(1);
  });

  it('reads generated orders including guests and lines whose product is gone', async () => {
    const { ids } = await readAll(adapter, 'orders', 4);
    const orders = await Promise.all(ids.map((id) => adapter.get('orders', id)));
    expect(orders.some((o) => o?.customerSourceId === null)).toBe(true);
    expect(orders.some((o) => o?.lineItems.some((l) => l.productSourceId === null))).toBe(true);
  });

  it('lists only what changed since a time, with Shopify\'s updated_at filter', async () => {
    sim.state.advanceClock(60_000);
    const since = new Date(Date.now() + 60_000).toISOString();
    sim.state.advanceClock(5_000);
    const [written] = await adapter.upsertBatch('customers', [{ entity: customer({ sourceId: 'late', email: 'late@example.com', phone: null }), targetId: null }], context());
    const page = await adapter.listChangedSince('customers', since, null, 10);
    expect(page.items.map((c) => c.sourceId)).toEqual([written?.ok ? written.targetId : 'missing']);
    expect(page.nextCursor).toBeNull();
  });
});
