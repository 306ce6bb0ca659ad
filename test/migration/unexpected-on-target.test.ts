import type { TiendanubeSimulator } from '../../src/sandbox/tiendanube';
import type { RecordedRequest } from '../../src/sandbox/tiendanube/server';
import { ConnectionRegistry } from '../../src/config/secrets';
import { MigrationReportRepository } from '../../src/store/migration-report-repository';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { MemoryPlatform, seededWooCommerce } from '../support/memory-platform';
import { createDevEnv, createTestWorker, uniqueTaskQueue, useTestBed } from '../support/temporal';
import { shopifyFixture } from '../support/platforms/shopify';
import { tiendanubeFixture } from '../support/platforms/tiendanube';
import { migrateAndCheck } from '../support/platforms/round-trip';

const size = { categories: 2, products: 4, customers: 3, orders: 5 };

/**
 * The read-back verifies only the entities the id map names, so an extra one on the target (a create that
 * happened twice, or someone else writing during the migration: the benchmark's 336 orders for 300 migrated)
 * went unseen and the report read clean. Verification now counts the target again and compares with the
 * preflight's count plus what this migration created; more than that is reported and the report is not ok.
 */
describe('verification notices entities on the target the migration did not account for', () => {
  const bed = useTestBed(createDevEnv);

  it('Tiendanube target: an order there before the migration is expected; one written by the merchant during it is reported', async () => {
    const source = await shopifyFixture.start({ seed: 8, size });
    const target = await tiendanubeFixture.start();
    try {
      const sim = (target as typeof target & { simulator: TiendanubeSimulator }).simulator;
      // There before the preflight: counted there, so not unexpected.
      sim.seedOrder();
      // The merchant's admin creates an order while the migration writes its first one (the simulator records
      // each request as it answers it): on the target after the preflight counted, and not in the id map.
      let written = false;
      const record = sim.requests.push.bind(sim.requests);
      sim.requests.push = (...requests: RecordedRequest[]): number => {
        if (!written && requests.some((r) => r.method === 'POST' && /\/orders$/.test(r.path) && r.status < 300)) {
          written = true;
          sim.seedOrder();
        }
        return record(...requests);
      };
      const migrationId = 'unexpected-on-target-tiendanube';
      const check = await migrateAndCheck(bed.env, bed.store, source, target, migrationId);

      expect(written).toBe(true);
      // Everything the migration wrote arrived as it should ...
      expect(check.differences).toEqual([]);
      expect(target.counts().orders).toBe(source.counts().orders + 2);
      // ... and the one extra order is reported, with its reason, and the report is not clean.
      expect(check.result.verification.ok).toBe(false);
      expect(check.result.verification.summary.orders).toMatchObject({ targetCount: source.counts().orders + 2, expectedOnTarget: source.counts().orders + 1, unexpectedOnTarget: 1 });
      expect(check.reportProblems).toEqual([
        'orders: 1 more orders on the target than were there before (1) plus those this migration created (5): duplicates, or written by someone else during the migration',
      ]);
      const report = await new MigrationReportRepository(bed.store).find(migrationId);
      expect(report?.ok).toBe(false);
      for (const type of ['categories', 'products', 'customers'] as const) expect(report?.entities[type]?.unexpectedOnTarget).toBe(0);
      expect(report?.entities.orders?.missingOnTarget).toEqual([]);
    } finally {
      await source.close();
      await target.close();
    }
  }, 60_000);

  it('a run again under the same migration id expects none of what its first run created a second time', async () => {
    const source = seededWooCommerce();
    const target = new MemoryPlatform('shopify');
    const run = async (): Promise<FullMigrationResult> => {
      const taskQueue = uniqueTaskQueue('unexpected-on-target');
      const platforms = (name: string) => (name === 'src' ? source : target);
      const worker = await createTestWorker(bed.env, { connections: new ConnectionRegistry({}), store: bed.store, platforms }, { taskQueue });
      return worker.runUntil(bed.env.client.workflow.execute('fullMigration', {
        taskQueue, workflowId: `migration-${taskQueue}`, args: [{ migrationId: 'mem-unexpected', source: { connection: 'src' }, target: { connection: 'dst' }, pageSize: 3 }],
      }));
    };
    const first = await run();
    expect(first.verification.ok).toBe(true);
    expect(first.verification.summary.orders).toMatchObject({ unexpectedOnTarget: 0 });

    // The second run's preflight counts the first run's orders on the target; right after it, an order appears
    // there twice (a copy under another id). The first run's creations are in the count already: expecting
    // them again would hide this one.
    const orders = source.data.orders.size;
    const count = target.count.bind(target);
    let duplicated = false;
    target.count = async (type) => {
      const counted = await count(type);
      if (type === 'orders' && !duplicated) {
        duplicated = true;
        const [order] = [...target.data.orders.values()];
        if (order) target.data.orders.set(`${order.sourceId}-again`, { ...order, sourceId: `${order.sourceId}-again` });
      }
      return counted;
    };
    const again = await run();
    expect(target.data.orders.size).toBe(orders + 1);
    expect(again.verification.ok).toBe(false);
    expect(again.verification.summary.orders).toMatchObject({ targetCount: orders + 1, expectedOnTarget: orders, unexpectedOnTarget: 1 });
    expect(again.verification.summary.products).toMatchObject({ unexpectedOnTarget: 0 });
  }, 60_000);
});
