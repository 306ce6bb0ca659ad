import { platformNames } from '../../src/domain/catalog/platforms';
import { createDevEnv, useTestBed } from '../support/temporal';
import { platformFixtures } from '../support/platforms';
import { migrateAndCheck } from '../support/platforms/round-trip';
import type { CanonicalStore } from '../support/platforms';

/**
 * Orders the target refuses by design, with the reason (its descriptor's cannotCarry says so): Tiendanube writes
 * an order's lines from its own variants, so an order none of whose lines' products exists any more is refused.
 */
function refusedByDesign(target: string, source: CanonicalStore): string[] {
  if (target !== 'tiendanube') return [];
  const products = new Set(source.products.map((p) => p.sourceId));
  return source.orders.filter((o) => o.lineItems.every((l) => !l.productSourceId || !products.has(l.productSourceId))).map((o) => o.sourceId);
}

/**
 * The migration matrix: every ordered pair of the platforms Cutover supports, a small seeded store on the
 * source's simulator migrated by fullMigration on the real engine into an empty store on the target's, then
 * both read back through the adapters and compared entity by entity and field by field (what the target's
 * descriptor declares it cannot carry aside), with a clean verification report and the simulators' own counts equal.
 */
const pairs = platformFixtures.flatMap((source) => platformFixtures.filter((target) => target !== source).map((target) => [source.platform, target.platform, source, target] as const));

describe('the migration matrix: every ordered pair of platforms', () => {
  const bed = useTestBed(createDevEnv);

  it('covers every platform Cutover names, both ways', () => {
    expect(platformFixtures.map((f) => f.platform).sort()).toEqual([...platformNames].sort());
    expect(pairs).toHaveLength(platformNames.length * (platformNames.length - 1));
  });

  it.each(pairs)('%s → %s: every category, product, customer and order arrives once, field by field', async (from, to, sourceFixture, targetFixture) => {
    const source = await sourceFixture.start({ seed: 21 });
    const target = await targetFixture.start();
    try {
      const check = await migrateAndCheck(bed.env, bed.store, source, target, `matrix-${from}-to-${to}`);
      // Every refusal is reported with its reason, and only the ones the target declares.
      const refused = refusedByDesign(to, check.source);
      const orders = check.source.orders.length;
      expect(check.reportProblems).toEqual(refused.length ? [
        ...refused.map((id) => expect.stringMatching(new RegExp(`^orders ${id} failed: none of its \\d+ line\\(s\\) has a variant on the target`))),
        `orders: ${orders - refused.length} of ${orders} migrated`,
      ] : []);
      expect(check.differences).toEqual(refused.map((id) => `orders ${id}: not on the target (id map: none)`));
      expect(check.result.verification.ok).toBe(refused.length === 0);
      expect(target.counts()).toEqual({ ...source.counts(), orders: source.counts().orders - refused.length });
    } finally {
      await source.close();
      await target.close();
    }
  }, 180_000);
});
