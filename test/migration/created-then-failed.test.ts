import { IdMapRepository } from '../../src/store/id-map-repository';
import type { TiendanubeSimulator } from '../../src/sandbox/tiendanube';
import { createDevEnv, useTestBed } from '../support/temporal';
import { shopifyFixture } from '../support/platforms/shopify';
import { tiendanubeFixture } from '../support/platforms/tiendanube';
import { migrateAndCheck } from '../support/platforms/round-trip';

const size = { categories: 2, products: 4, customers: 3, orders: 5 };

/**
 * A write that creates an entity and then fails on a later call of the same write (Tiendanube: the order, then
 * its `cutover.source_order` metafield, which is how findExisting recognises it) must not create it again when
 * retried: the failed result carries the id it created and the id map keeps it (`writing`), so the retry
 * updates that order. Before this, a 429 storm on the metafield left a second order on the target (the
 * benchmark's 336 orders for 300 migrated).
 */
describe('an entity created by a write that then failed is not created again by the retry', () => {
  const bed = useTestBed(createDevEnv);

  it('Tiendanube target: POST /metafields answered 429 (four times, past the in-call retries) and then 503 after the order was created', async () => {
    const source = await shopifyFixture.start({ seed: 8, size });
    const target = await tiendanubeFixture.start();
    try {
      const sim = (target as typeof target & { simulator: TiendanubeSimulator }).simulator;
      // Only the metafield's creation meets these (POST /metafields is the one call on that exact path), as
      // Tiendanube answers a throttled or failing request: nothing written.
      sim.failNext('429', 4, /^\/metafields$/);
      sim.failNext('503', 1, /^\/metafields$/);
      const check = await migrateAndCheck(bed.env, bed.store, source, target, 'created-then-failed-tiendanube');

      expect(check.reportProblems).toEqual([]);
      expect(check.differences).toEqual([]);
      expect(check.result.verification.ok).toBe(true);
      const entries = await new IdMapRepository(bed.store).list('created-then-failed-tiendanube', { entityType: 'orders' });
      expect(entries.map((e) => e.status)).toEqual(entries.map(() => 'migrated'));
      // What the simulator holds, not what the id map knows: one order per source order, no extra.
      expect(target.counts().orders).toBe(source.counts().orders);
      expect(new Set(entries.map((e) => e.targetId)).size).toBe(source.counts().orders);
      // The retried order was created by Cutover: remigration may delete it.
      expect(entries.every((e) => e.createdByCutover)).toBe(true);
    } finally {
      await source.close();
      await target.close();
    }
  }, 60_000);
});
