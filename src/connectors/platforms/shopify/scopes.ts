import type { EntityType } from '../../../domain/catalog/entities';

/**
 * The access scopes a migration needs from the Shopify app, by role and entity type, from the scopes
 * Shopify's schema names for each type and mutation the adapter uses (the contract test runs the adapter on
 * a simulator granted exactly these). Each need is met by any one of its scopes; a write scope includes its
 * read scope, as Shopify grants them.
 */
interface ScopeNeed { anyOf: readonly string[]; why: string }

const needs: Record<'source' | 'target', Record<EntityType, readonly ScopeNeed[]>> = {
  source: {
    categories: [{ anyOf: ['read_products'], why: 'collections' }],
    products: [{ anyOf: ['read_products'], why: 'products' }],
    customers: [{ anyOf: ['read_customers'], why: 'customers' }],
    orders: [
      { anyOf: ['read_orders'], why: 'orders' },
      { anyOf: ['read_all_orders'], why: 'orders older than 60 days: without it Shopify shows only the last 60 days, and the migration would carry those alone' },
      { anyOf: ['read_customers'], why: 'the customer of each order' },
      { anyOf: ['read_products'], why: 'the product variant of each order line' },
    ],
  },
  target: {
    categories: [{ anyOf: ['write_products'], why: 'collections' }],
    products: [
      { anyOf: ['write_products'], why: 'products' },
      { anyOf: ['read_locations', 'read_inventory'], why: 'the location that holds imported stock' },
    ],
    customers: [{ anyOf: ['write_customers'], why: 'customers' }],
    orders: [
      { anyOf: ['write_orders'], why: 'orders' },
      { anyOf: ['read_all_orders'], why: 'finding orders written before (a re-run, verification): imported history is older than 60 days, which Shopify hides without it' },
      {
        anyOf: ['write_merchant_managed_fulfillment_orders', 'write_assigned_fulfillment_orders', 'write_third_party_fulfillment_orders'],
        why: 'fulfilments with tracking of shipped orders',
      },
    ],
  },
};

const grants = (granted: ReadonlySet<string>, scope: string): boolean =>
  granted.has(scope) || (scope.startsWith('read_') && granted.has(`write_${scope.slice('read_'.length)}`));

/** What is missing for this role and these entity types, as "scope (what it is for)"; empty when all is granted. */
export function missingScopes(role: 'source' | 'target', types: readonly EntityType[], granted: ReadonlySet<string>): string[] {
  const missing = new Map<string, string[]>();
  for (const type of types) {
    for (const need of needs[role][type]) {
      if (need.anyOf.some((scope) => grants(granted, scope))) continue;
      const key = need.anyOf.join(' or ');
      missing.set(key, [...(missing.get(key) ?? []), need.why].filter((why, i, all) => all.indexOf(why) === i));
    }
  }
  return [...missing].map(([scope, why]) => `${scope} (${why.join('; ')})`);
}

/** Every scope a role needs for these types, one of each need: what a test grants a simulator. */
export function neededScopes(role: 'source' | 'target', types: readonly EntityType[]): string[] {
  return [...new Set(types.flatMap((type) => needs[role][type].map((need) => need.anyOf[0] as string)))];
}
