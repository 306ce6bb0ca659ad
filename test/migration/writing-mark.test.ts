import type { EntityType } from '../../src/domain/catalog/entities';
import type { PlatformAdapter } from '../../src/connectors/platforms/types';
import { writeEntities, type WriteSettings } from '../../src/activities/migration/write-entities';
import { openStore, type Store } from '../../src/store/database';
import { IdMapRepository } from '../../src/store/id-map-repository';
import { defaultOrderStatusMap } from '../../src/connectors/platforms/registry';
import { sampleStore } from '../support/canonical-fixtures';
import { type Harness, startHarness } from '../connectors/woocommerce/harness';

/**
 * The natural-key lookup a new entity costs is skipped only where the id map proves nothing was written: the
 * target held none of the type at the start and this migration never marked the entity `writing`. Against the
 * WooCommerce simulator, whose order search is the lookup (orders have no unique key there to catch a duplicate).
 */
describe('the id map\'s writing mark: lookups only where an earlier attempt may have written', () => {
  let h: Harness;
  let store: Store;
  let ids: IdMapRepository;
  const data = sampleStore({ categories: 2, products: 3, customers: 3, orders: 4 });
  const settings = (migrationId: string, targetEmptyAtStart: boolean): WriteSettings => ({
    migrationId, statusMap: defaultOrderStatusMap('woocommerce', 'woocommerce'), concurrency: 2, matchExisting: true, targetEmptyAtStart,
  });
  const write = <T extends EntityType>(type: T, writer: PlatformAdapter, migrationId: string, targetEmptyAtStart: boolean, entities = data[type]) =>
    writeEntities(type, entities as never, writer, ids, settings(migrationId, targetEmptyAtStart), { recordTransientAsFailed: false });
  /** The catalogue and the customers the orders refer to; categories one by one, parents first. */
  const writeReferenced = async (migrationId: string, targetEmptyAtStart: boolean) => {
    for (const category of data.categories) await write('categories', h.adapter, migrationId, targetEmptyAtStart, [category]);
    for (const type of ['products', 'customers'] as const) await write(type, h.adapter, migrationId, targetEmptyAtStart);
  };
  const orderSearches = () => h.sim.state.requestCount({ method: 'GET', path: '/orders' });

  let m1 = '';
  let m2 = '';
  beforeAll(async () => {
    store = await openStore({});
    ids = new IdMapRepository(store);
  });
  afterAll(() => store.destroy());
  beforeEach(async () => {
    h = await startHarness();
    [m1, m2] = [`m1-${expect.getState().currentTestName ?? ''}`, `m2-${expect.getState().currentTestName ?? ''}`];
    await writeReferenced(m1, true);
  });
  afterEach(() => h.sim.close());

  it('an empty target and no row: no lookup; a crash after the target wrote: the next attempt looks the marked ones up and duplicates nothing', async () => {
    // The process dies after WooCommerce created the orders and before the id map recorded them.
    const dying = new Proxy(h.adapter, {
      get: (target, key, receiver) => (key === 'upsertBatch'
        ? async (...args: Parameters<PlatformAdapter['upsertBatch']>) => { await target.upsertBatch(...args); throw new Error('worker killed'); }
        : Reflect.get(target, key, receiver)),
    });
    h.sim.state.resetRequestCounts();
    await expect(write('orders', dying, m1, true)).rejects.toThrow('worker killed');
    expect(orderSearches()).toBe(0);
    expect(h.sim.state.count('orders')).toBe(data.orders.length);
    expect((await ids.countByStatus(m1, 'orders')).orders).toMatchObject({ writing: data.orders.length, migrated: 0 });

    const retried = await write('orders', h.adapter, m1, true);
    expect(orderSearches()).toBeGreaterThanOrEqual(data.orders.length);
    expect(retried).toMatchObject({ done: data.orders.length, failed: 0 });
    expect(h.sim.state.count('orders')).toBe(data.orders.length);
    expect((await ids.countByStatus(m1, 'orders')).orders).toMatchObject({ writing: 0, migrated: data.orders.length });
    // Found by the lookup, yet created by the crashed attempt: still this migration's (remigration may delete them,
    // verification's expected count on the target includes them).
    expect((await ids.list(m1, { entityType: 'orders' })).map((e) => e.createdByCutover)).toEqual(data.orders.map(() => true));
  });

  it('a target that held orders at the start (a second migration into it): every new entity is looked up and updated, not created again', async () => {
    await write('orders', h.adapter, m1, true);
    h.sim.state.resetRequestCounts();
    // A new migration id knows nothing of the first one's writes; the preflight saw orders on the target.
    await writeReferenced(m2, false);
    const second = await write('orders', h.adapter, m2, false);
    expect(orderSearches()).toBeGreaterThanOrEqual(data.orders.length);
    expect(second).toMatchObject({ done: data.orders.length, failed: 0 });
    expect(h.sim.state.count('orders')).toBe(data.orders.length);
    // Found there before this migration wrote: not its creations.
    expect((await ids.list(m2, { entityType: 'orders' })).map((e) => e.createdByCutover)).toEqual(data.orders.map(() => false));
  });
});
