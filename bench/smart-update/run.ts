import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createMigrationActivities, type PageRequest } from '../../src/activities/migration/migration-activities';
import { createPlatformProvider } from '../../src/activities/migration/platform-provider';
import { createReplatformActivities } from '../../src/activities/replatform/replatform-activities';
import type { SmartUpdateRequest } from '../../src/activities/replatform/smart-update';
import type { PageOutcome } from '../../src/domain/migration/progress';
import { ConnectionRegistry } from '../../src/config/secrets';
import type { SmartUpdateSummary } from '../../src/domain/replatform/sync-fields';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { openStore } from '../../src/store/database';
import { IdMapRepository } from '../../src/store/id-map-repository';
import { MigrationReportRepository } from '../../src/store/migration-report-repository';
import { SmartUpdateRepository } from '../../src/store/replatform-smart-update-repository';

export interface SmartUpdateBenchOptions {
  /** Products in the source catalogue (the issue's: 20,000). */
  products: number;
  /** Share of the products changed on the source before the smart-update run (the issue's: 1%). */
  changedShare?: number;
  /** Share of variable products (each with 2–4 variations, listed by their own request). Default 0.35. */
  variableRate?: number;
  /** Customers and orders in the source, each (default a tenth of the products): the same share of each is changed. */
  customers?: number;
  /** A PostgreSQL server for the id map; default PGlite in memory. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

/** One batch of the set-up migration: how many entities of a type, and how long they took. */
export interface MigrationBatch {
  type: string; index: number; entities: number; seconds: number; perSecond: number;
  /** CPU seconds of this process (bench, both simulators, the id map) in the batch: steadier than wall time on a shared machine. */
  cpuSeconds: number;
}

export interface SmartUpdateBenchReport {
  products: number;
  customers: number;
  orders: number;
  /** What changed on the source, by type (products: a price or stock; customers: an unsubscribe or a new name; orders: a payment, a cancellation, a tracking number). */
  changedByType: Record<'products' | 'customers' | 'orders', number>;
  /** The set-up migration's throughput per batch of 2,000 (a tenth for smaller runs): flat when the cost does not grow with the store. */
  batches: MigrationBatch[];
  variations: number;
  variableRate: number;
  changed: number;
  /** Source requests of the one smart-update run (its change filter's pages, and the changed products' variations). */
  smartUpdateRequests: number;
  smartUpdateBreakdown: Record<string, number>;
  /** Source requests of listing the whole catalogue once in pages of 100 with every product's variations. */
  fullRescanRequests: number;
  fullRescanBreakdown: Record<string, number>;
  /** smartUpdateRequests / fullRescanRequests: lower is better. */
  ratio: number;
  summary: Omit<SmartUpdateSummary, 'conflicts' | 'failures'>;
  /** Products the migration put in the id map (the smart update's knowledge of the target). */
  migrated: number;
  seconds: { seed: number; migration: number; fullRescan: number; smartUpdate: number };
  store: 'pglite' | 'postgresql';
}

const PAGE = 100;
const SOURCE = 'bench-source';
const TARGET = 'bench-target';
const MIGRATION_ID = 'bench-smart-update';

/** Groups "GET /products/123/variations" under "GET /products/:id/variations" so the breakdown stays short. */
function breakdown(sim: WooCommerceSimulator): Record<string, number> {
  const grouped: Record<string, number> = {};
  for (const [key, count] of Object.entries(sim.state.requestCounts())) {
    const route = key.replace(/\/\d+(?=\/|$)/g, '/:id');
    grouped[route] = (grouped[route] ?? 0) + count;
  }
  return grouped;
}

const seconds = (since: number): number => Math.round((performance.now() - since) / 100) / 10;

/**
 * Seeds a WooCommerce catalogue, migrates its products with the real migration activity into a second
 * WooCommerce simulator (the fastest real target: no rate limit), changes a share of the products on the
 * source, and counts the source requests of one run of the real smart-update activity against those of
 * listing the whole catalogue once (what a full rescan costs).
 */
export async function runSmartUpdateBench(options: SmartUpdateBenchOptions): Promise<SmartUpdateBenchReport> {
  const log = options.log ?? (() => undefined);
  const variableRate = options.variableRate ?? 0.35;
  const customerCount = options.customers ?? Math.max(10, Math.round(options.products / 10));
  const batchSize = options.products >= 20_000 ? 2_000 : Math.max(PAGE, Math.round(options.products / 10 / PAGE) * PAGE);
  const batches: MigrationBatch[] = [];
  let t = performance.now();
  const source = await startWooCommerceSimulator({
    seed: { seed: 7, categories: 20, products: options.products, customers: customerCount, orders: customerCount, variableRate, deletedProductRate: 0 },
  });
  const target = await startWooCommerceSimulator({ consumerKey: 'ck_target000000000000000000000000000000', consumerSecret: 'cs_target000000000000000000000000000000' });
  const store = await openStore(options.databaseUrl ? { url: options.databaseUrl } : {});
  try {
    const seedSeconds = seconds(t);
    log(`seeded ${source.state.count('products')} products with ${source.state.count('variations')} variations in ${seedSeconds} s`);
    const connections = new ConnectionRegistry({
      [SOURCE]: { kind: 'woocommerce', url: source.url, consumerKey: source.consumerKey, consumerSecret: source.consumerSecret },
      [TARGET]: { kind: 'woocommerce', url: target.url, consumerKey: target.consumerKey, consumerSecret: target.consumerSecret },
    });
    const platforms = createPlatformProvider(connections);
    const idMap = new IdMapRepository(store);
    const migration = createMigrationActivities({ platforms, idMap, reports: new MigrationReportRepository(store) });
    const replatform = createReplatformActivities({ platforms, idMap, runs: new SmartUpdateRepository(store), channels: { email: async () => ({ providerId: null }) } });
    // The migration's page retries (a category before its parent) are expected: not logged as warnings.
    const activity = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

    // The full migration's page activity, type by type, as the fullMigration workflow runs it.
    t = performance.now();
    for (const type of ['categories', 'products', 'customers', 'orders'] as const) {
      let cursor: string | null = null;
      let batchStart = performance.now();
      let batchCpu = process.cpuUsage();
      let batchEntities = 0;
      const closeBatch = (): void => {
        const took = (performance.now() - batchStart) / 1000;
        const cpu = process.cpuUsage(batchCpu);
        const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e5) / 10;
        const batch = { type, index: batches.filter((b) => b.type === type).length + 1, entities: batchEntities, seconds: Math.round(took * 10) / 10, perSecond: Math.round(batchEntities / Math.max(took, 0.001)), cpuSeconds };
        batches.push(batch);
        log(`migration batch ${type} #${batch.index}: ${batch.entities} in ${batch.seconds} s (${batch.perSecond}/s), ${batch.cpuSeconds} CPU s`);
        batchStart = performance.now();
        batchCpu = process.cpuUsage();
        batchEntities = 0;
      };
      do {
        const request: PageRequest = { migrationId: MIGRATION_ID, source: SOURCE, target: TARGET, type, cursor, pageSize: PAGE, concurrency: 8, statusMap: {}, matchExisting: false };
        // As the workflow's retry policy would: a child category written before its parent is retried.
        let outcome: PageOutcome | null = null;
        for (let attempt = 1; !outcome; attempt += 1) {
          outcome = await activity.run(migration.migratePage, request).catch((err: unknown): null => {
            if (attempt >= 5) throw err;
            return null;
          }) as PageOutcome | null;
        }
        cursor = outcome.nextCursor;
        batchEntities += outcome.done + outcome.skipped + outcome.failed;
        if (type !== 'categories' && (batchEntities >= batchSize || !cursor)) closeBatch();
      } while (cursor);
    }
    const migrationSeconds = seconds(t);
    const migrated = (await idMap.countByStatus(MIGRATION_ID, 'products')).products?.migrated ?? 0;
    // The source's own orders need their customers and products mapped: all are, the types ran in order.
    log(`migrated ${migrated} products in ${migrationSeconds} s`);

    // A full rescan: every page of 100 products (and every variable product's variations), customers and orders, counted.
    source.state.resetRequestCounts();
    t = performance.now();
    const adapter = platforms(SOURCE);
    for (const type of ['products', 'customers', 'orders'] as const) {
      let cursor: string | null = null;
      do cursor = (await adapter.listPage(type, cursor, PAGE)).nextCursor;
      while (cursor);
    }
    const fullRescanSeconds = seconds(t);
    const fullRescanRequests = source.state.requestCount();
    const fullRescanBreakdown = breakdown(source);

    // The changes: a new price and stock on an evenly spread share of the products (a variation's for a variable one).
    const since = new Date(Date.now() - 1000).toISOString();
    const products = source.state.list('products');
    const changeCount = Math.max(1, Math.round(products.length * (options.changedShare ?? 0.01)));
    const step = products.length / changeCount;
    const now = source.state.now();
    for (let i = 0; i < changeCount; i += 1) {
      const product = products[Math.floor(i * step)];
      if (!product) continue;
      const variation = product.type === 'variable' ? source.state.list('variations').find((v) => v.parent_id === product.id) : undefined;
      if (variation) source.state.patch('variations', variation.id, { regular_price: '4242.00', sale_price: '', date_modified_gmt: now });
      else source.state.patch('products', product.id, { regular_price: '4242.00', sale_price: '', date_modified_gmt: now });
      source.state.patch('products', product.id, { date_modified_gmt: now });
    }

    // The same share of customers (every other one unsubscribes, the rest get a new name) and orders (paid, cancelled or shipped).
    const share = options.changedShare ?? 0.01;
    const spread = <R>(all: R[]): R[] => {
      const n = all.length === 0 ? 0 : Math.max(1, Math.round(all.length * share));
      return Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)] as R);
    };
    const changedCustomers = spread(source.state.list('customers'));
    changedCustomers.forEach((c, i) => {
      if (i % 2 === 0) {
        source.state.patch('customers', c.id, {
          meta_data: [{ id: source.state.nextMetaId(), key: '_cutover_email_marketing_consent', value: 'unsubscribed' }, { id: source.state.nextMetaId(), key: '_cutover_email_marketing_consent_at', value: now }],
          date_modified_gmt: now,
        });
      } else {
        source.state.patch('customers', c.id, { first_name: `${c.first_name} B.`, date_modified_gmt: now });
      }
    });
    const changedOrders = spread(source.state.list('orders'));
    changedOrders.forEach((o, i) => {
      const tracking = { id: source.state.nextMetaId(), key: '_tracking_number', value: `BENCH${o.id}` };
      const change = [{ status: 'processing' as const }, { status: 'cancelled' as const }, { status: 'completed' as const, meta_data: [...o.meta_data.filter((m) => m.key !== '_tracking_number'), tracking] }][i % 3];
      source.state.patch('orders', o.id, { ...change, date_modified_gmt: now });
    });

    source.state.resetRequestCounts();
    t = performance.now();
    const request: SmartUpdateRequest = {
      replatformId: MIGRATION_ID, migrationId: MIGRATION_ID, source: SOURCE, target: TARGET, since,
      fields: { products: ['quantity', 'stockStatus', 'price'], orders: ['status', 'statusHistory', 'tracking'], customers: ['name', 'phone', 'addresses', 'tags', 'emailConsent', 'smsConsent'] },
      conflictPolicy: 'target-wins', statusMapOverrides: {}, pageSize: PAGE,
    };
    const result: SmartUpdateSummary = await activity.run(replatform.smartUpdate, request);
    const smartUpdateSeconds = seconds(t);
    const smartUpdateRequests = source.state.requestCount();
    const { conflicts: _c, failures, ...summary } = result;
    if (failures.length) log(`smart-update failures (first): ${JSON.stringify(failures.slice(0, 3))}`);
    return {
      customers: source.state.count('customers'), orders: source.state.count('orders'),
      changedByType: { products: changeCount, customers: changedCustomers.length, orders: changedOrders.length }, batches,
      products: products.length, variations: source.state.count('variations'), variableRate, changed: changeCount,
      smartUpdateRequests, smartUpdateBreakdown: breakdown(source), fullRescanRequests, fullRescanBreakdown,
      ratio: smartUpdateRequests / fullRescanRequests, summary, migrated,
      seconds: { seed: seedSeconds, migration: migrationSeconds, fullRescan: fullRescanSeconds, smartUpdate: smartUpdateSeconds },
      store: options.databaseUrl ? 'postgresql' : 'pglite',
    };
  } finally {
    await store.destroy();
    await source.close();
    await target.close();
  }
}
