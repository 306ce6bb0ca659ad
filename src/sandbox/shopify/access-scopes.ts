/**
 * The access scopes the merchant granted the app (simulator option `scopes`). Shopify's write scopes include
 * their read scope (write_products grants read_products); read_all_orders is its own grant and lifts the
 * 60-day limit on orders.
 */
export class AccessScopes {
  private granted: ReadonlySet<string>;

  constructor(scopes: readonly string[]) {
    this.granted = new Set(scopes);
  }

  /** As granted, for currentAppInstallation.accessScopes. */
  list(): string[] {
    return [...this.granted];
  }

  has(scope: string): boolean {
    return this.granted.has(scope) || (scope.startsWith('read_') && this.granted.has(`write_${scope.slice('read_'.length)}`));
  }

  replace(scopes: readonly string[]): void {
    this.granted = new Set(scopes);
  }
}

/**
 * What a store-migration app is granted by default: catalogue, customers, orders with their whole history,
 * fulfilments of merchant-managed fulfilment orders, locations and inventory.
 */
export const defaultScopes: readonly string[] = [
  'write_products', 'write_customers', 'write_orders', 'read_all_orders', 'write_merchant_managed_fulfillment_orders',
  'write_fulfillments', 'write_inventory', 'read_locations', 'write_files',
];
