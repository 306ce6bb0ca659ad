import { describe, expect, it } from '@jest/globals';
import { entityTypes } from '../../src/domain/catalog/entities';
import { orderStatusTableProblems, platformNames } from '../../src/domain/catalog/platforms';
import { connectionSchema } from '../../src/domain/connections';
import { allPlatforms, defaultOrderStatusMap, platformRegistry, resolveOrderStatusMap } from '../../src/connectors/platforms/registry';

/**
 * The domain names the platforms (it may not import connectors); the registry lists their descriptors. This
 * holds the two lists together and each descriptor to what the rest of the system relies on.
 */
describe('the platform registry', () => {
  it('registers exactly the platforms the domain names, each under its own name', () => {
    expect(Object.keys(platformRegistry).sort()).toEqual([...platformNames].sort());
    for (const [key, descriptor] of Object.entries(platformRegistry)) expect(descriptor.name).toBe(key);
  });

  it('gives every platform a connection kind of the same name', () => {
    const kinds = connectionSchema.options.map((o) => o.shape.kind.value as string);
    for (const name of platformNames) expect(kinds).toContain(name);
  });

  it('maps every order-status word of every platform to a canonical status and back', () => {
    for (const descriptor of allPlatforms()) expect(orderStatusTableProblems(descriptor.name, descriptor.orderStatuses)).toEqual([]);
  });

  it('describes what each platform reads, writes and cannot carry in terms of the canonical model', () => {
    for (const { name, capabilities, naturalKeys } of allPlatforms()) {
      for (const type of [...capabilities.reads, ...capabilities.writes]) expect(entityTypes).toContain(type);
      for (const uncarried of capabilities.cannotCarry) {
        expect(entityTypes).toContain(uncarried.entityType);
        expect(uncarried.reason.length).toBeGreaterThan(10);
      }
      expect(Object.keys(naturalKeys).sort()).toEqual([...entityTypes].sort());
      expect(capabilities.rateLimit).not.toBe('');
      expect(name).toMatch(/^[a-z]+$/);
    }
  });

  it('composes every pair\'s default map from the platforms\' own tables: every source word maps to a target word', () => {
    for (const source of allPlatforms()) {
      for (const target of allPlatforms()) {
        const map = defaultOrderStatusMap(source.name, target.name);
        expect(Object.keys(map).sort()).toEqual([...source.orderStatuses.vocabulary].sort());
        for (const word of Object.values(map)) expect(target.orderStatuses.vocabulary).toContain(word);
      }
    }
  });

  it('composes the same WooCommerce ⇄ Shopify maps as the hand-written pair tables it replaced', () => {
    expect(defaultOrderStatusMap('woocommerce', 'shopify')).toEqual({
      pending: 'pending', 'on-hold': 'pending', processing: 'paid', completed: 'fulfilled',
      cancelled: 'cancelled', refunded: 'refunded', failed: 'voided', 'checkout-draft': 'pending',
    });
    expect(defaultOrderStatusMap('shopify', 'woocommerce')).toEqual({
      pending: 'pending', authorized: 'on-hold', paid: 'processing', partially_paid: 'on-hold', fulfilled: 'completed',
      partially_fulfilled: 'processing', refunded: 'refunded', partially_refunded: 'processing', voided: 'cancelled', cancelled: 'cancelled',
    });
    // Same platform: every word keeps itself (canonical statuses are coarser than Shopify's own words).
    expect(defaultOrderStatusMap('shopify', 'shopify').voided).toBe('voided');
  });

  it('takes a migration\'s overrides on top and names every word a platform does not know', () => {
    const resolved = resolveOrderStatusMap('woocommerce', 'shopify', { 'on-hold': 'authorized', shipped: 'paid', completed: 'done' });
    expect(resolved.map['on-hold']).toBe('authorized');
    expect(resolved.problems).toEqual([
      expect.stringContaining('"shipped" is not a woocommerce order status'),
      expect.stringContaining('"done" is not a shopify order status'),
    ]);
  });
});
