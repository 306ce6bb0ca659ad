import { openStore, type Store } from '../../src/store/database';
import { IdMapRepository } from '../../src/store/id-map-repository';
import { migrateToLatest } from '../../src/store/migrations';
import { freshPostgresDatabase } from '../support/postgres';

/** The store speaks one dialect, PostgreSQL: the same tests run on embedded PGlite and on a real server. */
const backends: [string, () => Promise<Store>][] = [
  ['PGlite', () => openStore({})],
  ['PostgreSQL', async () => openStore({ url: await freshPostgresDatabase() })],
];

describe.each(backends)('the store on %s', (_name, open) => {
  let store: Store;
  beforeAll(async () => { store = await open(); });
  afterAll(async () => { await store?.destroy(); });

  it('applies migrations idempotently', async () => {
    expect(await migrateToLatest(store as never)).toEqual([]);
    const tables = await store.introspection.getTables();
    expect(tables.map((t) => t.name)).toContain('id_map');
  });

  it('records an entity once per source id and counts attempts', async () => {
    const ids = new IdMapRepository(store);
    const base = { migrationId: 'm1', entityType: 'product', sourceId: '42', contentHash: 'h1', syncedFields: { title: 'Mate ☕ «gourd»' }, error: null, createdByCutover: true };
    await ids.record({ ...base, targetId: null, status: 'failed', error: 'HTTP 503' });
    await ids.record({ ...base, targetId: 'gid://shopify/Product/1', status: 'migrated' });
    await ids.record({ ...base, targetId: null, status: 'failed', error: 'again' });
    const entry = await ids.find('m1', 'product', '42');
    expect(entry).toMatchObject({ targetId: 'gid://shopify/Product/1', status: 'failed', attempts: 3, createdByCutover: true, syncedFields: { title: 'Mate ☕ «gourd»' } });
    expect(await ids.list('m1', { status: 'failed' })).toHaveLength(1);
    expect(await ids.countByStatus('m1')).toEqual({ product: { migrated: 0, failed: 1, skipped: 0, writing: 0 } });
  });

  it('serialises concurrent transactions', async () => {
    const ids = new IdMapRepository(store);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.transaction().execute(async (trx) => {
      await new IdMapRepository(trx).record({ migrationId: 'm2', entityType: 'customer', sourceId: String(i), targetId: `t${i}`, contentHash: null, syncedFields: {}, status: 'migrated', error: null, createdByCutover: true });
    })));
    expect((await ids.list('m2')).length).toBe(20);
  });
});
