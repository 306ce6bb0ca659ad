import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openStore, type Store } from '../../src/store/database';
import { createDevEnv } from '../support/temporal';
import { fixtureOf } from '../support/platforms';
import { migrateAndCheck } from '../support/platforms/round-trip';

/**
 * Tiendanube / Nuvemshop both ways on the real engine: small seeded stores migrated by fullMigration
 * through the real adapters and the protocol simulators, then read back from both sides and compared
 * entity by entity and field by field (what the target's descriptor says it cannot carry aside), with a
 * clean verification report.
 */
describe('fullMigration with Tiendanube', () => {
  let env: TestWorkflowEnvironment;
  let store: Store;
  beforeAll(async () => {
    env = await createDevEnv();
    store = await openStore({});
  });
  afterAll(async () => {
    await store?.destroy();
    await env?.teardown();
  });

  it('Tiendanube → Shopify: every category, product, customer and order arrives once, field by field', async () => {
    const source = await fixtureOf('tiendanube').start({ seed: 11 });
    const target = await fixtureOf('shopify').start();
    try {
      const check = await migrateAndCheck(env, store, source, target, 'tiendanube-to-shopify');
      expect(check.reportProblems).toEqual([]);
      expect(check.differences).toEqual([]);
      expect(check.result.verification.ok).toBe(true);
      expect(target.counts()).toEqual(source.counts());
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('WooCommerce → Tiendanube: every category, product, customer and order arrives once, field by field', async () => {
    const source = await fixtureOf('woocommerce').start({ seed: 7 });
    const target = await fixtureOf('tiendanube').start();
    try {
      const check = await migrateAndCheck(env, store, source, target, 'woo-to-tiendanube');
      expect(check.reportProblems).toEqual([]);
      expect(check.differences).toEqual([]);
      expect(check.result.verification.ok).toBe(true);
      expect(target.counts()).toEqual(source.counts());
    } finally {
      await source.close();
      await target.close();
    }
  });
});
